import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

/// Every factory-shape data flow parses, prints back to an equal tree, connects into a graph, and has
/// the shape it was written with.
@Suite("Factory-shape data flows", .tags(.small))
struct FactoryShapeDataFlowTests {
    @Test("there are at least eight")
    func count() {
        #expect(FactoryShapeFixtures.names.count >= 8)
    }

    @Test("each parses, round-trips through the printer and builds a graph", arguments: FactoryShapeFixtures.names)
    func roundTrip(name: String) throws {
        let definition = try FactoryShapeFixtures.definition(name)
        let printed = definition.script.printed()
        let again = try DataFlowScript.parse(printed)
        #expect(again == definition.script, "printing \(name) and parsing it again changed the tree")
        #expect(again.printed() == printed)
        let graph = try DataFlowGraph(again)
        #expect(graph.order.count == definition.script.statements.count)
        for (position, index) in graph.order.enumerated() {
            for input in graph.inputs[index] {
                #expect(graph.order.firstIndex(of: input).map { $0 < position } == true)
            }
        }
        #expect(definition.warnings.isEmpty, "\(name): \(definition.warnings)")
    }

    /// (file, streams, transformation kinds used).
    static let shapes: [(String, Int, Set<TransformationKind>)] = [
        ("BookSalesByGenre.json", 8, [.source, .select, .filter, .derive, .window, .aggregate, .alterRow, .sink]),
        (
            "CustomerDimensionType1.json", 15,
            [.source, .aggregate, .sink, .derive, .lookup, .split, .keyGenerate, .alterRow, .union, .select]
        ),
        ("MemberExportAudit.json", 13, [.source, .aggregate, .join, .derive, .sort, .keyGenerate, .assert, .sink]),
        ("MeterReadingsDeltaMerge.json", 8, [.source, .sink, .foldDown, .derive, .aggregate, .alterRow]),
        ("ParquetIncrementalMerge.json", 12, [.source, .split, .exists, .union, .derive, .select, .sink]),
        (
            "ProductDimensionType2.json", 17,
            [.source, .filter, .derive, .exists, .aggregate, .keyGenerate, .join, .alterRow, .union, .select, .sink]
        ),
        ("RegionalSalesReshape.json", 8, [.source, .filter, .derive, .pivot, .unpivot, .rank, .sort, .sink]),
        (
            "SupportTicketLanguage.json", 8,
            [.source, .parse, .derive, .call, .assert, .foldDown, .stringify, .sink]
        ),
        ("WarehouseShipmentJoins.json", 13, [.source, .aggregate, .join, .filter, .select, .sink]),
    ]

    @Test("every fixture has a shape entry")
    func everyFixtureChecked() {
        #expect(FactoryShapeFixtures.names == Self.shapes.map(\.0).sorted())
    }

    @Test("streams and transformation kinds", arguments: shapes.map(\.0))
    func shape(name: String) throws {
        let definition = try FactoryShapeFixtures.definition(name)
        let shape = try #require(Self.shapes.first { $0.0 == name })
        #expect(definition.script.statements.count == shape.1)
        #expect(Set(definition.script.statements.compactMap(\.kind)) == shape.2)
        #expect(definition.script.statements.allSatisfy { $0.kind != nil })
    }

    @Test("together they use every transformation except cast and a flowlet's input and output")
    func coverage() throws {
        var used = Set<TransformationKind>()
        for name in FactoryShapeFixtures.names {
            used.formUnion(try FactoryShapeFixtures.definition(name).script.statements.compactMap(\.kind))
        }
        #expect(used == Set(TransformationKind.allCases).subtracting([.cast, .input, .output]))
    }

