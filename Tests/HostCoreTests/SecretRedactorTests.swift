import HostCore
import PipehostJSON
import TestSizeTags
import Testing

@Suite("the secret redactor", .tags(.small))
struct SecretRedactorTests {
    func redactor(_ secrets: String...) -> SecretRedactor {
        let redactor = SecretRedactor()
        for secret in secrets { redactor.register(secret) }
        return redactor
    }

    @Test("every occurrence is replaced, at the start, the middle and the end")
    func everyOccurrence() {
        let scrubbed = redactor("s3cr3t").scrub("s3cr3t and s3cr3ts3cr3t, end s3cr3t")
        #expect(scrubbed == "*** and ******, end ***")
    }

    @Test("a secret that contains another is replaced whole")
    func longestFirst() {
        #expect(redactor("key", "key-with-more").scrub("key-with-more / key") == "*** / ***")
        #expect(redactor("key-with-more", "key").scrub("key-with-more / key") == "*** / ***")
    }

    @Test("non-ASCII secrets and text stay valid text")
    func nonASCII() {
        let scrubbed = redactor("pässwörd✓").scrub("née: pässwörd✓ — ok")
        #expect(scrubbed == "née: *** — ok")
    }

    @Test("strings, member names and nested values of JSON are scrubbed; clean values come back equal")
    func json() throws {
        let secrets = redactor("AccountKey=abc==")
        let value = try JSONParser.parse(
            #"{"conn": "x;AccountKey=abc==;y", "AccountKey=abc==": 1, "list": [true, "AccountKey=abc==", {"n": null}], "clean": "nothing"}"#)
        let scrubbed = secrets.scrub(value)
        #expect(scrubbed["conn"] == "x;***;y")
        #expect(scrubbed["***"] == 1)
        #expect(scrubbed["list"] == [true, "***", ["n": nil]])
        #expect(scrubbed["clean"] == "nothing")
        let clean = try JSONParser.parse(#"{"a": ["b", 1, 2.5, {"c": "d"}]}"#)
        #expect(secrets.scrub(clean) == clean)
    }

    @Test("an error's message, code and details are scrubbed")
    func error() {
        let error = ActivityError(
            errorCode: "2600", message: "refused key hunter2", details: ["header": "Bearer hunter2"])
        let scrubbed = redactor("hunter2").scrub(error)
        #expect(scrubbed.message == "refused key ***")
        #expect(scrubbed.details == ["header": "Bearer ***"])
    }

    @Test("with no secrets, or an empty one, text is untouched")
    func nothingRegistered() {
        #expect(SecretRedactor().scrub("anything") == "anything")
        #expect(redactor("").scrub("anything") == "anything")
    }
}
