import HostCore
import PipehostJSON
import PipehostTesting
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

    /// Written with PipehostTesting, the kit plugin authors use (README, "Testing a plugin").
    @Test(arguments: badSettings)
    func badSettingsRefuseTheLoadWithAReason(settings: JSONValue, message: String) throws {
        #expect {
            _ = try PluginTestBed(library: BuildProducts.library("AzureMLPlugin"), settings: settings)
        } throws: { error in
            guard case PluginTestFailure.loadFailed(let reason) = error else { return false }
            return reason.contains("plugin 'org.pipehost.azureml'") && reason.contains("refused to start: \(message)")
        }
    }
}
