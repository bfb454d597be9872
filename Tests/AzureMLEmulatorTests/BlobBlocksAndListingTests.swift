import Crypto
import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The emulator's List Blobs, Put Block and Put Block List, and the Content-MD5 it keeps, authorized by
/// Shared Key or SAS as every other blob route.
@Suite(.tags(.medium))
struct BlobBlocksAndListingTests {
    /// Shared Key headers for a request (`query` raw, as sent).
    static func signed(_ method: String, _ path: String, query: String = "", _ extra: [(String, String)] = [])
        -> [String: String]
    {
        var headers = [("x-ms-date", SASTime.httpDate(Date())), ("x-ms-version", "2021-08-06")] + extra
        let text = SharedKeyAuthorization.stringToSign(
            method: method, headers: headers, account: "acct1", path: path, query: query)
        let signature = BlobSharedAccessSignature.signature(of: text, accountKey: EmulatorFixture.acct1Key) ?? ""
        headers.append(("Authorization", "SharedKey acct1:\(signature)"))
        return Dictionary(uniqueKeysWithValues: headers)
    }

    static func md5(_ text: String) -> String { Data(Insecure.MD5.hash(data: Data(text.utf8))).base64EncodedString() }

    static func blockId(_ index: Int) -> String { Data("block-\(String(format: "%03d", index))".utf8).base64EncodedString() }

    @Test(arguments: Transport.allCases)
    func blocksStayInvisibleUntilTheBlockListCommitsThem(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let path = "/blob/acct1/data/big/file.bin"
            for (index, part) in ["first-", "second-", "third"].enumerated() {
                let query = "comp=block&blockid=\(Self.blockId(index).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                let put = try await session.send(
                    .put, "\(path)?\(query)",
                    Self.signed("PUT", path, query: query, [("Content-Length", "\(part.utf8.count)")]), part)
                #expect(put.status == 201, "\(put.body)")
                #expect(put.headers["content-md5"] == Self.md5(part))
            }
            // Staged blocks are no blob yet: not readable, not listed.
            let early = try await session.send(.get, path, Self.signed("GET", path), nil)
            #expect(early.status == 404)
            #expect(early.headers["x-ms-error-code"] == "BlobNotFound")

