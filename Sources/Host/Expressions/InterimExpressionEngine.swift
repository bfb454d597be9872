// INTERIM STAND-IN — replaced by the `expr` branch's PipelineExpressions when it lands on main.
//
// The engine branch needs the expressions API (CompiledExpression, ExpressionCache, JSONTemplate,
// EvaluationScope, ExpressionError) to build and test the runner before the real evaluator exists.
// This file implements exactly that API surface over a small subset of the language, and is
// deleted in the merge that brings the real module in. Nothing outside tests relies on a function
// that only this file provides.
import Foundation
import PipehostJSON

/// Non-deterministic inputs of the expression language.
public struct EvaluationEnvironment: Sendable {
    public var now: @Sendable () -> Date
    public var newGUID: @Sendable () -> String
    public var random: @Sendable (Int64, Int64) -> Int64

    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        newGUID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        random: @escaping @Sendable (Int64, Int64) -> Int64 = { Int64.random(in: $0..<$1) }
    ) {
        self.now = now
        self.newGUID = newGUID
        self.random = random
    }

    public static let live = EvaluationEnvironment()
}

/// What an expression can see.
public struct EvaluationScope: Sendable {
    public var parameters: JSONObject
    public var globalParameters: JSONObject
    public var system: JSONObject
    public var variables: JSONObject
    public var activity: @Sendable (String) -> JSONValue?
    public var item: JSONValue?
    public var linkedServiceParameters: JSONObject?
    public var datasetParameters: JSONObject?
    public var trigger: JSONValue?
    public var environment: EvaluationEnvironment

    public init(
        parameters: JSONObject = [:], globalParameters: JSONObject = [:], system: JSONObject = [:],
        variables: JSONObject = [:], activity: @escaping @Sendable (String) -> JSONValue? = { _ in nil },
        item: JSONValue? = nil, linkedServiceParameters: JSONObject? = nil, datasetParameters: JSONObject? = nil,
        trigger: JSONValue? = nil, environment: EvaluationEnvironment = EvaluationEnvironment()
    ) {
        self.parameters = parameters
        self.globalParameters = globalParameters
        self.system = system
        self.variables = variables
        self.activity = activity
        self.item = item
        self.linkedServiceParameters = linkedServiceParameters
        self.datasetParameters = datasetParameters
        self.trigger = trigger
        self.environment = environment
    }
}

/// Why an expression could not be compiled or evaluated.
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    public var expression: String
    public var column: Int
    public var message: String
    public var jsonPath: String?

    public init(expression: String, column: Int, message: String, jsonPath: String? = nil) {
        self.expression = expression
        self.column = column
        self.message = message
        self.jsonPath = jsonPath
    }

    public var description: String {
        let place = jsonPath.map { " at \($0)" } ?? ""
        return "The expression '\(expression)'\(place) cannot be evaluated: \(message)"
    }
}

/// A template string compiled once.
public struct CompiledExpression: Sendable {
    indirect enum Node: Sendable {
        case literal(JSONValue)
        case call(String, [Node])
        case member(Node, String, nullSafe: Bool)
        case index(Node, Node, nullSafe: Bool)
    }

    enum Part: Sendable {
        case text(String)
        case node(Node)
    }

    public let source: String
    let whole: Node?
    let parts: [Part]

    public var isLiteral: Bool { whole == nil && parts.allSatisfy { if case .text = $0 { true } else { false } } }

