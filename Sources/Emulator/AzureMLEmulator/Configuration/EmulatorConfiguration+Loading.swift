import Foundation

extension EmulatorConfiguration {
    /// Reads, checks and validates a configuration file; relative paths in it become relative to the
    /// file's folder.
    ///
    /// - Throws: `ConfigurationError` naming the file, the JSON path and the fix.
    public static func load(from file: URL) throws(ConfigurationError) -> EmulatorConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ConfigurationError(
                file: file.path, path: "",
                problem: "can't read the configuration file (\(error.localizedDescription)); check the --config path"
            )
        }
        var configuration = try decode(data, file: file.path)
        configuration.baseDirectory = file.deletingLastPathComponent()
        try configuration.validate(file: file.path)
        return configuration
    }

    /// Decodes configuration JSON, refusing unknown fields so that a misspelt field name is reported
    /// instead of silently ignored. Does not validate; `baseDirectory` stays `nil`.
    public static func decode(_ data: Data, file: String? = nil) throws(ConfigurationError) -> EmulatorConfiguration {
        guard let json = WireJSON.parse(data) else {
            throw ConfigurationError(file: file, path: "", problem: "is not valid JSON: \(syntaxProblem(in: data))")
        }
        if let unknown = ConfigurationSchema.firstUnknownField(in: json) {
            throw ConfigurationError(file: file, path: unknown.path, problem: unknown.problem)
        }
        do {
            return try JSONDecoder().decode(EmulatorConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(decoding: error, file: file)
        } catch {
            throw ConfigurationError(file: file, path: "", problem: "\(error)")
        }
    }

    private static func syntaxProblem(in data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "it must be one JSON object"
        } catch {
            let nsError = error as NSError
            return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
        }
    }
}

extension ConfigurationError {
    /// Translates a `DecodingError` into a message with a JSON path.
    init(decoding error: DecodingError, file: String?) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(
                file: file, path: JSONPath.render(context.codingPath),
                problem: "the required field \"\(key.stringValue)\" is missing"
            )
        case .typeMismatch(let type, let context):
            self.init(
                file: file, path: JSONPath.render(context.codingPath),
                problem: "expected \(JSONPath.describe(type)); \(context.debugDescription)"
            )
        case .valueNotFound(let type, let context):
            self.init(
                file: file, path: JSONPath.render(context.codingPath),
                problem: "expected \(JSONPath.describe(type)), got null"
            )
        case .dataCorrupted(let context):
            self.init(file: file, path: JSONPath.render(context.codingPath), problem: context.debugDescription)
        @unknown default:
            self.init(file: file, path: "", problem: "\(error)")
        }
    }
}

/// Renders coding paths as `webServices[0].endpoints[1].apiKey`.
enum JSONPath {
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                let name = key.stringValue
                let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                text += plain ? (text.isEmpty ? name : ".\(name)") : "[\"\(name)\"]"
            }
        }
        return text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type, is Int.Type, is UInt64.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
