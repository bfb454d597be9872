import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// Data flows with PostgreSQL sources and sinks, through the built `pipehost` on real Spark and the
/// throwaway PostgreSQL cluster scripts/test starts: a table source, a query source, alter-row
/// deletes, upserts and updates on key columns, a truncated table, a recreated one and one created
/// because it was missing. The expected rows were worked out by hand from the setup below.
@Suite("data flows on PostgreSQL, end to end", .tags(.large), .serialized)
struct DataFlowPostgresTests {
    typealias P = PipehostProcess

    static let setup = """
        DROP TABLE IF EXISTS public.df_customers, public.df_dim_customer, public.df_customer_names, public.df_active,
            public.df_totals, public.df_sync_log;
        CREATE TABLE public.df_customers (customer_id integer, name text, active boolean);
        INSERT INTO public.df_customers VALUES (1, 'Ada', true), (2, 'Grace', false), (3, 'Alan', true), (4, 'Edsger', true);
        CREATE TABLE public.df_dim_customer (customer_id integer PRIMARY KEY, name text, since date);
        INSERT INTO public.df_dim_customer VALUES (1, 'Ada L.', '2020-01-01'), (2, 'Grace H.', '2021-01-01'), (9, 'Old', '2019-01-01');
        CREATE TABLE public.df_customer_names (customer_id integer, name text);
        INSERT INTO public.df_customer_names VALUES (1, 'x'), (2, 'y'), (5, 'z');
        CREATE TABLE public.df_active (customer_id bigint, name varchar(40));
        INSERT INTO public.df_active VALUES (99, 'stale');
        CREATE TABLE public.df_totals (junk text);
        """

    static let script = [
        "parameters{",
        "     note as string ('synced')",
        "}",
        "source(output(order_id as integer, customer_id as integer, amount as decimal(10,2)),",
        "     allowSchemaDrift: false, validateSchema: false, ignoreNoFilesFound: false,",
        "     moveFiles: ['incoming', 'processed']) ~> Orders",
        "source(output(customer_id as integer, name as string, active as boolean),",
        "     allowSchemaDrift: false, validateSchema: false, isolationLevel: 'READ_COMMITTED', format: 'table') ~> Customers",
        "source(allowSchemaDrift: true, validateSchema: false, isolationLevel: 'READ_COMMITTED',",
        "     query: 'select customer_id, name from public.df_customers where active', format: 'query') ~> ActiveCustomers",
        "Orders aggregate(groupBy(customer_id), total = sum(amount), orders = count()) ~> Totals",
        "Customers alterRow(deleteIf(!active), upsertIf(true())) ~> MarkDimension",
        "Customers alterRow(updateIf(active)) ~> MarkNames",
        "Totals sink(allowSchemaDrift: true, validateSchema: false, recreate: true, format: 'table',",
        "     skipDuplicateMapInputs: true, skipDuplicateMapOutputs: true) ~> TotalsTable",
        "MarkDimension sink(allowSchemaDrift: true, validateSchema: false, deletable: true, insertable: false,",
        "     updateable: false, upsertable: true, keys: ['customer_id'], format: 'table',",
        "     mapColumn(customer_id, name)) ~> DimCustomer",
        "MarkNames sink(deletable: false, insertable: false, updateable: true, upsertable: false,",
        "     keys: ['customer_id'], format: 'table', mapColumn(customer_id, name)) ~> CustomerNames",
        "ActiveCustomers sink(truncate: true, format: 'table',",
        "     preSQLs: ['create table if not exists public.df_sync_log (note text)'],",
        "     postSQLs: [('insert into public.df_sync_log values (\\'' + $note + '\\')')]) ~> ActiveList",
    ]

