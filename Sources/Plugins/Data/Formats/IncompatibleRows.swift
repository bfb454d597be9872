import PluginKit

/// Rows a source skipped because of `enableSkipIncompatibleRow`: counted for Copy's
/// `rowsSkipped`, and kept (the first ``maximumKept``) for the log that `logSettings` or
/// `redirectIncompatibleRowSettings` ask for.
final class IncompatibleRows: Sendable {
    struct Row: Sendable, Equatable {
        var file: String
        var number: Int64
        var text: String
        var reason: String
    }

    static let maximumKept = 10_000

    private let state = LockedState<(count: Int64, rows: [Row])>((0, []))
    /// nil: incompatible rows fail the activity.
    let isSkipping: Bool

    init(skipping: Bool) { isSkipping = skipping }

    /// Records `failure` for a row when skipping; else throws it.
    func skip(_ row: Row, failure: ActivityFailure) throws(ActivityFailure) {
        guard isSkipping else { throw failure }
        state.withLock { value in
            value.count += 1
            if value.rows.count < Self.maximumKept { value.rows.append(row) }
        }
    }

    var count: Int64 { state.value.count }
    var rows: [Row] { state.value.rows }
}
