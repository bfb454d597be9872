/// The exported C function a stored procedure name calls.
///
/// The name without brackets or quotes is the symbol: `usp_log_run`, `[usp_log_run]`,
/// `[dbo].[usp_log_run]` and `public.usp_log_run` all call `usp_log_run` (`dbo` and `public` are
/// the default schemas of SQL Server and PostgreSQL). Any other schema is joined with two
/// underscores: `[audit].[usp_log_run]` calls `audit__usp_log_run`. Case is kept.
enum NativeSymbolName {
    static let defaultSchemas: Set<String> = ["dbo", "public"]

    /// The symbol for `name`, or a sentence saying why it cannot be a C function name.
    static func symbol(for name: ProcedureName) -> Result<String, SymbolProblem> {
        var symbol = name.name.text
        if let schema = name.schema, !defaultSchemas.contains(schema.text.lowercased()) {
            symbol = "\(schema.text)__\(symbol)"
        }
        guard let first = symbol.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
            symbol.unicodeScalars.allSatisfy({
                $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
            })
        else {
            return .failure(SymbolProblem(symbol: symbol))
        }
        return .success(symbol)
    }

    /// A procedure name that maps to something that is not a C identifier.
    struct SymbolProblem: Error, CustomStringConvertible {
        var symbol: String
        var description: String {
            "it maps to the symbol '\(symbol)', which is not a C function name (letters, digits and '_', not starting with a digit)"
        }
    }
}
