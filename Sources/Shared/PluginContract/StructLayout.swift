import PipehostPluginABI

/// Struct sizes, the compatibility rule and the Swift twin of the header's `PH_HAS_FIELD`.
///
/// Every ABI struct starts with `uint32_t struct_size` and only grows at its end. A struct this
/// side writes carries this build's own size (``pluginTableSize`` and its siblings); a struct the
/// other side wrote is accepted when ``isCompatible(structSize:frozenSize:)`` says its size covers
/// ABI 1.0's layout (``FrozenSize``), and a field a later minor appended is touched only when
/// ``hasField(_:structSize:)`` finds it.
public enum StructLayout {
    /// True when a struct of type `Root` whose `struct_size` is `structSize` holds `field`, as
    /// `PH_HAS_FIELD(ptr, Root, field)` says in C.
    public static func hasField<Root, Value>(_ field: KeyPath<Root, Value>, structSize: UInt32) -> Bool {
        guard let offset = MemoryLayout<Root>.offset(of: field) else { return false }
        return Int(structSize) >= offset + MemoryLayout<Value>.size
    }

    /// The header's `ph_struct_size_is_compatible`: a struct the other side allocated or filled is
    /// usable when its `struct_size` is at least its frozen ABI 1.0 size, whatever minor the other
    /// side was built for.
    public static func isCompatible(structSize: UInt32, frozenSize: UInt32) -> Bool {
        ph_struct_size_is_compatible(structSize, frozenSize) != 0
    }

    /// The header's `ph_buffer_size_is_valid`: a set buffer has exactly the frozen size.
    public static func isValidBuffer(structSize: UInt32) -> Bool {
        ph_buffer_size_is_valid(structSize) != 0
    }

    /// A copy of the struct at `pointer` made of only the bytes its `struct_size` (its first
    /// field) covers; fields beyond them, which a later minor than the writer's appended, read as
    /// zero. Never reads past the other side's struct, however much larger this build's is.
    public static func copy<T>(of pointer: UnsafePointer<T>) -> T {
        let source = UnsafeRawPointer(pointer)
        let covered = min(Int(source.loadUnaligned(as: UInt32.self)), MemoryLayout<T>.size)
        let target = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        defer { target.deallocate() }
        target.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        target.copyMemory(from: source, byteCount: covered)
        return target.load(as: T.self)
    }

    /// `sizeof(T)` as the `uint32_t` that `struct_size` fields hold.
    public static func size<T>(of type: T.Type) -> UInt32 {
        UInt32(MemoryLayout<T>.size)
    }

    /// The size each struct had in ABI 1.0 (`PH_<STRUCT>_SIZE_1_0`): the least `struct_size` a
    /// reader accepts from the other side. Frozen: later minors only make structs larger.
    public enum FrozenSize {
        /// `PH_BUFFER_SIZE_1_0`; buffers never grow.
        public static let buffer: UInt32 = PH_BUFFER_SIZE_1_0
        /// `PH_RESULT_SIZE_1_0`.
        public static let result: UInt32 = PH_RESULT_SIZE_1_0
        /// `PH_CALL_CONTEXT_SIZE_1_0`.
        public static let callContext: UInt32 = PH_CALL_CONTEXT_SIZE_1_0
        /// `PH_HOST_SERVICES_SIZE_1_0`.
        public static let hostServices: UInt32 = PH_HOST_SERVICES_SIZE_1_0
        /// `PH_EXT_HOST_INFO_SIZE_1_0`.
        public static let hostInfo: UInt32 = PH_EXT_HOST_INFO_SIZE_1_0
        /// `PH_ACTIVITY_DESCRIPTOR_SIZE_1_0`.
        public static let activityDescriptor: UInt32 = PH_ACTIVITY_DESCRIPTOR_SIZE_1_0
        /// `PH_PLUGIN_SIZE_1_0`.
        public static let pluginTable: UInt32 = PH_PLUGIN_SIZE_1_0
    }

    // This build's own sizes: what a writer puts in the struct_size of a struct it allocates.

    /// `sizeof(ph_buffer)`: buffers are embedded by value in `ph_result` and therefore frozen.
    public static let bufferSize = size(of: ph_buffer.self)
    /// `sizeof(ph_plugin)` in this build.
    public static let pluginTableSize = size(of: ph_plugin.self)
    /// `sizeof(ph_activity_descriptor)` in this build.
    public static let activityDescriptorSize = size(of: ph_activity_descriptor.self)
    /// `sizeof(ph_result)` in this build.
    public static let resultSize = size(of: ph_result.self)
    /// `sizeof(ph_call_context)` in this build.
    public static let callContextSize = size(of: ph_call_context.self)
    /// `sizeof(ph_host_services)` in this build.
    public static let hostServicesSize = size(of: ph_host_services.self)
    /// `sizeof(ph_ext_host_info)` in this build.
    public static let hostInfoSize = size(of: ph_ext_host_info.self)
}
