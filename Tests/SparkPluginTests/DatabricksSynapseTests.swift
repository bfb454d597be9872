import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// Databricks and Synapse activities running real notebooks and files on local Spark: parameters in,
    /// exit values out, DBFS as a folder, libraries, and the retired U-SQL refused.
    @Suite("Databricks and Synapse activities on real Spark", .tags(.large), .serialized)
    struct DatabricksSynapseTests {
        /// A notebook in Databricks' exported source format: widgets, a %sql cell, DBFS and an exit value.
        static let notebook = """
            # Databricks notebook source
            dbutils.widgets.text("region", "north")
            dbutils.widgets.text("threshold", "10")

            # COMMAND ----------

            # MAGIC %md
            # MAGIC Sums the sales of one region above a threshold.

            # COMMAND ----------

            import json
            region = dbutils.widgets.get("region")
            threshold = int(dbutils.widgets.get("threshold"))
            rows = [("north", 5), ("north", 20), ("south", 30), ("north", 40)]
            spark.createDataFrame(rows, ["region", "amount"]).createOrReplaceTempView("sales")

            # COMMAND ----------

            # MAGIC %sql
            # MAGIC SELECT region, count(*) AS n FROM sales GROUP BY region

            # COMMAND ----------

            total = spark.sql(f"SELECT sum(amount) AS s FROM sales WHERE region = '{region}' AND amount > {threshold}").first()["s"]
            dbutils.fs.put("dbfs:/results/total.txt", str(total), True)
            dbutils.notebook.exit(json.dumps({"region": region, "total": total}))
            print("never printed")
            """

        func databricks(_ bed: SparkTestBed, _ extra: JSONObject = [:]) -> ResolvedLinkedService {
            var properties: JSONObject = [
                "domain": "https://adb-1234567890123456.7.azuredatabricks.net", "accessToken": "dapi-not-a-real-token",
                "existingClusterId": "0101-010101-abcdefgh", "workspaceFolder": .string(bed.storageRoot + "/workspace"),
                "dbfsRoot": .string(bed.storageRoot + "/dbfs"),
            ]
            for (key, value) in extra { properties[key] = value }
            return ResolvedLinkedService(name: "Databricks", type: "AzureDatabricks", typeProperties: .object(properties))
        }

        @Test("DatabricksNotebook runs the cells with baseParameters as widgets and returns the exit value as runOutput")
        func notebookWithParameters() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(Self.notebook, to: "workspace/Users/etl@contoso.com/Sales/Sum.py")
                let run = await bed.run(bed.invocation(
                    "DatabricksNotebook",
                    ["notebookPath": "/Users/etl@contoso.com/Sales/Sum", "baseParameters": ["threshold": 15]],
                    cluster: databricks(bed)))
                let output = try run.requireSucceeded()
                #expect(output["runOutput"] == ["region": "north", "total": 60])
                #expect(try bed.read("dbfs/results/total.txt") == "60")
                #expect(output["runPageUrl"]?.stringValue?.hasPrefix("file://") == true)
                let log = try String(contentsOfFile: try #require(output["logLocation"]?.stringValue), encoding: .utf8)
                #expect(!log.contains("never printed"))
            }
        }

        @Test("a notebook exported as .ipynb, a missing widget failing with Databricks' error, a plain-text exit value and one over 4 MB")
        func ipynbAndMissingWidget() async throws {
            try await SparkTestBed.with { bed in
                let cells: JSONValue = [
                    "cells": [
                        ["cell_type": "markdown", "metadata": [:], "source": ["# Title"]],
                        ["cell_type": "code", "metadata": [:], "source": ["n = spark.range(7).count()\n", "dbutils.notebook.exit(f'rows={n}')"]],
                    ],
                    "metadata": [:], "nbformat": 4, "nbformat_minor": 5,
                ]
                try bed.write(JSONSerializer.serialize(cells), to: "workspace/Shared/count.ipynb")
                let run = await bed.run(bed.invocation(
                    "DatabricksNotebook", ["notebookPath": "/Shared/count"], cluster: databricks(bed)))
                #expect(try run.requireSucceeded()["runOutput"] == "rows=7")

                try bed.write("print(dbutils.widgets.get('missing'))\n", to: "workspace/Shared/widget.py")
                let failed = await bed.run(bed.invocation("DatabricksNotebook", ["notebookPath": "/Shared/widget"], cluster: databricks(bed)))
                try failed.requireFailed(code: "3204", messageContains: "No input widget named missing is defined")

                // An exit value over ADF's 4 MB output limit fails the activity as ADF fails it.
                try bed.write("dbutils.notebook.exit('x' * 5_000_000)\n", to: "workspace/Shared/huge.py")
                let huge = await bed.run(bed.invocation("DatabricksNotebook", ["notebookPath": "/Shared/huge"], cluster: databricks(bed)))
                try huge.requireFailed(code: "2001", messageContains: "The length of execution output is over limit (around 4MB currently)")
            }
        }

        @Test("DatabricksSparkPython and DatabricksSparkJar run DBFS files with parameters and jar libraries")
        func pythonAndJarFromDBFS() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(
                    "import os, sys\nfrom pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n"
                        + "n = spark.range(int(sys.argv[1])).count()\nos.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)\n"
                        + "open(sys.argv[2], 'w').write(str(n))\n",
                    to: "dbfs/jobs/count.py")
                let python = await bed.run(bed.invocation(
                    "DatabricksSparkPython",
                    ["pythonFile": "dbfs:/jobs/count.py", "parameters": ["12", .string(bed.storageRoot + "/dbfs/out/py.txt")]],
                    cluster: databricks(bed)))
                _ = try python.requireSucceeded()
                #expect(try bed.read("dbfs/out/py.txt") == "12")

                let source = """
                    public class Echo {
                        public static void main(String[] args) throws Exception {
                            java.nio.file.Files.writeString(java.nio.file.Paths.get(args[0]), String.join("+", java.util.Arrays.copyOfRange(args, 1, args.length)));
                        }
                    }
                    """
                _ = try JavaJar.build(
                    className: "Echo", source: source, classpath: SparkTestBed.sparkJars + "/*", in: bed.storageRoot + "/dbfs",
                    jarName: "FileStore/jars/echo.jar")
                try FileManager.default.createDirectory(atPath: bed.storageRoot + "/dbfs/out", withIntermediateDirectories: true)
                let jar = await bed.run(bed.invocation(
                    "DatabricksSparkJar",
                    [
                        "mainClassName": "Echo", "parameters": [.string(bed.storageRoot + "/dbfs/out/jar.txt"), "a", "b"],
                        "libraries": [["jar": "dbfs:/FileStore/jars/echo.jar"]],
                    ],
                    cluster: databricks(bed)))
                _ = try jar.requireSucceeded()
                #expect(try bed.read("dbfs/out/jar.txt") == "a+b")
            }
        }

        @Test("authoring errors are ADF's 3201 messages, and maven libraries are refused by name")
        func authoringErrors() async throws {
            try await SparkTestBed.with { bed in
                let noPath = await bed.run(bed.invocation("DatabricksNotebook", [:], cluster: databricks(bed)))
                try noPath.requireFailed(code: "3201", messageContains: "settings.task.notebook_task.notebook_path")
                let badURI = await bed.run(bed.invocation("DatabricksSparkPython", ["pythonFile": "s3://x/y.py"], cluster: databricks(bed)))
                try badURI.requireFailed(code: "3201", messageContains: "Invalid Python file URI")
                let noJar = await bed.run(bed.invocation("DatabricksSparkJar", ["mainClassName": "Main"], cluster: databricks(bed)))
                try noJar.requireFailed(code: "3201", messageContains: "names no jar library")
                let maven = await bed.run(bed.invocation(
                    "DatabricksSparkPython",
                    ["pythonFile": "dbfs:/x.py", "libraries": [["maven": ["coordinates": "org.example:lib:1.0"]]]],
                    cluster: databricks(bed)))
                try maven.requireFailed(code: "LibraryUnavailable", messageContains: "typeProperties.libraries[0]")
                let noWorkspace = await bed.run(bed.invocation(
                    "DatabricksNotebook", ["notebookPath": "/x"],
                    cluster: ResolvedLinkedService(name: "Databricks", type: "AzureDatabricks", typeProperties: ["domain": "https://x"])))
                try noWorkspace.requireFailed(code: "3201", messageContains: "workspaceFolder")
            }
        }

        @Test("SynapseNotebook injects typed parameters after the parameters cell and reports exitValue")
        func synapseNotebook() async throws {
            try await SparkTestBed.with { bed in
                let notebook: JSONValue = [
                    "name": "Scale",
                    "properties": [
                        "nbformat": 4, "nbformat_minor": 2, "metadata": [:],
                        "cells": [
                            ["cell_type": "code", "metadata": ["tags": ["parameters"]], "source": ["factor = 1\n", "label = 'none'"]],
                            ["cell_type": "code", "metadata": [:], "source": [
                                "total = spark.range(1, 5).selectExpr(f'sum(id) * {factor} AS t').first()['t']\n",
                                "mssparkutils.notebook.exit(f'{label}:{total}')",
                            ]],
                        ],
                    ],
                ]
                try bed.write(JSONSerializer.serialize(notebook), to: "synapse/notebook/Scale.json")
                let workspace = ResolvedLinkedService(
                    name: "Synapse", type: "AzureSynapseArtifacts",
                    typeProperties: ["endpoint": "https://contoso.dev.azuresynapse.net", "workspaceFolder": .string(bed.storageRoot + "/synapse")])
                let run = await bed.run(bed.invocation(
                    "SynapseNotebook",
                    [
                        "notebook": ["referenceName": "Scale", "type": "NotebookReference"],
                        "parameters": ["factor": ["value": "3", "type": "int"], "label": ["value": "tripled", "type": "string"]],
                    ],
                    cluster: workspace))
                let output = try run.requireSucceeded()
                #expect(output["status"]?["Output"]?["result"]?["exitValue"] == "tripled:30")
            }
        }

        @Test("DataLakeAnalyticsU-SQL validates its typeProperties and fails saying the service was retired")
        func usqlRefused() async throws {
            try await SparkTestBed.with { bed in
                let valid = await bed.run(bed.invocation("DataLakeAnalyticsU-SQL", [
                    "scriptPath": "scripts/search.usql", "degreeOfParallelism": 3, "priority": 100,
                    "scriptLinkedService": ["referenceName": "Store", "type": "LinkedServiceReference"],
                ]))
                try valid.requireFailed(code: "2707", messageContains: "retired on 29 February 2024")
                let invalid = await bed.run(bed.invocation("DataLakeAnalyticsU-SQL", [
                    "scriptPath": "scripts/search.usql", "degreeOfParallelism": 0,
                    "scriptLinkedService": ["referenceName": "Store", "type": "LinkedServiceReference"],
                ]))
                try invalid.requireFailed(code: "2105", messageContains: "typeProperties.degreeOfParallelism")
            }
        }
    }
}
