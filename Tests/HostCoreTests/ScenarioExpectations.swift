import HostCore
import PipehostJSON
import Testing

/// Checks a case's outcome against its `expect` object:
/// - `status`, `message`, `messageContains`: the pipeline run
/// - `activities`: name → a status (exactly one record), a list of statuses (records in creation
///   order, e.g. retries or iterations), or `"absent"`
/// - `errors`: name → `{"errorCode", "messageContains"}` of the last record
/// - `variables`, `returnValue`: final values
/// - `invocations`: name → list of `{path: value}` per call, paths into the plugin invocation JSON
/// - `calls`: name → number of calls; `cancelled`: activities whose executor saw cancellation
/// - `waitsInSeconds`: what the run asked the sleeper for; `peakConcurrencyAtMost`
/// - `secretsAbsent`: strings that must not appear in anything the run wrote
enum ScenarioExpectations {
    static func check(_ outcome: ScenarioOutcome, against expect: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let record = outcome.record
        if let status = expect["status"]?.stringValue {
            #expect(record.status.rawValue == status, "pipeline status; message: \(record.message)", sourceLocation: sourceLocation)
        }
        if let message = expect["message"]?.stringValue {
            #expect(record.message == message, sourceLocation: sourceLocation)
        }
        if let fragment = expect["messageContains"]?.stringValue {
            #expect(record.message.contains(fragment), "message: \(record.message)", sourceLocation: sourceLocation)
        }
        for (name, expected) in expect["activities"]?.objectValue ?? [:] {
            let statuses = outcome.activityRuns(name).map(\.status.rawValue)
            switch expected {
            case .string("absent"):
                #expect(statuses.isEmpty, "activity '\(name)' should have no run", sourceLocation: sourceLocation)
            case .string(let status):
                #expect(statuses == [status], "activity '\(name)'", sourceLocation: sourceLocation)
            case .array(let list):
                #expect(statuses == list.compactMap(\.stringValue), "activity '\(name)'", sourceLocation: sourceLocation)
            default:
                Issue.record("bad expectation for '\(name)': \(expected)", sourceLocation: sourceLocation)
            }
        }
        for (name, expected) in expect["errors"]?.objectValue ?? [:] {
            let error = outcome.activityRuns(name).last?.error
            if let code = expected["errorCode"]?.stringValue {
                #expect(error?.errorCode == code, "error code of '\(name)': \(String(describing: error))", sourceLocation: sourceLocation)
            }
            if let fragment = expected["messageContains"]?.stringValue {
                #expect(error?.message.contains(fragment) == true, "error of '\(name)': \(String(describing: error))", sourceLocation: sourceLocation)
            }
        }
        for (name, value) in expect["variables"]?.objectValue ?? [:] {
            #expect(record.variables[name] == value, "variable '\(name)'", sourceLocation: sourceLocation)
        }
        if let returnValue = expect["returnValue"] {
            #expect(record.pipelineReturnValue.map(JSONValue.object) == returnValue, sourceLocation: sourceLocation)
        }
        for (name, expectedCalls) in expect["invocations"]?.objectValue ?? [:] {
            let calls = outcome.script.calls(of: name)
            let list = expectedCalls.arrayValue ?? []
            #expect(calls.count >= list.count, "calls of '\(name)'", sourceLocation: sourceLocation)
            for (index, checks) in list.enumerated() where index < calls.count {
                for (path, value) in checks.objectValue ?? [:] {
                    #expect(calls[index].json.value(at: path) == value, "call \(index) of '\(name)' at \(path)", sourceLocation: sourceLocation)
                }
            }
        }
        for (name, count) in expect["calls"]?.objectValue ?? [:] {
            #expect(Int64(outcome.script.calls(of: name).count) == count.integerValue, "calls of '\(name)'", sourceLocation: sourceLocation)
        }
        if let cancelled = expect["cancelled"]?.arrayValue {
            #expect(outcome.script.cancellations.sorted() == cancelled.compactMap(\.stringValue).sorted(), sourceLocation: sourceLocation)
        }
        if let waits = expect["waitsInSeconds"]?.arrayValue {
            #expect(outcome.sleeper.requested == waits.compactMap(\.integerValue).map { .seconds($0) }, sourceLocation: sourceLocation)
        }
        if let limit = expect["peakConcurrencyAtMost"]?.integerValue {
            #expect(Int64(outcome.script.peakConcurrency) <= limit, "peak concurrency \(outcome.script.peakConcurrency)", sourceLocation: sourceLocation)
        }
        let written = outcome.everythingWritten
        for secret in expect["secretsAbsent"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            #expect(!written.contains(secret), "a secret appears in what the run wrote", sourceLocation: sourceLocation)
        }
    }
}
