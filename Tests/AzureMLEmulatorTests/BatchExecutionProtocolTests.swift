import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The Batch Execution Service as Microsoft's samples drive it (submit → start → poll → results), over
/// the router test mode and over real loopback HTTP.
@Suite(.tags(.medium))
struct BatchExecutionProtocolTests {
    static let train = "train0000000000000000000000000001"
    static let score = "score0000000000000000000000000001"
    static let slow = "slow00000000000000000000000000001"

    @Test(arguments: Transport.allCases)
    func trainingRunsToFinishedAndReturnsReadOnlyResults(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let body = RequestBodies.batch(
                inputs: ["input1": RequestBodies.connectionReference("data/train.csv")],
                outputs: [
                    "output1": RequestBodies.connectionReference("models/linear.ilearner"),
                    "output2": RequestBodies.connectionReference("models/evaluation.csv"),
                ]
            )
            let submitted = try await session.submit(Self.train, key: "train-key", body: body)
            #expect(submitted.status == 200)
            #expect(submitted.headers["content-type"]?.hasPrefix("application/json") == true)
            // The job id travels as a JSON string: 32 hex digits in quotes.
            #expect(submitted.body.count == 34 && submitted.body.hasPrefix("\"") && submitted.body.hasSuffix("\""))
            let job = try #require(submitted.json?.stringValue)
            let before = try await session.status(Self.train, key: "train-key", job: job)
            #expect(before.json?[property: "StatusCode"] == "NotStarted")
            #expect(before.json?[property: "Results"] == .null)
            #expect(try await session.start(Self.train, key: "train-key", job: job).status == 200)

            let final = try await session.waitForEnd(Self.train, key: "train-key", job: job)
            #expect(final[property: "StatusCode"] == "Finished")
            #expect(final[property: "Details"] == .null)
            let model = try await session.download(final[property: "Results"]?[property: "output1"])
            #expect(model.status == 200)
            let trained = try TrainedModel.decode(Data(model.body.utf8))
            #expect(abs(trained.intercept - 3) < 1e-4)
            #expect(abs(trained.coefficients[0] - 2) < 1e-5 && abs(trained.coefficients[1] + 1) < 1e-5)
            let evaluation = try await session.download(final[property: "Results"]?[property: "output2"])
            #expect(evaluation.body.hasPrefix("Coefficient of Determination,Mean Absolute Error"))
            // The model is a real file in the account's folder.
            #expect(try session.fixture.readBlob("acct1", "models/linear.ilearner") == model.body)
        }
    }

    @Test(arguments: Transport.allCases)
    func scoringWritesTheScoredDataset(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(
                Self.score, key: "score-default-key",
                body: RequestBodies.batch(
                    inputs: ["input1": RequestBodies.connectionReference("data/score.csv")],
                    outputs: ["output1": RequestBodies.connectionReference("out/scored.csv")]
                )
            )
            #expect(final[property: "StatusCode"] == "Finished")
            let scored = try await session.download(final[property: "Results"]?[property: "output1"])
            // The initial model is y = 1 + x1 + x2.
            #expect(scored.body == "id,x1,x2,Scored Labels\r\nr1,1,0,2\r\nr2,2,5,8\r\nr3,10,-3,8\r\nr4,0,0,1\r\n")
        }
    }

    @Test(arguments: Transport.allCases)
    func sasReferencesWorkForInputsAndOutputs(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let base = session.baseURL + "/blob/acct1/"
            let input = EmulatorFixture.sas(container: "data", blob: "score.csv", permissions: "r")
            let output = EmulatorFixture.sas(container: "out", blob: nil, permissions: "rw", resource: "c")
            let final = try await session.runJob(
                Self.score, key: "score-default-key",
                body: RequestBodies.batch(
                    inputs: ["input1": RequestBodies.sasReference(base: base, "data/score.csv", token: input)],
                    outputs: ["output1": RequestBodies.sasReference(base: base, "out/scored.tsv", token: output)]
                )
            )
            #expect(final[property: "StatusCode"] == "Finished")
            #expect(try session.fixture.readBlob("acct1", "out/scored.tsv").hasPrefix("id\tx1\tx2\tScored Labels\r\n"))
        }
    }

    @Test(arguments: Transport.allCases)
    func legacyInputAndADFAliasesAreAccepted(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let legacy = #"{"Input":\#(RequestBodies.connectionReference("data/score.csv")),"GlobalParameters":{}}"#
            let first = try await session.runJob(Self.score, key: "score-default-key", body: legacy)
            #expect(first[property: "StatusCode"] == "Finished")
            let aliases =
                #"{"WebServiceInputs":{"input1":\#(RequestBodies.connectionReference("data/score.csv"))},"#
                + #""WebServiceOutputs":{"output1":\#(RequestBodies.connectionReference("out/alias.csv"))}}"#
            let second = try await session.runJob(Self.score, key: "score-default-key", body: aliases)
            #expect(second[property: "Results"]?[property: "output1"]?[property: "RelativeLocation"] == "out/alias.csv")
        }
    }

    @Test(arguments: Transport.allCases)
    func outputsWithoutOverrideGoToWorkspaceStorage(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(
                Self.score, key: "score-default-key",
                body: RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
            )
            let result = final[property: "Results"]?[property: "output1"]
            let relative = try #require(result?[property: "RelativeLocation"]?.stringValue)
            #expect(relative.hasPrefix("experimentoutput/") && relative.hasSuffix("/output1.csv"))
            #expect(try await session.download(result).body.contains("Scored Labels"))
        }
    }

    @Test(arguments: Transport.allCases)
    func developmentStorageIsTheDevelopmentAccount(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let folder = session.fixture.blobFile("devstoreaccount1", "dev/score.csv")
            try FileManager.default.createDirectory(
                at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: session.fixture.blobFile("acct1", "data/score.csv"), to: folder)
            let reference = RequestBodies.connectionReference(
                "dev/score.csv", connectionString: "UseDevelopmentStorage=true")
            let output = RequestBodies.connectionReference(
                "dev/scored.csv", connectionString: "UseDevelopmentStorage=true")
            let final = try await session.runJob(
                Self.score, key: "score-default-key",
                body: RequestBodies.batch(inputs: ["input1": reference], outputs: ["output1": output])
            )
            #expect(final[property: "StatusCode"] == "Finished")
            #expect(try session.fixture.readBlob("devstoreaccount1", "dev/scored.csv").contains("Scored Labels"))
        }
    }

    @Test(arguments: Transport.allCases)
    func deleteCancelsARunningJobAndRemovesAnEndedOne(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let body = RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
            let running = try await session.submitAndStart(Self.slow, key: "slow-key", body: body)
            #expect(
                try await session.status(Self.slow, key: "slow-key", job: running).json?[property: "StatusCode"]
                    == "Running")
            #expect(try await session.delete(Self.slow, key: "slow-key", job: running).status == 200)
            let cancelled = try await session.status(Self.slow, key: "slow-key", job: running)
            #expect(cancelled.json?[property: "StatusCode"] == "Cancelled")
            #expect(cancelled.json?[property: "Results"] == .null)
            // Deleting the ended (cancelled) job removes it.
            #expect(try await session.delete(Self.slow, key: "slow-key", job: running).status == 200)
            let gone = try await session.status(Self.slow, key: "slow-key", job: running)
            #expect(gone.status == 404)
            #expect(gone.errorCode == "NotFound")

            let finished = try await session.submitAndStart(Self.score, key: "score-default-key", body: body)
            #expect(
                try await session.waitForEnd(Self.score, key: "score-default-key", job: finished)[
                    property: "StatusCode"] == "Finished")
            #expect(try await session.delete(Self.score, key: "score-default-key", job: finished).status == 200)
            #expect(try await session.status(Self.score, key: "score-default-key", job: finished).status == 404)
        }
    }

    @Test(arguments: Transport.allCases)
    func aJobStartsOnlyOnce(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let body = RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
            let job = try await session.submitAndStart(Self.slow, key: "slow-key", body: body)
            let again = try await session.start(Self.slow, key: "slow-key", job: job)
            #expect(again.status == 400)
            #expect(again.errorCode == "InvalidOperation")
            #expect(again.detailCode == "CannotStartJob")
            #expect(again.detailMessage == "The job cannot be started because it is in Running state.")
        }
    }

    @Test(arguments: Transport.allCases)
    func jobsBelongToTheirEndpoint(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let body = RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
            let job = try await session.submitAndStart(Self.slow, key: "slow-key", body: body)
            #expect(try await session.status(Self.score, key: "score-default-key", job: job).status == 404)
        }
    }

    @Test(arguments: Transport.allCases)
    func aJobThatCannotReadItsDataFailsWithDetails(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            // The logistic training service needs f1, f2 and label; the score dataset has none of them.
            let final = try await session.runJob(
                "logit0000000000000000000000000001", key: "logit-key",
                body: RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
            )
            #expect(final[property: "StatusCode"] == "Failed")
            #expect(final[property: "Results"] == .null)
            let details = try #require(final[property: "Details"]?.stringValue)
            #expect(details.contains("Error 0001: Column with name or index \"f1\" not found"))
        }
    }

    @Test(arguments: Transport.allCases)
    func logisticTrainingThenScoringAddsProbabilities(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(
                "logit0000000000000000000000000001", key: "logit-key",
                body: RequestBodies.batch(
                    inputs: ["input1": RequestBodies.connectionReference("data/logistic.csv")],
                    outputs: ["output1": RequestBodies.connectionReference("models/logistic.ilearner")]
                )
            )
            #expect(final[property: "StatusCode"] == "Finished")
            let model = try TrainedModel.decode(
                Data(try session.fixture.readBlob("acct1", "models/logistic.ilearner").utf8))
            #expect(model.kind == .logisticRegression)
            #expect(model.positiveLabel == "yes")
            #expect((model.training?.metrics["Accuracy"] ?? 0) > 0.8)
        }
    }
}
