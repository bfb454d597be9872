@testable import HostCore
import TestSizeTags
import Testing

@Suite("Attempt deadlines", .tags(.small))
struct AttemptDeadlinesTests {
    @Test("an attempt past its deadline is cancelled and reported as timed out; others are not")
    func timesOut() async throws {
        let deadlines = AttemptDeadlines()
        // Many overlapping attempts with far deadlines, most of them ending: the heap is rebuilt
        // along the way and must still hold the live ones.
        var farIds: [UInt64] = []
        let far = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        for index in 0..<1_000 {
            farIds.append(deadlines.register(far, deadline: .now + .seconds(3600)))
            if index % 10 != 0 { #expect(!deadlines.finish(farIds.removeLast())) }
        }
        let stuck = Task<Void, Never> {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        }
        let stuckId = deadlines.register(stuck, deadline: .now + .milliseconds(50))
        await stuck.value
        #expect(stuck.isCancelled)
        #expect(deadlines.finish(stuckId))
        #expect(!far.isCancelled)
        for id in farIds { #expect(!deadlines.finish(id)) }
        far.cancel()
        deadlines.close()
    }
}
