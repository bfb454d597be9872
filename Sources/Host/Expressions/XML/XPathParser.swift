/// Parses XPath 1.0 (the grammar of the W3C recommendation, with its rules for telling `*` and
/// operator names apart from name tests).
struct XPathParser {
    private enum Token: Equatable {
        case number(Double)
        case literal(String)
        case name(String)  // NCName or QName or prefix:*
        case variable(String)
        case symbol(String)  // / // | + - = != < <= > >= ( ) [ ] . .. @ , ::
        case star
        case operatorName(String)  // and or mod div
        case end
    }

    private var tokens: [Token] = []
    private var position = 0
    private var depth = 0
    /// Nesting deeper than this is refused instead of risking the stack.
    private static let maximumDepth = 200

    static func parse(_ text: String) throws(XPathError) -> XPathExpression {
        var parser = XPathParser()
        try parser.tokenize(Array(text.unicodeScalars))
        let expression = try parser.parseOr()
        guard parser.peek == .end else { throw XPathError(message: "'\(text)' has an invalid token.") }
        return expression
    }

    // MARK: Tokens

    private mutating func tokenize(_ scalars: [Unicode.Scalar]) throws(XPathError) {
        var index = 0
        func isNameStart(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s == "_" || s.value > 0x7F && !s.properties.isWhitespace
        }
        func isNamePart(_ s: Unicode.Scalar) -> Bool {
            isNameStart(s) || ("0"..."9").contains(s) || s == "-" || s == "."
        }
        /// The spec's rule: after these tokens, `*` is a name test and a name is not an operator.
        func operandExpected() -> Bool {
            guard let last = tokens.last else { return true }
            switch last {
            case .symbol(let symbol): return !["..", ".", ")", "]"].contains(symbol)
            case .operatorName: return true
            case .star: return false
            default: return false
            }
        }
        while index < scalars.count {
            let s = scalars[index]
            if s.properties.isWhitespace {
                index += 1
                continue
            }
            if ("0"..."9").contains(s)
                || (s == "." && index + 1 < scalars.count && ("0"..."9").contains(scalars[index + 1]))
            {
                var text = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                    throw XPathError(message: "'\(text)' is not a valid number.")
                }
                tokens.append(.number(value))
                continue
            }
            if s == "\"" || s == "'" {
                var text = ""
                index += 1
                while index < scalars.count, scalars[index] != s {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { throw XPathError(message: "A string literal is not closed.") }
                index += 1
                tokens.append(.literal(text))
                continue
            }
            if s == "$" {
                index += 1
                var name = ""
                while index < scalars.count, isNamePart(scalars[index]) || scalars[index] == ":" {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(.variable(name))
                continue
            }
            if s == "*" {
                tokens.append(operandExpected() ? .star : .operatorName("*"))
                index += 1
                continue
            }
            if isNameStart(s) {
                var name = ""
                while index < scalars.count, isNamePart(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                // prefix:local or prefix:*, but not an axis '::'.
                if index + 1 < scalars.count, scalars[index] == ":", scalars[index + 1] != ":" {
                    if scalars[index + 1] == "*" {
                        name += ":*"
                        index += 2
                    } else if isNameStart(scalars[index + 1]) {
                        name += ":"
                        index += 1
                        while index < scalars.count, isNamePart(scalars[index]) {
                            name.unicodeScalars.append(scalars[index])
                            index += 1
                        }
                    }
                }
                if !operandExpected(), ["and", "or", "mod", "div"].contains(name) {
                    tokens.append(.operatorName(name))
                } else {
                    tokens.append(.name(name))
                }
                continue
            }
            let two = index + 1 < scalars.count ? String(s) + String(scalars[index + 1]) : ""
            if ["//", "!=", "<=", ">=", "..", "::"].contains(two) {
                tokens.append(.symbol(two))
                index += 2
                continue
            }
            let one = String(s)
            if ["/", "|", "+", "-", "=", "<", ">", "(", ")", "[", "]", ".", "@", ","].contains(one) {
                tokens.append(.symbol(one))
                index += 1
                continue
            }
            throw XPathError(message: "'\(one)' is not expected in an XPath expression.")
        }
        tokens.append(.end)
    }

    private var peek: Token { tokens[position] }

    private func peek(_ offset: Int) -> Token {
        position + offset < tokens.count ? tokens[position + offset] : .end
    }

    private mutating func next() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func accept(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) {
            _ = next()
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String) throws(XPathError) {
        guard accept(symbol) else { throw XPathError(message: "'\(symbol)' was expected in the XPath expression.") }
    }

    // MARK: Grammar

    private mutating func parseOr() throws(XPathError) -> XPathExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw XPathError(message: "The XPath expression is nested too deeply.") }
        var lhs = try parseAnd()
        while peek == .operatorName("or") {
            _ = next()
            lhs = .binary(.or, lhs, try parseAnd())
        }
        return lhs
    }

