import PipehostJSON

/// The plugin manifest, `plugins.json`: which plugin libraries the host loads, which folders it
/// scans for more, each plugin's `enabled` flag and `settings`, and which plugin serves an
/// activity type that two plugins claim. The format is documented in docs/plugins-json.md.
///
/// Paths are stored absolute: relative paths start at the manifest's folder, and the placeholders
/// `{executableDir}` (the folder of the running pipehost executable, where SwiftPM puts the
/// shipped plugins) and `{manifestDir}` are expanded when the manifest is read.
public struct PluginManifest: Sendable, Equatable {
    /// One plugin library to load.
    public struct Library: Sendable, Equatable {
        /// Absolute path, placeholders expanded.
        public var path: String
        /// The path as written in the manifest, for messages.
        public var writtenPath: String
        public var enabled: Bool
        /// The settings object handed to the plugin's `init`; nil when the manifest gives none.
        public var settings: JSONValue?
        /// Where the plugin runs; nil when the manifest does not say (then overrides and the
        /// host's options decide).
        public var isolation: PluginIsolation?

        public init(
            path: String, writtenPath: String? = nil, enabled: Bool = true, settings: JSONValue? = nil,
            isolation: PluginIsolation? = nil
        ) {
            self.path = path
            self.writtenPath = writtenPath ?? path
            self.enabled = enabled
            self.settings = settings
            self.isolation = isolation
        }
    }

    /// A folder whose `*.so` files are loaded as plugins, in name order.
    public struct Directory: Sendable, Equatable {
        public var path: String
        public var writtenPath: String
        public var enabled: Bool

        public init(path: String, writtenPath: String? = nil, enabled: Bool = true) {
            self.path = path
            self.writtenPath = writtenPath ?? path
            self.enabled = enabled
        }
    }

    /// `enabled` and `settings` for a plugin by id, wherever it was found (a scanned folder or a
    /// library entry without settings of its own).
    public struct Override: Sendable, Equatable {
        public var enabled: Bool?
        public var settings: JSONValue?
        public var isolation: PluginIsolation?

        public init(enabled: Bool? = nil, settings: JSONValue? = nil, isolation: PluginIsolation? = nil) {
            self.enabled = enabled
            self.settings = settings
            self.isolation = isolation
        }
    }

    /// The manifest file this came from; nil for a manifest built in code (the shipped-plugins
    /// default, a single library under `plugins inspect`).
    public var sourcePath: String?
    public var libraries: [Library]
    public var directories: [Directory]
    /// By plugin id.
    public var overrides: [String: Override]
    /// Activity type → the id of the plugin that serves it when several claim it.
    public var activityTypes: [String: String]

    public init(
        sourcePath: String? = nil, libraries: [Library] = [], directories: [Directory] = [],
        overrides: [String: Override] = [:], activityTypes: [String: String] = [:]
    ) {
        self.sourcePath = sourcePath
        self.libraries = libraries
        self.directories = directories
        self.overrides = overrides
        self.activityTypes = activityTypes
    }

    /// Reads and validates a manifest file.
    /// - Throws: ``PluginManifestError`` naming the file, the JSON path and the fix.
    public static func load(from path: String) throws(PluginManifestError) -> PluginManifest {
        let absolute = FilePath.resolve(path, against: FileSystem.currentDirectory() ?? ".")
        let bytes: [UInt8]
        switch FileSystem.readFile(absolute) {
        case .success(let read): bytes = read
        case .failure(let error): throw .unreadable(path: absolute, reason: error.reason)
        }
        let text: [UInt8]
        do {
            text = try TextDecoding.utf8Bytes(bytes)
        } catch {
            throw .unreadable(path: absolute, reason: "\(error)")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw .invalidJSON(path: absolute, line: error.line, column: error.column, message: error.message)
        }
        let placeholders = PathTemplate(
            manifestDirectory: FilePath.directory(of: FileSystem.canonicalPath(absolute) ?? absolute),
            executableDirectory: FileSystem.executablePath().map(FilePath.directory(of:)))
        return try PluginManifestReader(path: absolute, placeholders: placeholders).read(json)
    }

    /// A manifest that loads one library, as `pipehost plugins inspect` does.
    public static func singleLibrary(_ path: String, settings: JSONValue? = nil) -> PluginManifest {
        let absolute = FilePath.resolve(path, against: FileSystem.currentDirectory() ?? ".")
        return PluginManifest(libraries: [Library(path: absolute, writtenPath: path, settings: settings)])
    }

    /// The names of the plugin libraries that ship with pipehost, as SwiftPM names them.
    public static let shippedLibraryNames = [
        "libAzureMLPlugin.so", "libStoredProcedurePlugin.so", "libCustomActivityPlugin.so",
        "libWebPlugin.so", "libDataPlugin.so",
    ]

    /// The default when no manifest exists: the shipped plugins found next to the executable.
    public static func shippedPlugins(executableDirectory: String? = nil) -> PluginManifest {
        guard let directory = executableDirectory ?? FileSystem.executablePath().map(FilePath.directory(of:)) else {
            return PluginManifest()
        }
        let libraries = shippedLibraryNames.map { FilePath.join(directory, $0) }
            .filter { FileSystem.kind(of: $0) == .regularFile }
            .map { Library(path: $0, writtenPath: "{executableDir}/\(FilePath.lastComponent(of: $0))") }
        return PluginManifest(libraries: libraries)
    }
}
