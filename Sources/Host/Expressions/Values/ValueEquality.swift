import PipehostJSON

/// Equality and order of values as ADF's logical functions see them.
enum ValueEquality {
    /// `equals(a, b)`: numbers compare by value across integer and float (`equals(1, 1.0)`), and a
    /// boolean equals the number 1 (true) or 0 (false), as documented ("equals(true, 1) … returns
    /// true"); every other pair compares deeply, where nested numbers must also agree in type and
    /// object keys are case-sensitive but unordered.
    static func equals(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .integer(let b)): return a == Double(b)
        case (.bool(let flag), .integer), (.bool(let flag), .double):
            return rhs.numberValue == (flag ? 1 : 0)
        case (.integer, .bool(let flag)), (.double, .bool(let flag)):
            return lhs.numberValue == (flag ? 1 : 0)
        default: return lhs == rhs
        }
    }

    /// The order of two numbers or two strings for `greater`, `less` and friends; nil when the
    /// values are not both numbers or both strings.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int? {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.string(let a), .string(let b)): return StringCollation.compare(a, b)
        default:
            guard let a = lhs.numberValue, let b = rhs.numberValue else { return nil }
            return a == b ? 0 : (a < b ? -1 : 1)
        }
    }
}
