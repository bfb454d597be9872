import CFFI

/// The C types a native procedure's arguments can have.
public enum NativeArgumentKind: Sendable, Hashable {
    case int16, int32, int64, float, double
    /// `const char *` (UTF-8, NUL-terminated, or NULL).
    case pointer
}

/// Why libffi could not prepare a call.
public enum FFIPreparationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ffi_prep_cif` refused the signature (libffi's status number).
    case rejected(status: Int)

    public var description: String {
        switch self {
        case .rejected(let status): "libffi could not prepare the call (ffi_prep_cif returned \(status))"
        }
    }
}

/// A prepared libffi call interface (`ffi_cif`) for `int32_t f(arguments…)`: the one place
/// pipehost touches libffi.
///
/// Preparing a cif costs far more than calling through it, so each signature is prepared once and
/// cached (``FFICallInterfaceCache``). A prepared cif is never written again, so one instance
/// serves calls from any number of threads at once.
public final class FFICallInterface: @unchecked Sendable {
    /// The argument types, in order.
    public let kinds: [NativeArgumentKind]
    private let cif: UnsafeMutablePointer<ffi_cif>
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>

    public init(kinds: [NativeArgumentKind]) throws(FFIPreparationError) {
        self.kinds = kinds
        cif = .allocate(capacity: 1)
        argumentTypes = .allocate(capacity: max(kinds.count, 1))
        for (index, kind) in kinds.enumerated() {
            argumentTypes[index] =
                switch kind {
                case .int16: pipehost_ffi_type_sint16()
                case .int32: pipehost_ffi_type_sint32()
                case .int64: pipehost_ffi_type_sint64()
                case .float: pipehost_ffi_type_float()
                case .double: pipehost_ffi_type_double()
                case .pointer: pipehost_ffi_type_pointer()
                }
        }
        let status = ffi_prep_cif(
            cif, pipehost_ffi_default_abi(), UInt32(kinds.count), pipehost_ffi_type_sint32(), argumentTypes)
        guard status == FFI_OK else {
            cif.deallocate()
            argumentTypes.deallocate()
            throw .rejected(status: Int(status.rawValue))
        }
    }

    deinit {
        cif.deallocate()
        argumentTypes.deallocate()
    }

    /// Calls `function` (an `int32_t f(…)` matching ``kinds``) with `arguments`: one pointer per
    /// argument to a value of that argument's C type. Returns what the function returned.
    @inline(__always)
    public func call(_ function: UnsafeRawPointer, arguments: UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Int32 {
        // libffi widens small integer results to a full register (ffi_arg).
        var result: ffi_arg = 0
        ffi_call(cif, unsafeBitCast(function, to: (@convention(c) () -> Void).self), &result, arguments)
        return Int32(truncatingIfNeeded: result)
    }
}
