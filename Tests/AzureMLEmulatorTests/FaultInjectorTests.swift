import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

@Suite(.tags(.small))
struct FaultInjectorTests {
    @Test func ratesZeroAndOneAreExact() {
        let injector = FaultInjector(seed: 7)
        #expect((0..<100).allSatisfy { _ in !injector.happens(at: 0) && !injector.happens(at: nil) })
        #expect((0..<100).allSatisfy { _ in injector.happens(at: 1) })
    }

    @Test func theSameSeedInjectsTheSameFaults() {
        let first = FaultInjector(seed: 42)
        let second = FaultInjector(seed: 42)
        let a = (0..<200).map { _ in first.happens(at: 0.3) }
        let b = (0..<200).map { _ in second.happens(at: 0.3) }
        #expect(a == b)
        // A fraction near the rate, far from all or nothing.
        let hits = a.filter { $0 }.count
        #expect(hits > 30 && hits < 90)
    }

    @Test func injectedErrorsCarryTheirStatus() {
        #expect(AzureMLServiceError.injected(status: 503, endpoint: "e").status == .serviceUnavailable)
        #expect(AzureMLServiceError.injected(status: 500, endpoint: "e").status == .internalServerError)
        let throttled = AzureMLServiceError.injected(status: 429, endpoint: "e")
        #expect(throttled.status == .tooManyRequests)
        #expect(throttled.retryAfterSeconds == 1)
    }
}
