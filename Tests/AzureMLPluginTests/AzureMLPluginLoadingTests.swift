import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// The built `libAzureMLPlugin.so` through the real loader: what it declares, and how it treats
/// its settings from plugins.json.
@Suite(.tags(.medium))
struct AzureMLPluginLoadingTests {
    @Test func theLibraryDeclaresBothActivityTypes() throws {
        let host = AzureMLTestBed.loadHost(settings: [:])
        defer { host.shutdown() }
        let plugin = try #require(host.plugins.first)
        #expect(plugin.state == .loaded, "\(plugin)")
        #expect(plugin.pluginID == "org.pipehost.azureml")
        let types = host.executors.map(\.descriptor)
        let batch = try #require(types.first { $0.typeName == "AzureMLBatchExecution" })
        #expect(batch.isLongRunning)
        #expect(batch.isThreadSafe)
        let update = try #require(types.first { $0.typeName == "AzureMLUpdateResource" })
        #expect(!update.isLongRunning)
        #expect(update.isThreadSafe)
    }

    static let badSettings: [(JSONValue, String)] = [
        (
            ["pollIntervalMiliseconds": 10],
            "Unknown setting 'pollIntervalMiliseconds' of the AzureML plugin in plugins.json; known settings: pollIntervalMilliseconds (wait between status polls (default 1000))"
        ),
        (
            ["maxRetries": "three"],
            "The AzureML plugin's setting 'maxRetries' must be a whole number from 0 to 20."
        ),
        (
            ["retryBaseDelayMilliseconds": 5000, "retryMaxDelayMilliseconds": 100],
            "The AzureML plugin's retryMaxDelayMilliseconds must not be less than retryBaseDelayMilliseconds."
        ),
    ]

    @Test(arguments: badSettings)
    func badSettingsRefuseTheLoadWithAReason(settings: JSONValue, message: String) throws {
        let host = AzureMLTestBed.loadHost(settings: settings)
        defer { host.shutdown() }
        let error = try #require(host.plugins.first?.error)
        guard case .initFailed(_, let pluginID, let reason) = error else {
            Issue.record("expected initFailed, got \(error)")
            return
        }
        #expect(pluginID == "org.pipehost.azureml")
        #expect(reason.hasPrefix(message), "\(reason)")
        #expect(host.executors.isEmpty)
    }
}
