import Synchronization

/// Prepared call interfaces by signature: every procedure with the same argument types shares one.
public final class FFICallInterfaceCache: Sendable {
    private let interfaces = Mutex<[[NativeArgumentKind]: FFICallInterface]>([:])

    public init() {}

    /// The prepared interface for `kinds`, prepared on first use.
    public func interface(for kinds: [NativeArgumentKind]) throws(FFIPreparationError) -> FFICallInterface {
        if let cached = interfaces.withLock({ $0[kinds] }) { return cached }
        let prepared = try FFICallInterface(kinds: kinds)
        return interfaces.withLock { interfaces in
            if let cached = interfaces[kinds] { return cached }
            interfaces[kinds] = prepared
            return prepared
        }
    }

    /// How many signatures have been prepared.
    public var count: Int { interfaces.withLock { $0.count } }
}
