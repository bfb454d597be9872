import ArgumentParser
import AzureMLEmulator

/// Range-checked readers for the emulator's numeric flags: a value out of range is a usage error
/// (exit 64) that names the flag and what it takes, before anything starts.
enum EmulatorArguments {
    /// A TCP port, 0 (any free port) to 65535.
    static func port(_ text: String) throws -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ValidationError("give a port from 0 to 65535 (0 picks a free port)")
        }
        return port
    }

    /// A fraction from 0 to 1.
    static func fraction(_ text: String) throws -> Double {
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw ValidationError("give a fraction from 0 to 1, e.g. 0.1")
        }
        return value
    }

    /// The status of injected failures: 429, 500 or 503.
    static func failStatus(_ text: String) throws -> Int {
        guard let status = Int(text), FaultConfiguration.injectableStatuses.contains(status) else {
            throw ValidationError(
                "give one of \(FaultConfiguration.injectableStatuses.map(String.init).joined(separator: ", "))")
        }
        return status
    }

    /// A duration from 0 to a day: `2s`, `500ms`, `1.5s`, `3m`.
    static func duration(_ text: String) throws -> EmulatorDuration {
        guard let duration = EmulatorDuration(parsing: text) else {
            throw ValidationError(
                "'\(text)' is not a duration from 0 to \(EmulatorDuration.maximum) (a day); write e.g. 2s, 500ms or 1.5s")
        }
        return duration
    }
}
