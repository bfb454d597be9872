import PipehostJSON
import PluginKit
import Testing

/// A resolved linked service as the host sends it, read through PluginKit's own `Invocation`.
func linkedService(_ name: String, type: String, typeProperties: JSONValue) throws -> Invocation.LinkedService {
    let invocation = Invocation(
        json: ["linkedService": ["name": .string(name), "type": .string(type), "typeProperties": typeProperties]])
    return try #require(invocation.linkedService)
}
