import PipehostJSON

/// A policy value that is either written out or an expression evaluated when the activity runs.
public enum PolicySetting<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    /// An `@…` string or `{"value", "type": "Expression"}` object.
    case expression(JSONValue)

    /// The literal value, if there is one.
    public var literal: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// `policy` of an execution activity, with ADF's defaults for what is not written.
public struct ActivityPolicy: Sendable, Hashable {
    /// Per attempt; ADF's default and maximum is seven days.
    public var timeout: PolicySetting<TimeSpan>
    /// Ordinary retries after the first attempt.
    public var retry: PolicySetting<Int>
    /// Seconds between attempts, 30…86400.
    public var retryIntervalInSeconds: PolicySetting<Int>
    /// Keep the evaluated input out of logs and run records.
    public var secureInput: Bool
    /// Keep the output out of logs and run records.
    public var secureOutput: Bool

    public static let defaultRetryIntervalInSeconds = 30
    /// ADF's bounds on `retryIntervalInSeconds`.
    public static let retryIntervalRange = 30...86_400

    public init(
        timeout: PolicySetting<TimeSpan> = .value(.sevenDays), retry: PolicySetting<Int> = .value(0),
        retryIntervalInSeconds: PolicySetting<Int> = .value(defaultRetryIntervalInSeconds),
        secureInput: Bool = false, secureOutput: Bool = false
    ) {
        self.timeout = timeout
        self.retry = retry
        self.retryIntervalInSeconds = retryIntervalInSeconds
        self.secureInput = secureInput
        self.secureOutput = secureOutput
    }

    /// The policy as JSON in spec casing, with expressions left as written.
    public var json: JSONValue {
        func setting<Value>(_ setting: PolicySetting<Value>, _ literal: (Value) -> JSONValue) -> JSONValue {
            switch setting {
            case .value(let value): literal(value)
            case .expression(let expression): expression
            }
        }
        return [
            "timeout": setting(timeout) { .string($0.description) },
            "retry": setting(retry) { .integer(Int64($0)) },
            "retryIntervalInSeconds": setting(retryIntervalInSeconds) { .integer(Int64($0)) },
            "secureOutput": .bool(secureOutput),
            "secureInput": .bool(secureInput),
        ]
    }
}

extension ActivityPolicy {
    /// Decodes `policy`, recording a problem for each value that is malformed or out of range.
    static func decode(_ value: JSONValue?, at location: SourceLocation, problems: inout [ValidationProblem]) -> ActivityPolicy {
        var policy = ActivityPolicy()
        guard let value else { return policy }
        guard let reader = PropertyReader(value, at: location, what: "policy", problems: &problems) else { return policy }

        if let timeout = reader.value("timeout") {
            if timeout.isExpression {
                policy.timeout = .expression(timeout)
            } else if case .string(let text) = timeout, let span = TimeSpan(parsing: text) {
                if span > .sevenDays || span.ticks <= 0 {
                    problems.append(ValidationProblem(
                        .policyOutOfRange, at: reader.location(of: "timeout"),
                        "timeout '\(text)' is out of range: use a duration above zero and at most 7.00:00:00 (seven days)"))
                }
                policy.timeout = .value(span)
            } else {
                problems.append(ValidationProblem(
                    .policyOutOfRange, at: reader.location(of: "timeout"),
                    "timeout \(timeout.abbreviatedDescription) is not a duration: write it as d.hh:mm:ss, e.g. \"0.12:00:00\""))
            }
        }
        if let retry = reader.value("retry") {
            policy.retry = integerSetting(retry, key: "retry", reader: reader, range: 0...Int.max, problems: &problems)
        }
        if let interval = reader.value("retryIntervalInSeconds") {
            policy.retryIntervalInSeconds = integerSetting(
                interval, key: "retryIntervalInSeconds", reader: reader, range: retryIntervalRange, problems: &problems)
        }
        policy.secureInput = reader.bool("secureInput", problems: &problems) ?? false
        policy.secureOutput = reader.bool("secureOutput", problems: &problems) ?? false
        return policy
    }

    private static func integerSetting(
        _ value: JSONValue, key: String, reader: PropertyReader, range: ClosedRange<Int>,
        problems: inout [ValidationProblem]
    ) -> PolicySetting<Int> {
        if value.isExpression { return .expression(value) }
        let number: Int?
        switch value {
        case .integer(let integer): number = Int(exactly: integer)
        case .double(let double) where double.rounded() == double: number = Int(exactly: double)
        case .string(let text): number = Int(text)
        default: number = nil
        }
        guard let number else {
            problems.append(ValidationProblem(
                .policyOutOfRange, at: reader.location(of: key),
                "\(key) must be a whole number, found \(value.abbreviatedDescription)"))
            return .value(range.lowerBound)
        }
        if !range.contains(number) {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)"
                : "between \(range.lowerBound) and \(range.upperBound)"
            problems.append(ValidationProblem(
                .policyOutOfRange, at: reader.location(of: key), "\(key) is \(number); it must be \(bounds)"))
        }
        return .value(number)
    }
}
