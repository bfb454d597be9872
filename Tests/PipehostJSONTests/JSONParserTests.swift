import PipehostJSON
import TestSizeTags
import Testing

@Suite("JSON reading and writing", .tags(.small))
struct JSONParserTests {
    @Test("integers stay integers, fractions become doubles")
    func numbers() throws {
        #expect(try JSONParser.parse("42") == .integer(42))
        #expect(try JSONParser.parse("-0") == .integer(0))
        #expect(try JSONParser.parse("1.5") == .double(1.5))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
    }

    @Test("objects keep member order and the last duplicate wins")
    func objectOrder() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": [true, null], "b": "x"}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == .string("x"))
        #expect(JSONSerializer.serialize(value) == #"{"b":"x","a":[true,null]}"#)
    }

    @Test("escapes and unicode round-trip")
    func strings() throws {
        let text = #""a\"b\\c\n\u00e9\ud83d\ude00\/""#
        let value = try JSONParser.parse(text)
        #expect(value == .string("a\"b\\c\né😀/"))
        #expect(try JSONParser.parse(JSONSerializer.serialize(value)) == value)
        #expect(JSONSerializer.serialize(.string("\u{01}")) == #""\u0001""#)
    }

    @Test("case-insensitive member lookup prefers the exact key")
    func caseInsensitive() {
        let object: JSONObject = ["FilePath": "a", "filePath": "b", "other": 1]
        #expect(object[caseInsensitive: "filepath"] == .string("a"))
        #expect(object[caseInsensitive: "filePath"] == .string("b"))
        #expect(object[caseInsensitive: "OTHER"] == .integer(1))
        #expect(object[caseInsensitive: "missing"] == nil)
    }

    @Test(
        "malformed text is refused with line and column",
        arguments: [
            ("{\"a\": }", 1, 7), ("[1,\n 2,,]", 2, 4), ("\"abc", 1, 1), ("01", 1, 1), ("{} x", 1, 4),
            ("tru", 1, 1), ("", 1, 1),
        ])
    func malformed(text: String, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test("pretty output is indented by two spaces")
    func pretty() {
        let value: JSONValue = ["a": [1, 2], "b": [:]]
        #expect(JSONSerializer.serialize(value, options: .pretty) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }

    @Test("UTF-16 files are decoded by their byte order mark or zero bytes")
    func utf16() throws {
        let text = #"{"name":"é"}"#
        var littleEndian: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { littleEndian += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var bigEndianNoMark: [UInt8] = []
        for unit in text.utf16 { bigEndianNoMark += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try JSONParser.parse(TextDecoding.utf8Bytes(littleEndian)) == ["name": "é"])
        #expect(try JSONParser.parse(TextDecoding.utf8Bytes(bigEndianNoMark)) == ["name": "é"])
        #expect(try JSONParser.parse(TextDecoding.utf8Bytes([0xEF, 0xBB, 0xBF] + Array(text.utf8))) == ["name": "é"])
    }
}
