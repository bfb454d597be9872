import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Put Block (`PUT …/{blob}?comp=block&blockid=…`) and Put Block List (`PUT …/{blob}?comp=blocklist`),
/// as the Storage SDKs upload blobs larger than one request. Both need write permission.
extension BlobRoutes {
    @Sendable func putBlock(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let location = try authorize(request, context: context, permission: .write)
        guard let blockId = request.uri.queryParameters["blockid"].map(String.init) else {
            throw StorageError.invalidBlockId("(missing)")
        }
        let data = try await Self.collectBody(request)
        try Self.checkContentMD5(request, of: data)
        try services.store.stageBlock(data, blockId: blockId.removingPercentEncoding ?? blockId, of: location)
        var fields: HTTPFields = [.contentLength: "0"]
        if let name = HTTPField.Name("Content-MD5") {
            fields[name] = Data(Insecure.MD5.hash(data: data)).base64EncodedString()
        }
        if let name = HTTPField.Name("x-ms-request-server-encrypted") { fields[name] = "true" }
        if let version = HTTPField.Name("x-ms-version") { fields[version] = Self.serviceVersion }
        return Response(status: .created, headers: fields)
    }

    @Sendable func putBlockList(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let location = try authorize(request, context: context, permission: .write)
        let body = try await Self.collectBody(request)
        try Self.checkContentMD5(request, of: body)
        let list = try BlobBlockList(xml: body)
        var contentMD5: String?
        if let name = HTTPField.Name("x-ms-blob-content-md5"), let value = request.headers[name] {
            guard let bytes = Data(base64Encoded: value), bytes.count == 16 else {
                throw StorageError.invalidHeaderValue("x-ms-blob-content-md5 must be the base64 of 16 bytes")
            }
            contentMD5 = value
        }
        // Committed block lists are not kept, so every id must name a staged block.
        try services.store.commitBlocks(list.blocks.map(\.id), contentMD5: contentMD5, to: location)
        var fields = headers(try services.store.properties(location), length: nil)
        fields[.contentLength] = "0"
        if let md5 = HTTPField.Name("Content-MD5") { fields[md5] = nil }
        if let name = HTTPField.Name("x-ms-request-server-encrypted") { fields[name] = "true" }
        return Response(status: .created, headers: fields)
    }

    /// The request body, refused beyond ``maximumBlobSize``.
    static func collectBody(_ request: Request) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: maximumBlobSize)
            return Data(buffer.readableBytesView)
        } catch {
            throw StorageError.requestBodyTooLarge
        }
    }
}
