/// Where the host finds its plugins.json.
extension PluginManifest {
    /// The environment variable that names a manifest when `--plugins` is not given.
    public static let environmentVariable = "PIPEHOST_PLUGINS"

    /// The manifest to read: the `--plugins` value, then `$PIPEHOST_PLUGINS`, then the first
    /// existing default (``defaultLocations(currentDirectory:executableDirectory:)``); nil when
    /// none exists.
    ///
    /// An explicit path or the variable is returned as given, existing or not, so that a typo is
    /// reported by ``load(from:)`` instead of silently replaced by a default.
    public static func locate(explicitPath: String?, environment: [String: String]) -> String? {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        let executableDirectory = FileSystem.executablePath().map(FilePath.directory(of:))
        return defaultLocations(currentDirectory: FileSystem.currentDirectory(), executableDirectory: executableDirectory)
            .first { FileSystem.kind(of: $0) == .regularFile }
    }

    /// The default places, in order: `./plugins.json`, then `plugins.json` at the root of the
    /// SwiftPM package whose build folder holds the executable (`<root>/.build/…/pipehost`, found
    /// only when `<root>/Package.swift` exists too).
    public static func defaultLocations(currentDirectory: String?, executableDirectory: String?) -> [String] {
        var locations: [String] = []
        if let currentDirectory { locations.append(FilePath.join(currentDirectory, "plugins.json")) }
        if let executableDirectory, let root = packageRoot(containing: executableDirectory) {
            let candidate = FilePath.join(root, "plugins.json")
            if !locations.contains(candidate) { locations.append(candidate) }
        }
        return locations
    }

    /// The manifest the host should use: the located file, or else the shipped plugins next to
    /// the executable.
    /// - Throws: ``PluginManifestError`` when a located file cannot be read or is invalid.
    public static func resolve(explicitPath: String?, environment: [String: String]) throws(PluginManifestError)
        -> PluginManifest
    {
        guard let path = locate(explicitPath: explicitPath, environment: environment) else {
            return shippedPlugins()
        }
        return try load(from: path)
    }

    /// `<root>` when `directory` lies inside `<root>/.build/` and `<root>/Package.swift` exists.
    static func packageRoot(containing directory: String) -> String? {
        let canonical = FileSystem.canonicalPath(directory) ?? directory
        var components = canonical.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while let last = components.popLast() {
            guard last == ".build" else { continue }
            let root = components.joined(separator: "/")
            let rootPath = root.isEmpty ? "/" : root
            if FileSystem.kind(of: FilePath.join(rootPath, "Package.swift")) == .regularFile { return rootPath }
        }
        return nil
    }
}
