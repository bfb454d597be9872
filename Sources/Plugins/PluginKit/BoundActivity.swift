import PluginContract

/// An activity definition bound to the plugin instance, erased over its input, state and output
/// types so that the C trampolines can call it.
enum BoundActivity: Sendable {
    case run(@Sendable (CallEnvironment) -> StepOutcome)
    case runAsync(@Sendable (CallEnvironment) async -> StepOutcome)
    case longRunning(
        start: @Sendable (CallEnvironment) async -> StepOutcome,
        poll: @Sendable (CallEnvironment, [UInt8]) async -> StepOutcome,
        cancel: @Sendable (CallEnvironment, [UInt8]) async -> StepOutcome)
}

/// What a call has to work with once the kit has read the invocation.
struct CallEnvironment: Sendable {
    let invocation: Invocation
    let handle: CallHandle

    /// The public call value, with `typeProperties` decoded as `Input`.
    func call<Input: Decodable & Sendable>(decoding type: Input.Type) throws -> ActivityCall<Input> {
        // Plugins that take typeProperties as they are skip the decoder entirely.
        if Input.self == JSONValue.self, let input = invocation.typeProperties as? Input {
            return ActivityCall(input: input, invocation: invocation, handle: handle)
        }
        let decoder = JSONValueDecoder(keyMatching: .caseInsensitive, rootPath: "typeProperties")
        let input = try decoder.decode(Input.self, from: invocation.typeProperties)
        return ActivityCall(input: input, invocation: invocation, handle: handle)
    }
}

/// How one call ended, in the kit's terms; the trampolines write it into `ph_result`.
enum StepOutcome: Sendable {
    case succeeded(JSONValue)
    case failed(ActivityFailure)
    case running(state: [UInt8], pollAfterMilliseconds: UInt64)

    /// Runs `body` and turns anything it throws into `.failed`.
    static func capture(_ body: () throws -> StepOutcome) -> StepOutcome {
        do { return try body() } catch { return .failed(ActivityFailure(describing: error)) }
    }

    static func capture(_ body: () async throws -> StepOutcome) async -> StepOutcome {
        do { return try await body() } catch { return .failed(ActivityFailure(describing: error)) }
    }

    /// Encodes an activity output, which must be a JSON object.
    static func succeeded<Output: Encodable>(encoding output: Output) throws -> StepOutcome {
        let json: JSONValue
        do {
            if Output.self == JSONValue.self, let value = output as? JSONValue {
                json = value
            } else {
                json = try JSONValueEncoder().encode(output)
            }
        } catch {
            throw ActivityFailure.systemError("The activity's output could not be encoded: \(error)")
        }
        guard case .object = json else {
            throw ActivityFailure.systemError(
                "The activity's output must be a JSON object, but \(Output.self) encodes as \(json.typeName.lowercased()).")
        }
        return .succeeded(json)
    }

    init<State: Codable & Sendable, Output: Encodable & Sendable>(_ step: OperationStep<State, Output>) throws {
        switch step {
        case .succeeded(let output):
            self = try .succeeded(encoding: output)
        case .running(let state, let pollAfter):
            let bytes = try OperationStateCoding.encode(state)
            let milliseconds = pollAfter.map(Self.milliseconds) ?? 0
            self = .running(state: bytes, pollAfterMilliseconds: milliseconds)
        }
    }

    /// Whole milliseconds, at least 1 for a positive duration (0 would mean "the host's default").
    private static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 1 }
        let total = UInt64(seconds).multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return UInt64.max }
        let fraction = UInt64(attoseconds / 1_000_000_000_000_000)
        return max(total.partialValue + fraction, 1)
    }
}

/// Operation states cross as compact JSON of the plugin's `State` type.
enum OperationStateCoding {
    static func encode<State: Encodable>(_ state: State) throws -> [UInt8] {
        let json: JSONValue
        do {
            json = try JSONValueEncoder().encode(state)
        } catch {
            throw ActivityFailure.systemError("The operation state could not be encoded: \(error)")
        }
        let bytes = JSONSerializer.bytes(json)
        guard bytes.count <= PluginLimits.maximumStateBytes else {
            throw ActivityFailure.systemError(
                "The operation state is \(bytes.count) bytes; the host stores at most \(PluginLimits.maximumStateBytes). Keep only what identifies the remote operation.")
        }
        return bytes
    }

    static func decode<State: Decodable>(_ bytes: [UInt8]) throws -> State {
        do {
            let json = try JSONParser.parse(bytes)
            return try JSONValueDecoder(keyMatching: .exact).decode(State.self, from: json)
        } catch {
            throw ActivityFailure.systemError(
                "The saved operation state cannot be read (\(error)); was it written by another version of this plugin?")
        }
    }
}
