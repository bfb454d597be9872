/// Where a value was written: the file and the JSON path inside it, so that every message can point
/// at the exact place to fix.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (or a label such as `<command line>` for values that came from flags).
    public var file: String
    /// A JSONPath such as `$.properties.activities[2].dependsOn[0].activity`.
    public var jsonPath: String

    public init(file: String, jsonPath: String = "$") {
        self.file = file
        self.jsonPath = jsonPath
    }

    /// The location of a member of the object here.
    public func member(_ key: String) -> SourceLocation {
        // A command-line flag, not a JSON document: `--param name`.
        if jsonPath.hasPrefix("--") { return SourceLocation(file: file, jsonPath: jsonPath + " " + key) }
        if key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return SourceLocation(file: file, jsonPath: jsonPath + "." + key)
        }
        return SourceLocation(file: file, jsonPath: jsonPath + "['" + key + "']")
    }

    /// The location of an element of the array here.
    public func element(_ index: Int) -> SourceLocation {
        SourceLocation(file: file, jsonPath: jsonPath + "[\(index)]")
    }

    public var description: String { "\(file) at \(jsonPath)" }
}
