import Foundation
import PipehostJSON

/// Microsoft Fabric's git integration: each item is a folder `<name>.<ItemType>` with a
/// `.platform` file (`metadata.type`, `metadata.displayName`) and the item's definition. A Data
/// pipeline's is `<name>.DataPipeline/pipeline-content.json`: `{"properties": {"activities": …}}` in
/// ADF's pipeline language, with connections named by id (`externalReferences.connection`)
/// instead of linked services. pipehost reads the pipelines; connections exist only in the Fabric
/// tenant, so it says which ones a pipeline needs.
enum FabricItems {
    static let pipelineFolderSuffix = ".DataPipeline"

    static func isPipelineContent(_ url: URL) -> Bool {
        url.lastPathComponent.lowercased() == "pipeline-content.json"
    }

    /// What an item folder's `.platform` file says of the item.
    struct Platform {
        /// `metadata.displayName`: the item's name.
        var displayName: String?
        /// `config.logicalId`: the id other items use to name it (an ExecutePipeline's
        /// `pipeline.referenceName` in Fabric is the called pipeline's logical id).
        var logicalId: String?
    }

    /// The item folder's `.platform` file, read once; `nil` when there is none or it is not JSON.
    static func platform(itemFolder: URL) -> Platform? {
        let platform = itemFolder.appendingPathComponent(".platform").relativePath
        guard FileManager.default.fileExists(atPath: platform), case .success(let json) = FactoryLoader.readJSON(platform)
        else { return nil }
        return Platform(
            displayName: json[caseInsensitive: "metadata"]?[caseInsensitive: "displayName"]?.stringValue,
            logicalId: json[caseInsensitive: "config"]?[caseInsensitive: "logicalId"]?.stringValue)
    }

    /// `json` with every `{"referenceName": ID, "type": "PipelineReference"}` whose ID is a logical
    /// id of `names` renamed to that pipeline's name. The JSON is walked with an explicit stack
    /// (rebuilt bottom-up), so deep nesting cannot exhaust the call stack.
    static func resolvingPipelineIds(_ json: JSONValue, names: [String: String]) -> JSONValue {
        guard !names.isEmpty else { return json }
        enum Step { case visit(JSONValue), buildObject([String]), buildArray(Int) }
        var steps: [Step] = [.visit(json)]
        var built: [JSONValue] = []
        while let step = steps.popLast() {
            switch step {
            case .visit(.object(var object)):
                if let type = object[caseInsensitive: "type"]?.stringValue, type.lowercased() == "pipelinereference",
                    let id = object["referenceName"]?.stringValue, let name = names[id.lowercased()]
                {
                    object["referenceName"] = .string(name)
                }
                steps.append(.buildObject(object.members.map(\.key)))
                for member in object.members.reversed() { steps.append(.visit(member.value)) }
            case .visit(.array(let elements)):
                steps.append(.buildArray(elements.count))
                for element in elements.reversed() { steps.append(.visit(element)) }
            case .visit(let value):
                built.append(value)
            case .buildObject(let keys):
                let values = built.suffix(keys.count)
                built.removeLast(keys.count)
                var object = JSONObject()
                for (key, value) in zip(keys, values) { object[key] = value }
                built.append(.object(object))
            case .buildArray(let count):
                let values = Array(built.suffix(count))
                built.removeLast(count)
                built.append(.array(values))
            }
        }
        return built.last ?? json
    }

    /// A folder of Fabric items (a workspace's git folder): its `*.DataPipeline` items as one
    /// factory, with pipelines that call each other by logical id resolved to names; `nil` when it
    /// holds none.
    static func loadWorkspace(_ root: URL) throws(FactoryLoadError) -> LoadedFactory? {
        let items = FactoryLoader.subfolderMap(root).values
            .filter { $0.lastPathComponent.lowercased().hasSuffix(pipelineFolderSuffix.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !items.isEmpty else { return nil }
        var problems: [ValidationProblem] = []
        var factory = Factory(name: root.standardizedFileURL.lastPathComponent)
        // Each item's name (its display name, else its folder's) and the logical ids that name it.
        var itemNames: [URL: String] = [:]
        var names: [String: String] = [:]
        for item in items {
            let platform = platform(itemFolder: item)
            let name = platform?.displayName ?? FactoryLoader.folderName(ofItem: item)
            itemNames[item] = name
            if let id = platform?.logicalId { names[id.lowercased()] = name }
        }
        for item in items {
            let file = item.appendingPathComponent("pipeline-content.json")
            guard FileManager.default.fileExists(atPath: file.relativePath) else {
                problems.append(ValidationProblem(
                    .unreadableFile, at: SourceLocation(file: item.relativePath),
                    "a Fabric Data pipeline item folder holds pipeline-content.json, but this one does not", severity: .warning))
                continue
            }
            guard let read = FactoryLoader.readJSON(file.relativePath, problems: &problems) else { continue }
            let json = resolvingPipelineIds(read, names: names)
            guard let pipeline = ResourceDecoding.pipeline(
                    json, at: SourceLocation(file: file.relativePath), fallbackName: itemNames[item] ?? FactoryLoader.folderName(ofItem: item),
                    problems: &problems)
            else { continue }
            factory.add(pipeline, reportingDuplicatesIn: &problems)
            problems += connectionWarnings(json, file: file.relativePath)
        }
        return LoadedFactory(
            factory: factory, problems: problems,
            defaultPipelineName: factory.pipelines.count == 1 ? factory.pipelines.first?.name : nil, sourceKind: .fabricItems)
    }

    /// One warning per Fabric connection the pipeline names (`externalReferences.connection`):
    /// connections live in the Fabric tenant, not in git, so pipehost has nothing to connect with.
    /// The JSON is walked with an explicit stack.
    static func connectionWarnings(_ json: JSONValue, file: String) -> [ValidationProblem] {
        var found: [(id: String, location: SourceLocation)] = []
        var pending: [(JSONValue, SourceLocation)] = [(json, SourceLocation(file: file))]
        while let (value, location) = pending.popLast() {
            switch value {
            case .object(let object):
                if let connection = object[caseInsensitive: "externalReferences"]?[caseInsensitive: "connection"]?.stringValue,
                    !found.contains(where: { $0.id == connection })
                {
                    found.append((connection, location.member("externalReferences")))
                }
                for member in object.members.reversed() { pending.append((member.value, location.member(member.key))) }
            case .array(let elements):
                for (index, element) in elements.enumerated().reversed() { pending.append((element, location.element(index))) }
            default:
                continue
            }
        }
        return found.map { connection in
            ValidationProblem(
                .adfCompatibility, at: connection.location,
                "the Fabric connection \(connection.id) exists only in the Fabric tenant (git holds no connections): "
                    + "activities that use it have no linked service to run with locally",
                severity: .warning)
        }
    }
}
