import PluginContract

/// Why a plugin library was refused: one case per failure, each naming the file (and the symbol
/// or field involved) and saying what to do. A refused plugin never runs any code after its entry
/// function, except `init` for the last two cases.
public enum PluginLoadError: Error, Sendable, Equatable {
    /// Nothing exists at the library's path.
    case fileNotFound(path: String)
    /// The path exists but is not a shared library for this machine (a folder, a text file, an
    /// executable, an object file, another architecture).
    case notSharedObject(path: String, reason: String)
    /// The dynamic loader refused the library (a missing dependency, an unresolved symbol); the
    /// reason is the loader's message.
    case loadFailed(path: String, reason: String)
    /// The library does not export `pipehost_plugin_entry_v1`.
    case entryMissing(path: String)
    /// The entry returned NULL: the plugin cannot serve this host's ABI.
    case hostABIRefused(path: String, hostMajor: UInt32, hostMinor: UInt32)
    /// The table's `magic` is not `PH_PLUGIN_MAGIC`: the entry returned something else.
    case badMagic(path: String, found: UInt32)
    /// The table's `struct_size` is smaller than the table of ABI 1.0.
    case tableTooSmall(path: String, structSize: UInt32, required: UInt32)
    /// The table's `abi_major` is not the host's.
    case abiMajorMismatch(path: String, pluginMajor: UInt32, hostMajor: UInt32)
    /// A Swift plugin built by another toolchain or for another target than the host.
    case buildTagMismatch(path: String, pluginTag: String, hostTag: String)
    /// The table itself is wrong: plugin id, version, build tag or activity list.
    case invalidTable(path: String, problem: String)
    /// One activity descriptor is wrong (position counted from 0).
    case invalidDescriptor(path: String, index: Int, typeName: String?, problem: String)
    /// Two libraries declare the same plugin id.
    case duplicatePluginID(path: String, pluginID: String, otherPath: String)
    /// Two plugins claim the same activity type and plugins.json has no rule saying which wins.
    case duplicateType(path: String, pluginID: String, typeName: String, otherPluginID: String, otherPath: String)
    /// The plugin claims the type of a control activity built into the host (`ForEach`,
    /// `SetVariable`, …), which no plugin may replace.
    case claimsBuiltInType(path: String, pluginID: String, typeName: String)
    /// The plugin's `init` returned `PH_STATUS_FAILED`, with its message.
    case initFailed(path: String, pluginID: String, message: String)
    /// The plugin's `init` broke the contract (an unknown status, an unreadable error).
    case initMisbehaved(path: String, pluginID: String, problem: String)
    /// The plugin runs in process isolation and its first worker process did not start serving:
    /// the plugin failed in the worker (its init, a crash while loading) or the worker could not
    /// be started.
    case workerFailed(path: String, pluginID: String, reason: String)

    /// A stable name of the case, for machine-readable output (`pipehost plugins list --output json`).
    public var kind: String {
        switch self {
        case .fileNotFound: "fileNotFound"
        case .notSharedObject: "notSharedObject"
        case .loadFailed: "loadFailed"
        case .entryMissing: "entryMissing"
        case .hostABIRefused: "hostABIRefused"
        case .badMagic: "badMagic"
        case .tableTooSmall: "tableTooSmall"
        case .abiMajorMismatch: "abiMajorMismatch"
        case .buildTagMismatch: "buildTagMismatch"
        case .invalidTable: "invalidTable"
        case .invalidDescriptor: "invalidDescriptor"
        case .duplicatePluginID: "duplicatePluginID"
        case .duplicateType: "duplicateType"
        case .claimsBuiltInType: "claimsBuiltInType"
        case .initFailed: "initFailed"
        case .initMisbehaved: "initMisbehaved"
        case .workerFailed: "workerFailed"
        }
    }

    /// The library the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let path), .notSharedObject(let path, _), .loadFailed(let path, _), .entryMissing(let path),
            .hostABIRefused(let path, _, _), .badMagic(let path, _), .tableTooSmall(let path, _, _),
            .abiMajorMismatch(let path, _, _), .buildTagMismatch(let path, _, _), .invalidTable(let path, _),
            .invalidDescriptor(let path, _, _, _), .duplicatePluginID(let path, _, _),
            .duplicateType(let path, _, _, _, _), .claimsBuiltInType(let path, _, _), .initFailed(let path, _, _),
            .initMisbehaved(let path, _, _),
            .workerFailed(let path, _, _):
            path
        }
    }
}

