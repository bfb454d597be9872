import PipehostJSON

/// The result of one check of `pipehost plugins check`.
public struct ConformanceCheck: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case pass
        case fail
        case skip
    }

    /// The check's name, with the activity type when it is about one: `empty-invocation Crash.Abort`.
    public var name: String
    public var status: Status
    /// Why it passed, failed or was skipped.
    public var detail: String

    public init(name: String, status: Status, detail: String) {
        self.name = name
        self.status = status
        self.detail = detail
    }

    /// One line of text output: `FAIL  empty-invocation Crash.Abort: …`.
    public var line: String {
        let label = switch status {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .skip: "SKIP"
        }
        return "\(label)  \(name): \(detail.replacingNewlines())"
    }

    public var json: JSONValue {
        ["name": .string(name), "status": .string(status.rawValue), "detail": .string(detail)]
    }
}

/// How `pipehost plugins check` runs.
public struct ConformanceOptions: Sendable {
    /// The settings handed to the plugin's init.
    public var settings: JSONValue?
    /// The `pipehost` executable that serves as the worker; nil for the one next to this process.
    public var workerExecutable: String?
    /// How long one activity call may take before the check cancels it.
    public var callTimeout: Duration
    /// How long a cancelled call may take to end (the bound of the cancellation check); the
    /// worker is killed after it.
    public var cancellationBound: Duration
    /// The most init or deinit may take.
    public var lifecycleBound: Duration
    /// Calls started at once in the concurrency check of a thread-safe type.
    public var concurrentCalls: Int
    /// Also run the plugin under valgrind (when installed) and fail on definite leaks or memory errors.
    public var deep: Bool

    public init(
        settings: JSONValue? = nil, workerExecutable: String? = nil, callTimeout: Duration = .seconds(5),
        cancellationBound: Duration = .seconds(2), lifecycleBound: Duration = .seconds(5), concurrentCalls: Int = 8,
        deep: Bool = false
    ) {
        self.settings = settings
        self.workerExecutable = workerExecutable
        self.callTimeout = callTimeout
        self.cancellationBound = cancellationBound
        self.lifecycleBound = lifecycleBound
        self.concurrentCalls = concurrentCalls
        self.deep = deep
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " | ")
    }
}
