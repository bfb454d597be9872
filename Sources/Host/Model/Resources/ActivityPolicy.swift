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

    /// Per attempt, above zero and at most seven days.
    public static let timeoutSetting = DurationSetting("policy.timeout", maximum: .sevenDays, maximumDescription: "seven days")
    /// A 32-bit count, as ADF's API types it.
    public static let retrySetting = WholeNumberSetting("policy.retry", range: 0...Int64(Int32.max))
    /// ADF documents 30…86400; it publishes factories with less, so below 30 is only a warning.
    public static let retryIntervalSetting = WholeNumberSetting(
        "policy.retryIntervalInSeconds", range: 0...86_400, documentedMinimum: Int64(defaultRetryIntervalInSeconds))

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
            } else {
                switch timeoutSetting.read(timeout) {
                case .success(let span): policy.timeout = .value(span)
                case .failure(let problem): problems.append(ValidationProblem(problem, at: reader.location(of: "timeout")))
                }
            }
        }
        if let retry = reader.value("retry") {
            policy.retry = integerSetting(retry, retrySetting, at: reader.location(of: "retry"), problems: &problems)
        }
        if let interval = reader.value("retryIntervalInSeconds") {
            policy.retryIntervalInSeconds = integerSetting(
                interval, retryIntervalSetting, at: reader.location(of: "retryIntervalInSeconds"), problems: &problems)
        }
        policy.secureInput = reader.bool("secureInput", problems: &problems) ?? false
        policy.secureOutput = reader.bool("secureOutput", problems: &problems) ?? false
        return policy
    }

    private static func integerSetting(
        _ value: JSONValue, _ setting: WholeNumberSetting, at location: SourceLocation, problems: inout [ValidationProblem]
    ) -> PolicySetting<Int> {
        if value.isExpression { return .expression(value) }
        switch setting.read(value) {
        case .success(let number):
            if let warning = setting.warning(for: number) {
                problems.append(ValidationProblem(.policyOutOfRange, at: location, warning, severity: .warning))
            }
            return .value(Int(number))
        case .failure(let problem):
            problems.append(ValidationProblem(problem, at: location))
            return .value(Int(setting.range.lowerBound))
        }
    }
}
