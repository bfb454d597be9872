#if canImport(Glibc)
import Glibc
#endif
import PipehostJSON
import PipehostTesting
import PluginRuntime
import TestSizeTags
import Testing

@Suite("Worker processes inherit no descriptor of the host but their standard streams", .tags(.medium))
struct InheritedDescriptorTests {
    @Test("a pipe the host opened without close-on-exec is not open in a worker started after it")
    func pipeWithoutCloseOnExec() async throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        #expect(fcntl(ends[1], F_GETFD) & FD_CLOEXEC == 0)
        var status = stat()
        try #require(fstat(ends[1], &status) == 0)
        let pipeName = "pipe:[\(status.st_ino)]"

        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let output = try await bed.run("Fixture.OpenFiles").requireSucceeded()
        let files = try #require(output["files"]?.arrayValue).compactMap(\.stringValue)
        #expect(bed.host.workerProcessesStarted == 1)
        #expect(!files.contains(pipeName), "the worker holds the host's pipe \(pipeName): \(files)")
    }
}
