import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The retraining workflow: train, PATCH the non-default scoring endpoint, score again.
@Suite(.tags(.medium))
struct UpdateResourceProtocolTests {
    static let train = "train0000000000000000000000000001"
    static let scoreDefault = "score0000000000000000000000000001"
    static let scoreUpdatable = "score0000000000000000000000000002"
    static let resourceName = "Train Linear [trained model]"

    static func endpointPath(_ webService: String, _ endpoint: String) -> String {
        let id = ServiceIdentifiers.webServiceId(
            for: WebServiceConfiguration(name: webService, operation: .copy, endpoints: [])
        )
        return "/workspaces/\(EmulatorFixture.workspaceId)/webservices/\(id)/endpoints/\(endpoint)"
    }

    static func patchBody(name: String = resourceName, location: String) -> String {
        #"{"Resources":[{"Name":"\#(name)","Location":\#(location)}]}"#
    }

    /// Trains on data/train.csv (y = 3 + 2·x1 − x2) into models/retrained.ilearner.
    static func trainModel(_ session: EmulatorSession) async throws {
        let final = try await session.runJob(
            train, key: "train-key",
            body: RequestBodies.batch(
                inputs: ["input1": RequestBodies.connectionReference("data/train.csv")],
                outputs: ["output1": RequestBodies.connectionReference("models/retrained.ilearner")]
            )
        )
        try #require(final[property: "StatusCode"] == "Finished")
    }

    /// The `Scored Labels` column of scoring data/score.csv on an endpoint.
    static func scores(_ session: EmulatorSession, serviceId: String, key: String) async throws -> [Double] {
        let final = try await session.runJob(
            serviceId, key: key,
            body: RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
        )
        let scored = try await session.download(final[property: "Results"]?[property: "output1"])
        let table = try DataTable.parse(Data(scored.body.utf8), format: .csv)
        let column = try #require(table.columnIndex("Scored Labels"))
        return table.rows.compactMap { Double($0[column]) }
    }

