import DataFlowScript
import DataPluginCore
import Foundation
import PluginKit

/// ADF's `ExecuteDataFlow`: the data flow the host resolved is compiled into a plan
/// (``DataFlowCompiler``), which ``DataFlowDriver`` runs as one Spark job on the local Spark (or
/// the cluster the plugin's settings name). Sources are read where they are (a FileServer folder)
/// or fetched (blob storage); sinks are written in the job folder and stored once every sink
/// succeeded. The output is ADF's `runStatus.metrics`; a failure carries ADF's DF- code and the
/// transformation it happened in. docs/data-flows.md is the user's guide.
enum ExecuteDataFlowActivity {
    /// ADF's smallest data flow compute, used when `compute.coreCount` is not given.
    static let defaultCoreCount = 8

    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let invocation = context.call.invocation
        guard let dataFlow = invocation.dataFlow else { throw DataFlowFailure.noDataFlow(activity: invocation.activityName) }
        let definition: DataFlowDefinition
        do {
            definition = try DataFlowDefinition(json: [
                "name": .string(dataFlow.name),
                "properties": ["type": .string(dataFlow.type), "typeProperties": dataFlow.typeProperties],
            ])
            try definition.checkRunnable()
        } catch {
            throw DataFlowFailure.definition(dataFlow.name, error)
        }
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let settings = try ExecuteDataFlowSettings(reader)
        let parameters = settings.parameters
        let options: [String: [String: Constant]]
        do {
            options = try DataFlowCompiler.endpointOptions(definition.graph, parameters: parameters)
        } catch {
            throw DataFlowFailure.compile(dataFlow.name, error)
        }
        let stores = try await DataFlowStores.resolve(definition, dataFlow: dataFlow, options: options, context: context)
        let plan: DataFlowPlan
        do {
            plan = try DataFlowCompiler.compile(
                definition.graph, dataFlow: dataFlow.name, parameters: parameters, stores: stores.planStores)
        } catch {
            throw DataFlowFailure.compile(dataFlow.name, error)
        }
        let folder = context.folder.path
        let files = FileManager.default
        guard files.createFile(atPath: folder + "/" + DataFlowDriver.fileName, contents: Data(DataFlowDriver.source.utf8)),
            files.createFile(
                atPath: folder + "/" + DataFlowDriver.planFileName, contents: Data(JSONSerializer.serialize(plan.json).utf8))
        else {
            throw ActivityFailure.systemError(
                "Could not write the data flow driver and plan into the job folder '\(folder)'.",
                code: SparkErrorCode.filePreparationFailed)
        }
        var submission = SparkSubmission(
            application: .python(file: folder + "/" + DataFlowDriver.fileName),
            arguments: [folder + "/" + DataFlowDriver.planFileName, folder + "/" + DataFlowDriver.resultFileName],
            name: invocation.activityName)
        // ADF sizes a data flow's shuffles by its cores; Spark's default of 200 partitions would make
        // a small flow on a few local cores spend its time on empty tasks.
        submission.setDefault("spark.sql.shuffle.partitions", String(settings.coreCount))
        if stores.usesDatabase {
            let jar = try PostgresJDBCDriver.locate(context.settings)
            submission.jars.append(jar)
            // The driver program opens connections of its own (a sink's merge into its table).
            submission.setDefault("spark.driver.extraClassPath", jar)
        }
        context.call.log(
            .info,
            "Data flow '\(dataFlow.name)': \(plan.steps.count) steps, compute \(settings.computeType) with \(settings.coreCount) "
                + "cores (shuffle partitions), on \(context.cluster.description).")
        return SparkJob(
            command: .sparkSubmit(submission), failureCode: DataFlowErrorCode.internalServerError,
            environment: stores.passwords, storeOnSuccess: stores.sinkFolders, processedSources: stores.processedSources,
            report: .dataFlow)
    }
}
