/// Prints a script as canonical text: the parameter block, then one statement per line group with
/// its top-level arguments on lines of their own. Parsing the text gives an equal script.
enum ScriptPrinter {
    static func print(_ script: DataFlowScript) -> String {
        var text = ""
        if !script.parameters.isEmpty {
            text += "parameters{\n"
            text += script.parameters.map { "\t" + parameter($0) }.joined(separator: ",\n")
            text += "\n}\n"
        }
        for statement in script.statements {
            text += self.statement(statement) + "\n"
        }
        return text
    }

    static func parameter(_ parameter: ScriptParameter) -> String {
        var text = "\(parameter.name) as \(typeText(parameter.type))"
        if let value = parameter.defaultValue { text += " (\(expression(value)))" }
        return text
    }

    static func statement(_ statement: Statement) -> String {
        var text = statement.inputs.map(\.description).joined(separator: ", ")
        if !text.isEmpty { text += " " }
        text += statement.transformation + "("
        text += statement.arguments.map(argument).joined(separator: ",\n\t")
        text += ") ~> " + statement.name
        if !statement.branches.isEmpty { text += "@(" + statement.branches.joined(separator: ", ") + ")" }
        return text
    }

    static func argument(_ argument: ScriptArgument) -> String {
        switch argument.kind {
        case .value(let value): expression(value)
        case .option(let name, let value): "\(name): \(expression(value))"
        case .assignment(let target, let value): "\(expression(target)) = \(expression(value))"
        case .declaration(let name, let declared): "\(expression(name)) as \(typeText(declared))"
        }
    }

    static func typeText(_ reference: TypeReference) -> String {
        var text: String
        switch reference.kind {
        case .named(let name, let parameters):
            text = parameters.isEmpty ? name : "\(name)(\(parameters.map(String.init).joined(separator: ",")))"
        case .array(let element):
            // The element's formats belong after the whole type.
            var bare = element
            bare.formats = []
            text = typeText(bare) + "[]"
        case .structure(let fields):
            text = "(" + fields.map { "\(expression($0.name)) as \(typeText($0.type))" }.joined(separator: ", ") + ")"
        case .map(let key, let value):
            text = "[\(typeText(key)), \(typeText(value))]"
        }
        for format in reference.formats { text += " " + quoted(format) }
        return text
    }

    // MARK: Expressions

    /// `minimum` is the lowest operator precedence that may appear unparenthesized here.
    static func expression(_ value: DataFlowExpression, minimum: Int = 0) -> String {
        switch value.kind {
        case .number(let number): return number.text
        case .string(let text): return quoted(text)
        case .interpolatedString(let parts): return interpolated(parts)
        case .regex(let text): return "`\(text)`"
        case .boolean(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .column(let name): return name
        case .quotedColumn(let name): return quotedName(name)
        case .parameter(let name): return "$" + name
        case .currentColumn: return "$$"
        case .hashName(let name): return "#" + name
        case .local(let name): return ":" + name
        case .call(let call):
            let receiver = call.receiver.map { $0 + "#" } ?? ""
            return receiver + call.name + "(" + call.arguments.map(argument).joined(separator: ", ") + ")"
        case .unary(let op, let operand):
            return op.rawValue + expression(operand, minimum: BinaryOperator.highestPrecedence + 1)
        case .binary(let op, let left, let right):
            let text =
                expression(left, minimum: op.precedence) + " " + op.rawValue + " "
                + expression(right, minimum: op.precedence + 1)
            return op.precedence < minimum ? "(\(text))" : text
        case .index(let base, let position):
            return postfixOperand(base) + "[" + expression(position) + "]"
        case .field(let base, let name):
            return postfixOperand(base) + "." + self.name(name)
        case .streamColumn(let base, let name):
            return postfixOperand(base) + "@" + self.name(name)
        case .parenthesized(let inner):
            return "(" + expression(inner) + ")"
        case .array(let elements):
            return "[" + elements.map { expression($0) }.joined(separator: ", ") + "]"
        case .map(let entries):
            return "[" + entries.map { expression($0.key) + " -> " + expression($0.value) }.joined(separator: ", ")
                + "]"
        case .structure(let fields):
            return "@(" + fields.map(argument).joined(separator: ", ") + ")"
        case .typed(let operand, let declared):
            let text = expression(operand) + " ? " + typeText(declared)
            return minimum > 0 ? "(\(text))" : text
        }
    }

    /// Operators inside `a[i]`, `a.b`, `a@b` and `-a` need parentheses.
    private static func postfixOperand(_ value: DataFlowExpression) -> String {
        expression(value, minimum: BinaryOperator.highestPrecedence + 1)
    }

    private static func name(_ name: Name) -> String {
        switch name {
        case .plain(let text): text
        case .quoted(let text): quotedName(text)
        }
    }

    static func quoted(_ text: String) -> String {
        "'" + escaped(text, quote: "'") + "'"
    }

    /// `text` with backslashes, `quote`, `extra` and control characters escaped as the script writes them.
    private static func escaped(_ text: String, quote: Unicode.Scalar, extra: Unicode.Scalar? = nil) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", quote: result += "\\" + String(scalar)
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar == extra { result += "\\" }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func quotedName(_ text: String) -> String {
        var result = "{"
        for scalar in text.unicodeScalars {
            if scalar == "}" || scalar == "\\" { result += "\\" }
            result.unicodeScalars.append(scalar)
        }
        return result + "}"
    }

    private static func interpolated(_ parts: [InterpolationPart]) -> String {
        var result = "\""
        for part in parts {
            switch part {
            case .text(let text):
                result += escaped(text, quote: "\"", extra: "{")
            case .expression(let value):
                result += "{" + expression(value) + "}"
            }
        }
        return result + "\""
    }
}

extension ScriptParameter {
    /// `name as type (default)` as the parameter block writes it.
    public func printed() -> String { ScriptPrinter.parameter(self) }
}

extension Statement {
    /// The statement as canonical script text.
    public func printed() -> String { ScriptPrinter.statement(self) }
}

extension ScriptArgument {
    public func printed() -> String { ScriptPrinter.argument(self) }
}

extension DataFlowExpression {
    public func printed() -> String { ScriptPrinter.expression(self) }
}

extension TypeReference {
    public func printed() -> String { ScriptPrinter.typeText(self) }
}
