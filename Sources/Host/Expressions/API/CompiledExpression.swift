import PipehostJSON

/// An immutable compiled JSON string value: literal text (after `@@` unescaping), a whole-value
/// expression (`@…`), or an interpolated string (`…@{…}…`). Safe to share across threads.
///
/// Compile once (function names are resolved and argument counts checked here, constant calls are
/// computed here), then evaluate against any number of scopes:
///
///     let expression = try CompiledExpression.compile("@concat(pipeline().parameters.a, '-', string(add(1, 2)))")
///     let value = try expression.evaluate(in: EvaluationScope(parameters: ["a": "x"]))   // "x-3"
public struct CompiledExpression: Sendable {
    /// The JSON string as written.
    public let source: String
    private let root: Root

    private enum Root: Sendable {
        case literal(String)
        case wholeValue(any EvaluationNode)
        case interpolation(any EvaluationNode)
    }

    /// Compiles a JSON string value. Throws when an expression in it cannot be parsed, names an
    /// unknown function or calls one with the wrong number of arguments.
    public static func compile(_ text: String) throws(ExpressionError) -> CompiledExpression {
        var copy = text
        let root = try copy.withUTF8 { bytes in
            Result { () throws(ExpressionError) -> Root in try compileRoot(bytes, source: text) }
        }.get()
        return CompiledExpression(source: text, root: root)
    }

    private init(source: String, root: Root) {
        self.source = source
        self.root = root
    }

    private static func compileRoot(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String
    ) throws(ExpressionError) -> Root {
        do throws(EvaluationFailure) {
            switch try TemplateText.shape(of: bytes, source: source) {
            case .literal(let text):
                return .literal(text)
            case .wholeValue(let offset):
                return .wholeValue(try ExpressionParser.compile(bytes, start: offset, end: bytes.count))
            case .interpolation(let segments):
                var parts: [InterpolationNode.Part] = []
                for segment in segments {
                    switch segment {
                    case .text(let text): parts.append(.text(text))
                    case .expression(let start, let end):
                        parts.append(.value(try ExpressionParser.compile(bytes, start: start, end: end)))
                    }
                }
                return .interpolation(InterpolationNode(parts: parts, position: 0))
            }
        } catch {
            throw error.expressionError(source: source)
        }
    }

    /// True when the text holds no expression: evaluating returns the (unescaped) text.
    public var isLiteral: Bool {
        if case .literal = root { return true }
        return false
    }

    /// Evaluates against `scope`. A whole-value expression keeps its result's JSON type; literal
    /// text and interpolations give strings.
    public func evaluate(in scope: EvaluationScope) throws(ExpressionError) -> JSONValue {
        do throws(EvaluationFailure) {
            switch root {
            case .literal(let text): return .string(text)
            case .wholeValue(let node): return try node.evaluate(scope)
            case .interpolation(let node): return try node.evaluate(scope)
            }
        } catch {
            throw error.expressionError(source: source)
        }
    }
}
