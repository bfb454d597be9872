import PipehostJSON

/// concat, endsWith, guid, indexOf, lastIndexOf, replace, split, startsWith, substring, toLower,
/// toUpper, trim. Positions count UTF-16 code units and "not case-sensitive" is ordinal
/// ignore-case, as in ADF (.NET).
enum StringFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("concat", arguments: 1...Int.max) { arguments, call, _ throws(EvaluationFailure) in
            var result = ""
            for index in 0..<arguments.count {
                do throws(ValueTextError) {
                    try ValueText.append(arguments[index], to: &result)
                } catch {
                    throw call.failure("the function 'concat' cannot read its parameter \(index + 1): \(error.message)")
                }
            }
            return .string(result)
        },
        FunctionDefinition("endsWith", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(UTF16Text.hasSuffixIgnoringCase(try call.string(arguments, 0), try call.string(arguments, 1)))
        },
        FunctionDefinition("startsWith", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(UTF16Text.hasPrefixIgnoringCase(try call.string(arguments, 0), try call.string(arguments, 1)))
        },
        FunctionDefinition("indexOf", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            let text = try call.string(arguments, 0)
            let search = try call.string(arguments, 1)
            return .integer(Int64(UTF16Text.indexIgnoringCase(of: search, in: text)))
        },
        FunctionDefinition("lastIndexOf", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            let text = try call.string(arguments, 0)
            let search = try call.string(arguments, 1)
            return .integer(Int64(UTF16Text.lastIndexIgnoringCase(of: search, in: text)))
        },
        FunctionDefinition("replace", arguments: 3...3) { arguments, call, _ throws(EvaluationFailure) in
            let text = try call.string(arguments, 0)
            let old = try call.string(arguments, 1)
            let new = try call.string(arguments, 2)
            guard !old.isEmpty else {
                throw call.failure("the function 'replace' cannot replace an empty string: its second parameter is ''")
            }
            return .string(UTF16Text.replacingOccurrences(of: old, with: new, in: text))
        },
        FunctionDefinition("split", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            let parts = UTF16Text.split(try call.string(arguments, 0), separator: try call.string(arguments, 1))
            return .array(parts.map(JSONValue.string))
        },
        FunctionDefinition("substring", arguments: 2...3, substring),
        FunctionDefinition("toLower", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(UTF16Text.lowercased(try call.string(arguments, 0)))
        },
        FunctionDefinition("toUpper", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(UTF16Text.uppercased(try call.string(arguments, 0)))
        },
        FunctionDefinition("trim", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .string(UTF16Text.trimmed(try call.string(arguments, 0)))
        },
        FunctionDefinition("guid", arguments: 0...1, foldable: false, guid),
    ]

    private static func substring(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let text = try call.string(arguments, 0)
        let start = try call.integer(arguments, 1)
        let length = Int64(UTF16Text.length(text))
        guard start >= 0, start < length else {
            throw call.failure(
                "the function 'substring' start index \(start) is out of range: it must be at least 0 and less than "
                    + "the length of the string (\(length))")
        }
        let count: Int64
        if arguments.count == 3 {
            count = try call.integer(arguments, 2)
            guard count >= 0, count <= length - start else {
                throw call.failure(
                    "the function 'substring' length \(count) is out of range: the start index (\(start)) plus the "
                        + "length must be at least 0 and at most the length of the string (\(length))")
            }
        } else {
            count = length - start
        }
        return .string(UTF16Text.slice(text, from: Int(start), count: Int(count)))
    }

    private static func guid(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        var format = "D"
        if arguments.count == 1 { format = try call.string(arguments, 0) }
        let hex = Array(scope.environment.newGUID().utf8.filter(isHexDigit).map(asciiLowercase))
        guard hex.count == 32 else {
            throw call.failure("the GUID source of the evaluation environment did not return a GUID")
        }
        func group(_ range: Range<Int>) -> String { String(decoding: hex[range], as: UTF8.self) }
        let dashed = "\(group(0..<8))-\(group(8..<12))-\(group(12..<16))-\(group(16..<20))-\(group(20..<32))"
        switch format {
        case "N": return .string(group(0..<32))
        case "D": return .string(dashed)
        case "B": return .string("{\(dashed)}")
        case "P": return .string("(\(dashed))")
        case "X":
            let tail = stride(from: 16, to: 32, by: 2).map { "0x" + group($0..<($0 + 2)) }.joined(separator: ",")
            return .string("{0x\(group(0..<8)),0x\(group(8..<12)),0x\(group(12..<16)),{\(tail)}}")
        default:
            throw call.failure(
                "the function 'guid' format '\(format)' is not supported; use one of 'N', 'D', 'B', 'P', 'X'")
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
