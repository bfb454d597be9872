import NIOConcurrencyHelpers
import PluginKit
import PostgresNIO
import PostgresSupport

/// Runs a Script activity's blocks on one PostgreSQL connection, statement by statement (the
/// extended protocol runs one at a time, so a block is cut at its semicolons): each statement gets
/// what is left of its block's `scriptBlockExecutionTimeout` as the server's `statement_timeout`,
/// so an overrun is stopped on the server; a cancelled activity cancels the running statement
/// there too. Rows stream through and only those the output keeps are decoded.
struct PostgresScriptRunner {
    let pool: PostgresConnectionPool

    func run(_ request: ScriptRequest) async throws(ActivityFailure) -> ScriptOutput {
        let lease = try await pool.lease()
        var output = ScriptOutput()
        for parameter in request.blocks.flatMap(\.parameters) where parameter.direction != .input {
            output.setOutput(parameter.name, .null)
        }
        var reusable = true
        do {
            let clock = ContinuousClock()
            for (blockIndex, block) in request.blocks.enumerated() {
                let deadline = clock.now + .seconds(request.blockTimeoutSeconds)
                for pieces in SQLScript(block.text).statements {
                    let remaining = clock.now.duration(to: deadline)
                    guard remaining > .zero else {
                        throw Self.timeout(blockIndex: blockIndex, seconds: request.blockTimeoutSeconds)
                    }
                    let milliseconds = max(
                        1,
                        remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
                    try await lease.connection.setStatementTimeout(milliseconds: milliseconds, local: false)
                    let statement = ScriptStatement(pieces: pieces, parameters: block.parameters)
                    do {
                        try await execute(statement, block: block, on: lease, output: &output)
                    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "57014" && !Task.isCancelled {
                        let report = error.serverInfo.map(SQLErrorReport.init(server:))
                        if clock.now >= deadline || report?.message.contains("statement timeout") == true {
                            throw Self.timeout(blockIndex: blockIndex, seconds: request.blockTimeoutSeconds)
                        }
                        throw error
                    }
                }
            }
            try await lease.connection.runToEnd("RESET statement_timeout")
        } catch {
            reusable = !lease.connection.isClosed && !(error is CancellationError) && !Task.isCancelled
            await pool.release(lease, reusable: reusable)
            throw Self.failure(error)
        }
        await pool.release(lease, reusable: true)
        return output
    }

    /// Runs one statement, keeping its rows (Query blocks), its affected-row count and the values
    /// of output parameters named like its columns.
    private func execute(
        _ statement: ScriptStatement, block: ScriptRequest.Block, on lease: PooledPostgresConnection,
        output: inout ScriptOutput
    ) async throws {
        try Task.checkCancellation()
        let collector = RowCollector(output: output, keepRows: block.kind == .query, outputParameters: block.parameters)
        let canceller = PostgresStatementCanceller(connector: pool.connector, target: lease)
        defer { canceller.statementEnded() }
        let metadata = try await withTaskCancellationHandler {
            try await lease.connection.query(
                PostgresQuery(unsafeSQL: statement.sql, binds: statement.bindings),
                logger: PostgresConnector.silentLogger
            ) { row in
                try collector.take(row)
            }.get()
        } onCancel: {
            canceller.cancel()
        }
        try Task.checkCancellation()
        output = collector.finish(command: metadata.command, rows: metadata.rows, sql: statement.sql)
    }

    static func timeout(blockIndex: Int, seconds: Int) -> ActivityFailure {
        .userError(
            "Script block \(blockIndex + 1) ran longer than scriptBlockExecutionTimeout (\(seconds) seconds) and was "
                + "cancelled on the server. Raise typeProperties.scriptBlockExecutionTimeout or make the script faster.",
            code: ScriptErrorCode.timedOut)
    }

    /// ADF's error for what went wrong.
    static func failure(_ error: any Error) -> ActivityFailure {
        if let failure = error as? ActivityFailure { return failure }
        if error is CancellationError || Task.isCancelled { return .cancelled }
        if let malformed = error as? PostgresValueDecoding.Malformed {
            return .userError(
                "A value of the script's result could not be read: \(malformed)",
                code: ActivityErrorCode.storedProcedureFailed)
        }
        guard let error = error as? PSQLError else {
            return .systemError("The script failed: \(error)", code: ActivityErrorCode.storedProcedureFailed)
        }
        if let server = error.serverInfo { return SQLErrorReport(server: server).failure }
        let reason: String
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            reason = "the connection to the server closed during the script"
        default:
            reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
        }
        return .systemError("The script failed: \(reason).", code: ActivityErrorCode.storedProcedureFailed)
    }
}

/// Gathers one statement's rows as postgres-nio hands them over (on its event loop).
private final class RowCollector: Sendable {
    private struct State {
        var output: ScriptOutput
        var rowCount = 0
        var kept: [JSONValue] = []
        var failure: PostgresValueDecoding.Malformed?
    }

    private let state: NIOLockedValueBox<State>
    private let keepRows: Bool
    private let outputKeys: [(key: String, name: String, size: Int?)]

    init(output: ScriptOutput, keepRows: Bool, outputParameters: [ScriptParameter]) {
        state = NIOLockedValueBox(State(output: output))
        self.keepRows = keepRows
        outputKeys = outputParameters.filter { $0.direction != .input }.map { ($0.key, $0.name, $0.size) }
    }

    func take(_ row: PostgresRow) throws {
        try state.withLockedValue { state in
            state.rowCount += 1
            let first = state.rowCount == 1
            guard first && !outputKeys.isEmpty || keepRows && !state.output.truncated else { return }
            var object = JSONObject()
            for cell in row {
                let value = try PostgresValueDecoding.value(
                    cell.bytes, type: PostgresColumnType(cell.dataType), format: cell.format)
                object[cell.columnName] = value.json
                if first, let match = outputKeys.first(where: { $0.key == cell.columnName.lowercased() }) {
                    var json = value.json
                    if let size = match.size, size > 0, case .string(let text) = json, text.count > size {
                        json = .string(String(text.prefix(size)))
                    }
                    state.output.setOutput(match.name, json)
                }
            }
            guard keepRows && !state.output.truncated else { return }
            let bytes = JSONSerializer.serialize(.object(object)).utf8.count
            if state.output.fits(bytes: bytes) {
                state.kept.append(.object(object))
                state.output.keptRows += 1
                state.output.keptBytes += bytes
            } else {
                state.output.truncated = true
            }
        }
    }

    /// The output with this statement's result set and affected rows added.
    func finish(command: String, rows: Int?, sql: String) -> ScriptOutput {
        state.withLockedValue { state in
            var output = state.output
            let words = command.split(separator: " ")
            let verb = words.first.map(String.init) ?? ""
            switch verb {
            case "INSERT", "UPDATE", "DELETE", "MERGE", "COPY":
                output.recordsAffected += Int64(rows ?? words.last.flatMap { Int($0) } ?? 0)
            default: break
            }
            let firstWord = sql.prefix { $0.isLetter }.uppercased()
            let isResultSet =
                state.rowCount > 0 || (["SELECT", "FETCH", "SHOW"].contains(verb) && firstWord != "CREATE")
            if keepRows && isResultSet {
                output.resultSets.append(ScriptOutput.ResultSet(rowCount: state.rowCount, rows: state.kept))
            }
            return output
        }
    }
}
