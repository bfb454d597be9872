import Foundation

/// Paths of the checked-in fixtures.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func factory(_ name: String) -> String { root.appendingPathComponent("Factories/\(name)").path }
}
