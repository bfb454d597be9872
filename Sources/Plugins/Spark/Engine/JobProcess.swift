#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation

/// A Spark job's local process tree: `spawn`, `signal` and the `/proc` facts that tell whether it
/// still runs. The plugin's one home for `posix_spawn`, `kill` and `waitpid`.
///
/// The job runs under `/bin/sh` in a process group of its own (so one signal reaches
/// `spark-submit`, its JVM and the Python workers it forks), with its output in `driver.log` and
/// its exit status written to `exit-status` in the job folder when it ends. Those files, the
/// process id and the process's start time are all a later poll needs, in this process or in a
/// host started after this one ended: the job outlives the host that started it.
enum JobProcess {
    /// What identifies a running job process across host restarts: its id and the kernel's start
    /// time of it (so a recycled process id is never taken for the job).
    struct Identity: Codable, Sendable, Equatable {
        var pid: Int32
        var startTicks: UInt64
    }

    /// Spawning failed.
    enum SpawnError: Error, CustomStringConvertible {
        /// `posix_spawn` refused (the shell is missing, or the system is out of processes).
        case spawn(errno: Int32)

        var description: String {
            switch self {
            case .spawn(let code): "posix_spawn of /bin/sh failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// The shell around the job: it enters the working folder (`$2`), runs the command with its
    /// output in the job folder's (`$1`) `driver.log`, and writes the exit status there atomically
    /// to `exit-status`.
    static let wrapper = """
        job="$1"
        cd "$2" || exit 127
        shift 2
        "$@" > "$job/driver.log" 2>&1 < /dev/null
        status=$?
        echo "$status" > "$job/exit-status.partial" && mv "$job/exit-status.partial" "$job/exit-status"
        """

    /// Starts `command` (absolute executable first) in `directory` with `environment`
    /// (`NAME=value`), its log and exit status in `folder`, in a new process group whose id is the
    /// returned process id.
    static func spawn(
        _ command: [String], folder: String, directory: String, environment: [String]
    ) throws(SpawnError) -> Identity {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        closeAboveStandardStreams(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = ["/bin/sh", "-c", wrapper, "pipehost-spark-job", folder, directory] + command
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let status = argv.withUnsafeBufferPointer { argvBuffer -> Int32 in
            envp.withUnsafeBufferPointer { envpBuffer -> Int32 in
                guard let arguments = argvBuffer.baseAddress, let variables = envpBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, variables)
            }
        }
        guard status == 0 else { throw .spawn(errno: status) }
        return Identity(pid: pid, startTicks: startTicks(of: pid) ?? 0)
    }

    /// True while the job's shell runs (not yet a zombie, and the same process as at spawn).
    /// Reaps it first when this process is its parent.
    static func isRunning(_ identity: Identity) -> Bool {
        var status: Int32 = 0
        _ = waitpid(identity.pid, &status, WNOHANG)
        guard let stat = procStat(of: identity.pid) else { return false }
        if stat.state == "Z" || stat.state == "X" { return false }
        return identity.startTicks == 0 || stat.startTicks == identity.startTicks
    }

    /// True while any process of the job's group is alive (zombies of this process reaped first).
    static func groupIsAlive(_ identity: Identity) -> Bool {
        var status: Int32 = 0
        _ = waitpid(identity.pid, &status, WNOHANG)
        for pid in members(ofGroup: identity.pid) {
            if let stat = procStat(of: pid), stat.state != "Z", stat.state != "X" { return true }
        }
        return false
    }

    /// Sends `signal` to every process of the job's group, if its leader is still the job.
    static func signalGroup(_ identity: Identity, _ signal: Int32) {
        // A recycled id must never be signalled: the leader's start time must match, or, once the
        // leader has ended, the group must still have members (the id of a living group cannot be
        // reused as a new group's id).
        if let stat = procStat(of: identity.pid), identity.startTicks != 0, stat.startTicks != identity.startTicks {
            return
        }
        _ = kill(-identity.pid, signal)
    }

    /// The ids of the processes whose process group is `group`, from `/proc`.
    static func members(ofGroup group: Int32) -> [Int32] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap(Int32.init).filter { procStat(of: $0)?.group == group }
    }

    /// The process's state letter, process group and start time (clock ticks after boot), from
    /// `/proc/PID/stat`; nil when there is no such process.
    static func procStat(of pid: Int32) -> (state: Character, group: Int32, startTicks: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime …
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let group = Int32(fields[2]),
            let start = UInt64(fields[19])
        else { return nil }
        return (state, group, start)
    }

    private static func startTicks(of pid: Int32) -> UInt64? { procStat(of: pid)?.startTicks }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time:
    /// its declaration needs `_GNU_SOURCE`, which Swift's Glibc module does not define.
    private static let closeFrom: CloseFrom? = dlsym(
        UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"
    ).map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Closes every descriptor from 3 up in the child: the host's files and sockets stay its own.
    private static func closeAboveStandardStreams(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in names.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
