import PipehostJSON
import TestSizeTags
import Testing

@Suite("Codable to and from JSONValue", .tags(.small))
struct JSONValueCodingTests {
    struct Settings: Codable, Equatable {
        enum Mode: String, Codable { case fast, careful }
        var name: String
        var retries: Int
        var ratio: Double
        var enabled: Bool
        var mode: Mode
        var tags: [String]
        var limits: [String: UInt8]
        var note: String?
        var extra: JSONValue?
    }

    let sample: JSONValue = [
        "name": "nightly", "retries": 3, "ratio": 0.5, "enabled": true, "mode": "careful",
        "tags": ["a", "b"], "limits": ["cpu": 4], "extra": ["keep": [1, 2.5, "x"]],
    ]

    @Test("decodes every kind of member and keeps JSONValue members as they are")
    func decodeAll() throws {
        let settings = try JSONValueDecoder().decode(Settings.self, from: sample)
        #expect(settings.name == "nightly")
        #expect(settings.retries == 3)
        #expect(settings.ratio == 0.5)
        #expect(settings.mode == .careful)
        #expect(settings.limits == ["cpu": 4])
        #expect(settings.note == nil)
        #expect(settings.extra == ["keep": [1, 2.5, "x"]])
    }

    @Test("encoding keeps declaration order, integers and omits nil")
    func encodeOrder() throws {
        let settings = try JSONValueDecoder().decode(Settings.self, from: sample)
        let encoded = try JSONValueEncoder().encode(settings)
        #expect(encoded.objectValue?.keys == ["name", "retries", "ratio", "enabled", "mode", "tags", "limits", "extra"])
        #expect(encoded["retries"] == .integer(3))
        #expect(try JSONValueDecoder().decode(Settings.self, from: encoded) == settings)
    }

    @Test("member names match ignoring case unless exact matching is asked for")
    func caseInsensitiveKeys() throws {
        struct Input: Decodable { var command: String }
        #expect(try JSONValueDecoder().decode(Input.self, from: ["Command": "ls"]).command == "ls")
        #expect(throws: JSONDecodingError.self) {
            try JSONValueDecoder(keyMatching: .exact).decode(Input.self, from: ["Command": "ls"])
        }
    }

    @Test("errors name the path, what was expected and what was found")
    func errorMessages() {
        struct Item: Decodable { var size: Int }
        struct Input: Decodable { var items: [Item] }
        let decoder = JSONValueDecoder(rootPath: "typeProperties")
        #expect {
            try decoder.decode(Input.self, from: ["items": [["size": 1], ["size": "big"]]])
        } throws: { error in
            guard let error = error as? JSONDecodingError else { return false }
            return error.kind == .typeMismatch && error.path == "typeProperties.items[1].size"
                && error.message == "expected an integer, found the string \"big\""
        }
        #expect {
            try decoder.decode(Input.self, from: ["items": [[:]]])
        } throws: { error in
            (error as? JSONDecodingError).map { $0.kind == .missingKey && $0.path == "typeProperties.items[0].size" }
                ?? false
        }
        #expect {
            try decoder.decode(Input.self, from: ["items": [["size": 1.5]]])
        } throws: { error in
            (error as? JSONDecodingError).map { $0.kind == .invalidValue && $0.message.contains("whole number") }
                ?? false
        }
    }

    @Test("numbers convert only without loss", arguments: [
        (JSONValue.double(4.0), UInt8?.some(4)), (.integer(300), nil), (.integer(-1), nil), (.double(.infinity), nil),
        (.string("4"), nil),
    ])
    func numberConversions(value: JSONValue, expected: UInt8?) {
        let decoded = try? JSONValueDecoder().decode(UInt8.self, from: value)
        #expect(decoded == expected)
    }

    @Test("null for a required value is reported as null")
    func nullValue() {
        struct Input: Decodable { var name: String }
        #expect {
            try JSONValueDecoder().decode(Input.self, from: ["name": nil])
        } throws: { error in
            (error as? JSONDecodingError)?.message == "expected a string, found null"
        }
    }

    @Test("non-finite numbers cannot be encoded")
    func nonFinite() {
        struct Output: Encodable { var value: Double }
        #expect(throws: JSONEncodingError.self) { try JSONValueEncoder().encode(Output(value: .nan)) }
    }

    @Test("floats encode through their shortest form and big unsigned values as doubles")
    func numberEncoding() throws {
        #expect(try JSONValueEncoder().encode(Float(0.1)) == .double(0.1))
        #expect(try JSONValueEncoder().encode(UInt64.max) == .double(Double(UInt64.max)))
        #expect(try JSONValueEncoder().encode([1, 2]) == [1, 2])
    }

    @Test("class hierarchies using superEncoder and nested containers round-trip")
    func nestedContainers() throws {
        struct Shape: Codable, Equatable {
            var corners: [[Int]]
            var meta: [String: [String: Bool]]
        }
        let shape = Shape(corners: [[0, 0], [1, 2]], meta: ["flags": ["a": true]])
        let encoded = try JSONValueEncoder().encode(shape)
        #expect(encoded == ["corners": [[0, 0], [1, 2]], "meta": ["flags": ["a": true]]])
        #expect(try JSONValueDecoder().decode(Shape.self, from: encoded) == shape)
    }
}

@Suite("Serialising numbers and escapes", .tags(.small))
struct JSONSerializerEdgeTests {
    @Test("integers at the edges of Int64", arguments: [Int64.min, -1, 0, 7, 10, Int64.max])
    func integers(value: Int64) {
        #expect(JSONSerializer.serialize(.integer(value)) == String(value))
    }

    @Test("escapes inside and around runs of plain text")
    func escapes() throws {
        let text = "\"start\\ middle\n\u{1F}end\"é"
        let serialized = JSONSerializer.serialize(.string(text))
        #expect(serialized == #""\"start\\ middle\n\u001fend\"é""#)
        #expect(try JSONParser.parse(serialized) == .string(text))
    }
}

@Suite("UTF-8 in strings", .tags(.small))
struct JSONUTF8Tests {
    @Test("well-formed UTF-8 is read, ill-formed UTF-8 refused", arguments: [
        ([0x22, 0xC3, 0xA9, 0x22], true), ([0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22], true),
        ([0x22, 0xFF, 0x22], false), ([0x22, 0xC0, 0xAF, 0x22], false), ([0x22, 0xED, 0xA0, 0x80, 0x22], false),
        ([0x22, 0xE2, 0x82, 0x22], false), ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], false),
    ] as [([UInt8], Bool)])
    func validation(bytes: [UInt8], valid: Bool) {
        let parsed = try? JSONParser.parse(bytes)
        #expect((parsed != nil) == valid)
        if valid { #expect(parsed?.stringValue.map { Array($0.utf8) } == Array(bytes.dropFirst().dropLast())) }
    }
}
