import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// Every data failure's code, failure type and message: what users read.
@Suite(.tags(.small))
struct DataFailureTests {
    @Test(arguments: [
        (DataFailure.fileNotFound(store: "FileServer 'L'", path: "in/a.csv"), "UserErrorFileNotFound", "'in/a.csv' does not exist in FileServer 'L'"),
        (.fileOperation(operation: "read", store: "S", path: "p", reason: "EIO"), "FileOperationFailed", "Cannot read 'p' in S: EIO."),
        (.columnCount(file: "f.csv", row: 3, found: 4, expected: 2), "DelimitedTextMoreColumnsThanDefined",
         "source 'f.csv' with row number 3: found more columns than expected column count: 2."),
        (.columnCount(file: "f.csv", row: 3, found: 1, expected: 2), "DelimitedTextFewerColumnsThanDefined", "found 1 columns"),
        (.unterminatedQuote(file: "f.csv", row: 9), "DelimitedTextUnterminatedQuote", "row number 9"),
        (.emptyColumnName(file: "f.csv", index: 1), "DelimitedTextColumnNameNotAllowNull", "The name of column index 1 is empty"),
        (.malformedJson(file: "j.json", reason: "bad"), "JsonInvalidDataFormat", "'j.json': bad"),
        (.parquet(file: "p.parquet", reason: "the file does not start and end with PAR1"), "ParquetInvalidData",
         "Error found when processing 'Parquet Format' file 'p.parquet': the file does not start and end with PAR1."),
        (.invalidEncoding(file: "f", encoding: "UTF-16"), "InvalidEncoding", "not valid UTF-16 text"),
        (.compression(file: "f.gz", reason: "truncated"), "CompressionFailed", "'f.gz': truncated"),
        (.invalidDataset(path: "dataset 'D' type", problem: "no"), "InvalidDataset", "dataset 'D' type: no."),
        (.typeConversion(column: "age", value: "x", type: "Int32"), "TypeConversionFailed", "'x' cannot be converted to Int32"),
        (.mappingColumnNotFound(column: "c", available: ["a", "b"]), "MappingColumnNotFound", "its columns are 'a', 'b'"),
        (.accessDenied(store: "S", detail: "HTTP 403"), "UserErrorAccessDenied", "S refused the credentials: HTTP 403"),
        (.http(url: "http://h/x", status: 404, detail: ""), "HttpRequestFailed", "failed with status code 404."),
    ])
    func codesAndMessages(failure: DataFailure, code: String, fragment: String) {
        #expect(failure.failure.errorCode == code)
        #expect(failure.failure.message.contains(fragment), "\(failure.failure.message)")
    }

    @Test func serverErrorsAreSystemErrorsAndTheRestUserErrors() {
        #expect(DataFailure.http(url: "u", status: 503, detail: "").failure.failureType == .systemError)
        #expect(DataFailure.http(url: "u", status: 404, detail: "").failure.failureType == .userError)
        #expect(DataFailure.fileOperation(operation: "read", store: "s", path: "p", reason: "r").failure.failureType == .systemError)
        #expect(DataFailure.fileNotFound(store: "s", path: "p").failure.failureType == .userError)
    }

    @Test func aCopyFailureNestsTheInnerCodeAndKeepsPropertyErrors() {
        let inner = DataFailure.fileNotFound(store: "S", path: "p").failure
        let wrapped = CopyActivity.wrap(inner, side: .source)
        #expect(wrapped.errorCode == "2200")
        #expect(wrapped.message.hasPrefix("Failure happened on 'Source' side. ErrorCode=UserErrorFileNotFound,'Message="))
        #expect(CopyActivity.wrap(.missingProperty("typeProperties.source")).errorCode == "2103")
        #expect(CopyActivity.wrap(.cancelled) == .cancelled)
        let unreachable = StoreKind.unreachable(linkedService: "x", type: "Snowflake")
        #expect(CopyActivity.wrap(unreachable) == unreachable)
    }
}
