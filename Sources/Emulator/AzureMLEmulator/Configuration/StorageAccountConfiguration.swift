/// A storage account the emulator serves: blobs are files under `folder`, one sub-folder per container.
public struct StorageAccountConfiguration: Sendable, Hashable, Codable {
    /// The account name (3–24 lowercase letters and digits), as in `AccountName=` of a connection string.
    public var name: String
    /// The account key, base64, as in `AccountKey=`. Connection strings must carry exactly this key and SAS
    /// tokens must be signed with it.
    public var key: String
    /// The folder holding the account's containers; relative paths are relative to the configuration
    /// file. Default: `<storageRoot>/<name>`.
    public var folder: String?

    /// Declares an account.
    public init(name: String, key: String, folder: String? = nil) {
        self.name = name
        self.key = key
        self.folder = folder
    }

    /// The development storage account that `UseDevelopmentStorage=true` means, with the key Microsoft
    /// publishes for the storage emulators (Azurite, the Azure Storage Emulator).
    public static let developmentAccountName = "devstoreaccount1"
    /// The published development account key.
    public static let developmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
}