    public static func compile(_ text: String) throws(ExpressionError) -> CompiledExpression {
        if text.hasPrefix("@@") {
            return CompiledExpression(source: text, whole: nil, parts: [.text(String(text.dropFirst()))])
        }
        if text.hasPrefix("@"), !text.hasPrefix("@{") {
            var parser = ExpressionParser(source: text, text: Array(text.utf8), position: 1)
            let node = try parser.parseExpression()
            try parser.expectEnd()
            return CompiledExpression(source: text, whole: node, parts: [])
        }
        var parts: [Part] = []
        var buffer = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if characters[index] == "@", index + 1 < characters.count, characters[index + 1] == "{" {
                if index > 0, characters[index - 1] == "@" {
                    buffer.removeLast()
                    buffer.append("@{")
                    index += 2
                    continue
                }
                var depth = 1
                var end = index + 2
                var inString = false
                while end < characters.count {
                    let character = characters[end]
                    if character == "'" { inString.toggle() }
                    if !inString {
                        if character == "{" { depth += 1 }
                        if character == "}" { depth -= 1; if depth == 0 { break } }
                    }
                    end += 1
                }
                guard end < characters.count else {
                    throw ExpressionError(expression: text, column: index + 1, message: "'@{' has no closing '}'")
                }
                if !buffer.isEmpty { parts.append(.text(buffer)); buffer = "" }
                let inner = String(characters[(index + 2)..<end])
                var parser = ExpressionParser(source: text, text: Array(inner.utf8), position: 0)
                let node = try parser.parseExpression()
                try parser.expectEnd()
                parts.append(.node(node))
                index = end + 1
                continue
            }
            buffer.append(characters[index])
            index += 1
        }
        if !buffer.isEmpty { parts.append(.text(buffer)) }
        return CompiledExpression(source: text, whole: nil, parts: parts)
    }

    public func evaluate(in scope: EvaluationScope) throws(ExpressionError) -> JSONValue {
        var evaluator = NodeEvaluator(scope: scope, source: source)
        if let whole { return try evaluator.evaluate(whole) }
        if parts.count == 1, case .text(let text) = parts[0] { return .string(text) }
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .node(let node): result += NodeEvaluator.text(of: try evaluator.evaluate(node))
            }
        }
        return .string(result)
    }
}

/// Compiles each distinct text once.
public final class ExpressionCache: Sendable {
    private let storage = NSLock()
    nonisolated(unsafe) private var entries: [String: CompiledExpression] = [:]
    private let capacity: Int

    public init(capacity: Int = 4096) { self.capacity = capacity }

    public func compile(_ text: String) throws(ExpressionError) -> CompiledExpression {
        storage.lock()
        if let hit = entries[text] { storage.unlock(); return hit }
        storage.unlock()
        let compiled = try CompiledExpression.compile(text)
        storage.lock()
        if entries.count >= capacity { entries.removeAll() }
        entries[text] = compiled
        storage.unlock()
        return compiled
    }
}

/// Evaluates every expression inside a JSON value.
public enum JSONTemplate {
    public static func evaluate(
        _ value: JSONValue, in scope: EvaluationScope, cache: ExpressionCache? = nil, path: String = ""
    ) throws(ExpressionError) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("@") else { return value }
            do throws(ExpressionError) {
                let compiled: CompiledExpression
                if let cache { compiled = try cache.compile(text) } else { compiled = try CompiledExpression.compile(text) }
                return try compiled.evaluate(in: scope)
            } catch {
                var error = error
                if error.jsonPath == nil { error.jsonPath = path }
                throw error
            }
        case .array(let elements):
            var result: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                result.append(try evaluate(element, in: scope, cache: cache, path: "\(path)[\(index)]"))
            }
            return .array(result)
        case .object(let object):
            if let type = object["type"]?.stringValue, type == "Expression", object.count == 2,
                case .string(let text)? = object["value"]
            {
                return try evaluate(.string(text), in: scope, cache: cache, path: path)
            }
            var result = JSONObject()
            for member in object {
                result[member.key] = try evaluate(member.value, in: scope, cache: cache, path: path.isEmpty ? member.key : "\(path).\(member.key)")
            }
            return .object(result)
        default:
            return value
        }
    }

    public static func containsExpressions(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.contains("@")
        case .array(let elements): elements.contains(where: containsExpressions)
        case .object(let object): object.values.contains(where: containsExpressions)
        default: false
        }
    }
}

struct ExpressionParser {
    let source: String
    let text: [UInt8]
    var position: Int

    func fail(_ message: String) -> ExpressionError {
        ExpressionError(expression: source, column: position + 1, message: message)
    }

    mutating func skipSpaces() {
        while position < text.count, text[position] == 0x20 || text[position] == 0x0A || text[position] == 0x0D || text[position] == 0x09 {
            position += 1
        }
    }

    mutating func expectEnd() throws(ExpressionError) {
        skipSpaces()
        if position < text.count { throw fail("unexpected text after the expression") }
    }

