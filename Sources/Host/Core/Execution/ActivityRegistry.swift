import PipelineModel

/// Which executor serves which activity type. Built-in control activities and loaded plugins are
/// registered the same way; the plugin loader has already settled duplicate claims.
public struct ActivityRegistry: Sendable {
    /// Why an executor could not be registered.
    public enum RegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Two executors claim the same activity type.
        case duplicateType(String, first: ActivityTypeDescriptor.Origin, second: ActivityTypeDescriptor.Origin)
        /// An executor that is not built in claims the type of a built-in control activity
        /// (`ForEach`, `SetVariable`, …), which only the host implements.
        case builtInType(String, claimedBy: ActivityTypeDescriptor.Origin)

        public var description: String {
            switch self {
            case .duplicateType(let type, let first, let second):
                "activity type '\(type)' is claimed twice: by \(first) and by \(second)"
            case .builtInType(let type, let origin):
                "activity type '\(type)' is a control activity built into the host, but \(origin) claims it too; "
                    + "rename the plugin's type (for example 'Vendor.\(type)')"
            }
        }
    }

    private var executors: [String: any ActivityExecutor] = [:]

    /// Plugins of the manifest that failed to load or were refused. They serve nothing; an activity
    /// whose type no executor serves names them in its error, since one may be the missing plugin.
    public var unavailablePlugins: [UnavailablePlugin] = []

    public init() {}

    public init(_ executors: [any ActivityExecutor]) throws(RegistrationError) {
        for executor in executors { try register(executor) }
    }

    /// Adds an executor for its type.
    ///
    /// - Throws: ``RegistrationError/duplicateType(_:first:second:)`` when the type is taken;
    ///   ``RegistrationError/builtInType(_:claimedBy:)`` when an executor that is not built in
    ///   claims a built-in control activity's type.
    public mutating func register(_ executor: any ActivityExecutor) throws(RegistrationError) {
        let descriptor = executor.descriptor
        if descriptor.origin != .builtIn, BuiltInActivities.typeNames.contains(descriptor.typeName) {
            throw .builtInType(descriptor.typeName, claimedBy: descriptor.origin)
        }
        if let existing = executors[descriptor.typeName] {
            throw .duplicateType(descriptor.typeName, first: existing.descriptor.origin, second: descriptor.origin)
        }
        executors[descriptor.typeName] = executor
    }

    /// Adds a built-in control activity unless its type is registered already. Never fails: no
    /// other executor can hold a built-in type (``register(_:)`` refuses that).
    mutating func registerBuiltIn(_ executor: any ActivityExecutor) {
        guard executors[executor.descriptor.typeName] == nil else { return }
        executors[executor.descriptor.typeName] = executor
    }

    /// The executor for an activity type, matched exactly.
    public func executor(for typeName: String) -> (any ActivityExecutor)? {
        executors[typeName]
    }

    /// Every registered type, sorted.
    public var typeNames: [String] { executors.keys.sorted() }

    public var descriptors: [ActivityTypeDescriptor] { typeNames.compactMap { executors[$0]?.descriptor } }
}
