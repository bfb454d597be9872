import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// An `HttpServer` linked service as a read-only store of one file: the response to
/// `url` + the dataset's `relativeUrl`, streamed. The Copy source's `storeSettings` (HttpReadSettings)
/// give `requestMethod`, `additionalHeaders`, `requestBody` and `httpRequestTimeout`.
struct HttpFileStore: FileStore {
    struct Request: Sendable, Equatable {
        var method: String = "GET"
        var headers: [(String, String)] = []
        var body: String?
        var timeout: Duration = .seconds(100)

        static func == (lhs: Request, rhs: Request) -> Bool {
            lhs.method == rhs.method && lhs.body == rhs.body && lhs.timeout == rhs.timeout
                && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
        }
    }

    let baseURL: String
    let linkedServiceName: String
    let basicAuthorization: String?
    let client: HTTPClient
    let request: Request

    var description: String { "HttpServer '\(linkedServiceName)'" }

    /// Reads the linked service; `client` is the plugin's (with or without certificate checks).
    static func make(
        _ service: Invocation.LinkedService, clients: HttpClients, storeSettings: JSONValue?
    ) throws(ActivityFailure) -> HttpFileStore {
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        let url = try reader.requiredString("url")
        guard url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://") else {
            throw ActivityFailure.invalidProperty(reader.member("url"), "expected an http:// or https:// URL")
        }
        var authorization: String?
        switch try reader.string("authenticationType")?.lowercased() {
        case nil, "", "anonymous": authorization = nil
        case "basic":
            let user = try reader.requiredString("userName")
            let password = try reader.string("password") ?? ""
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case let other?:
            throw ActivityFailure.invalidProperty(
                reader.member("authenticationType"), "pipehost supports Anonymous and Basic, not '\(other)'")
        }
        guard try reader.bool("enableServerCertificateValidation") ?? true else {
            throw ActivityFailure.invalidProperty(
                reader.member("enableServerCertificateValidation"),
                "pipehost always checks server certificates; remove the property or set it to true")
        }
        let settings = try PropertyReader(storeSettings, path: "typeProperties.source.storeSettings")
        var request = Request()
        request.method = (try settings.string("requestMethod") ?? "GET").uppercased()
        guard ["GET", "POST"].contains(request.method) else {
            throw ActivityFailure.invalidProperty(settings.member("requestMethod"), "expected GET or POST")
        }
        for line in (try settings.string("additionalHeaders") ?? "").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else {
                throw ActivityFailure.invalidProperty(
                    settings.member("additionalHeaders"), "each line must be 'Name: value'")
            }
            request.headers.append(
                (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                 String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        request.body = try settings.string("requestBody")
        if let text = try settings.string("httpRequestTimeout") {
            guard let seconds = ValidationActivity.parseTimeSpan(text), seconds > 0, seconds <= 86_400 else {
                throw ActivityFailure.invalidProperty(settings.member("httpRequestTimeout"), "expected hh:mm:ss, found '\(text)'")
            }
            request.timeout = .milliseconds(Int64(seconds * 1000))
        }
        return HttpFileStore(
            baseURL: url, linkedServiceName: service.name, basicAuthorization: authorization,
            client: clients.client, request: request)
    }

    /// The URL of a path: the linked service URL joined with the dataset's relative URL.
    func url(_ path: String) -> String {
        guard !path.isEmpty else { return baseURL }
        if path.lowercased().hasPrefix("http://") || path.lowercased().hasPrefix("https://") { return path }
        return (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/" + (path.hasPrefix("/") ? String(path.dropFirst()) : path)
    }

    /// The file name a sink gives the response: the URL path's last segment, or `response`.
    static func fileName(_ relativeURL: String) -> String {
        let path = relativeURL.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return name.isEmpty || name == ".." || name == "." ? "response" : name
    }

    /// The one "file" is the response; nothing is requested until it is opened.
    func item(at path: String) async throws(ActivityFailure) -> FileItem? {
        FileItem(path: path, isFolder: false, size: 0, lastModified: nil, contentMD5: nil)
    }

    func list(folder: String, recursive: Bool) async throws(ActivityFailure) -> [FileItem] {
        [FileItem(path: folder, isFolder: false, size: 0, lastModified: nil, contentMD5: nil)]
    }

    func open(_ path: String) async throws(ActivityFailure) -> any ByteSource {
        let target = url(path)
        var outgoing = HTTPClientRequest(url: target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let basicAuthorization { outgoing.headers.replaceOrAdd(name: "Authorization", value: basicAuthorization) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(string: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .init(request.timeout))
        } catch {
            throw ActivityFailure.systemError(
                "The HTTP request to '\(target)' failed: \(error).", code: DataErrorCode.httpRequestFailed)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            var detail = ""
            if let body = try? await response.body.collect(upTo: 4096) { detail = String(buffer: body) }
            if status == 401 || status == 403 {
                throw DataFailure.accessDenied(store: description, detail: "HTTP \(status) from '\(target)'").failure
            }
            throw DataFailure.http(url: target, status: status, detail: String(detail.prefix(300))).failure
        }
        return HttpBodySource(response: response, url: target)
    }

    func create(_ path: String) async throws(ActivityFailure) -> any ByteSink {
        throw readOnly("write")
    }

    func delete(_ path: String) async throws(ActivityFailure) {
        throw readOnly("delete")
    }

    private func readOnly(_ operation: String) -> ActivityFailure {
        .userError(
            "\(description) is read-only: HTTP datasets are sources; pipehost cannot \(operation) '\(baseURL)'.",
            code: DataErrorCode.invalidDataset)
    }
}

/// The plugin's HTTP client for `HttpServer` and `RestService` sources (server certificates
/// always checked), with the token cache of `AadServicePrincipal` REST sources.
/// Created at init, shut down at the plugin's shutdown.
final class HttpClients: Sendable {
    let client: HTTPClient
    let tokens = AadTokens()
    /// The plugin's `authorityHost` setting; nil for each cloud's own.
    let authorityHost: String?

    init(authorityHost: String? = nil) {
        self.authorityHost = authorityHost
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() {
        try? client.syncShutdown()
    }
}

/// A response body read chunk by chunk.
final class HttpBodySource: ByteSource, @unchecked Sendable {
    // The copy loop reads one chunk at a time.
    private var iterator: HTTPClientResponse.Body.AsyncIterator?
    private var pending: [UInt8] = []
    private let url: String
    private var read: Int64 = 0

    init(response: HTTPClientResponse, url: String) {
        iterator = response.body.makeAsyncIterator()
        self.url = url
    }

    var bytesRead: Int64 { read }

    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
        while pending.isEmpty, iterator != nil {
            do {
                if let buffer = try await iterator?.next() {
                    pending = Array(buffer.readableBytesView)
                    read += Int64(pending.count)
                } else {
                    iterator = nil
                }
            } catch {
                iterator = nil
                throw ActivityFailure.systemError(
                    "Reading the response of '\(url)' failed: \(error).", code: DataErrorCode.httpRequestFailed)
            }
        }
        let count = min(max(1, maximum), pending.count)
        let chunk = Array(pending.prefix(count))
        pending.removeFirst(count)
        return chunk
    }

    func close() async { iterator = nil }
}
