// Plugin authors import PluginKit alone: JSON values and the contract's shared types (log
// levels, limits, build tag) come with it.
@_exported import ActivityContract
@_exported import PipehostJSON
@_exported import PluginContract

/// A pipehost plugin written in Swift: one type that names itself, lists the activity types it
/// implements, and is created once by the host with its settings.
///
/// ```swift
/// import PluginKit
///
/// struct GreeterPlugin: Plugin {
///     static let id = "com.example.greeter"
///     static let version = "1.0.0"
///     static let activities: [ActivityDefinition<GreeterPlugin>] = [
///         .run("Greet", input: GreetInput.self) { _, call in
///             ["greeting": JSONValue.string("Hello, \(call.input.name)")]
///         }
///     ]
///     init(host: HostServices, settings: JSONValue) throws {}
/// }
///
/// struct GreetInput: Decodable, Sendable { var name: String }
///
/// @_cdecl("pipehost_plugin_entry_v1")
/// public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
///     PluginExport.entry(GreeterPlugin.self, hostABIMajor: major, hostABIMinor: minor)
/// }
/// ```
///
/// Implementation requirements (what the host relies on; breaking one fails activities or, for
/// the first two, takes the whole host down, since plugins run in the host's process):
/// - Never trap: no force unwraps, `try!`, `fatalError` or unchecked arithmetic that can overflow
///   on input data. A trap in a plugin kills the host; throw an ``ActivityFailure`` instead.
/// - Never write to stdout or stderr: the host's output is its own (the CLI renders tables and
///   JSON there). Log through ``ActivityCall/log(_:_:)`` or ``HostServices/log(_:_:)``.
/// - Never block forever: long work checks ``ActivityCall/isCancelled`` (or, in async bodies,
///   Swift task cancellation, which the kit wires to the host's) and returns soon after it flips.
///   Long waits on remote work belong in a long-running activity, where the host owns the timers.
/// - Never keep an ``ActivityCall`` (or anything from it) after the body returned: the call's
///   context belongs to the host and dies with the call. Using it afterwards does nothing.
/// - Keep no secret in an operation state: the host stores it with the run.
/// - `init` and `shutdown` run once each, on a host thread; activity bodies may run concurrently
///   on several host worker threads unless the definition says `threadSafe: false`.
/// - Do not call `exit`, change the process's working directory, signal handlers or environment:
///   they belong to the host.
public protocol Plugin: Sendable {
    /// Reverse-DNS id, unique among plugins, e.g. `"org.pipehost.azureml"`.
    static var id: String { get }
    /// The plugin's version, semantic versioning, e.g. `"1.4.0"`.
    static var version: String { get }
    /// One line for `pipehost plugins list`.
    static var summary: String { get }
    /// The activity types this plugin implements. Read before `init`, when the host validates
    /// the plugin, so it must not depend on settings.
    static var activities: [ActivityDefinition<Self>] { get }

    /// Creates the plugin once per host process, with its `settings` object from plugins.json
    /// (`{}` when absent). Throw to refuse loading; the host shows the error's message.
    init(host: HostServices, settings: JSONValue) throws

    /// Called once at clean shutdown, after every call returned. Close connections, stop threads.
    func shutdown()
}

extension Plugin {
    public static var summary: String { "" }
    public func shutdown() {}
}

/// The log levels of the host's run log.
public typealias LogLevel = PluginLogLevel
