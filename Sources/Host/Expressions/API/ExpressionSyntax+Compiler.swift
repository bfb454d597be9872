import PipelineModel

extension ExpressionSyntax {
    /// The run's own compiler, for `validate`: a string that holds an expression is compiled
    /// exactly as a run compiles it, so what validation accepts the run can parse. The problem
    /// names the column, says that ADF's engine refuses it too, and — for a property name with a
    /// `-` written after a dot (`pipeline().globalParameters.GP-Int`) — gives the bracket form that
    /// works (`pipeline().globalParameters['GP-Int']`).
    public static let compiler = ExpressionSyntax { text in
        guard JSONTemplate.mayHoldExpression(text) else { return nil }
        do {
            _ = try CompiledExpression.compile(text)
            return nil
        } catch {
            var message = "\(error); ADF's engine refuses it too, so every run that reaches it fails"
            if let fixed = bracketedDashedNames(text), (try? CompiledExpression.compile(fixed)) != nil {
                message += ". A name with '-' must be written in brackets: \(fixed)"
            }
            return message
        }
    }

    /// The text with every `.name-with-dashes` inside an expression (not in string literals, not
    /// in the literal text around `@{…}`) written `['name-with-dashes']`; `nil` when there is none.
    static func bracketedDashedNames(_ text: String) -> String? {
        let characters = Array(text)
        let wholeValue = text.hasPrefix("@") && !text.hasPrefix("@@")
        var result = ""
        var changed = false
        var inString = false
        var braceDepth = 0  // inside `@{…}` when above zero
        var index = 0
        func isNameCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
        }
        while index < characters.count {
            let character = characters[index]
            let inExpression = wholeValue || braceDepth > 0
            if !inExpression {
                if character == "@", index + 1 < characters.count, characters[index + 1] == "{" {
                    braceDepth = 1
                    result += "@{"
                    index += 2
                    continue
                }
            } else if character == "'" {
                inString.toggle()
            } else if !inString, character == "{" {
                braceDepth += braceDepth > 0 ? 1 : 0
            } else if !inString, character == "}", braceDepth > 0 {
                braceDepth -= 1
            } else if !inString, character == ".", index + 1 < characters.count,
                characters[index + 1].isASCII, characters[index + 1].isLetter || characters[index + 1] == "_"
            {
                var end = index + 1
                while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
                let name = String(characters[(index + 1)..<end])
                if name.contains("-") {
                    result += "['\(name)']"
                    changed = true
                    index = end
                    continue
                }
            }
            result.append(character)
            index += 1
        }
        return changed ? result : nil
    }
}
