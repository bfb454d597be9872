/// One activity type a plugin implements: its ADF `type` name, whether it may run concurrently,
/// and its body, either a synchronous `run`, an `async` run, or a long-running operation.
///
/// Bodies receive the plugin instance and the call. `Input` is decoded from the activity's
/// `typeProperties` (members match ignoring case, as ADF's do; use `JSONValue` to take them as
/// they are); `Output` is encoded as the activity's output and must encode as a JSON object.
public struct ActivityDefinition<P: Plugin>: Sendable {
    /// The ADF activity `type` this definition claims, e.g. `"Custom"`.
    public let typeName: String
    /// One line for `pipehost plugins list`.
    public let summary: String
    /// False makes the host serialise every call of this type.
    public let isThreadSafe: Bool
    /// True for start/poll/cancel operations.
    public let isLongRunning: Bool
    /// The linked service types the activity can reach (ABI 1.1), nil when it does not say; set
    /// with ``reaching(linkedServiceTypes:)``.
    public private(set) var linkedServiceTypes: [String]?
    let bind: @Sendable (P) -> BoundActivity

    /// A synchronous activity: the body does the whole work on the host's worker thread and may
    /// block, checking ``ActivityCall/isCancelled`` while it waits.
    public static func run<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ typeName: String, summary: String = "", threadSafe: Bool = true, input: Input.Type = Input.self,
        output: Output.Type = Output.self, _ body: @escaping @Sendable (P, ActivityCall<Input>) throws -> Output
    ) -> Self {
        ActivityDefinition(typeName: typeName, summary: summary, isThreadSafe: threadSafe, isLongRunning: false) {
            plugin in
            .run { environment in
                StepOutcome.capture {
                    let call = try environment.call(decoding: Input.self)
                    return try StepOutcome.succeeded(encoding: body(plugin, call))
                }
            }
        }
    }

    /// An activity whose body is `async` (HTTP clients, database drivers). The kit runs it as a
    /// Swift task while the host's worker thread waits, and cancels the task when the host
    /// cancels the call.
    public static func runAsync<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ typeName: String, summary: String = "", threadSafe: Bool = true, input: Input.Type = Input.self,
        output: Output.Type = Output.self,
        _ body: @escaping @Sendable (P, ActivityCall<Input>) async throws -> Output
    ) -> Self {
        ActivityDefinition(typeName: typeName, summary: summary, isThreadSafe: threadSafe, isLongRunning: false) {
            plugin in
            .runAsync { environment in
                await StepOutcome.capture {
                    let call = try environment.call(decoding: Input.self)
                    return try StepOutcome.succeeded(encoding: await body(plugin, call))
                }
            }
        }
    }

    /// A long-running operation on a remote service. `start` submits it and returns quickly;
    /// the host then calls `poll` on its own timers with the state the last step returned (also
    /// after a host restart, from the state stored with the run) until it succeeds or throws;
    /// `cancel` asks the remote side to stop when the activity is cancelled or times out.
    ///
    /// `State` is stored with the run as JSON: keep it small (at most 64 KiB) and free of secrets.
    public static func longRunning<
        Input: Decodable & Sendable, State: Codable & Sendable, Output: Encodable & Sendable
    >(
        _ typeName: String, summary: String = "", threadSafe: Bool = true, input: Input.Type = Input.self,
        state: State.Type = State.self, output: Output.Type = Output.self,
        start: @escaping @Sendable (P, ActivityCall<Input>) async throws -> OperationStep<State, Output>,
        poll: @escaping @Sendable (P, ActivityCall<Input>, State) async throws -> OperationStep<State, Output>,
        cancel: @escaping @Sendable (P, ActivityCall<Input>, State) async throws -> Void
    ) -> Self {
        ActivityDefinition(typeName: typeName, summary: summary, isThreadSafe: threadSafe, isLongRunning: true) {
            plugin in
            .longRunning(
                start: { environment in
                    await StepOutcome.capture {
                        try StepOutcome(try await start(plugin, try environment.call(decoding: Input.self)))
                    }
                },
                poll: { environment, stateBytes in
                    await StepOutcome.capture {
                        let call = try environment.call(decoding: Input.self)
                        return try StepOutcome(try await poll(plugin, call, try OperationStateCoding.decode(stateBytes)))
                    }
                },
                cancel: { environment, stateBytes in
                    await StepOutcome.capture {
                        let call = try environment.call(decoding: Input.self)
                        try await cancel(plugin, call, try OperationStateCoding.decode(stateBytes))
                        return .succeeded(.object(JSONObject()))
                    }
                })
        }
    }

    /// This definition, declaring the linked service types (as ADF spells them, e.g.
    /// `AzureBlobStorage`) that the activity can reach. `pipehost validate` then warns about a
    /// pipeline whose activity of this type reaches another type, directly or through a dataset.
    public func reaching(linkedServiceTypes types: [String]) -> Self {
        var declared = self
        declared.linkedServiceTypes = types
        return declared
    }

    init(
        typeName: String, summary: String, isThreadSafe: Bool, isLongRunning: Bool,
        bind: @escaping @Sendable (P) -> BoundActivity
    ) {
        self.typeName = typeName
        self.summary = summary
        self.isThreadSafe = isThreadSafe
        self.isLongRunning = isLongRunning
        self.bind = bind
    }
}
