/// Why a plugins.json could not be used: each case names the file and, for content problems, the
/// JSON path of the offending value, what was expected and how to fix it.
public enum PluginManifestError: Error, Sendable, Equatable {
    /// The file could not be read (missing, a folder, no permission, not UTF-8/UTF-16 text).
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON.
    case invalidJSON(path: String, line: Int, column: Int, message: String)
    /// A value has the wrong type or an unacceptable value.
    case invalidValue(path: String, jsonPath: String, expected: String, found: String)
    /// An object has a member the format does not define (usually a typo).
    case unknownKey(path: String, jsonPath: String, key: String, allowed: [String])
    /// A required member is absent.
    case missingKey(path: String, jsonPath: String, key: String)
    /// A path uses a `{placeholder}` the host does not know.
    case unknownPlaceholder(path: String, jsonPath: String, placeholder: String)
    /// `{executableDir}` is used but the running executable's folder cannot be determined.
    case executableDirectoryUnknown(path: String, jsonPath: String)

    /// The manifest file.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .invalidJSON(let path, _, _, _), .invalidValue(let path, _, _, _),
            .unknownKey(let path, _, _, _), .missingKey(let path, _, _), .unknownPlaceholder(let path, _, _),
            .executableDirectoryUnknown(let path, _):
            path
        }
    }
}

extension PluginManifestError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the plugin manifest '\(path)': \(reason). Pass an existing file with --plugins or "
                + "PIPEHOST_PLUGINS"
        case .invalidJSON(let path, let line, let column, let message):
            return "the plugin manifest '\(path)' is not valid JSON at line \(line), column \(column): \(message)"
        case .invalidValue(let path, let jsonPath, let expected, let found):
            return "the plugin manifest '\(path)' has \(found) at \(jsonPath); expected \(expected)"
        case .unknownKey(let path, let jsonPath, let key, let allowed):
            return "the plugin manifest '\(path)' has an unknown member \"\(key)\" at \(jsonPath); the members allowed "
                + "there are \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .missingKey(let path, let jsonPath, let key):
            return "the plugin manifest '\(path)' lacks the required member \"\(key)\" at \(jsonPath)"
        case .unknownPlaceholder(let path, let jsonPath, let placeholder):
            return "the plugin manifest '\(path)' uses the unknown placeholder \"{\(placeholder)}\" at \(jsonPath); "
                + "the placeholders are {executableDir} and {manifestDir}"
        case .executableDirectoryUnknown(let path, let jsonPath):
            return "the plugin manifest '\(path)' uses {executableDir} at \(jsonPath), but the running executable's "
                + "folder cannot be determined; write the path out"
        }
    }
}
