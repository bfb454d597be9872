import Foundation

/// The files one benchmark round needs, in a fresh temporary folder: a copy of the
/// retrain-and-score example's emulator (configuration, model, storage), a factory with the two
/// workload pipelines, and a plugins.json that loads the release build's Azure ML plugin.
struct BenchmarkFactory {
    let folder: URL
    var emulatorConfiguration: String { folder.appendingPathComponent("emulator/emulator.json").path }
    var factoryFolder: String { folder.appendingPathComponent("factory").path }
    var pluginManifest: String { folder.appendingPathComponent("plugins.json").path }

    /// The scoring endpoint and storage account of examples/retrain-and-score/emulator.json.
    static let scoringPath = "/workspaces/b520db679c374a07a5335fdd1c879feb/services/1a2b3c4d5e6f40718293a4b5c6d7e8f9/jobs?api-version=2.0"
    static let scoringKey = "scoring-default-key"
    static let storageKey = "ZW11bGF0b3Itc3RvcmFnZS1rZXktbWxzdG9yYWdlLXBpcGVob3N0LWV4YW1wbGU="

    /// Copies the example's emulator files; the factory is written once the emulator's URL is known.
    init(options: BenchmarkOptions) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("azureml-benchmark-\(UUID().uuidString)")
        let example = URL(fileURLWithPath: options.repository).appendingPathComponent("examples/retrain-and-score")
        let emulator = folder.appendingPathComponent("emulator")
        try FileManager.default.createDirectory(at: emulator, withIntermediateDirectories: true)
        for item in ["emulator.json", "models", "storage"] {
            try FileManager.default.copyItem(
                at: example.appendingPathComponent(item), to: emulator.appendingPathComponent(item))
        }
        let manifest: [String: Any] = [
            "version": 1,
            "plugins": [
                [
                    "path": options.path("libAzureMLPlugin.so"),
                    "settings": ["pollIntervalMilliseconds": options.pollMilliseconds],
                ]
            ],
        ]
        try write(manifest, to: "plugins.json")
    }

    /// Writes the linked services and both pipelines for an emulator at `baseURL`.
    func writeFactory(baseURL: String, options: BenchmarkOptions) throws {
        try write(
            [
                "name": "ScoringWebService",
                "properties": [
                    "type": "AzureML",
                    "typeProperties": [
                        "mlEndpoint": baseURL + Self.scoringPath,
                        "apiKey": ["type": "SecureString", "value": Self.scoringKey],
                    ],
                ],
            ], to: "factory/linkedService/ScoringWebService.json")
        try write(
            [
                "name": "ModelStorage",
                "properties": [
                    "type": "AzureStorage",
                    "typeProperties": [
                        "connectionString": [
                            "type": "SecureString",
                            "value":
                                "DefaultEndpointsProtocol=http;AccountName=mlstorage;AccountKey=\(Self.storageKey);BlobEndpoint=\(baseURL)/blob/mlstorage/",
                        ]
                    ],
                ],
            ], to: "factory/linkedService/ModelStorage.json")

        let forEach: [String: Any] = [
            "name": BenchmarkOptions.Variant.forEach.pipelineName,
            "properties": [
                "parameters": ["items": ["type": "Array", "defaultValue": Array(0..<options.activities)]],
                "activities": [
                    [
                        "name": "ScoreAll", "type": "ForEach",
                        "typeProperties": [
                            "items": ["value": "@pipeline().parameters.items", "type": "Expression"],
                            "batchCount": options.batchCount, "isSequential": false,
                            "activities": [
                                Self.scoreActivity(name: "Score", output: "@concat('energy/output/foreach-', string(item()), '.csv')")
                            ],
                        ],
                    ]
                ],
            ],
        ]
        try write(forEach, to: "factory/pipeline/\(BenchmarkOptions.Variant.forEach.pipelineName).json")

        let independent: [String: Any] = [
            "name": BenchmarkOptions.Variant.independent.pipelineName,
            "properties": [
                "activities": (0..<options.activities).map { index in
                    Self.scoreActivity(
                        name: String(format: "Score%03d", index), output: "energy/output/independent-\(index).csv")
                }
            ],
        ]
        try write(independent, to: "factory/pipeline/\(BenchmarkOptions.Variant.independent.pipelineName).json")
    }

    /// One Batch Execution activity scoring the example's 12-row CSV.
    static func scoreActivity(name: String, output: String) -> [String: Any] {
        let storage: [String: Any] = ["referenceName": "ModelStorage", "type": "LinkedServiceReference"]
        return [
            "name": name, "type": "AzureMLBatchExecution",
            "linkedServiceName": ["referenceName": "ScoringWebService", "type": "LinkedServiceReference"],
            "policy": ["timeout": "0.00:10:00", "retry": 0],
            "typeProperties": [
                "webServiceInputs": ["input1": ["linkedServiceName": storage, "filePath": "energy/input/score.csv"]],
                "webServiceOutputs": ["output1": ["linkedServiceName": storage, "filePath": output]],
            ],
        ]
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ object: [String: Any], to relativePath: String) throws {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
