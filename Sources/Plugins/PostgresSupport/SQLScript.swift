/// SQL text cut into its statements and, within them, into code and the parts that are not code
/// (string literals, quoted identifiers, dollar-quoted bodies, comments), as PostgreSQL's lexer
/// sees them. A `;` inside a literal, a function body or a comment does not end a statement, and
/// an `@name` inside one is not a parameter.
///
/// Used for the Script activity's blocks and a Copy sink's `preCopyScript`, which may hold several
/// statements while the extended query protocol runs one at a time.
public struct SQLScript: Sendable, Equatable {
    /// One piece of a statement.
    public enum Piece: Sendable, Equatable {
        /// SQL the server parses: keywords, names, operators, numbers, `$1` placeholders.
        case code(String)
        /// A string literal, quoted identifier, dollar-quoted body or comment, kept verbatim.
        case verbatim(String)
    }

    /// The statements in order, each as its pieces; statements with nothing but spaces and
    /// comments are left out.
    public var statements: [[Piece]]

    public init(_ text: String) {
        statements = Self.split(Array(text.unicodeScalars))
    }

    /// A statement's SQL text as written.
    public static func text(of pieces: [Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case .code(let text), .verbatim(let text): text
            }
        }.joined().trimmingASCIISpaces()
    }

    /// Each statement's text.
    public var statementTexts: [String] { statements.map(Self.text(of:)) }

    private static func split(_ scalars: [Unicode.Scalar]) -> [[Piece]] {
        var statements: [[Piece]] = []
        var pieces: [Piece] = []
        var code = String.UnicodeScalarView()
        var hasCode = false
        var index = 0
        let count = scalars.count

        func flushCode() {
            if !code.isEmpty { pieces.append(.code(String(code))) }
            code = String.UnicodeScalarView()
        }
        func endStatement() {
            flushCode()
            if hasCode { statements.append(pieces) }
            pieces = []
            hasCode = false
        }
        func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar == "$" || (scalar.properties.isAlphabetic) || ("0"..."9").contains(scalar)
        }
        /// Scans a verbatim piece from `start` to `end` (exclusive) into the statement.
        func verbatim(_ start: Int, _ end: Int) {
            flushCode()
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<min(end, count)])
            pieces.append(.verbatim(String(text)))
        }

        while index < count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < count ? scalars[index + 1] : nil
            let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            switch scalar {
            case ";":
                endStatement()
                index += 1
            case "-" where next == "-":
                var end = index + 2
                while end < count, scalars[end] != "\n" { end += 1 }
                verbatim(index, end)
                index = end
            case "/" where next == "*":
                var depth = 1
                var end = index + 2
                while end < count, depth > 0 {
                    if scalars[end] == "/", end + 1 < count, scalars[end + 1] == "*" {
                        depth += 1
                        end += 2
                    } else if scalars[end] == "*", end + 1 < count, scalars[end + 1] == "/" {
                        depth -= 1
                        end += 2
                    } else {
                        end += 1
                    }
                }
                verbatim(index, end)
                index = end
            case "'", "\"":
                // E'…' strings take backslash escapes; the E is already in the code piece.
                let backslashEscapes =
                    scalar == "'" && (previous == "E" || previous == "e")
                    && !(index >= 2 && isIdentifier(scalars[index - 2]))
                var end = index + 1
                while end < count {
                    if backslashEscapes && scalars[end] == "\\" {
                        end += 2
                        continue
                    }
                    if scalars[end] == scalar {
                        if end + 1 < count && scalars[end + 1] == scalar {
                            end += 2
                            continue
                        }
                        break
                    }
                    end += 1
                }
                hasCode = true
                verbatim(index, end + 1)
                index = end + 1
            case "$" where previous.map { !isIdentifier($0) } ?? true:
                // $tag$ … $tag$ (tag empty or an identifier not starting with a digit); $1 is a placeholder.
                var tagEnd = index + 1
                while tagEnd < count, scalars[tagEnd] != "$", isIdentifier(scalars[tagEnd]) { tagEnd += 1 }
                let tag = scalars[index...min(tagEnd, count - 1)]
                let isDollarQuote =
                    tagEnd < count && scalars[tagEnd] == "$"
                    && !(index + 1 < tagEnd && ("0"..."9").contains(scalars[index + 1]))
                guard isDollarQuote else {
                    code.append(scalar)
                    hasCode = true
                    index += 1
                    continue
                }
                var end = tagEnd + 1
                var closed = false
                while end < count {
                    if scalars[end] == "$", end + tag.count <= count,
                        scalars[end..<(end + tag.count)].elementsEqual(tag)
                    {
                        end += tag.count
                        closed = true
                        break
                    }
                    end += 1
                }
                hasCode = true
                verbatim(index, closed ? end : count)
                index = closed ? end : count
            default:
                if !(scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r") { hasCode = true }
                code.append(scalar)
                index += 1
            }
        }
        endStatement()
        return statements
    }
}
