import PipehostJSON

/// Finds the `activity('Name')` references in the expressions of a JSON value, so that validation
/// can report names that match no activity before a run fails on them.
public enum ActivityReferenceScanner {
    struct Reference: Equatable {
        var name: String
        var location: SourceLocation
    }

    /// Every `activity('…')` in the strings of `value` (expressions only: `@…`, `@{…}`), with the
    /// location of the string; `skipping` excludes subtrees (nested activity lists).
    static func references(in value: JSONValue, at location: SourceLocation, skipping: (SourceLocation) -> Bool) -> [Reference] {
        var found: [Reference] = []
        collect(value, at: location, skipping: skipping, into: &found)
        return found
    }

    private static func collect(
        _ value: JSONValue, at location: SourceLocation, skipping: (SourceLocation) -> Bool, into found: inout [Reference]
    ) {
        guard !skipping(location) else { return }
        switch value {
        case .string(let text):
            guard JSONValue.string(text).isExpression else { return }
            for name in names(in: text) { found.append(Reference(name: name, location: location)) }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collect(element, at: location.element(index), skipping: skipping, into: &found)
            }
        case .object(let object):
            for member in object { collect(member.value, at: location.member(member.key), skipping: skipping, into: &found) }
        default:
            break
        }
    }

    /// The names in `activity('…')` calls of an expression text (function names ignore case).
    public static func names(in text: String) -> [String] {
        let characters = Array(text)
        var result: [String] = []
        var index = 0
        let keyword = Array("activity")
        while index + keyword.count < characters.count {
            let slice = characters[index..<(index + keyword.count)]
            let startsWord = index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "_")
            guard startsWord, zip(slice, keyword).allSatisfy({ $0.lowercased() == String($1) }) else {
                index += 1
                continue
            }
            var cursor = index + keyword.count
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "(" else { index += 1; continue }
            cursor += 1
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "'" else { index += 1; continue }
            cursor += 1
            var name = ""
            while cursor < characters.count {
                if characters[cursor] == "'" {
                    if cursor + 1 < characters.count, characters[cursor + 1] == "'" {
                        name.append("'")
                        cursor += 2
                        continue
                    }
                    result.append(name)
                    break
                }
                name.append(characters[cursor])
                cursor += 1
            }
            index = cursor + 1
        }
        return result
    }
}
