import Foundation

/// An Azure Storage connection string: `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`
/// with an optional `BlobEndpoint` (the emulator gives one) or `EndpointSuffix`, or a
/// `SharedAccessSignature` in place of the key.
struct BlobConnectionString: Sendable, Equatable {
    var accountName: String?
    var accountKey: String?
    var sharedAccessSignature: String?
    /// The blob service URL, from `BlobEndpoint` or built from protocol, account and suffix.
    var blobEndpoint: String?

    /// Why a connection string cannot be used; never quotes the string (it holds the key).
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// A `;`-separated part without `=`.
        case malformedPart(index: Int)
        /// Neither `BlobEndpoint` nor `AccountName` to build the endpoint from.
        case noEndpoint
        /// Neither `AccountKey` nor `SharedAccessSignature`.
        case noCredential

        var description: String {
            switch self {
            case .malformedPart(let index):
                "part \(index + 1) is not 'Name=value' (expected DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…)"
            case .noEndpoint: "it has neither BlobEndpoint nor AccountName"
            case .noCredential: "it has neither AccountKey nor SharedAccessSignature"
            }
        }
    }

    init(parsing text: String) throws(Problem) {
        var values: [String: String] = [:]
        for (index, part) in text.split(separator: ";", omittingEmptySubsequences: true).enumerated() {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { throw .malformedPart(index: index) }
            values[trimmed[..<equals].lowercased()] = String(trimmed[trimmed.index(after: equals)...])
        }
        accountName = values["accountname"].flatMap { $0.isEmpty ? nil : $0 }
        accountKey = values["accountkey"].flatMap { $0.isEmpty ? nil : $0 }
        sharedAccessSignature = values["sharedaccesssignature"].flatMap { $0.isEmpty ? nil : $0 }
        if let endpoint = values["blobendpoint"], !endpoint.isEmpty {
            blobEndpoint = endpoint
        } else if let accountName {
            let scheme = values["defaultendpointsprotocol"].flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "https"
            let suffix = values["endpointsuffix"].flatMap { $0.isEmpty ? nil : $0 } ?? "core.windows.net"
            blobEndpoint = "\(scheme)://\(accountName).blob.\(suffix)"
        } else {
            throw .noEndpoint
        }
    }
}
