import PluginKit

/// A batch job's status as `GET {base}/jobs/{id}` answers it (reference/adf.md §3.3):
/// `{"StatusCode": "Finished", "Results": {"output1": {…}}, "Details": null}`.
///
/// `StatusCode` is read as a name or as the integer the samples also accept (0 NotStarted,
/// 1 Running, 2 Failed, 3 Cancelled, 4 Finished); extra members (`CreatedAt`, …) are ignored.
struct BatchScoreStatus: Sendable, Equatable {
    /// The job states of the Batch Execution Service.
    enum Code: String, Sendable, CaseIterable {
        case notStarted = "NotStarted"
        case running = "Running"
        case failed = "Failed"
        case cancelled = "Cancelled"
        case finished = "Finished"

        /// True once the job will not change any more.
        var isTerminal: Bool { self == .failed || self == .cancelled || self == .finished }

        init?(_ value: JSONValue) {
            switch value {
            case .integer(let number):
                let ordered: [Code] = [.notStarted, .running, .failed, .cancelled, .finished]
                guard number >= 0, number < ordered.count else { return nil }
                self = ordered[Int(number)]
            case .string(let text):
                let compact = text.replacing(" ", with: "")
                guard let match = Code.allCases.first(where: { asciiCaseInsensitiveEquals($0.rawValue, compact) }) else {
                    return nil
                }
                self = match
            default:
                return nil
            }
        }
    }

    /// Where a finished job put one output. Only the location is kept: the SAS token stays out.
    struct Result: Sendable, Equatable {
        var baseLocation: String?
        var relativeLocation: String?
    }

    var code: Code
    /// Output name → location, for a finished job.
    var results: [(name: String, result: Result)]
    /// Why a job failed or was cancelled.
    var details: String?

    static func == (lhs: BatchScoreStatus, rhs: BatchScoreStatus) -> Bool {
        lhs.code == rhs.code && lhs.details == rhs.details && lhs.results.map(\.name) == rhs.results.map(\.name)
            && lhs.results.map(\.result) == rhs.results.map(\.result)
    }

    /// Reads a status body; nil when it has no recognisable `StatusCode`.
    init?(_ json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        // The 2016 documentation sample spells it "Status Code".
        guard let codeValue = object[caseInsensitive: "StatusCode"] ?? object[caseInsensitive: "Status Code"],
            let code = Code(codeValue)
        else { return nil }
        self.code = code
        var results: [(String, Result)] = []
        for member in object[caseInsensitive: "Results"]?.objectValue ?? JSONObject() {
            let base = member.value.objectValue?[caseInsensitive: "BaseLocation"]?.stringValue
            let relative = member.value.objectValue?[caseInsensitive: "RelativeLocation"]?.stringValue
            // A base URL never needs a query; dropping it keeps any token out of the output.
            results.append((member.key, Result(baseLocation: base.map(ServiceURL.withoutQuery), relativeLocation: relative)))
        }
        self.results = results
        switch object[caseInsensitive: "Details"] {
        case .string(let text)?: details = text
        case nil, .null?: details = nil
        case let other?: details = other.description
        }
    }
}
