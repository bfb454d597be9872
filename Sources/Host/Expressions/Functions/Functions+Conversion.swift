import PipehostJSON

/// array, bool, coalesce, createArray, float, int, json, string: conversions between the
/// language's types, with ADF's rules (`string(true)` is `True`, `int('1,000')` is 1000,
/// `bool('TRUE')` is true, `json()` reads Json.NET's relaxed JSON and XML).
enum ConversionFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("array", arguments: 1...1) { arguments, _, _ in
            if case .array = arguments[0] { return arguments[0] }
            return .array([arguments[0]])
        },
        FunctionDefinition("createArray", arguments: 1...Int.max) { arguments, _, _ in
            .array(arguments.all)
        },
        FunctionDefinition("coalesce", arguments: 1...Int.max) { nodes, _, scope throws(EvaluationFailure) in
            for node in nodes {
                let value = try node.evaluate(scope)
                if !value.isNull { return value }
            }
            return .null
        },
        FunctionDefinition("string", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(try call.text(of: arguments[0]))
        },
        FunctionDefinition("bool", arguments: 1...1, bool),
        FunctionDefinition("int", arguments: 1...1, int),
        FunctionDefinition("float", arguments: 1...1, float),
        FunctionDefinition("json", arguments: 1...1, json),
    ]

    private static func bool(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        switch arguments[0] {
        case .bool: return arguments[0]
        case .integer(let value): return .bool(value != 0)
        case .double(let value): return .bool(value != 0)
        case .string(let text):
            let trimmed = UTF16Text.trimmed(text)
            if asciiCaseInsensitiveEquals(trimmed, "true") { return .bool(true) }
            if asciiCaseInsensitiveEquals(trimmed, "false") { return .bool(false) }
            throw call.failure(
                "the function 'bool' cannot convert the string '\(text)' to a boolean; use 'true' or 'false'")
        default:
            throw call.typeError(0, expected: "a boolean, a number or a string", value: arguments[0], count: 1)
        }
    }

    private static func int(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let value = arguments[0]
        switch value {
        case .integer:
            // ADF converts through a double, so the very top of the Int64 range is out of reach.
            if case .integer(let integer) = value, Double(integer) >= 9_223_372_036_854_775_808.0 {
                throw call.failure("the function 'int' cannot convert \(integer) to an integer: it is out of range")
            }
            return value
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .double(let double):
            guard let integer = DotNetNumberParsing.exactInteger(double) else {
                throw call.failure(
                    "the function 'int' cannot convert \(DotNetNumberFormatting.format(double)) to an integer: "
                        + "it is not a whole number in the 64-bit range")
            }
            return .integer(integer)
        case .string(let text):
            guard let double = DotNetNumberParsing.parse(text, allowTrailingSign: false, allowSymbols: false) else {
                throw call.failure(
                    "the function 'int' cannot convert the string '\(text)' to an integer: it is not a number")
            }
            guard let integer = DotNetNumberParsing.exactInteger(double) else {
                throw call.failure(
                    "the function 'int' cannot convert the string '\(text)' to an integer: it is not a whole number in "
                        + "the 64-bit range")
            }
            return .integer(integer)
        default:
            throw call.typeError(0, expected: "a string, a number or a boolean", value: value, count: 1)
        }
    }

    private static func float(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let value = arguments[0]
        switch value {
        case .integer(let integer): return .double(Double(integer))
        case .double: return value
        case .bool(let flag): return .double(flag ? 1 : 0)
        case .string(let text):
            guard let double = DotNetNumberParsing.parse(text, allowTrailingSign: true, allowSymbols: true) else {
                throw call.failure(
                    "the function 'float' cannot convert the string '\(text)' to a float: it is not a number")
            }
            return .double(double)
        default:
            throw call.typeError(0, expected: "a string, a number or a boolean", value: value, count: 1)
        }
    }

    private static func json(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let value = arguments[0]
        var text: String
        switch value {
        case .string(let string): text = string
        case .object:
            let binary: BinaryContent?
            do throws(ValueTextError) {
                binary = try BinaryContent.read(value)
            } catch {
                throw call.failure("the function 'json' cannot read its argument: \(error.message)")
            }
            guard let binary else {
                throw call.typeError(0, expected: "a string or an XML value", value: value, count: 1)
            }
            if binary.contentType.lowercased().contains("xml") {
                do throws(XMLError) {
                    return XMLJSONConversion.json(from: try XMLParser.parse(binary.text))
                } catch {
                    throw call.failure("the function 'json' cannot convert the XML: \(error.description)")
                }
            }
            text = binary.text
        default:
            throw call.typeError(0, expected: "a string or an XML value", value: value, count: 1)
        }
        do throws(LenientJSONError) {
            return try LenientJSONReader.parse(text)
        } catch {
            throw call.failure("the function 'json' cannot parse its argument as JSON: \(error.description)")
        }
    }
}