            let list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>\(Self.blockId(0))</Latest>"
                + "<Uncommitted>\(Self.blockId(2))</Uncommitted><Latest>\(Self.blockId(1))</Latest></BlockList>"
            let md5 = Self.md5("first-thirdsecond-")
            let commit = try await session.send(
                .put, "\(path)?comp=blocklist",
                Self.signed(
                    "PUT", path, query: "comp=blocklist",
                    [("Content-Length", "\(list.utf8.count)"), ("x-ms-blob-content-md5", md5)]),
                list)
            #expect(commit.status == 201, "\(commit.body)")
            #expect(commit.headers["etag"] != nil)
            #expect(try session.fixture.readBlob("acct1", "data/big/file.bin") == "first-thirdsecond-")
            let head = try await session.send(.head, path, Self.signed("HEAD", path), nil)
            #expect(head.headers["content-md5"] == md5)
            #expect(head.headers["content-length"] == "18")
            // Committing discarded the staged blocks: a second commit of the same ids fails.
            let again = try await session.send(
                .put, "\(path)?comp=blocklist",
                Self.signed("PUT", path, query: "comp=blocklist", [("Content-Length", "\(list.utf8.count)")]), list)
            #expect(again.status == 400)
            #expect(again.headers["x-ms-error-code"] == "InvalidBlockList")
            #expect(try session.fixture.readBlob("acct1", "data/big/file.bin") == "first-thirdsecond-")
        }
    }

    @Test(arguments: Transport.allCases)
    func putBlobKeepsTheContentMD5AndRefusesAWrongOne(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let path = "/blob/acct1/uploads/one.txt"
            let put = try await session.send(
                .put, path, Self.signed("PUT", path, [("x-ms-blob-type", "BlockBlob"), ("Content-Length", "5")]), "hello")
            #expect(put.status == 201)
            let head = try await session.send(.head, path, Self.signed("HEAD", path), nil)
            #expect(head.headers["content-md5"] == Self.md5("hello"))
            let ranged = try await session.send(.get, path, Self.signed("GET", path, [("x-ms-range", "bytes=1-2")]), nil)
            #expect(ranged.status == 206)
            #expect(ranged.body == "el")
            #expect(ranged.headers["content-md5"] == nil)
            #expect(ranged.headers["x-ms-blob-content-md5"] == Self.md5("hello"))
            let wrong = try await session.send(
                .put, path,
                Self.signed(
                    "PUT", path,
                    [("x-ms-blob-type", "BlockBlob"), ("Content-Length", "5"), ("Content-MD5", Self.md5("other"))]),
                "hello")
            #expect(wrong.status == 400)
            #expect(wrong.headers["x-ms-error-code"] == "Md5Mismatch")
        }
    }

    @Test(arguments: Transport.allCases)
    func listBlobsWithPrefixDelimiterAndPages(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            for name in ["logs/2024/a.txt", "logs/2024/b.txt", "logs/2025/c.txt", "logs/top.txt", "other.txt"] {
                let path = "/blob/acct1/lists/\(name)"
                let put = try await session.send(
                    .put, path, Self.signed("PUT", path, [("x-ms-blob-type", "BlockBlob"), ("Content-Length", "2")]),
                    "xy")
                #expect(put.status == 201)
            }
            func list(_ query: String) async throws -> Reply {
                try await session.send(
                    .get, "/blob/acct1/lists?\(query)", Self.signed("GET", "/blob/acct1/lists", query: query), nil)
            }
            let all = try await list("restype=container&comp=list")
            #expect(all.status == 200, "\(all.body)")
            #expect(all.headers["content-type"] == "application/xml")
            let names = BlobXMLTestReader.names(all.body)
            #expect(names == ["logs/2024/a.txt", "logs/2024/b.txt", "logs/2025/c.txt", "logs/top.txt", "other.txt"])
            #expect(all.body.contains("<Content-Length>2</Content-Length>"))
            #expect(all.body.contains("<Content-MD5>\(Self.md5("xy"))</Content-MD5>"))
            #expect(all.body.contains("<BlobType>BlockBlob</BlobType>"))
            #expect(all.body.contains("<Last-Modified>"))
            #expect(all.body.contains("<NextMarker />"))

            let folders = try await list("restype=container&comp=list&prefix=logs%2F&delimiter=%2F")
            #expect(BlobXMLTestReader.names(folders.body) == ["logs/top.txt"])
            #expect(BlobXMLTestReader.prefixes(folders.body) == ["logs/2024/", "logs/2025/"])
            #expect(folders.body.contains("<Prefix>logs/</Prefix>"))
            #expect(folders.body.contains("<Delimiter>/</Delimiter>"))

            let first = try await list("restype=container&comp=list&maxresults=2")
            #expect(BlobXMLTestReader.names(first.body) == ["logs/2024/a.txt", "logs/2024/b.txt"])
            #expect(first.body.contains("<MaxResults>2</MaxResults>"))
            let marker = try #require(BlobXMLTestReader.text("NextMarker", first.body))
            let second = try await list(
                "restype=container&comp=list&maxresults=2&marker=\(marker.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            #expect(BlobXMLTestReader.names(second.body) == ["logs/2025/c.txt", "logs/top.txt"])
            let missing = try await session.send(
                .get, "/blob/acct1/nothere?restype=container&comp=list",
                Self.signed("GET", "/blob/acct1/nothere", query: "restype=container&comp=list"), nil)
            #expect(missing.status == 404)
            #expect(missing.headers["x-ms-error-code"] == "ContainerNotFound")
        }
    }

    @Test(arguments: Transport.allCases)
    func listingNeedsAContainerSASWithListPermission(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let listing = EmulatorFixture.sas(container: "data", blob: nil, permissions: "rl", resource: "c")
            let allowed = try await session.send(
                .get, "/blob/acct1/data\(listing)&restype=container&comp=list", [:], nil)
            #expect(allowed.status == 200, "\(allowed.body)")
            #expect(BlobXMLTestReader.names(allowed.body) == ["logistic.csv", "score.csv", "train.csv"])
            let readOnly = EmulatorFixture.sas(container: "data", blob: nil, permissions: "r", resource: "c")
            let refused = try await session.send(
                .get, "/blob/acct1/data\(readOnly)&restype=container&comp=list", [:], nil)
            #expect(refused.status == 403)
            #expect(refused.headers["x-ms-error-code"] == "AuthorizationPermissionMismatch")
            let unsigned = try await session.send(.get, "/blob/acct1/data?restype=container&comp=list", [:], nil)
            #expect(unsigned.status == 403)
        }
    }

    @Test(.tags(.small))
    func blockListXMLIsReadAndBadBodiesAreRefused() throws {
        let list = try BlobBlockList(
            xml: Data("<?xml version=\"1.0\"?>\n<BlockList>\n <Latest>QQ==</Latest><Committed>Qg==</Committed></BlockList>".utf8))
        #expect(list == BlobBlockList(blocks: [(.latest, "QQ=="), (.committed, "Qg==")]))
        #expect(throws: StorageError.invalidXML("the root element must be <BlockList>")) {
            try BlobBlockList(xml: Data("<Blocks></Blocks>".utf8))
        }
        #expect(throws: StorageError.invalidXML("<Other> is not a block list element")) {
            try BlobBlockList(xml: Data("<BlockList><Other>x</Other></BlockList>".utf8))
        }
        #expect(throws: StorageError.invalidXML("<Latest> is never closed")) {
            try BlobBlockList(xml: Data("<BlockList><Latest>x</BlockList>".utf8))
        }
    }

    @Test(.tags(.small))
    func newStorageErrorsHaveAzuresCodesAndStatuses() {
        #expect(StorageError.invalidBlockList("x").code == "InvalidBlockList")
        #expect(StorageError.invalidBlockList("x").status == .badRequest)
        #expect(StorageError.invalidBlockId("x").code == "InvalidQueryParameterValue")
        #expect(StorageError.invalidXML("x").code == "InvalidXmlDocument")
        #expect(StorageError.md5Mismatch.code == "Md5Mismatch")
        #expect(StorageError.invalidQueryParameter("x").status == .badRequest)
        #expect(StorageError.invalidBlockList("QQ==").message.contains("'QQ=='"))
    }
}

/// Reads names out of List Blobs XML for assertions.
enum BlobXMLTestReader {
    static func text(_ element: String, _ xml: String) -> String? {
        guard let open = xml.range(of: "<\(element)>"), let close = xml.range(of: "</\(element)>") else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    static func names(_ xml: String) -> [String] { names(xml, in: "Blob") }
    static func prefixes(_ xml: String) -> [String] { names(xml, in: "BlobPrefix") }

    private static func names(_ xml: String, in element: String) -> [String] {
        xml.components(separatedBy: "<\(element)><Name>").dropFirst().compactMap {
            $0.components(separatedBy: "</Name>").first
        }
    }
}