    private mutating func parseAnd() throws(XPathError) -> XPathExpression {
        var lhs = try parseEquality()
        while peek == .operatorName("and") {
            _ = next()
            lhs = .binary(.and, lhs, try parseEquality())
        }
        return lhs
    }

    private mutating func parseEquality() throws(XPathError) -> XPathExpression {
        var lhs = try parseRelational()
        while true {
            if accept("=") {
                lhs = .binary(.equal, lhs, try parseRelational())
            } else if accept("!=") {
                lhs = .binary(.notEqual, lhs, try parseRelational())
            } else {
                return lhs
            }
        }
    }

    private mutating func parseRelational() throws(XPathError) -> XPathExpression {
        var lhs = try parseAdditive()
        while true {
            if accept("<") {
                lhs = .binary(.less, lhs, try parseAdditive())
            } else if accept("<=") {
                lhs = .binary(.lessOrEqual, lhs, try parseAdditive())
            } else if accept(">") {
                lhs = .binary(.greater, lhs, try parseAdditive())
            } else if accept(">=") {
                lhs = .binary(.greaterOrEqual, lhs, try parseAdditive())
            } else {
                return lhs
            }
        }
    }

    private mutating func parseAdditive() throws(XPathError) -> XPathExpression {
        var lhs = try parseMultiplicative()
        while true {
            if accept("+") {
                lhs = .binary(.plus, lhs, try parseMultiplicative())
            } else if accept("-") {
                lhs = .binary(.minus, lhs, try parseMultiplicative())
            } else {
                return lhs
            }
        }
    }

    private mutating func parseMultiplicative() throws(XPathError) -> XPathExpression {
        var lhs = try parseUnary()
        while true {
            switch peek {
            case .operatorName("*"):
                _ = next()
                lhs = .binary(.multiply, lhs, try parseUnary())
            case .operatorName("div"):
                _ = next()
                lhs = .binary(.divide, lhs, try parseUnary())
            case .operatorName("mod"):
                _ = next()
                lhs = .binary(.modulo, lhs, try parseUnary())
            default:
                return lhs
            }
        }
    }

    private mutating func parseUnary() throws(XPathError) -> XPathExpression {
        if accept("-") {
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maximumDepth else {
                throw XPathError(message: "The XPath expression is nested too deeply.")
            }
            return .negate(try parseUnary())
        }
        return try parseUnion()
    }

    private mutating func parseUnion() throws(XPathError) -> XPathExpression {
        var lhs = try parsePath()
        while accept("|") { lhs = .binary(.union, lhs, try parsePath()) }
        return lhs
    }

