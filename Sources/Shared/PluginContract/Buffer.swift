import PipehostPluginABI

/// Making, reading and releasing `ph_buffer`s the way the header requires: whoever allocates
/// provides the release, the receiver calls it exactly once, and release clears the pointer.
extension ph_buffer {
    /// A buffer that owns a copy of `bytes` and frees it in its release function.
    public static func owning(_ bytes: some Collection<UInt8>) -> ph_buffer {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(fromContentsOf: bytes)
        var buffer = ph_buffer()
        buffer.struct_size = StructLayout.bufferSize
        buffer.data = UnsafePointer(storage.baseAddress)
        buffer.length = UInt64(bytes.count)
        buffer.release = { buffer in
            guard let buffer else { return }
            UnsafeMutableRawPointer(mutating: buffer.pointee.data)?.deallocate()
            buffer.pointee.data = nil
            buffer.pointee.length = 0
            buffer.pointee.release = nil
        }
        return buffer
    }

    /// True for the all-zero buffer that means "nothing here".
    public var isUnset: Bool {
        struct_size == 0 && data == nil && length == 0 && release == nil
    }
}

extension UnsafeMutablePointer where Pointee == ph_buffer {
    /// Calls the buffer's release (when set) and leaves the buffer all zero, so a second call does
    /// nothing.
    public func releaseBuffer() {
        if let release = pointee.release { release(self) }
        pointee = ph_buffer()
    }
}
