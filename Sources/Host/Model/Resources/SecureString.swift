import PipehostJSON

extension JSONObject {
    /// The `value` of a `{"type": "SecureString", "value": …}` object (keys and type matched
    /// without regard to case; an empty string when it has no value), or `nil` when this is not
    /// one. A SecureString's value is a secret taken literally: never an expression, never shown.
    public var secureStringValue: String? {
        guard case .string(let type)? = self[caseInsensitive: "type"], asciiCaseInsensitiveEquals(type, "SecureString") else {
            return nil
        }
        return self[caseInsensitive: "value"]?.stringValue ?? ""
    }
}

extension JSONValue {
    /// The value with the `value` of every SecureString object in it replaced by `***`: what
    /// messages may quote. (JSON read by pipehost nests at most 512 levels, so the walk is bounded.)
    public var maskingSecureStrings: JSONValue {
        switch self {
        case .object(let object):
            if object.secureStringValue != nil {
                var masked = object
                masked[object.member(caseInsensitive: "value")?.key ?? "value"] = "***"
                return .object(masked)
            }
            return .object(JSONObject(uniqueMembers: object.members.map { ($0.key, $0.value.maskingSecureStrings) }))
        case .array(let elements):
            return .array(elements.map(\.maskingSecureStrings))
        default:
            return self
        }
    }
}
