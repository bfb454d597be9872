/// Which executor serves which activity type. Built-in control activities and loaded plugins are
/// registered the same way; the plugin loader has already settled duplicate claims.
public struct ActivityRegistry: Sendable {
    /// Why an executor could not be registered.
    public enum RegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Two executors claim the same activity type.
        case duplicateType(String, first: ActivityTypeDescriptor.Origin, second: ActivityTypeDescriptor.Origin)

        public var description: String {
            switch self {
            case .duplicateType(let type, let first, let second):
                "activity type '\(type)' is claimed twice: by \(first) and by \(second)"
            }
        }
    }

    private var executors: [String: any ActivityExecutor] = [:]

    public init() {}

    public init(_ executors: [any ActivityExecutor]) throws(RegistrationError) {
        for executor in executors { try register(executor) }
    }

    public mutating func register(_ executor: any ActivityExecutor) throws(RegistrationError) {
        let descriptor = executor.descriptor
        if let existing = executors[descriptor.typeName] {
            throw .duplicateType(descriptor.typeName, first: existing.descriptor.origin, second: descriptor.origin)
        }
        executors[descriptor.typeName] = executor
    }

    /// The executor for an activity type, matched exactly.
    public func executor(for typeName: String) -> (any ActivityExecutor)? {
        executors[typeName]
    }

    /// Every registered type, sorted.
    public var typeNames: [String] { executors.keys.sorted() }

    public var descriptors: [ActivityTypeDescriptor] { typeNames.compactMap { executors[$0]?.descriptor } }
}
