import PluginKit

/// The plugin's `settings` from plugins.json.
struct StoredProcedureSettings {
    /// Connections one PostgreSQL linked service may hold open at once.
    var maximumConnectionsPerLinkedService = 4

    init(_ settings: JSONValue) throws(ActivityFailure) {
        guard case .object(let object) = settings else { return }
        for (key, value) in object {
            switch key {
            case "maximumConnectionsPerLinkedService":
                guard let count = value.integerValue, (1...1024).contains(count) else {
                    throw .invalidProperty(
                        "settings.maximumConnectionsPerLinkedService",
                        "expected a whole number from 1 to 1024, found \(value)")
                }
                maximumConnectionsPerLinkedService = Int(count)
            case "comment":
                continue
            default:
                throw .invalidProperty(
                    "settings.\(key)",
                    "unknown setting; the stored procedure plugin knows 'maximumConnectionsPerLinkedService'")
            }
        }
    }
}
