/// ADF's wildcard filters (`wildcardFileName`, `wildcardFolderPath`, a `fileName` with `*`):
/// `*` matches any run of characters (none included), `?` one character, and `^` escapes the
/// character after it when a name really contains `*`, `?` or `^`.
struct WildcardPattern: Sendable, Equatable {
    private enum Token: Sendable, Equatable {
        case literal(Character)
        case any
        case anyRun

        var isLiteral: Bool {
            if case .literal = self { return true }
            return false
        }
    }

    private let tokens: [Token]
    let text: String

    init(_ text: String) {
        self.text = text
        var tokens: [Token] = []
        var escaped = false
        for character in text {
            if escaped {
                tokens.append(.literal(character))
                escaped = false
            } else if character == "^" {
                escaped = true
            } else if character == "*" {
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            } else if character == "?" {
                tokens.append(.any)
            } else {
                tokens.append(.literal(character))
            }
        }
        if escaped { tokens.append(.literal("^")) }
        self.tokens = tokens
    }

    /// True when `text` has a wildcard (an unescaped `*` or `?`).
    static func hasWildcard(_ text: String) -> Bool {
        WildcardPattern(text).tokens.contains { !$0.isLiteral }
    }

    /// Whether the whole of `name` matches. Iterative with one backtrack point, so the time is
    /// bounded by the lengths' product and the stack does not grow with the input.
    func matches(_ name: String) -> Bool {
        let characters = Array(name)
        var nameIndex = 0
        var tokenIndex = 0
        var starToken = -1
        var starName = 0
        while nameIndex < characters.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    starToken = tokenIndex
                    starName = nameIndex
                    tokenIndex += 1
                    continue
                case .any:
                    tokenIndex += 1
                    nameIndex += 1
                    continue
                case .literal(let character) where character == characters[nameIndex]:
                    tokenIndex += 1
                    nameIndex += 1
                    continue
                case .literal:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            tokenIndex = starToken + 1
            starName += 1
            nameIndex = starName
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
