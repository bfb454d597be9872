import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport

/// The real `libDataPlugin.so` loaded through the real loader, a temporary folder served as a
/// `FileServer` linked service, and builders for datasets and invocations.
final class DataTestBed: @unchecked Sendable {
    let bed: PluginTestBed
    let folder: TemporaryFolder
    static let linkedServiceName = "LocalFiles"

    /// `settings` are the plugin's settings from plugins.json (nil for none).
    init(settings: JSONValue? = nil) throws {
        bed = try PluginTestBed(library: BuildProducts.library("DataPlugin"), settings: settings)
        folder = try TemporaryFolder("data-plugin-tests")
    }

    func shutdown() {
        bed.shutdown()
        folder.remove()
    }

    /// Runs `body` with a fresh bed and removes it afterwards.
    static func with<T>(settings: JSONValue? = nil, _ body: (DataTestBed) async throws -> T) async throws -> T {
        let bed = try DataTestBed(settings: settings)
        defer { bed.shutdown() }
        return try await body(bed)
    }

    // MARK: Files

    func path(_ relative: String) -> String { "\(folder.path)/\(relative)" }

    func write(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }

    func write(_ data: Data, to relative: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Every file below `relative`, hidden ones included, as paths relative to it.
    func files(under relative: String = "") -> [String] { regularFiles(below: path(relative)) }

    // MARK: Datasets

    var fileServer: JSONValue {
        ["name": .string(Self.linkedServiceName), "type": "FileServer", "typeProperties": ["host": .string(folder.path)]]
    }

    /// A resolved dataset of `type` at `folderPath`/`fileName` on the local files.
    func dataset(
        _ name: String, type: String, folderPath: String, fileName: String? = nil, properties: JSONObject = [:],
        linkedService: JSONValue? = nil, schema: JSONValue? = nil
    ) -> JSONValue {
        var location: JSONObject = ["type": "FileServerLocation", "folderPath": .string(folderPath)]
        if let fileName { location["fileName"] = .string(fileName) }
        var typeProperties = properties
        typeProperties["location"] = .object(location)
        var json: JSONObject = [
            "name": .string(name), "type": .string(type), "typeProperties": .object(typeProperties), "parameters": [:],
            "linkedServiceName": ["referenceName": .string(Self.linkedServiceName), "type": "LinkedServiceReference"],
            "linkedService": linkedService ?? fileServer,
        ]
        if let schema { json["schema"] = schema }
        return .object(json)
    }

    func csv(_ name: String, folderPath: String, fileName: String? = nil, header: Bool = true, properties: JSONObject = [:])
        -> JSONValue
    {
        var all = properties
        all["firstRowAsHeader"] = .bool(header)
        all["columnDelimiter"] = all["columnDelimiter"] ?? ","
        return dataset(name, type: "DelimitedText", folderPath: folderPath, fileName: fileName, properties: all)
    }

    // MARK: Invocations

    func invocation(
        _ type: String, _ typeProperties: JSONValue, inputs: [JSONValue] = [], outputs: [JSONValue] = [],
        datasets: [JSONValue] = [], linkedServices: [ResolvedLinkedService] = []
    ) -> ActivityInvocation {
        var invocation = InvocationFixture.make(type: type, name: "\(type) activity", typeProperties: typeProperties)
        invocation.inputs = inputs
        invocation.outputs = outputs
        var byName: [String: JSONValue] = [:]
        for dataset in datasets + inputs + outputs {
            if let name = dataset["name"]?.stringValue { byName[name] = dataset }
        }
        invocation.datasets = byName
        for service in linkedServices { invocation.linkedServices[service.name] = service }
        return invocation
    }

    func run(
        _ type: String, _ typeProperties: JSONValue, inputs: [JSONValue] = [], outputs: [JSONValue] = [],
        datasets: [JSONValue] = [], linkedServices: [ResolvedLinkedService] = [],
        services: FakeHostServices = FakeHostServices()
    ) async -> PluginTestRun {
        await bed.run(
            invocation(type, typeProperties, inputs: inputs, outputs: outputs, datasets: datasets, linkedServices: linkedServices),
            services: services)
    }

    func copy(
        from source: JSONValue, to sink: JSONValue, source sourceProperties: JSONObject = [:],
        sink sinkProperties: JSONObject = [:], extra: JSONObject = [:], linkedServices: [ResolvedLinkedService] = []
    ) async -> PluginTestRun {
        var properties = extra
        var sourceObject = sourceProperties
        sourceObject["type"] = sourceObject["type"] ?? "DelimitedTextSource"
        var sinkObject = sinkProperties
        sinkObject["type"] = sinkObject["type"] ?? "DelimitedTextSink"
        properties["source"] = .object(sourceObject)
        properties["sink"] = .object(sinkObject)
        return await run("Copy", .object(properties), inputs: [source], outputs: [sink], linkedServices: linkedServices)
    }

    static func reference(_ name: String) -> JSONValue {
        ["referenceName": .string(name), "type": "DatasetReference"]
    }
}

/// Every regular file below the folder `base`, hidden ones included, as sorted relative paths.
func regularFiles(below base: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
    var found: [String] = []
    while let item = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "\(base)/\(item)", isDirectory: &isDirectory), !isDirectory.boolValue {
            found.append(item)
        }
    }
    return found.sorted()
}
