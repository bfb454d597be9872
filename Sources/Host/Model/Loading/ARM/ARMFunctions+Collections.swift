import PipehostJSON

extension ARMFunctions {
    /// Array and object functions (and those that take strings too: `length`, `first`, `contains`, …).
    static let collections: [ARMFunction] = [
        ARMFunction("createArray", 0...many) { call in .array(call.arguments) },
        ARMFunction("array", 1...1) { call in
            if case .array = call.arguments[0] { return call.arguments[0] }
            return .array([call.arguments[0]])
        },
        ARMFunction("createObject", 0...many) { call throws(ARMExpressionError) in
            guard call.arguments.count % 2 == 0 else { throw call.invalid("takes names and values in pairs, but was given an odd number of arguments") }
            var members: [(String, JSONValue)] = []
            for index in stride(from: 0, to: call.arguments.count, by: 2) {
                members.append((try call.string(index), call.arguments[index + 1]))
            }
            return .object(JSONObject(members))
        },
        ARMFunction("length", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .string(let text): return .integer(Int64(text.utf16.count))
            case .array(let elements): return .integer(Int64(elements.count))
            case .object(let object): return .integer(Int64(object.count))
            default: throw call.wrongType(0, "a string, an array or an object")
            }
        },
        ARMFunction("empty", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .null: return true
            case .string(let text): return .bool(text.isEmpty)
            case .array(let elements): return .bool(elements.isEmpty)
            case .object(let object): return .bool(object.isEmpty)
            default: throw call.wrongType(0, "a string, an array, an object or null")
            }
        },
        ARMFunction("first", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .string(let text): return .string(text.first.map(String.init) ?? "")
            case .array(let elements): return elements.first ?? .null
            default: throw call.wrongType(0, "a string or an array")
            }
        },
        ARMFunction("last", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .string(let text): return .string(text.last.map(String.init) ?? "")
            case .array(let elements): return elements.last ?? .null
            default: throw call.wrongType(0, "a string or an array")
            }
        },
        ARMFunction("take", 2...2) { call throws(ARMExpressionError) in
            let count = Int(clamping: max(0, try call.integer(1)))
            switch call.arguments[0] {
            case .string(let text): return .string(String(decoding: Array(text.utf16).prefix(count), as: UTF16.self))
            case .array(let elements): return .array(Array(elements.prefix(count)))
            default: throw call.wrongType(0, "a string or an array")
            }
        },
        ARMFunction("skip", 2...2) { call throws(ARMExpressionError) in
            let count = Int(clamping: max(0, try call.integer(1)))
            switch call.arguments[0] {
            case .string(let text): return .string(String(decoding: Array(text.utf16).dropFirst(count), as: UTF16.self))
            case .array(let elements): return .array(Array(elements.dropFirst(count)))
            default: throw call.wrongType(0, "a string or an array")
            }
        },
        ARMFunction("contains", 2...2) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .string(let text): return .bool(text.contains(ARMValues.text(call.arguments[1])))
            case .array(let elements): return .bool(elements.contains(call.arguments[1]))
            case .object(let object): return .bool(object.member(caseInsensitive: try call.string(1)) != nil)
            default: throw call.wrongType(0, "a string, an array or an object")
            }
        },
        ARMFunction("join", 2...2) { call throws(ARMExpressionError) in
            guard case .array(let elements) = call.arguments[0] else { throw call.wrongType(0, "an array") }
            return .string(elements.map(ARMValues.text).joined(separator: try call.string(1)))
        },
        ARMFunction("union", 1...many) { call throws(ARMExpressionError) in
            if case .object = call.arguments[0] {
                var result = JSONObject()
                for index in call.arguments.indices {
                    guard case .object(let object) = call.arguments[index] else { throw call.wrongType(index, "an object, as the first argument is") }
                    for member in object { result[member.key] = member.value }
                }
                return .object(result)
            }
            var result: [JSONValue] = []
            for index in call.arguments.indices {
                guard case .array(let elements) = call.arguments[index] else { throw call.wrongType(index, "an array or an object") }
                for element in elements where !result.contains(element) { result.append(element) }
            }
            return .array(result)
        },
        ARMFunction("intersection", 2...many) { call throws(ARMExpressionError) in
            guard case .array(let first) = call.arguments[0] else { throw call.wrongType(0, "an array") }
            var result: [JSONValue] = []
            for element in first where !result.contains(element) { result.append(element) }
            for index in call.arguments.indices.dropFirst() {
                guard case .array(let elements) = call.arguments[index] else { throw call.wrongType(index, "an array") }
                result = result.filter { elements.contains($0) }
            }
            return .array(result)
        },
        ARMFunction("coalesce", 1...many) { call in call.arguments.first { !$0.isNull } ?? .null },
        ARMFunction("json", 1...1) { call throws(ARMExpressionError) in
            let text = try call.string(0)
            do {
                return try JSONParser.parse(text, allowingComments: true)
            } catch {
                throw call.invalid("'\(text.prefix(80))' is not JSON (\(error))")
            }
        },
    ]
}
