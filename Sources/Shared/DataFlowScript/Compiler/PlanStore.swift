import PipehostJSON

/// Where a source reads or a sink writes, as the caller resolved it from the dataset and linked
/// service. Passwords never appear: a JDBC store names the environment variable that holds one.
public enum PlanStore: Sendable, Hashable {
    /// Local files: `format` is `csv`, `json`, `parquet` or `text`; `wildcard` a glob relative to `path`;
    /// `options` Spark reader/writer options; `fileName` a single output file's name for a sink.
    case files(format: String, path: String, wildcard: String?, options: [String: String], fileName: String?)
    /// A database table (`schema` nil for the server's default) or a query, through JDBC. The
    /// driver matches schema and table names ignoring case, as ADF's SQL stores do, and creates a
    /// sink's table when it is missing.
    case jdbc(url: String, schema: String?, table: String?, query: String?, user: String, passwordEnv: String)
    /// Not resolved (`pipehost dataflow explain` without a factory): what the script says about it.
    case unresolved(description: String)

    public var json: JSONValue { json(ignoreNoFilesFound: nil) }

    /// The store's JSON; a source's files store also says whether finding no file is allowed
    /// (`ignoreNoFilesFound`, where the driver reads it).
    func json(ignoreNoFilesFound: Bool?) -> JSONValue {
        switch self {
        case .files(let format, let path, let wildcard, let options, let fileName):
            let optionMembers = options.keys.sorted().map { (key: $0, value: JSONValue.string(options[$0] ?? "")) }
            return .object(
                JSONObject(
                    uniqueMembers: [
                        ("kind", .string("files")), ("format", .string(format)), ("path", .string(path)),
                        ("wildcard", wildcard.map(JSONValue.string) ?? .null),
                        ("options", .object(JSONObject(uniqueMembers: optionMembers))),
                        ("fileName", fileName.map(JSONValue.string) ?? .null),
                    ] + (ignoreNoFilesFound.map { [("ignoreNoFilesFound", JSONValue.bool($0))] } ?? [])))
        case .jdbc(let url, let schema, let table, let query, let user, let passwordEnv):
            return .object(
                JSONObject(uniqueMembers: [
                    ("kind", .string("jdbc")), ("url", .string(url)), ("schema", schema.map(JSONValue.string) ?? .null),
                    ("table", table.map(JSONValue.string) ?? .null),
                    ("query", query.map(JSONValue.string) ?? .null), ("user", .string(user)),
                    ("passwordEnv", .string(passwordEnv)),
                ]))
        case .unresolved(let description):
            return .object(
                JSONObject(uniqueMembers: [("kind", .string("unresolved")), ("description", .string(description))]))
        }
    }

    /// A one-line description for `pipehost dataflow explain`.
    public var summary: String {
        switch self {
        case .files(let format, let path, let wildcard, _, let fileName):
            var text = "\(format) files at \(path)"
            if let wildcard { text += " matching \(wildcard)" }
            if let fileName { text += " as \(fileName)" }
            return text
        case .jdbc(let url, let schema, let table, let query, _, _):
            let name = [schema, table ?? "?"].compactMap { $0 }.joined(separator: ".")
            return "jdbc \(url) " + (query.map { "query \($0)" } ?? "table \(name)")
        case .unresolved(let description):
            return "unresolved: \(description)"
        }
    }
}
