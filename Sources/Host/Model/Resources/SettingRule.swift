import PipehostJSON

/// What ADF allows for one whole-number setting (a retry count, an interval, a wait), and the one
/// place that reads such a setting, whether it is written in the JSON (checked by `validate`) or
/// produced by an expression when the activity runs. A value outside the range is reported as a
/// `SettingProblem`, never computed with, so no later conversion, arithmetic or sleep can overflow.
public struct WholeNumberSetting: Sendable {
    /// The property as messages name it, e.g. `policy.retryIntervalInSeconds`.
    public let property: String
    public let range: ClosedRange<Int64>
    /// ADF's documented minimum where ADF itself accepts less: a smaller value is only a warning.
    public let documentedMinimum: Int64?

    public init(_ property: String, range: ClosedRange<Int64>, documentedMinimum: Int64? = nil) {
        self.property = property
        self.range = range
        self.documentedMinimum = documentedMinimum
    }

    /// A JSON integer, a whole floating-point number or a string of digits (ADF's own JSON has
    /// all three), within `range`.
    public func read(_ value: JSONValue) -> Result<Int64, SettingProblem> {
        let number: Int64?
        switch value {
        case .integer(let integer): number = integer
        case .double(let double) where double.rounded() == double:
            // A whole number too big for 64 bits (1e300) is a number out of range, not a non-number.
            guard let exact = Int64(exactly: double) else { return outOfRange(value.abbreviatedDescription) }
            number = exact
        case .string(let text):
            if let parsed = Int64(text) {
                number = parsed
            } else if Self.isDigits(text) {
                return outOfRange(text)
            } else {
                number = nil
            }
        default: number = nil
        }
        guard let number else { return .failure(.notAWholeNumber(property: property, found: value.abbreviatedDescription)) }
        guard range.contains(number) else { return outOfRange(String(number)) }
        return .success(number)
    }

    private func outOfRange(_ value: String) -> Result<Int64, SettingProblem> {
        .failure(.outOfRange(property: property, value: value, allowed: allowed))
    }

    /// The warning for a value below ADF's documented minimum, if it is.
    public func warning(for value: Int64) -> String? {
        guard let documentedMinimum, value < documentedMinimum else { return nil }
        return "\(property) is \(value), below the \(documentedMinimum) that ADF documents as its minimum; "
            + "pipehost uses \(value) as written"
    }

    /// "between 0 and 86400", "at least 1": for messages.
    var allowed: String {
        range.upperBound == .max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
    }

    /// Digits with an optional sign.
    private static func isDigits(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }
}

/// What ADF allows for one duration setting (an activity's `policy.timeout`, Until's `timeout`):
/// a duration string as `TimeSpan.parse` reads it (.NET's forms), above zero and at most `maximum`, read the same way from the JSON and
/// from an expression's result.
public struct DurationSetting: Sendable {
    /// The property as messages name it, e.g. `policy.timeout`.
    public let property: String
    public let maximum: TimeSpan
    /// How `maximum` reads in a message ("7 days").
    public let maximumDescription: String

    public init(_ property: String, maximum: TimeSpan, maximumDescription: String) {
        self.property = property
        self.maximum = maximum
        self.maximumDescription = maximumDescription
    }

    public func read(_ value: JSONValue) -> Result<TimeSpan, SettingProblem> {
        guard case .string(let text) = value else {
            return .failure(.notADuration(property: property, found: value.abbreviatedDescription))
        }
        switch TimeSpan.parse(text) {
        case .failure(.malformed):
            return .failure(.notADuration(property: property, found: value.abbreviatedDescription))
        case .failure(.tooLong):
            return .failure(.outOfRange(property: property, value: "'\(text)'", allowed: allowed))
        case .success(let span):
            guard span.ticks > 0, span <= maximum else {
                return .failure(.outOfRange(property: property, value: "'\(text)'", allowed: allowed))
            }
            return .success(span)
        }
    }

    var allowed: String { "a duration above zero and at most \(maximum) (\(maximumDescription))" }
}

/// Why a setting's value cannot be used.
public enum SettingProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value is not a whole number (nor a string of digits).
    case notAWholeNumber(property: String, found: String)
    /// The value is not a duration .NET's `TimeSpan.Parse` reads (`[d.]hh:mm:ss` and its shorter forms).
    case notADuration(property: String, found: String)
    /// The value is outside what ADF allows (or what the machine can count).
    case outOfRange(property: String, value: String, allowed: String)

    /// The property whose value this is.
    public var property: String {
        switch self {
        case .notAWholeNumber(let property, _), .notADuration(let property, _), .outOfRange(let property, _, _):
            property
        }
    }

    /// The explanation without the property's name, for messages that name it already.
    public var explanation: String {
        switch self {
        case .notAWholeNumber(_, let found):
            "it must be a whole number, but it is \(found)"
        case .notADuration(_, let found):
            "it must be a duration written d.hh:mm:ss (e.g. \"0.12:00:00\"; .NET's shorter forms such as \"1:00:00\" or \"7\" for days also work, with hours 0–23 and minutes and seconds 0–59), but it is \(found)"
        case .outOfRange(_, let value, let allowed):
            "it is \(value), out of range: use \(allowed)"
        }
    }

    public var description: String { "\(property): \(explanation)" }
}

extension ValidationProblem {
    /// A setting's problem, reported where the value is written.
    public init(_ problem: SettingProblem, at location: SourceLocation) {
        switch problem {
        case .outOfRange: self.init(.policyOutOfRange, at: location, problem.description)
        case .notAWholeNumber, .notADuration: self.init(.invalidValue, at: location, problem.description)
        }
    }
}
