/// Expands the placeholders of plugins.json paths and makes them absolute.
struct PathTemplate {
    /// The folder of the manifest: relative paths and `{manifestDir}` start here.
    var manifestDirectory: String
    /// The folder of the running executable, for `{executableDir}`; nil when unknown.
    var executableDirectory: String?

    /// What went wrong expanding a path.
    enum Problem: Error, Equatable {
        case unknownPlaceholder(String)
        case executableDirectoryUnknown
        case unclosedBrace
    }

    func expand(_ written: String) -> Result<String, Problem> {
        var expanded = ""
        var rest = Substring(written)
        while let open = rest.firstIndex(of: "{") {
            expanded += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return .failure(.unclosedBrace) }
            let name = String(rest[rest.index(after: open)..<close])
            switch name {
            case "executableDir":
                guard let executableDirectory else { return .failure(.executableDirectoryUnknown) }
                expanded += executableDirectory
            case "manifestDir":
                expanded += manifestDirectory
            default:
                return .failure(.unknownPlaceholder(name))
            }
            rest = rest[rest.index(after: close)...]
        }
        expanded += rest
        return .success(FilePath.resolve(expanded, against: manifestDirectory))
    }
}
