import NIOCore
import PostgresNIO
import PostgresSupport

/// `CALL schema.proc(name => $1::type, …)` for a request: every parameter bound by name with an
/// explicit type, values never spliced into the SQL.
struct PostgresCallStatement {
    /// The SQL text (placeholders only).
    let sql: String
    let bindings: PostgresBindings

    init(_ request: StoredProcedureRequest) {
        var bindings = PostgresBindings(capacity: request.parameters.count)
        var arguments: [String] = []
        for (index, parameter) in request.parameters.enumerated() {
            arguments.append(
                "\(Self.identifier(parameter.name)) => $\(index + 1)::\(Self.sqlType(parameter.type))")
            Self.bind(parameter, to: &bindings)
        }
        var name = Self.identifier(request.procedure.name)
        if let schema = request.procedure.schema { name = "\(Self.identifier(schema)).\(name)" }
        sql = "CALL \(name)(\(arguments.joined(separator: ", ")))"
        self.bindings = bindings
    }

    /// The PostgreSQL type each ADF parameter type is cast to.
    static func sqlType(_ type: ProcedureParameterType) -> String {
        switch type {
        case .string: "text"
        case .int16: "smallint"
        case .int32: "integer"
        case .int64: "bigint"
        case .decimal: "numeric"
        case .double: "double precision"
        case .single: "real"
        case .boolean: "boolean"
        case .guid: "uuid"
        case .date: "date"
        case .dateTime: "timestamp"
        case .dateTimeOffset: "timestamptz"
        case .timeSpan: "interval"
        case .byteArray: "bytea"
        }
    }

    static func bind(_ parameter: ProcedureParameter, to bindings: inout PostgresBindings) {
        switch parameter.value {
        case .null: bindings.appendNull()
        case .int16(let value): bindings.append(value)
        case .int32(let value): bindings.append(value)
        case .int64(let value): bindings.append(value)
        case .double(let value): bindings.append(value)
        case .float(let value): bindings.append(value)
        case .boolean(let value): bindings.append(value)
        case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
        case .text(let value):
            // Bound as text and cast by the server, which parses uuid, dates and numerics exactly.
            bindings.append(parameter.type == .timeSpan ? intervalText(value) : value)
        }
    }

    /// .NET writes a TimeSpan as `[-][d.]hh:mm:ss[.fffffff]`; PostgreSQL reads `d hh:mm:ss`.
    static func intervalText(_ text: String) -> String {
        var body = Substring(text.trimmingASCIISpaces())
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        guard let dot = body.firstIndex(of: "."), let colon = body.firstIndex(of: ":"), dot < colon,
            body[..<dot].allSatisfy(\.isNumber)
        else { return text }
        let days = body[..<dot]
        let time = body[body.index(after: dot)...]
        return negative ? "-\(days) days -\(time)" : "\(days) days \(time)"
    }

    /// A name part as PostgreSQL SQL: quoted parts keep their exact spelling; an unquoted simple
    /// identifier is written bare so the server folds it to lower case as it folded the
    /// procedure's own definition; anything else is quoted.
    static func identifier(_ part: ProcedureName.Part) -> String {
        part.isQuoted ? quoted(part.text) : identifier(part.text)
    }

    /// A parameter name: `"runId"` written with quotes keeps its case, a simple name is bare.
    static func identifier(_ name: String) -> String {
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            return quoted(String(name.dropFirst().dropLast()))
        }
        let simple =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return simple ? name : quoted(name)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
