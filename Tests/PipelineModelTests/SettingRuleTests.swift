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

    @Test("malformed durations stay malformed", arguments: [
        "+1.00:00:00", "1e3.00:00:00", ".00:00:00", "00:00:00.", "", "-", "10.", "10:", ":10", "10:20:", ".123", "10.12",
        "24:00:00", "0:61:00", "0:0:61", "1:2:3:4", "1.2.3:00", "0:0:0.12345678", "1:00.5", "1 :00", "1.-1:00", "a:00",
        "--1:00", "0.0.:10:00", "001:00:00:00",
    ])
    func malformed(text: String) {
        #expect(TimeSpan.parse(text) == .failure(.malformed))
    }

    /// The forms .NET's `TimeSpan.Parse` reads with the invariant culture (its documentation's
    /// examples: `14` is 14 days, `1:2:3` is 01:02:03, `0.12:00` is 12 hours, `10:0` is 10 hours,
    /// `0023:0059:0059.0099` is 23:59:59.0099), and the timeouts found in published factories.
    @Test("durations in every form .NET's TimeSpan.Parse reads", arguments: [
        ("1:00:00", TimeSpan(hours: 1)), ("0.0:10:00", TimeSpan(minutes: 10)), ("01:00:00", TimeSpan(hours: 1)),
        ("7", TimeSpan(days: 7)), ("14", TimeSpan(days: 14)), ("0", TimeSpan(ticks: 0)), ("1:2:3", TimeSpan(hours: 1, minutes: 2, seconds: 3)),
        ("10:0", TimeSpan(hours: 10)), ("0:10", TimeSpan(minutes: 10)), ("0.12:00", TimeSpan(hours: 12)),
        ("10.12:00", TimeSpan(days: 10, hours: 12)), ("2.12:30", TimeSpan(days: 2, hours: 12, minutes: 30)),
        ("10.20:30:40.50", TimeSpan(ticks: TimeSpan(days: 10, hours: 20, minutes: 30, seconds: 40).ticks + 5_000_000)),
        ("0:0:0.250", TimeSpan(ticks: 2_500_000)), ("0023:0059:0059.0099", TimeSpan(ticks: TimeSpan(hours: 23, minutes: 59, seconds: 59).ticks + 99_000)),
        ("99.23:59:59.9999999", TimeSpan(ticks: TimeSpan(days: 99, hours: 23, minutes: 59, seconds: 59).ticks + 9_999_999)),
        ("  0.12:00:00\t", TimeSpan(hours: 12)), ("-1:00:00", TimeSpan(ticks: -TimeSpan(hours: 1).ticks)),
        ("-1.00:00:00", TimeSpan(ticks: -TimeSpan(days: 1).ticks)), ("0:60:60", TimeSpan(minutes: 61)),
        ("7.00:00:00", TimeSpan.sevenDays),
    ])
    func dotNetForms(text: String, expected: TimeSpan) {
        #expect(TimeSpan.parse(text) == .success(expected))
    }

    @Test("short forms are timeouts like the long one; negative and zero ones are out of range", arguments: [
        ("1:00:00", true), ("0.0:10:00", true), ("7", true), ("8", false), ("-1:00:00", false), ("-0:00", false),
    ])
    func shortFormTimeouts(text: String, accepted: Bool) {
        let result = ActivityPolicy.timeoutSetting.read(.string(text))
        if accepted {
            #expect(result == .success(TimeSpan(parsing: text) ?? TimeSpan(ticks: -1)))
        } else {
            #expect(result == .failure(.outOfRange(property: "policy.timeout", value: "'\(text)'", allowed: "a duration above zero and at most 7.00:00:00 (seven days)")))
        }
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
