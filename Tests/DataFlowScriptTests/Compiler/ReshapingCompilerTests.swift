import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

/// flatten, pivot, unpivot, parse and stringify: their plan steps as the exact JSON the driver
/// reads, and the compile errors for the forms pipehost does not take.
@Suite("Data flow reshaping and document transformations to plan steps", .tags(.small))
struct ReshapingCompilerTests {
    static let source =
        "source(output(id as integer, region as string, q1 as integer, q2 as integer, tags as string[], "
        + "order as (number as integer, items as string[]), body as string), "
        + "allowSchemaDrift: false, validateSchema: false) ~> S\n"

    private func step(_ statements: String, _ name: String) throws -> String {
        try CompilerTestSupport.stepJSON(try CompilerTestSupport.plan(Self.source + statements), name)
    }

    private func error(_ statements: String) throws -> DataFlowCompileError {
        guard let error = try CompilerTestSupport.error(Self.source + statements) else {
            throw CompilerTestFailure(what: "compiled without an error")
        }
        return error
    }

    @Test("flatten: the unrolled path, whether empty arrays keep a row, and the mapping")
    func flatten() throws {
        #expect(
            try step("S foldDown(unroll(tags), mapColumn(id, tag = tags)) ~> F", "F")
                == #"{"op":"flatten","name":"F","transformation":"foldDown","input":"S","unroll":["tags"],"keepEmpty":true,"columns":[{"name":"id","expression":"`id`"},{"name":"tag","expression":"`tags`"}]}"#
        )
        #expect(
            try step("S foldDown(unroll(order.items, order.items), mapColumn(item = order.items)) ~> F", "F")
                == #"{"op":"flatten","name":"F","transformation":"foldDown","input":"S","unroll":["order","items"],"keepEmpty":false,"columns":[{"name":"item","expression":"`order`.`items`"}]}"#
        )
    }

    @Test("flatten: the element's type is what the mapping sees")
    func flattenTypes() throws {
        let plan = try CompilerTestSupport.plan(
            Self.source + "S foldDown(unroll(tags), mapColumn(tag = tags)) ~> F\nF derive(t = tag + '!') ~> D")
        #expect(try CompilerTestSupport.stepJSON(plan, "D").contains(#""expression":"concat(`tag`, '!')""#))
    }

    @Test("flatten: refused forms")
    func flattenErrors() throws {
        #expect(
            try error("S foldDown(unroll(region), mapColumn(id)) ~> F").description
                == "line 2, column 19 (foldDown 'F'): the unrolled column must be an array (its type is string)")
        #expect(
            try error("S foldDown(unroll(order.items, order), mapColumn(id)) ~> F").detail
                == "'unroll root' is not supported yet: pipehost unrolls with a root only when the root is the unrolled array itself"
        )
        #expect(
            try error("S foldDown(unroll(tags)) ~> F").detail
                == "foldDown must be a mapColumn(...) with the columns to keep")
        #expect(
            try error("S foldDown(unroll(upper(region)), mapColumn(id)) ~> F").detail
                == "'upper(region)' in unroll(...) must be an array column or a path to one (items, goods.orders)")
    }

    @Test("pivot: group-by, key, values, aggregates, naming and arrangement; the new columns known")
    func pivot() throws {
        let plan = try CompilerTestSupport.plan(
            Self.source
                + "S pivot(groupBy(region), pivotBy(id, [1, 2]), total = sum(q1), columnNaming: '$N_$V', lateral: false) ~> P\n"
                + "P derive(both = total_1 + total_2) ~> D")
        #expect(
            try CompilerTestSupport.stepJSON(plan, "P")
                == #"{"op":"pivot","name":"P","transformation":"pivot","input":"S","groupBy":[{"name":"region","expression":"`region`"}],"pivotKey":"`id`","values":[1,2],"aggregates":[{"name":"total","expression":"sum(`q1`)"}],"columnNaming":"$N_$V","lateral":false}"#
        )
        #expect(try CompilerTestSupport.stepJSON(plan, "D").contains(#"(`total_1` + `total_2`)"#))
    }

    @Test("pivot: names replace $N and $V in one pass; lateral orders value by value")
    func pivotNaming() {
        #expect(PivotNaming.name("$V_$N", aggregate: "$V", value: "Q1") == "Q1_$V")
        #expect(PivotNaming.name("$N$V count", aggregate: "", value: "C") == "C count")
        #expect(
            PivotNaming.order(aggregates: 2, values: 2, lateral: true).map { "\($0)\($1)" } == ["00", "10", "01", "11"])
        #expect(
            PivotNaming.order(aggregates: 2, values: 2, lateral: false).map { "\($0)\($1)" } == [
                "00", "01", "10", "11",
            ])
    }

    @Test("pivot: refused forms")
    func pivotErrors() throws {
        #expect(
            try error("S pivot(groupBy(region), pivotBy(id), total = sum(q1), lateral: true) ~> P").detail
                == "pivot(...) must be given a columnNaming: pattern ('$N$V', '$V_$N': $N the aggregate, $V the value)")
        #expect(
            try error("S pivot(pivotBy(id, [1.5]), total = sum(q1), columnNaming: '$N$V') ~> P").detail
                == "the pivot value 1.5 must be a string, an integer or a boolean")
        #expect(
            try error("S pivot(groupBy(region), total = sum(q1), columnNaming: '$N$V') ~> P").detail
                == "pivot(...) must be a pivotBy(key) or pivotBy(key, [values])")
        #expect(
            try error("S pivot(pivotBy(id), columnNaming: '$N$V') ~> P").detail
                == "pivot(...) must be given at least one 'name = aggregate'")
        #expect(
            try error("S pivot(pivotBy(id), t = sum(q1), columnNaming: '$N$V', nullPivots: true) ~> P").detail
                == "'nullPivots' is not supported yet: pivot takes groupBy, pivotBy, aggregates, columnNaming and lateral"
        )
    }

    @Test("unpivot: every column not ungrouped, into a key and a value column")
    func unpivot() throws {
        #expect(
            try step(
                "S select(mapColumn(region, q1, q2)) ~> W\n"
                    + "W unpivot(output(quarter as string, sales as long), ungroupBy(region), lateral: true, ignoreNullPivots: true) ~> U",
                "U")
                == #"{"op":"unpivot","name":"U","transformation":"unpivot","input":"W","ungroupBy":["region"],"unpivoted":["q1","q2"],"keyColumn":"quarter","valueColumn":"sales","valueType":"bigint","ignoreNulls":true}"#
        )
    }

    @Test("unpivot: refused forms")
    func unpivotErrors() throws {
        #expect(
            try CompilerTestSupport.error(
                "source(allowSchemaDrift: true) ~> S\nS unpivot(output(k as string, v as integer), ungroupBy(a)) ~> U")?
                .detail.hasPrefix("unpivot needs every column of the input known when compiling") == true)
        #expect(
            try error("S unpivot(output(k as string, v as integer, w as integer), ungroupBy(region)) ~> U").detail
                == "'output(...)' is not supported yet: pipehost unpivots into one value column (output(key as string, value as type))"
        )
        #expect(
            try error("S unpivot(output(k as integer, v as integer), ungroupBy(region)) ~> U").detail
                == "the unpivot key 'k' must be declared 'as string' (it holds column names)")
        #expect(
            try error("S unpivot(output(k as string, v as integer), ungroupBy(nope)) ~> U").detail
                .hasPrefix("the input has no column 'nope'"))
    }

    @Test("parse: JSON and delimited text become from_json and from_csv columns")
    func parse() throws {
        #expect(
            try step(
                "S parse(p = body ? (name as string, tags as string[]), format: 'json', documentForm: 'singleDocument') ~> P",
                "P")
                == #"{"op":"withColumns","name":"P","transformation":"parse","input":"S","columns":[{"name":"p","expression":"from_json(`body`, 'struct<`name`:string,`tags`:array<string>>')"}]}"#
        )
        #expect(
            try step(
                "S parse(p = body ? (a as string, b as integer), format: 'delimited', columnNamesAsHeader: false, columnDelimiter: '|') ~> P",
                "P")
                == #"{"op":"withColumns","name":"P","transformation":"parse","input":"S","columns":[{"name":"p","expression":"from_csv(`body`, 'struct<`a`:string,`b`:int>', map('sep', '|'))"}]}"#
        )
    }

    @Test("stringify: to_json of the value, or of the declared fields")
    func stringify() throws {
        #expect(
            try step("S stringify(j = order ? string, k = order ? (number as long), format: 'json') ~> J", "J")
                == #"{"op":"withColumns","name":"J","transformation":"stringify","input":"S","columns":[{"name":"j","expression":"to_json(`order`)"},{"name":"k","expression":"to_json(named_struct('number', CAST(`order`.`number` AS bigint)))"}]}"#
        )
    }

    @Test("parse and stringify: refused forms")
    func documentErrors() throws {
        #expect(
            try error("S parse(p = body ? (a as string), format: 'xml') ~> P").detail
                == "'format' is not supported yet: pipehost parses 'json' and 'delimited' text ('xml' is not supported yet)"
        )
        #expect(
            try error("S parse(p = body ? (a as string), format: 'json', documentForm: 'arrayOfDocuments') ~> P").detail
                == "'documentForm' is not supported yet: pipehost parses one document per value ('singleDocument', 'documentPerLine')"
        )
        #expect(
            try error("S parse(p = body, format: 'json') ~> P").detail
                == "'p = body' in parse(...) must be written 'name = expression ? type'")
        #expect(
            try error("S parse(p = body ? string, format: 'delimited') ~> P").detail
                == "the type of 'p' must be a structure (a as string, b as integer) for delimited text")
        #expect(
            try error("S stringify(j = region ? string, format: 'json') ~> J").detail
                == "the value of 'j' must be a structure, array or map to write as JSON (its type is string)")
        #expect(
            try error("S parse(p = body ? (a as frob), format: 'json') ~> P").detail.hasPrefix(
                "'frob' is not a data flow type"))
    }
}
