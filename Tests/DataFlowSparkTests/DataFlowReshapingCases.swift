/// The transformations that change a stream's shape or read and write documents: flatten
/// (`foldDown`), pivot, unpivot, parse and stringify. Sources are CSV, so arrays and structures are
/// built by a derive first.
enum DataFlowReshapingCases {
    static let tagged = """
        id,tags
        1,a;b
        2,
        3,x
        4,c

        """

    static let taggedSource = """
        source(output(
        		id as integer,
        		tags as string
        	),
        	allowSchemaDrift: false,
        	validateSchema: false) ~> Tagged
        Tagged derive(list = filter(split(tags, ';'), #item != 'x')) ~> Listed
        """

    static let sales = """
        region,quarter,amount
        north,Q1,10
        north,Q2,5
        north,Q1,2
        south,Q2,7

        """

    static let salesSource = """
        source(output(
        		region as string,
        		quarter as string,
        		amount as integer
        	),
        	allowSchemaDrift: false,
        	validateSchema: false) ~> Sales
        """

    static let wide = """
        region,q1,q2
        north,10,
        south,3,4

        """

    static let wideSource = """
        source(output(
        		region as string,
        		q1 as integer,
        		q2 as integer
        	),
        	allowSchemaDrift: false,
        	validateSchema: false) ~> Wide
        """

    static let all: [DataFlowCase] = flatten + pivot + unpivot + documents

    static let flatten: [DataFlowCase] = [
        DataFlowCase(
            name: "flatten: one row per element; a null or empty array keeps one row with a null element",
            script: taggedSource + """

                Listed foldDown(unroll(list),
                	mapColumn(
                		id,
                		tag = list
                	),
                	skipDuplicateMapInputs: false,
                	skipDuplicateMapOutputs: false) ~> Flat
                Flat sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Tagged": tagged],
            expected: ["Out": "id,tag\n1,a\n1,b\n2,\n3,\n4,c\n"]),
        DataFlowCase(
            name: "flatten: an array inside a structure, unrolled with itself as root drops rows without elements",
            script: taggedSource + """

                Listed derive(order = @(number = id * 10, items = list)) ~> Orders
                Orders foldDown(unroll(order.items, order.items),
                	mapColumn(
                		number = order.number,
                		item = order.items
                	),
                	skipDuplicateMapInputs: false,
                	skipDuplicateMapOutputs: false) ~> Items
                Items sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Tagged": tagged],
            expected: ["Out": "number,item\n10,a\n10,b\n40,c\n"]),
    ]

