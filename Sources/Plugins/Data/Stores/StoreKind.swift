import PluginKit

/// The linked service types the data activities reach, by the store they speak to.
///
/// ADF accepts many more types (the SQL Server family, Snowflake, …); an activity that reaches one
/// of those fails with ``unreachable(linkedService:type:)``, which names the types that work.
package enum StoreKind: Sendable, Equatable {
    /// `FileServer`: a local folder (`host`) here.
    case fileServer
    /// `HttpServer`: a read-only source.
    case http
    /// `RestService`: a read-only source of JSON pages, with pagination rules.
    case rest
    /// `PostgreSql`, `AzurePostgreSql`, `PostgreSqlV2`.
    case postgreSQL
    /// `AzureBlobStorage` and `AzureBlobFS` (Data Lake Gen2, over its blob endpoint).
    case blobStorage

    /// The linked service types each kind serves, as ADF spells them.
    static let typesByKind: [(StoreKind, [String])] = [
        (.fileServer, ["FileServer"]),
        (.blobStorage, [BlobLinkedService.blobStorageType, BlobLinkedService.dataLakeType]),
        (.http, ["HttpServer"]),
        (.rest, ["RestService"]),
        (.postgreSQL, ["PostgreSql", "AzurePostgreSql", "PostgreSqlV2"]),
    ]

    /// Every linked service type that works, in the order of ``typesByKind``.
    package static var reachableTypes: [String] { typesByKind.flatMap(\.1) }

    /// The kind serving a linked service `type` (ignoring case, as ADF does); nil when pipehost
    /// cannot reach that type.
    package init?(linkedServiceType type: String) {
        let lowered = type.lowercased()
        guard let kind = Self.typesByKind.first(where: { $0.1.contains { $0.lowercased() == lowered } })?.0 else {
            return nil
        }
        self = kind
    }

    /// The failure of an activity whose dataset or linked service is of a type pipehost cannot reach.
    static func unreachable(linkedService: String, type: String) -> ActivityFailure {
        .userError(
            "Linked service '\(linkedService)' is of type '\(type)', which pipehost cannot reach. "
                + "The linked service types the data activities support are "
                + reachableTypes.joined(separator: ", ") + ".",
            code: DataErrorCode.unsupportedLinkedService)
    }
}
