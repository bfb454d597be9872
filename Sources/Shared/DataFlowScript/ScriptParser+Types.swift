/// Column types: `string`, `decimal(10,2)`, `string[]`, `(a as string, b as integer)`,
/// `[string, integer]` maps, and format strings after them.
extension ScriptParser {
    mutating func parseType() throws(DataFlowScriptError) -> TypeReference {
        try enter { (parser: inout ScriptParser) throws(DataFlowScriptError) -> TypeReference in
            let position = parser.current.position
            var kind: TypeReference.Kind
            switch parser.current.kind {
            case .identifier(let name):
                parser.advance()
                var parameters: [Int64] = []
                // Only decimal takes parameters: `integer (0)` in a parameter block is a default value.
                if name.lowercased() == "decimal", parser.isSymbol(.leftParen) {
                    parser.advance()
                    while true {
                        guard case .number(let number) = parser.current.kind, case .integer(let value) = number.value
                        else {
                            throw parser.expected("an integer precision or scale", after: "'decimal('")
                        }
                        parameters.append(value)
                        parser.advance()
                        if parser.isSymbol(.comma) {
                            parser.advance()
                            continue
                        }
                        try parser.expect(.rightParen, after: "the parameters of 'decimal('")
                        break
                    }
                }
                kind = .named(name, parameters: parameters)
            case .symbol(.leftParen):
                parser.advance()
                var fields: [FieldDeclaration] = []
                while true {
                    let name = try parser.parseFieldName()
                    guard parser.isWord("as") else {
                        throw parser.expected("'as' and the field's type", after: "a field name")
                    }
                    parser.advance()
                    fields.append(FieldDeclaration(name: name, type: try parser.parseType()))
                    if parser.isSymbol(.comma) {
                        parser.advance()
                        continue
                    }
                    try parser.expect(.rightParen, after: "the fields of a structure type")
                    break
                }
                kind = .structure(fields)
            case .symbol(.leftBracket):
                parser.advance()
                let key = try parser.parseType()
                try parser.expect(.comma, after: "a map's key type")
                let value = try parser.parseType()
                try parser.expect(.rightBracket, after: "a map's value type")
                kind = .map(key: key, value: value)
            default:
                throw parser.expected("a type such as 'string', 'decimal(10,2)', 'string[]' or '(name as string)'")
            }
            var type = TypeReference(kind, at: position)
            while parser.isSymbol(.leftBracket), parser.isSymbol(.rightBracket, parser.peek(1)) {
                parser.advance()
                parser.advance()
                type = TypeReference(.array(type), at: position)
                guard type.height <= Self.maximumNesting else {
                    throw .nestingTooDeep(limit: Self.maximumNesting, at: position)
                }
            }
            while case .string(let format) = parser.current.kind {
                type.formats.append(format)
                parser.advance()
            }
            return type
        }
    }

    private mutating func parseFieldName() throws(DataFlowScriptError) -> DataFlowExpression {
        let position = current.position
        switch current.kind {
        case .identifier(let name):
            advance()
            return DataFlowExpression(.column(name), at: position)
        case .quotedName(let name):
            advance()
            return DataFlowExpression(.quotedColumn(name), at: position)
        case .string(let name):
            advance()
            return DataFlowExpression(.string(name), at: position)
        default:
            throw expected("a field name")
        }
    }
}