    mutating func parseExpression() throws(ExpressionError) -> CompiledExpression.Node {
        skipSpaces()
        guard position < text.count else { throw fail("the expression ends too early") }
        var node: CompiledExpression.Node
        let byte = text[position]
        if byte == UInt8(ascii: "'") {
            position += 1
            var bytes: [UInt8] = []
            while true {
                guard position < text.count else { throw fail("a string is not closed") }
                if text[position] == UInt8(ascii: "'") {
                    if position + 1 < text.count, text[position + 1] == UInt8(ascii: "'") {
                        bytes.append(UInt8(ascii: "'")); position += 2; continue
                    }
                    position += 1
                    break
                }
                bytes.append(text[position]); position += 1
            }
            node = .literal(.string(String(decoding: bytes, as: UTF8.self)))
        } else if byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) {
            let start = position
            position += 1
            while position < text.count, (text[position] >= 0x30 && text[position] <= 0x39) || text[position] == UInt8(ascii: ".") {
                position += 1
            }
            let literal = String(decoding: text[start..<position], as: UTF8.self)
            if let integer = Int64(literal) { node = .literal(.integer(integer)) }
            else if let double = Double(literal) { node = .literal(.double(double)) }
            else { throw fail("'\(literal)' is not a number") }
        } else {
            let start = position
            while position < text.count, text[position].isNameByte { position += 1 }
            guard position > start else { throw fail("unexpected character") }
            let name = String(decoding: text[start..<position], as: UTF8.self)
            skipSpaces()
            if position < text.count, text[position] == UInt8(ascii: "(") {
                position += 1
                var arguments: [CompiledExpression.Node] = []
                skipSpaces()
                if position < text.count, text[position] == UInt8(ascii: ")") {
                    position += 1
                } else {
                    while true {
                        arguments.append(try parseExpression())
                        skipSpaces()
                        guard position < text.count else { throw fail("a function call is not closed") }
                        if text[position] == UInt8(ascii: ",") { position += 1; continue }
                        if text[position] == UInt8(ascii: ")") { position += 1; break }
                        throw fail("expected ',' or ')'")
                    }
                }
                node = .call(name.lowercased(), arguments)
            } else {
                switch name.lowercased() {
                case "true": node = .literal(.bool(true))
                case "false": node = .literal(.bool(false))
                case "null": node = .literal(.null)
                default: throw fail("'\(name)' is not a function call")
                }
            }
        }
        while true {
            skipSpaces()
            guard position < text.count else { break }
            var nullSafe = false
            if text[position] == UInt8(ascii: "?"), position + 1 < text.count,
                text[position + 1] == UInt8(ascii: ".") || text[position + 1] == UInt8(ascii: "[")
            {
                nullSafe = true
                position += 1
            }
            if text[position] == UInt8(ascii: ".") {
                position += 1
                let start = position
                while position < text.count, text[position].isNameByte { position += 1 }
                node = .member(node, String(decoding: text[start..<position], as: UTF8.self), nullSafe: nullSafe)
            } else if text[position] == UInt8(ascii: "[") {
                position += 1
                let index = try parseExpression()
                skipSpaces()
                guard position < text.count, text[position] == UInt8(ascii: "]") else { throw fail("expected ']'") }
                position += 1
                node = .index(node, index, nullSafe: nullSafe)
            } else {
                break
            }
        }
        return node
    }
}

extension UInt8 {
    fileprivate var isNameByte: Bool {
        (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || (self >= 0x30 && self <= 0x39) || self == 0x5F
    }
}

struct NodeEvaluator {
    let scope: EvaluationScope
    let source: String

