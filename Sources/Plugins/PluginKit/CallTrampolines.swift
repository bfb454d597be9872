import PipehostPluginABI
import PluginContract

/// The C functions in the plugin table. They are the boundary: nothing thrown, trapped-for or
/// returned in Swift terms crosses it, only statuses and buffers.
enum CallTrampolines {
    static let initialize:
        @convention(c) (
            UnsafePointer<ph_host_services>?, UnsafePointer<UInt8>?, UInt64,
            UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<ph_buffer>?
        ) -> Int32 = { services, settings, settingsLength, pluginContext, error in
            func refuse(_ message: String) -> Int32 {
                if let error {
                    error.pointee = .owning(JSONSerializer.bytes(["message": .string(message)]))
                }
                return CallStatus.failed.rawValue
            }
            guard let services, let pluginContext else {
                return refuse("the host passed no services table or no context slot to init")
            }
            let servicesSize = services.pointee.struct_size
            guard StructLayout.isCompatible(structSize: servicesSize, frozenSize: StructLayout.FrozenSize.hostServices) else {
                return refuse(
                    "the host's ph_host_services has struct_size \(servicesSize), less than plugin ABI 1.0's "
                        + "\(StructLayout.FrozenSize.hostServices) bytes")
            }
            guard let pluginType = PluginExport.exportedPluginType else {
                return refuse("init was called before pipehost_plugin_entry_v1 returned the table")
            }
            let settingsJSON: JSONValue
            switch CallDispatch.parse(settings, settingsLength) {
            case .success(.object(let object)): settingsJSON = .object(object)
            case .success(let other):
                return refuse("the plugin's settings must be a JSON object, not \(other.typeName.lowercased())")
            case .failure(let problem): return refuse("the plugin's settings are not valid JSON: \(problem)")
            }
            do {
                let instance = try PluginInstance.create(
                    pluginType, host: HostServices(table: services), settings: settingsJSON)
                pluginContext.pointee = Unmanaged.passRetained(instance).toOpaque()
                return CallStatus.succeeded.rawValue
            } catch {
                return refuse(ActivityFailure(describing: error).message)
            }
        }

    static let deinitialize: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pluginContext in
        guard let pluginContext else { return }
        let instance = Unmanaged<PluginInstance>.fromOpaque(pluginContext).takeRetainedValue()
        instance.plugin.shutdown()
    }

    static let run: ph_activity_run_fn = { pluginContext, context, invocation, length, result in
        CallDispatch.call(pluginContext, context, invocation, length, result) { activity, environment in
            switch activity {
            case .run(let body):
                return body(environment)
            case .runAsync(let body):
                return ThreadBlocking.run(isCancelled: { environment.handle.isCancelled }) { await body(environment) }
            case .longRunning:
                return .failed(.systemError("The host called run for a long-running activity type."))
            }
        }
    }

    static let start: ph_activity_run_fn = { pluginContext, context, invocation, length, result in
        CallDispatch.call(pluginContext, context, invocation, length, result) { activity, environment in
            guard case .longRunning(let start, _, _) = activity else {
                return .failed(.systemError("The host called start for an activity type that is not long-running."))
            }
            return ThreadBlocking.run(isCancelled: { environment.handle.isCancelled }) { await start(environment) }
        }
    }

    static let poll: ph_activity_operation_fn = { pluginContext, context, invocation, length, state, stateLength, result in
        let stateBytes = CallDispatch.bytes(state, stateLength)
        return CallDispatch.call(pluginContext, context, invocation, length, result) { activity, environment in
            guard case .longRunning(_, let poll, _) = activity else {
                return .failed(.systemError("The host called poll for an activity type that is not long-running."))
            }
            return ThreadBlocking.run(isCancelled: { environment.handle.isCancelled }) {
                await poll(environment, stateBytes)
            }
        }
    }

    static let cancel: ph_activity_operation_fn = { pluginContext, context, invocation, length, state, stateLength, result in
        let stateBytes = CallDispatch.bytes(state, stateLength)
        return CallDispatch.call(pluginContext, context, invocation, length, result) { activity, environment in
            guard case .longRunning(_, _, let cancel) = activity else {
                return .failed(.systemError("The host called cancel for an activity type that is not long-running."))
            }
            // The cancel request itself must run to the end even though the call is cancelled.
            return ThreadBlocking.run(isCancelled: { false }) { await cancel(environment, stateBytes) }
        }
    }
}

