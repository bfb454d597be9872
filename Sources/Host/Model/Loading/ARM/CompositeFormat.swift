import PipehostJSON

/// .NET composite formatting as ARM's `format()` uses it: `{index[,alignment][:format]}` items,
/// `{{` and `}}` for literal braces. Integers understand the `D`, `X` and `N` format strings.
enum CompositeFormat {
    static func format(_ template: String, _ arguments: [JSONValue], function: String) throws(ARMExpressionError) -> String {
        let characters = Array(template)
        var result = ""
        var index = 0
        func invalid(_ reason: String) -> ARMExpressionError { .invalidArgument(function: function, reason: reason) }
        while index < characters.count {
            let character = characters[index]
            if character == "}" {
                guard index + 1 < characters.count, characters[index + 1] == "}" else {
                    throw invalid("a '}' in the format string must be written '}}' unless it closes a {0} item")
                }
                result.append("}")
                index += 2
                continue
            }
            guard character == "{" else {
                result.append(character)
                index += 1
                continue
            }
            if index + 1 < characters.count, characters[index + 1] == "{" {
                result.append("{")
                index += 2
                continue
            }
            guard let close = characters[index...].firstIndex(of: "}") else {
                throw invalid("the item starting at character \(index + 1) of the format string has no closing '}'")
            }
            let item = String(characters[(index + 1)..<close])
            index = close + 1
            let (head, formatString) = split(item, at: ":")
            let (indexText, alignmentText) = split(head, at: ",")
            guard let position = Int(indexText.trimmingPrefix(while: \.isWhitespace)), position >= 0 else {
                throw invalid("'{\(item)}' does not start with an argument number such as {0}")
            }
            guard position < arguments.count else {
                throw invalid("'{\(item)}' refers to argument \(position), but only \(arguments.count) follow the format string")
            }
            var text = try formatted(arguments[position], formatString, invalid: invalid)
            if let alignmentText {
                guard let alignment = Int(alignmentText.trimmingPrefix(while: \.isWhitespace)), abs(alignment) <= 16_384 else {
                    throw invalid("the alignment in '{\(item)}' must be a number")
                }
                let padding = String(repeating: " ", count: max(0, abs(alignment) - text.count))
                text = alignment < 0 ? text + padding : padding + text
            }
            result += text
        }
        return result
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let position = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<position]), String(text[text.index(after: position)...]))
    }

    private static func formatted(
        _ value: JSONValue, _ formatString: String?, invalid: (String) -> ARMExpressionError
    ) throws(ARMExpressionError) -> String {
        guard let formatString, !formatString.isEmpty else { return ARMValues.text(value) }
        guard case .integer(let number) = value, let kind = formatString.first,
            let precision = formatString.count == 1 ? 0 : Int(formatString.dropFirst()), (0...64).contains(precision)
        else {
            throw invalid("the format string '\(formatString)' is not supported for \(ARMValues.typeName(value)); use D, X or N with an int")
        }
        let magnitude = number.magnitude
        switch kind {
        case "D", "d":
            let digits = String(magnitude)
            return (number < 0 ? "-" : "") + String(repeating: "0", count: max(0, precision - digits.count)) + digits
        case "X", "x":
            let digits = String(UInt64(bitPattern: number), radix: 16, uppercase: kind == "X")
            return String(repeating: "0", count: max(0, precision - digits.count)) + digits
        case "N", "n":
            var grouped = ""
            for (offset, digit) in String(magnitude).reversed().enumerated() {
                if offset > 0, offset % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            let fraction = precision == 0 && formatString.count > 1 ? "" : "." + String(repeating: "0", count: formatString.count == 1 ? 2 : precision)
            return (number < 0 ? "-" : "") + String(grouped.reversed()) + fraction
        default:
            throw invalid("the format string '\(formatString)' is not supported; use D, X or N with an int")
        }
    }
}
