import DataFlowScript
import TestSizeTags
import Testing

/// Any text gives a script or an error, never a crash: truncations and seeded random mutations of
/// the factory-shape scripts, and random bytes.
@Suite("Parser robustness", .tags(.small))
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    private func survive(_ text: String) {
        if let script = try? DataFlowScript.parse(text) {
            _ = try? DataFlowGraph(script)
            // Whatever parses must print to text that parses to the same tree.
            #expect((try? DataFlowScript.parse(script.printed())) == script, "round trip failed for: \(text)")
        }
    }

    @Test("every truncation of a factory-shape script")
    func truncations() throws {
        let text = try FactoryShapeFixtures.definition("CustomerDimensionType1.json").scriptText
        let scalars = Array(text.unicodeScalars)
        for end in stride(from: 0, through: scalars.count, by: 3) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[0..<end])
            survive(String(view))
        }
    }

    @Test("random mutations of factory-shape scripts")
    func mutations() throws {
        var generator = Generator(state: 17)
        let alphabet = Array("()[]{}'\"`$#@,:~>=!<&|+-*/%.?\\ \n\t0123456789aZ_éL".unicodeScalars)
        for name in ["MeterReadingsDeltaMerge.json", "SupportTicketLanguage.json", "MemberExportAudit.json"] {
            let scalars = Array(try FactoryShapeFixtures.definition(name).scriptText.unicodeScalars)
            for _ in 0..<300 {
                var mutated = scalars
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let at = Int.random(in: 0..<mutated.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: mutated[at] = alphabet.randomElement(using: &generator) ?? "x"
                    case 1: mutated.remove(at: at)
                    default: mutated.insert(alphabet.randomElement(using: &generator) ?? "x", at: at)
                    }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: mutated)
                survive(String(view))
            }
        }
    }

    @Test("random bytes")
    func randomBytes() {
        var generator = Generator(state: 4242)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            survive(String(decoding: bytes, as: UTF8.self))
        }
    }
}
