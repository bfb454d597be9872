import PipehostPluginABI

/// Struct sizes and the Swift twin of the header's `PH_HAS_FIELD`.
///
/// Every ABI struct starts with `uint32_t struct_size` and only grows at its end, so a reader asks
/// whether the other side's struct is large enough to hold a field before it touches the field.
public enum StructLayout {
    /// True when a struct of type `Root` whose `struct_size` is `structSize` holds `field`, as
    /// `PH_HAS_FIELD(ptr, Root, field)` says in C.
    public static func hasField<Root, Value>(_ field: KeyPath<Root, Value>, structSize: UInt32) -> Bool {
        guard let offset = MemoryLayout<Root>.offset(of: field) else { return false }
        return Int(structSize) >= offset + MemoryLayout<Value>.size
    }

    /// `sizeof(T)` as the `uint32_t` that `struct_size` fields hold.
    public static func size<T>(of type: T.Type) -> UInt32 {
        UInt32(MemoryLayout<T>.size)
    }

    /// `sizeof(ph_buffer)`: buffers are embedded by value in `ph_result` and therefore frozen.
    public static let bufferSize = size(of: ph_buffer.self)
    /// The size of `ph_plugin` as ABI 1.0 defines it; a smaller table is corrupt.
    public static let pluginTableSize = size(of: ph_plugin.self)
    /// The size of `ph_activity_descriptor` as ABI 1.0 defines it.
    public static let activityDescriptorSize = size(of: ph_activity_descriptor.self)
    /// The size of `ph_result` as ABI 1.0 defines it.
    public static let resultSize = size(of: ph_result.self)
    /// The size of `ph_call_context` as ABI 1.0 defines it.
    public static let callContextSize = size(of: ph_call_context.self)
    /// The size of `ph_host_services` as ABI 1.0 defines it.
    public static let hostServicesSize = size(of: ph_host_services.self)
    /// The size of `ph_ext_host_info`.
    public static let hostInfoSize = size(of: ph_ext_host_info.self)
}
