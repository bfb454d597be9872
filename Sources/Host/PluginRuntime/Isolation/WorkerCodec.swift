import HostCore
import Logging
import PipehostJSON

/// How the values of a call cross the pipe: the invocation, the outcome, operation state (hex)
/// and log levels. Both sides use these, so the two ends cannot drift apart.
enum WorkerCodec {
    // MARK: Invocation

    /// The `execute` request of one call: the type, run id and attempt the worker needs for the
    /// call's context, and the invocation document as text (UTF-8 JSON, exactly the bytes the
    /// plugin receives; the host writes it with the plugin's settings).
    static func executeRequest(_ invocation: ActivityInvocation, settings: [UInt8]) -> JSONObject {
        [
            "kind": "execute", "type": .string(invocation.activityType),
            "activityRunId": .string(invocation.run.activityRunId), "attempt": .integer(Int64(invocation.run.attempt)),
            "invocation": .string(String(decoding: invocation.documentBytes(settings: settings), as: UTF8.self)),
        ]
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
