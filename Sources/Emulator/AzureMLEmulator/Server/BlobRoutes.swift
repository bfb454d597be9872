import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A minimal Blob service per account at `/blob/{account}/{container}/{path}`, authorized by service SAS
/// or Shared Key: Get Blob (`GET`, with ranges), Get Blob Properties (`HEAD`), Put Blob (`PUT`, block blobs
/// in one request), Put Block and Put Block List (`PUT ?comp=block`, `?comp=blocklist`; BlobRoutes+Blocks),
/// List Blobs (`GET /{container}?restype=container&comp=list`; BlobRoutes+List) and Delete Blob (`DELETE`). `BaseLocation + RelativeLocation + SasBlobToken` from BES `Results` is a URL
/// of this service, so clients download results exactly as Microsoft's samples do.
struct BlobRoutes: Sendable {
    let services: EmulatorServices

    /// The largest blob a `PUT` may carry.
    static let maximumBlobSize = 256 << 20
    /// The storage service version the emulator answers as.
    static let serviceVersion = BlobSharedAccessSignature.emulatorVersion

    func register(on router: Router<EmulatorRequestContext>) {
        let blobs = router.group("blob/:account")
        blobs.get("**", use: get)
        blobs.head("**", use: head)
        blobs.put("**", use: put)
        blobs.delete("**", use: delete)
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        if query["restype"] == "container", query["comp"] == "list" {
            return try listBlobs(request, context: context)
        }
        if let comp = query["comp"] {
            throw StorageError.unsupportedOperation("comp=\(comp) (the emulator's GET serves Get Blob and List Blobs)")
        }
        let location = try authorize(request, context: context, permission: .read)
        let data = try services.store.read(location)
        let properties = try services.store.properties(location)
        guard let rangeText = request.headers[rangeHeader] ?? request.headers[.range] else {
            return Response(
                status: .ok, headers: headers(properties, length: data.count),
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        }
        // The Storage SDKs download with `x-ms-range: bytes=0-…` and need `206` + `Content-Range` back.
        guard let range = ByteRange(header: rangeText, size: data.count) else {
            throw StorageError.invalidRange(size: data.count)
        }
        var fields = headers(properties, length: range.count)
        // A range answers with the whole blob's MD5 as x-ms-blob-content-md5, not Content-MD5.
        if let md5Name = HTTPField.Name("Content-MD5"), let md5 = fields[md5Name],
            let blobMD5 = HTTPField.Name("x-ms-blob-content-md5")
        {
            fields[md5Name] = nil
            fields[blobMD5] = md5
        }
        fields[.contentRange] = "bytes \(range.first)-\(range.last)/\(data.count)"
        let slice = data.subdata(in: range.first..<(range.last + 1))
        return Response(status: .partialContent, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: slice)))
    }

    @Sendable func head(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let location = try authorize(request, context: context, permission: .read)
        guard let properties = try services.store.properties(location) else { throw StorageError.blobNotFound }
        return Response(status: .ok, headers: headers(properties, length: properties.size))
    }

    @Sendable func put(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        switch (request.uri.queryParameters["comp"], request.uri.queryParameters["restype"]) {
        case ("block", nil): return try await putBlock(request, context: context)
        case ("blocklist", nil): return try await putBlockList(request, context: context)
        case (nil, nil): break
        default:
            throw StorageError.unsupportedOperation(
                "comp/restype (the emulator's PUT serves Put Blob, Put Block and Put Block List)")
        }
        let location = try authorize(request, context: context, permission: .write)
        if let type = request.headers[blobTypeHeader], type != "BlockBlob" {
            throw StorageError.invalidHeaderValue("x-ms-blob-type must be BlockBlob")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBlobSize)
        } catch {
            throw StorageError.requestBodyTooLarge
        }
        let data = Data(body.readableBytesView)
        try Self.checkContentMD5(request, of: data)
        try services.store.write(data, to: location)
        var fields = headers(try services.store.properties(location), length: nil)
        fields[.contentLength] = "0"
        return Response(status: .created, headers: fields)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let location = try authorize(request, context: context, permission: .delete)
        try services.store.delete(location)
        return Response(status: .accepted, headers: [.contentLength: "0"])
    }

    /// Checks the request's `Content-MD5`, when it sends one, against `data`.
    static func checkContentMD5(_ request: Request, of data: Data) throws(StorageError) {
        guard let name = HTTPField.Name("Content-MD5"), let sent = request.headers[name] else { return }
        guard Data(base64Encoded: sent) == Data(Insecure.MD5.hash(data: data)) else { throw .md5Mismatch }
    }

    /// The blob the path names, after checking the request's SAS grants `permission` on it.
    func authorize(
        _ request: Request, context: EmulatorRequestContext, permission: BlobPermission
    ) throws(StorageError) -> BlobLocation {
        let accountName = context.parameters.get("account") ?? ""
        let segments = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }
        let location = try BlobLocation.parse(account: accountName, relativeLocation: segments.joined(separator: "/"))
        try authorize(request, account: accountName, container: location.container, blob: location.path, permission: permission)
        return location
    }

    /// Checks the request's Shared Key, or its SAS for `permission` on the blob (`blob` nil: the container).
    func authorize(
        _ request: Request, account accountName: String, container: String, blob: String?, permission: BlobPermission
    ) throws(StorageError) {
        let account = try services.store.account(accountName)
        if let authorization = request.headers[.authorization], authorization.hasPrefix("SharedKey ") {
            // An account key grants every permission.
            try SharedKeyAuthorization.authorize(
                authorization: authorization, method: request.method.rawValue,
                headers: request.headers.map { ($0.name.canonicalName, $0.value) }, account: account,
                path: request.uri.path, query: request.uri.query ?? "", now: Date()
            )
            return
        }
        guard let token = BlobSharedAccessSignature(queryString: request.uri.query ?? "") else {
            throw .noCredentials
        }
        try SharedAccessAuthorization.authorize(
            token, account: account, container: container, blob: blob ?? "",
            permission: permission, now: Date(), overHTTPS: false
        )
    }

    private var blobTypeHeader: HTTPField.Name { HTTPField.Name("x-ms-blob-type") ?? .contentType }
    private var rangeHeader: HTTPField.Name { HTTPField.Name("x-ms-range") ?? .range }

    func headers(_ properties: BlobProperties?, length: Int?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/octet-stream"]
        if let length { fields[.contentLength] = String(length) }
        if let properties {
            fields[.eTag] = properties.etag
            fields[.lastModified] = SASTime.httpDate(properties.lastModified)
            if let md5 = properties.contentMD5, let name = HTTPField.Name("Content-MD5") { fields[name] = md5 }
        }
        fields[blobTypeHeader] = "BlockBlob"
        if let version = HTTPField.Name("x-ms-version") { fields[version] = Self.serviceVersion }
        return fields
    }
}