    /// A factory in `folder`: the warehouse linked service (with `password`), a CSV of orders, the
    /// tables' datasets, the data flow and a pipeline running it.
    static func writeFactory(in folder: URL, postgres url: URLComponents, password: String) throws {
        func write(_ path: String, _ value: JSONValue) throws {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(JSONSerializer.serialize(value).utf8).write(to: file)
        }
        let connection =
            "Host=\(url.host ?? "");Port=\(url.port ?? 5432);Database=\(url.path.dropFirst());Username=\(url.user ?? "");"
            + "SSL Mode=Disable"
        try write(
            "factory/linkedService/Warehouse.json",
            [
                "name": "Warehouse",
                "properties": [
                    "type": "AzurePostgreSql",
                    "typeProperties": [
                        "connectionString": .string(connection),
                        "password": ["type": "SecureString", "value": .string(password)],
                    ],
                ],
            ])
        try write(
            "factory/linkedService/Files.json",
            ["name": "Files", "properties": ["type": "FileServer", "typeProperties": ["host": "files"]]])
        try write(
            "factory/dataset/OrdersCsv.json",
            [
                "name": "OrdersCsv",
                "properties": [
                    "type": "DelimitedText",
                    "linkedServiceName": ["referenceName": "Files", "type": "LinkedServiceReference"],
                    "typeProperties": [
                        "location": ["type": "FileServerLocation", "folderPath": "incoming", "fileName": "orders.csv"],
                        "columnDelimiter": ",", "firstRowAsHeader": true,
                    ],
                ],
            ])
        let tables = [
            ("CustomersTable", "df_customers"), ("TotalsTable", "df_totals"), ("DimCustomerTable", "df_dim_customer"),
            ("CustomerNamesTable", "df_customer_names"), ("ActiveTable", "df_active"),
        ]
        for (name, table) in tables {
            try write(
                "factory/dataset/\(name).json",
                [
                    "name": .string(name),
                    "properties": [
                        "type": "AzurePostgreSqlTable",
                        "linkedServiceName": ["referenceName": "Warehouse", "type": "LinkedServiceReference"],
                        "typeProperties": ["schema": "public", "table": .string(table)],
                    ],
                ])
        }
        func endpoint(_ stream: String, _ dataset: String) -> JSONValue {
            ["name": .string(stream), "dataset": ["referenceName": .string(dataset), "type": "DatasetReference"]]
        }
        try write(
            "factory/dataflow/SyncWarehouse.json",
            [
                "name": "SyncWarehouse",
                "properties": [
                    "type": "MappingDataFlow",
                    "typeProperties": [
                        "sources": [
                            endpoint("Orders", "OrdersCsv"), endpoint("Customers", "CustomersTable"),
                            endpoint("ActiveCustomers", "CustomersTable"),
                        ],
                        "sinks": [
                            endpoint("TotalsTable", "TotalsTable"), endpoint("DimCustomer", "DimCustomerTable"),
                            endpoint("CustomerNames", "CustomerNamesTable"), endpoint("ActiveList", "ActiveTable"),
                        ],
                        "transformations": [
                            ["name": "Totals"], ["name": "MarkDimension"], ["name": "MarkNames"],
                        ],
                        "scriptLines": .array(script.map { .string($0) }),
                    ],
                ],
            ])
        try write(
            "factory/pipeline/SyncWarehouse.json",
            [
                "name": "SyncWarehouse",
                "properties": [
                    "activities": [
                        [
                            "name": "Sync",
                            "type": "ExecuteDataFlow",
                            "typeProperties": [
                                "dataflow": ["referenceName": "SyncWarehouse", "type": "DataFlowReference"],
                                "compute": ["coreCount": 8, "computeType": "General"],
                                "traceLevel": "Fine",
                            ],
                        ]
                    ]
                ],
            ])
        let files = folder.appendingPathComponent("files/incoming")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try Data(
            """
            order_id,customer_id,amount
            1,1,10.50
            2,1,4.25
            3,3,100.00
            4,4,7.00
            5,4,3.00

            """.utf8
        ).write(to: files.appendingPathComponent("orders.csv"))
    }

