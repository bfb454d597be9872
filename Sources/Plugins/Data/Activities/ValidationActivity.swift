import Foundation
import PluginKit

/// ADF's Validation: waits until a dataset's file or folder exists and meets `minimumSize` or
/// `childItems`, checking every `sleep` seconds, and fails when `timeout` passes first. It is a
/// long-running operation, so the wait survives a host restart and the host's cancellation and
/// activity timeout apply.
enum ValidationActivity {
    /// What the host stores between polls: when the wait started and ends, and the interval.
    struct State: Codable, Sendable, Equatable {
        var startedAt: Double
        var deadline: Double
        var sleepSeconds: Int
    }

    /// The longest `timeout` ADF accepts: 7 days. The default is 12 hours.
    static let maximumTimeout: Double = 7 * 24 * 3600
    static let defaultTimeout: Double = 12 * 3600

    struct Conditions: Sendable {
        var dataset: Invocation.Dataset
        var minimumSize: Int64
        var childItems: Bool?
        var timeout: Double
        var sleep: Int
    }

    static func conditions(_ call: ActivityCall<JSONValue>) throws(ActivityFailure) -> Conditions {
        let properties = try PropertyReader(call.input, path: "typeProperties")
        let dataset = try DatasetReference.resolve(properties, invocation: call.invocation)
        var timeout = defaultTimeout
        if let text = try properties.string("timeout") {
            guard let seconds = parseTimeSpan(text), seconds > 0, seconds <= maximumTimeout else {
                throw ActivityFailure.invalidProperty(
                    "typeProperties.timeout", "expected d.hh:mm:ss up to 7.00:00:00, found '\(text)'")
            }
            timeout = seconds
        }
        let sleep = try properties.integer("sleep", in: 1...86_400) ?? 10
        let minimumSize = Int64(try properties.integer("minimumSize", in: 0...Int.max) ?? 0)
        // childItems: true, false, or absent ("ignore"), as ADF's UI writes it.
        var childItems: Bool?
        if properties.value("childItems")?.stringValue?.lowercased() == "ignore" {
            childItems = nil
        } else {
            childItems = try properties.bool("childItems")
        }
        return Conditions(dataset: dataset, minimumSize: minimumSize, childItems: childItems, timeout: timeout, sleep: sleep)
    }

    /// `d.hh:mm:ss`, `hh:mm:ss` (fractions of seconds allowed) in seconds; nil when malformed.
    static func parseTimeSpan(_ text: String) -> Double? {
        var days = 0.0
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if let dot = rest.firstIndex(of: "."), let colon = rest.firstIndex(of: ":"), dot < colon {
            guard let value = Double(rest[..<dot]), value >= 0 else { return nil }
            days = value
            rest = rest[rest.index(after: dot)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]), let seconds = Double(parts[2]),
            hours >= 0, hours < 24, minutes >= 0, minutes < 60, seconds >= 0, seconds < 60
        else { return nil }
        return days * 86400 + hours * 3600 + minutes * 60 + seconds
    }

    static func start(_ plugin: DataPlugin, _ call: ActivityCall<JSONValue>) async throws -> OperationStep<State, JSONValue> {
        let conditions = try conditions(call)
        let now = Date().timeIntervalSince1970
        let state = State(startedAt: now, deadline: now + conditions.timeout, sleepSeconds: conditions.sleep)
        return try await check(plugin, conditions: conditions, state: state)
    }

    static func poll(_ plugin: DataPlugin, _ call: ActivityCall<JSONValue>, _ state: State) async throws
        -> OperationStep<State, JSONValue>
    {
        try await check(plugin, conditions: try conditions(call), state: state)
    }

    private static func check(_ plugin: DataPlugin, conditions: Conditions, state: State) async throws(ActivityFailure)
        -> OperationStep<State, JSONValue>
    {
        guard case .files(let store) = try DatasetStore.resolve(conditions.dataset, tableStores: plugin.tableStores, clients: plugin.http) else {
            throw ActivityFailure.userError(
                "The Validation activity checks files and folders; dataset '\(conditions.dataset.name)' is a table.",
                code: DataErrorCode.invalidDataset)
        }
        let location = try DatasetLocation(dataset: conditions.dataset)
        let now = Date().timeIntervalSince1970
        if let item = try await store.item(at: location.path) {
            var output: JSONObject = ["exists": true, "itemType": .string(item.isFolder ? "Folder" : "File")]
            var met = true
            if item.isFolder {
                if let wanted = conditions.childItems {
                    let count = try await store.list(folder: item.path, recursive: false).count
                    met = wanted ? count > 0 : count == 0
                    output["childItemCount"] = .integer(Int64(count))
                }
            } else {
                met = item.size >= conditions.minimumSize
                output["size"] = .integer(item.size)
            }
            if met {
                output["executionDuration"] = .integer(Int64((now - state.startedAt).rounded()))
                return .succeeded(.object(output))
            }
        }
        guard now + Double(state.sleepSeconds) <= state.deadline else {
            throw ActivityFailure.userError(
                "The Validation activity timed out: '\(location.path)' in \(store.description) did not meet the conditions "
                    + "(exists\(conditions.minimumSize > 0 ? ", minimumSize \(conditions.minimumSize)" : "")"
                    + "\(conditions.childItems.map { ", childItems \($0)" } ?? "")) within the timeout.",
                code: DataErrorCode.validationTimedOut)
        }
        return .running(state, pollAfter: .seconds(state.sleepSeconds))
    }
}
