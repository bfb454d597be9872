import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of the emulator's router: Hummingbird's core context plus the connection's
/// channel, which fault injection closes to drop a connection.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection; in router tests, a test channel.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Blob uploads can be larger than Hummingbird's 2 MiB default.
    var maxUploadSize: Int { BlobRoutes.maximumBlobSize }
}

extension Response {
    /// A JSON response, `application/json; charset=utf-8` as the real service answered.
    static func json(_ value: WireJSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: value.serialized)))
    }

    /// An empty 200 response.
    static var emptyOK: Response {
        Response(status: .ok, headers: [.contentLength: "0"])
    }
}

extension AzureMLServiceError: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter = retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        return .json(envelope, status: status, headers: headers)
    }
}

extension StorageError: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID = ServiceIdentifiers.newJobId()
        var headers: HTTPFields = [.contentType: "application/xml"]
        if let name = HTTPField.Name("x-ms-error-code") { headers[name] = code }
        if let name = HTTPField.Name("x-ms-request-id") { headers[name] = requestID }
        let body = request.method == .head ? ByteBuffer() : ByteBuffer(string: xmlBody(requestID: requestID))
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
