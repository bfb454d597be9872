import ActivityContract
import Foundation
import TestSizeTags
import Testing

/// Error codes are spelled once, in `ActivityErrorCode`: each is documented, and the host and
/// PluginKit write none as a string literal.
@Suite("Activity error codes", .tags(.small))
struct ActivityErrorCodeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("codes are unique, and each is ADF's numeric kind or a pipehost name")
    func kinds() {
        #expect(Set(ActivityErrorCode.all).count == ActivityErrorCode.all.count)
        for code in ActivityErrorCode.all {
            let numeric = !code.isEmpty && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber)
            let name = code.first?.isUppercase == true && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            #expect(numeric || name, "\(code)")
        }
        #expect(ActivityErrorCode.invalidPropertyValue == "2105")
        #expect(ActivityErrorCode.pluginWorkerProtocolError == "PluginWorkerProtocolError")
    }

    @Test("docs/error-codes.md lists every code")
    func documented() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("docs/error-codes.md"), encoding: .utf8)
        for code in ActivityErrorCode.all {
            #expect(text.contains("| `\(code)` |"), "docs/error-codes.md does not list \(code)")
        }
    }

    @Test("the host and PluginKit write no error code as a string literal")
    func noLiterals() throws {
        let pattern = try Regex(#"(errorCode|code): (String = )?"[^"]*""#)
        var found: [String] = []
        for folder in ["Sources/Host", "Sources/Plugins/PluginKit"] {
            let root = Self.repository.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            #expect(!files.isEmpty, "no Swift files under \(folder)")
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains(pattern) {
                    found.append("\(file.path.dropFirst(Self.repository.path.count + 1)):\(number + 1): \(line)")
                }
            }
        }
        #expect(found.isEmpty, "use ActivityErrorCode instead:\n\(found.joined(separator: "\n"))")
    }
}
