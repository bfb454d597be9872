import HostCore
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Plugins that break the result contract", .tags(.medium))
struct MisbehavingPluginTests {
    @Test("each violation fails the activity, names the plugin and leaves the host running", arguments: [
        ("Bad.InvalidJSON", "its output is not valid UTF-8 JSON"),
        ("Bad.NullData", "its output buffer has length 5 but data is NULL"),
        ("Bad.ArrayOutput", "its output is a JSON array, not an object"),
        ("Bad.InvalidUTF8", "its output is not valid UTF-8 JSON"),
        ("Bad.HugeOutput", "its output is 5242880 bytes, more than the limit of 4194304"),
        ("Bad.BufferSize", "its output buffer has struct_size 12, not sizeof(ph_buffer) = 40"),
        ("Bad.ErrorShape", "its error object does not have ADF's shape: the error object has no \"errorCode\""),
        ("Bad.RunningFromRun", "it returned status 2, but this call may return only PH_STATUS_SUCCEEDED or PH_STATUS_FAILED"),
        ("Bad.Status", "it returned status 7"),
    ])
    func violation(type: String, problem: String) async throws {
        let path = try CFixtureCompiler.misbehavingPlugin()
        let host = Fixtures.host([path])
        defer { host.shutdown() }
        let error = try #require(await host.run(type).error)
        #expect(error.errorCode == "PluginMisbehaved")
        #expect(error.failureType == .systemError)
        #expect(error.message.contains("plugin 'org.pipehost.fixture.misbehaving' ('\(path)') misbehaved in activity type '\(type)'"))
        #expect(error.message.contains(problem))
        let honest = try #require(await host.run("Bad.GoodFailure").error)
        #expect(honest == ActivityError(errorCode: "7", message: "honest failure", failureType: .systemError))
    }
}
