/// ADF's row-mark functions: `isInsert()`, `isUpdate()`, `isUpsert()`, `isDelete()` ask for the
/// alter-row mark of the row. The plan carries marks in ``DataFlowPlan/rowActionColumn`` from the
/// alter row on; a row without a mark is an insert, as ADF writes unmarked rows.
extension FunctionTranslation {
    static let rowMarks = ["isinsert": "insert", "isupdate": "update", "isupsert": "upsert", "isdelete": "delete"]

    func rowMark(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        guard let mark = Self.rowMarks[key] else { return nil }
        let args = try compiled(0...1)
        // ADF's optional argument picks the input stream (1 or 2) of a transformation with two; the
        // plan has one mark per row, which both inputs share once they are combined.
        if let index = args.first {
            guard case .integer(let stream)? = index.constant, stream == 1 || stream == 2 else {
                throw .constantRequired(function: name, argument: "the input stream, 1 or 2", at: site)
            }
        }
        guard compiler.scope.rowsMarked else {
            return make(mark == "insert" ? "true" : "false", .boolean, constant: .boolean(mark == "insert"))
        }
        let column = "`" + DataFlowPlan.rowActionColumn + "`"
        return make("(coalesce(\(column), 'insert') = '\(mark)')", .boolean)
    }
}