extension PluginLoadError: CustomStringConvertible {
    public var description: String {
        let entry = "'\(PluginABIVersion.entrySymbol)'"
        switch self {
        case .fileNotFound(let path):
            return "plugin library '\(path)' does not exist: check its path in plugins.json (relative paths start at "
                + "the manifest's folder) or build the plugin first"
        case .notSharedObject(let path, let reason):
            return "'\(path)' is not a plugin library: \(reason). Point plugins.json at the .so file the plugin's build "
                + "produced"
        case .loadFailed(let path, let reason):
            return "the dynamic loader could not load '\(path)': \(reason). Install the libraries it depends on "
                + "(`ldd '\(path)'` lists them) or rebuild it for this machine"
        case .entryMissing(let path):
            return "'\(path)' does not export \(entry), so it is not a pipehost plugin. A C plugin defines it with "
                + "PH_EXPORT from pipehost_plugin.h; a Swift plugin adds the public @_cdecl(\"pipehost_plugin_entry_v1\") "
                + "function shown in PluginKit's documentation"
        case .hostABIRefused(let path, let major, let minor):
            return "\(entry) in '\(path)' returned NULL: the plugin cannot serve a host of plugin ABI \(major).\(minor). "
                + "Install a version of the plugin built for plugin ABI \(major)"
        case .badMagic(let path, let found):
            return "the table that \(entry) in '\(path)' returned has magic 0x\(hex(found)), not PH_PLUGIN_MAGIC "
                + "(0x\(hex(PluginABIVersion.magic))): return a pointer to a static ph_plugin whose magic is PH_PLUGIN_MAGIC"
        case .tableTooSmall(let path, let size, let required):
            return "the ph_plugin table of '\(path)' has struct_size \(size), but a plugin ABI 1.0 table is at least "
                + "\(required) bytes: set struct_size = sizeof(ph_plugin) and rebuild against pipehost_plugin.h"
        case .abiMajorMismatch(let path, let pluginMajor, let hostMajor):
            return "'\(path)' was built for plugin ABI \(pluginMajor).x but this host speaks plugin ABI \(hostMajor).x: "
                + "rebuild the plugin against this host's pipehost_plugin.h"
        case .buildTagMismatch(let path, let pluginTag, let hostTag):
            return "'\(path)' was built by \(pluginTag) but this host by \(hostTag): Swift plugins must be built with the "
                + "host's Swift toolchain for the host's target, so rebuild the plugin with that toolchain (a plugin "
                + "that uses only the C header sets build_tag to PH_BUILD_TAG_C_ABI, \"\(BuildTag.cABI)\")"
        case .invalidTable(let path, let problem):
            return "the ph_plugin table of '\(path)' is invalid: \(problem). Fix the table and rebuild the plugin"
        case .invalidDescriptor(let path, let index, let typeName, let problem):
            let name = typeName.map { " ('\($0)')" } ?? ""
            return "activity descriptor \(index)\(name) of '\(path)' is invalid: \(problem). Fix the descriptor and "
                + "rebuild the plugin"
        case .duplicatePluginID(let path, let pluginID, let otherPath):
            return "'\(path)' declares the plugin id '\(pluginID)', which '\(otherPath)' already declares: keep one of "
                + "the two in plugins.json (and the folders it scans), or disable one with \"enabled\": false"
        case .duplicateType(let path, let pluginID, let typeName, let otherPluginID, let otherPath):
            return "plugin '\(pluginID)' ('\(path)') claims the activity type '\(typeName)', which plugin "
                + "'\(otherPluginID)' ('\(otherPath)') already claims: choose one in plugins.json with "
                + "\"activityTypes\": {\"\(typeName)\": \"\(otherPluginID)\"} (or \"\(pluginID)\"), or disable one of them"
        case .claimsBuiltInType(let path, let pluginID, let typeName):
            return "plugin '\(pluginID)' ('\(path)') claims the activity type '\(typeName)', but '\(typeName)' is a control "
                + "activity built into pipehost and no plugin may replace it: give the plugin's type a name of its own "
                + "(for example 'Vendor.\(typeName)') and rebuild the plugin"
        case .initFailed(let path, let pluginID, let message):
            return "plugin '\(pluginID)' ('\(path)') refused to start: \(message). Check its \"settings\" in plugins.json"
        case .initMisbehaved(let path, let pluginID, let problem):
            return "plugin '\(pluginID)' ('\(path)') misbehaved in init: \(problem). This is a bug in the plugin; "
                + "report it to its authors"
        case .workerFailed(let path, let pluginID, let reason):
            return "plugin '\(pluginID)' ('\(path)') could not start in process isolation: \(reason). Try "
                + "`pipehost plugins check '\(path)'` to see which part of the plugin contract it breaks"
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
