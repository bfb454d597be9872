/// Why a data flow script could not be read or its streams not connected. Every message starts with
/// the line and column (1-based, in the script with its lines joined by "\n").
public enum DataFlowScriptError: Error, Sendable, Equatable {
    /// A character that starts no token of the script language (`;`, a stray `\`).
    case unexpectedCharacter(Character, at: SourcePosition)
    /// A `'…'`, `"…"` or `` `…` `` that the script ends inside; `quote` is the opening character.
    case unterminatedString(quote: Character, at: SourcePosition)
    /// A `{column name}` without its closing brace.
    case unterminatedQuotedName(at: SourcePosition)
    /// A `/* comment` without `*/`.
    case unterminatedComment(at: SourcePosition)
    /// Digits that do not make a number (`12abc`, `1e`, `0x`).
    case malformedNumber(String, at: SourcePosition)
    /// A number that does not fit: an integer beyond 64 bits, a fraction beyond `Double`.
    case numberOutOfRange(String, at: SourcePosition)
    /// The parser needed `expected` (after `context`, if given) and found `found` instead.
    case expected(String, after: String?, found: String, at: SourcePosition)
    /// Parentheses, calls, operators or types nested deeper than `limit`.
    case nestingTooDeep(limit: Int, at: SourcePosition)
    /// `~> Name` used by two statements.
    case duplicateStream(String, at: SourcePosition, firstLine: Int)
    /// A `parameters{…}` entry declared twice.
    case duplicateParameter(String, at: SourcePosition)
    /// An input names a stream that no statement produces.
    case unknownStream(String, at: SourcePosition)
    /// `Split@Branch` where `Split` has no output `Branch`, or any `Name@Branch` on a single-output stream.
    case unknownBranch(stream: String, branch: String, known: [String], at: SourcePosition)
    /// An input names a split without saying which of its outputs (`Split` instead of `Split@Good`).
    case branchRequired(stream: String, branches: [String], at: SourcePosition)
    /// Statements that read each other in a circle.
    case cycle([String], at: SourcePosition)
}

extension DataFlowScriptError: CustomStringConvertible {
    public var position: SourcePosition {
        switch self {
        case .unexpectedCharacter(_, let at), .unterminatedString(_, let at), .unterminatedQuotedName(let at),
            .unterminatedComment(let at), .malformedNumber(_, let at), .numberOutOfRange(_, let at),
            .expected(_, _, _, let at), .nestingTooDeep(_, let at), .duplicateStream(_, let at, _),
            .duplicateParameter(_, let at), .unknownStream(_, let at), .unknownBranch(_, _, _, let at),
            .branchRequired(_, _, let at), .cycle(_, let at):
            at
        }
    }

    public var description: String { "\(position): \(detail)" }

    /// The message without its position.
    public var detail: String {
        switch self {
        case .unexpectedCharacter(let character, _):
            return "unexpected character '\(character)'"
        case .unterminatedString(let quote, _):
            return "the string opened here with \(quote) has no closing \(quote)"
        case .unterminatedQuotedName:
            return "the column name opened here with '{' has no closing '}'"
        case .unterminatedComment:
            return "the comment opened here with '/*' has no closing '*/'"
        case .malformedNumber(let text, _):
            return
                "'\(text)' is not a number (write digits, an optional fraction and exponent, and an optional L, d or f)"
        case .numberOutOfRange(let text, _):
            return "the number \(text) is out of range (integers must fit in 64 bits)"
        case .expected(let what, let context, let found, _):
            let after = context.map { " after \($0)" } ?? ""
            return "expected \(what)\(after), found \(found)"
        case .nestingTooDeep(let limit, _):
            return "the script nests parentheses, calls, operators or types deeper than \(limit) levels here"
        case .duplicateStream(let name, _, let firstLine):
            return
                "the stream name '\(name)' is already used on line \(firstLine); give each transformation its own name"
        case .duplicateParameter(let name, _):
            return "the parameter '\(name)' is declared twice"
        case .unknownStream(let name, _):
            return "no transformation is named '\(name)' (an input must name a stream written as '~> \(name)')"
        case .unknownBranch(let stream, let branch, let known, _):
            if known.isEmpty {
                return "'\(stream)' has a single output; read it as '\(stream)', not '\(stream)@\(branch)'"
            }
            return "'\(stream)' has no output '\(branch)' (its outputs: \(known.joined(separator: ", ")))"
        case .branchRequired(let stream, let branches, _):
            return "'\(stream)' has several outputs; name one, e.g. '\(stream)@\(branches.first ?? "")' "
                + "(its outputs: \(branches.joined(separator: ", ")))"
        case .cycle(let names, _):
            return "these transformations read each other in a circle: \(names.joined(separator: ", "))"
        }
    }
}
