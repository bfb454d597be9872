/// Why an expression could not be compiled or evaluated, and where.
///
/// The message says what was expected or which value had the wrong type; `column` points into
/// `expression`, the JSON string as written (with its leading `@`), so a user can find the spot.
/// `JSONTemplate` adds the JSON path of the string inside the document it evaluated.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source text: the whole JSON string value that holds the expression.
    public var expression: String
    /// The 1-based column in `expression` (counted in Unicode scalars) where the problem is.
    public var column: Int
    /// What was expected, or which value had the wrong type.
    public var message: String
    /// The JSON path of the failing string, set by `JSONTemplate` (e.g. `typeProperties.input.filePath`).
    public var jsonPath: String?

    public init(expression: String, column: Int, message: String, jsonPath: String? = nil) {
        self.expression = expression
        self.column = column
        self.message = message
        self.jsonPath = jsonPath
    }

    public var description: String {
        var text = ""
        if let jsonPath, !jsonPath.isEmpty { text += "\(jsonPath): " }
        text += "expression '\(expression)', column \(column): \(message)"
        return text
    }
}

extension ExpressionError {
    /// An error found while evaluating, before the compiled expression fills in its source text.
    init(column: Int, _ message: String) {
        self.init(expression: "", column: column, message: message)
    }
}
