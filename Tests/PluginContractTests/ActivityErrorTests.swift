import PipehostJSON
import ActivityContract
import TestSizeTags
import Testing

@Suite("ADF-shaped error objects", .tags(.small))
struct ActivityErrorTests {
    @Test("a complete error round-trips")
    func roundTrip() throws {
        let payload = ActivityError(
            errorCode: "2600", message: "bad input", failureType: .systemError, details: ["line": 3])
        #expect(try ActivityError(validating: payload.json) == payload)
    }

    @Test("the record form adds the activity's name as target; the boundary form has none")
    func recordForm() {
        let error = ActivityError(errorCode: "2105", message: "bad", failureType: .userError)
        #expect(error.json == ["errorCode": "2105", "message": "bad", "failureType": "UserError"])
        #expect(error.json(target: "Copy1") == ["errorCode": "2105", "message": "bad", "failureType": "UserError", "target": "Copy1"])
    }

    @Test("integer codes are written as strings and failureType defaults to UserError")
    func lenientParts() throws {
        let payload = try ActivityError(validating: ["errorCode": 2500, "message": "m"])
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
            try ActivityError(validating: value)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
