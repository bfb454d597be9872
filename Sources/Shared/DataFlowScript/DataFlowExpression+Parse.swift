extension DataFlowExpression {
    /// Reads one expression on its own (a data flow parameter's value as an activity gives it:
    /// `'text'`, `5`, `toDate('2024-01-31')`); the error names the line and column.
    public static func parse(_ text: String) throws(DataFlowScriptError) -> DataFlowExpression {
        var parser = try ScriptParser(text: text)
        let expression = try parser.parseExpression()
        guard parser.atEnd else { throw parser.expected("the end of the expression") }
        return expression
    }
}
