import PipehostJSON
import PipelineModel

/// Evaluates every expression inside a JSON value: strings starting with `@` or containing `@{`,
/// and `{"value": "...", "type": "Expression"}` objects; other values are returned as they are.
/// Errors carry the JSON path (e.g. `typeProperties.webServiceInputs.input1.filePath`) of the
/// failing value.
public enum JSONTemplate {
    public static func evaluate(
        _ value: JSONValue, in scope: EvaluationScope, cache: ExpressionCache? = nil, path: String = ""
    ) throws(ExpressionError) -> JSONValue {
        switch value {
        case .string(let text):
            guard mayHoldExpression(text) else { return value }
            return try evaluateString(text, in: scope, cache: cache, path: path)
        case .array(let elements):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                result.append(try evaluate(element, in: scope, cache: cache, path: path + "[\(index)]"))
            }
            return .array(result)
        case .object(let object):
            if let expression = expressionObjectValue(object) {
                return try evaluateString(expression, in: scope, cache: cache, path: join(path, "value"))
            }
            if object.secureStringValue != nil { return value }  // a secret, taken literally
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(object.count)
            for member in object.members {
                let evaluated = try evaluate(member.value, in: scope, cache: cache, path: join(path, member.key))
                members.append((member.key, evaluated))
            }
            return .object(JSONObject(uniqueMembers: members))
        default:
            return value
        }
    }

    /// Whether evaluating `value` could change it.
    public static func containsExpressions(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return mayHoldExpression(text)
        case .array(let elements): return elements.contains(where: containsExpressions)
        case .object(let object):
            if expressionObjectValue(object) != nil { return true }
            if object.secureStringValue != nil { return false }
            return object.members.contains { containsExpressions($0.value) }
        default: return false
        }
    }

    /// A string is left alone unless it starts with `@` or holds `@{` somewhere.
    static func mayHoldExpression(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next() else { return false }
        if first == UInt8(ascii: "@") { return true }
        var previous = first
        while let byte = utf8.next() {
            if previous == UInt8(ascii: "@"), byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }

    /// The `value` of `{"value": "...", "type": "Expression"}` (keys matched without regard to case).
    static func expressionObjectValue(_ object: JSONObject) -> String? {
        guard object.count == 2, case .string(let type)? = object[caseInsensitive: "type"],
            asciiCaseInsensitiveEquals(type, "Expression"), case .string(let text)? = object[caseInsensitive: "value"]
        else { return nil }
        return text
    }

    private static func evaluateString(
        _ text: String, in scope: EvaluationScope, cache: ExpressionCache?, path: String
    ) throws(ExpressionError) -> JSONValue {
        do throws(ExpressionError) {
            let compiled: CompiledExpression
            if let cache {
                compiled = try cache.compile(text)
            } else {
                compiled = try CompiledExpression.compile(text)
            }
            return try compiled.evaluate(in: scope)
        } catch {
            var located = error
            located.jsonPath = path
            throw located
        }
    }

    /// `a.b`, or `a['odd key']` when the key is not a plain identifier.
    private static func join(_ path: String, _ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.utf8.allSatisfy { ExpressionLexer.isIdentifierPart($0) && $0 < 0x80 }
            && !(key.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
        if plain { return path.isEmpty ? key : path + "." + key }
        var escaped = ""
        for character in key { escaped += character == "'" ? "''" : String(character) }
        return path + "['" + escaped + "']"
    }
}
