import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

/// Each transformation's step in the plan, as the exact JSON the driver reads.
@Suite("Data flow transformations to plan steps", .tags(.small))
struct TransformationCompilerTests {
    static let source =
        "source(output(id as integer, name as string, amount as decimal(10,2), day as date), "
        + "allowSchemaDrift: false, validateSchema: true) ~> S\n"

    private func step(_ statements: String, _ name: String, parameters: [String: JSONValue] = [:]) throws -> String {
        try CompilerTestSupport.stepJSON(
            try CompilerTestSupport.plan(Self.source + statements, parameters: parameters), name)
    }

    @Test("the plan's envelope and a source with its declared schema")
    func source() throws {
        let plan = try CompilerTestSupport.plan(Self.source)
        let json = JSONSerializer.serialize(plan.json)
        #expect(
            json.hasPrefix(
                #"{"version":1,"dataFlow":"Test","steps":[{"op":"source","name":"S","transformation":"source","#))
        #expect(
            try CompilerTestSupport.stepJSON(plan, "S")
                == #"{"op":"source","name":"S","transformation":"source","store":{"kind":"unresolved","description":"source 'S'"},"schema":[{"name":"id","type":"int"},{"name":"name","type":"string"},{"name":"amount","type":"decimal(10,2)"},{"name":"day","type":"date"}],"allowSchemaDrift":false,"validateSchema":true}"#
        )
    }

