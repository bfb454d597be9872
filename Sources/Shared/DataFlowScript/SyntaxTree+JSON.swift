import PipehostJSON

/// The syntax tree as JSON (`pipehost dataflow parse --output json`): every node an object with
/// `"node"` naming its kind and `"line"`/`"column"` where it was written.
extension DataFlowScript {
    public var json: JSONValue {
        .object(
            JSONObject(uniqueMembers: [
                ("parameters", .array(parameters.map(\.json))),
                ("statements", .array(statements.map(\.json))),
            ]))
    }
}

extension ScriptParameter {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("name", .string(name)), ("type", type.json)]
        if let defaultValue { members.append(("default", defaultValue.json)) }
        members += position.jsonMembers
        return .object(JSONObject(uniqueMembers: members))
    }
}

extension Statement {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(name)),
            ("transformation", .string(transformation)),
            ("kind", kind.map { .string($0.rawValue) } ?? .null),
            (
                "inputs",
                .array(
                    inputs.map { reference in
                        .object(
                            JSONObject(uniqueMembers: [
                                ("stream", .string(reference.stream)),
                                ("branch", reference.branch.map(JSONValue.string) ?? .null),
                            ]))
                    })
            ),
        ]
        if !branches.isEmpty { members.append(("branches", .array(branches.map(JSONValue.string)))) }
        members.append(("arguments", .array(arguments.map(\.json))))
        members += position.jsonMembers
        return .object(JSONObject(uniqueMembers: members))
    }
}

extension ScriptArgument {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)]
        switch kind {
        case .value(let value): members = [("argument", "value"), ("value", value.json)]
        case .option(let name, let value):
            members = [("argument", "option"), ("name", .string(name)), ("value", value.json)]
        case .assignment(let target, let value):
            members = [("argument", "assignment"), ("target", target.json), ("value", value.json)]
        case .declaration(let name, let type):
            members = [("argument", "declaration"), ("name", name.json), ("type", type.json)]
        }
        return .object(JSONObject(uniqueMembers: members + position.jsonMembers))
    }
}

extension TypeReference {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)]
        switch kind {
        case .named(let name, let parameters):
            members = [("type", .string(name))]
            if !parameters.isEmpty { members.append(("parameters", .array(parameters.map(JSONValue.integer)))) }
        case .array(let element): members = [("type", "array"), ("element", element.json)]
        case .structure(let fields):
            members = [
                ("type", "structure"),
                (
                    "fields",
                    .array(
                        fields.map {
                            .object(JSONObject(uniqueMembers: [("name", $0.name.json), ("type", $0.type.json)]))
                        })
                ),
            ]
        case .map(let key, let value): members = [("type", "map"), ("key", key.json), ("value", value.json)]
        }
        if !formats.isEmpty { members.append(("formats", .array(formats.map(JSONValue.string)))) }
        return .object(JSONObject(uniqueMembers: members))
    }
}

extension DataFlowExpression {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)]
        switch kind {
        case .number(let number):
            let value: JSONValue =
                switch number.value {
                case .integer(let integer): .integer(integer)
                case .double(let double): .double(double)
                }
            members = [("node", "number"), ("text", .string(number.text)), ("value", value)]
        case .string(let text): members = [("node", "string"), ("value", .string(text))]
        case .interpolatedString(let parts):
            members = [
                ("node", "interpolatedString"),
                (
                    "parts",
                    .array(
                        parts.map { part in
                            switch part {
                            case .text(let text): .string(text)
                            case .expression(let value): value.json
                            }
                        })
                ),
            ]
        case .regex(let text): members = [("node", "regex"), ("value", .string(text))]
        case .boolean(let flag): members = [("node", "boolean"), ("value", .bool(flag))]
        case .null: members = [("node", "null")]
        case .column(let name): members = [("node", "column"), ("name", .string(name))]
        case .quotedColumn(let name): members = [("node", "column"), ("name", .string(name)), ("quoted", true)]
        case .parameter(let name): members = [("node", "parameter"), ("name", .string(name))]
        case .currentColumn: members = [("node", "currentColumn")]
        case .hashName(let name): members = [("node", "hashName"), ("name", .string(name))]
        case .local(let name): members = [("node", "local"), ("name", .string(name))]
        case .call(let call):
            members = [("node", "call"), ("function", .string(call.name))]
            if let receiver = call.receiver { members.append(("receiver", .string(receiver))) }
            members.append(("arguments", .array(call.arguments.map(\.json))))
        case .unary(let op, let operand):
            members = [("node", "unary"), ("operator", .string(op.rawValue)), ("operand", operand.json)]
        case .binary(let op, let left, let right):
            members = [
                ("node", "binary"), ("operator", .string(op.rawValue)), ("left", left.json), ("right", right.json),
            ]
        case .index(let base, let position):
            members = [("node", "index"), ("base", base.json), ("index", position.json)]
        case .field(let base, let name):
            members = [("node", "field"), ("base", base.json), ("name", .string(name.text))]
        case .streamColumn(let base, let name):
            members = [("node", "streamColumn"), ("stream", base.json), ("column", .string(name.text))]
        case .parenthesized(let inner): members = [("node", "parenthesized"), ("expression", inner.json)]
        case .array(let elements): members = [("node", "array"), ("elements", .array(elements.map(\.json)))]
        case .map(let entries):
            members = [
                ("node", "map"),
                (
                    "entries",
                    .array(
                        entries.map {
                            .object(JSONObject(uniqueMembers: [("key", $0.key.json), ("value", $0.value.json)]))
                        })
                ),
            ]
        case .structure(let fields): members = [("node", "structure"), ("fields", .array(fields.map(\.json)))]
        case .typed(let operand, let type):
            members = [("node", "typed"), ("expression", operand.json), ("type", type.json)]
        }
        return .object(JSONObject(uniqueMembers: members + position.jsonMembers))
    }
}

extension SourcePosition {
    var jsonMembers: [(key: String, value: JSONValue)] {
        [("line", .integer(Int64(line))), ("column", .integer(Int64(column)))]
    }
}
