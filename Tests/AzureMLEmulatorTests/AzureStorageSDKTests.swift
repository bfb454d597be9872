import Foundation
import PythonTestSupport
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// Microsoft's `azure-storage-blob` Python SDK against the live emulator: a blob large enough that the
/// SDK uploads it in blocks, listing with a prefix and a delimiter, paging, properties with Content-MD5,
/// chunked download and delete. The SDK is installed from PyPI into a git-ignored virtual environment
/// (`.pipehost/venv-azure-storage`) on first use; without network the suite is disabled with that reason.
@Suite(
    .tags(.large),
    .enabled(if: AzureStorageSDK.python != nil, "needs python3 and pip access to PyPI for azure-storage-blob")
)
struct AzureStorageSDKTests {
    @Test func uploadsListsDownloadsAndDeletesThroughTheSDK() async throws {
        let python = try #require(AzureStorageSDK.python)
        let fixture = try EmulatorFixture("protocol")
        defer { fixture.remove() }
        let emulator = try await AzureMLEmulator.start(configuration: fixture.configuration)
        let connection = "DefaultEndpointsProtocol=http;AccountName=acct1;AccountKey=\(EmulatorFixture.acct1Key);"
            + "BlobEndpoint=\(emulator.baseURL)/blob/acct1"
        let (status, output) = try await PythonPackage.run(python: python, script: AzureStorageSDK.script, [connection])
        await emulator.stop()
        #expect(status == 0, "\(output)")
        #expect(output.contains("SDK-CHECKS-PASSED"), "\(output)")
        // What the SDK left: the small blobs, committed; no staged blocks.
        #expect(try fixture.readBlob("acct1", "sdk/big/small.txt") == "hello")
        #expect(!FileManager.default.fileExists(atPath: fixture.blobFile("acct1", "sdk/big/data.bin").path))
        let staged = fixture.folder.appendingPathComponent("storage/acct1/\(BlobStore.uncommittedBlocksFolderName)/sdk")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staged.path)) ?? []).isEmpty)
    }
}

/// The Python SDK's virtual environment and the script the test runs in it.
enum AzureStorageSDK {
    static let package = PythonPackage(
        "azure-storage-blob==12.31.1", venvName: "venv-azure-storage", check: "import azure.storage.blob")

    /// The venv's python with the SDK importable, set up on first use; nil when that is impossible.
    static let python: String? = package.installedPython()

    /// Small sizes force the SDK's block upload and chunked download paths.
    static let script = #"""
        import hashlib, os, sys
        from azure.storage.blob import BlobServiceClient

        service = BlobServiceClient.from_connection_string(
            sys.argv[1], max_single_put_size=1024 * 1024, max_block_size=512 * 1024,
            max_single_get_size=1024 * 1024, max_chunk_get_size=512 * 1024)
        container = service.get_container_client("sdk")
        data = os.urandom(3 * 1024 * 1024 + 123)
        container.upload_blob("big/data.bin", data, overwrite=True)
        container.upload_blob("big/small.txt", b"hello", overwrite=True)
        container.upload_blob("other.txt", b"x", overwrite=True)

        names = [blob.name for blob in container.list_blobs(name_starts_with="big/")]
        assert names == ["big/data.bin", "big/small.txt"], names
        walked = [item.name for item in container.walk_blobs(delimiter="/")]
        assert walked == ["big/", "other.txt"], walked
        pages = list(container.list_blobs(results_per_page=1).by_page())
        assert sum(len(list(page)) for page in pages) == 3, "paging"

        small = container.get_blob_client("big/small.txt").get_blob_properties()
        assert small.size == 5, small.size
        assert bytes(small.content_settings.content_md5) == hashlib.md5(b"hello").digest()
        big = container.get_blob_client("big/data.bin")
        assert big.get_blob_properties().size == len(data)
        assert big.download_blob().readall() == data, "download differs"
        assert big.download_blob(offset=1000, length=10).readall() == data[1000:1010]

        big.delete_blob()
        names = [blob.name for blob in container.list_blobs()]
        assert names == ["big/small.txt", "other.txt"], names
        print("SDK-CHECKS-PASSED")
        """#
}