    @Test("a source's wildcard and a JDBC source's query come from the script")
    func sourceLocation() throws {
        let script = try DataFlowScript.parse(
            "parameters{ folder as string ('in') }\n"
                + "source(wildcardPaths:[($folder + '/*.csv')], ignoreNoFilesFound: true) ~> Files\n"
                + "source(query: (\"select * from t where x = '{$folder}'\"), format: 'query') ~> Rows")
        let graph = try DataFlowGraph(script)
        let plan = try DataFlowCompiler.compile(
            graph, dataFlow: "F",
            stores: [
                "Files": .files(
                    format: "csv", path: "/data", wildcard: nil, options: ["header": "true"], fileName: nil),
                "Rows": .jdbc(
                    url: "jdbc:postgresql://127.0.0.1:5432/db", schema: "public", table: "t", query: nil, user: "u", passwordEnv: "PW"),
            ])
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Files")
                == #"{"op":"source","name":"Files","transformation":"source","store":{"kind":"files","format":"csv","path":"/data","wildcard":"in/*.csv","options":{"header":"true"},"fileName":null,"ignoreNoFilesFound":true},"schema":null,"allowSchemaDrift":true,"validateSchema":false}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Rows")
                == #"{"op":"source","name":"Rows","transformation":"source","store":{"kind":"jdbc","url":"jdbc:postgresql://127.0.0.1:5432/db","schema":"public","table":null,"query":"select * from t where x = 'in'","user":"u","passwordEnv":"PW"},"schema":null,"allowSchemaDrift":true,"validateSchema":false}"#
        )
    }

    @Test("derive: withColumns in order, later columns seeing earlier ones")
    func derive() throws {
        #expect(
            try step("S derive(upperName = upper(name), label = upperName + '!') ~> D", "D")
                == #"{"op":"withColumns","name":"D","transformation":"derive","input":"S","columns":[{"name":"upperName","expression":"upper(`name`)"},{"name":"label","expression":"concat(`upperName`, '!')"}]}"#
        )
    }

    @Test("exists between two branches of one split compiles: the branches share the stream name")
    func existsBetweenBranches() throws {
        let json = try step(
            "S split(amount > 1, disjoint: false) ~> Sp@(Big, Small)\nSp@Big, Sp@Small exists(id == id, negate: true) ~> E",
            "E")
        #expect(json.hasPrefix(#"{"op":"exists","name":"E","transformation":"exists","left":"Sp@Big","right":"Sp@Small","negate":true"#), "\(json)")
    }

    @Test("the Optimize tab's partitionBy on a transformation other than a sink changes no step")
    func partitioningHint() throws {
        #expect(
            try step("S derive(upperName = upper(name),\n\tpartitionBy('roundRobin', 2)) ~> D", "D")
                == #"{"op":"withColumns","name":"D","transformation":"derive","input":"S","columns":[{"name":"upperName","expression":"upper(`name`)"}]}"#
        )
        #expect(
            try step("S filter(amount > 1,\n\tpartitionBy('hash', 4, name)) ~> F", "F")
                == #"{"op":"filter","name":"F","transformation":"filter","input":"S","condition":"(`amount` > 1)"}"#
        )
    }

    @Test("derive with a rule-based pattern over the known columns")
    func derivePattern() throws {
        #expect(
            try step("S derive(each(match(type == 'string'), $$ = upper($$))) ~> D", "D")
                == #"{"op":"withColumns","name":"D","transformation":"derive","input":"S","columns":[{"name":"name","expression":"upper(`name`)"}]}"#
        )
    }

    @Test("select: explicit and renamed columns, and rule-based mapping")
    func select() throws {
        #expect(
            try step("S select(mapColumn(id, total = amount, {name}), skipDuplicateMapInputs: true) ~> P", "P")
                == #"{"op":"project","name":"P","transformation":"select","input":"S","columns":[{"name":"id","expression":"`id`"},{"name":"total","expression":"`amount`"},{"name":"name","expression":"`name`"}]}"#
        )
        #expect(
            try step("S select(mapColumn(each(match(name != 'amount'), 'x_' + $$ = $$))) ~> P", "P")
                == #"{"op":"project","name":"P","transformation":"select","input":"S","columns":[{"name":"x_id","expression":"`id`"},{"name":"x_name","expression":"`name`"},{"name":"x_day","expression":"`day`"}]}"#
        )
        #expect(
            try step(
                "S select(mapColumn(id, each(match(true()))), skipDuplicateMapInputs: true, skipDuplicateMapOutputs: true) ~> P",
                "P")
                == #"{"op":"project","name":"P","transformation":"select","input":"S","columns":[{"name":"id","expression":"`id`"},{"name":"name","expression":"`name`"},{"name":"amount","expression":"`amount`"},{"name":"day","expression":"`day`"}]}"#
        )
    }

    @Test("filter")
    func filter() throws {
        #expect(
            try step("S filter(amount > 10 && !isNull(name)) ~> F", "F")
                == #"{"op":"filter","name":"F","transformation":"filter","input":"S","condition":"((`amount` > 10) AND (NOT (`name` IS NULL)))"}"#
        )
    }

    @Test("aggregate with group-by columns, named group-by expressions and a pattern")
    func aggregate() throws {
        #expect(
            try step("S aggregate(groupBy(name, year = year(day)), total = sum(amount), rows = count()) ~> G", "G")
                == #"{"op":"aggregate","name":"G","transformation":"aggregate","input":"S","groupBy":[{"name":"name","expression":"`name`"},{"name":"year","expression":"year(`day`)"}],"aggregates":[{"name":"total","expression":"sum(`amount`)"},{"name":"rows","expression":"count(1)"}]}"#
        )
        #expect(
            try step("S aggregate(groupBy(id), each(match(name != 'amount'), $$ = first($$))) ~> G", "G")
                == #"{"op":"aggregate","name":"G","transformation":"aggregate","input":"S","groupBy":[{"name":"id","expression":"`id`"}],"aggregates":[{"name":"name","expression":"first(`name`, false)"},{"name":"day","expression":"first(`day`, false)"}]}"#
        )
        #expect(
            try step("S aggregate(rows = count()) ~> G", "G")
                == #"{"op":"aggregate","name":"G","transformation":"aggregate","input":"S","groupBy":[],"aggregates":[{"name":"rows","expression":"count(1)"}]}"#
        )
    }

    @Test("join: types, stream-qualified columns, broadcast, and a cross join")
    func join() throws {
        let two = "source(output(id as integer, label as string), allowSchemaDrift: false) ~> T\n"
        #expect(
            try step(two + "S, T join(S@id == T@id, joinType: 'outer', broadcast: 'right') ~> J", "J")
                == #"{"op":"join","name":"J","transformation":"join","left":"S","right":"T","joinType":"full","condition":"(`S`.`id` = `T`.`id`)","broadcast":"right"}"#
        )
        #expect(
            try step(two + "S, T join(true(), joinType: 'cross', broadcast: 'auto') ~> J", "J")
                == #"{"op":"join","name":"J","transformation":"join","left":"S","right":"T","joinType":"cross","condition":null,"broadcast":"none"}"#
        )
        #expect(
            try step(two + "S, T join(S@id < T@id, joinType: 'cross', broadcast: 'both') ~> J", "J")
                == #"{"op":"join","name":"J","transformation":"join","left":"S","right":"T","joinType":"inner","condition":"(`S`.`id` < `T`.`id`)","broadcast":"both"}"#
        )
    }

    @Test("Stream@column: qualified where the frame knows the stream, the input's column where it does not")
    func streamColumnsInOneInputSteps() throws {
        let two = "source(output(id as integer, label as string), allowSchemaDrift: false) ~> T\n"
        let plan = try CompilerTestSupport.plan(
            Self.source + two + "S derive(n = S@name, m = byName('name', 'S')) ~> D\n"
                + "D, T join(D@id == T@id, joinType: 'inner') ~> J\n"
                + "J filter(T@label != S@name) ~> F\n"
                + "F select(mapColumn(label, name)) ~> P\n"
                + "P filter(T@label != J@name) ~> G")
        #expect(
            try CompilerTestSupport.stepJSON(plan, "D").contains(
                #""columns":[{"name":"n","expression":"`name`"},{"name":"m","expression":"`name`"}]"#))
        #expect(try CompilerTestSupport.stepJSON(plan, "F").contains(#""condition":"(`T`.`label` != `name`)""#))
        #expect(try CompilerTestSupport.stepJSON(plan, "G").contains(#""condition":"(`label` != `name`)""#))
    }

    @Test("exists and lookup")
    func existsAndLookup() throws {
        let two = "source(output(id as integer, label as string), allowSchemaDrift: false) ~> T\n"
        #expect(
            try step(two + "S, T exists(S@id == T@id, negate: true, broadcast: 'none') ~> E", "E")
                == #"{"op":"exists","name":"E","transformation":"exists","left":"S","right":"T","negate":true,"condition":"(`S`.`id` = `T`.`id`)"}"#
        )
        #expect(
            try step(two + "S, T lookup(S@id == T@id, multiple: false, pickup: 'any', broadcast: 'left') ~> L", "L")
                == #"{"op":"lookup","name":"L","transformation":"lookup","left":"S","right":"T","condition":"(`S`.`id` = `T`.`id`)","multiple":false,"pickup":"any","broadcast":"left"}"#
        )
    }

    @Test("union by name and by position")
    func union() throws {
        #expect(
            try step("S, S union(byName: true) ~> U", "U")
                == #"{"op":"union","name":"U","transformation":"union","inputs":["S","S"],"byName":true}"#)
        #expect(
            try step("S, S union(byName: false) ~> U", "U")
                == #"{"op":"union","name":"U","transformation":"union","inputs":["S","S"],"byName":false}"#)
    }

    @Test("conditional split, first matching condition (disjoint: false), with a default output")
    func splitFirstMatch() throws {
        let plan = try CompilerTestSupport.plan(
            Self.source + "S split(amount > 100, amount > 10, disjoint: false) ~> Size@(Big, Medium, Small)")
        #expect(plan.steps.map(\.name) == ["S", "Size@Big", "Size@Medium", "Size@Small"])
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Size@Big")
                == #"{"op":"filter","name":"Size@Big","transformation":"split","input":"S","condition":"(`amount` > 100)"}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Size@Medium")
                == #"{"op":"filter","name":"Size@Medium","transformation":"split","input":"S","condition":"NOT ((`amount` > 100) <=> true) AND ((`amount` > 10))"}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Size@Small")
                == #"{"op":"filter","name":"Size@Small","transformation":"split","input":"S","condition":"NOT ((`amount` > 100) <=> true) AND NOT ((`amount` > 10) <=> true)"}"#
        )
    }

    @Test("conditional split to every matching condition (disjoint: true), read by a later step")
    func splitAllMatches() throws {
        let plan = try CompilerTestSupport.plan(
            Self.source + "S split(amount > 100, amount > 10, disjoint: true) ~> Size@(Big, Medium)\n"
                + "Size@Medium filter(true()) ~> Later")
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Size@Medium")
                == #"{"op":"filter","name":"Size@Medium","transformation":"split","input":"S","condition":"(`amount` > 10)"}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Later")
                == #"{"op":"filter","name":"Later","transformation":"filter","input":"Size@Medium","condition":"true"}"#
        )
    }

    @Test("sort with nulls first or last, and case-insensitively on strings")
    func sort() throws {
        #expect(
            try step("S sort(asc(name, true), desc(amount, false), caseInsensitive: true) ~> O", "O")
                == #"{"op":"sort","name":"O","transformation":"sort","input":"S","orders":[{"expression":"lower(`name`)","ascending":true,"nullsFirst":true},{"expression":"`amount`","ascending":false,"nullsFirst":false}]}"#
        )
    }

    @Test("alter row")
    func alterRow() throws {
        #expect(
            try step("S alterRow(deleteIf(amount < 0), upsertIf(true())) ~> A", "A")
                == #"{"op":"alterRow","name":"A","transformation":"alterRow","input":"S","actions":[{"action":"delete","condition":"(`amount` < 0)"},{"action":"upsert","condition":"true"}]}"#
        )
    }

    @Test("surrogate key")
    func keyGenerate() throws {
        #expect(
            try step("S keyGenerate(output(sk as long), startAt: 100L) ~> K", "K")
                == #"{"op":"keyGenerate","name":"K","transformation":"keyGenerate","input":"S","column":"sk","startAt":100}"#
        )
    }

    @Test("window with partition, order, row offsets and columns")
    func window() throws {
        #expect(
            try step(
                "S window(over(name), asc(day, true), startRowOffset: -2L, endRowOffset: 0L, moving = avg(amount), n = rowNumber()) ~> W",
                "W")
                == #"{"op":"window","name":"W","transformation":"window","input":"S","partitionBy":["`name`"],"orderBy":[{"expression":"`day`","ascending":true,"nullsFirst":true}],"range":{"start":-2,"end":0},"columns":[{"name":"moving","expression":"avg(`amount`)"},{"name":"n","expression":"row_number()"}]}"#
        )
    }

    @Test("rank, dense or not")
    func rank() throws {
        #expect(
            try step("S rank(desc(amount, true), output(r as long), dense: true) ~> R", "R")
                == #"{"op":"rank","name":"R","transformation":"rank","input":"S","orderBy":[{"expression":"`amount`","ascending":false,"nullsFirst":true}],"column":"r","dense":true}"#
        )
    }

    @Test("cast")
    func cast() throws {
        #expect(
            try step("S cast(output(id as long, day as string)) ~> C", "C")
                == #"{"op":"withColumns","name":"C","transformation":"cast","input":"S","columns":[{"name":"id","expression":"CAST(`id` AS bigint)"},{"name":"day","expression":"CAST(`day` AS string)"}]}"#
        )
    }

    @Test("sink: mapping, row actions with keys, truncate, SQL before and after, and partitions")
    func sink() throws {
        #expect(
            try step(
                "S alterRow(upsertIf(true())) ~> A\nA sink(mapColumn(id, total = amount), keys:['id'], insertable: false, upsertable: true, truncate: true, preSQLs:['delete from t where stale', ''], postSQLs:['analyze t'], partitionBy('hash', 4, id)) ~> Out",
                "Out")
                == #"{"op":"sink","name":"Out","transformation":"sink","input":"A","store":{"kind":"unresolved","description":"sink 'Out'"},"columns":[{"name":"id","expression":"`id`"},{"name":"total","expression":"`amount`"}],"rowActions":true,"keys":["id"],"allowedActions":["upsert"],"truncate":true,"recreate":false,"partitions":4,"preSQL":["delete from t where stale"],"postSQL":["analyze t"]}"#
        )
        #expect(
            try step("S sink() ~> Out", "Out")
                == #"{"op":"sink","name":"Out","transformation":"sink","input":"S","store":{"kind":"unresolved","description":"sink 'Out'"},"columns":null,"rowActions":false,"keys":[],"allowedActions":["insert"],"truncate":false,"recreate":false,"partitions":null,"preSQL":[],"postSQL":[]}"#
        )
    }

    @Test("SQL before or after writing is refused on a file sink, naming the option")
    func sqlOnFileSink() throws {
        let graph = try DataFlowGraph(try DataFlowScript.parse(Self.source + "S sink(postSQLs:['analyze t']) ~> Out"))
        let store = PlanStore.files(format: "csv", path: "/out", wildcard: nil, options: [:], fileName: nil)
        #expect {
            _ = try DataFlowCompiler.compile(graph, dataFlow: "F", stores: ["S": .unresolved(description: "in"), "Out": store])
        } throws: { error in
            "\(error)".contains("postSQLs") && "\(error)".contains("SQL statements run only on database sinks")
        }
    }

    @Test("an insert-only sink after an alter row honours the row marks")
    func insertOnlySinkAfterAlterRow() throws {
        #expect(
            try step("S alterRow(deleteIf(amount < 0)) ~> A\nA derive(x = 1) ~> X\nX sink() ~> Out", "Out")
                == #"{"op":"sink","name":"Out","transformation":"sink","input":"X","store":{"kind":"unresolved","description":"sink 'Out'"},"columns":null,"rowActions":true,"keys":[],"allowedActions":["insert"],"truncate":false,"recreate":false,"partitions":null,"preSQL":[],"postSQL":[]}"#
        )
    }

    @Test("a single output file name for a file sink")
    func sinkFileName() throws {
        let graph = try DataFlowGraph(
            try DataFlowScript.parse(
                Self.source + "S sink(partitionFileNames:['report.csv'], partitionBy('hash', 1)) ~> Out"))
        let store = PlanStore.files(format: "csv", path: "/out", wildcard: nil, options: [:], fileName: nil)
        let plan = try DataFlowCompiler.compile(
            graph, dataFlow: "F", stores: ["S": .unresolved(description: "in"), "Out": store])
        #expect(
            try CompilerTestSupport.stepJSON(plan, "Out")
                == #"{"op":"sink","name":"Out","transformation":"sink","input":"S","store":{"kind":"files","format":"csv","path":"/out","wildcard":null,"options":{},"fileName":"report.csv"},"columns":null,"rowActions":false,"keys":[],"allowedActions":["insert"],"truncate":false,"recreate":false,"partitions":1,"preSQL":[],"postSQL":[]}"#
        )
    }

    @Test("the BookSalesByGenre fixture compiles, steps in topological order")
    func bookSalesFixture() throws {
        let definition = try FactoryShapeFixtures.definition("BookSalesByGenre.json")
        let plan = try DataFlowCompiler.compile(
            definition.graph, dataFlow: definition.name, parameters: ["firstYear": 2018],
            stores: DataFlowCompiler.placeholderStores(for: definition.graph))
        #expect(
            plan.steps.map(\.name) == [
                "BookCatalog", "KeepCatalogColumns", "RecentBooks", "AddMainGenre", "RankWithinGenre", "GenreSummary",
                "MarkUpsert", "GenreSummaryTable",
            ])
        #expect(
            try CompilerTestSupport.stepJSON(plan, "RecentBooks")
                == #"{"op":"filter","name":"RecentBooks","transformation":"filter","input":"KeepCatalogColumns","condition":"(CAST(`published` AS INT) >= 2018)"}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "AddMainGenre")
                == #"{"op":"withColumns","name":"AddMainGenre","transformation":"derive","input":"RecentBooks","columns":[{"name":"mainGenre","expression":"CASE WHEN (instr(`genres`, ';') > 0) THEN left(`genres`, (instr(`genres`, ';') - 1)) ELSE `genres` END"},{"name":"priceBand","expression":"CASE WHEN (`price` < 10) THEN 'budget' WHEN (`price` < 25) THEN 'standard' ELSE 'premium' END"}]}"#
        )
        #expect(
            try CompilerTestSupport.stepJSON(plan, "BookCatalog").contains(
                #""store":{"kind":"unresolved","description":"source 'BookCatalog' with wildcardPaths: ['catalog/books-*.csv']"}"#
            ))
    }
}
