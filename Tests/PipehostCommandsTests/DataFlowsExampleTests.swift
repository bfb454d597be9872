import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `examples/data-flows` through the built `pipehost` on real Spark (scripts/install-spark's
/// .pipehost/venv-spark): five mapping data flows in the shapes public factories use most, each
/// compiled and run as one Spark job, from a copy in a temporary folder. The expected rows were
/// worked out from the input files by hand (with a short Python script over the CSVs, not Spark).
@Suite("the data-flows example, end to end", .tags(.large))
struct DataFlowsExampleTests {
    typealias P = PipehostProcess

    @Test("join + aggregate, cleanse + split, window dedupe to Parquet, a type 1 dimension and a ranked report: every sink holds the expected rows")
    func runsEndToEnd() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("examples/data-flows")
        try FileManager.default.createDirectory(at: example.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: P.repositoryRoot.appendingPathComponent("examples/data-flows"), to: example)

        let result = try P.run(
            [
                "run", "examples/data-flows", "--pipeline", "RunDataFlows",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
            ],
            environment: ["SPARK_HOME": P.repositoryRoot.appendingPathComponent(".pipehost/venv-spark").path],
            directory: folder)
        #expect(result.status == 0, "\(result.everything)")
        for activity in [
            "SalesByRegion", "CleanCustomers", "LatestOrderPerCustomer", "ProductDimensionType1", "CustomerSpendReport",
            "RecordRegions",
        ] {
            #expect(
                result.output.split(separator: "\n").contains { $0.hasPrefix(activity + " ") && $0.contains("Succeeded") },
                "\(activity) did not succeed:\n\(result.output)")
        }
        let reports = example.appendingPathComponent("storage/output/reports")
        func report(_ name: String) throws -> String {
            try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(
            try report("sales-by-region.csv") == """
                region,orders,revenue,largestOrder
                Europe,13,3188.58,384.55
                Asia,8,1372.79,342.99
                Americas,6,1339.06,389.44

                """)
        #expect(
            try report("contactable-customers.csv") == """
                customer_id,name,email,country,signedUp
                1,Ada Lovelace,ada@example.org,UK,2024-01-15
                2,Grace Hopper,grace@example.org,US,2024-02-03
                4,Katherine Johnson,katherine@example.org,US,2024-03-11
                6,Barbara Liskov,barbara@example.org,US,2024-04-02
                7,Hedy Lamarr,hedy@example.org,AT,2024-04-18
                8,Tu Youyou,tu@example.org,CN,2024-05-05
                10,Chien-Shiung Wu,wu@example.org,CN,2024-06-09
                11,Margaret Hamilton,margaret@example.org,US,2024-06-30
                12,Tim Berners-Lee,tim@example.org,UK,2024-07-14

                """)
        #expect(
            try report("customers-without-email.csv") == """
                customer_id,name,country,reason
                3,Alan Turing,UK,no e-mail
                5,Edsger Dijkstra,NL,invalid e-mail
                9,Srinivasa Ramanujan,IN,no e-mail

                """)
        #expect(
            try report("product-dimension.csv") == """
                product_key,product_id,name,price
                1,P-100,Notebook,4.50
                2,P-101,Fountain pen,27.00
                3,P-102,Ink bottle,9.75
                4,P-103,Blotting paper,2.10
                100,P-104,Desk lamp,39.90
                101,P-105,Paper clips,1.20
                102,P-106,Stapler,12.40

                """)
        #expect(
            try report("customer-spend.csv") == """
                spendRank,customer,month,spend,orders,lastOrderDate
                1,Edsger Dijkstra,2025-02,614.93,2,2025-06-10
                2,Katherine Johnson,2025-01,389.44,1,2025-02-16
                3,Edsger Dijkstra,2025-04,387.76,2,2025-06-10
                4,  Ada Lovelace ,2025-03,387.46,2,2025-05-19
                5,Alan Turing,2025-02,384.55,1,2025-06-18
                6,Tim Berners-Lee,2025-03,384.0,1,2025-05-27
                7,Edsger Dijkstra,2025-06,367.03,1,2025-06-10
                8,Alan Turing,2025-03,364.07,1,2025-06-18
                9,Barbara Liskov,2025-05,353.57,1,2025-05-04
                10,Tu Youyou,2025-04,342.99,1,2025-04-15
                11,Barbara Liskov,2025-01,302.54,1,2025-05-04
                12,Alan Turing,2025-06,225.76,1,2025-06-18
                13,Tim Berners-Lee,2025-05,224.44,1,2025-05-27
                14,Srinivasa Ramanujan,2025-02,213.13,1,2025-06-15
                15,  Ada Lovelace ,2025-05,212.47,1,2025-05-19
                16,Srinivasa Ramanujan,2025-05,183.86,1,2025-06-15
                17,Srinivasa Ramanujan,2025-03,175.95,1,2025-06-15
                18,Chien-Shiung Wu,2025-01,165.16,1,2025-04-27

                """)
        // The dedupe flow's Parquet: part files only (no _SUCCESS, no checksums), one row per customer.
        let parquet = try FileManager.default.contentsOfDirectory(
            atPath: example.appendingPathComponent("storage/output/latest-orders").path)
        #expect(!parquet.isEmpty && parquet.allSatisfy { $0.hasPrefix("part-") && $0.hasSuffix(".snappy.parquet") }, "\(parquet)")

        // ADF's output: rows written per sink with the rows its sources read, used by a later activity.
        let runID = try #require(RetrainAndScoreExampleTests.runID(in: result.output))
        let shown = try P.run(["runs", "show", runID, "--output", "json"], directory: folder)
        #expect(shown.status == 0, "\(shown.everything)")
        let records = try JSONParser.parse(Array(shown.output.utf8))
        let activities = records["activityRuns"]?.arrayValue ?? records["value"]?.arrayValue ?? []
        let sales = try #require(activities.first { $0["activityName"] == "SalesByRegion" })
        let metrics = try #require(sales["output"]?["runStatus"]?["metrics"]?["RegionTotalsFile"])
        #expect(metrics["rowsWritten"] == 3)
        #expect(metrics["sources"]?["Orders"]?["rowsRead"] == 40)
        #expect(metrics["sources"]?["Customers"]?["rowsRead"] == 12)
        let latest = try #require(activities.first { $0["activityName"] == "LatestOrderPerCustomer" })
        #expect(latest["output"]?["runStatus"]?["metrics"]?["LatestOrders"]?["rowsWritten"] == 12)
        let recorded = try #require(activities.first { $0["activityName"] == "RecordRegions" })
        #expect(recorded["input"]?["value"] == "3", "\(recorded)")
    }
}
