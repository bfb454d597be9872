import ActivityContract
import PipehostJSON

extension ActivityInvocation {
    /// The invocation document of docs/plugin-abi.md ("The invocation JSON"), as the UTF-8 bytes
    /// an activity call receives: the one writer of that document. `settings` are the serialised
    /// settings of the plugin (its `settings` object from plugins.json, `{}` when absent), written
    /// once per plugin by the caller rather than once per call.
    ///
    /// It writes straight to bytes, without building a `JSONValue` tree: on a no-op activity that
    /// is most of the host's cost of a call (Benchmarks/PluginDispatchBenchmark). Members appear
    /// in this order: `abiVersion`, `activity` (`name`, `type`, `typeProperties`, `policy`,
    /// `userProperties`, `description` when set, `inputs` and `outputs` when not empty), `linkedService`, `linkedServices` and `datasets`
    /// (by name, sorted), `dataFlow` when the activity runs one, `run`, `settings`.
    public func documentBytes(settings: [UInt8]) -> [UInt8] {
        InvocationDocumentWriter.bytes(self, settings: settings)
    }
}

/// Writes ``ActivityInvocation/documentBytes(settings:)``.
enum InvocationDocumentWriter {
    static func bytes(_ invocation: ActivityInvocation, settings: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(384 + settings.count)
        raw(#"{"abiVersion":"#, &out)
        JSONSerializer.write(.integer(InvocationFormat.abiVersion), to: &out)
        raw(#","activity":{"name":"#, &out)
        string(invocation.activityName, &out)
        raw(#","type":"#, &out)
        string(invocation.activityType, &out)
        raw(#","typeProperties":"#, &out)
        JSONSerializer.write(invocation.typeProperties, to: &out)
        raw(#","policy":"#, &out)
        JSONSerializer.write(invocation.policy, to: &out)
        raw(#","userProperties":"#, &out)
        JSONSerializer.write(invocation.userProperties, to: &out)
        if let description = invocation.description {
            raw(#","description":"#, &out)
            string(description, &out)
        }
        if !invocation.inputs.isEmpty {
            raw(#","inputs":"#, &out)
            JSONSerializer.write(.array(invocation.inputs), to: &out)
        }
        if !invocation.outputs.isEmpty {
            raw(#","outputs":"#, &out)
            JSONSerializer.write(.array(invocation.outputs), to: &out)
        }
        raw(#"},"linkedService":"#, &out)
        if let service = invocation.linkedService {
            linkedService(service, &out)
        } else {
            raw("null", &out)
        }
        raw(#","linkedServices":"#, &out)
        members(invocation.linkedServices, &out) { service, out in linkedService(service, &out) }
        raw(#","datasets":"#, &out)
        members(invocation.datasets, &out) { dataset, out in JSONSerializer.write(dataset, to: &out) }
        if let dataFlow = invocation.dataFlow {
            raw(#","dataFlow":{"name":"#, &out)
            string(dataFlow.name, &out)
            raw(#","type":"#, &out)
            string(dataFlow.type, &out)
            raw(#","typeProperties":"#, &out)
            JSONSerializer.write(dataFlow.typeProperties, to: &out)
            raw(#","datasets":"#, &out)
            members(dataFlow.datasets, &out) { dataset, out in JSONSerializer.write(dataset, to: &out) }
            raw(#","linkedServices":"#, &out)
            members(dataFlow.linkedServices, &out) { service, out in linkedService(service, &out) }
            out.append(UInt8(ascii: "}"))
        }
        let run = invocation.run
        raw(#","run":{"dataFactory":"#, &out)
        string(run.dataFactory, &out)
        raw(#","pipelineName":"#, &out)
        string(run.pipelineName, &out)
        raw(#","pipelineRunId":"#, &out)
        string(run.pipelineRunId, &out)
        raw(#","activityRunId":"#, &out)
        string(run.activityRunId, &out)
        raw(#","attempt":"#, &out)
        JSONSerializer.write(.integer(Int64(run.attempt)), to: &out)
        raw(#","triggerType":"#, &out)
        string(run.triggerType, &out)
        raw(#","triggerTime":"#, &out)
        string(run.triggerTime, &out)
        raw(#","groupId":"#, &out)
        string(run.groupId, &out)
        raw(#"},"settings":"#, &out)
        out.append(contentsOf: settings)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends a literal fragment by copying its static bytes.
    private static func raw(_ fragment: StaticString, _ out: inout [UInt8]) {
        fragment.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func string(_ text: String, _ out: inout [UInt8]) {
        JSONSerializer.write(.string(text), to: &out)
    }

    private static func linkedService(_ service: ResolvedLinkedService, _ out: inout [UInt8]) {
        raw(#"{"name":"#, &out)
        string(service.name, &out)
        raw(#","type":"#, &out)
        string(service.type, &out)
        raw(#","typeProperties":"#, &out)
        JSONSerializer.write(service.typeProperties, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// An object of `values` in key order.
    private static func members<Value>(
        _ values: [String: Value], _ out: inout [UInt8], _ write: (Value, inout [UInt8]) -> Void
    ) {
        guard !values.isEmpty else {
            raw("{}", &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        for (offset, name) in values.keys.sorted().enumerated() {
            guard let value = values[name] else { continue }
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            string(name, &out)
            out.append(UInt8(ascii: ":"))
            write(value, &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
