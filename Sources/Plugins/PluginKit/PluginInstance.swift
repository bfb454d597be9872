/// The running plugin: the instance `init` created and its activities bound to it. The kit hands
/// the host a retained pointer to it as the plugin context and releases it in `deinit`.
final class PluginInstance: Sendable {
    let plugin: any Plugin
    let activities: [String: BoundActivity]

    init<P: Plugin>(_ plugin: P) {
        self.plugin = plugin
        var activities: [String: BoundActivity] = [:]
        for definition in P.activities { activities[definition.typeName] = definition.bind(plugin) }
        self.activities = activities
    }

    /// Creates the exported plugin type with the host's services and settings.
    static func create(_ type: any Plugin.Type, host: HostServices, settings: JSONValue) throws -> PluginInstance {
        try make(type, host: host, settings: settings)
    }

    private static func make<P: Plugin>(_ type: P.Type, host: HostServices, settings: JSONValue) throws -> PluginInstance {
        PluginInstance(try P(host: host, settings: settings))
    }
}
