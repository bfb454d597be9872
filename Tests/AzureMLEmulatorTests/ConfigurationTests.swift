import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

@Suite(.tags(.small))
struct ConfigurationTests {
    static let repositoryRoot = EmulatorFixture.fixturesFolder
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theExampleConfigurationLoads() throws {
        let file = Self.repositoryRoot.appendingPathComponent("examples/azureml-emulator/emulator.json")
        let configuration = try EmulatorConfiguration.load(from: file)
        let catalog = try EmulatorCatalog(configuration)
        #expect(catalog.webServices.map(\.configuration.operation) == [.train, .score, .score])
        let scoring = try #require(catalog.webServices.first { $0.name == "Scoring Exp for ADF ML" })
        #expect(scoring.endpoints.map(\.isDefault) == [true, false])
        #expect(scoring.configuration.trainedModel?.resourceName == "Training Exp for ADF ML [trained model]")
        #expect(scoring.initialModel?.featureColumns == ["temperature", "humidity", "occupancy"])
        // Relative paths are relative to the configuration file.
        let account = try catalog.store.account("mlstorage")
        #expect(
            account.folder.path == file.deletingLastPathComponent().appendingPathComponent("storage/mlstorage").path)
    }

    @Test(arguments: [
        ("unknown-field.json", "webServices[0].jobDurration", "unknown field \"jobDurration\""),
        ("fail-rate-above-one.json", "faults.failRate", "a rate is a fraction from 0 to 1"),
        ("score-without-model.json", "webServices[0].trainedModel", "a score service needs trainedModel"),
        ("missing-model-file.json", "webServices[0].trainedModel.file", "can't read"),
        ("bad-account-name.json", "storageAccounts[0].name", "is not an account name"),
        ("wrong-output-role.json", "webServices[0].outputs", "declare exactly one \"model\" output"),
        ("duplicate-service-id.json", "webServices[1].endpoints[0].serviceId", "must be unique"),
        ("not-json.json", "", "is not valid JSON"),
    ])
    func invalidConfigurationsNameFilePathAndProblem(file: String, path: String, problem: String) {
        let url = EmulatorFixture.fixturesFolder.appendingPathComponent("invalid/\(file)")
        do {
            _ = try EmulatorConfiguration.load(from: url)
            Issue.record("expected \(file) to be refused")
        } catch {
            #expect(error.file == url.path)
            #expect(error.path == path)
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.description.hasPrefix(url.path + ": "))
        }
    }

    @Test func anUnreadableFileSaysSo() {
        let url = URL(fileURLWithPath: "/nonexistent/emulator.json")
        #expect(throws: ConfigurationError.self) { try EmulatorConfiguration.load(from: url) }
    }

    @Test func typeErrorsCarryTheirJSONPath() {
        let data = Data(#"{"webServices":[{"name":"S","operation":"bake","endpoints":[]}]}"#.utf8)
        do {
            _ = try EmulatorConfiguration.decode(data, file: "x.json")
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.path == "webServices[0].operation")
        }
    }

    @Test(arguments: [("2s", 2000), ("500ms", 500), ("1.5s", 1500), ("2m", 120_000), ("3", 3000), ("0", 0)])
    func durationsParse(text: String, milliseconds: Int64) throws {
        let duration = try #require(EmulatorDuration(parsing: text))
        #expect(duration.milliseconds == milliseconds)
        #expect(EmulatorDuration(parsing: duration.description) == duration)
    }

    @Test(arguments: ["", "-1s", "fast", "2 seconds", "inf", "nan", "1e300s", "86401", "24.001h", "1441m"])
    func badDurationsDoNotParse(text: String) {
        #expect(EmulatorDuration(parsing: text) == nil)
    }

    @Test func aDayIsTheLongestDuration() throws {
        #expect(try #require(EmulatorDuration(parsing: "24h")) == EmulatorDuration.maximum)
        #expect(EmulatorDuration(parsing: "86400000ms") == EmulatorDuration.maximum)
        #expect(EmulatorDuration(seconds: 86_400.0001) == nil)
    }

    /// A huge number of seconds in a file is a configuration error with its path, never an
    /// overflow converting it to milliseconds.
    @Test(arguments: [#"1e300"#, #""1e300s""#, #"-1"#, #"90000"#])
    func anOutOfRangeDurationInAFileIsAnError(value: String) {
        let data = Data(#"{"jobDuration": \#(value), "webServices": []}"#.utf8)
        do {
            _ = try EmulatorConfiguration.decode(data, file: "x.json")
            Issue.record("expected a decoding error for \(value)")
        } catch {
            #expect(error.path == "jobDuration")
            #expect(error.description.contains("from 0 to 86400s (a day)"), "\(error)")
        }
    }

    @Test func commandLineOverridesWinEverywhere() throws {
        var configuration = try EmulatorConfiguration.load(
            from: EmulatorFixture.fixturesFolder.appendingPathComponent("faults/emulator.json"))
        configuration = configuration.overriding(
            jobDuration: EmulatorDuration(parsing: "3s"), faults: FaultConfiguration(failRate: 0.25), faultSeed: 9
        )
        let catalog = try EmulatorCatalog(configuration)
        #expect(catalog.faultSeed == 9)
        #expect(catalog.webServices.allSatisfy { $0.jobDuration.milliseconds == 3000 })
        #expect(catalog.webServices.allSatisfy { $0.faults.failRate == 0.25 })
        // Fields the command line didn't give keep the file's value.
        #expect(catalog.webServices.first { $0.name == "Always 429" }?.faults.failStatus == 429)
    }

    @Test func derivedIdsAreStable() {
        let service = WebServiceConfiguration(
            name: "Some Service", operation: .copy, inputs: ["i"], outputs: ["o": .dataset],
            endpoints: [EndpointConfiguration(name: "default", apiKey: "k")]
        )
        let id = ServiceIdentifiers.webServiceId(for: service)
        #expect(id.count == 32)
        #expect(id == ServiceIdentifiers.webServiceId(for: service))
        #expect(ServiceIdentifiers.serviceId(for: service.endpoints[0], of: service) != id)
    }
}
