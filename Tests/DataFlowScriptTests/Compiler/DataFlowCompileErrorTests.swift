import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

/// Every compile error has its own case and a message naming the line, column, transformation and stream.
@Suite("Data flow compile errors", .tags(.small))
struct DataFlowCompileErrorTests {
    static let typed = "source(output(a as string, n as integer), allowSchemaDrift: false) ~> S\n"
    static let drifting = "source(allowSchemaDrift: true) ~> S\n"

    private func error(_ script: String, parameters: [String: JSONValue] = [:]) throws -> DataFlowCompileError {
        guard let error = try CompilerTestSupport.error(script, parameters: parameters) else {
            throw CompilerTestFailure(what: "compiled without an error")
        }
        return error
    }

    @Test("a transformation not compiled yet")
    func unsupportedTransformation() throws {
        let error = try error(Self.typed + "S call(output(body as string), allowSchemaDrift: true) ~> C")
        #expect(
            error
                == .unsupportedTransformation(
                    at: CompileSite(stream: "C", transformation: "call", at: SourcePosition(line: 2, column: 1))))
        #expect(
            error.description
                == "line 2, column 1 (call 'C'): transformation 'call' is not supported yet (docs/data-flows.md lists the transformations pipehost compiles)"
        )
    }

    @Test("an unknown function names itself, the line and the column")
    func unsupportedFunction() throws {
        let error = try error(Self.typed + "S derive(x = frobnicate(a)) ~> D")
        #expect(
            error
                == .unsupportedFunction(
                    "frobnicate",
                    at: CompileSite(stream: "D", transformation: "derive", at: SourcePosition(line: 2, column: 14))))
        #expect(
            error.description
                == "line 2, column 14 (derive 'D'): the function 'frobnicate' is not supported (docs/data-flows.md lists the functions pipehost compiles)"
        )
    }

    @Test("a wrong number of arguments")
    func wrongArgumentCount() throws {
        let error = try error(Self.typed + "S derive(x = upper(a, a)) ~> D")
        #expect(error.description == "line 2, column 14 (derive 'D'): 'upper' takes 1 argument, found 2")
        let range = try self.error(Self.typed + "S derive(x = substring(a)) ~> D")
        #expect(range.detail == "'substring' takes 2 to 3 arguments, found 1")
    }

    @Test("a format that must be known when compiling")
    func constantRequired() throws {
        let error = try error(Self.typed + "S derive(x = toDate(a, a)) ~> D")
        #expect(
            error.description
                == "line 2, column 14 (derive 'D'): the date format of 'toDate' must be a literal or a parameter, known when the data flow starts"
        )
    }

    @Test("+ on operands of unknown types")
    func ambiguousOperator() throws {
        let error = try error(Self.drifting + "S derive(x = a + b) ~> D")
        #expect(
            error
                == .ambiguousOperator(
                    "+", at: CompileSite(stream: "D", transformation: "derive", at: SourcePosition(line: 2, column: 14))
                ))
        #expect(error.detail.hasPrefix("cannot tell whether '+' adds numbers or joins strings"))
    }

    @Test("syntax not compiled yet: cached lookups")
    func unsupportedExpression() throws {
        let error = try error(Self.typed + "S derive(x = Cache#lookup(a).b) ~> D")
        #expect(
            error.description
                == "line 2, column 14 (derive 'D'): the cached lookup 'Cache#lookup(...)' is not supported yet")
    }

    @Test("an undeclared parameter")
    func unknownParameter() throws {
        let error = try error(Self.typed + "S filter(n > $limit) ~> F")
        #expect(
            error.description
                == "line 2, column 14 (filter 'F'): the parameter '$limit' is not declared in the parameters{...} block"
        )
    }

    @Test("a parameter without a default or a value")
    func missingParameterValue() throws {
        let error = try error("parameters{\n\tlimit as integer\n}\n" + Self.typed)
        #expect(
            error.description
                == "line 2, column 2 (parameters): the parameter 'limit' has no default value and no value was given (pass it in the activity's dataflow parameters, or --parameter limit=VALUE)"
        )
    }

    @Test("a parameter value of the wrong type")
    func invalidParameterValue() throws {
        let error = try error("parameters{\n\tlimit as integer (1)\n}\n" + Self.typed, parameters: ["limit": "many"])
        #expect(
            error.description
                == #"line 2, column 2 (parameters): the value given for the parameter 'limit' must be an integer, found "many""#
        )
        let date = try self.error("parameters{\n\tday as date\n}\n" + Self.typed, parameters: ["day": "31/01/2024"])
        #expect(
            date.detail == #"the value given for the parameter 'day' must be a date yyyy-MM-dd, found "31/01/2024""#)
    }

    @Test("a source whose store was not resolved")
    func missingStore() throws {
        let graph = try DataFlowGraph(try DataFlowScript.parse(Self.typed))
        #expect(
            throws: DataFlowCompileError.missingStore(
                at: CompileSite(stream: "S", transformation: "source", at: .start))
        ) {
            _ = try DataFlowCompiler.compile(graph, dataFlow: "F", stores: [:])
        }
        let error = DataFlowCompileError.missingStore(
            at: CompileSite(stream: "S", transformation: "source", at: .start))
        #expect(
            error.description
                == "line 1, column 1 (source 'S'): no store was resolved for 'S' (its dataset or inline dataset must name a supported store)"
        )
    }

    @Test("a rule-based mapping over a drifting input")
    func schemaRequired() throws {
        let error = try error(Self.drifting + "S select(mapColumn(each(match(true())))) ~> P")
        #expect(
            error.description
                == "line 2, column 20 (select 'P'): the rule-based mapping each(match(...)) needs every column of the input known when compiling; declare the source's columns in output(...) with allowSchemaDrift: false, or map the columns by name"
        )
    }

    @Test("a column a fully known input does not have")
    func unknownColumn() throws {
        let error = try error(Self.typed + "S select(mapColumn(a, missing)) ~> P")
        #expect(
            error.description == "line 2, column 23 (select 'P'): the input has no column 'missing' (its columns: a, n)"
        )
    }

    @Test("a type that is not a data flow type")
    func unknownType() throws {
        let error = try error("source(output(a as text)) ~> S")
        #expect(
            error.description
                == "line 1, column 20 (source 'S'): 'text' is not a data flow type (string, integer, long, double, decimal(p,s), boolean, date, timestamp, …)"
        )
    }

    @Test("a date format Spark cannot read")
    func unsupportedDateFormat() throws {
        let error = try error(Self.typed + "S derive(x = toDate(a, 'YYYY-ww')) ~> D")
        #expect(
            error.description
                == "line 2, column 14 (derive 'D'): the date format 'YYYY-ww' cannot be translated to Spark: the week-based letter 'Y' has no equivalent in Spark's datetime patterns"
        )
    }

    @Test("an option not compiled yet")
    func unsupportedOption() throws {
        let error = try error(
            Self.typed + Self.typed.replacing("~> S", with: "~> T") + "S, T join(S@a == T@a, matchType: 'fuzzy') ~> J")
        #expect(
            error.description
                == "line 3, column 1 (join 'J'): 'matchType' is not supported yet: fuzzy joins are not supported yet")
        let cache = try self.error(Self.typed + "S sink(store: 'cache', format: 'inline') ~> C")
        #expect(cache.detail == "'store' is not supported yet: cached sinks and their lookups are not supported yet")
    }

    @Test("an argument of the wrong form: a split with too few outputs")
    func invalidArgument() throws {
        let error = try error(Self.typed + "S split(n > 1, n > 2, n > 3) ~> X@(A, B)")
        #expect(
            error.description
                == "line 2, column 1 (split 'X'): the outputs of split must be one per condition, and optionally one more for the default (3 conditions, 2 outputs)"
        )
    }
}