/// The steps every activity trampoline shares: find the instance and the activity, read the
/// invocation, run the body, write the result.
enum CallDispatch {
    static func call(
        _ pluginContext: UnsafeMutableRawPointer?, _ context: UnsafePointer<ph_call_context>?,
        _ invocation: UnsafePointer<UInt8>?, _ length: UInt64, _ result: UnsafeMutablePointer<ph_result>?,
        _ body: (BoundActivity, CallEnvironment) -> StepOutcome
    ) -> Int32 {
        // A result struct too small to hold the buffers cannot carry any answer, not even an error.
        // Host structs are accepted by the header's rule: at least their ABI 1.0 size, whatever
        // minor the host was built for.
        guard let result,
            StructLayout.isCompatible(structSize: result.pointee.struct_size, frozenSize: StructLayout.FrozenSize.result)
        else {
            return CallStatus.failed.rawValue
        }
        guard let pluginContext else {
            return write(.failed(.systemError("The plugin was called without the context its init returned.")), result)
        }
        if let context {
            let size = context.pointee.struct_size
            guard StructLayout.isCompatible(structSize: size, frozenSize: StructLayout.FrozenSize.callContext) else {
                return write(
                    .failed(
                        .systemError(
                            "The host passed a ph_call_context whose struct_size \(size) is less than plugin ABI 1.0's "
                                + "\(StructLayout.FrozenSize.callContext) bytes.")),
                    result)
            }
        }
        let instance = Unmanaged<PluginInstance>.fromOpaque(pluginContext).takeUnretainedValue()
        let json: JSONValue
        switch parse(invocation, length) {
        case .success(let value): json = value
        case .failure(let problem):
            return write(.failed(.systemError("The host sent an invocation that is not valid JSON: \(problem)")), result)
        }
        let parsed = Invocation(json: json)
        guard let activity = instance.activities[parsed.activityType] else {
            return write(
                .failed(.systemError("This plugin does not implement the activity type '\(parsed.activityType)'.")),
                result)
        }
        let handle = CallHandle(context: context)
        defer { handle.close() }
        return write(body(activity, CallEnvironment(invocation: parsed, handle: handle)), result)
    }

    static func write(_ outcome: StepOutcome, _ result: UnsafeMutablePointer<ph_result>) -> Int32 {
        switch outcome {
        case .succeeded(let output):
            let bytes = JSONSerializer.bytes(output)
            guard bytes.count <= PluginLimits.maximumResultBytes else {
                return write(
                    .failed(
                        .systemError(
                            "The activity's output is \(bytes.count) bytes; the host accepts at most \(PluginLimits.maximumResultBytes).")),
                    result)
            }
            result.pointee.output = .owning(bytes)
            return CallStatus.succeeded.rawValue
        case .failed(let failure):
            var bytes = JSONSerializer.bytes(failure.json)
            if bytes.count > PluginLimits.maximumResultBytes {
                var trimmed = failure
                trimmed.message = String(failure.message.prefix(64 * 1024))
                trimmed.details = nil
                bytes = JSONSerializer.bytes(trimmed.json)
            }
            result.pointee.error = .owning(bytes)
            return CallStatus.failed.rawValue
        case .running(let state, let pollAfterMilliseconds):
            result.pointee.state = .owning(state)
            result.pointee.next_poll_ms = pollAfterMilliseconds
            return CallStatus.running.rawValue
        }
    }

    /// Host-owned bytes, copied (they are valid only during the call and async bodies may
    /// outlive the stack frame that received them by a few instructions).
    static func bytes(_ pointer: UnsafePointer<UInt8>?, _ length: UInt64) -> [UInt8] {
        guard let pointer, let count = Int(exactly: length), count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// Parses host-owned JSON bytes; empty means `{}`.
    static func parse(_ pointer: UnsafePointer<UInt8>?, _ length: UInt64) -> Result<JSONValue, JSONParseError> {
        guard let pointer, let count = Int(exactly: length), count > 0 else { return .success(.object(JSONObject())) }
        do {
            return .success(try JSONParser.parse(UnsafeBufferPointer(start: pointer, count: count)))
        } catch {
            return .failure(error)
        }
    }
}
