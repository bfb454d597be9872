import Foundation
import PluginKit

/// What a REST source requests: the `RestResource` dataset's `relativeUrl`, and `requestMethod`,
/// `additionalHeaders`, `requestBody` and `paginationRules` from the Copy or Lookup `source`
/// (`RestSource`) or, where the source leaves one out, from the dataset (ADF's older model);
/// `httpRequestTimeout` and `requestInterval` from the source.
struct RestSourceSettings: Sendable {
    var relativeURL: String
    var method: String
    var headers: [RestRequest.Header]
    var body: String?
    var pagination: PaginationRules
    /// The time to wait for a response (not to read it); ADF's default 00:01:40.
    var timeout: Duration = .seconds(100)
    /// The wait before each request after the first; ADF's default 00:00:01.
    var interval: Duration = .seconds(1)

    /// Reads `dataset` and `source` (nil for none).
    init(dataset: Invocation.Dataset, source: JSONValue?) throws(ActivityFailure) {
        let datasetReader = try PropertyReader(dataset.typeProperties, path: "dataset '\(dataset.name)' typeProperties")
        let sourceReader = try PropertyReader(source, path: "typeProperties.source")
        /// The source's member when present, else the dataset's, with the reader it came from.
        func pick(_ key: String) -> PropertyReader? {
            if sourceReader.value(key) != nil { return sourceReader }
            if datasetReader.value(key) != nil { return datasetReader }
            return nil
        }
        relativeURL = try datasetReader.string("relativeUrl") ?? ""
        method = "GET"
        if let reader = pick("requestMethod"), let text = try reader.string("requestMethod") {
            method = text.uppercased()
            guard ["GET", "POST"].contains(method) else {
                throw ActivityFailure.invalidProperty(
                    reader.member("requestMethod"), "expected GET or POST, found '\(text)'")
            }
        }
        headers = []
        if let reader = pick("additionalHeaders") { headers = try Self.headers(reader, "additionalHeaders") }
        body = try pick("requestBody")?.string("requestBody")
        if let reader = pick("paginationRules") {
            pagination = try PaginationRules(reader.value("paginationRules"), path: reader.member("paginationRules"))
        } else {
            pagination = PaginationRules()
        }
        if let text = try sourceReader.string("httpRequestTimeout") {
            guard let seconds = ValidationActivity.parseTimeSpan(text), seconds > 0, seconds <= 86_400 else {
                throw ActivityFailure.invalidProperty(
                    sourceReader.member("httpRequestTimeout"),
                    "expected a time span hh:mm:ss up to 1 day, found '\(text)'")
            }
            timeout = .milliseconds(Int64(seconds * 1000))
        }
        if let value = sourceReader.value("requestInterval") {
            interval = try Self.interval(value, path: sourceReader.member("requestInterval"))
        }
        if sourceReader.value("additionalColumns") != nil {
            throw ActivityFailure.invalidProperty(
                sourceReader.member("additionalColumns"),
                "pipehost does not add columns to a REST source yet; remove additionalColumns or add the values in the sink"
            )
        }
    }

    /// `requestInterval`: a time span (`00:00:01`) as the copy source documents it, or a number of
    /// milliseconds as data flows write it.
    static func interval(_ value: JSONValue, path: String) throws(ActivityFailure) -> Duration {
        switch value {
        case .integer(let milliseconds) where (0...3_600_000).contains(milliseconds):
            return .milliseconds(milliseconds)
        case .string(let text):
            if let milliseconds = Int64(text), (0...3_600_000).contains(milliseconds) {
                return .milliseconds(milliseconds)
            }
            if let seconds = ValidationActivity.parseTimeSpan(text), seconds <= 3600 {
                return .milliseconds(Int64(seconds * 1000))
            }
        default: break
        }
        throw ActivityFailure.invalidProperty(
            path, "expected a time span hh:mm:ss up to 1 hour or milliseconds up to 3600000, found \(value)")
    }

    /// Headers as an object (`{"x-user": "value"}`) or as `Name: value` lines.
    static func headers(_ reader: PropertyReader, _ key: String) throws(ActivityFailure) -> [RestRequest.Header] {
        guard let value = reader.value(key) else { return [] }
        switch value {
        case .object:
            let object = try reader.object(key)
            var headers: [RestRequest.Header] = []
            for (name, _) in object.object {
                headers.append(.init(name: name, value: try BlobLinkedService.secret(object, name) ?? ""))
            }
            return headers
        case .string(let text):
            var headers: [RestRequest.Header] = []
            for line in text.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty
            {
                guard let colon = line.firstIndex(of: ":") else {
                    throw ActivityFailure.invalidProperty(reader.member(key), "each line must be 'Name: value'")
                }
                headers.append(
                    .init(
                        name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                        value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
            return headers
        default:
            throw ActivityFailure.wrongPropertyType(
                reader.member(key), "expected an object of headers or 'Name: value' lines, found \(value.typeName)")
        }
    }
}
