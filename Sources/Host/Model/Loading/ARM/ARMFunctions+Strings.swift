import PipehostJSON

extension ARMFunctions {
    /// String functions. Positions and lengths count UTF-16 code units, as ARM (.NET) does.
    static let strings: [ARMFunction] = [
        ARMFunction("concat", 1...many) { call throws(ARMExpressionError) in
            if case .array = call.arguments[0] {
                var elements: [JSONValue] = []
                for index in call.arguments.indices {
                    guard case .array(let part) = call.arguments[index] else { throw call.wrongType(index, "an array, as the first argument is") }
                    elements += part
                }
                return .array(elements)
            }
            return .string(call.arguments.map(ARMValues.text).joined())
        },
        ARMFunction("format", 1...many) { call throws(ARMExpressionError) in
            .string(try CompositeFormat.format(try call.string(0), Array(call.arguments.dropFirst()), function: call.name))
        },
        ARMFunction("string", 1...1) { call in .string(ARMValues.text(call.arguments[0])) },
        ARMFunction("toLower", 1...1) { call throws(ARMExpressionError) in .string(try call.string(0).lowercased()) },
        ARMFunction("toUpper", 1...1) { call throws(ARMExpressionError) in .string(try call.string(0).uppercased()) },
        ARMFunction("trim", 1...1) { call throws(ARMExpressionError) in
            .string(String(try call.string(0).trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        },
        ARMFunction("replace", 3...3) { call throws(ARMExpressionError) in
            let old = try call.string(1)
            guard !old.isEmpty else { throw call.invalid("the text to replace must not be empty") }
            return .string(try call.string(0).replacing(old, with: try call.string(2)))
        },
        ARMFunction("substring", 2...3) { call throws(ARMExpressionError) in
            let units = Array(try call.string(0).utf16)
            let start = try call.integer(1)
            let length = call.arguments.count == 3 ? try call.integer(2) : Int64(units.count) - start
            guard start >= 0, start <= Int64(units.count) else {
                throw call.invalid("the start index \(start) is outside the string of length \(units.count)")
            }
            guard length >= 0, start + length <= Int64(units.count) else {
                throw call.invalid("the length \(length) from index \(start) goes past the end of the string of length \(units.count)")
            }
            return .string(String(decoding: units[Int(start)..<Int(start + length)], as: UTF16.self))
        },
        ARMFunction("split", 2...2) { call throws(ARMExpressionError) in
            let text = try call.string(0)
            let delimiters: [String]
            switch call.arguments[1] {
            case .string(let delimiter): delimiters = [delimiter]
            case .array(let elements): delimiters = elements.compactMap(\.stringValue)
            default: throw call.wrongType(1, "a string or an array of strings")
            }
            return .array(splitting(text, by: delimiters.filter { !$0.isEmpty }).map(JSONValue.string))
        },
        ARMFunction("startsWith", 2...2) { call throws(ARMExpressionError) in
            .bool(try call.string(0).lowercased().hasPrefix(try call.string(1).lowercased()))
        },
        ARMFunction("endsWith", 2...2) { call throws(ARMExpressionError) in
            .bool(try call.string(0).lowercased().hasSuffix(try call.string(1).lowercased()))
        },
        ARMFunction("indexOf", 2...2) { call throws(ARMExpressionError) in
            .integer(utf16Offset(of: try call.string(1), in: try call.string(0), last: false))
        },
        ARMFunction("lastIndexOf", 2...2) { call throws(ARMExpressionError) in
            .integer(utf16Offset(of: try call.string(1), in: try call.string(0), last: true))
        },
        ARMFunction("padLeft", 2...3) { call throws(ARMExpressionError) in
            let text = ARMValues.text(call.arguments[0])
            let width = try call.integer(1)
            guard width >= 0, width <= 16_384 else { throw call.invalid("the total length \(width) must be between 0 and 16384") }
            let pad = call.arguments.count == 3 ? try call.string(2) : " "
            guard pad.utf16.count == 1 else { throw call.invalid("the padding must be one character") }
            let missing = max(0, Int(width) - text.utf16.count)
            return .string(String(repeating: pad, count: missing) + text)
        },
    ]

    /// `text` split at every occurrence of any delimiter (the earliest, longest first), keeping empty parts.
    static func splitting(_ text: String, by delimiters: [String]) -> [String] {
        guard !delimiters.isEmpty else { return [text] }
        let units = Array(text.utf16)
        let patterns = delimiters.map { Array($0.utf16) }.sorted { $0.count > $1.count }
        var parts: [String] = []
        var partStart = 0
        var index = 0
        while index < units.count {
            if let match = patterns.first(where: { index + $0.count <= units.count && Array(units[index..<index + $0.count]) == $0 }) {
                parts.append(String(decoding: units[partStart..<index], as: UTF16.self))
                index += match.count
                partStart = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: units[partStart...], as: UTF16.self))
        return parts
    }

    /// The UTF-16 offset of `needle` in `text` (case-insensitive, as ARM's indexOf), or -1.
    static func utf16Offset(of needle: String, in text: String, last: Bool) -> Int64 {
        let haystack = Array(text.lowercased().utf16)
        let pattern = Array(needle.lowercased().utf16)
        guard pattern.count <= haystack.count else { return -1 }
        if pattern.isEmpty { return last ? Int64(haystack.count) : 0 }
        let candidates = Array(0...(haystack.count - pattern.count))
        for start in last ? Array(candidates.reversed()) : candidates where Array(haystack[start..<start + pattern.count]) == pattern {
            return Int64(start)
        }
        return -1
    }
}
