import DataFlowScript
import TestSizeTags
import Testing

/// Every script error has its own case and a message that starts with the line and column.
@Suite("Data flow script errors", .tags(.small))
struct DataFlowScriptErrorTests {
    private func parseError(_ text: String) -> DataFlowScriptError? {
        do {
            _ = try DataFlowScript.parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func graphError(_ text: String) throws -> DataFlowScriptError? {
        let script = try DataFlowScript.parse(text)
        do {
            _ = try DataFlowGraph(script)
            return nil
        } catch {
            return error
        }
    }

    @Test("an unexpected character")
    func unexpectedCharacter() {
        let error = parseError("source(a: 1) ~> s;")
        #expect(error == .unexpectedCharacter(";", at: SourcePosition(line: 1, column: 18)))
        #expect(error?.description == "line 1, column 18: unexpected character ';'")
    }

    @Test("an unterminated string")
    func unterminatedString() {
        let error = parseError("source(a: 'open) ~> s")
        #expect(error == .unterminatedString(quote: "'", at: SourcePosition(line: 1, column: 11)))
        #expect(error?.description == "line 1, column 11: the string opened here with ' has no closing '")
        #expect(
            parseError("source(a: \"x {y\") ~> s")
                == .unterminatedString(quote: "\"", at: SourcePosition(line: 1, column: 11)))
    }

    @Test("an unterminated quoted name")
    func unterminatedQuotedName() {
        let error = parseError("source(a: {col) ~> s")
        #expect(error == .unterminatedQuotedName(at: SourcePosition(line: 1, column: 11)))
        #expect(error?.description == "line 1, column 11: the column name opened here with '{' has no closing '}'")
    }

    @Test("an unterminated comment")
    func unterminatedComment() {
        let error = parseError("source(a: 1) ~> s\n/* to the end")
        #expect(error == .unterminatedComment(at: SourcePosition(line: 2, column: 1)))
        #expect(error?.description == "line 2, column 1: the comment opened here with '/*' has no closing '*/'")
    }

    @Test("a malformed number")
    func malformedNumber() {
        let error = parseError("source(a: 12abc) ~> s")
        #expect(error == .malformedNumber("12abc", at: SourcePosition(line: 1, column: 11)))
        #expect(
            error?.description
                == "line 1, column 11: '12abc' is not a number (write digits, an optional fraction and exponent, and an optional L, d or f)"
        )
    }

