/// An Azure Storage connection string, read into its settings:
/// `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=…;EndpointSuffix=core.windows.net`.
///
/// Setting names match ignoring case, as Azure's SDKs match them. Values may contain `=` (account
/// keys end in `==`), so each setting is split at its first `=` only.
struct StorageConnectionString: Sendable, Equatable {
    /// The well-known development account that `UseDevelopmentStorage=true` means.
    static let developmentAccountName = "devstoreaccount1"
    /// Microsoft's published key of the development account (Azurite and the storage emulator).
    static let developmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

    /// The connection string as written; this is what a Batch Execution request carries.
    let text: String
    let accountName: String
    let accountKey: String?
    let sharedAccessSignature: String?
    let blobEndpoint: String?
    let endpointsProtocol: String?
    let endpointSuffix: String?

    /// Why a connection string could not be read. The messages never repeat the string itself.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// A part between `;` has no `=`.
        case malformedSetting(index: Int)
        /// No `AccountName` (and no `UseDevelopmentStorage=true`).
        case missingAccountName
        /// Neither `AccountKey` nor `SharedAccessSignature`.
        case missingCredential

        var description: String {
            switch self {
            case .malformedSetting(let index):
                "setting \(index + 1) of the connection string is not of the form Name=value"
            case .missingAccountName:
                "the connection string has no AccountName"
            case .missingCredential:
                "the connection string has neither an AccountKey nor a SharedAccessSignature"
            }
        }
    }

    /// Reads a connection string. `accountKey` is used when the string itself has no `AccountKey`
    /// (`AzureBlobStorage` linked services may keep the key apart, usually in Key Vault).
    init(parsing text: String, accountKey separateKey: String? = nil) throws(Problem) {
        var settings: [String: String] = [:]
        let parts = text.split(separator: ";", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            let trimmed = part.trimmingSpaces
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else {
                throw .malformedSetting(index: index)
            }
            let name = String(trimmed[..<equals]).trimmingSpaces.lowercased()
            settings[name] = String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces
        }
        if settings["usedevelopmentstorage"]?.lowercased() == "true" {
            self.text = text
            accountName = Self.developmentAccountName
            accountKey = Self.developmentAccountKey
            sharedAccessSignature = nil
            blobEndpoint = settings["developmentstorageproxyuri"].map { "\($0)/\(Self.developmentAccountName)/" }
                ?? "http://127.0.0.1:10000/\(Self.developmentAccountName)/"
            endpointsProtocol = "http"
            endpointSuffix = nil
            return
        }
        guard let name = settings["accountname"], !name.isEmpty else { throw .missingAccountName }
        accountName = name
        let ownKey = settings["accountkey"].flatMap { $0.isEmpty ? nil : $0 }
        accountKey = ownKey ?? separateKey
        if ownKey == nil, let separateKey {
            // The Batch Execution request carries the string itself, so the key goes into it.
            self.text = text + (text.hasSuffix(";") ? "" : ";") + "AccountKey=" + separateKey
        } else {
            self.text = text
        }
        sharedAccessSignature = settings["sharedaccesssignature"].flatMap { $0.isEmpty ? nil : $0 }
        guard accountKey != nil || sharedAccessSignature != nil else { throw .missingCredential }
        blobEndpoint = settings["blobendpoint"].flatMap { $0.isEmpty ? nil : $0 }
        endpointsProtocol = settings["defaultendpointsprotocol"]
        endpointSuffix = settings["endpointsuffix"]
    }

    /// The account's blob service URL with a trailing slash: `BlobEndpoint` when given, else
    /// `<protocol>://<account>.blob.<suffix>/` (https and core.windows.net by default).
    var blobServiceURL: String {
        if let blobEndpoint { return blobEndpoint.hasSuffix("/") ? blobEndpoint : blobEndpoint + "/" }
        let scheme = endpointsProtocol?.lowercased() == "http" ? "http" : "https"
        return "\(scheme)://\(accountName).blob.\(endpointSuffix ?? "core.windows.net")/"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
