import PipehostJSON

/// Reads the members of one JSON object by ADF property name, ignoring case where ADF's own
/// examples disagree on it (`linkedServiceName` / `LinkedServiceName`), and collects a problem for
/// every missing or mistyped value instead of stopping at the first one.
struct PropertyReader {
    let object: JSONObject
    let location: SourceLocation

    init(object: JSONObject, location: SourceLocation) {
        self.object = object
        self.location = location
    }

    /// A reader for `value`, or `nil` after recording a problem when it is not an object.
    init?(_ value: JSONValue, at location: SourceLocation, what: String, problems: inout [ValidationProblem]) {
        guard case .object(let object) = value else {
            problems.append(ValidationProblem(
                .invalidValue, at: location, "\(what) must be a JSON object, found \(value.typeName.lowercased())"))
            return nil
        }
        self.init(object: object, location: location)
    }

    /// The member's value, matched case-insensitively; JSON `null` counts as absent.
    func value(_ key: String) -> JSONValue? {
        guard let member = object.member(caseInsensitive: key), !member.value.isNull else { return nil }
        return member.value
    }

    /// The location of a member, spelled as the file spells it.
    func location(of key: String) -> SourceLocation {
        location.member(object.member(caseInsensitive: key)?.key ?? key)
    }

    func string(_ key: String, required: Bool = false, problems: inout [ValidationProblem]) -> String? {
        guard let value = value(key) else {
            if required { problems.append(missing(key)) }
            return nil
        }
        guard case .string(let text) = value else {
            problems.append(mistyped(key, expected: "a string", found: value))
            return nil
        }
        return text
    }

    func objectValue(_ key: String, required: Bool = false, problems: inout [ValidationProblem]) -> JSONObject? {
        guard let value = value(key) else {
            if required { problems.append(missing(key)) }
            return nil
        }
        guard case .object(let object) = value else {
            problems.append(mistyped(key, expected: "an object", found: value))
            return nil
        }
        return object
    }

    func array(_ key: String, required: Bool = false, problems: inout [ValidationProblem]) -> [JSONValue]? {
        guard let value = value(key) else {
            if required { problems.append(missing(key)) }
            return nil
        }
        guard case .array(let elements) = value else {
            problems.append(mistyped(key, expected: "an array", found: value))
            return nil
        }
        return elements
    }

    /// A boolean; ADF's own examples also write `"true"`/`"false"` as strings (`isSequential`).
    func bool(_ key: String, problems: inout [ValidationProblem]) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where asciiCaseInsensitiveEquals(text, "true"): return true
        case .string(let text) where asciiCaseInsensitiveEquals(text, "false"): return false
        default:
            problems.append(mistyped(key, expected: "true or false", found: value))
            return nil
        }
    }

    func missing(_ key: String) -> ValidationProblem {
        ValidationProblem(.missingProperty, at: location.member(key), "required property '\(key)' is missing")
    }

    func mistyped(_ key: String, expected: String, found: JSONValue) -> ValidationProblem {
        ValidationProblem(
            .invalidValue, at: location(of: key),
            "'\(key)' must be \(expected), found \(found.typeName.lowercased()) \(found.abbreviatedDescription)")
    }
}

extension JSONValue {
    /// Compact JSON text cut to a length that fits in one line of an error message, with every
    /// SecureString's value masked.
    public var abbreviatedDescription: String {
        let text = JSONSerializer.serialize(maskingSecureStrings)
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// Whether this is a string holding an expression (`@…` but not the `@@` escape) or an
    /// `{"value": …, "type": "Expression"}` object: something only known at run time.
    public var isExpression: Bool {
        switch self {
        case .string(let text):
            return text.hasPrefix("@") && !text.hasPrefix("@@") || text.contains("@{")
        case .object(let object):
            guard let type = object[caseInsensitive: "type"]?.stringValue else { return false }
            return asciiCaseInsensitiveEquals(type, "Expression") && object[caseInsensitive: "value"] != nil
        default:
            return false
        }
    }
}

extension JSONValue {
    /// Member lookup ignoring ASCII case (an exact match wins); `nil` when this is not an object.
    public subscript(caseInsensitive key: String) -> JSONValue? {
        objectValue?[caseInsensitive: key]
    }
}
