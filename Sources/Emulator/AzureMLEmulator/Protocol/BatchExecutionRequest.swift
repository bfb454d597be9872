/// The body of `POST …/jobs`: `{"Inputs":{…},"Outputs":{…},"GlobalParameters":{…}}`.
///
/// Property names are matched ignoring case, as the .NET service did. Also accepted: the legacy
/// single-input form `"Input": {…}` (Microsoft's Python sample) and the names ADF's specification uses,
/// `WebServiceInputs` / `WebServiceOutputs` (reference/adf.md §3.1, §8.3).
struct BatchExecutionRequest: Sendable, Equatable {
    /// Input name → blob.
    var inputs: [String: BlobReference]
    /// The legacy single input, when the request used `Input`.
    var singleInput: BlobReference?
    /// Output name → blob override.
    var outputs: [String: BlobReference]
    /// Web service parameters, as strings.
    var globalParameters: [String: String]

    /// Parses a request body.
    static func parse(_ body: WireJSON?) throws(AzureMLServiceError) -> BatchExecutionRequest {
        guard let body, case .object = body else {
            throw .requestBodyInvalid("The body must be a JSON object with Inputs, Outputs and GlobalParameters.")
        }
        let multiple = try references(in: body, names: ["Inputs", "WebServiceInputs"])
        var single: BlobReference?
        if let legacy = body[property: "Input"], !legacy.isNull {
            guard let reference = BlobReference(legacy) else {
                throw .requestBodyInvalid("Input must be an object (an AzureBlobDataReference).")
            }
            single = reference
        }
        if single != nil, multiple != nil { throw .duplicateInputInBatchCall() }
        return BatchExecutionRequest(
            inputs: multiple ?? [:],
            singleInput: single,
            outputs: try references(in: body, names: ["Outputs", "WebServiceOutputs"]) ?? [:],
            globalParameters: try parameters(in: body)
        )
    }

    /// The map under the first of `names` present and non-null.
    private static func references(in body: WireJSON, names: [String]) throws(AzureMLServiceError) -> [String:
        BlobReference]?
    {
        let present = names.filter { body[property: $0].map { !$0.isNull } ?? false }
        guard let name = present.first, let value = body[property: name] else { return nil }
        guard present.count == 1 else {
            throw .requestBodyInvalid("Give either \(present[0]) or \(present[1]), not both.")
        }
        guard let members = value.objectMembers else {
            throw .requestBodyInvalid(
                "\(name) must be an object mapping names to blob references, not \(value.typeName).")
        }
        var result: [String: BlobReference] = [:]
        for (key, item) in members {
            guard let reference = BlobReference(item) else {
                throw .requestBodyInvalid(
                    "\(name).\(key) must be an object (an AzureBlobDataReference), not \(item.typeName).")
            }
            result[key] = reference
        }
        return result
    }

    /// `GlobalParameters`; numbers and booleans become their text, as .NET's string dictionary did.
    private static func parameters(in body: WireJSON) throws(AzureMLServiceError) -> [String: String] {
        guard let value = body[property: "GlobalParameters"], !value.isNull else { return [:] }
        guard let members = value.objectMembers else {
            throw .requestBodyInvalid("GlobalParameters must be an object of parameter name to string value.")
        }
        var result: [String: String] = [:]
        for (name, item) in members {
            switch item {
            case .string(let text): result[name] = text
            case .number(let number): result[name] = NumberText.format(number)
            case .bool(let flag): result[name] = flag ? "true" : "false"
            case .null: continue
            default:
                throw .requestBodyInvalid("GlobalParameters.\(name) must be a string, not \(item.typeName).")
            }
        }
        return result
    }
}
