#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import PipehostJSON
import PluginContract
import PluginRuntime

/// Renders plugins for `pipehost plugins list` and `inspect`: a text table, a detail view, JSON.
enum PluginListing {
    /// Options for loading plugins just to look at them: a per-user work folder under the
    /// temporary folder (nothing is written to the current folder) and, unless verbose, only the
    /// plugins' warnings and errors.
    static func hostOptions(verbose: Bool, environment: [String: String]) -> PluginHostOptions {
        var logger = Logger(label: "pipehost.plugins")
        logger.logLevel = verbose ? .trace : .warning
        let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return PluginHostOptions(logger: logger, workDirectory: "\(temporary)/pipehost-\(getuid())/work")
    }

    static func stateText(_ state: LoadedPluginInfo.State) -> String {
        switch state {
        case .loaded: "loaded"
        case .disabled: "disabled"
        case .failed: "failed"
        }
    }

    /// The activity types of a plugin, noting those another plugin serves.
    static func typesText(_ plugin: LoadedPluginInfo) -> String {
        guard let declaration = plugin.declaration else { return "-" }
        return declaration.activities.map { activity in
            switch plugin.servedBy[activity.typeName] {
            case declaration.pluginID?, nil: activity.typeName
            case let other?: "\(activity.typeName) (served by \(other))"
            }
        }.joined(separator: ", ")
    }

    static func table(_ plugins: [LoadedPluginInfo], manifest: PluginManifest) -> String {
        var text = "Manifest: \(manifest.sourcePath ?? "none found; using the plugins shipped next to pipehost")\n"
        guard !plugins.isEmpty else { return text + "No plugins.\n" }
        let header = ["PLUGIN", "VERSION", "ABI", "STATE", "ACTIVITY TYPES", "FILE"]
        let rows = plugins.map { plugin in
            [
                plugin.pluginID ?? "-", plugin.declaration?.version ?? "-", plugin.declaration?.abiText ?? "-",
                stateText(plugin.state), typesText(plugin), plugin.path,
            ]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n"
        }
        text += "\n" + line(header)
        for row in rows { text += line(row) }
        let failures = plugins.compactMap(\.error)
        if !failures.isEmpty {
            text += "\nNot loaded:\n"
            for error in failures { text += "  - \(error)\n" }
        }
        return text
    }

    /// What `inspect` prints on standard output; a refusal's reason goes to standard error.
    static func details(_ plugin: LoadedPluginInfo) -> String {
        var text = "File:     \(plugin.path)\n"
        text += "State:    \(stateText(plugin.state))\n"
        if let declaration = plugin.declaration {
            text += "Plugin:   \(declaration.pluginID) \(declaration.version)\n"
            if !declaration.summary.isEmpty { text += "Summary:  \(declaration.summary)\n" }
            text += "ABI:      \(declaration.abiText) (host \(PluginABIVersion.text))\n"
            text += "Build:    \(declaration.buildTag) (host \(BuildTag.current))\n"
            text += "Activity types:\n"
            let rows = declaration.activities.map { activity in
                (
                    activity.typeName,
                    "\(activity.isLongRunning ? "long-running" : "synchronous"), "
                        + (activity.isThreadSafe ? "thread-safe" : "serialised"),
                    activity.summary
                )
            }
            let nameWidth = rows.map(\.0.count).max() ?? 0
            let kindWidth = rows.map(\.1.count).max() ?? 0
            for (name, kind, summary) in rows {
                text += "  " + name + String(repeating: " ", count: nameWidth - name.count) + "  " + kind
                text += summary.isEmpty ? "\n" : String(repeating: " ", count: kindWidth - kind.count) + "  \(summary)\n"
            }
        }
        return text
    }

    static func json(_ plugins: [LoadedPluginInfo], manifest: PluginManifest) -> JSONValue {
        [
            "manifest": manifest.sourcePath.map(JSONValue.string) ?? .null,
            "host": ["abi": .string(PluginABIVersion.text), "buildTag": .string(BuildTag.current)],
            "plugins": .array(plugins.map(json)),
        ]
    }

    static func json(_ plugin: LoadedPluginInfo) -> JSONValue {
        var object: JSONObject = [
            "path": .string(plugin.path), "state": .string(stateText(plugin.state)),
            "id": plugin.pluginID.map(JSONValue.string) ?? .null,
            "version": plugin.declaration.map { .string($0.version) } ?? .null,
            "abi": plugin.declaration.map { .string($0.abiText) } ?? .null,
            "buildTag": plugin.declaration.map { .string($0.buildTag) } ?? .null,
            "summary": plugin.declaration.map { .string($0.summary) } ?? .null,
        ]
        object["activityTypes"] = .array(
            (plugin.declaration?.activities ?? []).map { activity in
                [
                    "type": .string(activity.typeName), "summary": .string(activity.summary),
                    "threadSafe": .bool(activity.isThreadSafe), "longRunning": .bool(activity.isLongRunning),
                    "servedBy": plugin.servedBy[activity.typeName].map(JSONValue.string) ?? .null,
                ]
            })
        if let error = plugin.error {
            object["error"] = ["kind": .string(error.kind), "message": .string(error.description)]
        } else {
            object["error"] = .null
        }
        return .object(object)
    }
}
