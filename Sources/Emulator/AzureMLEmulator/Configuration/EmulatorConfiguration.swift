import Foundation

/// Everything the emulator serves: the workspace, its storage accounts, its web services with their
/// endpoints, keys and models, job timing and injected faults.
///
/// Read it from a JSON file with `EmulatorConfiguration.load(from:)` (relative paths are then relative
/// to that file), or build it in code. docs/azureml-emulator.md describes every field.
public struct EmulatorConfiguration: Sendable, Hashable, Codable {
    /// The workspace id in every URL (32 hex digits in Azure). Default: a fixed id.
    public var workspaceId: String?
    /// Where non-overridden outputs and installed models are stored. Default: the development account.
    public var defaultStorageAccount: String?
    /// The folder under which accounts without their own `folder` live. Default: `storage`.
    public var storageRoot: String?
    /// The storage accounts besides the always-present development account `devstoreaccount1`.
    public var storageAccounts: [StorageAccountConfiguration]
    /// How long a started job runs before it finishes. Default: 2 s.
    public var jobDuration: EmulatorDuration?
    /// Faults for every web service.
    public var faults: FaultConfiguration?
    /// Seed of the generator behind fault decisions. Default: 1.
    public var faultSeed: UInt64?
    /// An extra bearer token the Update Resource API accepts for every endpoint, as the workspace
    /// authorization token was in Azure.
    public var workspaceAuthorizationToken: String?
    /// The web services.
    public var webServices: [WebServiceConfiguration]
    /// The folder relative paths are resolved against: the configuration file's folder when loaded from
    /// a file, else the current directory. Not part of the JSON.
    public var baseDirectory: URL?

    /// Declares a configuration.
    public init(
        workspaceId: String? = nil,
        defaultStorageAccount: String? = nil,
        storageRoot: String? = nil,
        storageAccounts: [StorageAccountConfiguration] = [],
        jobDuration: EmulatorDuration? = nil,
        faults: FaultConfiguration? = nil,
        faultSeed: UInt64? = nil,
        workspaceAuthorizationToken: String? = nil,
        webServices: [WebServiceConfiguration],
        baseDirectory: URL? = nil
    ) {
        self.workspaceId = workspaceId
        self.defaultStorageAccount = defaultStorageAccount
        self.storageRoot = storageRoot
        self.storageAccounts = storageAccounts
        self.jobDuration = jobDuration
        self.faults = faults
        self.faultSeed = faultSeed
        self.workspaceAuthorizationToken = workspaceAuthorizationToken
        self.webServices = webServices
        self.baseDirectory = baseDirectory
    }

    enum CodingKeys: String, CodingKey {
        case workspaceId, defaultStorageAccount, storageRoot, storageAccounts, jobDuration, faults, faultSeed
        case workspaceAuthorizationToken, webServices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workspaceId = try container.decodeIfPresent(String.self, forKey: .workspaceId)
        defaultStorageAccount = try container.decodeIfPresent(String.self, forKey: .defaultStorageAccount)
        storageRoot = try container.decodeIfPresent(String.self, forKey: .storageRoot)
        storageAccounts =
            try container.decodeIfPresent([StorageAccountConfiguration].self, forKey: .storageAccounts) ?? []
        jobDuration = try container.decodeIfPresent(EmulatorDuration.self, forKey: .jobDuration)
        faults = try container.decodeIfPresent(FaultConfiguration.self, forKey: .faults)
        faultSeed = try container.decodeIfPresent(UInt64.self, forKey: .faultSeed)
        workspaceAuthorizationToken = try container.decodeIfPresent(String.self, forKey: .workspaceAuthorizationToken)
        webServices = try container.decode([WebServiceConfiguration].self, forKey: .webServices)
        baseDirectory = nil
    }

    /// The default job duration.
    public static let defaultJobDuration = EmulatorDuration(.seconds(2))
    /// The workspace id used when none is configured.
    public static let defaultWorkspaceId = "b520db679c374a07a5335fdd1c879feb"

    /// The effective workspace id.
    public var effectiveWorkspaceId: String { workspaceId ?? Self.defaultWorkspaceId }

    /// An absolute file URL for a configured path.
    public func resolvedURL(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        let base = baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return base.appendingPathComponent(path).standardizedFileURL
    }
}
