import Foundation
import TestSizeTags
import Testing

@testable import PipelineExpressions

@Suite("String order", .tags(.small))
struct CollationTests {
    /// The ASCII fast path must order strings exactly as the ICU collator it stands in for.
    @Test("printable ASCII is ordered as Foundation's en_US collator orders it")
    func asciiMatchesICU() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBzZ")
        let locale = Locale(identifier: "en_US")
        for _ in 0..<3_000 {
            let lhs = String(
                (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator) ?? "a"
                })
            let rhs = String(
                (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator) ?? "a"
                })
            let expected: Int
            switch lhs.compare(rhs, locale: locale) {
            case .orderedAscending: expected = -1
            case .orderedDescending: expected = 1
            case .orderedSame: expected = 0
            }
            #expect(StringCollation.compare(lhs, rhs) == expected, "'\(lhs)' vs '\(rhs)'")
        }
    }

    @Test(
        "numbers print the .NET way",
        arguments: [
            (1.0, "1"), (0.1, "0.1"), (1e15, "1000000000000000"), (1e16, "10000000000000000"), (1e17, "1E+17"),
            (1.5e-7, "1.5E-07"), (0.0001, "0.0001"), (1e-5, "1E-05"), (-0.0, "-0"),
            (123456789012345678.0, "1.2345678901234568E+17"),
            (5e-324, "5E-324"), (1.7976931348623157e308, "1.7976931348623157E+308"), (-2.5, "-2.5"),
        ])
    func numberFormatting(value: Double, text: String) {
        #expect(DotNetNumberFormatting.format(value) == text)
    }
}
