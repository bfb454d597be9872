import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// Numbers and durations from pipeline JSON are read through one rule each: whatever the value,
/// reading it returns a value in range or a problem, and never traps.
@Suite("Setting rules", .tags(.small))
struct SettingRuleTests {
    @Test("durations longer than a .NET TimeSpan are refused as too long, without overflow", arguments: [
        "99999999.00:00:00", "10675200.00:00:00", "10675199.02:48:05.4775808", "99999999999999999999.00:00:00",
        "9223372036854775807.00:00:00",
    ])
    func tooLong(text: String) {
        #expect(TimeSpan.parse(text) == .failure(.tooLong))
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test("the longest .NET duration is read exactly")
    func longest() {
        #expect(TimeSpan.parse("10675199.02:48:05.4775807") == .success(TimeSpan.maximum))
    }

    @Test("malformed durations stay malformed", arguments: ["-1.00:00:00", "+1.00:00:00", "1e3.00:00:00", ".00:00:00", "00:00:00."])
    func malformed(text: String) {
        #expect(TimeSpan.parse(text) == .failure(.malformed))
    }

    @Test("policy.timeout: above zero, at most seven days, any written value", arguments: [
        ("0.00:00:01", true), ("7.00:00:00", true), ("7.00:00:01", false), ("0.00:00:00", false),
        ("99999999.00:00:00", false), ("10675199.02:48:05.4775807", false),
    ])
    func timeout(text: String, accepted: Bool) {
        let result = ActivityPolicy.timeoutSetting.read(.string(text))
        if accepted {
            #expect(result == .success(TimeSpan(parsing: text) ?? TimeSpan(ticks: -1)))
        } else {
            guard case .failure(let problem) = result else {
                Issue.record("\(text) was accepted")
                return
            }
            #expect(problem.description == "policy.timeout: it is '\(text)', out of range: use a duration above zero and at most 7.00:00:00 (seven days)")
        }
    }

    @Test("a timeout that is not a string or not a duration is named as such")
    func notADuration() {
        #expect(ActivityPolicy.timeoutSetting.read(.integer(3600)) == .failure(.notADuration(property: "policy.timeout", found: "3600")))
        guard case .failure(let problem) = ControlActivitySettings.untilTimeout.read(.string("12 hours")) else {
            Issue.record("accepted")
            return
        }
        #expect(problem.description.contains("must be a duration written d.hh:mm:ss"))
    }

    @Test("whole numbers at and beyond every bound", arguments: [
        (JSONValue.integer(0), true), (.integer(86_400), true), (.integer(86_401), false), (.integer(-1), false),
        (.integer(.max), false), (.integer(.min), false), (.double(1e300), false), (.double(-1e300), false),
        (.double(30), true), (.double(30.5), false), (.string("30"), true), (.string("9223372036854775807"), false),
        (.string("99999999999999999999999"), false), (.string("-99999999999999999999999"), false), (.string("thirty"), false),
        (.bool(true), false), (.null, false), (.array([]), false),
    ])
    func wholeNumbers(value: JSONValue, accepted: Bool) {
        let result = ActivityPolicy.retryIntervalSetting.read(value)
        switch result {
        case .success(let number):
            #expect(accepted)
            #expect(ActivityPolicy.retryIntervalSetting.range.contains(number))
        case .failure(let problem):
            #expect(!accepted, "\(problem)")
            #expect(problem.property == "policy.retryIntervalInSeconds")
        }
    }

    @Test("a number too big for 64 bits is out of range, not 'not a number'")
    func hugeIsOutOfRange() {
        let huge = ControlActivitySettings.waitTimeInSeconds.read(.string("99999999999999999999999"))
        #expect(huge == .failure(.outOfRange(
            property: "typeProperties.waitTimeInSeconds", value: "99999999999999999999999", allowed: "between 0 and 2147483647")))
        let double = ControlActivitySettings.waitTimeInSeconds.read(.double(1e300))
        guard case .failure(.outOfRange) = double else {
            Issue.record("1e300 was \(double)")
            return
        }
    }

    @Test("a retry interval below ADF's documented 30 s is a warning, not an error")
    func documentedMinimum() {
        #expect(ActivityPolicy.retryIntervalSetting.read(.integer(5)) == .success(5))
        #expect(ActivityPolicy.retryIntervalSetting.warning(for: 5)?.contains("below the 30 that ADF documents") == true)
        #expect(ActivityPolicy.retryIntervalSetting.warning(for: 30) == nil)
    }
}
