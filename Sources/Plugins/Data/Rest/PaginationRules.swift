import Foundation
import PluginKit

/// A REST source's `paginationRules`, parsed: which part of the next request each rule sets and
/// where its value comes from, the end conditions, `MaxRequestNumber` and `SupportRFC5988`.
/// ``Pagination`` applies them; docs/data-activities.md lists the grammar.
struct PaginationRules: Sendable, Equatable {
    /// The part of the next request a rule sets.
    enum Target: Sendable, Equatable {
        /// `AbsoluteUrl`: the whole URL (absolute, or relative to the linked service's `url`).
        case url
        /// `QueryParameters.name` / `QueryParameters['name']`.
        case queryParameter(String)
        /// `Headers.name` / `Headers['name']`.
        case header(String)
        /// `Body`: the whole request body.
        case body
        /// `Body.name` / `Body['name']`: a top-level member of a JSON object request body.
        case bodyMember(String)
        /// `AbsoluteUrl.{name}`, `QueryParameters.{name}`, `Headers.{name}`, `Body.{name}`:
        /// every `{name}` in that part of the request is replaced by the value.
        case placeholder(String, in: Part)
    }

    /// Where placeholders are replaced.
    enum Part: String, Sendable, Equatable {
        case url, headers, body
    }

    /// `RANGE:start:end:step`; `end` nil when left empty (`RANGE:0::1000`).
    struct Range: Sendable, Equatable {
        var start: Int64
        var end: Int64?
        var step: Int64

        /// The value after `value`; nil past the end or on overflow.
        func after(_ value: Int64) -> Int64? {
            let (next, overflow) = value.addingReportingOverflow(step)
            if overflow { return nil }
            if let end, step > 0 ? next > end : next < end { return nil }
            return next
        }
    }

    /// Where a rule's value comes from.
    enum Source: Sendable, Equatable {
        /// A JSONPath into the current response body (`$.paging.next`).
        case bodyPath(JsonPath)
        /// A header of the current response (`Headers.link`, `Headers['X-Next']`).
        case responseHeader(String)
        /// Consecutive numbers, from the first request on.
        case range(Range)
    }

    struct Rule: Sendable, Equatable {
        /// The key as written, for messages.
        var key: String
        var target: Target
        var source: Source
    }

    /// What an end condition looks at.
    enum Subject: Sendable, Equatable {
        case bodyPath(JsonPath)
        case responseHeader(String)
    }

    /// `Empty`, `NonEmpty`, `Exist`, `NonExist`, `Const:value`.
    enum Check: Sendable, Equatable {
        case empty, nonEmpty, exist, nonExist
        case const(String)
    }

    struct EndCondition: Sendable, Equatable {
        var key: String
        var subject: Subject
        var check: Check
    }

    var rules: [Rule] = []
    var endConditions: [EndCondition] = []
    /// `MaxRequestNumber`: requests in all, the first included; nil means no limit.
    var maximumRequests: Int?
    /// Whether an RFC 5988 `Link: <…>; rel="next"` header gives the next URL (when no
    /// `AbsoluteUrl` rule does): on by default when there are no other rules.
    var followsLinkHeader: Bool = true

    static let keys =
        "AbsoluteUrl, QueryParameters.<name>, Headers.<name>, Body, Body.<name>, a .{placeholder} "
        + "form of those, EndCondition:<$.path or headers.name>, MaxRequestNumber, SupportRFC5988"

    init() {}

    /// Reads `value` (an object of strings); `path` names it in messages.
    init(_ value: JSONValue?, path: String) throws(ActivityFailure) {
        guard let value, !value.isNull else { return }
        guard case .object(let object) = value else {
            throw ActivityFailure.wrongPropertyType(path, "expected an object of rules, found \(value.typeName)")
        }
        var support: Bool?
        for (key, member) in object {
            let memberPath = "\(path).\(key)"
            let text: String
            switch member {
            case .string(let string): text = string.trimmingCharacters(in: .whitespaces)
            case .integer(let number): text = String(number)
            case .bool(let flag): text = flag ? "true" : "false"
            default: throw ActivityFailure.wrongPropertyType(memberPath, "expected a string, found \(member.typeName)")
            }
            let lowered = key.lowercased()
            if lowered == "maxrequestnumber" {
                guard !text.isEmpty else { continue }
                guard let number = Int(text), number >= 1, number <= 10_000_000 else {
                    throw ActivityFailure.invalidProperty(
                        memberPath, "expected a whole number from 1 to 10000000, found '\(text)'")
                }
                maximumRequests = number
            } else if lowered == "supportrfc5988" {
                guard let flag = ["true": true, "false": false][text.lowercased()] else {
                    throw ActivityFailure.invalidProperty(memberPath, "expected true or false, found '\(text)'")
                }
                support = flag
            } else if lowered.hasPrefix("endcondition:") {
                let subjectText = String(key.dropFirst("EndCondition:".count)).trimmingCharacters(in: .whitespaces)
                endConditions.append(
                    EndCondition(
                        key: key, subject: try Self.subject(subjectText, path: memberPath),
                        check: try Self.check(text, path: memberPath)))
            } else {
                let target = try Self.target(key, path: memberPath)
                rules.append(Rule(key: key, target: target, source: try Self.source(text, path: memberPath)))
            }
        }
        // Members keep their written order; RANGE rules first so that a range ends pagination
        // before a body value is looked for.
        rules.sort { lhs, rhs in
            if case .range = lhs.source, !Self.isRange(rhs.source) { return true }
            return false
        }
        followsLinkHeader = support ?? rules.isEmpty
    }

