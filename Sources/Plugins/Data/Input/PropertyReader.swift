import Foundation
import PluginKit

/// Reads typed members of one JSON object of an activity's or dataset's properties, failing with
/// ADF's 2104/2105 errors that name the member's full path (`typeProperties.source.recursive`).
package struct PropertyReader: Sendable {
    package let object: JSONObject
    /// The object's own path, e.g. `typeProperties.source`.
    package let path: String

    package init(object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    package init(_ value: JSONValue?, path: String) throws(ActivityFailure) {
        switch value {
        case nil, .null?: self.init(object: JSONObject(), path: path)
        case .object(let object)?: self.init(object: object, path: path)
        case let other?: throw ActivityFailure.wrongPropertyType(path, "expected an object, found \(other.typeName)")
        }
    }

    package func member(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member's value, ignoring case; nil when absent or null.
    package func value(_ key: String) -> JSONValue? {
        guard let value = object[caseInsensitive: key], !value.isNull else { return nil }
        return value
    }

    package func string(_ key: String) throws(ActivityFailure) -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        default: throw ActivityFailure.wrongPropertyType(member(key), "expected a string, found \(value.typeName)")
        }
    }

    package func requiredString(_ key: String) throws(ActivityFailure) -> String {
        guard let text = try string(key) else { throw ActivityFailure.missingProperty(member(key)) }
        return text
    }

    package func bool(_ key: String) throws(ActivityFailure) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where text.lowercased() == "true": return true
        case .string(let text) where text.lowercased() == "false": return false
        default: throw ActivityFailure.wrongPropertyType(member(key), "expected a boolean, found \(value.typeName)")
        }
    }

    package func integer(_ key: String, in range: ClosedRange<Int>) throws(ActivityFailure) -> Int? {
        guard let value = value(key) else { return nil }
        let number: Int64?
        switch value {
        case .integer(let integer): number = integer
        case .double(let double) where double == double.rounded() && abs(double) < 1e15: number = Int64(double)
        case .string(let text): number = Int64(text.trimmingCharacters(in: .whitespaces))
        default: number = nil
        }
        guard let number else {
            throw ActivityFailure.wrongPropertyType(member(key), "expected an integer, found \(value.typeName)")
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw ActivityFailure.invalidProperty(
                member(key), "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(number)
    }

    package func object(_ key: String) throws(ActivityFailure) -> PropertyReader {
        try PropertyReader(value(key), path: member(key))
    }

    package func array(_ key: String) throws(ActivityFailure) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else {
            throw ActivityFailure.wrongPropertyType(member(key), "expected an array, found \(value.typeName)")
        }
        return elements
    }

    /// An ISO 8601 date-time (`2024-05-01T00:00:00Z`, fractional seconds allowed).
    package func dateTime(_ key: String) throws(ActivityFailure) -> Date? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        guard let date = ISODates.parse(text) else {
            throw ActivityFailure.invalidProperty(member(key), "'\(text)' is not an ISO 8601 date-time")
        }
        return date
    }
}

/// ISO 8601 reading and writing in the shapes ADF uses.
enum ISODates {
    package static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        // A date-time without an offset is UTC, as ADF reads it.
        return plain.date(from: text + "Z") ?? withFraction.date(from: text + "Z")
    }

    /// `2024-05-01T10:00:00Z`, as GetMetadata's `lastModified`.
    package static func seconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `2024-05-01T10:00:00.1234567Z`-like, with milliseconds, as Copy's `executionDetails.start`.
    package static func fractional(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
