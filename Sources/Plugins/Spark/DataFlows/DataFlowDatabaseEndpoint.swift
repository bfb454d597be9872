import DataFlowScript
import DataPluginCore
import Foundation
import PluginKit
import PostgresSupport

/// A source or sink in a PostgreSQL table, or a source's query: a dataset (or inline dataset)
/// whose linked service is of a PostgreSQL type. The Spark job reaches it through Spark's JDBC data
/// source and PostgreSQL's JDBC driver; the password goes to the job in an environment variable,
/// never into the plan, the command line or a log.
struct DataFlowDatabaseEndpoint {
    let stream: String
    let connection: PostgresConnectionSettings
    /// The dataset's (or inline dataset's) table; nil for a source that gives a query instead.
    let table: PostgresTableName?

    /// The endpoint of `statement` when its store is a PostgreSQL database; nil for any other store.
    init?(statement: Statement, dataFlow: Invocation.DataFlow, scriptOptions: [String: Constant]) throws(ActivityFailure) {
        let role = statement.kind == .source ? "source" : "sink"
        let dataset = dataFlow.datasets[statement.name]
        guard let service = dataset?.linkedService ?? dataFlow.linkedServices[statement.name],
            StoreKind(linkedServiceType: service.type) == .postgreSQL
        else { return nil }
        stream = statement.name
        connection = try PostgresConnectionSettings(linkedService: service.name, typeProperties: service.typeProperties)
        if let dataset {
            table = try PostgresTableName(dataset: dataset)
        } else {
            let schema: String? = scriptOptions["schemaName"]?.text
            if let name = scriptOptions["tableName"]?.text, !name.isEmpty {
                table = PostgresTableName(schema: schema, table: name)
            } else {
                table = nil
            }
        }
        let hasQuery = scriptOptions["query"] != nil
        if table == nil, statement.kind == .sink || !hasQuery {
            let fix =
                dataset.map { "give dataset '\($0.name)' typeProperties.schema and .table" }
                ?? "give the inline dataset tableName (and schemaName)"
            throw DataFlowFailure.unsupportedStore(
                "The \(role) '\(stream)' reaches PostgreSQL through linked service '\(service.name)' but names no table: "
                    + fix + (statement.kind == .source ? ", or a query in the source's options" : "") + ".")
        }
    }

    /// `jdbc:postgresql://host:port/database?sslmode=…&connectTimeout=…`, without user or password.
    var url: String {
        let host = connection.host.contains(":") ? "[\(connection.host)]" : connection.host
        let database =
            connection.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"]))
            ?? connection.database
        return "jdbc:postgresql://\(host):\(connection.port)/\(database)?sslmode=\(connection.sslMode.rawValue)"
            + "&connectTimeout=\(connection.connectTimeoutSeconds)&ApplicationName=pipehost"
    }

    /// The store for the plan; the password, if any, is in the environment variable `passwordEnv`.
    func planStore(passwordEnv: String) -> PlanStore {
        .jdbc(
            url: url, schema: table?.schema, table: table?.table, query: nil, user: connection.user,
            passwordEnv: passwordEnv)
    }
}
