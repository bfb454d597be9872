import Foundation
import PluginKit

/// The table a PostgreSQL dataset names: `schema` + `table` (ADF's current form) or `tableName`
/// (the older form, `schema.table` with optional double quotes). Names keep their exact spelling:
/// ADF treats PostgreSQL schema and table names as case-sensitive, so the SQL quotes every part.
package struct PostgresTableName: Sendable, Equatable, CustomStringConvertible {
    package var schema: String?
    package var table: String

    /// The dataset's table, or nil when it names none (a source with a `query` needs none).
    package init?(dataset: Invocation.Dataset) throws(ActivityFailure) {
        let path = "dataset '\(dataset.name)'.typeProperties"
        let properties = dataset.typeProperties.objectValue ?? JSONObject()
        func text(_ key: String) throws(ActivityFailure) -> String? {
            switch properties[caseInsensitive: key] {
            case nil, .null: return nil
            case .string(let value): return value.isEmpty ? nil : value
            case .some(let other):
                throw .wrongPropertyType("\(path).\(key)", "expected a string, found \(other.typeName.lowercased())")
            }
        }
        if let table = try text("table") {
            self.init(schema: try text("schema"), table: table)
            return
        }
        guard let written = try text("tableName") else { return nil }
        let parts = Self.splitQualified(written)
        switch parts.count {
        case 1: self.init(schema: nil, table: parts[0])
        case 2: self.init(schema: parts[0], table: parts[1])
        default:
            throw .invalidProperty(
                "\(path).tableName",
                "'\(written)' is not a table name; write table or schema.table (quote parts with \"…\")")
        }
    }

    package init(schema: String?, table: String) {
        self.schema = schema
        self.table = table
    }

    /// `"schema"."table"` for SQL.
    package var sql: String {
        [schema, table].compactMap { $0 }.map(Self.quoted).joined(separator: ".")
    }

    package var description: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    /// An identifier in double quotes, inner quotes doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `a.b`, `"a.b"."c"`, `[a].[b]` split at dots outside quotes, quotes and brackets removed.
    static func splitQualified(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var closing: Character?
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if let close = closing {
                if character == close {
                    if close == "\"", let following = iterator.next() {
                        if following == "\"" {
                            current.append("\"")
                            continue
                        }
                        pending = following
                    }
                    closing = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                closing = "\""
            } else if character == "[" {
                closing = "]"
            } else if character == "." {
                parts.append(current)
                current = ""
            } else if character != " " || !current.isEmpty {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: " ") }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
