import Foundation

/// Compiles Java sources with the JDK's `javac` against Spark's jars and packs them with `jar`:
/// the jar jobs of the tests are real Java programs built in the test.
enum JavaJar {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Compiles `source` (a public class `className`) into `<folder>/<jarName>`; returns its path.
    static func build(className: String, source: String, classpath: String, in folder: String, jarName: String) throws -> String {
        let work = folder + "/java-\(className)"
        try FileManager.default.createDirectory(atPath: work + "/classes", withIntermediateDirectories: true)
        try source.write(toFile: "\(work)/\(className).java", atomically: true, encoding: .utf8)
        try run(["javac", "-cp", classpath, "-d", work + "/classes", "\(work)/\(className).java"])
        let jar = folder + "/" + jarName
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: jar).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try run(["jar", "cf", jar, "-C", work + "/classes", "."])
        return jar
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
