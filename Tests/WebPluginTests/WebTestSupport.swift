import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport

/// The real `libWebPlugin.so` through the real loader, with settings that keep tests quick and
/// send service principal token requests to the test server.
enum WebTestBed {
    static func settings(_ server: TestEndpoint) -> JSONValue {
        [
            "authorityHost": .string(server.base), "asyncPollIntervalMilliseconds": 20,
            "callbackPollIntervalMilliseconds": 20, "connectTimeoutSeconds": 5,
        ]
    }

    /// Runs `body` with a started test server and a plugin test bed, and stops both.
    static func with<T>(_ body: (TestEndpoint, PluginTestBed) async throws -> T) async throws -> T {
        try await TestEndpoint.with { server in
            let bed = try PluginTestBed(library: BuildProducts.library("WebPlugin"), settings: settings(server))
            defer { bed.shutdown() }
            return try await body(server, bed)
        }
    }

    /// An Azure Function linked service of the test server.
    static func functionApp(_ server: TestEndpoint, key: JSONValue = .string(TestEndpoint.functionKey))
        -> ResolvedLinkedService
    {
        ResolvedLinkedService(
            name: "Functions", type: "AzureFunction",
            typeProperties: ["functionAppUrl": .string(server.base), "functionKey": key])
    }
}

extension PluginTestRun {
    /// Everything the run let out: output, error, log lines, progress and saved operation states.
    var everythingShown: String {
        var parts: [String] = []
        switch outcome {
        case .succeeded(let output): parts.append(JSONSerializer.serialize(output))
        case .failed(let error):
            parts.append(
                "\(error.errorCode) \(error.message) \(error.details.map { JSONSerializer.serialize($0) } ?? "")")
        case .cancelled: parts.append("cancelled")
        }
        parts += logs.map(\.description)
        parts += progress.map { $0.message ?? "" }
        parts += services.savedStates.map { String(decoding: $0, as: UTF8.self) }
        return parts.joined(separator: "\n")
    }
}
