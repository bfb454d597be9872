import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightHive` running real HiveQL on Spark SQL with Hive support (pyspark 3.5.7, Hive 2.3
    /// metastore in embedded Derby under the plugin's work folder): substitution, tables that persist
    /// across runs and plugin instances, external tables over the storage's CSV files, failures with
    /// Spark's error, and two jobs sharing one metastore.
    @Suite("HDInsightHive on real Spark", .tags(.large), .serialized)
    struct HDInsightHiveTests {
        /// A script that exercises Hive's substitution and Hive's statement splitting (semicolons in
        /// comments and quotes), reads an external table over the storage's CSV and writes a managed
        /// table and an output folder.
        static let featuresScript = """
            -- Totals per region; this comment's semicolon; is not a separator
            CREATE EXTERNAL TABLE IF NOT EXISTS sales (region STRING, year INT, amount INT)
              ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
              STORED AS TEXTFILE
              LOCATION '${hivevar:storage}/data/sales';
            CREATE TABLE IF NOT EXISTS ${tableName} (region STRING, total INT, note STRING);
            INSERT OVERWRITE TABLE ${tableName}
              SELECT region, SUM(amount), '${hiveconf:note};ok' FROM sales   -- the quoted semicolon stays
              WHERE year = ${hiveconf:year} GROUP BY region;
            SET hivevar:minimum=${hiveconf:threshold};
            INSERT OVERWRITE DIRECTORY '${hivevar:storage}/out/features'
              ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
              SELECT region, total, note FROM ${hivevar:tableName} WHERE total >= ${minimum} ORDER BY region;
            """

        @Test("defines, variables and arguments are substituted; a managed table of one run is read by the next on a new plugin instance; external tables read and write the storage")
        func substitutionAndPersistentTables() async throws {
            let work = try TemporaryFolder("hive-work")
            defer { work.remove() }
            let settings: JSONObject = ["workFolder": .string(work.path)]

            // First run: the script from the job storage (the cluster's storage, no scriptLinkedService).
            let first = try await SparkTestBed.with(settings: settings) { bed in
                try bed.write(Self.featuresScript, to: "hive/features.hql")
                try bed.write("north,2024,10\nsouth,2024,5\nnorth,2023,7\nnorth,2024,1\n", to: "data/sales/sales.csv")
                let run = await bed.run(bed.invocation("HDInsightHive", [
                    "scriptPath": "hive/features.hql",
                    "defines": ["year": 2024, "note": "v1"],
                    "variables": ["storage": .string("file://" + bed.storageRoot)],
                    "arguments": ["-hiveconf", "threshold=6", "--hivevar", "tableName=region_totals"],
                    "queryTimeout": 30,
                ]))
                let output = try run.requireSucceeded()
                #expect(try Self.folderText(bed.storageRoot + "/out/features") == "north,11,v1;ok\n")
                #expect(bed.jobProcesses().isEmpty)
                return output
            }
            #expect(first["ExecutionProgress"] == "Succeeded")
            #expect(first["clusterInUse"]?.stringValue?.contains("OnDemandCluster") == true)
            #expect(first["jobId"]?.stringValue?.hasPrefix("local-") == true)
            #expect(first["executionDuration"]?.integerValue ?? -1 >= 0)
            let log = try String(contentsOfFile: try #require(first["logLocation"]?.stringValue), encoding: .utf8)
            #expect(log.contains("statement 4 of 5: SET hivevar:minimum=6"), "\(log.suffix(3000))")
            #expect(FileManager.default.fileExists(atPath: work.path + "/hive/metastore_db/service.properties"))
            #expect(FileManager.default.fileExists(atPath: work.path + "/hive/warehouse/region_totals"))

            // Second run: another plugin instance on the same work folder, the script inline.
            try await SparkTestBed.with(settings: settings) { bed in
                let run = await bed.run(bed.invocation("HDInsightHive", [
                    "script": .string("""
                        INSERT OVERWRITE DIRECTORY '${hivevar:storage}/out/again'
                          ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'
                          SELECT region, total FROM region_totals ORDER BY region;
                        SELECT region, note FROM region_totals ORDER BY region
                        """),
                    "variables": ["storage": .string("file://" + bed.storageRoot)],
                ]))
                let output = try run.requireSucceeded()
                #expect(try Self.folderText(bed.storageRoot + "/out/again") == "north|11\nsouth|5\n")
                let log = try String(contentsOfFile: try #require(output["logLocation"]?.stringValue), encoding: .utf8)
                #expect(log.contains("north\tv1;ok\nsouth\tv1;ok\n"), "\(log.suffix(3000))")
            }
        }

        @Test("a failing statement fails the activity with 2302 and Spark SQL's error")
        func failingStatement() async throws {
            try await SparkTestBed.with { bed in
                let run = await bed.run(bed.invocation("HDInsightHive", [
                    "script": "CREATE TABLE IF NOT EXISTS fine (a INT);\nSELECT a FROM missing_table WHERE a > 1;\nSELECT 1;",
                ]))
                let error = try run.requireFailed(code: "2302", messageContains: "Error in query: [TABLE_OR_VIEW_NOT_FOUND]")
                #expect(error.message.contains("`missing_table` cannot be found"), "\(error.message)")
                let log = try String(contentsOfFile: bed.workFolder + "/jobs/" + Self.onlyJob(bed), encoding: .utf8)
                #expect(log.contains("statement 2 of 3") && !log.contains("statement 3 of 3"))
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("two Hive activities at once on one metastore both succeed: the second waits for the first's lock")
        func concurrentJobsShareTheMetastore() async throws {
            try await SparkTestBed.with { bed in
                func invocation(_ table: String) -> ActivityInvocation {
                    bed.invocation("HDInsightHive", [
                        "script": .string("CREATE TABLE IF NOT EXISTS \(table) (a INT);\nINSERT INTO \(table) VALUES (1), (2);\nSELECT SUM(a) FROM \(table);"),
                    ])
                }
                let first = invocation("first_table")
                let second = invocation("second_table")
                async let one = bed.run(first)
                async let two = bed.run(second)
                let runs = await [one, two]
                var waited = 0
                for run in runs {
                    let output = try run.requireSucceeded()
                    let log = try String(contentsOfFile: try #require(output["logLocation"]?.stringValue), encoding: .utf8)
                    #expect(log.contains("3\npipehost-hive: fetched 1 row(s)"), "\(log.suffix(2000))")
                    if log.contains("waiting for the Hive metastore") { waited += 1 }
                }
                #expect(waited == 1)
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("queryTimeout (minutes) stops a script that runs longer: 2302 with the timeout named, no process left")
        func queryTimeoutStopsTheScript() async throws {
            try await SparkTestBed.with { bed in
                let clock = ContinuousClock()
                let started = clock.now
                let run = await bed.run(bed.invocation("HDInsightHive", [
                    "script": "SELECT reflect('java.lang.Thread', 'sleep', bigint(600000));", "queryTimeout": 1,
                ]))
                try run.requireFailed(code: "2302", messageContains: "Error in query: The Hive script did not finish within its queryTimeout of 1 minute(s).")
                #expect(clock.now - started < .seconds(150))
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        /// The text of the data files Spark wrote into `folder` (its `part-…` files, in name order).
        static func folderText(_ folder: String) throws -> String {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            return try names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }.map {
                try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
            }.joined()
        }

        /// The driver log of the bed's one job, relative to its `jobs` folder.
        static func onlyJob(_ bed: SparkTestBed) throws -> String {
            let logs = try FileManager.default.subpathsOfDirectory(atPath: bed.workFolder + "/jobs").filter { $0.hasSuffix("/driver.log") }
            return try #require(logs.count == 1 ? logs.first : nil, "\(logs)")
        }
    }
}
