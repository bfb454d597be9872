import Foundation
import Synchronization

/// Compiles C plugins with the system's C compiler, as third parties build them: from the header
/// alone, with every warning an error and only the entry exported.
public enum CFixtureCompiler {
    /// The flags every C plugin is built with.
    public static let flags = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden"]

    private static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-c-fixtures-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private static let built = Mutex<[String: String]>([:])

    /// Builds `lib<name>.so` from `sources` (absolute paths) once per test process and returns its
    /// path. `headerDirectory` is where `pipehost_plugin.h` comes from (the real header by default).
    public static func library(
        _ name: String, sources: [String], defines: [String] = [], includes: [String] = [], extraArguments: [String] = [],
        headerDirectory: String = RepositoryPaths.headerDirectory
    ) throws -> String {
        try built.withLock { built in
            if let path = built[name] { return path }
            let output = "\(folder)/lib\(name).so"
            let arguments = flags + ["-I", headerDirectory] + includes.flatMap { ["-I", $0] }
                + defines.map { "-D\($0)" } + sources + extraArguments + ["-o", output]
            try run("/usr/bin/cc", arguments)
            built[name] = output
            return output
        }
    }

    /// Builds the executable `name` from `sources` once per test process and returns its path.
    public static func executable(
        _ name: String, sources: [String], headerDirectory: String, extraArguments: [String] = []
    ) throws -> String {
        try built.withLock { built in
            let key = "executable:\(name)"
            if let path = built[key] { return path }
            let output = "\(folder)/\(name)"
            try run(
                "/usr/bin/cc",
                ["-std=c11", "-Wall", "-Wextra", "-Werror", "-I", headerDirectory] + sources + extraArguments + ["-o", output])
            built[key] = output
            return output
        }
    }

    /// One variant of `broken_table.c` (`VARIANT_<variant>`).
    public static func brokenTable(_ variant: String) throws -> String {
        try library("broken_\(variant)", sources: ["\(RepositoryPaths.cFixtures)/broken_table.c"], defines: ["VARIANT_\(variant)"])
    }

    public static func goodPlugin() throws -> String {
        try library("good_c", sources: ["\(RepositoryPaths.cFixtures)/good_plugin.c"])
    }

    public static func misbehavingPlugin() throws -> String {
        try library("misbehaving_c", sources: ["\(RepositoryPaths.cFixtures)/misbehaving_plugin.c"])
    }

    /// Activities that segfault, abort, loop, print to stdout or never end (process isolation).
    public static func crashingPlugin() throws -> String {
        try library("crashing_c", sources: ["\(RepositoryPaths.cFixtures)/crashing_plugin.c"])
    }

    /// The ABI fixture plugin (`abi_plugin.c`) compiled against the frozen ABI 1.0 header, or
    /// against ``GrownABIHeader`` when `grown`.
    public static func abiPlugin(grown: Bool) throws -> String {
        try library(
            grown ? "abi_grown" : "abi_1_0", sources: ["\(RepositoryPaths.cFixtures)/abi_plugin.c"],
            headerDirectory: grown ? try GrownABIHeader.directory() : RepositoryPaths.frozenABI1_0HeaderDirectory)
    }

    /// `grown_host.c`: a C host built against ``GrownABIHeader``, as a host of a later minor.
    public static func grownHost() throws -> String {
        try executable(
            "grown_host", sources: ["\(RepositoryPaths.cFixtures)/grown_host.c"],
            headerDirectory: try GrownABIHeader.directory(), extraArguments: ["-ldl"])
    }

    /// The Custom activity plugin built with `cc` instead of SwiftPM.
    public static func customActivityPlugin() throws -> String {
        let folder = RepositoryPaths.customActivitySources
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".c") }.sorted()
            .map { "\(folder)/\($0)" }
        return try library("custom_cc", sources: sources, includes: ["\(folder)/include"])
    }

    /// Runs a tool and throws with its output when it fails.
    public static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CompileFailure(command: ([tool] + arguments).joined(separator: " "), output: text)
        }
    }
}

/// A compiler run that failed.
public struct CompileFailure: Error, CustomStringConvertible {
    public var command: String
    public var output: String
    public var description: String { "\(command) failed:\n\(output)" }
}
