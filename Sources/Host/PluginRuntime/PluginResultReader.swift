import ActivityContract
import PipehostJSON
import PipehostPluginABI
import PluginContract

/// What one plugin call produced, once its `ph_result` passed validation.
enum PluginCallOutcome: Sendable, Equatable {
    case succeeded(JSONValue)
    case failed(ActivityError)
    case running(state: [UInt8], pollAfterMilliseconds: UInt64)
}

/// A plugin broke the contract in a result; the sentence says how.
struct PluginMisbehavior: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Validates the status and the `ph_result` a plugin call filled, copies what the status says to
/// use, and releases every buffer the plugin set, exactly once, whatever happened.
enum PluginResultReader {
    static func read(
        status: Int32, result: UnsafeMutablePointer<ph_result>, allowsRunning: Bool
    ) -> Result<PluginCallOutcome, PluginMisbehavior> {
        defer { releaseAll(result) }
        guard result.pointee.struct_size == StructLayout.resultSize else {
            return .failure(PluginMisbehavior("it changed ph_result.struct_size to \(result.pointee.struct_size)"))
        }
        guard let known = CallStatus(rawValue: status), known != .running || allowsRunning else {
            let allowed = allowsRunning ? "PH_STATUS_SUCCEEDED, PH_STATUS_FAILED or PH_STATUS_RUNNING" : "PH_STATUS_SUCCEEDED or PH_STATUS_FAILED"
            return .failure(PluginMisbehavior("it returned status \(status), but this call may return only \(allowed)"))
        }
        switch known {
        case .succeeded:
            return bytes(of: result.pointee.output, name: "output", limit: PluginLimits.maximumResultBytes).flatMap { bytes in
                guard let bytes else { return .success(.succeeded(.object(JSONObject()))) }
                return parseObject(bytes, name: "output").map { .succeeded($0) }
            }
        case .failed:
            return bytes(of: result.pointee.error, name: "error", limit: PluginLimits.maximumResultBytes).flatMap { bytes in
                guard let bytes else {
                    return .success(
                        .failed(
                            ActivityError(
                                errorCode: ActivityErrorCode.pluginFailed,
                                message: "The plugin reported a failure without an error message.",
                                failureType: .systemError)))
                }
                return parseObject(bytes, name: "error").flatMap { json in
                    do {
                        return .success(.failed(try ActivityError(validating: json)))
                    } catch {
                        return .failure(PluginMisbehavior("its error object does not have ADF's shape: \(error)"))
                    }
                }
            }
        case .running:
            return bytes(of: result.pointee.state, name: "state", limit: PluginLimits.maximumStateBytes).flatMap { bytes in
                guard let bytes, !bytes.isEmpty else {
                    return .failure(PluginMisbehavior("it returned PH_STATUS_RUNNING without an operation state"))
                }
                return .success(.running(state: bytes, pollAfterMilliseconds: result.pointee.next_poll_ms))
            }
        }
    }

    /// The bytes of one result buffer: nil when unset, or why the buffer is unusable.
    private static func bytes(
        of buffer: ph_buffer, name: String, limit: Int
    ) -> Result<[UInt8]?, PluginMisbehavior> {
        if buffer.isUnset { return .success(nil) }
        guard StructLayout.isValidBuffer(structSize: buffer.struct_size) else {
            return .failure(
                PluginMisbehavior(
                    "its \(name) buffer has struct_size \(buffer.struct_size), not sizeof(ph_buffer) = \(StructLayout.bufferSize)"))
        }
        guard buffer.length <= UInt64(limit) else {
            return .failure(PluginMisbehavior("its \(name) is \(buffer.length) bytes, more than the limit of \(limit)"))
        }
        guard buffer.length == 0 || buffer.data != nil else {
            return .failure(PluginMisbehavior("its \(name) buffer has length \(buffer.length) but data is NULL"))
        }
        guard let data = buffer.data, buffer.length > 0 else { return .success([]) }
        return .success(Array(UnsafeBufferPointer(start: data, count: Int(buffer.length))))
    }

    private static func parseObject(_ bytes: [UInt8], name: String) -> Result<JSONValue, PluginMisbehavior> {
        if bytes.isEmpty { return .success(.object(JSONObject())) }
        do {
            let value = try JSONParser.parse(bytes)
            guard case .object = value else {
                return .failure(PluginMisbehavior("its \(name) is a JSON \(value.typeName.lowercased()), not an object"))
            }
            return .success(value)
        } catch {
            return .failure(PluginMisbehavior("its \(name) is not valid UTF-8 JSON (\(error))"))
        }
    }

    /// Releases each buffer the plugin set. A buffer whose struct_size is wrong is not trusted
    /// with a call through its release pointer: leaking it is better than jumping to garbage.
    private static func releaseAll(_ result: UnsafeMutablePointer<ph_result>) {
        release(&result.pointee.output)
        release(&result.pointee.error)
        release(&result.pointee.state)
    }

    private static func release(_ buffer: UnsafeMutablePointer<ph_buffer>) {
        guard !buffer.pointee.isUnset else { return }
        if StructLayout.isValidBuffer(structSize: buffer.pointee.struct_size), let release = buffer.pointee.release {
            release(buffer)
        }
        buffer.pointee = ph_buffer()
    }
}
