import PipehostJSON

/// Why a value has no text form (a binary value whose content is not base64).
struct ValueTextError: Error {
    var message: String
}

/// The text of a value as `string()`, `concat()` and `@{…}` produce it in ADF: strings as they
/// are, null as empty, booleans as `True`/`False`, numbers the .NET way, binary values as their
/// decoded content, objects and arrays as compact Json.NET text.
enum ValueText {
    static func string(_ value: JSONValue) throws(ValueTextError) -> String {
        switch value {
        case .string(let text): return text
        default:
            var result = ""
            try append(value, to: &result)
            return result
        }
    }

    static func append(_ value: JSONValue, to result: inout String) throws(ValueTextError) {
        switch value {
        case .string(let text): result += text
        case .null: break
        case .bool(let flag): result += flag ? "True" : "False"
        case .integer(let integer): result += String(integer)
        case .double(let double): result += DotNetNumberFormatting.format(double)
        case .array: result += DotNetJSONWriter.serialize(value)
        case .object:
            if let binary = try BinaryContent.read(value) {
                result += binary.text
            } else {
                result += DotNetJSONWriter.serialize(value)
            }
        }
    }

    /// The text for messages: like `string`, but never failing.
    static func plain(_ value: JSONValue) -> String {
        (try? string(value)) ?? DotNetJSONWriter.serialize(value)
    }

    /// The UTF-8 bytes of a value for the encoding functions (`base64`, `binary`, `dataUri`, …):
    /// binary values give their content, everything else its text.
    static func bytes(_ value: JSONValue) throws(ValueTextError) -> [UInt8] {
        if let binary = try BinaryContent.read(value) { return binary.bytes }
        return Array(try string(value).utf8)
    }
}
