/// The error thrown inside the compiler and evaluator: a message and the UTF-8 offset in the source
/// text where the problem is. `CompiledExpression` turns it into the public `ExpressionError`, which
/// carries the source and a column, so that nodes need not hold either.
struct EvaluationFailure: Error, Sendable {
    /// UTF-8 offset in the source text.
    var offset: Int
    var message: String

    init(at offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    func expressionError(source: String) -> ExpressionError {
        ExpressionError(
            expression: source, column: SourceText.column(ofByteOffset: offset, in: source), message: message)
    }
}
