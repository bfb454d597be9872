import PipehostJSON

/// contains, empty, first, intersection, join, last, length, skip, take, union. Strings count
/// UTF-16 code units; array membership compares values strictly (`1` is not `1.0`); object keys
/// are case-sensitive except in `contains`, as in ADF.
enum CollectionFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("contains", arguments: 2...2, contains),
        FunctionDefinition("empty", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            switch arguments[0] {
            case .null: return .bool(true)
            case .string(let text): return .bool(text.isEmpty)
            case .array(let elements): return .bool(elements.isEmpty)
            case .object(let object): return .bool(object.isEmpty)
            default:
                throw call.typeError(0, expected: "a string, an array or an object", value: arguments[0], count: 1)
            }
        },
        FunctionDefinition("first", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            switch arguments[0] {
            case .string(let text): return .string(text.isEmpty ? "" : UTF16Text.slice(text, from: 0, count: 1))
            case .array(let elements): return elements.first ?? .null
            default: throw call.typeError(0, expected: "a string or an array", value: arguments[0], count: 1)
            }
        },
        FunctionDefinition("last", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            switch arguments[0] {
            case .string(let text):
                let length = UTF16Text.length(text)
                return .string(length == 0 ? "" : UTF16Text.slice(text, from: length - 1, count: 1))
            case .array(let elements): return elements.last ?? .null
            default: throw call.typeError(0, expected: "a string or an array", value: arguments[0], count: 1)
            }
        },
        FunctionDefinition("length", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            switch arguments[0] {
            case .string(let text): return .integer(Int64(UTF16Text.length(text)))
            case .array(let elements): return .integer(Int64(elements.count))
            default: throw call.typeError(0, expected: "a string or an array", value: arguments[0], count: 1)
            }
        },
        FunctionDefinition("join", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            guard case .array(let elements) = arguments[0] else {
                throw call.typeError(0, expected: "an array", value: arguments[0])
            }
            let delimiter = try call.string(arguments, 1)
            var result = ""
            for (offset, element) in elements.enumerated() {
                if offset > 0 { result += delimiter }
                result += try call.text(of: element)
            }
            return .string(result)
        },
        FunctionDefinition("skip", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            try slice(arguments, call, fromFront: false)
        },
        FunctionDefinition("take", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            try slice(arguments, call, fromFront: true)
        },
        FunctionDefinition("intersection", arguments: 2...Int.max) { arguments, call, _ throws(EvaluationFailure) in
            try combine(arguments, call, intersect: true)
        },
        FunctionDefinition("union", arguments: 2...Int.max) { arguments, call, _ throws(EvaluationFailure) in
            try combine(arguments, call, intersect: false)
        },
    ]

    private static func contains(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let collection = arguments[0]
        let value = arguments[1]
        switch (collection, value) {
        case (.string(let text), .string(let part)): return .bool(UTF16Text.contains(text, part))
        case (.array(let elements), _): return .bool(elements.contains(value))
        case (.object(let object), .string(let key)): return .bool(object[caseInsensitive: key] != nil)
        case (.string, _), (.object, _):
            throw call.failure(
                "the function 'contains' expects a string and a substring, an array and a value, or an object and "
                    + "a key (string); the provided types '\(collection.expressionTypeName)' and "
                    + "'\(value.expressionTypeName)' do not match")
        default:
            throw call.typeError(0, expected: "a string, an array or an object", value: collection)
        }
    }

    private static func slice(
        _ arguments: Arguments, _ call: CallSite, fromFront: Bool
    ) throws(EvaluationFailure) -> JSONValue {
        let collection = arguments[0]
        switch collection {
        case .string, .array: break
        default: throw call.typeError(0, expected: "a string or an array", value: collection)
        }
        let count = try call.integer(arguments, 1)
        // ADF's engine reads the count as a 32-bit integer: take(x, 2147483648) is an error there,
        // not the whole collection.
        guard count >= 0, count <= Int64(Int32.max) else {
            throw call.failure(
                "the function '\(call.name)' expects a count from 0 to \(Int32.max); the provided value is \(count)")
        }
        switch collection {
        case .string(let text):
            let length = Int64(UTF16Text.length(text))
            let n = min(count, length)
            return .string(
                fromFront
                    ? UTF16Text.slice(text, from: 0, count: Int(n))
                    : UTF16Text.slice(text, from: Int(n), count: Int(length - n)))
        case .array(let elements):
            let n = Int(min(count, Int64(elements.count)))
            return .array(fromFront ? Array(elements.prefix(n)) : Array(elements.dropFirst(n)))
        default:
            return .null
        }
    }

    private static func combine(
        _ arguments: Arguments, _ call: CallSite, intersect: Bool
    ) throws(EvaluationFailure) -> JSONValue {
        let values = arguments.all
        if values.allSatisfy({ $0.arrayValue != nil }) {
            let arrays = values.compactMap(\.arrayValue)
            var result: [JSONValue] = []
            if intersect {
                for element in arrays[0] where !result.contains(element) {
                    if arrays.dropFirst().allSatisfy({ $0.contains(element) }) { result.append(element) }
                }
            } else {
                for array in arrays {
                    for element in array where !result.contains(element) { result.append(element) }
                }
            }
            return .array(result)
        }
        if values.allSatisfy({ $0.objectValue != nil }) {
            let objects = values.compactMap(\.objectValue)
            var result = JSONObject()
            if intersect {
                for member in objects[0].members {
                    var value = member.value
                    var everywhere = true
                    for other in objects.dropFirst() {
                        guard let found = other[member.key], found == value else {
                            everywhere = false
                            break
                        }
                        value = found
                    }
                    if everywhere { result[member.key] = value }
                }
            } else {
                for object in objects {
                    for member in object.members { result[member.key] = member.value }
                }
            }
            return .object(result)
        }
        let kinds = values.map(\.expressionTypeName)
        if values.allSatisfy({ $0.arrayValue != nil || $0.objectValue != nil }) {
            throw call.failure(
                "the function '\(call.name)' expects either all arrays or all objects; it was given "
                    + "'\(kinds.joined(separator: ", "))'")
        }
        throw call.failure(
            "the function '\(call.name)' expects a comma separated list of arrays or of objects; it was given "
                + "values of type '\(kinds.joined(separator: ", "))'")
    }
}
