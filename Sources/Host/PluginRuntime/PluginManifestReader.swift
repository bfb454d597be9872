import PipehostJSON
import PluginContract

/// Reads the JSON of a plugins.json into a ``PluginManifest``, strictly: unknown members are
/// refused (they are usually typos, and a silently ignored `"enable": false` loads a plugin the
/// user meant to switch off), and every error carries the JSON path.
struct PluginManifestReader {
    let path: String
    let placeholders: PathTemplate

    static let topLevelKeys = ["$schema", "comment", "version", "plugins", "directories", "overrides", "activityTypes"]
    static let libraryKeys = ["path", "enabled", "settings", "isolation", "comment"]
    static let directoryKeys = ["path", "enabled", "comment"]
    static let overrideKeys = ["enabled", "settings", "isolation", "comment"]

    func read(_ json: JSONValue) throws(PluginManifestError) -> PluginManifest {
        let root = try object(json, at: "$")
        try checkKeys(root, allowed: Self.topLevelKeys, at: "$")
        if let version = root["version"], version != .integer(1) {
            throw invalid("$.version", expected: "1 (the only manifest version so far)", found: version)
        }
        var manifest = PluginManifest(sourcePath: path)
        for (index, element) in try array(root["plugins"], at: "$.plugins").enumerated() {
            manifest.libraries.append(try library(element, at: "$.plugins[\(index)]"))
        }
        for (index, element) in try array(root["directories"], at: "$.directories").enumerated() {
            manifest.directories.append(try directory(element, at: "$.directories[\(index)]"))
        }
        if let overrides = root["overrides"] {
            for (id, value) in try object(overrides, at: "$.overrides") {
                let jsonPath = "$.overrides[\(JSONSerializer.quoted(id))]"
                if let problem = IdentifierRules.problem(withPluginID: id) {
                    throw invalid(jsonPath, expected: "a plugin id as key (\(problem))", found: .string(id))
                }
                manifest.overrides[id] = try override(value, at: jsonPath)
            }
        }
        if let types = root["activityTypes"] {
            for (typeName, value) in try object(types, at: "$.activityTypes") {
                let jsonPath = "$.activityTypes[\(JSONSerializer.quoted(typeName))]"
                guard case .string(let pluginID) = value, IdentifierRules.problem(withPluginID: pluginID) == nil else {
                    throw invalid(jsonPath, expected: "the id of the plugin that serves this type, e.g. \"org.pipehost.custom\"", found: value)
                }
                manifest.activityTypes[typeName] = pluginID
            }
        }
        return manifest
    }

    private func library(_ value: JSONValue, at jsonPath: String) throws(PluginManifestError) -> PluginManifest.Library {
        let entry = try object(value, at: jsonPath)
        try checkKeys(entry, allowed: Self.libraryKeys, at: jsonPath)
        let written = try requiredString(entry, "path", at: jsonPath)
        return PluginManifest.Library(
            path: try expand(written, at: "\(jsonPath).path"), writtenPath: written,
            enabled: try bool(entry["enabled"], at: "\(jsonPath).enabled") ?? true,
            settings: try settings(entry["settings"], at: "\(jsonPath).settings"),
            isolation: try isolation(entry["isolation"], at: "\(jsonPath).isolation"))
    }

    private func directory(_ value: JSONValue, at jsonPath: String) throws(PluginManifestError) -> PluginManifest.Directory {
        if case .string(let written) = value {
            return PluginManifest.Directory(path: try expand(written, at: jsonPath), writtenPath: written)
        }
        guard case .object(let entry) = value else {
            throw invalid(jsonPath, expected: "a folder path or {\"path\": …, \"enabled\": …}", found: value)
        }
        try checkKeys(entry, allowed: Self.directoryKeys, at: jsonPath)
        let written = try requiredString(entry, "path", at: jsonPath)
        return PluginManifest.Directory(
            path: try expand(written, at: "\(jsonPath).path"), writtenPath: written,
            enabled: try bool(entry["enabled"], at: "\(jsonPath).enabled") ?? true)
    }

    private func override(_ value: JSONValue, at jsonPath: String) throws(PluginManifestError) -> PluginManifest.Override {
        let entry = try object(value, at: jsonPath)
        try checkKeys(entry, allowed: Self.overrideKeys, at: jsonPath)
        return PluginManifest.Override(
            enabled: try bool(entry["enabled"], at: "\(jsonPath).enabled"),
            settings: try settings(entry["settings"], at: "\(jsonPath).settings"),
            isolation: try isolation(entry["isolation"], at: "\(jsonPath).isolation"))
    }

    // MARK: Values

    private func isolation(_ value: JSONValue?, at jsonPath: String) throws(PluginManifestError) -> PluginIsolation? {
        guard let value else { return nil }
        guard case .string(let text) = value, let isolation = PluginIsolation(rawValue: text) else {
            throw invalid(jsonPath, expected: "\"process\" (a worker process) or \"inProcess\" (the default)", found: value)
        }
        return isolation
    }

    private func object(_ value: JSONValue, at jsonPath: String) throws(PluginManifestError) -> JSONObject {
        guard case .object(let object) = value else { throw invalid(jsonPath, expected: "an object", found: value) }
        return object
    }

    private func array(_ value: JSONValue?, at jsonPath: String) throws(PluginManifestError) -> [JSONValue] {
        guard let value else { return [] }
        guard case .array(let elements) = value else { throw invalid(jsonPath, expected: "an array", found: value) }
        return elements
    }

    private func bool(_ value: JSONValue?, at jsonPath: String) throws(PluginManifestError) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let flag) = value else { throw invalid(jsonPath, expected: "true or false", found: value) }
        return flag
    }

    private func settings(_ value: JSONValue?, at jsonPath: String) throws(PluginManifestError) -> JSONValue? {
        guard let value else { return nil }
        guard case .object = value else {
            throw invalid(jsonPath, expected: "an object (the plugin's settings)", found: value)
        }
        return value
    }

    private func requiredString(_ object: JSONObject, _ key: String, at jsonPath: String) throws(PluginManifestError) -> String {
        guard let value = object[key] else { throw .missingKey(path: path, jsonPath: jsonPath, key: key) }
        guard case .string(let text) = value, !text.isEmpty else {
            throw invalid("\(jsonPath).\(key)", expected: "a non-empty path", found: value)
        }
        return text
    }

    private func checkKeys(_ object: JSONObject, allowed: [String], at jsonPath: String) throws(PluginManifestError) {
        for key in object.keys where !allowed.contains(key) {
            throw .unknownKey(path: path, jsonPath: jsonPath, key: key, allowed: allowed)
        }
    }

    private func expand(_ written: String, at jsonPath: String) throws(PluginManifestError) -> String {
        switch placeholders.expand(written) {
        case .success(let expanded): return expanded
        case .failure(.unknownPlaceholder(let name)):
            throw .unknownPlaceholder(path: path, jsonPath: jsonPath, placeholder: name)
        case .failure(.executableDirectoryUnknown):
            throw .executableDirectoryUnknown(path: path, jsonPath: jsonPath)
        case .failure(.unclosedBrace):
            throw invalid(jsonPath, expected: "a path whose placeholders are closed with '}'", found: .string(written))
        }
    }

    private func invalid(_ jsonPath: String, expected: String, found: JSONValue) -> PluginManifestError {
        .invalidValue(path: path, jsonPath: jsonPath, expected: expected, found: found.briefDescription)
    }
}
