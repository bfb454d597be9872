import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// `HDInsightHive`'s typeProperties checks, which fail before any Spark starts: a script that
/// cannot be read (ADF's 2345), missing or doubled script, bad arguments, queryTimeout and defines.
@Suite("HDInsightHive input checks", .tags(.medium))
struct HDInsightHiveInputTests {
    @Test("a scriptPath that names no file fails with ADF's 2345")
    func missingScript() async throws {
        try await SparkTestBed.with { bed in
            let run = await bed.run(bed.invocation("HDInsightHive", ["scriptPath": "hive/nowhere.hql"]))
            let error = try run.requireFailed(code: "2345", messageContains: "Failed to read the content of the hive script. Error: '")
            #expect(error.message.contains("hive/nowhere.hql"), "\(error.message)")
            let local = await bed.run(bed.invocation("HDInsightHive", ["scriptPath": "/nonexistent/local.hql"], cluster: ResolvedLinkedService(
                name: "Bare", type: "HDInsightOnDemand", typeProperties: ["clusterSize": 1])))
            try local.requireFailed(code: "2345", messageContains: "/nonexistent/local.hql")
            let empty = await bed.run(bed.invocation("HDInsightHive", ["scriptPath": ""]))
            try empty.requireFailed(code: "2345", messageContains: "typeProperties.scriptPath is empty")
            try bed.write("x", to: "hive/folder/a.hql")
            try bed.write("y", to: "hive/folder/b.hql")
            let folder = await bed.run(bed.invocation("HDInsightHive", ["scriptPath": "hive/folder"]))
            try folder.requireFailed(code: "2345", messageContains: "is a folder of 2 files")
        }
    }

    @Test("no script, or both scriptPath and script, fail with 2103 and 2105")
    func scriptPresence() async throws {
        try await SparkTestBed.with { bed in
            let none = await bed.run(bed.invocation("HDInsightHive", ["defines": ["a": "b"]]))
            try none.requireFailed(code: "2103", messageContains: "'typeProperties.scriptPath' (or the HiveQL inline in 'typeProperties.script')")
            let both = await bed.run(bed.invocation("HDInsightHive", ["scriptPath": "a.hql", "script": "SELECT 1"]))
            try both.requireFailed(code: "2105", messageContains: "typeProperties.script")
        }
    }

    @Test("arguments that are not Hive command-line definitions fail with 2105 naming the element")
    func badArguments() async throws {
        try await SparkTestBed.with { bed in
            let cases: [(JSONValue, String)] = [
                (["-e", "SELECT 1"], "'typeProperties.arguments[0]': '-e' is not a Hive command-line option"),
                (["-hiveconf", "novalue"], "'typeProperties.arguments[1]': expected NAME=VALUE after '-hiveconf', found 'novalue'"),
                (["-S", "--hivevar"], "'typeProperties.arguments[1]': '--hivevar' needs a value after it"),
                (["-d", "=x"], "'typeProperties.arguments[1]': expected NAME=VALUE"),
                (["--database", ""], "'typeProperties.arguments[1]': the database name is empty"),
                (["--hiveconf", "spark.sql.warehouse.dir=/elsewhere"], "'typeProperties.arguments.spark.sql.warehouse.dir'"),
                ([.object(["a": 1])], "typeProperties.arguments[0]"),
            ]
            for (arguments, message) in cases {
                let run = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "arguments": arguments]))
                let error = try run.requireFailed()
                #expect(["2104", "2105"].contains(error.errorCode) && error.message.contains(message), "\(arguments): \(error)")
            }
        }
    }

    @Test("queryTimeout outside 1…10080 minutes, defines that move the metastore and bad storageLinkedServices fail with the property's path")
    func badProperties() async throws {
        try await SparkTestBed.with { bed in
            let zero = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "queryTimeout": 0]))
            try zero.requireFailed(code: "2105", messageContains: "'typeProperties.queryTimeout': 0 is outside 1…10080")
            let huge = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "queryTimeout": 10081]))
            try huge.requireFailed(code: "2105", messageContains: "typeProperties.queryTimeout")
            let text = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "queryTimeout": "soon"]))
            try text.requireFailed(code: "2104", messageContains: "typeProperties.queryTimeout")
            let moved = await bed.run(bed.invocation("HDInsightHive", [
                "script": "SELECT 1", "defines": ["javax.jdo.option.ConnectionURL": "jdbc:derby:;databaseName=/tmp/x"],
            ]))
            try moved.requireFailed(code: "2105", messageContains: "'typeProperties.defines.javax.jdo.option.ConnectionURL'")
            let nested = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "defines": ["a": ["b": 1]]]))
            try nested.requireFailed(code: "2104", messageContains: "typeProperties.defines.a")
            let storages = await bed.run(bed.invocation("HDInsightHive", ["script": "SELECT 1", "storageLinkedServices": ["Blob"]]))
            try storages.requireFailed(code: "2104", messageContains: "typeProperties.storageLinkedServices[0]")
        }
    }
}
