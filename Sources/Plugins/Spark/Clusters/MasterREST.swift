import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// A Spark standalone master's HTTP endpoints: the REST submission server
/// (`spark.master.rest.enabled`; `POST /v1/submissions/create`, `GET /v1/submissions/status/ID`,
/// `POST /v1/submissions/kill/ID`) and the web UI's `/json/` state.
struct MasterREST: Sendable {
    /// A request that got no usable answer.
    enum Failure: Error, CustomStringConvertible {
        /// The server could not be reached (refused, timed out, reset).
        case unreachable(url: String, reason: String)
        /// The server answered with a status or body that is not a submission response.
        case badResponse(url: String, status: Int, body: String)

        var description: String {
            switch self {
            case .unreachable(let url, let reason): "\(url) could not be reached: \(reason)"
            case .badResponse(let url, let status, let body): "\(url) answered HTTP \(status): \(body.prefix(500))"
            }
        }
    }

    let client: HTTPClient

    /// The longest answer read.
    static let bodyLimit = 4 << 20

    /// `POST {rest}/v1/submissions/create`; the answer (`submissionId`, `success`, `message`).
    func create(_ rest: String, request: JSONValue) async throws(Failure) -> JSONValue {
        try await send(rest + "/v1/submissions/create", method: .POST, body: request)
    }

    /// `GET {rest}/v1/submissions/status/ID`; the answer (`driverState`, `workerId`, `message`).
    func status(_ rest: String, submission: String) async throws(Failure) -> JSONValue {
        try await send(rest + "/v1/submissions/status/" + Self.escaped(submission), method: .GET, body: nil)
    }

    /// `POST {rest}/v1/submissions/kill/ID`; the answer (`success`, `message`).
    func kill(_ rest: String, submission: String) async throws(Failure) -> JSONValue {
        try await send(rest + "/v1/submissions/kill/" + Self.escaped(submission), method: .POST, body: nil)
    }

    /// The master web UI's state (`aliveworkers`, `activeapps`, `completedapps`, …).
    func masterState(_ webUI: String) async throws(Failure) -> JSONValue {
        try await send(webUI + "/json/", method: .GET, body: nil)
    }

    private func send(_ url: String, method: HTTPMethod, body: JSONValue?) async throws(Failure) -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json;charset=UTF-8")
            request.body = .bytes(ByteBuffer(bytes: JSONSerializer.bytes(body)))
        }
        let status: Int
        let bytes: [UInt8]
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            status = Int(response.status.code)
            bytes = Array(buffer: try await response.body.collect(upTo: Self.bodyLimit))
        } catch {
            throw .unreachable(url: url, reason: String(describing: error))
        }
        // The REST server answers errors (an unknown submission, a bad request) as JSON too.
        guard let json = try? JSONParser.parse(bytes), json.objectValue != nil else {
            throw .badResponse(url: url, status: status, body: String(decoding: bytes, as: UTF8.self))
        }
        return json
    }

    private static func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }
}
