import Foundation
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Loading factories", .tags(.small))
struct FactoryLoaderTests {
    @Test("a git-integration folder: pipelines, linked services, datasets, global parameters; triggers and runtimes ignored")
    func gitFolder() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("git-factory"))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.sourceKind == .folder)
        let factory = loaded.factory
        #expect(factory.name == "contoso-adf")
        #expect(factory.pipelines.map(\.name).sorted() == ["nightly", "score"])
        #expect(factory.linkedServices.map(\.name).sorted() == ["AzureMLService", "Storage"])
        #expect(factory.datasets.map(\.name) == ["Input"])
        #expect(factory.globalParameters == ["environment": "test"])
        #expect(loaded.defaultPipelineName == nil)
    }

    @Test("property names are matched without regard to case, as ADF's own examples differ")
    func caseInsensitiveProperties() throws {
        let factory = try FactoryLoader.load(at: Fixtures.factory("git-factory")).factory
        let score = try #require(factory.pipeline(named: "score"))
        let notify = try #require(score.activities.first { $0.name == "Notify" })
        #expect(notify.type == "WebActivity")
        #expect(notify.dependsOn.first?.activity == "Score")
        #expect(notify.dependsOn.first?.conditions == [.succeeded])
        #expect(notify.typeProperties["url"] == "https://example.org")
        let scoreActivity = try #require(score.activities.first)
        #expect(scoreActivity.linkedServiceName?.referenceName == "AzureMLService")
        let references = scoreActivity.typeProperties.embeddedReferences(at: SourceLocation(file: "x"))
        #expect(references.map(\.referenceName) == ["Storage", "Storage"])
        #expect(scoreActivity.policy.retry == .value(1))
        #expect(scoreActivity.policy.timeout == .value(TimeSpan(hours: 12)))
    }

    @Test("resource names are looked up without regard to case")
    func caseInsensitiveNames() throws {
        let factory = try FactoryLoader.load(at: Fixtures.factory("git-factory")).factory
        #expect(factory.linkedService(named: "storage")?.name == "Storage")
        #expect(factory.pipeline(named: "SCORE")?.name == "score")
    }

    @Test("a pipeline file inside pipeline/ loads its whole factory and selects itself")
    func fileInsideFolder() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("git-factory") + "/pipeline/score.json")
        #expect(loaded.defaultPipelineName == "score")
        #expect(loaded.factory.linkedServices.count == 2)
    }

    @Test("an ARM template export: names from concat, values from parameter defaults, [[ escapes")
    func armTemplate() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("arm-template") + "/ARMTemplateForFactory.json")
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.sourceKind == .armTemplate)
        #expect(loaded.factory.name == "contoso-arm")
        #expect(loaded.defaultPipelineName == "load")
        let service = try #require(loaded.factory.linkedService(named: "Sql"))
        #expect(service.typeProperties["connectionString"] == "Server=tcp:db;Database=dw;Password=arm-secret;")
        let activity = try #require(loaded.factory.pipeline(named: "load")?.activities.first)
        #expect(activity.typeProperties["storedProcedureName"] == "[dbo].[load]")
    }

    @Test("a folder holding an ARM template loads it")
    func armFolder() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("arm-template"))
        #expect(loaded.factory.pipelines.map(\.name) == ["load"])
    }

    @Test("UTF-16 files with a byte order mark")
    func utf16() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("utf16") + "/wait.json")
        #expect(loaded.problems.isEmpty)
        #expect(loaded.factory.pipelines.first?.activities.first?.name == "Wait — ünïcødé")
        #expect(loaded.defaultPipelineName == "wait-a-bit")
    }

    @Test("a missing path and a JSON file that is no pipeline are errors that say what to give")
    func unusableSources() throws {
        #expect(throws: FactoryLoadError.notFound(path: "/no/such/place")) { try FactoryLoader.load(at: "/no/such/place") }
        let error = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Fixtures.factory("git-factory") + "/linkedService/Storage.json")
        }
        #expect(error?.description.contains("neither a pipeline") == true)
    }

    @Test("the pipeline/ folder of a factory loads the whole factory, as one of its files does")
    func pipelineFolderOfAFactory() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("git-factory") + "/pipeline")
        #expect(loaded.sourceKind == .folder)
        #expect(loaded.factory.linkedServices.count == 2)
        #expect(loaded.factory.pipelines.map(\.name).sorted() == (try FactoryLoader.load(at: Fixtures.factory("git-factory")))
            .factory.pipelines.map(\.name).sorted())
    }

    @Test("a folder of factories (like examples/) names them instead of only saying it holds no pipelines")
    func folderOfFactories() throws {
        let error = #expect(throws: FactoryLoadError.self) { try FactoryLoader.load(at: Fixtures.root.appendingPathComponent("Factories").path) }
        let factories = ["git-factory", "invalid-factory", "partly-broken"].map { Fixtures.factory($0) }
        #expect(error == .noPipelines(path: Fixtures.root.appendingPathComponent("Factories").path, factoriesInside: factories))
        #expect(
            error?.description
                == "'\(Fixtures.root.appendingPathComponent("Factories").path)' holds no pipelines itself, but its subfolders "
                + "'\(factories[0])', '\(factories[1])', '\(factories[2])' are factories: run one of them, e.g. pipehost run \(factories[0])")
    }

    @Test("invalid JSON is a problem with its file, line and column; the rest still loads")
    func invalidJSON() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("invalid-factory"))
        let problem = try #require(loaded.problems.first { $0.kind == .invalidJSON })
        #expect(problem.location.file.hasSuffix("not-json.json"))
        #expect(problem.message.contains("line 1"))
        #expect(loaded.factory.pipeline(named: "broken") != nil)
    }
}

@Suite("Durations", .tags(.small))
struct TimeSpanTests {
    @Test("d.hh:mm:ss and hh:mm:ss with fractions", arguments: [
        ("0.12:00:00", 12 * 3600.0), ("7.00:00:00", 7 * 86400.0), ("00:10:00", 600.0), ("1.02:03:04.5", 93784.5),
        // .NET's TimeSpan.Parse (and so ADF) also reads h:m and one-digit fields.
        ("12:00", 43_200.0), ("1.2:00:00", 93_600.0),
    ])
    func parses(text: String, seconds: Double) {
        #expect(TimeSpan(parsing: text)?.seconds == seconds)
    }

    @Test("malformed durations are refused", arguments: ["", "0.24:00:00", "0.00:61:00", "x.00:00:00", "00:00:00.12345678"])
    func refuses(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test("written back in ADF's form")
    func formats() {
        #expect(TimeSpan(hours: 12).description == "0.12:00:00")
        #expect(TimeSpan(ticks: 15_000_000).description == "0.00:00:01.5")
    }
}
