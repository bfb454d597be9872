import PluginKit

/// Reads typeProperties members case-insensitively, as ADF does, and turns a wrong value into
/// ADF's 2103/2104/2105 naming the JSON path (`typeProperties.url`).
struct PropertyReader: Sendable {
    let object: JSONObject
    /// The path of `object`, e.g. `typeProperties` or `typeProperties.authentication`.
    let path: String

    init(_ value: JSONValue, path: String) throws(ActivityFailure) {
        guard case .object(let object) = value else {
            throw .wrongPropertyType(path, "expected an object, found \(value.typeName.lowercased())")
        }
        self.object = object
        self.path = path
    }

    func path(_ name: String) -> String { "\(path).\(name)" }

    /// The member, nil when absent or null.
    func value(_ name: String) -> JSONValue? {
        guard let value = object[caseInsensitive: name], !value.isNull else { return nil }
        return value
    }

    /// A string member; nil when absent.
    func string(_ name: String) throws(ActivityFailure) -> String? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue else {
            throw .wrongPropertyType(path(name), "expected a string, found \(value.typeName.lowercased())")
        }
        return text
    }

    /// A string member that must be there and not be empty.
    func requiredString(_ name: String) throws(ActivityFailure) -> String {
        guard let text = try string(name), !text.trimmingWhitespace().isEmpty else {
            throw .missingProperty(path(name))
        }
        return text
    }

    /// A boolean member (`true`, or the strings "true"/"false" an expression may produce).
    func bool(_ name: String, default fallback: Bool) throws(ActivityFailure) -> Bool {
        guard let value = value(name) else { return fallback }
        if let flag = value.boolValue { return flag }
        if let text = value.stringValue {
            if asciiCaseInsensitiveEquals(text, "true") { return true }
            if asciiCaseInsensitiveEquals(text, "false") { return false }
        }
        throw .wrongPropertyType(path(name), "expected true or false, found \(value)")
    }

    /// A secret: a string, or a `{"type": "SecureString", "value": …}` object (as ADF hands
    /// secrets written in an activity). nil when absent.
    func secret(_ name: String) throws(ActivityFailure) -> String? {
        guard let value = value(name) else { return nil }
        return try Self.secretText(value, path: path(name))
    }

    func requiredSecret(_ name: String) throws(ActivityFailure) -> String {
        guard let text = try secret(name), !text.isEmpty else { throw .missingProperty(path(name)) }
        return text
    }

    /// The text of a plain string or a SecureString object. A Key Vault reference inside an
    /// activity's typeProperties is refused: pipehost resolves those in linked services only.
    static func secretText(_ value: JSONValue, path: String) throws(ActivityFailure) -> String {
        if let text = value.stringValue { return text }
        if case .object(let object) = value, let type = object[caseInsensitive: "type"]?.stringValue {
            if asciiCaseInsensitiveEquals(type, "SecureString") {
                guard let text = object[caseInsensitive: "value"]?.stringValue else {
                    throw .wrongPropertyType("\(path).value", "a SecureString's value must be a string")
                }
                return text
            }
            if asciiCaseInsensitiveEquals(type, "AzureKeyVaultSecret") {
                throw .invalidProperty(
                    path,
                    "pipehost resolves Azure Key Vault references in linked services only; in an activity, give the secret "
                        + "as a SecureString object or a secure pipeline parameter")
            }
        }
        throw .wrongPropertyType(
            path, "expected a string or a SecureString object, found \(value.typeName.lowercased())")
    }
}
