import PipelineModel

/// The activity types a manifest's plugins declare and the plugins that cannot serve, as read from
/// their tables before any plugin runs (``PluginHost/catalog(manifest:logger:)``).
public struct PluginCatalog: Sendable {
    /// The types the plugins would serve once started.
    public var activityTypes: Set<String>
    /// The plugins refused before they started, with why, in manifest order.
    public var unavailablePlugins: [UnavailablePlugin]
    /// The linked service types each activity type can reach, for the types whose plugin says.
    public var linkedServiceTypes: [String: [String]]

    public init(activityTypes: Set<String>, unavailablePlugins: [UnavailablePlugin], linkedServiceTypes: [String: [String]] = [:]) {
        self.activityTypes = activityTypes
        self.unavailablePlugins = unavailablePlugins
        self.linkedServiceTypes = linkedServiceTypes
    }
}
