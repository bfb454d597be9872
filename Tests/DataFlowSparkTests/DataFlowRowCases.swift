/// Transformations that mark, number, rank, convert, order, split or map the rows of
/// ``DataFlowTransformationCases``' people.
enum DataFlowRowCases {
    static let people = DataFlowTransformationCases.people
    static let source = DataFlowTransformationCases.peopleSource
    static let header = "id,name,dept,score\n"

    static let all: [DataFlowCase] = [
        DataFlowCase(
            name: "a sink's mapColumn writes the mapped columns only, renamed",
            script: source + """

                People sink(allowSchemaDrift: true,
                	validateSchema: false,
                	mapColumn(
                		person = name,
                		id
                	),
                	partitionBy('hash', 2)) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "person,id\nann,1\nbob,2\ncid,3\ndee,4\n"]),
        DataFlowCase(
            name: "sort with caseInsensitive orders text ignoring case",
            script: """
                source(output(
                		name as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Names
                Names sort(asc(name, true),
                	caseInsensitive: true) ~> Sorted
                Sorted sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Names": "name\nbob\nAnn\nCid\nabe\n"],
            expected: ["Out": "name\nabe\nAnn\nbob\nCid\n"]),
        DataFlowCase(
            name: "alter row marks reach a file sink as every row, without the marks",
            script: source + """

                People alterRow(deleteIf(score < 1.0),
                	updateIf(dept == 'A')) ~> Marked
                Marked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": header + "1,ann,A,1.5\n2,bob,B,2.0\n3,cid,A,3.25\n4,dee,,0.5\n"]),
        DataFlowCase(
            name: "isDelete(), isUpdate(), isInsert() read the marks, which a select after the alter row keeps",
            script: source + """

                People alterRow(deleteIf(score < 1.0),
                	updateIf(dept == 'A')) ~> Marked
                Marked select(mapColumn(
                		id,
                		name
                	)) ~> Picked
                Picked derive(change = iif(isDelete(), 'D', iif(isUpdate(1), 'U', iif(isInsert(), 'I', '?'))),
                	upserted = isUpsert()) ~> Labelled
                Labelled sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,name,change,upserted\n1,ann,U,false\n2,bob,I,false\n3,cid,U,false\n4,dee,D,false\n"]),
        DataFlowCase(
            name: "without an alter row every row is an insert",
            script: source + """

                People derive(inserted = isInsert(), deleted = isDelete()) ~> Labelled
                Labelled select(mapColumn(id, inserted, deleted)) ~> Picked
                Picked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,inserted,deleted\n1,true,false\n2,true,false\n3,true,false\n4,true,false\n"]),
        DataFlowCase(
            name: "surrogate key counts from startAt",
            script: source + """

                People keyGenerate(output(sk as long),
                	startAt: 100L) ~> Keyed
                Keyed sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,name,dept,score,sk\n1,ann,A,1.5,100\n2,bob,B,2.0,101\n3,cid,A,3.25,102\n4,dee,,0.5,103\n"]),
        DataFlowCase(
            name: "rank leaves gaps after ties, dense rank does not",
            script: """
                source(output(
                		name as string,
                		points as integer
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Scores
                Scores rank(desc(points, true),
                	output(place as long)) ~> Ranked
                Ranked rank(desc(points, true),
                	output(densePlace as long),
                	dense: true) ~> DenseRanked
                DenseRanked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["Scores": "name,points\nann,3\nbob,5\ncid,3\ndee,1\n"],
            expected: ["Out": "name,points,place,densePlace\nann,3,2,2\nbob,5,1,1\ncid,3,2,2\ndee,1,4,3\n"],
            anyOrder: true),
        DataFlowCase(
            name: "cast converts the named columns in place",
            script: source + """

                People cast(output(id as double,
                		score as string)) ~> Converted
                Converted derive(scoreIsText = length(score) > 0) ~> Checked
                Checked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,name,dept,score,scoreIsText\n1.0,ann,A,1.5,true\n2.0,bob,B,2.0,true\n3.0,cid,A,3.25,true\n4.0,dee,,0.5,true\n"]),
        DataFlowCase(
            name: "sort puts nulls first or last as asked",
            script: source + """

                People sort(asc(dept, true),
                	asc(name, true)) ~> NullsFirst
                People sort(asc(dept, false),
                	desc(name, true)) ~> NullsLast
                People sort(desc(dept, true),
                	asc(name, true)) ~> DescendingNullsFirst
                NullsFirst sink(allowSchemaDrift: true) ~> FirstOut
                NullsLast sink(allowSchemaDrift: true) ~> LastOut
                DescendingNullsFirst sink(allowSchemaDrift: true) ~> DescendingOut
                """,
            inputs: ["People": people],
            expected: [
                "FirstOut": header + "4,dee,,0.5\n1,ann,A,1.5\n3,cid,A,3.25\n2,bob,B,2.0\n",
                "LastOut": header + "3,cid,A,3.25\n1,ann,A,1.5\n2,bob,B,2.0\n4,dee,,0.5\n",
                "DescendingOut": header + "4,dee,,0.5\n2,bob,B,2.0\n1,ann,A,1.5\n3,cid,A,3.25\n",
            ]),
        DataFlowCase(
            name: "conditional split with disjoint: true sends a row to every matching output",
            script: source + """

                People split(score >= 2.0,
                	dept == 'A',
                	disjoint: true) ~> Parts@(High, InA, Rest)
                Parts@High sink(allowSchemaDrift: true) ~> HighOut
                Parts@InA sink(allowSchemaDrift: true) ~> InAOut
                Parts@Rest sink(allowSchemaDrift: true) ~> RestOut
                """,
            inputs: ["People": people],
            expected: [
                "HighOut": header + "2,bob,B,2.0\n3,cid,A,3.25\n",
                "InAOut": header + "1,ann,A,1.5\n3,cid,A,3.25\n",
                "RestOut": header + "4,dee,,0.5\n",
            ]),
        DataFlowCase(
            name: "select with a rule-based mapping renames the matching columns",
            script: source + """

                People select(mapColumn(
                		id,
                		each(match(type == 'string'), 'x_' + $$ = $$)
                	),
                	skipDuplicateMapInputs: true,
                	skipDuplicateMapOutputs: true) ~> Picked
                Picked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,x_name,x_dept\n1,ann,A\n2,bob,B\n3,cid,A\n4,dee,\n"]),
        DataFlowCase(
            name: "derive with each(match(...)) rewrites every matching column",
            script: source + """

                People derive(each(match(type == 'string'), $$ = upper($$) + '!')) ~> Loud
                Loud sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": header + "1,ANN!,A!,1.5\n2,BOB!,B!,2.0\n3,CID!,A!,3.25\n4,DEE!,,0.5\n"]),
        DataFlowCase(
            name: "aggregate with each(match(...)) aggregates every other column",
            script: source + """

                People aggregate(groupBy(dept),
                	each(match(name != 'dept'), $$ = max($$))) ~> Highest
                Highest sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "dept,id,name,score\nA,3,cid,3.25\nB,2,bob,2.0\n,4,dee,0.5\n"],
            anyOrder: true),
    ]
}
