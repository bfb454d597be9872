import HostCore
import Logging
import PipehostJSON

/// How the values of a call cross the pipe: the invocation, the outcome, operation state (hex)
/// and log levels. Both sides use these, so the two ends cannot drift apart.
enum WorkerCodec {
    // MARK: Invocation

    /// The invocation as the plugin would see it, without settings (the worker has its own).
    static func encode(_ invocation: ActivityInvocation) -> JSONValue {
        var json = invocation.json(settings: .null)
        if case .object(var object) = json {
            object["settings"] = nil
            json = .object(object)
        }
        return json
    }

    /// The reverse of ``encode(_:)-(ActivityInvocation)``; nil when a required member is missing.
    static func decodeInvocation(_ json: JSONValue) -> ActivityInvocation? {
        guard let activity = json["activity"], let name = activity["name"]?.stringValue,
            let type = activity["type"]?.stringValue, let run = json["run"]
        else { return nil }
        func text(_ key: String) -> String { run[key]?.stringValue ?? "" }
        var attempt = 1
        if case .integer(let value) = run["attempt"] { attempt = Int(value) }
        var linkedServices: [String: ResolvedLinkedService] = [:]
        if case .object(let object) = json["linkedServices"] {
            for (key, value) in object { linkedServices[key] = linkedService(value) }
        }
        var datasets: [String: JSONValue] = [:]
        if case .object(let object) = json["datasets"] {
            for (key, value) in object { datasets[key] = value }
        }
        return ActivityInvocation(
            activityName: name, activityType: type, description: activity["description"]?.stringValue,
            typeProperties: activity["typeProperties"] ?? .object(JSONObject()),
            policy: activity["policy"] ?? .object(JSONObject()), userProperties: activity["userProperties"] ?? .array([]),
            linkedService: json["linkedService"].flatMap(linkedService), linkedServices: linkedServices,
            datasets: datasets,
            run: RunIdentifiers(
                dataFactory: text("dataFactory"), pipelineName: text("pipelineName"),
                pipelineRunId: text("pipelineRunId"), activityRunId: text("activityRunId"), attempt: attempt,
                triggerType: text("triggerType"), triggerTime: text("triggerTime"), groupId: text("groupId")))
    }

    private static func linkedService(_ json: JSONValue) -> ResolvedLinkedService? {
        guard let name = json["name"]?.stringValue, let type = json["type"]?.stringValue else { return nil }
        return ResolvedLinkedService(name: name, type: type, typeProperties: json["typeProperties"] ?? .null)
    }

    // MARK: Outcome

    static func encode(_ outcome: ActivityOutcome) -> JSONValue {
        switch outcome {
        case .succeeded(let output):
            return ["status": "succeeded", "output": output]
        case .failed(let error):
            var object = error.json.objectValue ?? JSONObject()
            object["status"] = "failed"
            return .object(object)
        case .cancelled:
            return ["status": "cancelled"]
        }
    }

    static func decodeOutcome(_ json: JSONValue) -> ActivityOutcome? {
        switch json["status"]?.stringValue {
        case "succeeded":
            return .succeeded(output: json["output"] ?? .null)
        case "failed":
            guard case .object(var object) = json else { return nil }
            object["status"] = nil
            do {
                return .failed(try ActivityError(validating: .object(object)))
            } catch {
                return nil
            }
        case "cancelled":
            return .cancelled
        default:
            return nil
        }
    }

    // MARK: Bytes and levels

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func value(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func level(_ text: String?) -> Logger.Level {
        text.flatMap(Logger.Level.init(rawValue:)) ?? .info
    }
}
