import Foundation
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// `--pipeline A` validates A and what it uses; problems of other files are warnings, because ADF
/// runs a pipeline whatever is wrong elsewhere in its factory.
@Suite("Validation scope of one pipeline", .tags(.small))
struct ValidationScopeTests {
    /// The problems `validate --pipeline NAME` reports: loading problems limited to what the
    /// pipeline uses, and the validator's, with missing references explained.
    static func problems(of loaded: LoadedFactory, pipeline: String) -> [ValidationProblem] {
        let loading = ProblemScope.limit(loaded.problems, to: UsedResources(pipeline: pipeline, in: loaded.factory))
        let validation = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: pipeline))
        return loading + ProblemScope.explainMissing(validation, loading: loaded.problems)
    }

    @Test("broken files the pipeline does not use are warnings that say so; the whole factory still reports them as errors")
    func unrelatedFilesAreWarnings() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("partly-broken"))
        // Without a pipeline, everything is reported as found.
        let broken = loaded.problems.filter { $0.severity == .error }.map { URL(fileURLWithPath: $0.location.file).lastPathComponent }
        #expect(Set(broken) == ["Archive_Old.json", "Cleanup_copy.json", "ds_archive.json", "ls_archive_storage.json"])

        let problems = Self.problems(of: loaded, pipeline: "Load_Sales")
        #expect(!problems.containsErrors, "\(problems.filter { $0.severity == .error })")
        for file in ["Archive_Old.json", "Cleanup_copy.json", "ds_archive.json", "ls_archive_storage.json"] {
            let problem = problems.first { $0.location.file.hasSuffix("/\(file)") }
            #expect(problem?.severity == .warning, "\(file)")
            #expect(problem?.message.hasSuffix("(not used by pipeline 'Load_Sales')") == true, "\(file)")
        }
        // Each loading problem knows the resource it belongs to; an unreadable file by its file name.
        #expect(loaded.problems.first { $0.location.file.hasSuffix("Archive_Old.json") }?.resource == ResourceKey(.pipeline, "Archive_Old"))
        #expect(loaded.problems.first { $0.location.file.hasSuffix("ds_archive.json") }?.resource == ResourceKey(.dataset, "ds_archive"))
        #expect(loaded.problems.first { $0.kind == .duplicateName }?.resource == ResourceKey(.pipeline, "Cleanup"))
    }

    @Test("in an ARM template too, a broken resource the pipeline does not use is a warning")
    func armTemplateResources() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.root.appendingPathComponent("FactorySources/arm-partly-broken.json").path)
        let broken = try #require(loaded.problems.first { $0.severity == .error })
        #expect(broken.resource == ResourceKey(.dataset, "Archive"))
        #expect(broken.location.jsonPath == "$.resources[1].properties.linkedServiceName")

        let problems = Self.problems(of: loaded, pipeline: "good")
        #expect(!problems.containsErrors, "\(problems)")
        #expect(problems.first { $0.location.jsonPath == broken.location.jsonPath }?.message.hasSuffix("(not used by pipeline 'good')") == true)
    }

    @Test("a duplicate name is an error only when the pipeline uses it")
    func usedDuplicateIsAnError() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("partly-broken"))
        let problems = Self.problems(of: loaded, pipeline: "cleanup")  // names are case-insensitive
        let duplicate = try #require(problems.first { $0.kind == .duplicateName })
        #expect(duplicate.severity == .error)
        #expect(duplicate.message.contains("a pipeline named 'Cleanup' is already defined"))
        #expect(problems.first { $0.location.file.hasSuffix("Archive_Old.json") }?.severity == .warning)
    }

    @Test("a pipeline whose own file is broken: the file stays an error and --pipeline's message names it")
    func brokenSelectedPipeline() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("partly-broken"))
        let problems = Self.problems(of: loaded, pipeline: "Archive_Old")
        let file = try #require(problems.first { $0.kind == .invalidJSON && $0.location.file.hasSuffix("Archive_Old.json") })
        #expect(file.severity == .error)
        #expect(file.message.hasSuffix("(this file would define pipeline 'Archive_Old', the one asked for)"))
        let unknown = try #require(problems.first { $0.kind == .unknownPipeline })
        #expect(unknown.message.contains("pipeline/Archive_Old.json would define it, but it cannot be read: fix that file"))
        #expect(problems.first { $0.location.file.hasSuffix("ds_archive.json") }?.severity == .warning)
    }

    @Test("what a pipeline uses is followed through child pipelines, datasets, linked services, Key Vault stores and runtimes")
    func usedResourcesAreTransitive() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Main.json", """
            {"name": "Main", "properties": {"activities": [
              {"name": "Run child", "type": "ExecutePipeline", "typeProperties": {"pipeline": {"referenceName": "Child", "type": "PipelineReference"}}},
              {"name": "Transform", "type": "ExecuteDataFlow", "typeProperties": {"dataflow": {"referenceName": "df_clean", "type": "DataFlowReference"}}}
            ]}}
            """)
        try folder.write("pipeline/Child.json", """
            {"name": "Child", "properties": {"activities": [
              {"name": "Copy", "type": "Copy", "inputs": [{"referenceName": "ds_in", "type": "DatasetReference"}], "typeProperties": {}}
            ]}}
            """)
        try folder.write("dataset/ds_in.json", """
            {"name": "ds_in", "properties": {"type": "AzureSqlTable", "linkedServiceName": {"referenceName": "ls_sql", "type": "LinkedServiceReference"}}}
            """)
        try folder.write("linkedService/ls_sql.json", """
            {"name": "ls_sql", "properties": {"type": "AzureSqlDatabase", "connectVia": {"referenceName": "ir_selfhosted", "type": "IntegrationRuntimeReference"},
              "typeProperties": {"password": {"type": "AzureKeyVaultSecret", "store": {"referenceName": "ls_vault", "type": "LinkedServiceReference"}, "secretName": "sql"}}}}
            """)
        // The Key Vault store's file is broken: its name comes from the file, and the run needs it.
        try folder.write("linkedService/ls_vault.json", #"{"name": "ls_vault", "properties": {"type": "AzureKeyVault",}"#)
        try folder.write("linkedService/ls_other.json", #"{"name": "ls_other", "properties": "#)

        let loaded = try FactoryLoader.load(at: folder.path)
        let used = UsedResources(pipeline: "main", in: loaded.factory)
        #expect(used.pipelines.map(\.name) == ["Main", "Child"])
        for key in [
            ResourceKey(.pipeline, "Child"), ResourceKey(.dataset, "DS_IN"), ResourceKey(.linkedService, "ls_sql"),
            ResourceKey(.linkedService, "ls_vault"), ResourceKey(.integrationRuntime, "ir_selfhosted"), ResourceKey(.dataFlow, "df_clean"),
        ] {
            #expect(used.contains(key), "\(key)")
        }
        #expect(!used.contains(ResourceKey(.linkedService, "ls_other")))

        let problems = Self.problems(of: loaded, pipeline: "Main")
        let vault = try #require(problems.first { $0.location.file.hasSuffix("ls_vault.json") })
        #expect(vault.severity == .error)
        #expect(vault.message.contains("uses the linked service 'ls_vault', which this file would define"))
        let missingStore = try #require(problems.first { $0.kind == .unknownLinkedService })
        #expect(missingStore.message.contains("ls_vault.json would define it, but it cannot be read"))
        #expect(problems.first { $0.location.file.hasSuffix("ls_other.json") }?.severity == .warning)
    }

    @Test("a missing reference lists the unreadable files of its kind when none has its name")
    func missingReferenceListsUnreadableFiles() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Main.json", """
            {"name": "Main", "properties": {"activities": [
              {"name": "Copy", "type": "Copy", "inputs": [{"referenceName": "Sales", "type": "DatasetReference"}], "typeProperties": {}}
            ]}}
            """)
        try folder.write("dataset/ds_sales_v2.json", #"{"name": "Sales", "properties": {"type": "#)
        let loaded = try FactoryLoader.load(at: folder.path)
        let problems = Self.problems(of: loaded, pipeline: "Main")
        let missing = try #require(problems.first { $0.kind == .unknownDataset })
        #expect(missing.severity == .error)
        #expect(missing.message.contains("ds_sales_v2.json cannot be read: if one of them defines it, fix that file"))
        // The file's own name is not used, so the file itself is a warning; the reference is the error.
        #expect(problems.first { $0.kind == .invalidJSON }?.severity == .warning)
    }

    @Test("a Synapse notebook file is a problem of the pipelines that start the notebook only")
    func synapseNotebooks() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Nightly.json", """
            {"name": "Nightly", "properties": {"activities": [
              {"name": "Run notebook", "type": "SynapseNotebook", "typeProperties": {"notebook": {"referenceName": "nb_clean", "type": "NotebookReference"}}}
            ]}}
            """)
        try folder.write("pipeline/Other.json", #"{"name": "Other", "properties": {"activities": []}}"#)
        try folder.write("notebook/nb_clean.json", #"{"name": "nb_clean", "properties": {"#)
        let loaded = try FactoryLoader.load(at: folder.path)
        #expect(loaded.problems.first?.resource == ResourceKey(.notebook, "nb_clean"))
        #expect(Self.problems(of: loaded, pipeline: "Nightly").first { $0.kind == .invalidJSON }?.severity == .error)
        #expect(Self.problems(of: loaded, pipeline: "Other").first { $0.kind == .invalidJSON }?.severity == .warning)
    }
}

/// A factory folder written by a test, removed afterwards.
struct ScratchFactory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-scope-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
