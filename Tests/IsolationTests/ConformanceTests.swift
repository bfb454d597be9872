import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("pipehost plugins check: every misbehaving fixture is caught", .tags(.medium))
struct ConformanceTests {
    // Bounds wide enough that a crash is seen as a crash even while the whole suite loads the
    // machine (an abort once took over 2 s to end its worker), short enough for the hang checks.
    static let options = ConformanceOptions(
        workerExecutable: BuildProducts.pipehost, callTimeout: .seconds(6), cancellationBound: .seconds(1),
        concurrentCalls: 4)

    static func status(_ checks: [ConformanceCheck], _ name: String) -> ConformanceCheck? {
        checks.first { $0.name == name }
    }

    @Test("the crashing fixture: segfault, abort, infinite loop, stdout writes and a never-ending operation all fail")
    func crashing() async throws {
        let checks = await PluginConformance.check(library: try CFixtureCompiler.crashingPlugin(), options: Self.options)
        let report = checks.map(\.line).joined(separator: "\n")
        #expect(Self.status(checks, "load")?.status == .pass, "\(report)")
        #expect(Self.status(checks, "init and deinit")?.status == .pass, "\(report)")
        let segfault = try #require(Self.status(checks, "empty-invocation Crash.Segfault"))
        #expect(segfault.status == .fail && segfault.detail.contains("SIGSEGV"), "\(report)")
        let abort = try #require(Self.status(checks, "empty-invocation Crash.Abort"))
        #expect(abort.status == .fail && abort.detail.contains("SIGABRT"), "\(report)")
        #expect(Self.status(checks, "malformed-invocation Crash.Segfault")?.status == .fail, "\(report)")
        let loop = try #require(Self.status(checks, "empty-invocation Crash.InfiniteLoop"))
        #expect(loop.status == .fail && loop.detail.contains("worker was killed"), "\(report)")
        #expect(Self.status(checks, "concurrency Crash.InfiniteLoop")?.status == .fail, "\(report)")
        let never = try #require(Self.status(checks, "cancellation Crash.NeverEnding"))
        #expect(never.status == .fail && never.detail.contains("killed"), "\(report)")
        let stdout = try #require(Self.status(checks, "no stdout writes"))
        #expect(stdout.status == .fail && stdout.detail.contains("Crash.StdoutWrite"), "\(report)")
        #expect(stdout.detail.contains("this line must not reach"), "\(report)")
        for name in ["empty-invocation Crash.Fine", "malformed-invocation Crash.Fine", "concurrency Crash.Fine"] {
            #expect(Self.status(checks, name)?.status == .pass, "\(name): \(report)")
        }
    }

    @Test("the misbehaving fixture: invalid JSON, huge output and other contract breaches fail")
    func misbehaving() async throws {
        let checks = await PluginConformance.check(library: try CFixtureCompiler.misbehavingPlugin(), options: Self.options)
        let report = checks.map(\.line).joined(separator: "\n")
        for type in ["Bad.InvalidJSON", "Bad.HugeOutput", "Bad.NullData", "Bad.Status", "Bad.RunningFromRun"] {
            let check = try #require(Self.status(checks, "empty-invocation \(type)"), "\(report)")
            #expect(check.status == .fail && check.detail.contains("misbehaved"), "\(type): \(report)")
        }
        #expect(Self.status(checks, "empty-invocation Bad.GoodFailure")?.status == .pass, "\(report)")
    }

    @Test("Swift fatalError is caught")
    func fatalError() async throws {
        let checks = await PluginConformance.check(library: BuildProducts.library("SwiftFixturePlugin"), options: Self.options)
        let report = checks.map(\.line).joined(separator: "\n")
        let check = try #require(Self.status(checks, "empty-invocation Fixture.FatalError"))
        #expect(check.status == .fail && check.detail.contains("fixture fatalError"), "\(report)")
        #expect(Self.status(checks, "empty-invocation Fixture.Noop")?.status == .pass, "\(report)")
        #expect(Self.status(checks, "cancellation Fixture.Countdown")?.status == .pass, "\(report)")
    }

    @Test("a well-behaved plugin (the shipped Custom activity plugin) passes every check")
    func goodPlugin() async throws {
        // A plugin that answers needs no tight bound: generous limits keep a loaded machine from
        // turning a slow answer into a failed check.
        let options = ConformanceOptions(
            workerExecutable: BuildProducts.pipehost, callTimeout: .seconds(30), cancellationBound: .seconds(10),
            concurrentCalls: 4)
        let checks = await PluginConformance.check(library: BuildProducts.library("CustomActivityPlugin"), options: options)
        let report = checks.map(\.line).joined(separator: "\n")
        #expect(checks.allSatisfy { $0.status != .fail }, "\(report)")
        #expect(checks.contains { $0.name == "leaks (valgrind)" && $0.status == .skip })
    }

    @Test("a plugin that echoes a malformed invocation back as its output is caught")
    func echoOfMalformedInput() async throws {
        let checks = await PluginConformance.check(library: try CFixtureCompiler.goodPlugin(), options: Self.options)
        let check = try #require(Self.status(checks, "malformed-invocation CFixture.Echo"))
        #expect(check.status == .fail && check.detail.contains("not valid UTF-8 JSON"))
        #expect(Self.status(checks, "malformed-invocation CFixture.Noop")?.status == .pass)
    }

    @Test("a library that does not load fails the load check and skips the rest")
    func notAPlugin() async throws {
        let checks = await PluginConformance.check(library: "/nonexistent/libnothing.so", options: Self.options)
        #expect(checks.first?.name == "load")
        #expect(checks.first?.status == .fail)
        #expect(checks.first?.detail.contains("does not exist") == true)
        #expect(checks.dropFirst().allSatisfy { $0.status == .skip })
    }
}
