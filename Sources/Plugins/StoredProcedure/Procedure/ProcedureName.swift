import PostgresSupport

/// A stored procedure name as ADF writes it: `usp_x`, `dbo.usp_x`, `[dbo].[usp_x]` or
/// `"reporting"."usp_x"`, read into an optional schema and a name.
///
/// Brackets and double quotes quote a part (`]]` and `""` escape the closing character); a quoted
/// part keeps its exact spelling, an unquoted one follows the backend's rules (PostgreSQL folds it
/// to lower case).
public struct ProcedureName: Sendable, Hashable, CustomStringConvertible {
    /// One dot-separated part of the name.
    public struct Part: Sendable, Hashable {
        public var text: String
        public var isQuoted: Bool
    }

    public var schema: Part?
    public var name: Part
    /// The name as written in the pipeline.
    public var written: String

    public var description: String { written }

    /// Why a name could not be read.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// The name is empty or only spaces.
        case empty
        /// A `[` or `"` is never closed.
        case unclosedQuote(Character)
        /// Something other than a dot follows a quoted part.
        case unexpected(Character)
        /// A part between dots is empty.
        case emptyPart
        /// More than `schema.name`.
        case tooManyParts(Int)

        var description: String {
            switch self {
            case .empty: "the name is empty"
            case .unclosedQuote(let quote): "a part starting with \(quote) is never closed"
            case .unexpected(let character): "'\(character)' after a quoted part; parts are separated by dots"
            case .emptyPart: "it has an empty part between dots"
            case .tooManyParts(let count):
                "it has \(count) parts; write 'procedure' or 'schema.procedure' (a database name cannot be given here: it comes from the linked service)"
            }
        }
    }

    /// Reads `written`; throws a ``Problem`` saying what is wrong with it.
    init(parsing written: String) throws(Problem) {
        let parts = try Self.parts(of: written)
        switch parts.count {
        case 1: self.init(schema: nil, name: parts[0], written: written)
        case 2: self.init(schema: parts[0], name: parts[1], written: written)
        default: throw .tooManyParts(parts.count)
        }
    }

    init(schema: Part?, name: Part, written: String) {
        self.schema = schema
        self.name = name
        self.written = written
    }

    private static func parts(of written: String) throws(Problem) -> [Part] {
        let characters = Array(written)
        var parts: [Part] = []
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        skipSpaces()
        guard index < characters.count else { throw .empty }
        while true {
            skipSpaces()
            guard index < characters.count else { throw .emptyPart }
            let opening = characters[index]
            if opening == "[" || opening == "\"" {
                let closing: Character = opening == "[" ? "]" : "\""
                var text = ""
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == closing {
                        if index + 1 < characters.count, characters[index + 1] == closing {
                            text.append(closing)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                guard closed else { throw .unclosedQuote(opening) }
                guard !text.isEmpty else { throw .emptyPart }
                parts.append(Part(text: text, isQuoted: true))
                skipSpaces()
            } else {
                var text = ""
                while index < characters.count, characters[index] != "." {
                    text.append(characters[index])
                    index += 1
                }
                let trimmed = text.trimmingASCIISpaces()
                guard !trimmed.isEmpty else { throw .emptyPart }
                parts.append(Part(text: trimmed, isQuoted: false))
            }
            guard index < characters.count else { return parts }
            guard characters[index] == "." else { throw .unexpected(characters[index]) }
            index += 1
        }
    }
}
