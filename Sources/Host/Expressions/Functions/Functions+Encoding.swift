import PipehostJSON

/// base64, base64ToBinary, base64ToString, binary, dataUri, dataUriToBinary, dataUriToString,
/// decodeBase64, decodeDataUri, decodeUriComponent, encodeUriComponent, uriComponent,
/// uriComponentToBinary, uriComponentToString. Binary results are ADF's
/// `{"$content-type": …, "$content": <base64>}` objects.
enum EncodingFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("base64", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            switch arguments[0] {
            case .string, .array, .object: return .string(Base64.encode(try call.bytes(of: arguments[0])))
            default: throw call.typeError(0, expected: "a string, an object or an array", value: arguments[0], count: 1)
            }
        },
        FunctionDefinition("base64ToBinary", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            // ADF checks the text and keeps it as the content, spaces and all.
            _ = try decodeBase64(arguments, call)
            return .object(
                JSONObject(uniqueMembers: [
                    ("$content-type", .string(BinaryContent.octetStream)), ("$content", arguments[0]),
                ]))
        },
        FunctionDefinition("base64ToString", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(String(decoding: try decodeBase64(arguments, call), as: UTF8.self))
        },
        FunctionDefinition("decodeBase64", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(String(decoding: try decodeBase64(arguments, call), as: UTF8.self))
        },
        FunctionDefinition("binary", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            guard !arguments[0].isNull else {
                throw call.typeError(0, expected: "a value that is not null", value: arguments[0], count: 1)
            }
            return .binary(try call.bytes(of: arguments[0]), type: BinaryContent.octetStream)
        },
        FunctionDefinition("dataUri", arguments: 1...1, dataURI),
        FunctionDefinition("dataUriToBinary", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            let uri = try parseDataURI(arguments, call)
            return .binary(uri.bytes, type: uri.mediaType)
        },
        // The documentation describes decodeDataUri as working the same way as dataUriToBinary.
        FunctionDefinition("decodeDataUri", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            let uri = try parseDataURI(arguments, call)
            return .binary(uri.bytes, type: uri.mediaType)
        },
        FunctionDefinition("dataUriToString", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            let uri = try parseDataURI(arguments, call)
            if let charset = uri.charset, !["utf-8", "utf8"].contains(charset.lowercased()) {
                throw call.failure(
                    "the function 'dataUriToString' does not support the charset '\(charset)'; use utf-8")
            }
            return .string(String(decoding: uri.bytes, as: UTF8.self))
        },
        FunctionDefinition("encodeUriComponent", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(URIEncoding.encode(try call.text(of: arguments[0])))
        },
        FunctionDefinition("uriComponent", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(URIEncoding.encode(try call.text(of: arguments[0])))
        },
        FunctionDefinition("decodeUriComponent", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(URIEncoding.decode(try call.string(arguments, 0)))
        },
        FunctionDefinition("uriComponentToString", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(URIEncoding.decode(try call.string(arguments, 0)))
        },
        FunctionDefinition("uriComponentToBinary", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .binary(URIEncoding.decodeBytes(try call.string(arguments, 0)), type: BinaryContent.octetStream)
        },
    ]

    private static func decodeBase64(_ arguments: Arguments, _ call: CallSite) throws(EvaluationFailure) -> [UInt8] {
        let text = try call.string(arguments, 0)
        guard let bytes = Base64.decode(text) else {
            throw call.failure("the function '\(call.name)' was given '\(text)', which is not a valid base64 string")
        }
        return bytes
    }

    private static func parseDataURI(_ arguments: Arguments, _ call: CallSite) throws(EvaluationFailure) -> DataURI {
        let text = try call.string(arguments, 0)
        guard let uri = DataURI.parse(text) else {
            throw call.failure(
                "the function '\(call.name)' expects a data URI ('data:[<media type>][;base64],<data>'); "
                    + "'\(text)' is not one")
        }
        return uri
    }

    private static func dataURI(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let value = arguments[0]
        switch value {
        case .null:
            throw call.typeError(0, expected: "a value that is not null", value: value, count: 1)
        case .string(let text):
            return .string("data:text/plain;charset=utf-8;base64," + Base64.encode(Array(text.utf8)))
        default:
            let binary: BinaryContent?
            do throws(ValueTextError) {
                binary = try BinaryContent.read(value)
            } catch {
                throw call.failure("the function 'dataUri' cannot read its argument: \(error.message)")
            }
            if let binary {
                return .string("data:\(binary.contentType);base64," + Base64.encode(binary.bytes))
            }
            let text = try call.text(of: value)
            return .string("data:application/json;charset=utf-8;base64," + Base64.encode(Array(text.utf8)))
        }
    }
}

extension JSONValue {
    /// An ADF binary value.
    static func binary(_ bytes: [UInt8], type: String) -> JSONValue {
        BinaryContent(contentType: type, bytes: bytes).jsonValue
    }
}