    @Test(arguments: Transport.allCases)
    func patchingTheUpdatableEndpointChangesItsScores(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            try await Self.trainModel(session)
            let before = try await Self.scores(session, serviceId: Self.scoreUpdatable, key: "score-updatable-key")
            #expect(before == [2, 8, 8, 1])  // initial model y = 1 + x1 + x2

            // The plugin's way: BaseLocation + RelativeLocation + a read SAS it generated from the account key.
            let token = EmulatorFixture.sas(container: "models", blob: "retrained.ilearner", permissions: "r")
            let location = RequestBodies.sasReference(
                base: "https://acct1.blob.core.windows.net/", "models/retrained.ilearner", token: token
            )
            let patched = try await session.send(
                .patch, Self.endpointPath("Score Linear", "updatable"),
                ["Authorization": "Bearer score-updatable-key", "Content-Type": "application/json"],
                Self.patchBody(location: location)
            )
            #expect(patched.status == 200, "\(patched.body)")

            let after = try await Self.scores(session, serviceId: Self.scoreUpdatable, key: "score-updatable-key")
            // The retrained model is y = 3 + 2·x1 − x2: r1 (1,0) → 5, r2 (2,5) → 2, r3 (10,−3) → 26, r4 (0,0) → 3.
            for (score, expected) in zip(after, [5.0, 2, 26, 3]) { #expect(abs(score - expected) < 1e-3) }
            // The default endpoint keeps its model.
            #expect(
                try await Self.scores(session, serviceId: Self.scoreDefault, key: "score-default-key") == [2, 8, 8, 1])

            let described = try await session.send(
                .get, Self.endpointPath("Score Linear", "updatable"), ["Authorization": "Bearer score-updatable-key"],
                nil
            )
            #expect(described.status == 200)
            guard case .array(let resources)? = described.json?[property: "Resources"] else {
                Issue.record("Resources must be an array: \(described.body)")
                return
            }
            #expect(resources.first?[property: "Name"] == .string(Self.resourceName))
            let copy = try await session.download(resources.first?[property: "Location"])
            #expect(try TrainedModel.decode(Data(copy.body.utf8)).featureColumns == ["x1", "x2"])
        }
    }

    @Test(arguments: Transport.allCases)
    func aConnectionStringLocationIsAcceptedToo(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            try await Self.trainModel(session)
            let patched = try await session.send(
                .patch, Self.endpointPath("Score Linear", "updatable"), ["Authorization": "Bearer score-updatable-key"],
                Self.patchBody(location: RequestBodies.connectionReference("models/retrained.ilearner"))
            )
            #expect(patched.status == 200)
            #expect(
                try await Self.scores(session, serviceId: Self.scoreUpdatable, key: "score-updatable-key") != [
                    2, 8, 8, 1,
                ])
        }
    }

    @Test(arguments: Transport.allCases)
    func aSwitchDelayKeepsTheOldModelMeanwhile(transport: Transport) async throws {
        try await EmulatorSession.run(
            "protocol", over: transport,
            configure: { configuration in
                let index = configuration.webServices.firstIndex { $0.name == "Score Linear" } ?? 0
                configuration.webServices[index].modelSwitchDelay = EmulatorDuration(parsing: "1h")
            }
        ) { session in
            try await Self.trainModel(session)
            let patched = try await session.send(
                .patch, Self.endpointPath("Score Linear", "updatable"), ["Authorization": "Bearer score-updatable-key"],
                Self.patchBody(location: RequestBodies.connectionReference("models/retrained.ilearner"))
            )
            #expect(patched.status == 200)
            #expect(
                try await Self.scores(session, serviceId: Self.scoreUpdatable, key: "score-updatable-key") == [
                    2, 8, 8, 1,
                ])
        }
    }

    enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case defaultEndpoint, trainingService, wrongKey, unknownResource, notAnILearner, notAModel, missingBlob
        case unknownEndpoint, emptyBody

        var testDescription: String { rawValue }
    }

    @Test(arguments: Transport.allCases, Refusal.allCases)
    func refusedUpdates(transport: Transport, refusal: Refusal) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            try FileManager.default.createDirectory(
                at: session.fixture.blobFile("acct1", "models"), withIntermediateDirectories: true
            )
            try Data("not json".utf8).write(to: session.fixture.blobFile("acct1", "models/broken.ilearner"))
            var path = Self.endpointPath("Score Linear", "updatable")
            var key = "score-updatable-key"
            var body = Self.patchBody(location: RequestBodies.connectionReference("models/broken.ilearner"))
            let expected: (Int, String, String)
            switch refusal {
            case .defaultEndpoint:
                path = Self.endpointPath("Score Linear", "default")
                key = "score-default-key"
                expected = (400, "InvalidOperation", "DefaultEndpointNotUpdatable")
            case .trainingService:
                path = Self.endpointPath("Train Linear", "default")
                key = "train-key"
                expected = (400, "InvalidOperation", "NoUpdatableResources")
            case .wrongKey:
                key = "score-default-key"
                expected = (401, "Unauthorized", "ManagementRequestUnauthorized")
            case .unknownResource:
                body = Self.patchBody(
                    name: "Other [trained model]", location: RequestBodies.connectionReference("models/broken.ilearner")
                )
                expected = (400, "BadArgument", "UpdatableResourceNotFound")
            case .notAnILearner:
                body = Self.patchBody(location: RequestBodies.connectionReference("data/train.csv"))
                expected = (400, "BadArgument", "InvalidBlobExtension")
            case .notAModel:
                expected = (400, "BadArgument", "InvalidTrainedModel")
            case .missingBlob:
                body = Self.patchBody(location: RequestBodies.connectionReference("models/absent.ilearner"))
                expected = (400, "BadArgument", "BlobNotFound")
            case .unknownEndpoint:
                path = Self.endpointPath("Score Linear", "nosuch")
                expected = (404, "NotFound", "EndpointNotFound")
            case .emptyBody:
                body = "{}"
                expected = (400, "BadArgument", "RequestBodyInvalid")
            }
            let reply = try await session.send(.patch, path, ["Authorization": "Bearer \(key)"], body)
            #expect(reply.status == expected.0, "\(reply.body)")
            #expect(reply.errorCode == expected.1)
            #expect(reply.detailCode == expected.2)
            // Nothing changed.
            #expect(
                try await Self.scores(session, serviceId: Self.scoreUpdatable, key: "score-updatable-key") == [
                    2, 8, 8, 1,
                ])
        }
    }
}
