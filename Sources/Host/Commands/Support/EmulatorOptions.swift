import ArgumentParser
import PipehostJSON

/// `--emulator FILE [--emulator-url-parameter NAME]`: run the pipeline against the Azure ML emulator,
/// the `azureml-emulator` executable next to `pipehost`, started as a child process on a free
/// loopback port for the duration of the run (docs/azureml-plugins.md).
struct EmulatorOptions: ParsableArguments {
    @Option(
        name: .customLong("emulator"),
        help: ArgumentHelp(
            "Start the Azure ML emulator (azureml-emulator, built next to pipehost) with this configuration (docs/azureml-emulator.md) for the run; its URL becomes a global parameter.",
            valueName: "file"))
    var configuration: String?

    @Option(
        name: .customLong("emulator-url-parameter"),
        help: ArgumentHelp(
            "The factory's global parameter that receives the emulator's URL (http://127.0.0.1:PORT); its linked services build their URLs from it.",
            valueName: "name"))
    var urlParameter = "azureMLBaseUrl"

    /// Starts the emulator when `--emulator` was given; checks first that the factory declares the
    /// global parameter it will set.
    func start(factoryGlobalParameters: JSONObject) async throws(CommandFailure) -> EmulatorProcess? {
        guard let configuration else { return nil }
        guard factoryGlobalParameters.member(caseInsensitive: urlParameter) != nil else {
            let declared = factoryGlobalParameters.keys
            throw CommandFailure(
                "--emulator sets the global parameter '\(urlParameter)' to the emulator's URL, but the factory declares "
                    + (declared.isEmpty ? "no global parameters" : "only \(declared.joined(separator: ", "))")
                    + ". Declare it in factory/<factory>.json (\"globalParameters\": {\"\(urlParameter)\": {\"type\": \"String\", \"value\": \"http://127.0.0.1:8790\"}}) and build the linked services' URLs from it, or name another one with --emulator-url-parameter.")
        }
        do {
            return try await EmulatorProcess.start(configurationPath: configuration, urlParameter: urlParameter)
        } catch {
            throw CommandFailure("--emulator \(configuration): \(error)")
        }
    }
}
