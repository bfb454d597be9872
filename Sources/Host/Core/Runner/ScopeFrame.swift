import PipehostJSON
import Synchronization

/// One execution of a container of activities: the pipeline's top level, an IfCondition branch,
/// one ForEach iteration, one Until iteration. Holds the results of its activities for
/// `activity('name')`, which sees this frame and the frames around it.
final class ScopeFrame: Sendable {
    /// Empty at the top level; `ForEach1[3]`, `If1(true)`, … joined by `/` below.
    let path: String
    let parent: ScopeFrame?
    /// The ForEach item of this frame; inner frames inherit it unless they have their own.
    let item: JSONValue?
    private let results = Mutex<[String: ActivityResult]>([:])

    init(path: String, parent: ScopeFrame?, item: JSONValue?) {
        self.path = path
        self.parent = parent
        self.item = item ?? parent?.item
    }

    /// `{"output", "status", "error"}` of a finished activity, looked up here and then outwards.
    /// Names ignore case as in ADF (`activity('get value')` finds `Get Value`); an exact match wins.
    func result(named name: String) -> JSONValue? {
        let found = results.withLock { results in
            results[name].map { (name, $0) } ?? results.first { asciiCaseInsensitiveEquals($0.key, name) }.map { ($0.key, $0.value) }
        }
        if let (target, value) = found { return value.json(target: target) }
        return parent?.result(named: name)
    }

    func publish(_ name: String, _ result: ActivityResult) {
        results.withLock { $0[name] = result }
    }

    /// The path of a frame nested in this one.
    func childPath(_ component: String) -> String {
        path.isEmpty ? component : path + "/" + component
    }
}

/// A finished activity as `activity('name')` sees it; its JSON is built only when an expression
/// asks for it.
struct ActivityResult: Sendable {
    var status: ActivityRunStatus
    /// `nil` for activities that never ran (Skipped, Inactive): they have no output.
    var output: JSONValue?
    var error: ActivityError?

    /// `{"output", "status", "error"}`.
    func json(target: String) -> JSONValue {
        var object: JSONObject = ["status": .string(status.rawValue)]
        if let output { object["output"] = output }
        if let error { object["error"] = error.json(target: target) }
        return .object(object)
    }
}

/// Why the current task is being cancelled when it is not the run's own cancellation: an Until
/// loop that timed out sets its message before cancelling its body, so that the activities it
/// interrupts are recorded with the reason.
final class CancellationCause: Sendable {
    @TaskLocal static var current: CancellationCause?

    private let reason = Mutex<ActivityError?>(nil)
    /// The cause of an enclosing loop, which may fire while this one has not.
    private let parent: CancellationCause?

    init(parent: CancellationCause? = CancellationCause.current) {
        self.parent = parent
    }

    func set(_ error: ActivityError) { reason.withLock { $0 = error } }

    /// This loop's own reason.
    var ownError: ActivityError? { reason.withLock { $0 } }

    /// This loop's reason, or an enclosing one's.
    var error: ActivityError? { reason.withLock { $0 } ?? parent?.error }
}
