import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// The pages of a REST source as one stream of JSON values, one per line: each page's body when
/// it is an object (or a scalar), each element when it is an array, so that the Json row path
/// reads them as `setOfObjects` (a translator's `collectionReference` then picks arrays inside
/// each page). Pages are requested one at a time as the reader asks for bytes; each page is read
/// whole (up to ``maximumPageBytes``) because the next request depends on it.
final class RestPageSource: ByteSource, @unchecked Sendable {
    // The copy loop and Lookup read one chunk at a time.
    /// The largest page read, as the Json reader's largest object.
    static let maximumPageBytes = JsonObjectReader.maximumObjectBytes
    /// The longest response excerpt put into a failure message.
    static let payloadExcerpt = 1000

    private let service: RestLinkedService
    private let settings: RestSourceSettings
    private let client: HTTPClient
    private let tokens: AadTokens
    private var pagination: Pagination
    private var nextRequest: RestRequest?
    private var pending: [UInt8] = []
    private var read: Int64 = 0
    private(set) var pages = 0

    init(
        service: RestLinkedService, settings: RestSourceSettings, client: HTTPClient, tokens: AadTokens
    ) throws(ActivityFailure) {
        self.service = service
        self.settings = settings
        self.client = client
        self.tokens = tokens
        let template = RestRequest(
            method: settings.method, url: RestRequest.join(base: service.url, settings.relativeURL),
            headers: settings.headers.filter { $0.name.lowercased() != "accept" }, body: settings.body)
        pagination = Pagination(rules: settings.pagination, template: template, baseURL: service.url)
        nextRequest = try pagination.first()
    }

    var bytesRead: Int64 { read }

    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
        while pending.isEmpty {
            guard let request = nextRequest else { return [] }
            try Cancellation.check()
            if pages > 0, settings.interval > .zero {
                do { try await Task.sleep(for: settings.interval) } catch { try Cancellation.check() }
            }
            let (response, bytes) = try await send(request)
            pages += 1
            read += Int64(bytes.count)
            pending = Self.lines(of: response.body, raw: bytes)
            nextRequest = try pagination.next(after: response)
        }
        let count = min(max(1, maximum), pending.count)
        let chunk = Array(pending.prefix(count))
        pending.removeFirst(count)
        return chunk
    }

    func close() async {
        nextRequest = nil
        pending = []
    }

    /// A page as the lines the Json reader takes.
    static func lines(of body: JSONValue?, raw: [UInt8]) -> [UInt8] {
        switch body {
        case nil: return []
        case .array(let elements)?:
            var bytes: [UInt8] = []
            for element in elements {
                JSONSerializer.write(element, to: &bytes)
                bytes.append(0x0A)
            }
            return bytes
        default: return raw + [0x0A]
        }
    }

    /// `text` with the linked service's secrets replaced by `***`.
    private func scrub(_ text: String) -> String {
        service.secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Sends `request` with the authentication and ADF's fixed headers; returns the response
    /// (body parsed) and the body's bytes. An error status, a timeout or a body that is not JSON fails.
    private func send(_ request: RestRequest) async throws(ActivityFailure) -> (RestResponse, [UInt8]) {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "User-Agent", value: "azure-data-factory/2.0")
        for header in request.headers { outgoing.headers.replaceOrAdd(name: header.name, value: header.value) }
        for header in service.authHeaders { outgoing.headers.replaceOrAdd(name: header.name, value: header.value) }
        switch service.authentication {
        case .anonymous: break
        case .basic(let header, _): outgoing.headers.replaceOrAdd(name: "Authorization", value: header)
        case .servicePrincipal(let principal):
            let token = try await tokens.token(for: principal, client: client)
            outgoing.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
        // The REST connector reads JSON only, so it always asks for JSON.
        outgoing.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if let body = request.body {
            if request.header("Content-Type") == nil {
                outgoing.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            }
            outgoing.body = .bytes(ByteBuffer(string: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .init(settings.timeout))
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            throw RestFailure.timedOut(url: request.url, timeout: Self.timeSpan(settings.timeout)).failure
        } catch {
            try Cancellation.check()
            throw RestFailure.unreachable(url: request.url, reason: scrub("\(error)")).failure
        }
        let status = Int(response.status.code)
        let bytes: [UInt8]
        do {
            bytes = Array(try await response.body.collect(upTo: Self.maximumPageBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw RestFailure.responseTooLarge(url: request.url, limit: Self.maximumPageBytes).failure
        } catch {
            try Cancellation.check()
            throw RestFailure.unreachable(url: request.url, reason: "reading the response failed: \(scrub("\(error)"))")
                .failure
        }
        guard (200..<300).contains(status) else {
            let payload = String(decoding: bytes.prefix(Self.payloadExcerpt), as: UTF8.self)
            throw RestFailure.callFailed(status: status, url: request.url, payload: scrub(payload)).failure
        }
        let headers = response.headers.map { RestRequest.Header(name: $0.name, value: $0.value) }
        var body: JSONValue?
        if bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
            do {
                body = try JSONParser.parse(bytes)
            } catch {
                throw RestFailure.notJson(url: request.url, reason: "\(error)").failure
            }
        }
        return (RestResponse(status: status, headers: headers, body: body), bytes)
    }

    /// `duration` as ADF writes a time span, `00:01:40`.
    static func timeSpan(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        let fraction = duration.components.attoseconds / 1_000_000_000_000_000
        let text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        return fraction > 0 ? text + String(format: ".%03lld", fraction) : text
    }
}