    @Test("BookSalesByGenre: source options, the window's partitioning and ordering, the upsert sink")
    func bookSales() throws {
        let definition = try FactoryShapeFixtures.definition("BookSalesByGenre.json")
        let script = definition.script
        #expect(definition.sources.map { $0.dataset?.referenceName } == ["BookCatalogCsv"])
        let source = try #require(script.statements.first { $0.name == "BookCatalog" })
        #expect(source.arguments.option("allowSchemaDrift")?.kind == .boolean(true))
        #expect(source.arguments.option("validateSchema")?.kind == .boolean(false))
        #expect(source.arguments.option("ignoreNoFilesFound")?.kind == .boolean(false))
        #expect(source.arguments.option("wildcardPaths")?.printed() == "['catalog/books-*.csv']")
        let output = try #require(source.arguments.calls(named: "output").first)
        #expect(output.arguments.count == 6)
        guard case .declaration(let quoted, let decimal) = output.arguments[5].kind,
            case .declaration(_, let price) = output.arguments[4].kind
        else {
            Issue.record("output(…) not read as declarations")
            return
        }
        #expect(quoted.kind == .quotedColumn("Reader Score"))
        #expect(decimal.kind == .named("string", parameters: []))
        #expect(price.kind == .named("decimal", parameters: [10, 2]))
        let select = try #require(script.statements.first { $0.kind == .select })
        #expect(select.arguments.option("skipDuplicateMapInputs")?.kind == .boolean(true))
        let window = try #require(script.statements.first { $0.kind == .window })
        let over = try #require(window.arguments.calls(named: "over").first)
        #expect(over.arguments.map { $0.printed() } == ["mainGenre", "published"])
        let descending = try #require(window.arguments.calls(named: "desc").first)
        guard case .value(let column) = descending.arguments[0].kind else {
            Issue.record("desc has no column")
            return
        }
        #expect(column.kind == .quotedColumn("Reader Score"))
        let derive = try #require(script.statements.first { $0.name == "AddMainGenre" })
        #expect(
            derive.arguments.map { $0.printed() } == [
                "mainGenre = iif(instr(genres, ';') > 0, left(genres, instr(genres, ';') - 1), genres)",
                "priceBand = case(price < 10, 'budget', price < 25, 'standard', 'premium')",
            ])
        let sink = try #require(script.statements.first { $0.name == "GenreSummaryTable" })
        #expect(sink.arguments.option("upsertable")?.kind == .boolean(true))
        #expect(sink.arguments.option("keys")?.printed() == "['mainGenre', 'published']")
        #expect(sink.arguments.calls(named: "partitionBy").count == 1)
    }

    @Test("BookSalesByGenre: the alter row written before its input runs after it")
    func order() throws {
        let definition = try FactoryShapeFixtures.definition("BookSalesByGenre.json")
        #expect(definition.script.statements[1].name == "MarkUpsert")
        #expect(
            definition.graph.orderedStatements.map(\.name) == [
                "BookCatalog", "KeepCatalogColumns", "RecentBooks", "AddMainGenre", "RankWithinGenre",
                "GenreSummary", "MarkUpsert", "GenreSummaryTable",
            ])
    }

    @Test("CustomerDimensionType1: parameters, the split's outputs, the cached key and the update sink's keys")
    func scdType1() throws {
        let definition = try FactoryShapeFixtures.definition("CustomerDimensionType1.json")
        let script = definition.script
        #expect(script.parameters.map(\.name) == ["dimensionTable", "businessKey", "surrogateKeyColumn", "loadDate"])
        #expect(script.parameters[0].defaultValue?.kind == .string("DimCustomer"))
        #expect(script.parameters[3].defaultValue?.printed() == "currentDate()")
        let lookup = try #require(script.statements.first { $0.name == "MatchExisting" })
        #expect(lookup.kind == .lookup)
        #expect(lookup.inputs.map(\.stream) == ["CleanIncoming", "ExistingCustomers"])
        #expect(lookup.arguments.option("multiple")?.kind == .boolean(false))
        let split = try #require(script.statements.first { $0.name == "RouteByMatch" })
        #expect(split.kind == .split)
        #expect(split.branches == ["matched", "unmatched"])
        #expect(split.arguments.option("disjoint")?.kind == .boolean(false))
        let numbered = try #require(script.statements.first { $0.name == "NumberNewRows" })
        #expect(numbered.inputs == [StreamReference(stream: "RouteByMatch", branch: "unmatched", at: .start)])
        guard case .number(let start)? = numbered.arguments.option("startAt")?.kind else {
            Issue.record("startAt is not a number")
            return
        }
        #expect(start.text == "1L")
        #expect(start.value == .integer(1))
        let offset = try #require(script.statements.first { $0.name == "OffsetNewKeys" })
        #expect(offset.arguments.map { $0.printed() } == ["CustomerSK = NewKey + coalesce(MaxKeyCache#outputs()[1].maxKey, 0L)"])
        let cache = try #require(script.statements.first { $0.name == "MaxKeyCache" })
        #expect(cache.arguments.option("store")?.kind == .string("cache"))
        #expect(definition.sinks.map(\.name) == ["MaxKeyCache", "CustomerDimension"])
        let sink = try #require(script.statements.first { $0.name == "CustomerDimension" })
        guard case .array(let keys)? = sink.arguments.option("keys")?.kind else {
            Issue.record("keys is not a list")
            return
        }
        #expect(keys.map(\.kind) == [.parenthesized(DataFlowExpression(.parameter("businessKey"), at: .start))])
        #expect(sink.arguments.option("updateable")?.kind == .boolean(true))
        #expect(sink.arguments.option("upsertable")?.kind == .boolean(false))
        let select = try #require(script.statements.first { $0.name == "DropWorkColumns" })
        let mapColumn = try #require(select.arguments.calls(named: "mapColumn").first)
        #expect(
            mapColumn.arguments.map { $0.printed() } == [
                "each(match(name != 'NewKey' && !endsWith(name, '_existing')), $$ = $$)"
            ])
    }

    @Test("ProductDimensionType2: a negated exists on two stream-qualified conditions and a cross join")
    func scdType2() throws {
        let script = try FactoryShapeFixtures.definition("ProductDimensionType2.json").script
        let exists = try #require(script.statements.first { $0.name == "NewOrChanged" })
        #expect(exists.inputs.map(\.stream) == ["HashStaged", "HashCurrent"])
        #expect(exists.arguments.option("negate")?.kind == .boolean(true))
        guard case .value(let condition) = exists.arguments[0].kind, case .binary(.and, let left, _) = condition.kind,
            case .binary(.equal, let stream, _) = left.kind,
            case .streamColumn(let base, .plain("keyHash")) = stream.kind
        else {
            Issue.record("unexpected exists condition")
            return
        }
        #expect(base.kind == .column("HashStaged"))
        let superseded = try #require(script.statements.first { $0.name == "SupersededVersions" })
        #expect(superseded.arguments.option("negate")?.kind == .boolean(false))
        let join = try #require(script.statements.first { $0.name == "WithHighestKey" })
        #expect(join.arguments.option("joinType")?.kind == .string("cross"))
        #expect(join.arguments.option("broadcast")?.kind == .string("right"))
        let union = try #require(script.statements.first { $0.kind == .union })
        #expect(union.inputs.map(\.stream) == ["InsertNew", "UpdateOld"])
        #expect(union.arguments.option("byName")?.kind == .boolean(true))
        let open = try #require(script.statements.first { $0.name == "OpenVersion" })
        #expect(open.arguments.last?.printed() == "ValidTo = toTimestamp($openEndDate, 'yyyy-MM-dd')")
    }

    @Test("MeterReadingsDeltaMerge: a cached lookup, a map literal, integer parameters and a delete/upsert sink")
    func meterReadings() throws {
        let definition = try FactoryShapeFixtures.definition("MeterReadingsDeltaMerge.json")
        let script = definition.script
        #expect(
            script.parameters.first { $0.name == "pageSize" }?.defaultValue?.kind
                == .number(try #require(NumberLiteral("500"))))
        let enrich = try #require(script.statements.first { $0.name == "Enrich" })
        #expect(enrich.arguments[3].printed() == "isKnown = !isNull(KnownMeters#lookup(meterId).meterId)")
        #expect(enrich.arguments[1].printed() == "total = reduce(reading, 0.0, #acc + #item, #result)")
        let events = try #require(script.statements.first { $0.name == "MeterEvents" })
        guard case .map(let entries)? = events.arguments.option("queryParameters")?.kind else {
            Issue.record("queryParameters is not a map")
            return
        }
        #expect(entries.map(\.key.kind) == [.string("pageSize"), .string("since"), .string("expand")])
        #expect(entries[0].value.kind == .parenthesized(DataFlowExpression(.parameter("pageSize"), at: .start)))
        let output = try #require(events.arguments.calls(named: "output").first)
        guard case .declaration(_, let headers) = output.arguments[1].kind else {
            Issue.record("headers is not a declaration")
            return
        }
        #expect(
            headers.kind
                == .map(
                    key: TypeReference(.named("string", parameters: []), at: .start),
                    value: TypeReference(.named("string", parameters: []), at: .start)))
        let alter = try #require(script.statements.first { $0.kind == .alterRow })
        #expect(alter.arguments.map { $0.printed() }.first == "deleteIf(action == 'delete')")
        #expect(alter.arguments.calls(named: "upsertIf").count == 1)
        let sink = try #require(script.statements.first { $0.name == "MeterTableSink" })
        #expect(sink.arguments.option("deletable")?.kind == .boolean(true))
        #expect(sink.arguments.option("upsertable")?.kind == .boolean(true))
        #expect(sink.arguments.option("keys")?.printed() == "['meterId']")
        #expect(definition.sinks.map(\.name).contains("KnownMeters"))
        #expect(definition.sources.first?.linkedService?.referenceName == "MeterEventsApi")
    }

    @Test("SupportTicketLanguage: an external call's nested response type, parse and stringify")
    func externalCall() throws {
        let script = try FactoryShapeFixtures.definition("SupportTicketLanguage.json").script
        let call = try #require(script.statements.first { $0.name == "DetectLanguage" })
        #expect(call.kind == .call)
        #expect(call.arguments.option("httpMethod")?.kind == .string("POST"))
        let output = try #require(call.arguments.calls(named: "output").first)
        guard case .declaration(let name, let type) = try #require(output.arguments.first).kind,
            case .structure(let fields) = type.kind
        else {
            Issue.record("output(body as (…)) not read as a structure")
            return
        }
        #expect(name.kind == .column("body"))
        #expect(fields.map(\.name.kind) == [.column("documents"), .column("modelVersion")])
        let parse = try #require(script.statements.first { $0.kind == .parse })
        guard case .assignment(_, let typed) = parse.arguments[0].kind, case .typed(let column, let schema) = typed.kind,
            case .structure(let parsedFields) = schema.kind
        else {
            Issue.record("parse's argument is not column ? (schema)")
            return
        }
        #expect(column.kind == .column("extra"))
        #expect(parsedFields.count == 3)
        #expect(parse.arguments.option("format")?.kind == .string("json"))
        let request = try #require(script.statements.first { $0.name == "BuildRequest" })
        guard case .assignment(_, let options) = request.arguments[1].kind, case .structure(let members) = options.kind
        else {
            Issue.record("options is not a structure literal")
            return
        }
        #expect(members.count == 2)
        let stringify = try #require(script.statements.first { $0.kind == .stringify })
        #expect(stringify.inputs.map(\.stream) == ["OnePerTicket"])
    }

    @Test("RegionalSalesReshape: the script as one string; pivot, unpivot and rank options")
    func reshape() throws {
        let json = try FactoryShapeFixtures.json("RegionalSalesReshape.json")
        #expect(json["properties"]?["typeProperties"]?["scriptLines"] == nil)
        #expect(json["properties"]?["typeProperties"]?["script"] != nil)
        let definition = try FactoryShapeFixtures.definition("RegionalSalesReshape.json")
        #expect(definition.scriptText.hasPrefix("parameters{\n\tfiscalYearStart as integer (4),"))
        let script = definition.script
        #expect(script.parameters[1].type.kind == .array(TypeReference(.named("string", parameters: []), at: .start)))
        let pivot = try #require(script.statements.first { $0.kind == .pivot })
        #expect(pivot.arguments.calls(named: "pivotBy").first?.arguments.map { $0.printed() } == ["fiscalQuarter", "['Q1', 'Q2', 'Q3', 'Q4']"])
        #expect(pivot.arguments.option("columnNaming")?.kind == .string("$V_$N"))
        let unpivot = try #require(script.statements.first { $0.kind == .unpivot })
        #expect(unpivot.arguments.option("ignoreNullPivots")?.kind == .boolean(true))
        #expect(unpivot.arguments.calls(named: "ungroupBy").first?.arguments.count == 2)
        let rank = try #require(script.statements.first { $0.kind == .rank })
        #expect(rank.arguments.option("dense")?.kind == .boolean(true))
        let sort = try #require(script.statements.first { $0.kind == .sort })
        #expect(sort.arguments.option("caseInsensitive")?.kind == .boolean(true))
        let source = try #require(script.statements.first { $0.name == "Orders" })
        let output = try #require(source.arguments.calls(named: "output").first)
        guard case .declaration(_, let dated) = output.arguments[2].kind else {
            Issue.record("orderDate is not a declaration")
            return
        }
        #expect(dated.formats == ["yyyy-MM-dd"])
    }

    @Test("WarehouseShipmentJoins: inner, left, outer and cross joins with their broadcast options")
    func joins() throws {
        let script = try FactoryShapeFixtures.definition("WarehouseShipmentJoins.json").script
        let joins = script.statements.filter { $0.kind == .join }
        #expect(joins.map(\.name) == ["WithWarehouse", "WithCarrier", "WithZone", "WithSurcharge"])
        #expect(joins.map { $0.arguments.option("joinType")?.kind } == ["inner", "left", "outer", "cross"].map { .string($0) })
        #expect(joins.map { $0.arguments.option("broadcast")?.kind } == ["right", "auto", "none", "right"].map { .string($0) })
        guard case .value(let condition) = joins[2].arguments[0].kind,
            case .binary(.and, let left, _) = condition.kind, case .binary(.strictEqual, _, _) = left.kind
        else {
            Issue.record("the outer join's condition is not two === comparisons")
            return
        }
        let latest = try #require(script.statements.first { $0.name == "LatestShipment" })
        #expect(latest.arguments.calls(named: "groupBy").first?.arguments.map { $0.printed() } == ["shipmentId"])
        #expect(latest.arguments.count == 7)
        let facts = try #require(script.statements.first { $0.name == "ShipmentFacts" })
        #expect(facts.arguments.option("skipDuplicateMapInputs")?.kind == .boolean(true))
        #expect(facts.arguments.option("skipDuplicateMapOutputs")?.kind == .boolean(false))
    }

    @Test("MemberExportAudit: a rule-based aggregate and a stream read by three statements")
    func memberAudit() throws {
        let definition = try FactoryShapeFixtures.definition("MemberExportAudit.json")
        let script = definition.script
        let distinct = try #require(script.statements.first { $0.name == "OneRowPerMember" })
        #expect(distinct.arguments.map { $0.printed() } == ["groupBy({Member Id})", "each(match(name != 'Member Id'), $$ = first($$))"])
        let graph = definition.graph
        let numbered = try #require(graph.statementIndex(named: "OneRowPerMember"))
        #expect(Set(graph.consumers[numbered].map { script.statements[$0].name }) == ["DistinctCount", "OldestFirst"])
        let export = try #require(graph.statementIndex(named: "MemberExport"))
        #expect(graph.consumers[export].map { script.statements[$0].name } == ["OneRowPerMember", "ExportedCount"])
        let assert = try #require(script.statements.first { $0.kind == .assert })
        #expect(assert.arguments.map { $0.printed() }.first == "expectUnique({Member Id}, false, 'memberIdUnique')")
        let tiers = try #require(script.statements.first { $0.name == "MembersByTier" })
        #expect(tiers.arguments[1].printed() == "members = collect(@(id = {Member Id}, name = {Full Name}))")
    }

    @Test("ParquetIncrementalMerge: a three-way disjoint split, and a union reading one of its branches")
    func parquetMerge() throws {
        let script = try FactoryShapeFixtures.definition("ParquetIncrementalMerge.json").script
        #expect(script.parameters[0].defaultValue?.printed() == "true()")
        let split = try #require(script.statements.first { $0.kind == .split })
        #expect(split.branches == ["cancelled", "suspicious", "regular"])
        #expect(split.arguments.option("disjoint")?.kind == .boolean(true))
        let union = try #require(script.statements.first { $0.kind == .union })
        #expect(
            union.inputs == [
                StreamReference(stream: "StillLive", branch: nil, at: .start),
                StreamReference(stream: "ByStatus", branch: "regular", at: .start),
            ])
        let deleted = try #require(script.statements.first { $0.name == "DeletedKeys" })
        #expect(deleted.arguments.option("moveFiles")?.printed() == "['landing/deletes', 'archive/deletes']")
        #expect(deleted.arguments.option("modifiedAfter")?.printed() == "(addHours(currentUTC(), -24))")
        let explain = try #require(script.statements.first { $0.name == "ExplainSuspicious" })
        guard case .assignment(_, let reason) = explain.arguments[0].kind,
            case .interpolatedString(let parts) = reason.kind
        else {
            Issue.record("reason is not an interpolated string")
            return
        }
        #expect(parts.count == 4)
    }
}
