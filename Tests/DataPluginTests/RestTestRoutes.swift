import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PipehostJSON

/// The REST endpoints of the REST source tests, on ``TestHttpServer``: one collection of five
/// people served two per page in every paging style ADF's pagination rules follow, an
/// authenticated copy of it (Basic, and Bearer tokens from a token endpoint on the same server),
/// error statuses, a slow answer and a next link that never changes.
enum RestTestRoutes {
    static let people: [JSONValue] = [
        ["id": 1, "name": "Ann", "team": ["name": "red"]], ["id": 2, "name": "Bob", "team": ["name": "red"]],
        ["id": 3, "name": "Cid", "team": ["name": "blue"]], ["id": 4, "name": "Dee", "team": ["name": "blue"]],
        ["id": 5, "name": "Eve", "team": ["name": "green"]],
    ]
    static let pageSize = 2
    static let pageCount = 3
    static let user = "ann"
    static let password = "Pa55-rest-word"
    static let tenant = "contoso"
    static let clientId = "rest-app"
    static let clientSecret = "sp-Rest-S3cret"
    static let resource = "https://api.example"
    static let token = "rest-T0ken-issued"

    /// Page `number` (1-based) of the people.
    static func page(_ number: Int) -> [JSONValue] {
        let start = max(0, (number - 1) * pageSize)
        return Array(people.dropFirst(start).prefix(pageSize))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: JSONSerializer.bytes(value))))
    }

    /// A header name the tests spell; an invalid one is a mistake in this file.
    private static func field(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("'\(name)' is not a header name") }
        return field
    }

    private static func number(_ request: Request, _ name: String, default value: Int) -> Int {
        request.uri.queryParameters.get(name).flatMap { Int($0) } ?? value
    }

    static func add(to router: Router<BasicRequestContext>) {
        // Next link in the body, absolute.
        router.get("items/next-absolute") { request, _ in
            let page = number(request, "page", default: 1)
            var body: JSONObject = ["value": .array(Self.page(page))]
            if page < pageCount {
                body["nextLink"] = .string(
                    "http://\(request.head.authority ?? "")/items/next-absolute?page=\(page + 1)")
            }
            return json(.object(body))
        }
        // Next link in the body, relative to the linked service's URL, under a key with a dot.
        router.get("items/next-relative") { request, _ in
            let page = number(request, "page", default: 1)
            var body: JSONObject = ["value": .array(Self.page(page))]
            if page < pageCount { body["@odata.nextLink"] = .string("items/next-relative?page=\(page + 1)") }
            return json(.object(body))
        }
        // RFC 5988 Link headers and a top-level array per page.
        router.get("items/link") { request, _ in
            let page = number(request, "page", default: 1)
            var headers: HTTPFields = [:]
            if page < pageCount {
                headers[field("Link")] =
                    "<http://\(request.head.authority ?? "")/items/link?page=\(page - 1)>; rel=\"prev\", "
                    + "</items/link?page=\(page + 1)>; rel=\"next\""
            }
            return json(.array(Self.page(page)), headers: headers)
        }
        // Offset and limit in the query; an empty page past the end.
        router.get("items/offset") { request, _ in
            let offset = number(request, "offset", default: 0)
            let limit = number(request, "limit", default: pageSize)
            return json(["data": .array(Array(people.dropFirst(max(0, offset)).prefix(max(0, limit))))])
        }
        // A cursor in a request header, the next one in a response header.
        router.get("items/header") { request, _ in
            let page = request.headers[field("X-Cursor")].flatMap { Int($0) } ?? 1
            var headers: HTTPFields = [:]
            if page < pageCount { headers[field("X-Next-Cursor")] = String(page + 1) }
            return json(["value": .array(Self.page(page))], headers: headers)
        }
        // The page in a JSON request body; the last page says so.
        router.post("items/body") { request, _ in
            let body = try JSONParser.parse(Array(try await request.body.collect(upTo: 1 << 16).readableBytesView))
            let page = Int(body["page"]?.integerValue ?? 1)
            return json([
                "value": .array(Self.page(page)), "nextPage": .integer(Int64(page + 1)),
                "complete": .bool(page >= pageCount),
            ])
        }
        // A next link that never changes.
        router.get("items/loop") { _, _ in json(["value": .array(Self.page(1)), "next": "items/loop"]) }
        // Basic authentication.
        router.get("basic/items") { request, _ in
            let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return json(["error": "bad credentials"], status: .unauthorized)
            }
            return json(["value": .array(people)])
        }
        // A token endpoint and a resource that wants its token.
        router.post(":tenant/oauth2/token") { request, context in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let fields = Dictionary(
                body.split(separator: "&").map { pair -> (String, String) in
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
                }, uniquingKeysWith: { $1 })
            guard context.parameters.get("tenant") == tenant, fields["grant_type"] == "client_credentials",
                fields["client_id"] == clientId, fields["client_secret"] == clientSecret, fields["resource"] == resource
            else {
                return json(
                    ["error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."],
                    status: .unauthorized)
            }
            return json(["token_type": "Bearer", "expires_in": "3599", "access_token": .string(token)])
        }
        router.get("aad/items") { request, _ in
            guard request.headers[.authorization] == "Bearer \(token)" else { return Response(status: .unauthorized) }
            return json(["value": .array(people)])
        }
        // Failures.
        router.get("rest-status/:code") { _, context in
            let code = Int(context.parameters.get("code") ?? "500") ?? 500
            return json(["message": .string("the endpoint says \(code)")], status: .init(code: code))
        }
        router.get("rest-slow") { _, _ in
            try await Task.sleep(for: .seconds(3))
            return json(["slow": true])
        }
        router.get("rest-text") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "hello"))
            )
        }
    }
}
