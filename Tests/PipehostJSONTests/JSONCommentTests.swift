import PipehostJSON
import TestSizeTags
import Testing

@Suite("JSON with comments (ARM templates)", .tags(.small))
struct JSONCommentTests {
    @Test("line and block comments are skipped where whitespace may stand")
    func comments() throws {
        let text = """
            // leading
            { /* before a name */ "a": 1, // after a value
              "b": /* inside */ [2, /* x */ 3] /* trailing */ }
            // the end
            """
        #expect(try JSONParser.parse(text, allowingComments: true) == ["a": 1, "b": [2, 3]])
    }

    @Test("a comment inside a string is text")
    func insideString() throws {
        #expect(try JSONParser.parse(#"{"url": "https://x/*y*/"}"#, allowingComments: true) == ["url": "https://x/*y*/"])
    }

    @Test("the default stays strict")
    func strictByDefault() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse("// no\n{}") }
    }

    @Test("positions after comments stay right; an unterminated comment is reported where it starts")
    func positions() {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse("/* one\n two */\n{\"a\": x}", allowingComments: true) }
        #expect(error?.line == 3)
        #expect(error?.column == 7)
        let open = #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"a\": 1 /* never closed", allowingComments: true) }
        #expect(open?.line == 1 && open?.column == 9)
        #expect(open?.message.contains("unterminated comment") == true)
        let lone = #expect(throws: JSONParseError.self) { try JSONParser.parse("{} / x", allowingComments: true) }
        #expect(lone?.message.contains("expected a comment") == true)
    }
}