    private static func isRange(_ source: Source) -> Bool {
        if case .range = source { return true }
        return false
    }

    /// `Prefix.name`, `Prefix['name']` or `Prefix.{name}` after `prefix`: the name, and whether
    /// it was a placeholder. nil when `rest` is none of those.
    private static func member(_ rest: Substring) -> (name: String, placeholder: Bool)? {
        if rest.hasPrefix("."), rest.count > 1 {
            let name = rest.dropFirst()
            if name.hasPrefix("{"), name.hasSuffix("}"), name.count > 2 {
                return (String(name.dropFirst().dropLast()), true)
            }
            return (String(name), false)
        }
        if rest.hasPrefix("['"), rest.hasSuffix("']"), rest.count > 4 {
            return (String(rest.dropFirst(2).dropLast(2)), false)
        }
        return nil
    }

    static func target(_ key: String, path: String) throws(ActivityFailure) -> Target {
        let prefixes: [(String, Part)] = [
            ("AbsoluteUrl", .url), ("QueryParameters", .url), ("Headers", .headers), ("Body", .body),
        ]
        for (prefix, part) in prefixes where key.lowercased().hasPrefix(prefix.lowercased()) {
            let rest = key.dropFirst(prefix.count)
            if rest.isEmpty {
                if part == .url, prefix == "AbsoluteUrl" { return .url }
                if part == .body { return .body }
                break
            }
            guard let found = member(rest) else { break }
            if found.placeholder { return .placeholder(found.name, in: part) }
            switch prefix {
            case "QueryParameters": return .queryParameter(found.name)
            case "Headers": return .header(found.name)
            case "Body": return .bodyMember(found.name)
            default: break
            }
        }
        throw ActivityFailure.invalidProperty(path, "'\(key)' is not a pagination rule key; the keys are \(keys)")
    }

    static func source(_ text: String, path: String) throws(ActivityFailure) -> Source {
        if text.lowercased().hasPrefix("range:") {
            return .range(try range(text, path: path))
        }
        if text.hasPrefix("$") {
            guard let jsonPath = JsonPath(text) else {
                throw ActivityFailure.invalidProperty(
                    path, "'\(text)' is not a JSONPath like $.paging.next or $['@odata.nextLink']")
            }
            return .bodyPath(jsonPath)
        }
        if let name = responseHeader(text) { return .responseHeader(name) }
        throw ActivityFailure.invalidProperty(
            path,
            "'\(text)' is not a pagination value; expected a JSONPath into the response body ($.next), a response "
                + "header (Headers.link) or RANGE:start:end:step")
    }

    /// `Headers.name` or `Headers['name']` (any case): the header name.
    private static func responseHeader(_ text: String) -> String? {
        guard text.lowercased().hasPrefix("headers") else { return nil }
        guard let found = member(text.dropFirst("headers".count)), !found.placeholder else { return nil }
        return found.name
    }

    static func range(_ text: String, path: String) throws(ActivityFailure) -> Range {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).dropFirst().map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let problem = "expected RANGE:start:end:step with whole numbers (end may be empty), found '\(text)'"
        guard (1...3).contains(parts.count), let start = Int64(parts[0]) else {
            throw ActivityFailure.invalidProperty(path, problem)
        }
        var end: Int64?
        if parts.count > 1, !parts[1].isEmpty {
            guard let number = Int64(parts[1]) else { throw ActivityFailure.invalidProperty(path, problem) }
            end = number
        }
        var step: Int64 = 1
        if parts.count > 2, !parts[2].isEmpty {
            guard let number = Int64(parts[2]), number != 0 else {
                throw ActivityFailure.invalidProperty(path, problem)
            }
            step = number
        }
        if let end, step > 0 ? end < start : end > start {
            throw ActivityFailure.invalidProperty(
                path, "the range '\(text)' never reaches its end \(end) from \(start)")
        }
        return Range(start: start, end: end, step: step)
    }

    static func subject(_ text: String, path: String) throws(ActivityFailure) -> Subject {
        if text.hasPrefix("$") {
            guard let jsonPath = JsonPath(text) else {
                throw ActivityFailure.invalidProperty(path, "'\(text)' is not a JSONPath like $.data")
            }
            return .bodyPath(jsonPath)
        }
        if let name = responseHeader(text) { return .responseHeader(name) }
        throw ActivityFailure.invalidProperty(
            path, "an end condition looks at a JSONPath ($.data) or a response header (headers.Complete), not '\(text)'"
        )
    }

    static func check(_ text: String, path: String) throws(ActivityFailure) -> Check {
        switch text.lowercased() {
        case "empty": return .empty
        case "nonempty": return .nonEmpty
        case "exist": return .exist
        case "nonexist": return .nonExist
        default:
            if text.lowercased().hasPrefix("const:") { return .const(String(text.dropFirst("const:".count))) }
            throw ActivityFailure.invalidProperty(
                path, "expected Empty, NonEmpty, Exist, NonExist or Const:<value>, found '\(text)'")
        }
    }
}