    static let pivot: [DataFlowCase] = [
        DataFlowCase(
            name: "pivot: listed values, two aggregates side by side per value (lateral), named '$V_$N'",
            script: salesSource + """

                Sales pivot(groupBy(region),
                	pivotBy(quarter, ['Q1', 'Q2']),
                	sales = sum(amount),
                	biggest = max(amount),
                	columnNaming: '$V_$N',
                	lateral: true) ~> Quarters
                Quarters sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Sales": sales],
            expected: ["Out": "region,Q1_sales,Q1_biggest,Q2_sales,Q2_biggest\nnorth,12,10,5,5\nsouth,,,7,7\n"],
            anyOrder: true),
        DataFlowCase(
            name: "pivot: the values the data has, each aggregate's columns together (lateral: false), named '$N$V'",
            script: salesSource + """

                Sales pivot(groupBy(region),
                	pivotBy(quarter),
                	total = sum(amount),
                	top = max(amount),
                	columnNaming: '$N$V',
                	lateral: false) ~> Quarters
                Quarters sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Sales": sales],
            expected: ["Out": "region,totalQ1,totalQ2,topQ1,topQ2\nnorth,12,5,10,5\nsouth,,7,,7\n"],
            anyOrder: true),
        DataFlowCase(
            name: "pivot: the named columns are known to what follows",
            script: salesSource + """

                Sales pivot(pivotBy(quarter, ['Q1', 'Q2']),
                	{} = sum(amount),
                	columnNaming: 'in $V$N',
                	lateral: true) ~> Quarters
                Quarters derive(share = {in Q1} * 100 / ({in Q1} + {in Q2})) ~> Shares
                Shares sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Sales": sales],
            expected: ["Out": "in Q1,in Q2,share\n12,12,50.0\n"]),
    ]

    /// The wide rows unpivoted into quarter and sales, with nulls kept or dropped.
    static func unpivotScript(ignoreNulls: Bool) -> String {
        wideSource + """

            Wide unpivot(output(
            		quarter as string,
            		sales as long
            	),
            	ungroupBy(region),
            	lateral: true,
            	ignoreNullPivots: \(ignoreNulls)) ~> Long
            Long sink(allowSchemaDrift: true) ~> Out
            """
    }

    static let unpivot: [DataFlowCase] = [
        DataFlowCase(
            name: "unpivot: one row per column not ungrouped, its name as the key; ignoreNullPivots drops nulls",
            script: unpivotScript(ignoreNulls: true),
            inputs: ["Wide": wide],
            expected: ["Out": "region,quarter,sales\nnorth,q1,10\nsouth,q1,3\nsouth,q2,4\n"]),
        DataFlowCase(
            name: "unpivot: ignoreNullPivots false keeps the null values",
            script: unpivotScript(ignoreNulls: false),
            inputs: ["Wide": wide],
            expected: ["Out": "region,quarter,sales\nnorth,q1,10\nnorth,q2,\nsouth,q1,3\nsouth,q2,4\n"]),
    ]

    static let documents: [DataFlowCase] = [
        DataFlowCase(
            name: "parse: JSON text into a structure; missing fields and text that is not JSON give nulls",
            script: """
                source(output(
                		id as integer,
                		body as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Docs
                Docs derive(json = replace(body, '\\'', '"')) ~> Quoted
                Quoted parse(person = json ? (name as string,
                		age as integer),
                	format: 'json',
                	documentForm: 'singleDocument') ~> Parsed
                Parsed select(mapColumn(
                		id,
                		name = person.name,
                		age = person.age
                	),
                	skipDuplicateMapInputs: true,
                	skipDuplicateMapOutputs: true) ~> Fields
                Fields sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Docs": "id,body\n1,\"{'name':'ann','age':31}\"\n2,\"{'name':'bob'}\"\n3,oops\n"],
            expected: ["Out": "id,name,age\n1,ann,31\n2,bob,\n3,,\n"]),
        DataFlowCase(
            name: "parse: delimited text with a column delimiter",
            script: """
                source(output(
                		code as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Codes
                Codes parse(parts = code ? (kind as string,
                		number as integer),
                	format: 'delimited',
                	columnNamesAsHeader: false,
                	columnDelimiter: '|') ~> Parsed
                Parsed derive(kind = parts.kind,
                		next = parts.number + 1) ~> Fields
                Fields select(mapColumn(
                		kind,
                		next
                	),
                	skipDuplicateMapInputs: true,
                	skipDuplicateMapOutputs: true) ~> Kept
                Kept sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Codes": "code\na|1\nb|41\n"],
            expected: ["Out": "kind,next\na,2\nb,42\n"]),
        DataFlowCase(
            name: "stringify: a structure as JSON text, whole or only the declared fields",
            script: """
                source(output(
                		name as string,
                		score as integer
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> People
                People derive(person = @(name = name, score = score)) ~> Built
                Built stringify(whole = person ? string,
                		named = person ? (name as string),
                	format: 'json') ~> Json
                Json derive(whole = replace(whole, '"', '\\''),
                		named = replace(named, '"', '\\'')) ~> Unquoted
                Unquoted select(mapColumn(
                		whole,
                		named
                	),
                	skipDuplicateMapInputs: true,
                	skipDuplicateMapOutputs: true) ~> Kept
                Kept sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": "name,score\nann,7\n"],
            expected: ["Out": "whole,named\n\"{'name':'ann','score':7}\",{'name':'ann'}\n"]),
    ]
}
