import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

@Suite("Data flow resources", .tags(.small))
struct DataFlowDefinitionTests {
    private func definition(_ text: String) throws -> DataFlowDefinition {
        try DataFlowDefinition(json: try JSONParser.parse(text))
    }

    private func error(_ text: String) throws -> DataFlowDefinitionError? {
        let json = try JSONParser.parse(text)
        do {
            _ = try DataFlowDefinition(json: json)
            return nil
        } catch {
            return error
        }
    }

    @Test("scriptLines are joined with newlines; references are read")
    func scriptLines() throws {
        let flow = try definition(
            """
            {"name": "df", "properties": {"type": "MappingDataFlow", "description": "d",
             "typeProperties": {
              "sources": [{"name": "src", "dataset": {"referenceName": "Input", "type": "DatasetReference"}}],
              "sinks": [{"name": "out", "linkedService": {"referenceName": "Lake", "type": "LinkedServiceReference"}}],
              "transformations": [{"name": "up", "description": "upper case"}],
              "scriptLines": ["source(allowSchemaDrift: true) ~> src", "src derive(t = upper(t)) ~> up", "up sink() ~> out"]}}}
            """)
        #expect(flow.name == "df")
        #expect(flow.type == .mappingDataFlow)
        #expect(flow.description == "d")
        #expect(
            flow.scriptText == "source(allowSchemaDrift: true) ~> src\nsrc derive(t = upper(t)) ~> up\nup sink() ~> out"
        )
        #expect(flow.sources.first?.dataset?.referenceName == "Input")
        #expect(flow.sinks.first?.linkedService?.referenceName == "Lake")
        #expect(flow.transformations.first?.description == "upper case")
        #expect(flow.graph.orderedStatements.map(\.name) == ["src", "up", "out"])
        #expect(flow.warnings.isEmpty)
        try flow.checkRunnable()
    }

    @Test("lists and script that disagree give warnings, not errors")
    func warnings() throws {
        let flow = try definition(
            """
            {"name": "df", "properties": {"type": "MappingDataFlow", "typeProperties": {
              "sources": [{"name": "src"}, {"name": "gone"}], "sinks": [{"name": "up"}],
              "script": "source(a: 1) ~> src\\nsrc derive(t = 1) ~> up\\nup sink() ~> out"}}}
            """)
        #expect(
            flow.warnings == [
                "sources[1] 'gone' has no statement '~> gone' in the script",
                "sinks[0] 'up' is a 'derive' in the script (line 2)",
                "'out' (line 3) is not listed in typeProperties.sinks",
            ])
    }

    @Test("a flowlet is read but not runnable")
    func flowlet() throws {
        let flow = try definition(
            #"{"name": "fl", "properties": {"type": "Flowlet", "typeProperties": {"script": "input(output(a as string)) ~> i\ni output() ~> o"}}}"#
        )
        #expect(flow.type == .flowlet)
        #expect(throws: DataFlowDefinitionError.flowletNotSupported("fl")) { try flow.checkRunnable() }
        #expect(
            DataFlowDefinitionError.flowletNotSupported("fl").description
                == "'fl' is a flowlet; flowlets are not supported yet")
    }

    @Test("the first published form: no whole script, each source, transformation and sink with its own statement")
    func statementScripts() throws {
        let flow = try definition(
            #"""
            {"name": "old", "properties": {"type": "MappingDataFlow", "typeProperties": {
                "sources": [{"name": "In", "dataset": {"referenceName": "D", "type": "DatasetReference"},
                             "script": "source(output(a as integer),\n\tallowSchemaDrift: true) ~> In"}],
                "sinks": [{"name": "Out", "dataset": {"referenceName": "E", "type": "DatasetReference"},
                           "script": "Big sink(allowSchemaDrift: true) ~> Out"}],
                "transformations": [{"name": "Big", "script": "In filter(a > 1) ~> Big"}]}}}
            """#)
        #expect(flow.graph.orderedStatements.map(\.name) == ["In", "Big", "Out"])
        #expect(flow.scriptText == "source(output(a as integer),\n\tallowSchemaDrift: true) ~> In\nIn filter(a > 1) ~> Big\nBig sink(allowSchemaDrift: true) ~> Out")
        #expect(
            try error(
                #"{"name": "x", "properties": {"type": "MappingDataFlow", "typeProperties": {"transformations": [{"name": "T", "script": 3}]}}}"#
            )?.description == "properties.typeProperties.transformations[0].script must be a string")
    }

    @Test("each structural error names its JSON path")
    func structuralErrors() throws {
        #expect(try error("[]") == .wrongType(path: "$", expected: "an object"))
        #expect(
            try error(#"{"name": "x"}"#)?.description
                == #"properties is missing; it should hold an object with "type" and "typeProperties""#)
        #expect(
            try error(#"{"name": "x", "properties": {"type": "WranglingDataFlow", "typeProperties": {}}}"#)?.description
                == "properties.type is 'WranglingDataFlow'; pipehost reads 'MappingDataFlow' and 'Flowlet' data flows")
        #expect(
            try error(#"{"name": "x", "properties": {"type": "MappingDataFlow", "typeProperties": {}}}"#)?.description
                == "properties.typeProperties.scriptLines is missing; it should hold the data flow script")
        #expect(
            try error(
                #"{"name": "x", "properties": {"type": "MappingDataFlow", "typeProperties": {"scriptLines": ["a", 1]}}}"#
            )?
            .description == "properties.typeProperties.scriptLines[1] must be a string")
        #expect(
            try error(
                #"{"name": "x", "properties": {"type": "MappingDataFlow", "typeProperties": {"sources": [{"dataset": {}}], "script": ""}}}"#
            )?
            .description
                == "properties.typeProperties.sources[0].name is missing; it should hold the transformation's name as in the script"
        )
    }

    @Test("a script error names the JSON member, line and column")
    func scriptError() throws {
        let found = try error(
            #"{"name": "x", "properties": {"type": "MappingDataFlow", "typeProperties": {"scriptLines": ["source(a: 1) ~> s", "s derive(x = 1)"]}}}"#
        )
        #expect(
            found?.description
                == "properties.typeProperties.scriptLines, line 2, column 16: expected '~>' and the transformation's name after 'derive(...)', found the end of the script"
        )
    }
}
