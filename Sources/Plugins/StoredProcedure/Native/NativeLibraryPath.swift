import PluginKit

/// Where a `NativeProcedureLibrary` linked service's library is: `typeProperties.path`, with
/// `{executableDir}` standing for the folder of the running pipehost executable (where SwiftPM
/// puts the libraries it builds); a relative path starts at the current working folder.
enum NativeLibraryPath {
    static func resolve(linkedService: String, typeProperties: JSONValue) throws(ActivityFailure) -> String {
        let propertyPath = "linkedService '\(linkedService)'.typeProperties.path"
        guard case .string(let written) = typeProperties[caseInsensitive: "path"] ?? typeProperties["path"] ?? .null
        else {
            throw .missingProperty(propertyPath)
        }
        guard !written.isEmpty else {
            throw .invalidProperty(propertyPath, "the path of the native procedure library is empty")
        }
        guard written.contains("{executableDir}") else { return written }
        guard let folder = NativeLibrary.executableDirectory else {
            throw .invalidProperty(
                propertyPath, "the folder of the running executable could not be found for {executableDir}")
        }
        return written.split(separator: "{executableDir}", omittingEmptySubsequences: false).joined(separator: folder)
    }
}

extension JSONValue {
    /// An object member matched ignoring ASCII case; nil for other values.
    subscript(caseInsensitive key: String) -> JSONValue? {
        objectValue?[caseInsensitive: key]
    }
}