    func fail(_ message: String) -> ExpressionError { ExpressionError(expression: source, column: 1, message: message) }

    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .null: ""
        default: JSONSerializer.serialize(value)
        }
    }

    mutating func evaluate(_ node: CompiledExpression.Node) throws(ExpressionError) -> JSONValue {
        switch node {
        case .literal(let value):
            return value
        case .member(let base, let name, let nullSafe):
            let value = try evaluate(base)
            if value.isNull, nullSafe { return .null }
            guard case .object(let object) = value else { throw fail("cannot select property '\(name)' of \(value.typeName)") }
            guard let member = object[caseInsensitive: name] else {
                if nullSafe { return .null }
                throw fail("property '\(name)' doesn't exist, available properties are '\(object.keys.joined(separator: ", "))'")
            }
            return member
        case .index(let base, let indexNode, let nullSafe):
            let value = try evaluate(base)
            let index = try evaluate(indexNode)
            if value.isNull, nullSafe { return .null }
            if case .string(let key) = index {
                guard let member = value.objectValue?[caseInsensitive: key] else {
                    if nullSafe { return .null }
                    throw fail("property '\(key)' doesn't exist")
                }
                return member
            }
            guard let position = index.integerValue, let element = value[Int(position)] else {
                throw fail("index \(index) is out of range")
            }
            return element
        case .call(let name, let argumentNodes):
            var arguments: [JSONValue] = []
            for argument in argumentNodes { arguments.append(try evaluate(argument)) }
            return try call(name, arguments)
        }
    }

    func number(_ value: JSONValue) throws(ExpressionError) -> Double {
        guard let number = value.numberValue else { throw fail("\(value) is not a number") }
        return number
    }

    func arithmetic(_ arguments: [JSONValue], _ integer: (Int64, Int64) -> Int64?, _ double: (Double, Double) -> Double) throws(ExpressionError) -> JSONValue {
        guard arguments.count == 2 else { throw fail("expects two arguments") }
        if case .integer(let a) = arguments[0], case .integer(let b) = arguments[1], let result = integer(a, b) {
            return .integer(result)
        }
        return .double(double(try number(arguments[0]), try number(arguments[1])))
    }

    func compare(_ arguments: [JSONValue]) throws(ExpressionError) -> Int {
        guard arguments.count == 2 else { throw fail("expects two arguments") }
        if let a = arguments[0].numberValue, let b = arguments[1].numberValue { return a < b ? -1 : (a > b ? 1 : 0) }
        if let a = arguments[0].stringValue, let b = arguments[1].stringValue { return a < b ? -1 : (a > b ? 1 : 0) }
        throw fail("cannot compare \(arguments[0].typeName) with \(arguments[1].typeName)")
    }

    func call(_ name: String, _ arguments: [JSONValue]) throws(ExpressionError) -> JSONValue {
        func argument(_ index: Int) throws(ExpressionError) -> JSONValue {
            guard arguments.indices.contains(index) else { throw fail("function '\(name)' expects more arguments") }
            return arguments[index]
        }
        switch name {
        case "pipeline":
            var object = scope.system
            object["parameters"] = .object(scope.parameters)
            object["globalParameters"] = .object(scope.globalParameters)
            return .object(object)
        case "variables":
            let key = try argument(0).stringValue ?? ""
            guard let value = scope.variables[key] else { throw fail("the variable '\(key)' doesn't exist") }
            return value
        case "activity":
            let key = try argument(0).stringValue ?? ""
            guard let value = scope.activity(key) else {
                throw fail("the output of activity '\(key)' can't be referenced since it is either not an ancestor to the current activity or does not exist")
            }
            return value
        case "item":
            guard let item = scope.item else { throw fail("item() can only be used inside a ForEach activity") }
            return item
        case "linkedservice":
            return .object(scope.linkedServiceParameters ?? [:])
        case "dataset":
            return .object(scope.datasetParameters ?? [:])
        case "trigger":
            return scope.trigger ?? .object([:])
        case "concat":
            if arguments.allSatisfy({ $0.arrayValue != nil }) { return .array(arguments.flatMap { $0.arrayValue ?? [] }) }
            return .string(arguments.map(Self.text(of:)).joined())
        case "equals":
            return .bool(try argument(0) == argument(1) || (arguments[0].numberValue != nil && arguments[0].numberValue == arguments[1].numberValue))
        case "not":
            guard let flag = try argument(0).boolValue else { throw fail("not() expects a boolean") }
            return .bool(!flag)
        case "and":
            return .bool(arguments.allSatisfy { $0.boolValue == true })
        case "or":
            return .bool(arguments.contains { $0.boolValue == true })
        case "if":
            guard let flag = try argument(0).boolValue else { throw fail("if() expects a boolean") }
            return flag ? try argument(1) : try argument(2)
        case "add": return try arithmetic(arguments, { $0.addingReportingOverflow($1).overflow ? nil : $0 + $1 }, +)
        case "sub": return try arithmetic(arguments, { $0.subtractingReportingOverflow($1).overflow ? nil : $0 - $1 }, -)
        case "mul": return try arithmetic(arguments, { $0.multipliedReportingOverflow(by: $1).overflow ? nil : $0 * $1 }, *)
        case "div":
            if try number(argument(1)) == 0 { throw fail("division by zero") }
            return try arithmetic(arguments, { $0 / $1 }, /)
        case "mod":
            if try number(argument(1)) == 0 { throw fail("division by zero") }
            return try arithmetic(arguments, { $0 % $1 }, { $0.truncatingRemainder(dividingBy: $1) })
        case "less": return .bool(try compare(arguments) < 0)
        case "lessorequals": return .bool(try compare(arguments) <= 0)
        case "greater": return .bool(try compare(arguments) > 0)
        case "greaterorequals": return .bool(try compare(arguments) >= 0)
        case "length":
            switch try argument(0) {
            case .string(let text): return .integer(Int64(text.count))
            case .array(let elements): return .integer(Int64(elements.count))
            case .object(let object): return .integer(Int64(object.count))
            default: throw fail("length() expects a string or an array")
            }
        case "empty":
            switch try argument(0) {
            case .null: return .bool(true)
            case .string(let text): return .bool(text.isEmpty)
            case .array(let elements): return .bool(elements.isEmpty)
            case .object(let object): return .bool(object.isEmpty)
            default: return .bool(false)
            }
        case "string": return .string(Self.text(of: try argument(0)))
        case "int":
            let value = try argument(0)
            if let integer = value.integerValue { return .integer(integer) }
            if let text = value.stringValue, let integer = Int64(text) { return .integer(integer) }
            if let double = value.numberValue { return .integer(Int64(double)) }
            throw fail("int() cannot convert \(value)")
        case "float":
            let value = try argument(0)
            if let number = value.numberValue { return .double(number) }
            if let text = value.stringValue, let number = Double(text) { return .double(number) }
            throw fail("float() cannot convert \(value)")
        case "bool":
            let value = try argument(0)
            if let flag = value.boolValue { return .bool(flag) }
            if let text = value.stringValue?.lowercased(), text == "true" || text == "false" { return .bool(text == "true") }
            throw fail("bool() cannot convert \(value)")
        case "json":
            guard let text = try argument(0).stringValue, let value = try? JSONParser.parse(text) else {
                throw fail("json() expects a string holding JSON")
            }
            return value
        case "array": return .array([try argument(0)])
        case "createarray": return .array(arguments)
        case "contains":
            let collection = try argument(0)
            let needle = try argument(1)
            switch collection {
            case .string(let text): return .bool(text.contains(needle.stringValue ?? "\u{0}"))
            case .array(let elements): return .bool(elements.contains(needle))
            case .object(let object): return .bool(object[needle.stringValue ?? ""] != nil)
            default: return .bool(false)
            }
        case "coalesce": return arguments.first { !$0.isNull } ?? .null
        case "toupper": return .string((try argument(0).stringValue ?? "").uppercased())
        case "tolower": return .string((try argument(0).stringValue ?? "").lowercased())
        case "startswith": return .bool((try argument(0).stringValue ?? "").lowercased().hasPrefix((try argument(1).stringValue ?? "").lowercased()))
        case "endswith": return .bool((try argument(0).stringValue ?? "").lowercased().hasSuffix((try argument(1).stringValue ?? "").lowercased()))
        case "replace":
            return .string((try argument(0).stringValue ?? "").replacingOccurrences(
                of: try argument(1).stringValue ?? "", with: try argument(2).stringValue ?? ""))
        case "split":
            return .array((try argument(0).stringValue ?? "").components(separatedBy: try argument(1).stringValue ?? ",").map { .string($0) })
        case "join":
            return .string((try argument(0).arrayValue ?? []).map(Self.text(of:)).joined(separator: try argument(1).stringValue ?? ""))
        case "first": return (try argument(0).arrayValue ?? []).first ?? .null
        case "last": return (try argument(0).arrayValue ?? []).last ?? .null
        case "range":
            guard let start = try argument(0).integerValue, let count = try argument(1).integerValue, count >= 0 else {
                throw fail("range() expects two integers")
            }
            return .array((0..<count).map { .integer(start + $0) })
        case "union":
            var result: [JSONValue] = []
            for element in arguments.flatMap({ $0.arrayValue ?? [] }) where !result.contains(element) { result.append(element) }
            return .array(result)
        case "utcnow":
            return .string(scope.environment.now().formatted(.iso8601))
        case "guid":
            return .string(scope.environment.newGUID())
        default:
            throw fail("the template function '\(name)' is not defined or not valid (interim evaluator)")
        }
    }
}
