import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOPosix
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The in-process API the host's demo uses, driven through the repository's example: train, update the
/// non-default scoring endpoint, score — with URLs, keys and connection strings taken from the library.
@Suite(.tags(.medium))
struct LibraryAPITests {
    static let example = ConfigurationTests.repositoryRoot.appendingPathComponent("examples/azureml-emulator")

    @Test func theExampleRetrainsAndScoresInProcess() async throws {
        let fixture = try EmulatorFixture(copying: Self.example)
        defer { fixture.remove() }
        let configuration = fixture.configuration.overriding(jobDuration: EmulatorDuration(parsing: "10ms"))
        let emulator = try await AzureMLEmulator.start(configuration: configuration)
        do {
            try await retrainAndScore(emulator)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    private func retrainAndScore(_ emulator: AzureMLEmulator) async throws {
        #expect(emulator.baseURL == "http://127.0.0.1:\(emulator.port)")
        #expect(emulator.endpoints.count == 4)
        let training = try #require(emulator.endpoint(webService: "Training Exp for ADF ML"))
        let retrain = try #require(emulator.endpoint(webService: "Scoring Exp for ADF ML", endpoint: "retrain"))
        #expect(!retrain.isDefault)
        #expect(retrain.trainedModelResourceName == "Training Exp for ADF ML [trained model]")
        #expect(retrain.batchExecutionURL.hasSuffix("/jobs?api-version=2.0"))
        let storage = try #require(emulator.storage["mlstorage"])
        #expect(storage.blobEndpoint == emulator.baseURL + "/blob/mlstorage/")
        #expect(emulator.storage["devstoreaccount1"] != nil)
        #expect(emulator.startupReport.hasPrefix("listening on \(emulator.baseURL)\n"))
        #expect(!emulator.startupReport.contains(retrain.apiKey))

        // Upload a fresh input through the blob endpoint with a SAS from the library.
        let csv = try String(contentsOf: storage.fileURL(relativeLocation: "amltest/input/train.csv"), encoding: .utf8)
        let upload = try await LiveHTTP.send(
            method: .put,
            url: storage.blobEndpoint + "amltest/upload/train.csv"
                + storage.sasToken(forBlob: "amltest/upload/train.csv", permissions: "w"),
            headers: ["x-ms-blob-type": "BlockBlob"], body: csv
        )
        #expect(upload.status == 201)

        // Train, with the library's connection string (it carries BlobEndpoint).
        let trainBody = RequestBodies.batch(
            inputs: [
                "input1": RequestBodies.connectionReference(
                    "amltest/upload/train.csv", connectionString: storage.connectionString)
            ],
            outputs: [
                "output1": RequestBodies.connectionReference(
                    "amltest/models/retrained.ilearner", connectionString: storage.connectionString)
            ]
        )
        let trained = try await runJob(training, body: trainBody)
        #expect(trained[property: "StatusCode"] == "Finished")
        let model = try TrainedModel.decode(
            Data(contentsOf: storage.fileURL(relativeLocation: "amltest/models/retrained.ilearner"))
        )

        let scoreBody = RequestBodies.batch(inputs: [
            "input1": RequestBodies.connectionReference(
                "amltest/input/score.csv", connectionString: storage.connectionString)
        ])
        let before = try await scores(retrain, body: scoreBody)

        // Update the retrain endpoint the way ADF's AzureMLUpdateResource does: BaseLocation + a read SAS.
        let location = RequestBodies.sasReference(
            base: storage.blobEndpoint, "amltest/models/retrained.ilearner",
            token: storage.sasToken(forBlob: "amltest/models/retrained.ilearner", permissions: "r")
        )
        let patch = try await LiveHTTP.send(
            method: .patch, url: retrain.updateResourceURL, headers: ["Authorization": "Bearer \(retrain.apiKey)"],
            body: #"{"Resources":[{"Name":"\#(retrain.trainedModelResourceName ?? "")","Location":\#(location)}]}"#
        )
        #expect(patch.status == 200, "\(patch.body)")

        let after = try await scores(retrain, body: scoreBody)
        #expect(after.count == before.count && after.count == 12)
        #expect(zip(before, after).allSatisfy { abs($0 - $1) > 0.01 })
        // The new scores are the retrained model's predictions.
        let input = try DataTable.parse(
            Data(contentsOf: storage.fileURL(relativeLocation: "amltest/input/score.csv")), format: .csv
        )
        let expected = try input.numericColumns(model.featureColumns).map(model.predict)
        #expect(zip(after, expected).allSatisfy { abs($0 - $1) < 1e-9 })
        // The default endpoint still scores with the initial model.
        let defaultScoring = try #require(emulator.endpoint(webService: "Scoring Exp for ADF ML"))
        #expect(try await scores(defaultScoring, body: scoreBody) == before)
    }

    private func runJob(_ endpoint: EmulatedEndpoint, body: String) async throws -> WireJSON {
        let jobs = String(endpoint.batchExecutionURL.prefix { $0 != "?" })
        let auth = ["Authorization": "Bearer \(endpoint.apiKey)", "Content-Type": "application/json"]
        let submitted = try await LiveHTTP.send(
            method: .post, url: jobs + "?api-version=2.0", headers: auth, body: body)
        let job = try #require(submitted.json?.stringValue, "\(submitted.body)")
        let started = try await LiveHTTP.send(
            method: .post, url: "\(jobs)/\(job)/start?api-version=2.0", headers: auth, body: nil)
        try #require(started.status == 200)
        for _ in 0..<3000 {
            let status = try await LiveHTTP.send(
                method: .get, url: "\(jobs)/\(job)?api-version=2.0", headers: auth, body: nil)
            let json = try #require(status.json)
            if json[property: "StatusCode"] != "Running" && json[property: "StatusCode"] != "NotStarted" { return json }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job did not end")
        throw CancellationError()
    }

    private func scores(_ endpoint: EmulatedEndpoint, body: String) async throws -> [Double] {
        let final = try await runJob(endpoint, body: body)
        let result = try #require(final[property: "Results"]?[property: "output1"])
        let url = [
            result[property: "BaseLocation"], result[property: "RelativeLocation"], result[property: "SasBlobToken"],
        ]
        .compactMap { $0?.stringValue }.joined()
        let scored = try await LiveHTTP.send(method: .get, url: url, headers: [:], body: nil)
        let table = try DataTable.parse(Data(scored.body.utf8), format: .csv)
        let column = try #require(table.columnIndex("Scored Labels"))
        return table.rows.compactMap { Double($0[column]) }
    }

    @Test func aPortInUseFailsToStart() async throws {
        let fixture = try EmulatorFixture("protocol")
        defer { fixture.remove() }
        let first = try await AzureMLEmulator.start(configuration: fixture.configuration)
        await #expect(throws: (any Error).self) {
            _ = try await AzureMLEmulator.start(configuration: fixture.configuration, port: first.port)
        }
        await first.stop()
    }

    @Test func aStoppedEmulatorNoLongerAnswers() async throws {
        let fixture = try EmulatorFixture("protocol")
        defer { fixture.remove() }
        let emulator = try await AzureMLEmulator.start(configuration: fixture.configuration)
        let listing = try await LiveHTTP.send(method: .get, url: emulator.baseURL + "/", headers: [:], body: nil)
        #expect(listing.status == 200)
        await emulator.stop()
        // Nothing listens any more: a plain TCP connect is refused. (An HTTP client would keep retrying
        // refused connects until its own timeout.)
        await #expect(throws: (any Error).self) {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: emulator.port).get()
            try await channel.close()
        }
    }

    @Test func aBadConfigurationIsRefusedWithItsPath() async throws {
        var configuration = try EmulatorConfiguration.load(
            from: EmulatorFixture.fixturesFolder.appendingPathComponent("protocol/emulator.json"))
        configuration.faults = FaultConfiguration(failStatus: 404)
        await #expect(
            throws: ConfigurationError(path: "faults.failStatus", problem: "injected failures are 429, 500 or 503")
        ) {
            _ = try await AzureMLEmulator.start(configuration: configuration)
        }
    }
}
