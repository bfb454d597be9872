import Foundation
import PipehostJSON
import Synchronization

/// The Azure ML emulator of `pipehost run --emulator FILE`: the `azureml-emulator` executable built
/// next to `pipehost`, started as a child process on a free loopback port for the length of the run
/// (pipehost itself never links NIO; docs/architecture.md). Its URL reaches the pipeline as a global
/// parameter, and after the run the blobs the run wrote are listed with their local paths.
///
/// The child announces itself with one JSON line (`--announce json`) and stops when its standard
/// input ends (`--stop-on-stdin-eof`), so it cannot outlive pipehost even when pipehost is killed.
final class EmulatorProcess: Sendable {
    /// `http://127.0.0.1:PORT`, as the emulator announced it.
    let baseURL: String
    /// The factory's global parameter that receives ``baseURL``.
    let urlParameter: String
    private let storageFolders: [URL]
    private let child: ChildProcess
    private let before: [String: BlobFileStamp]

    /// The executable's name, next to `pipehost`.
    static let executableName = "azureml-emulator"
    /// How long the emulator may take to read its configuration and listen.
    static let startTimeout: Duration = .seconds(30)

    private init(baseURL: String, urlParameter: String, storageFolders: [URL], child: ChildProcess) {
        self.baseURL = baseURL
        self.urlParameter = urlParameter
        self.storageFolders = storageFolders
        self.child = child
        before = BlobFileStamp.scan(storageFolders)
    }

    /// Starts the emulator with the configuration at `configurationPath` on 127.0.0.1, port 0, and
    /// waits until it listens.
    static func start(configurationPath: String, urlParameter: String) async throws(EmulatorLaunchError) -> EmulatorProcess {
        let executable = executablePath()
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw .executableMissing(expectedAt: executable)
        }
        let arguments = [
            "--config", configurationPath, "--host", "127.0.0.1", "--port", "0", "--announce", "json", "--stop-on-stdin-eof",
        ]
        let child: ChildProcess
        switch ChildProcess.spawn(executable: executable, arguments: arguments) {
        case .success(let started): child = started
        case .failure(let error): throw .notStarted(executable: executable, error)
        }
        switch await firstLine(of: child, within: startTimeout) {
        case .ended:
            throw .exitedBeforeListening(child.stop())
        case .timedOut:
            child.stop()
            throw .silent(startTimeout)
        case .line(let line):
            guard let announcement = try? JSONParser.parse(line), let url = announcement["listening"]?.stringValue else {
                child.stop()
                throw .unreadableAnnouncement(line)
            }
            let folders = (announcement["storageAccounts"]?.arrayValue ?? []).compactMap { $0["folder"]?.stringValue }
            return EmulatorProcess(
                baseURL: url, urlParameter: urlParameter, storageFolders: folders.map { URL(fileURLWithPath: $0) },
                child: child)
        }
    }

    /// The factory's global parameters with the emulator's URL in `urlParameter` (keeping the
    /// factory's spelling of its name).
    func globalParameters(overriding factory: JSONObject) -> JSONObject {
        var result = factory
        let name = factory.member(caseInsensitive: urlParameter)?.key ?? urlParameter
        result[name] = .string(baseURL)
        return result
    }

    /// What to tell the user after the run: where the emulator ran and which blob files the run
    /// created or changed, as paths relative to the current folder when they are under it.
    func report() -> String {
        let after = BlobFileStamp.scan(storageFolders)
        let written = after.filter { before[$0.key] != $0.value }.keys.sorted()
        let current = FileManager.default.currentDirectoryPath + "/"
        var lines = ["Azure ML emulator: \(baseURL) (\(Self.executableName), process \(child.pid), stopped with the run)"]
        if written.isEmpty {
            lines.append("  the run wrote no blobs")
        } else {
            lines.append("  blobs the run wrote:")
            for path in written {
                lines.append("    " + (path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Stops the emulator and waits for it to exit. Idempotent.
    func stop() {
        child.stop()
    }

    /// `azureml-emulator` in the folder of the running executable (symbolic links resolved).
    static func executablePath() -> String {
        #if os(Linux)
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        let running = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        #endif
        return running.deletingLastPathComponent().appendingPathComponent(executableName).path
    }

    // MARK: Waiting for the announcement

    private enum FirstLine: Sendable {
        case line(String)
        case ended
        case timedOut
    }

    /// The child's first line of output, or why there is none. Later lines are read and dropped,
    /// so that the child never blocks on a full pipe.
    private static func firstLine(of child: ChildProcess, within timeout: Duration) async -> FirstLine {
        let answer = FirstAnswer()
        let timer = Task {
            try? await Task.sleep(for: timeout)
            answer.give(.timedOut)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            answer.deliver(to: continuation)
            child.readLines { line in answer.give(line.map(FirstLine.line) ?? .ended) }
        }
    }

    /// The first of several possible answers, handed to one waiting continuation.
    private final class FirstAnswer: Sendable {
        private struct State {
            var answer: FirstLine?
            var continuation: CheckedContinuation<FirstLine, Never>?
        }
        private let state = Mutex(State())

        func deliver(to continuation: CheckedContinuation<FirstLine, Never>) {
            let ready = state.withLock { state -> FirstLine? in
                if let answer = state.answer { return answer }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }

        func give(_ answer: FirstLine) {
            let waiting = state.withLock { state -> CheckedContinuation<FirstLine, Never>? in
                guard state.answer == nil else { return nil }
                state.answer = answer
                defer { state.continuation = nil }
                return state.continuation
            }
            waiting?.resume(returning: answer)
        }
    }
}

/// Why `pipehost run --emulator` could not start the Azure ML emulator.
enum EmulatorLaunchError: Error, Sendable, CustomStringConvertible {
    /// No `azureml-emulator` executable next to `pipehost`.
    case executableMissing(expectedAt: String)
    /// `posix_spawn` refused to start it.
    case notStarted(executable: String, Errno)
    /// It ended before it listened: a bad configuration, whose problem it printed itself.
    case exitedBeforeListening(ChildProcess.Exit)
    /// It said nothing within the start timeout.
    case silent(Duration)
    /// Its first line was not the JSON announcement this pipehost expects (an emulator of another build).
    case unreadableAnnouncement(String)

    var description: String {
        switch self {
        case .executableMissing(let path):
            "the Azure ML emulator is not built: there is no '\(path)' next to pipehost. Build it with "
                + "`swift build --product azureml-emulator` (scripts/demo and a plain `swift build` build it too), "
                + "then run again"
        case .notStarted(let executable, let error):
            "'\(executable)' could not be started: \(error)"
        case .exitedBeforeListening(let exit):
            "the Azure ML emulator \(exit) before it was listening (its message is above); fix the configuration and run again"
        case .silent(let timeout):
            "the Azure ML emulator did not announce its URL within \(timeout.components.seconds) s and was stopped"
        case .unreadableAnnouncement(let line):
            "the Azure ML emulator announced '\(line.prefix(200))' instead of its JSON address line; rebuild pipehost and "
                + "azureml-emulator together (`swift build`)"
        }
    }
}