    static func postgres() throws -> (url: String, components: URLComponents, password: String) {
        let url = try #require(
            ProcessInfo.processInfo.environment["PIPEHOST_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 },
            "PIPEHOST_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL cluster")
        let components = try #require(URLComponents(string: url))
        return (url, components, try #require(components.password))
    }

    static func runPipeline(in folder: URL) throws -> PipehostProcess.Result {
        try P.run(
            [
                "run", "factory", "--pipeline", "SyncWarehouse",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
            ],
            environment: ["SPARK_HOME": P.repositoryRoot.appendingPathComponent(".pipehost/venv-spark").path],
            directory: folder)
    }

    static func psql(_ url: String, _ sql: String) throws -> String {
        try IngestRetrainPublishExampleTests.psql(url, sql)
    }

    @Test("table and query sources; deletes, upserts and updates on keys; truncate, recreate and a created table")
    func syncsTables() throws {
        let (url, components, password) = try Self.postgres()
        _ = try Self.psql(url, Self.setup)
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeFactory(in: folder, postgres: components, password: password)

        let result = try Self.runPipeline(in: folder)
        #expect(result.status == 0, "\(result.everything)")
        #expect(
            try Self.psql(url, "SELECT customer_id, total, orders FROM public.df_totals ORDER BY 1")
                == "1|14.75|2\n3|100.00|1\n4|10.00|2")
        #expect(
            try Self.psql(
                url,
                "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) "
                    + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'df_totals'")
                == "customer_id:integer,total:numeric,orders:bigint")
        // 2 is inactive: deleted. 1 is updated (its `since` kept), 3 and 4 inserted, 9 left alone.
        #expect(
            try Self.psql(url, "SELECT customer_id, name, coalesce(since::text, '-') FROM public.df_dim_customer ORDER BY 1")
                == "1|Ada|2020-01-01\n3|Alan|-\n4|Edsger|-\n9|Old|2019-01-01")
        // Update only: 1 is renamed; 3 and 4 have no row to update; 2 is not marked; 5 is not in the source.
        #expect(
            try Self.psql(url, "SELECT customer_id, name FROM public.df_customer_names ORDER BY 1")
                == "1|Ada\n2|y\n5|z")
        #expect(try Self.psql(url, "SELECT customer_id, name FROM public.df_active ORDER BY 1") == "1|Ada\n3|Alan\n4|Edsger")
        // After completion the orders file is moved from incoming/ to processed/.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("files/processed/orders.csv").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("files/incoming/orders.csv").path))
        // The sink's SQL before (creating the log) and after (a row with the data flow parameter).
        #expect(try Self.psql(url, "SELECT string_agg(note, ',') FROM public.df_sync_log") == "synced")
        #expect(
            try Self.psql(url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'pipehost_stage_%'") == "0",
            "staging tables were left behind")

        let runID = try #require(RetrainAndScoreExampleTests.runID(in: result.output))
        let runs = try P.run(["runs", "show", runID, "--output", "json"], directory: folder)
        #expect(runs.status == 0, "\(runs.everything)")
        let records = try JSONParser.parse(Array(runs.output.utf8))
        let activities = records["activityRuns"]?.arrayValue ?? []
        let metrics = try #require(activities.first { $0["activityName"] == "Sync" }?["output"]?["runStatus"]?["metrics"])
        #expect(metrics["TotalsTable"]?["rowsWritten"] == 3)
        #expect(metrics["TotalsTable"]?["sources"]?["Orders"]?["rowsRead"] == 5)
        #expect(metrics["ActiveList"]?["rowsWritten"] == 3)
        // Every row of the source reaches the dimension: two marked delete, two upsert.
        #expect(metrics["DimCustomer"]?["rowsWritten"] == 4)
        // The password is in the linked service the test wrote, and nowhere else.
        let everything = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        for path in everything where !path.hasPrefix("factory/linkedService") {
            let file = folder.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            #expect(!data.contains(Data(password.utf8)), "the password is in \(path)")
        }
        #expect(!result.everything.contains(password))
        #expect(!runs.everything.contains(password))
    }

    @Test("a wrong password fails the activity with DF-PGSQL-InvalidCredential and changes no table")
    func wrongPasswordFails() throws {
        let (url, components, _) = try Self.postgres()
        _ = try Self.psql(url, Self.setup)
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrong = "not-the-password-\(UUID().uuidString.prefix(8))"
        try Self.writeFactory(in: folder, postgres: components, password: wrong)

        let result = try Self.runPipeline(in: folder)
        #expect(result.status != 0)
        #expect(result.everything.contains("DF-PGSQL-InvalidCredential"), "\(result.everything)")
        #expect(result.everything.contains("password authentication failed"), "\(result.everything)")
        #expect(!result.everything.contains(wrong))
        #expect(try Self.psql(url, "SELECT count(*) FROM public.df_active") == "1")
        // A failed run moves no source file.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("files/incoming/orders.csv").path))
        #expect(try Self.psql(url, "SELECT string_agg(name, ',' ORDER BY customer_id) FROM public.df_dim_customer") == "Ada L.,Grace H.,Old")
    }
}
