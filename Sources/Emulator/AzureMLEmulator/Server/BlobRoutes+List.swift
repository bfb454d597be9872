import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// List Blobs: `GET /blob/{account}/{container}?restype=container&comp=list` with optional `prefix`,
/// `delimiter`, `marker` and `maxresults`, answered with Azure's `EnumerationResults` XML. A SAS must be
/// a container SAS (`sr=c`) with list permission (`l`).
extension BlobRoutes {
    func listBlobs(_ request: Request, context: EmulatorRequestContext) throws -> Response {
        let accountName = context.parameters.get("account") ?? ""
        let segments = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.count == 1, let container = segments.first else {
            throw StorageError.invalidResourceName(segments.joined(separator: "/"))
        }
        try BlobLocation.validateContainer(container)
        try authorize(request, account: accountName, container: container, blob: nil, permission: .list)
        let query = request.uri.queryParameters
        var listing = BlobListRequest()
        listing.prefix = query["prefix"].map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        listing.delimiter = query["delimiter"].map { String($0).removingPercentEncoding ?? String($0) }
        listing.marker = query["marker"].map { String($0).removingPercentEncoding ?? String($0) }
            .flatMap { $0.isEmpty ? nil : $0 }
        if let text = query["maxresults"] {
            guard let count = Int(text), count > 0 else {
                throw StorageError.invalidQueryParameter("maxresults must be a positive integer, not '\(text)'")
            }
            listing.maxResults = min(count, BlobListRequest.maximumResults)
        }
        let page = try services.store.list(account: accountName, container: container, listing)
        let endpoint = services.blobEndpoint(account: accountName)
        let body = Self.enumerationResults(page, request: listing, endpoint: endpoint, container: container,
            maxResultsGiven: query["maxresults"] != nil)
        var fields: HTTPFields = [.contentType: "application/xml", .contentLength: String(body.utf8.count)]
        if let version = HTTPField.Name("x-ms-version") { fields[version] = Self.serviceVersion }
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The `EnumerationResults` document of a page (the element order of the List Blobs reference).
    static func enumerationResults(
        _ page: BlobListPage, request: BlobListRequest, endpoint: String, container: String, maxResultsGiven: Bool
    ) -> String {
        func element(_ name: String, _ value: String?) -> String {
            guard let value, !value.isEmpty else { return "<\(name) />" }
            return "<\(name)>\(XMLText.escape(value))</\(name)>"
        }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        xml += "<EnumerationResults ServiceEndpoint=\"\(XMLText.escape(endpoint))\" "
        xml += "ContainerName=\"\(XMLText.escape(container))\">"
        if !request.prefix.isEmpty { xml += element("Prefix", request.prefix) }
        if let marker = request.marker { xml += element("Marker", marker) }
        if maxResultsGiven { xml += element("MaxResults", String(request.maxResults)) }
        if let delimiter = request.delimiter { xml += element("Delimiter", delimiter) }
        xml += "<Blobs>"
        for entry in page.entries {
            switch entry {
            case .prefix(let name):
                xml += "<BlobPrefix>\(element("Name", name))</BlobPrefix>"
            case .blob(let name, let properties):
                let modified = SASTime.httpDate(properties.lastModified)
                xml += "<Blob>\(element("Name", name))<Properties>"
                xml += element("Creation-Time", modified) + element("Last-Modified", modified)
                xml += element("Etag", properties.etag.replacingOccurrences(of: "\"", with: ""))
                xml += element("Content-Length", String(properties.size))
                xml += element("Content-Type", "application/octet-stream")
                xml += element("Content-Encoding", nil) + element("Content-Language", nil)
                xml += element("Content-CRC64", nil) + element("Content-MD5", properties.contentMD5)
                xml += element("Cache-Control", nil) + element("Content-Disposition", nil)
                xml += element("BlobType", "BlockBlob") + element("AccessTier", "Hot")
                xml += element("AccessTierInferred", "true") + element("LeaseStatus", "unlocked")
                xml += element("LeaseState", "available") + element("ServerEncrypted", "true")
                xml += "</Properties></Blob>"
            }
        }
        xml += "</Blobs>" + element("NextMarker", page.nextMarker) + "</EnumerationResults>"
        return xml
    }
}