    @Test("a number out of range")
    func numberOutOfRange() {
        let error = parseError("source(a: 99999999999999999999L) ~> s")
        #expect(error == .numberOutOfRange("99999999999999999999L", at: SourcePosition(line: 1, column: 11)))
        #expect(
            error?.description
                == "line 1, column 11: the number 99999999999999999999L is out of range (integers must fit in 64 bits)")
        #expect(
            parseError("source(a: 1e999) ~> s") == .numberOutOfRange("1e999", at: SourcePosition(line: 1, column: 11)))
    }

    @Test("a missing '~>' names the transformation")
    func missingFlow() {
        let error = parseError("source(a: 1) ~> s\ns derive(x = 1)\n\n")
        #expect(
            error
                == .expected(
                    "'~>' and the transformation's name", after: "'derive(...)'", found: "the end of the script",
                    at: SourcePosition(line: 4, column: 1)))
        #expect(
            error?.description
                == "line 4, column 1: expected '~>' and the transformation's name after 'derive(...)', found the end of the script"
        )
    }

    @Test("other expectations name what was found")
    func expectations() {
        #expect(
            parseError("source(a: 1) ~> s\ns derive(x = ) ~> d")?.description
                == "line 2, column 14: expected an expression, found ')'")
        #expect(
            parseError("source(a: 1 2) ~> s")?.description
                == "line 1, column 13: expected ',' or ')' after an argument of 'source(', found the number 2")
        #expect(
            parseError("parameters{\n\tp string\n}")?.description
                == "line 2, column 4: expected 'as' and the parameter's type after parameter 'p', found 'string'")
        #expect(
            parseError("s derive(x = 1) ~> 5")?.description
                == "line 1, column 20: expected the transformation's name after '~>', found the number 5")
        #expect(
            parseError("source(output(a as)) ~> s")?.description
                == "line 1, column 19: expected a type such as 'string', 'decimal(10,2)', 'string[]' or '(name as string)', found ')'"
        )
        #expect(
            parseError("a, ~> x")?.description
                == "line 1, column 4: expected the name of another input stream after input 'a', found '~>'")
    }

    @Test("nesting deeper than the limit")
    func nestingTooDeep() {
        let deep = String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000)
        let error = parseError("source(a: \(deep)) ~> s")
        #expect(
            error?.description.hasSuffix(
                "the script nests parentheses, calls, operators or types deeper than 200 levels here") == true)
        if case .nestingTooDeep(let limit, _) = error {
            #expect(limit == 200)
        } else {
            Issue.record("expected nestingTooDeep, got \(String(describing: error))")
        }
        let chain = (0..<5000).map { "a\($0)" }.joined(separator: " + ")
        if case .nestingTooDeep = parseError("source(a: \(chain)) ~> s") {
        } else {
            Issue.record("a long chain was accepted")
        }
        let negations = String(repeating: "!", count: 5000) + "a"
        if case .nestingTooDeep = parseError("source(a: \(negations)) ~> s") {
        } else {
            Issue.record("5000 '!' accepted")
        }
        let types =
            "source(output(a as " + String(repeating: "(b as ", count: 500) + "string"
            + String(repeating: ")", count: 500) + ")) ~> s"
        if case .nestingTooDeep = parseError(types) {} else { Issue.record("deep types accepted") }
        let interpolation =
            "source(a: " + String(repeating: "\"{", count: 500) + "1" + String(repeating: "}\"", count: 500) + ") ~> s"
        if case .nestingTooDeep = parseError(interpolation) {} else { Issue.record("deep interpolation accepted") }
        let moderate = String(repeating: "f(", count: 90) + "1" + String(repeating: ")", count: 90)
        #expect(parseError("source(a: \(moderate)) ~> s") == nil)
    }

    @Test("a duplicate parameter")
    func duplicateParameter() {
        let error = parseError("parameters{\n\tp as string,\n\tp as integer\n}")
        #expect(error == .duplicateParameter("p", at: SourcePosition(line: 3, column: 2)))
        #expect(error?.description == "line 3, column 2: the parameter 'p' is declared twice")
    }

    @Test("a duplicate stream name")
    func duplicateStream() throws {
        let error = try graphError("source(a: 1) ~> s\nsource(a: 2) ~> s")
        #expect(error == .duplicateStream("s", at: SourcePosition(line: 2, column: 17), firstLine: 1))
        #expect(
            error?.description
                == "line 2, column 17: the stream name 's' is already used on line 1; give each transformation its own name"
        )
    }

    @Test("an unknown stream")
    func unknownStream() throws {
        let error = try graphError("source(a: 1) ~> s\nsource1 derive(x = 1) ~> d")
        #expect(error == .unknownStream("source1", at: SourcePosition(line: 2, column: 1)))
        #expect(
            error?.description
                == "line 2, column 1: no transformation is named 'source1' (an input must name a stream written as '~> source1')"
        )
    }

    @Test("an unknown branch")
    func unknownBranch() throws {
        let split = "source(a: 1) ~> s\ns split(a > 1, disjoint: false) ~> Sp@(Good, Bad)\n"
        let error = try graphError(split + "Sp@Ugly derive(x = 1) ~> d")
        #expect(
            error
                == .unknownBranch(
                    stream: "Sp", branch: "Ugly", known: ["Good", "Bad"], at: SourcePosition(line: 3, column: 1)))
        #expect(error?.description == "line 3, column 1: 'Sp' has no output 'Ugly' (its outputs: Good, Bad)")
        #expect(
            try graphError("source(a: 1) ~> s\ns@x derive(y = 1) ~> d")?.description
                == "line 2, column 1: 's' has a single output; read it as 's', not 's@x'")
    }

    @Test("a split read without naming an output")
    func branchRequired() throws {
        let error = try graphError("source(a: 1) ~> s\ns split(a > 1) ~> Sp@(Good, Bad)\nSp derive(x = 1) ~> d")
        #expect(
            error == .branchRequired(stream: "Sp", branches: ["Good", "Bad"], at: SourcePosition(line: 3, column: 1)))
        #expect(
            error?.description
                == "line 3, column 1: 'Sp' has several outputs; name one, e.g. 'Sp@Good' (its outputs: Good, Bad)")
    }

    @Test("a cycle")
    func cycle() throws {
        let error = try graphError("source(a: 1) ~> s\nb derive(x = 1) ~> a\na derive(y = 1) ~> b\nb sink() ~> out")
        #expect(error == .cycle(["a", "b"], at: SourcePosition(line: 2, column: 1)))
        #expect(error?.description == "line 2, column 1: these transformations read each other in a circle: a, b")
    }
}
