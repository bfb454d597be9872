import DataFlowScript
import TestSizeTags
import Testing

/// The grammar, piece by piece, on one-line scripts written for the tests (pivot, unpivot, parse and
/// rank follow the syntax sections of ADF's transformation pages); whole data flows are in
/// FactoryShapeDataFlowTests.
@Suite("Data flow script parser", .tags(.small))
struct ScriptParserTests {
    private func roundTrips(_ text: String) throws -> DataFlowScript {
        let script = try DataFlowScript.parse(text)
        #expect(try DataFlowScript.parse(script.printed()) == script, "round trip of: \(text)")
        return script
    }

    @Test("parameters with types and defaults")
    func parameters() throws {
        let script = try roundTrips(
            """
            parameters{
            \tname as string ('x'),
            \tcount as integer (0),
            \tprice as decimal(10,2) (1.5),
            \tdays as string[] (['mon', 'tue']),
            \twhen as date
            }
            source(output(a as string)) ~> s
            """)
        #expect(script.parameters.map(\.name) == ["name", "count", "price", "days", "when"])
        #expect(script.parameters[2].type.kind == .named("decimal", parameters: [10, 2]))
        #expect(script.parameters[3].type.kind == .array(TypeReference(.named("string", parameters: []), at: .start)))
        #expect(script.parameters[4].defaultValue == nil)
        #expect(script.parameters[1].position == SourcePosition(line: 3, column: 2))
    }

    @Test("a statement's inputs, transformation, arguments and name, with positions")
    func statement() throws {
        let script = try roundTrips(
            "source(allowSchemaDrift: true) ~> s\nA, B join(A@id == B@id,\n\tjoinType:'left') ~> J")
        let join = script.statements[1]
        #expect(join.inputs.map(\.stream) == ["A", "B"])
        #expect(join.transformation == "join")
        #expect(join.kind == .join)
        #expect(join.position == SourcePosition(line: 2, column: 1))
        #expect(join.namePosition == SourcePosition(line: 3, column: 22))
        #expect(join.arguments.option("joinType")?.kind == .string("left"))
        #expect(join.arguments[1].position == SourcePosition(line: 3, column: 2))
    }

    @Test("split outputs and branch inputs")
    func split() throws {
        let script = try roundTrips(
            "In split(a > 1, a < 0, disjoint: false) ~> Split@(Good, Bad, Rest)\nSplit@Good derive(x = 1) ~> D")
        #expect(script.statements[0].branches == ["Good", "Bad", "Rest"])
        #expect(script.statements[1].inputs[0].branch == "Good")
    }

    @Test("unknown transformations parse generically")
    func unknownTransformation() throws {
        let script = try roundTrips("In somethingNew(option: 1, other(2)) ~> N")
        #expect(script.statements[0].transformation == "somethingNew")
        #expect(script.statements[0].kind == nil)
    }

    @Test("output schemas: decimal, arrays, structures, maps and formats")
    func schemas() throws {
        let script = try roundTrips(
            """
            source(output(col as string, n as integer, d as decimal(10,2), arr as string[],
            s as (a as string, b as integer), m as [string, (v as string[])], t as date 'yyyy-MM-dd',
            {name with spaces} as long, nested as (x as double)[])) ~> src
            """)
        let output = try #require(script.statements[0].arguments.calls(named: "output").first)
        #expect(output.arguments.count == 9)
        guard case .declaration(_, let dated) = output.arguments[6].kind else {
            Issue.record("not a declaration")
            return
        }
        #expect(dated.formats == ["yyyy-MM-dd"])
        guard case .declaration(let quoted, let nested) = output.arguments[7].kind,
            case .declaration(_, let arrayOfStructures) = output.arguments[8].kind
        else {
            Issue.record("not declarations")
            return
        }
        #expect(quoted.kind == .quotedColumn("name with spaces"))
        #expect(nested.kind == .named("long", parameters: []))
        guard case .array(let element) = arrayOfStructures.kind, case .structure = element.kind else {
            Issue.record("(x as double)[] is not an array of structures")
            return
        }
    }

