import PipehostJSON

/// The JSON paths of translator mappings and `collectionReference`: `$['a']['b']`, `$.a.b`,
/// `$['items'][0]`, or without `$` relative to the collection (`['id']`, `id`).
struct JsonPath: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]
    /// True when the path starts with `$` (from the document root).
    var isAbsolute: Bool

    init(steps: [Step], isAbsolute: Bool) {
        self.steps = steps
        self.isAbsolute = isAbsolute
    }

    /// Parses `text`; nil when it is not a path of this shape.
    init?(_ text: String) {
        var characters = Array(text.trimmingCharactersInWhitespace())
        isAbsolute = characters.first == "$"
        if isAbsolute { characters.removeFirst() }
        var steps: [Step] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "." {
                index += 1
                continue
            }
            if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else { return nil }
                var inner = String(characters[(index + 1)..<close])
                if inner.count >= 2, inner.first == "'" || inner.first == "\"", inner.last == inner.first {
                    inner = String(inner.dropFirst().dropLast())
                    steps.append(.key(inner))
                } else if let number = Int(inner), number >= 0 {
                    steps.append(.index(number))
                } else {
                    return nil
                }
                index = close + 1
                continue
            }
            var end = index
            while end < characters.count, characters[end] != ".", characters[end] != "[" { end += 1 }
            steps.append(.key(String(characters[index..<end])))
            index = end
        }
        self.steps = steps
    }

    /// The value at this path in `value`; nil when a step is missing.
    func value(in value: JSONValue) -> JSONValue? {
        var current = value
        for step in steps {
            switch step {
            case .key(let key):
                guard let member = current.objectValue?[key] else { return nil }
                current = member
            case .index(let position):
                guard case .array(let elements) = current, elements.indices.contains(position) else { return nil }
                current = elements[position]
            }
        }
        return current
    }

    /// The last key, as the column's name when a mapping gives only a path.
    var lastName: String {
        for step in steps.reversed() { if case .key(let key) = step { return key } }
        return "value"
    }
}

extension String {
    fileprivate func trimmingCharactersInWhitespace() -> Substring {
        var slice = self[...]
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return slice
    }
}