    private mutating func parsePath() throws(XPathError) -> XPathExpression {
        if accept("/") {
            if startsStep() { return .path(absolute: true, steps: try parseRelativeSteps()) }
            return .path(absolute: true, steps: [])
        }
        if accept("//") {
            var steps = [XPathStep(axis: .descendantOrSelf, test: .node, predicates: [])]
            steps.append(contentsOf: try parseRelativeSteps())
            return .path(absolute: true, steps: steps)
        }
        if startsPrimary() {
            let primary = try parsePrimary()
            var predicates: [XPathExpression] = []
            while accept("[") {
                predicates.append(try parseOr())
                try expect("]")
            }
            var steps: [XPathStep] = []
            if accept("/") {
                steps = try parseRelativeSteps()
            } else if accept("//") {
                steps = [XPathStep(axis: .descendantOrSelf, test: .node, predicates: [])]
                steps.append(contentsOf: try parseRelativeSteps())
            }
            if predicates.isEmpty, steps.isEmpty { return primary }
            return .filter(primary, predicates: predicates, steps: steps)
        }
        return .path(absolute: false, steps: try parseRelativeSteps())
    }

    private func startsPrimary() -> Bool {
        switch peek {
        case .number, .literal, .variable: return true
        case .symbol("("): return true
        case .name(let name):
            // A function call: a name followed by '(' that is not a node type test.
            return peek(1) == .symbol("(") && !["node", "text", "comment", "processing-instruction"].contains(name)
        default: return false
        }
    }

    private func startsStep() -> Bool {
        switch peek {
        case .name, .star: return true
        case .symbol(let symbol): return symbol == "." || symbol == ".." || symbol == "@"
        default: return false
        }
    }

    private mutating func parsePrimary() throws(XPathError) -> XPathExpression {
        switch next() {
        case .number(let value): return .number(value)
        case .literal(let text): return .literal(text)
        case .variable(let name): return .variable(name)
        case .symbol("("):
            let inner = try parseOr()
            try expect(")")
            return inner
        case .name(let name):
            try expect("(")
            var arguments: [XPathExpression] = []
            if !accept(")") {
                repeat { arguments.append(try parseOr()) } while accept(",")
                try expect(")")
            }
            return .function(name, arguments)
        default:
            throw XPathError(message: "An expression was expected.")
        }
    }

    private mutating func parseRelativeSteps() throws(XPathError) -> [XPathStep] {
        var steps = [try parseStep()]
        while true {
            if accept("/") {
                steps.append(try parseStep())
            } else if accept("//") {
                steps.append(XPathStep(axis: .descendantOrSelf, test: .node, predicates: []))
                steps.append(try parseStep())
            } else {
                return steps
            }
        }
    }

    private mutating func parseStep() throws(XPathError) -> XPathStep {
        if accept(".") { return XPathStep(axis: .self, test: .node, predicates: []) }
        if accept("..") { return XPathStep(axis: .parent, test: .node, predicates: []) }
        var axis = XPathAxis.child
        if accept("@") {
            axis = .attribute
        } else if case .name(let name) = peek, peek(1) == .symbol("::") {
            guard let named = XPathAxis(rawValue: name) else {
                throw XPathError(message: "'\(name)' is not an XPath axis.")
            }
            axis = named
            _ = next()
            _ = next()
        }
        let test: XPathNodeTest
        switch next() {
        case .star: test = .any
        case .name(let name):
            if peek == .symbol("(") {
                _ = next()
                switch name {
                case "node": test = .node
                case "text": test = .text
                case "comment": test = .comment
                case "processing-instruction":
                    if case .literal(let target) = peek {
                        _ = next()
                        test = .processingInstruction(target)
                    } else {
                        test = .processingInstruction(nil)
                    }
                default: throw XPathError(message: "'\(name)()' is not a node test.")
                }
                try expect(")")
            } else if name.contains(":") {
                throw XPathError(
                    message: "The name '\(name)' has a namespace prefix, which needs a namespace manager that xpath() "
                        + "does not have; match namespaced nodes with *[local-name()='…'] instead.")
            } else {
                test = .name(name)
            }
        default:
            throw XPathError(message: "Expression must evaluate to a node-set.")
        }
        var predicates: [XPathExpression] = []
        while accept("[") {
            predicates.append(try parseOr())
            try expect("]")
        }
        return XPathStep(axis: axis, test: test, predicates: predicates)
    }
}
