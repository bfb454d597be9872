/// A plugin of the manifest that the host could not load, or refused. When an activity type is
/// not implemented, each one is named with its reason: it may be the plugin that would have
/// implemented the type.
public struct UnavailablePlugin: Sendable, Equatable {
    /// The library's path, as plugins.json (or a folder it scans) leads to it.
    public var path: String
    /// The plugin id, when its table could be read.
    public var pluginID: String?
    /// The activity types its table declares; empty when the table could not be read.
    public var declaredTypes: [String]
    /// Why it is unavailable: the loader's full message, which names the file and the fix.
    public var reason: String

    public init(path: String, pluginID: String? = nil, declaredTypes: [String] = [], reason: String) {
        self.path = path
        self.pluginID = pluginID
        self.declaredTypes = declaredTypes
        self.reason = reason
    }

    /// The sentences that follow "no activity implements type `typeName`": each unavailable
    /// plugin, those that declare the type first, with why it failed. Empty when there is none.
    public static func explanation(forType typeName: String, _ plugins: [UnavailablePlugin]) -> String {
        guard !plugins.isEmpty else { return "" }
        let declaring = plugins.filter { $0.declaredTypes.contains(typeName) }
        let others = plugins.filter { !$0.declaredTypes.contains(typeName) }
        var sentences: [String] = []
        for plugin in declaring {
            let name = plugin.pluginID.map { "plugin '\($0)' ('\(plugin.path)')" } ?? "'\(plugin.path)'"
            sentences.append("\(name) declares '\(typeName)' but was refused: \(plugin.reason)")
        }
        if !others.isEmpty {
            let intro = declaring.isEmpty
                ? "\(others.count == 1 ? "A plugin" : "\(others.count) plugins") of plugins.json failed to load"
                    + " and may be the one that implements it"
                : "Other plugins that failed to load"
            sentences.append(intro + ": " + others.map { "'\($0.path)': \($0.reason)" }.joined(separator: "; "))
        }
        return sentences.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")
    }
}