    @Test("rule-based mapping")
    func ruleBasedMapping() throws {
        let script = try roundTrips(
            "In select(mapColumn(a, b = c, each(match(type=='string'), $$ = upper($$)), each(patternMatch(`^x_.*`), 'y_' + $$ = $$))) ~> S"
        )
        let mapColumn = try #require(script.statements[0].arguments.calls(named: "mapColumn").first)
        #expect(mapColumn.arguments.count == 4)
        guard case .value(let each) = mapColumn.arguments[2].kind, case .call(let call) = each.kind else {
            Issue.record("each is not a call")
            return
        }
        #expect(call.name == "each")
        guard case .assignment(let target, _) = call.arguments[1].kind else {
            Issue.record("$$ = upper($$) is not an assignment")
            return
        }
        #expect(target.kind == .currentColumn)
    }

    @Test("strings: escapes, interpolation and regular expressions")
    func strings() throws {
        #expect(try onlyExpression(#"'it\'s \\ a\ttab'"#).kind == .string("it's \\ a\ttab"))
        #expect(try onlyExpression(#"'\d+'"#).kind == .string(#"\d+"#))
        #expect(try onlyExpression("`(\\d+)`").kind == .regex("(\\d+)"))
        let interpolated = try onlyExpression(#""select * from {$table} where y > {round(x * 1.08, 2)}""#)
        guard case .interpolatedString(let parts) = interpolated.kind else {
            Issue.record("not interpolated")
            return
        }
        #expect(parts.count == 4)
        #expect(parts[0] == .text("select * from "))
        #expect(parts[1] == .expression(DataFlowExpression(.parameter("table"), at: .start)))
        guard case .expression(let embedded) = parts[1] else { return }
        #expect(embedded.position == SourcePosition(line: 1, column: 24))
        let nested = try onlyExpression(#""a {iif(x, "b {y}", 'c}')} d""#)
        _ = try roundTrips("source(q: \(nested.printed())) ~> s")
    }

    @Test("numbers keep their text and are range-checked")
    func numbers() throws {
        #expect(try onlyExpression("1L").kind == .number(try #require(NumberLiteral("1L"))))
        #expect(try #require(NumberLiteral("0022")).value == .integer(22))
        #expect(try #require(NumberLiteral("0xf4")).value == .integer(244))
        #expect(try #require(NumberLiteral("1.5e3")).value == .double(1500))
        #expect(try #require(NumberLiteral("9223372036854775807")).value == .integer(.max))
        #expect(NumberLiteral("9223372036854775808") == nil)
        #expect(NumberLiteral("1e999") == nil)
    }

    @Test("lists, maps, structures, $$, parameters, byName and quoted columns")
    func values() throws {
        #expect(try onlyExpression("[1, 'a', true]").kind.isArray(count: 3))
        #expect(try onlyExpression("[]").kind == .array([]))
        guard case .map(let entries) = try onlyExpression("['a' -> 1, 'b' -> $p]").kind else {
            Issue.record("not a map")
            return
        }
        #expect(entries.count == 2)
        guard case .structure(let fields) = try onlyExpression("@(id = '1', n = 2)").kind else {
            Issue.record("not a structure")
            return
        }
        #expect(fields.count == 2)
        #expect(try onlyExpression("$$").kind == .currentColumn)
        #expect(try onlyExpression("$param").kind == .parameter("param"))
        #expect(try onlyExpression("{a b}").kind == .quotedColumn("a b"))
        #expect(try onlyExpression("#item").kind == .hashName("item"))
        #expect(try onlyExpression(":local1").kind == .local("local1"))
        #expect(try onlyExpression("NULL").kind == .null)
        guard case .call(let byName) = try onlyExpression("byName('x')").kind else {
            Issue.record("not a call")
            return
        }
        #expect(byName.arguments.first?.kind == .value(DataFlowExpression(.string("x"), at: .start)))
    }

    @Test(
        "operator precedence",
        arguments: [
            ("a || b && c", "a || (b && c)"),
            ("a && b || c", "(a && b) || c"),
            ("a == b && c != d", "(a == b) && (c != d)"),
            ("a + b * c", "a + (b * c)"),
            ("a - b - c", "(a - b) - c"),
            ("a < b == c > d", "(a < b) == (c > d)"),
            ("!a && -b < c", "(!a) && ((-b) < c)"),
            ("a <=> b || a === b || a !== b", "((a <=> b) || (a === b)) || (a !== b)"),
            ("a % b / c * d", "((a % b) / c) * d"),
            ("x[1].y + z", "((x[1]).y) + z"),
        ])
    func precedence(written: String, grouped: String) throws {
        #expect(try onlyExpression(written).withoutParentheses == onlyExpression(grouped).withoutParentheses)
    }

    @Test("calls, nested calls, indexing, fields and cached lookups")
    func postfix() throws {
        let expression = try onlyExpression("iif(isNull(a), case(b == 1, 'x', 'y'), cache#outputs()[1].MaxKey)")
        guard case .call(let iif) = expression.kind, case .value(let third) = iif.arguments[2].kind,
            case .field(let indexed, .plain("MaxKey")) = third.kind, case .index(let outputs, _) = indexed.kind,
            case .call(let lookup) = outputs.kind
        else {
            Issue.record("unexpected tree")
            return
        }
        #expect(lookup.receiver == "cache")
        #expect(lookup.name == "outputs")
    }

    @Test(
        "pivot, unpivot, window, rank, parse, flatten, alterRow and sort",
        arguments: [
            "In pivot(groupBy(Tm), pivotBy(Yr, ['2020', '2021']), {Sales Total} = sum(Sales), columnNaming: '$N_$V', lateral: true) ~> P",
            "In unpivot(output(Sales as integer), ungroupBy(Tm), lateral: true, ignoreNullPivots: false) ~> U",
            "In window(over(dept), asc(salary, true), startRowOffset: -1L, endRowOffset: 1L, avgPay = avg(salary)) ~> W",
            "In rank(desc(score, true), output(position as long), dense: true) ~> R",
            "In parse(json = text ? (trade as boolean, customers as string[]), format: 'json', documentForm: 'singleDocument') ~> Parsed",
            "In foldDown(unroll(items.tags, items), mapColumn(tag = items.tags), skipDuplicateMapInputs: false) ~> F",
            "In alterRow(upsertIf(isUpsert()), deleteIf(status == 'gone')) ~> A",
            "In sort(desc(total, true), asc({first name}, false), caseInsensitive: true) ~> S",
            "In stringify(body = payload ? (a as string), format: 'json') ~> J",
            "In cast(output(n as integer 'format'), errors: true) ~> C",
        ])
    func transformations(script: String) throws {
        let parsed = try roundTrips("source(allowSchemaDrift: true) ~> In\n" + script)
        #expect(parsed.statements[1].kind != nil)
        _ = try DataFlowGraph(parsed)
    }

    @Test("comments are skipped")
    func comments() throws {
        let script = try roundTrips("/* a comment */ source(a: 1) ~> s // the end\n")
        #expect(script.statements.count == 1)
    }
}

extension DataFlowExpression.Kind {
    func isArray(count: Int) -> Bool {
        if case .array(let elements) = self { return elements.count == count }
        return false
    }
}

extension DataFlowExpression {
    /// The tree with `(…)` removed, to compare groupings.
    var withoutParentheses: DataFlowExpression {
        switch kind {
        case .parenthesized(let inner): return inner.withoutParentheses
        case .unary(let op, let operand):
            return DataFlowExpression(.unary(op, operand.withoutParentheses), at: position)
        case .binary(let op, let left, let right):
            return DataFlowExpression(.binary(op, left.withoutParentheses, right.withoutParentheses), at: position)
        case .index(let base, let index):
            return DataFlowExpression(.index(base.withoutParentheses, index.withoutParentheses), at: position)
        case .field(let base, let name): return DataFlowExpression(.field(base.withoutParentheses, name), at: position)
        default: return self
        }
    }
}
