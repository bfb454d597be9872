import DataPluginCore
import Foundation
import PluginKit

/// The Hadoop options of an `HDInsightStreaming` activity: `defines` (Hadoop configuration),
/// `commandEnvironment` (`NAME=value` for the programs) and the generic options of `arguments`
/// (`-D name=value`, `-cmdenv NAME=value`, `-numReduceTasks N`), later ones winning as on
/// `hadoop jar hadoop-streaming.jar`'s command line, where ADF puts `defines` first.
struct StreamingOptions: Sendable {
    /// Reduce tasks (`mapreduce.job.reduces`, `mapred.reduce.tasks`, `-numReduceTasks`); 0 is map only.
    var reducers = 1
    /// The map task count Hadoop's split size aims at (`mapreduce.job.maps`); nil for Spark's parallelism.
    var mapTasks: Int?
    /// The smallest split (`mapreduce.input.fileinputformat.split.minsize`); nil for 1 byte.
    var minimumSplitBytes: Int?
    /// Map output buffered before it is partitioned, sorted and combined (`mapreduce.task.io.sort.mb`).
    var sortBufferMegabytes = 16
    /// A reduce task's memory for its input (`mapreduce.reduce.memory.totalbytes`); nil for 128 MB
    /// held in memory before its runs are merged from files.
    var reduceMemoryBytes: Int?
    /// The share of `reduceMemoryBytes` that holds the input (`mapreduce.reduce.shuffle.input.buffer.percent`).
    var shuffleInputBufferShare = 0.70
    /// Runs merged at once when a reduce task merges from files (`mapreduce.task.io.sort.factor`).
    var mergeFactor = 64
    /// The configuration in the order given, as the programs' environment gets it.
    var configuration: [(name: String, value: String)] = []
    /// `commandEnvironment` and `-cmdenv` variables in the order given.
    var commandEnvironment: [(name: String, value: String)] = []

    static let reducerRange = 0...10_000
    static let mapTaskRange = 1...1_000_000
    static let sortBufferRange = 1...2_047
    static let mergeFactorRange = 2...10_000
    static let reduceMemoryRange = 1...(1 << 40)
    static let defaultInMemoryMergeBytes = 128 << 20

    /// The most of its input a reduce task sorts in memory; beyond it the input is merged from files.
    var inMemoryMergeBytes: Int {
        guard let reduceMemoryBytes else { return Self.defaultInMemoryMergeBytes }
        return max(1, Int(Double(reduceMemoryBytes) * shuffleInputBufferShare))
    }

    init(_ reader: PropertyReader) throws(ActivityFailure) {
        for (name, value) in try JobFiles.pairs(reader.value("defines"), path: reader.member("defines")) {
            try define(name, value, path: reader.member("defines") + "." + name)
        }
        for (index, entry) in try JobFiles.strings(reader.value("commandEnvironment"), path: reader.member("commandEnvironment")).enumerated() {
            try setVariable(entry, path: "\(reader.member("commandEnvironment"))[\(index)]")
        }
        let arguments = try JobFiles.strings(reader.value("arguments"), path: reader.member("arguments"))
        var index = 0
        while index < arguments.count {
            let path = "\(reader.member("arguments"))[\(index)]"
            let argument = arguments[index]
            let option = ["-D", "-cmdenv", "-numReduceTasks"].first { argument == $0 || argument == "-" + $0 }
            if let option {
                guard index + 1 < arguments.count else {
                    throw ActivityFailure.invalidProperty(path, "'\(argument)' needs a value after it")
                }
                let value = arguments[index + 1]
                let valuePath = "\(reader.member("arguments"))[\(index + 1)]"
                switch option {
                case "-D": try defineAssignment(value, path: valuePath)
                case "-cmdenv": try setVariable(value, path: valuePath)
                default: try define("mapreduce.job.reduces", value, path: valuePath)
                }
                index += 2
            } else if argument.hasPrefix("-D"), argument.count > 2 {
                try defineAssignment(String(argument.dropFirst(2)), path: path)
                index += 1
            } else {
                throw ActivityFailure.invalidProperty(
                    path,
                    "'\(argument)' is not an option pipehost's Hadoop Streaming takes in arguments: give -D name=value, "
                        + "-cmdenv NAME=value or -numReduceTasks N there, and the mapper, reducer, combiner, input, output "
                        + "and files as typeProperties")
            }
        }
    }

    /// Every configuration name exported to the programs' environment as Hadoop Streaming does
    /// (each character but letters and digits turned into `_`), the effective reducer count, then
    /// the command environment.
    var programEnvironment: [String: String] {
        var environment: [String: String] = [:]
        for (name, value) in configuration {
            environment[String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })] = value
        }
        environment["mapreduce_job_reduces"] = String(reducers)
        for (name, value) in commandEnvironment { environment[name] = value }
        return environment
    }

    private mutating func defineAssignment(_ text: String, path: String) throws(ActivityFailure) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ActivityFailure.invalidProperty(path, "expected name=value after -D, found '\(text)'")
        }
        try define(String(text[..<equals]), String(text[text.index(after: equals)...]), path: path)
    }

    private mutating func define(_ name: String, _ value: String, path: String) throws(ActivityFailure) {
        configuration.removeAll { $0.name == name }
        configuration.append((name, value))
        switch name {
        case "mapreduce.job.reduces", "mapred.reduce.tasks":
            reducers = try Self.number(value, in: Self.reducerRange, path: path)
        case "mapreduce.job.maps", "mapred.map.tasks":
            mapTasks = try Self.number(value, in: Self.mapTaskRange, path: path)
        case "mapreduce.task.io.sort.mb", "io.sort.mb":
            sortBufferMegabytes = try Self.number(value, in: Self.sortBufferRange, path: path)
        case "mapreduce.input.fileinputformat.split.minsize", "mapred.min.split.size":
            minimumSplitBytes = try Self.number(value, in: 1...Int(Int32.max), path: path)
        case "mapreduce.task.io.sort.factor", "io.sort.factor":
            mergeFactor = try Self.number(value, in: Self.mergeFactorRange, path: path)
        case "mapreduce.reduce.memory.totalbytes":
            reduceMemoryBytes = try Self.number(value, in: Self.reduceMemoryRange, path: path)
        case "mapreduce.reduce.shuffle.input.buffer.percent", "mapred.job.shuffle.input.buffer.percent":
            guard let share = Double(value.trimmingCharacters(in: .whitespaces)), share > 0, share <= 1 else {
                throw ActivityFailure.invalidProperty(path, "expected a fraction above 0 and at most 1 (such as 0.70), found '\(value)'")
            }
            shuffleInputBufferShare = share
        default:
            break
        }
    }

    private mutating func setVariable(_ text: String, path: String) throws(ActivityFailure) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
            !text[..<equals].contains(where: { $0.isWhitespace })
        else {
            throw ActivityFailure.invalidProperty(path, "expected NAME=value (a variable of the programs' environment), found '\(text)'")
        }
        let name = String(text[..<equals])
        commandEnvironment.removeAll { $0.name == name }
        commandEnvironment.append((name, String(text[text.index(after: equals)...])))
    }

    private static func number(_ text: String, in range: ClosedRange<Int>, path: String) throws(ActivityFailure) -> Int {
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ActivityFailure.invalidProperty(path, "expected a whole number, found '\(text)'")
        }
        guard range.contains(number) else {
            throw ActivityFailure.invalidProperty(path, "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }
}
