import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// Sends Blob service REST requests for one account: builds each URL (path-style or host-style, as
/// the service URL is), signs it with the account key or appends the SAS, and turns error statuses
/// into the data activities' failures. Nothing it reports contains a key or a SAS.
struct BlobClient: Sendable {
    /// The storage service version the requests speak.
    static let serviceVersion = "2021-08-06"
    static let requestTimeout: TimeAmount = .seconds(300)
    /// The most bytes of an error or listing body read.
    static let maximumResponseSize = 64 << 20

    let access: BlobServiceAccess
    let client: HTTPClient
    /// The store for messages (`AzureBlobStorage 'LS' (account 'acct')`).
    let storeDescription: String

    /// One HTTP answer with its body read.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer

        /// Azure's `x-ms-error-code`, or the `<Code>` of the body.
        var errorCode: String? {
            headers.first(name: "x-ms-error-code") ?? BlobXML.elementText("Code", in: String(buffer: body))
        }
    }

    /// The URL path of a container or blob, percent-encoded, as sent and as signed.
    func path(container: String, blob: String?) -> String {
        let base = URLComponents(string: access.serviceURL)?.percentEncodedPath ?? ""
        var segments = base.split(separator: "/").map(String.init)
        // A SAS URI may already name the container.
        var namesContainer = false
        if case .sharedAccessSignature = access.credential { namesContainer = segments.last == Self.encode(container) }
        if !namesContainer { segments.append(Self.encode(container)) }
        if let blob { segments += blob.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) } }
        return "/" + segments.joined(separator: "/")
    }

    /// The URL with its query (and SAS); `display` leaves the SAS out, for messages.
    func url(container: String, blob: String?, query: [(String, String)], display: Bool = false) -> String {
        guard let components = URLComponents(string: access.serviceURL), let scheme = components.scheme,
            let host = components.host
        else { return access.serviceURL }
        var text = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + path(container: container, blob: blob)
        var parts = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
        if !display, case .sharedAccessSignature(let token) = access.credential { parts.append(token) }
        if !parts.isEmpty { text += "?" + parts.joined(separator: "&") }
        return text
    }

    /// Sends a request and reads the whole answer (bounded); `operation` and `path` name it in failures.
    func send(
        _ method: HTTPMethod, container: String, blob: String?, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: ByteBuffer? = nil, operation: String, path storePath: String
    ) async throws(ActivityFailure) -> Reply {
        let response = try await start(
            method, container: container, blob: blob, query: query, headers: headers, body: body,
            operation: operation, path: storePath)
        do {
            let bytes = try await response.body.collect(upTo: Self.maximumResponseSize)
            return Reply(status: Int(response.status.code), headers: response.headers, body: bytes)
        } catch {
            throw failure(reaching: error, operation: operation, path: storePath)
        }
    }

    /// Sends a request and returns the response with its body still streaming.
    func start(
        _ method: HTTPMethod, container: String, blob: String?, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: ByteBuffer? = nil, operation: String, path storePath: String
    ) async throws(ActivityFailure) -> HTTPClientResponse {
        var fields: [(String, String)] = [
            ("x-ms-date", Self.httpDate(Date())), ("x-ms-version", Self.serviceVersion),
        ]
        fields += headers
        if let body { fields.append(("Content-Length", String(body.readableBytes))) }
        else if method == .PUT { fields.append(("Content-Length", "0")) }
        if case .sharedKey(let key) = access.credential {
            fields.append((
                "Authorization",
                BlobRequestSigner.authorization(
                    method: method.rawValue, headers: fields, account: access.accountName, key: key,
                    path: path(container: container, blob: blob), query: query)
            ))
        }
        var request = HTTPClientRequest(url: url(container: container, blob: blob, query: query))
        request.method = method
        for (name, value) in fields where name != "Content-Length" { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        do {
            return try await client.execute(request, timeout: Self.requestTimeout)
        } catch {
            throw failure(reaching: error, operation: operation, path: storePath)
        }
    }

    /// The failure of an error status: 401/403 refused credentials, 404 a missing file, else the
    /// status with Azure's code and message.
    func failure(_ reply: Reply, operation: String, path storePath: String) -> ActivityFailure {
        switch reply.status {
        case 401, 403:
            return DataFailure.accessDenied(
                store: storeDescription,
                detail: "HTTP \(reply.status) \(reply.errorCode ?? "") from the blob service of account '\(access.accountName)'"
            ).failure
        case 404:
            return DataFailure.fileNotFound(store: storeDescription, path: storePath).failure
        default:
            let message = BlobXML.elementText("Message", in: String(buffer: reply.body))?
                .split(separator: "\n").first.map(String.init) ?? ""
            return DataFailure.fileOperation(
                operation: operation, store: storeDescription, path: storePath,
                reason: scrub("HTTP \(reply.status) \(reply.errorCode ?? "")\(message.isEmpty ? "" : ": \(message)")")
            ).failure
        }
    }

    /// The failure of a request that got no answer (connection refused, timeout).
    func failure(reaching error: any Error, operation: String, path storePath: String) -> ActivityFailure {
        if error is CancellationError { return .cancelled }
        return DataFailure.fileOperation(
            operation: operation, store: storeDescription, path: storePath,
            reason: scrub("the blob endpoint \(access.serviceURL) cannot be reached (\(error))")
        ).failure
    }

    /// `text` with every secret of the linked service replaced by `***`.
    func scrub(_ text: String) -> String {
        access.secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Percent-encodes all but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `Mon, 01 Jan 2024 00:00:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
