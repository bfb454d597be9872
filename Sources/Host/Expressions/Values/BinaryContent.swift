import PipehostJSON

/// Binary values as ADF returns them: `{"$content-type": "application/octet-stream", "$content": "<base64>"}`.
///
/// `binary()`, `base64ToBinary()`, `dataUriToBinary()`, `uriComponentToBinary()` and `xml()`
/// produce them; `string()`, `concat()`, `base64()`, `dataUri()` and `json()` read their content
/// back. Any object with both keys (in any case) counts, as in ADF.
struct BinaryContent {
    var contentType: String
    var bytes: [UInt8]

    static let octetStream = "application/octet-stream"
    static let xmlContentType = "application/xml;charset=utf-8"

    var jsonValue: JSONValue {
        .object(
            JSONObject(uniqueMembers: [
                ("$content-type", .string(contentType)), ("$content", .string(Base64.encode(bytes))),
            ]))
    }

    /// Whether `object` is a binary value: it has `$content-type` and `$content`.
    static func isBinary(_ object: JSONObject) -> Bool {
        object[caseInsensitive: "$content-type"] != nil && object[caseInsensitive: "$content"] != nil
    }

    /// Reads a binary value; nil when `value` is not one. Throws when its content is not base64.
    static func read(_ value: JSONValue) throws(ValueTextError) -> BinaryContent? {
        guard case .object(let object) = value, isBinary(object) else { return nil }
        let type = object[caseInsensitive: "$content-type"]?.stringValue ?? ""
        guard case .string(let content)? = object[caseInsensitive: "$content"], let bytes = Base64.decode(content)
        else {
            throw ValueTextError(message: "the binary value's '$content' is not a valid base64 string")
        }
        return BinaryContent(contentType: type, bytes: bytes)
    }

    /// The content as text (invalid UTF-8 becomes U+FFFD, as in .NET).
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
