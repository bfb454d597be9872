import HostCore

/// Collapses the activity-run events of a batch into one per activity run. Every such event
/// writes the whole row (an upsert of all its columns), so writing the last event of each
/// activity run, at the place of its first, leaves the table exactly as writing all of them would,
/// rows in the same order; an activity that is queued, started, finished and closed within one
/// batch costs one row write instead of four.
enum RunEventCoalescing {
    static func coalesced(_ events: [RunEvent]) -> [RunEvent] {
        var latest: [String: RunEvent] = [:]
        for event in events {
            if let key = activityRunKey(event) { latest[key] = event }
        }
        guard latest.count < events.count else { return events }
        var result: [RunEvent] = []
        result.reserveCapacity(events.count)
        for event in events {
            guard let key = activityRunKey(event) else {
                result.append(event)
                continue
            }
            // The first event of the run takes the last one's content; the others are dropped.
            if let last = latest.removeValue(forKey: key) { result.append(last) }
        }
        return result
    }

    private static func activityRunKey(_ event: RunEvent) -> String? {
        switch event {
        case .activityQueued(let record), .attemptStarted(let record), .attemptFinished(let record, _),
            .activityFinished(let record):
            record.pipelineRunId + "|" + record.activityRunId
        default:
            nil
        }
    }
}
