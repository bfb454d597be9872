import NIOCore
import PostgresNIO
import PostgresSupport

/// One `COPY … FROM STDIN` kept open while rows arrive, so that the server stores one chunk while
/// the copy reads and converts the next: postgres-nio hands its writer only to a closure, which
/// here stays suspended until the copy is finished or abandoned.
///
/// Used by one sink at a time (the sink actor serialises calls).
final class PostgresCopyStream: Sendable {
    private let task: Task<Void, any Error>
    private let writer: PostgresCopyFromWriter
    private let ending: AsyncStream<Bool>.Continuation

    /// The closure's answer when the sink abandons the copy; postgres-nio then sends `CopyFail`.
    private struct Abandoned: Error {}

    /// postgres-nio ended the statement without handing over its writer or an error.
    struct NotStarted: Error, CustomStringConvertible {
        var description: String { "the COPY statement ended before it took any data" }
    }

    private init(task: Task<Void, any Error>, writer: PostgresCopyFromWriter, ending: AsyncStream<Bool>.Continuation) {
        self.task = task
        self.writer = writer
        self.ending = ending
    }

    /// Starts `COPY "<table>" (<columns>) FROM STDIN`; `table` and `columns` are spelled as
    /// postgres-nio quotes them. Throws the server's error when the statement is refused.
    static func start(on connection: PostgresConnection, table: String, columns: [String]) async throws
        -> PostgresCopyStream
    {
        let (writers, handOver) = AsyncStream.makeStream(of: PostgresCopyFromWriter.self)
        let (endings, ending) = AsyncStream.makeStream(of: Bool.self)
        let task = Task {
            defer { handOver.finish() }
            try await connection.copyFrom(table: table, columns: columns, logger: PostgresConnector.silentLogger) {
                writer in
                handOver.yield(writer)
                handOver.finish()
                for await finished in endings {
                    if finished { return }
                    break
                }
                throw Abandoned()
            }
        }
        var handed = writers.makeAsyncIterator()
        guard let writer = await handed.next() else {
            try await task.value
            throw NotStarted()
        }
        return PostgresCopyStream(task: task, writer: writer, ending: ending)
    }

    /// Sends rows in COPY's text format; waits while the connection cannot take more.
    func write(_ data: ByteBuffer) async throws {
        try await writer.write(data)
    }

    /// Ends the data and waits for the server to store it; throws the server's error.
    func finish() async throws {
        ending.yield(true)
        ending.finish()
        try await task.value
    }

    /// Ends the copy without storing anything; returns the server's error when it had one.
    func abandon() async -> (any Error)? {
        ending.yield(false)
        ending.finish()
        do {
            try await task.value
            return nil
        } catch is Abandoned {
            return nil
        } catch {
            return error
        }
    }
}
