/// Joins of every type, lookups, exists and union by position, over ``DataFlowTransformationCases``'
/// people and a small department table.
enum DataFlowCombiningCases {
    static let people = DataFlowTransformationCases.people
    static let depts = "dept,title\nA,Alpha\nB,Beta\nC,Gamma\n"

    static let deptsSource = """

        source(output(
        		dept as string,
        		title as string
        	),
        	allowSchemaDrift: false,
        	validateSchema: false) ~> Depts

        """

    /// People joined to Depts on dept with `joinType` and `broadcast`, reduced to name and title.
    static func join(_ name: String, type: String, broadcast: String = "auto", expected: String) -> DataFlowCase {
        DataFlowCase(
            name: name,
            script: DataFlowTransformationCases.peopleSource + deptsSource + """
                People, Depts join(People@dept == Depts@dept,
                	joinType:'\(type)',
                	broadcast: '\(broadcast)')~> Joined
                Joined select(mapColumn(
                		name,
                		title
                	)) ~> Named
                Named sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": depts],
            expected: ["Out": "name,title\n" + expected],
            anyOrder: true)
    }

    static let all: [DataFlowCase] = [
        join("left outer join keeps people without a department", type: "left",
             expected: "ann,Alpha\nbob,Beta\ncid,Alpha\ndee,\n"),
        join("right outer join keeps departments without people", type: "right",
             expected: "ann,Alpha\nbob,Beta\ncid,Alpha\n,Gamma\n"),
        join("full outer join keeps both sides' unmatched rows", type: "outer",
             expected: "ann,Alpha\nbob,Beta\ncid,Alpha\ndee,\n,Gamma\n"),
        join("inner join with the right side broadcast", type: "inner", broadcast: "right",
             expected: "ann,Alpha\nbob,Beta\ncid,Alpha\n"),
        join("inner join with the left side broadcast", type: "inner", broadcast: "left",
             expected: "ann,Alpha\nbob,Beta\ncid,Alpha\n"),
        DataFlowCase(
            name: "cross join pairs every row of both sides",
            script: DataFlowTransformationCases.peopleSource + deptsSource + """
                People filter(id <= 2) ~> Few
                Depts filter(dept != 'C') ~> Two
                Few, Two join(true(),
                	joinType:'cross',
                	broadcast: 'auto')~> Pairs
                Pairs select(mapColumn(
                		name,
                		title
                	)) ~> Named
                Named sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": depts],
            expected: ["Out": "name,title\nann,Alpha\nann,Beta\nbob,Alpha\nbob,Beta\n"],
            anyOrder: true),
        DataFlowCase(
            name: "lookup with multiple: false and pickup any keeps every left row once",
            script: DataFlowTransformationCases.peopleSource + deptsSource + """
                People, Depts lookup(People@dept == Depts@dept,
                	multiple: false,
                	pickup: 'any',
                	broadcast: 'auto')~> Found
                Found select(mapColumn(
                		id,
                		name,
                		title
                	)) ~> Named
                Named sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": depts],
            expected: ["Out": "id,name,title\n1,ann,Alpha\n2,bob,Beta\n3,cid,Alpha\n4,dee,\n"],
            anyOrder: true),
        DataFlowCase(
            name: "lookup with multiple: true keeps every match",
            script: DataFlowTransformationCases.peopleSource + deptsSource + """
                People, Depts lookup(People@dept == Depts@dept,
                	multiple: true,
                	broadcast: 'none')~> Found
                Found select(mapColumn(
                		name,
                		title
                	)) ~> Named
                Named sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": depts + "A,Apex\n"],
            expected: ["Out": "name,title\nann,Alpha\nann,Apex\nbob,Beta\ncid,Alpha\ncid,Apex\ndee,\n"],
            anyOrder: true),
        DataFlowCase(
            name: "exists keeps the rows with a match",
            script: DataFlowTransformationCases.peopleSource + deptsSource + """
                People, Depts exists(People@dept == Depts@dept,
                	negate:false,
                	broadcast: 'none')~> Known
                Known sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Depts": depts],
            expected: ["Out": "id,name,dept,score\n1,ann,A,1.5\n2,bob,B,2.0\n3,cid,A,3.25\n"],
            anyOrder: true),
        DataFlowCase(
            name: "union by position takes the first stream's column names",
            script: DataFlowTransformationCases.peopleSource + """

                source(output(
                		number as integer,
                		label as string
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> Others
                People select(mapColumn(
                		id,
                		name
                	)) ~> Known
                Known, Others union(byName: false)~> Everyone
                Everyone sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["People": people, "Others": "label,number\nzed,9\n"],
            expected: ["Out": "id,name\n1,ann\n2,bob\n3,cid\n4,dee\n9,zed\n"],
            anyOrder: true),
    ]
}
