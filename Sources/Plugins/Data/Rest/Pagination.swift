import Foundation
import PluginKit

/// One response of a REST source, as pagination reads it.
struct RestResponse: Sendable, Equatable {
    var status: Int
    var headers: [RestRequest.Header]
    /// The parsed body; nil when the body is empty.
    var body: JSONValue?

    /// The value of header `name` (ignoring case; repeated headers joined with ", ").
    func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}

/// The pagination of one REST source: the first request, then from each response the next
/// request or the end. Pure (no I/O), so that every rule is tested without a server.
///
/// Pagination ends, as ADF's does, at HTTP 204 or an empty body, when an end condition is met,
/// when a rule's JSONPath or header finds nothing (or an empty string), when a range passes its
/// end, when RFC 5988 is followed and there is no `next` link, and after `MaxRequestNumber`
/// requests. A next request identical to one of the last ``repeatWindow`` requests fails with
/// ``RestFailure/repeatedRequest(url:request:earlier:)`` instead of looping.
struct Pagination: Sendable {
    /// How many earlier requests a new one is compared with.
    static let repeatWindow = 10_000

    let rules: PaginationRules
    /// The first request before any rule is applied (placeholders still in it).
    let template: RestRequest
    /// The linked service's `url`, which relative next links are joined to.
    let baseURL: String
    /// Requests made so far.
    private(set) var sent = 0
    private var rangeValues: [Int: Int64] = [:]
    private var recent: [Int: Int] = [:]
    private var recentOrder: [Int] = []
    private var current: RestRequest?

    init(rules: PaginationRules, template: RestRequest, baseURL: String) {
        self.rules = rules
        self.template = template
        self.baseURL = baseURL
    }

    /// The first request: ranges at their start, placeholders of other rules empty.
    mutating func first() throws(ActivityFailure) -> RestRequest {
        var values: [(PaginationRules.Rule, JSONValue)] = []
        for (index, rule) in rules.rules.enumerated() {
            if case .range(let range) = rule.source {
                rangeValues[index] = range.start
                values.append((rule, .integer(range.start)))
            } else if case .placeholder = rule.target {
                values.append((rule, .string("")))
            }
        }
        return try record(try build(values, link: nil, from: template))
    }

    /// The request after `response` (the answer to the last request); nil when pagination ends.
    mutating func next(after response: RestResponse) throws(ActivityFailure) -> RestRequest? {
        if let maximum = rules.maximumRequests, sent >= maximum { return nil }
        guard response.status != 204, let body = response.body else { return nil }
        for condition in rules.endConditions where Self.isMet(condition, response: response, body: body) { return nil }
        var values: [(PaginationRules.Rule, JSONValue)] = []
        for (index, rule) in rules.rules.enumerated() {
            switch rule.source {
            case .range(let range):
                guard let value = rangeValues[index].flatMap(range.after) else { return nil }
                rangeValues[index] = value
                values.append((rule, .integer(value)))
            case .bodyPath(let path):
                guard let value = path.value(in: body), !value.isNull else { return nil }
                switch value {
                case .array, .object:
                    throw RestFailure.paginationValueNotPrimitive(
                        rule: rule.key, found: "an \(value.typeName.lowercased())"
                    )
                    .failure
                case .string(let text) where text.isEmpty: return nil
                default: values.append((rule, value))
                }
            case .responseHeader(let name):
                guard let value = response.header(name), !value.isEmpty else { return nil }
                values.append((rule, .string(value)))
            }
        }
        var link: String?
        if rules.followsLinkHeader, !rules.rules.contains(where: { $0.target == .url }) {
            guard let next = LinkHeader.next(in: response.header("Link"), requestURL: current?.url ?? template.url)
            else {
                return nil
            }
            link = next
        }
        if values.isEmpty, link == nil { return nil }
        return try record(try build(values, link: link, from: template))
    }

    /// Counts `request` and refuses it when it repeats a recent one.
    private mutating func record(_ request: RestRequest) throws(ActivityFailure) -> RestRequest {
        sent += 1
        let key = request.fingerprint.hashValue
        if let earlier = recent[key] {
            throw RestFailure.repeatedRequest(url: request.url, request: sent, earlier: earlier).failure
        }
        recent[key] = sent
        recentOrder.append(key)
        if recentOrder.count > Self.repeatWindow { recent[recentOrder.removeFirst()] = nil }
        current = request
        return request
    }

    /// `template` with the rules' values in place: placeholders first, then the URL, query
    /// parameters, headers and body the rules set.
    private func build(
        _ values: [(PaginationRules.Rule, JSONValue)], link: String?, from template: RestRequest
    ) throws(ActivityFailure) -> RestRequest {
        var request = template
        for (rule, value) in values {
            guard case .placeholder(let name, let part) = rule.target else { continue }
            let text = Self.text(value)
            switch part {
            case .url: request.url = request.url.replacingOccurrences(of: "{\(name)}", with: RestRequest.encode(text))
            case .headers:
                request.headers = request.headers.map {
                    .init(name: $0.name, value: $0.value.replacingOccurrences(of: "{\(name)}", with: text))
                }
            case .body: request.body = request.body?.replacingOccurrences(of: "{\(name)}", with: text)
            }
        }
        if let link { request.url = link }
        for (rule, value) in values {
            let text = Self.text(value)
            switch rule.target {
            case .url: request.url = RestRequest.join(base: baseURL, text)
            case .queryParameter(let name):
                request.url = RestRequest.settingQueryParameter(name, to: text, in: request.url)
            case .header(let name): request.setHeader(name, text)
            case .body: request.body = text
            case .bodyMember(let name):
                var object = JSONObject()
                if let body = request.body, !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    guard case .object(let parsed)? = try? JSONParser.parse(Array(body.utf8)) else {
                        throw ActivityFailure.invalidProperty(
                            "paginationRules.\(rule.key)",
                            "it sets a member of the request body, which is not a JSON object")
                    }
                    object = parsed
                }
                object[name] = value
                request.body = JSONSerializer.serialize(.object(object))
            case .placeholder: continue
            }
        }
        return request
    }

    /// A primitive value as the text a request carries.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        default: JSONSerializer.serialize(value)
        }
    }

    /// Whether `condition` holds for `response`.
    static func isMet(_ condition: PaginationRules.EndCondition, response: RestResponse, body: JSONValue) -> Bool {
        let value: JSONValue?
        switch condition.subject {
        case .bodyPath(let path): value = path.value(in: body)
        case .responseHeader(let name): value = response.header(name).map(JSONValue.string)
        }
        switch condition.check {
        case .exist: return value != nil
        case .nonExist: return value == nil
        case .empty: return isEmpty(value)
        case .nonEmpty: return !isEmpty(value)
        case .const(let expected):
            guard let value, !isContainer(value) else { return false }
            let actual = text(value)
            if case .bool = value { return actual == expected.lowercased() }
            return actual == expected
        }
    }

    /// Missing, null, `""`, `[]` and `{}` are empty.
    private static func isEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.isEmpty
        case .array(let elements)?: elements.isEmpty
        case .object(let object)?: object.isEmpty
        default: false
        }
    }

    private static func isContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: true
        default: false
        }
    }
}
