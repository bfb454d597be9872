/// A reference whose name an ARM template takes from a parameter without a value
/// (`"referenceName": "[parameters('AzureBlobStorage')]"`, as ADF's template gallery writes every
/// linked service the user picks at import) is kept as its expression text. A message about such
/// a reference says which parameter to give instead of suggesting a file of that name.
enum TemplateParameterName {
    /// The template parameter `name` stands for, when it is an unresolved `[parameters('…')]`:
    /// read with the ARM reader's own classification and parser.
    static func parameter(in name: String) -> String? {
        guard case .expression(let text) = ARMExpression.classify(name),
            case .call(let function, let arguments)? = try? ARMExpressionParser.parse(text),
            function.lowercased() == "parameters", arguments.count == 1,
            case .string(let parameter) = arguments[0], !parameter.isEmpty
        else { return nil }
        return parameter
    }

    /// How to give the missing name, for a message about a reference to `name` of `kind`
    /// (`linked service`, `dataset`, `pipeline`); `nil` when `name` is an ordinary name.
    static func hint(for name: String, kind: String) -> String? {
        guard let parameter = parameter(in: name) else { return nil }
        return "the \(kind) name comes from the ARM template parameter '\(parameter)', which has no value: "
            + "give the name of a \(kind) with --template-parameter \(parameter)=NAME or --template-parameters FILE"
    }
}
