/// One plugin as the host sees it after loading: where it came from, what it declares, and
/// whether it runs, was switched off, or was refused (with the reason).
public struct LoadedPluginInfo: Sendable, Equatable {
    /// What became of the plugin.
    public enum State: Sendable, Equatable {
        /// Validated and initialised; it serves the types ``servedBy`` attributes to it.
        case loaded
        /// Switched off in plugins.json (`"enabled": false`, or an override by id).
        case disabled
        /// Refused; the error says why and what to do.
        case failed(PluginLoadError)
    }

    /// The library's path (absolute).
    public var path: String
    /// What the table declares; nil when the plugin was not loaded far enough to read it.
    public var declaration: PluginDeclaration?
    public var state: State
    /// For each declared type, the id of the plugin that serves it (this one or another), or nil
    /// when no loaded plugin does.
    public var servedBy: [String: String]

    public init(path: String, declaration: PluginDeclaration?, state: State, servedBy: [String: String] = [:]) {
        self.path = path
        self.declaration = declaration
        self.state = state
        self.servedBy = servedBy
    }

    public var pluginID: String? { declaration?.pluginID }

    /// The activity types this plugin serves.
    public var servedTypes: [String] {
        guard let declaration, state == .loaded else { return [] }
        return declaration.activities.map(\.typeName).filter { servedBy[$0] == declaration.pluginID }
    }

    /// The load error, when the plugin was refused.
    public var error: PluginLoadError? {
        if case .failed(let error) = state { return error }
        return nil
    }
}
