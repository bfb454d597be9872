import PipehostJSON

/// Where a function is called: its canonical name and position, plus anything prepared at compile
/// time from constant arguments (a parsed date format, a resolved time zone). Function bodies use it
/// to build their error messages.
struct CallSite: Sendable {
    let name: String
    let position: Int
    let prepared: PreparedArgument?

    func failure(_ message: String) -> EvaluationFailure {
        EvaluationFailure(at: position, message)
    }

    /// "The function 'add' expects its first parameter to be a number; the provided value is of type 'String'."
    func typeError(_ index: Int, expected: String, value: JSONValue, count: Int = 2) -> EvaluationFailure {
        failure(
            "the function '\(name)' expects its \(Self.ordinal(index, of: count)) to be \(expected); "
                + "the provided value is of type '\(value.expressionTypeName)'")
    }

    /// "first parameter", "second parameter", … or "parameter" when the function takes one.
    static func ordinal(_ index: Int, of count: Int) -> String {
        if count == 1 { return "parameter" }
        let words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
        return index < words.count ? "\(words[index]) parameter" : "parameter \(index + 1)"
    }
}

/// Data a function derives once, at compile time, from its constant arguments: a parsed date
/// format and resolved time zones.
struct PreparedArgument: Sendable {
    var format: DateTimeFormat?
    var zones: [Int: ResolvedTimeZone] = [:]
}

extension JSONValue {
    /// The type name ADF uses in its messages; binary content objects are still objects.
    var expressionTypeName: String { typeName }
}
