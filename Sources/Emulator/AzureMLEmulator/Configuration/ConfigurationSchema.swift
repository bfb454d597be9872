/// The field names allowed at each level of the configuration, so that a misspelt name
/// (`"jobDurration"`) is an error that lists the right names instead of a silently ignored field.
enum ConfigurationSchema {
    /// A level of the configuration: its allowed fields and, for each, the schema of its value.
    indirect enum Node: Sendable {
        case object([String: Node])
        case arrayOf(Node)
        case mapOf(Node)
        case leaf
    }

    static let faults: Node = .object([
        "latency": .leaf, "failRate": .leaf, "failStatus": .leaf, "dropRate": .leaf, "failingJobRate": .leaf,
    ])
    static let binding: Node = .object([
        "pathParameter": .leaf, "accountNameParameter": .leaf, "accountKeyParameter": .leaf,
    ])
    static let model: Node = .object([
        "format": .leaf, "formatVersion": .leaf, "kind": .leaf, "featureColumns": .leaf, "labelColumn": .leaf,
        "intercept": .leaf, "coefficients": .leaf, "positiveLabel": .leaf, "negativeLabel": .leaf,
        "training": .object(["rows": .leaf, "trainedAt": .leaf, "source": .leaf, "metrics": .leaf]),
    ])
    static let webService: Node = .object([
        "name": .leaf, "description": .leaf, "id": .leaf, "operation": .leaf, "inputs": .leaf, "outputs": .leaf,
        "globalParameters": .mapOf(.object(["required": .leaf, "default": .leaf])),
        "reader": binding, "writer": binding,
        "training": .object([
            "algorithm": .leaf, "featureColumns": .leaf, "labelColumn": .leaf, "ridge": .leaf, "positiveLabel": .leaf,
            "maxIterations": .leaf,
        ]),
        "trainedModel": .object(["resourceName": .leaf, "file": .leaf, "model": model]),
        "modelSwitchDelay": .leaf, "jobDuration": .leaf, "faults": faults,
        "endpoints": .arrayOf(.object(["name": .leaf, "serviceId": .leaf, "apiKey": .leaf, "isDefault": .leaf])),
    ])
    static let root: Node = .object([
        "$schema": .leaf, "description": .leaf,
        "workspaceId": .leaf, "defaultStorageAccount": .leaf, "storageRoot": .leaf,
        "storageAccounts": .arrayOf(.object(["name": .leaf, "key": .leaf, "folder": .leaf])),
        "jobDuration": .leaf, "faults": faults, "faultSeed": .leaf, "workspaceAuthorizationToken": .leaf,
        "webServices": .arrayOf(webService),
    ])

    /// The first field the schema does not know, with its JSON path and the names allowed there.
    static func firstUnknownField(in json: WireJSON) -> (path: String, problem: String)? {
        check(json, against: root, path: "")
    }

    private static func check(_ json: WireJSON, against node: Node, path: String) -> (path: String, problem: String)? {
        switch (node, json) {
        case (.object(let fields), .object(let members)):
            for (name, value) in members {
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                guard let child = fields[name] else {
                    let known = fields.keys.filter { !$0.hasPrefix("$") && $0 != "description" }.sorted()
                    return (childPath, "unknown field \"\(name)\"; known fields here: \(known.joined(separator: ", "))")
                }
                if let problem = check(value, against: child, path: childPath) { return problem }
            }
        case (.arrayOf(let element), .array(let items)):
            for (index, item) in items.enumerated() {
                if let problem = check(item, against: element, path: "\(path)[\(index)]") { return problem }
            }
        case (.mapOf(let element), .object(let members)):
            for (name, value) in members {
                if let problem = check(value, against: element, path: "\(path)[\"\(name)\"]") { return problem }
            }
        default:
            break  // Leaves, and type mismatches that the decoder reports with a better message.
        }
        return nil
    }
}
