import PipehostJSON
import PluginContract
import TestSizeTags
import Testing

@Suite("ADF-shaped error objects", .tags(.small))
struct ErrorPayloadTests {
    @Test("a complete error round-trips")
    func roundTrip() throws {
        let payload = ErrorPayload(
            errorCode: "2600", message: "bad input", failureType: .systemError, details: ["line": 3])
        #expect(try ErrorPayload(validating: payload.json) == payload)
    }

    @Test("integer codes are written as strings and failureType defaults to UserError")
    func lenientParts() throws {
        let payload = try ErrorPayload(validating: ["errorCode": 2500, "message": "m"])
        #expect(payload.errorCode == "2500")
        #expect(payload.failureType == .userError)
        #expect(payload.details == nil)
    }

    static let malformed: [(JSONValue, String)] = [
        (.string("oops"), "not a JSON object"),
        (["message": "m"], "no \"errorCode\""),
        (["errorCode": "1"], "no \"message\""),
        (["errorCode": "1", "message": 5], "\"message\" is integer"),
        (["errorCode": "1", "message": "m", "failureType": "Fatal"], "not \"UserError\" or \"SystemError\""),
        (["errorCode": true, "message": "m"], "\"errorCode\" is boolean"),
    ]

    @Test("malformed objects are refused with the reason", arguments: malformed)
    func refused(value: JSONValue, expected: String) {
        #expect {
            try ErrorPayload(validating: value)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
