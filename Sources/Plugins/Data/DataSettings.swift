import PluginKit

/// The data plugin's `settings` object from plugins.json (docs/data-activities.md). Every field is
/// optional; an unknown field is refused so that a misspelt setting does not silently do nothing.
struct DataSettings: Sendable, Equatable {
    /// Where `AadServicePrincipal` REST sources get tokens: `{authorityHost}/{tenant}/oauth2/token`
    /// for every `azureCloudType`; nil means each cloud's own authority host.
    var authorityHost: String?

    /// The fields and what each takes, for the message about an unknown one.
    static let fields: [(name: String, meaning: String)] = [
        ("authorityHost", "token endpoint host of AadServicePrincipal REST sources (default: the azureCloudType's)")
    ]

    init() {}

    /// Reads the settings (null or an object).
    init(_ settings: JSONValue) throws(ActivityFailure) {
        if settings.isNull { return }
        guard case .object(let object) = settings else {
            throw .userError("The data plugin's settings must be a JSON object.")
        }
        for member in object where !Self.fields.contains(where: { $0.name == member.key }) {
            let known = Self.fields.map { "\($0.name) (\($0.meaning))" }.joined(separator: ", ")
            throw .userError(
                "Unknown setting '\(member.key)' of the data plugin in plugins.json; known settings: \(known).")
        }
        if let value = object["authorityHost"] {
            guard let text = value.stringValue, text.hasPrefix("http://") || text.hasPrefix("https://") else {
                throw .userError(
                    "The data plugin's setting 'authorityHost' must be an http:// or https:// URL, not \(value).")
            }
            authorityHost = String(text.reversed().drop(while: { $0 == "/" }).reversed())
        }
    }
}
