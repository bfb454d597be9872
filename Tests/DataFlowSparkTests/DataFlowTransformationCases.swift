import PipehostJSON

/// The transformation cases: small inputs and the rows ADF's documentation says each
/// transformation produces from them.
enum DataFlowTransformationCases {
    static let people = """
        id,name,dept,score
        1,ann,A,1.5
        2,bob,B,2.0
        3,cid,A,3.25
        4,dee,,0.5

        """

    static let peopleSource = """
        source(output(
        		id as integer,
        		name as string,
        		dept as string,
        		score as double
        	),
        	allowSchemaDrift: false,
        	validateSchema: false) ~> People
        """

    static let all: [DataFlowCase] = [
        DataFlowCase(
            name: "derive then filter",
            script: peopleSource + """

                People derive(upperName = upper(name),
                		doubled = score * 2) ~> Derived
                Derived filter(score >= 2.0) ~> Kept
                Kept sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "id,name,dept,score,upperName,doubled\n2,bob,B,2.0,BOB,4.0\n3,cid,A,3.25,CID,6.5\n"]),
        DataFlowCase(
            name: "select renames and drops columns",
            script: peopleSource + """

                People select(mapColumn(
                		person = name,
                		id
                	),
                	skipDuplicateMapInputs: true,
                	skipDuplicateMapOutputs: true) ~> Picked
                Picked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "person,id\nann,1\nbob,2\ncid,3\ndee,4\n"]),
        DataFlowCase(
            name: "aggregate with group by, then a filter on the totals",
            script: peopleSource + """

                People aggregate(groupBy(dept),
                	people = count(),
                	total = sum(score)) ~> Totals
                Totals filter(people > 1) ~> Busy
                Busy sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            expected: ["Out": "dept,people,total\nA,2,4.75\n"]),
        DataFlowCase(
            name: "conditional split: first matching condition wins, the rest go to the default stream",
            script: peopleSource + """

                People split(score >= 3.0,
                	score >= 1.0,
                	disjoint: false) ~> Bands@(High, Middle, Low)
                Bands@High sink(allowSchemaDrift: true) ~> HighOut
                Bands@Middle sink(allowSchemaDrift: true) ~> MiddleOut
                Bands@Low sink(allowSchemaDrift: true) ~> LowOut
                """,
            inputs: ["People": people],
            expected: [
                "HighOut": "id,name,dept,score\n3,cid,A,3.25\n",
                "MiddleOut": "id,name,dept,score\n1,ann,A,1.5\n2,bob,B,2.0\n",
                "LowOut": "id,name,dept,score\n4,dee,,0.5\n",
            ]),
        DataFlowCase(
            name: "inner join on a key, then sort descending",
            script: peopleSource + """

                source(output(
                		dept as string,
                		title as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Depts
                People, Depts join(People@dept == Depts@dept,
                	joinType:'inner',
                	broadcast: 'auto')~> Joined
                Joined select(mapColumn(
                		name,
                		title
                	)) ~> Named
                Named sort(desc(name, true)) ~> Sorted
                Sorted sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": "dept,title\nA,Alpha\nB,Beta\nC,Gamma\n"],
            expected: ["Out": "name,title\ncid,Alpha\nbob,Beta\nann,Alpha\n"]),
        DataFlowCase(
            name: "exists with negate keeps the rows without a match",
            script: peopleSource + """

                source(output(
                		dept as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Closed
                People, Closed exists(People@dept == Closed@dept,
                	negate:true,
                	broadcast: 'auto')~> Open
                Open sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Closed": "dept\nA\n"],
            expected: ["Out": "id,name,dept,score\n2,bob,B,2.0\n4,dee,,0.5\n"],
            anyOrder: true),
        DataFlowCase(
            name: "union by name of two streams",
            script: peopleSource + """

                source(output(
                		id as integer,
                		name as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Newcomers
                People select(mapColumn(
                		id,
                		name
                	)) ~> Known
                Known, Newcomers union(byName: true)~> Everyone
                Everyone sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Newcomers": "id,name\n5,eve\n"],
            expected: ["Out": "id,name\n1,ann\n2,bob\n3,cid\n4,dee\n5,eve\n"],
            anyOrder: true),
        DataFlowCase(
            name: "a parameter in a filter takes the activity's value over its default",
            script: """
                parameters{
                	minimum as double (3.0)
                }

                """ + peopleSource + """

                People filter(score >= $minimum) ~> Kept
                Kept sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            parameters: ["minimum": 1.5],
            expected: ["Out": "id,name,dept,score\n1,ann,A,1.5\n2,bob,B,2.0\n3,cid,A,3.25\n"]),
        DataFlowCase(
            name: "a parameter value given as a data flow expression is evaluated, as ADF's activity gives it; durations move timestamps",
            script: """
                parameters{
                	since as timestamp,
                	cutoff as double
                }

                """ + peopleSource + """

                People derive(since = $since, later = addDays($since, 1),
                	shifted = $since + days(1) - minutes(30) + (hours(2) - seconds(7200))) ~> Stamped
                Stamped filter(score >= $cutoff) ~> Kept
                Kept select(mapColumn(id, since, later, shifted)) ~> Picked
                Picked sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people],
            parameters: ["since": "toTimestamp('2024-01-31 10:30:00', 'yyyy-MM-dd HH:mm:ss')", "cutoff": "toDouble('2.0')"],
            expected: ["Out": "id,since,later,shifted\n2,2024-01-31T10:30:00.000Z,2024-02-01T10:30:00.000Z,2024-02-01T10:00:00.000Z\n3,2024-01-31T10:30:00.000Z,2024-02-01T10:30:00.000Z,2024-02-01T10:00:00.000Z\n"]),
        DataFlowCase(
            name: "a missing source file fails the run at its source with DF-Executor-SourceInvalidPayload",
            script: """
                source(output(
                		id as integer
                	),
                	allowSchemaDrift: false,
                	validateSchema: false,
                	wildcardPaths:['nothing-*.csv']) ~> Missing
                Missing sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: [:], expected: [:],
            failure: .init(code: "DF-Executor-SourceInvalidPayload", stream: "Missing", message: "No file matches 'nothing-*.csv'")),
        DataFlowCase(
            name: "validateSchema fails a source whose data lacks a declared column",
            script: """
                source(output(
                		id as integer,
                		missing as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: true) ~> People
                People sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people], expected: [:],
            failure: .init(code: "DF-SRC-002", stream: "People", message: "no column 'missing'")),
    ]
}
