import Foundation

/// Where the tests find what SwiftPM built and what the repository holds.
public enum BuildProducts {
    /// The build folder of the running test binary: SwiftPM puts the `.so` products and the
    /// executables next to it (`.build/<triple>/<configuration>/`).
    public static let directory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // On some platforms the test binary sits inside a bundle folder; climb to the products.
        while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        return folder.path
    }()

    /// A `.dynamic` library product, e.g. `library("SwiftFixturePlugin")`.
    public static func library(_ product: String) -> String {
        "\(directory)/lib\(product).so"
    }

    /// The built `pipehost` executable.
    public static var pipehost: String { "\(directory)/pipehost" }
}

/// Paths inside the repository, from this file's location.
public enum RepositoryPaths {
    public static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The folder holding `pipehost_plugin.h`.
    public static var headerDirectory: String { "\(root)/Sources/Host/PluginABI/include" }

    /// The C fixture plugins' sources.
    public static var cFixtures: String { "\(root)/Tests/FixturePlugins/C" }

    /// The folder of the frozen copy of `pipehost_plugin.h` as plugin ABI 1.0 shipped it.
    public static var frozenABI1_0HeaderDirectory: String { "\(cFixtures)/abi-1.0" }

    /// The Custom activity plugin's sources.
    public static var customActivitySources: String { "\(root)/Sources/Plugins/CustomActivity" }
}

/// A fresh folder under the system's temporary folder, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(_ name: String = "pipehost-test") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    public func write(_ text: String, to name: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
