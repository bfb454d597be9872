import PostgresNIO
import PostgresSupport

/// One statement of a script block ready to send: every `@name` of a declared parameter, outside
/// literals and comments, replaced by a typed placeholder (`$1::integer`) and bound. A name used
/// twice binds once; `@` followed by anything else (PostgreSQL's `@>` and `<@` operators, an
/// undeclared name) stays as written.
struct ScriptStatement {
    let sql: String
    let bindings: PostgresBindings
    /// The parameters the statement refers to, in placeholder order.
    let parameters: [ScriptParameter]

    init(pieces: [SQLScript.Piece], parameters declared: [ScriptParameter]) {
        var used: [ScriptParameter] = []
        var sql = ""
        for piece in pieces {
            switch piece {
            case .verbatim(let text):
                sql += text
            case .code(let text):
                sql += Self.replacingNames(in: text, declared: declared, used: &used)
            }
        }
        var bindings = PostgresBindings(capacity: used.count)
        for parameter in used {
            PostgresCallStatement.bind(
                ProcedureParameter(name: parameter.name, type: parameter.type, value: parameter.value), to: &bindings)
        }
        self.sql = sql.trimmingASCIISpaces()
        self.bindings = bindings
        self.parameters = used
    }

    private static func replacingNames(
        in text: String, declared: [ScriptParameter], used: inout [ScriptParameter]
    ) -> String {
        guard text.contains("@"), !declared.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            guard scalar == "@", previous.map({ !isNameCharacter($0) && $0 != "@" }) ?? true else {
                result.append(scalar)
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, isNameCharacter(scalars[end]) { end += 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(index + 1)..<end])
            let key = String(name).lowercased()
            guard !key.isEmpty, let parameter = declared.first(where: { $0.key == key }) else {
                result.append(scalar)
                index += 1
                continue
            }
            let position: Int
            if let known = used.firstIndex(where: { $0.key == key }) {
                position = known + 1
            } else {
                used.append(parameter)
                position = used.count
            }
            result.append(contentsOf: "$\(position)::\(PostgresCallStatement.sqlType(parameter.type))".unicodeScalars)
            index = end
        }
        return String(result)
    }
}
