import PluginKit

/// Why a data activity failed, one case per kind of failure; ``failure`` turns it into the
/// activity error ADF would write.
enum DataFailure: Error, Sendable, Equatable {
    /// Nothing at `path` in the store.
    case fileNotFound(store: String, path: String)
    /// A store operation failed for a reason other than a missing file.
    case fileOperation(operation: String, store: String, path: String, reason: String)
    /// A delimited-text row whose column count differs from the expected one (`row` counts from 1,
    /// header included, as ADF's message does).
    case columnCount(file: String, row: Int64, found: Int, expected: Int)
    /// A delimited-text file that ends inside a quoted value opened on row `row`.
    case unterminatedQuote(file: String, row: Int64)
    /// A header row with an empty name at column `index` (0-based).
    case emptyColumnName(file: String, index: Int)
    /// A JSON file that is not valid JSON or not objects.
    case malformedJson(file: String, reason: String)
    /// A Parquet file that cannot be read or written: malformed, truncated, or using a feature
    /// pipehost does not have (`reason` says which).
    case parquet(file: String, reason: String)
    /// Bytes that are not text in `encoding`.
    case invalidEncoding(file: String, encoding: String)
    /// A compressed file that cannot be decompressed, or a codec that is not available.
    case compression(file: String, reason: String)
    /// A dataset setting is missing or wrong; `path` names it (`dataset 'X' typeProperties.location.folderPath`).
    case invalidDataset(path: String, problem: String)
    /// A value that does not convert to `type`.
    case typeConversion(column: String, value: String, type: String)
    /// A mapping names a source column that is not there.
    case mappingColumnNotFound(column: String, available: [String])
    /// The store refused the credentials.
    case accessDenied(store: String, detail: String)
    /// An HTTP source answered with an error status.
    case http(url: String, status: Int, detail: String)

    var failure: ActivityFailure {
        switch self {
        case .fileNotFound(let store, let path):
            return .userError(
                "The file or folder '\(path)' does not exist in \(store). Check the dataset's folderPath and fileName.",
                code: DataErrorCode.fileNotFound)
        case .fileOperation(let operation, let store, let path, let reason):
            return .systemError(
                "Cannot \(operation) '\(path)' in \(store): \(reason).", code: DataErrorCode.fileOperationFailed)
        case .columnCount(let file, let row, let found, let expected):
            if found > expected {
                return .userError(
                    "Error found when processing 'Csv/Tsv Format Text' source '\(file)' with row number \(row): "
                        + "found more columns than expected column count: \(expected).",
                    code: DataErrorCode.moreColumnsThanDefined)
            }
            return .userError(
                "Error found when processing 'Csv/Tsv Format Text' source '\(file)' with row number \(row): "
                    + "found \(found) columns, fewer than expected column count: \(expected).",
                code: DataErrorCode.fewerColumnsThanDefined)
        case .unterminatedQuote(let file, let row):
            return .userError(
                "Error found when processing 'Csv/Tsv Format Text' source '\(file)' with row number \(row): "
                    + "the quoted value that starts on this row is never closed. Check quoteChar and escapeChar.",
                code: DataErrorCode.unterminatedQuote)
        case .emptyColumnName(let file, let index):
            return .userError(
                "The name of column index \(index) is empty in '\(file)'. "
                    + "Make sure column name is properly specified in the header row.",
                code: DataErrorCode.columnNameNotAllowNull)
        case .malformedJson(let file, let reason):
            return .userError(
                "Error found when processing 'Json Format' source '\(file)': \(reason).", code: DataErrorCode.malformedJson)
        case .parquet(let file, let reason):
            return .userError(
                "Error found when processing 'Parquet Format' file '\(file)': \(reason).", code: DataErrorCode.parquetInvalidData)
        case .invalidEncoding(let file, let encoding):
            return .userError(
                "The file '\(file)' is not valid \(encoding) text. Set the dataset's encodingName to the file's encoding.",
                code: DataErrorCode.invalidEncoding)
        case .compression(let file, let reason):
            return .userError("Cannot decompress or compress '\(file)': \(reason).", code: DataErrorCode.compressionFailed)
        case .invalidDataset(let path, let problem):
            return .userError("\(path): \(problem).", code: DataErrorCode.invalidDataset)
        case .typeConversion(let column, let value, let type):
            return .userError(
                "Column '\(column)': the value '\(value.prefix(100))' cannot be converted to \(type).",
                code: DataErrorCode.typeConversionFailed)
        case .mappingColumnNotFound(let column, let available):
            return .userError(
                "The mapping's source column '\(column)' is not in the source; its columns are "
                    + available.map { "'\($0)'" }.joined(separator: ", ") + ".",
                code: DataErrorCode.mappingColumnNotFound)
        case .accessDenied(let store, let detail):
            return .userError(
                "\(store) refused the credentials: \(detail). Check the linked service's key, SAS or password.",
                code: DataErrorCode.accessDenied)
        case .http(let url, let status, let detail):
            let kind: ActivityFailure.FailureType = (500..<600).contains(status) ? .systemError : .userError
            return ActivityFailure(
                errorCode: DataErrorCode.httpRequestFailed,
                message: "The HTTP request to '\(url)' failed with status code \(status)\(detail.isEmpty ? "" : ": \(detail)").",
                failureType: kind)
        }
    }
}
