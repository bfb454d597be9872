/// One exported function of a native procedure library, bound to the prepared call interface of
/// its signature. Calls are made from any thread; the arguments live on the caller's stack.
// The function pointer is an immutable address in a library that is never unloaded.
public struct NativeProcedure: @unchecked Sendable {
    public let library: NativeLibrary
    public let symbol: String
    public let interface: FFICallInterface
    let function: UnsafeRawPointer

    public init(library: NativeLibrary, symbol: String, function: UnsafeRawPointer, interface: FFICallInterface) {
        self.library = library
        self.symbol = symbol
        self.function = function
        self.interface = interface
    }

    /// One argument value in its C type (``NativeArgumentKind`` order must match the interface).
    public enum Argument: Sendable, Hashable {
        case int16(Int16)
        case int32(Int32)
        case int64(Int64)
        case float(Float)
        case double(Double)
        /// A `const char *`: the UTF-8 bytes of the string, NUL-terminated; nil passes NULL.
        case string(String?)
    }

    /// Calls the function with `arguments` (which must match the interface's kinds) and returns
    /// its result: 0 for success, otherwise the procedure's error number. Strings are copied into
    /// one stack buffer for the call; nothing is allocated on the heap for the call itself.
    public func call(_ arguments: [Argument]) -> Int32 {
        let count = arguments.count
        var stringBytes = 0
        for case .string(let text?) in arguments { stringBytes += text.utf8.count + 1 }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(count, 1)) { slots in
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: max(count, 1)) { pointers in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(stringBytes, 1)) { text in
                    var textOffset = 0
                    for (index, argument) in arguments.enumerated() {
                        let slot = UnsafeMutableRawPointer(slots.baseAddress.unsafelyUnwrapped + index)
                        pointers[index] = slot
                        switch argument {
                        case .int16(let value): slot.storeBytes(of: value, as: Int16.self)
                        case .int32(let value): slot.storeBytes(of: value, as: Int32.self)
                        case .int64(let value): slot.storeBytes(of: value, as: Int64.self)
                        case .float(let value): slot.storeBytes(of: value, as: Float.self)
                        case .double(let value): slot.storeBytes(of: value, as: Double.self)
                        case .string(nil): slot.storeBytes(of: nil, as: UnsafeRawPointer?.self)
                        case .string(var value?):
                            let start = text.baseAddress.unsafelyUnwrapped + textOffset
                            let length = value.withUTF8 { utf8 in
                                if let source = utf8.baseAddress, !utf8.isEmpty {
                                    UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: utf8.count)
                                }
                                return utf8.count
                            }
                            start[length] = 0
                            textOffset += length + 1
                            slot.storeBytes(of: UnsafeRawPointer(start), as: UnsafeRawPointer?.self)
                        }
                    }
                    return interface.call(function, arguments: pointers.baseAddress.unsafelyUnwrapped)
                }
            }
        }
    }
}
