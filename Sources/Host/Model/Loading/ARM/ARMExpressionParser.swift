/// Reads the text of an ARM expression (without its outer brackets) into an ``ARMExpression``.
///
/// Grammar: `expression := primary ( '.' name | '[' expression ']' )*`,
/// `primary := 'string' | integer | name '(' [expression (',' expression)*] ')'`. Whitespace may
/// stand between tokens. Nesting (arguments, property and index accesses) is limited to
/// ``maximumDepth`` so that neither parsing nor evaluation recurses without bound.
struct ARMExpressionParser {
    /// Deeper nesting is refused with ``ARMExpressionError/nestedTooDeep(limit:)``.
    static let maximumDepth = 256

    private let source: String
    private let scalars: [Unicode.Scalar]
    private var position = 0

    static func parse(_ text: String) throws(ARMExpressionError) -> ARMExpression {
        var parser = ARMExpressionParser(source: text)
        let expression = try parser.expression(depth: 0)
        parser.skipSpaces()
        guard parser.position == parser.scalars.count else { throw parser.failure("the end of the expression") }
        return expression
    }

    private init(source: String) {
        self.source = source
        scalars = Array(source.unicodeScalars)
    }

    private func failure(_ expected: String) -> ARMExpressionError {
        let found = position < scalars.count ? "'\(scalars[position])'" : "the end"
        return .syntax(expression: source, offset: position, expected: "\(expected), found \(found)")
    }

    private mutating func skipSpaces() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        skipSpaces()
        guard position < scalars.count, scalars[position] == character else { return false }
        position += 1
        return true
    }

    private mutating func expression(depth: Int) throws(ARMExpressionError) -> ARMExpression {
        guard depth < Self.maximumDepth else { throw .nestedTooDeep(limit: Self.maximumDepth) }
        var result = try primary(depth: depth)
        var accesses = depth
        while true {
            if take(".") {
                skipSpaces()
                let name = identifier()
                guard !name.isEmpty else { throw failure("a property name after '.'") }
                result = .property(result, name: name)
            } else if take("[") {
                let index = try expression(depth: accesses + 1)
                guard take("]") else { throw failure("']'") }
                result = .index(result, index)
            } else {
                return result
            }
            accesses += 1
            guard accesses < Self.maximumDepth else { throw .nestedTooDeep(limit: Self.maximumDepth) }
        }
    }

    private mutating func primary(depth: Int) throws(ARMExpressionError) -> ARMExpression {
        skipSpaces()
        guard position < scalars.count else { throw failure("a function call, a 'string' or a number") }
        let first = scalars[position]
        if first == "'" { return .string(try stringLiteral()) }
        if first == "-" || ("0"..."9").contains(first) { return .integer(try integer()) }
        let name = identifier()
        guard !name.isEmpty else { throw failure("a function call, a 'string' or a number") }
        guard take("(") else { throw failure("'(' after the function name '\(name)'") }
        var arguments: [ARMExpression] = []
        if take(")") { return .call(name: name, arguments: arguments) }
        while true {
            arguments.append(try expression(depth: depth + 1))
            if take(",") { continue }
            if take(")") { return .call(name: name, arguments: arguments) }
            throw failure("',' or ')' in the arguments of \(name)()")
        }
    }

    private mutating func identifier() -> String {
        let start = position
        while position < scalars.count {
            let scalar = scalars[position]
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
            else { break }
            position += 1
        }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[start..<position])
        return String(name)
    }

    private mutating func stringLiteral() throws(ARMExpressionError) -> String {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == "'" {
                if position < scalars.count, scalars[position] == "'" {
                    text.append("'")
                    position += 1
                    continue
                }
                return String(text)
            }
            text.append(scalar)
        }
        position = start
        throw failure("a closing quote for the string starting here")
    }

    private mutating func integer() throws(ARMExpressionError) -> Int64 {
        let start = position
        if scalars[position] == "-" { position += 1 }
        let digitsStart = position
        while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
        guard position > digitsStart else { throw failure("a digit after '-'") }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<position])
        guard let value = Int64(String(text)) else {
            position = start
            throw failure("an integer between \(Int64.min) and \(Int64.max)")
        }
        return value
    }
}
