/// The `errorCode` values the data activities write, one constant each (docs/error-codes.md).
/// Codes ADF itself reports for the same failure are ADF's; the rest are the plugin's own names.
enum DataErrorCode {
    /// A dataset or linked service of a type pipehost cannot reach (SQL Server, Snowflake, …).
    static let unsupportedLinkedService = "UnsupportedLinkedServiceType"
    /// ADF's code of every failed Copy activity; the message starts with the side and the inner code.
    static let copyFailed = "2200"
    /// ADF's: a file or folder the activity reads does not exist.
    static let fileNotFound = "UserErrorFileNotFound"
    /// A file store operation (read, write, rename, list, delete) failed for another reason.
    static let fileOperationFailed = "FileOperationFailed"
    /// ADF's: a delimited-text row has more columns than the first row (or the header).
    static let moreColumnsThanDefined = "DelimitedTextMoreColumnsThanDefined"
    /// A delimited-text row has fewer columns than the first row (or the header).
    static let fewerColumnsThanDefined = "DelimitedTextFewerColumnsThanDefined"
    /// A delimited-text file ends inside a quoted value.
    static let unterminatedQuote = "DelimitedTextUnterminatedQuote"
    /// ADF's: a header row (`firstRowAsHeader`) has an empty column name.
    static let columnNameNotAllowNull = "DelimitedTextColumnNameNotAllowNull"
    /// A JSON file is not valid JSON, or holds something other than objects.
    static let malformedJson = "JsonInvalidDataFormat"
    /// A Parquet file is malformed or truncated, or uses a feature pipehost does not have.
    static let parquetInvalidData = "ParquetInvalidData"
    /// The file's bytes are not text in the dataset's `encodingName`.
    static let invalidEncoding = "InvalidEncoding"
    /// A compressed file is corrupt, or the codec is one pipehost does not have.
    static let compressionFailed = "CompressionFailed"
    /// A dataset's type, location or format settings are missing or wrong.
    static let invalidDataset = "InvalidDataset"
    /// A value cannot be converted to the type a mapping or schema asks for.
    static let typeConversionFailed = "TypeConversionFailed"
    /// A translator mapping names a column the source does not have.
    static let mappingColumnNotFound = "MappingColumnNotFound"
    /// ADF's Lookup limit: the output would be larger than 4 MB.
    static let lookupOutputTooLarge = "LookupOutputSizeExceeded"
    /// A Validation activity reached its `timeout` before the dataset met the conditions.
    static let validationTimedOut = "ValidationTimedOut"
    /// A linked service of a table kind (PostgreSQL) has no table store in this build.
    static let tableStoreUnavailable = "TableStoreUnavailable"
    /// The store refused the credentials (HTTP 401/403 from blob storage or an HTTP source).
    static let accessDenied = "UserErrorAccessDenied"
    /// An HTTP source answered with an error status.
    static let httpRequestFailed = "HttpRequestFailed"
    /// ADF's: a REST source answered with an error status (`The HttpStatusCode 404 indicates failure.`).
    static let restSourceCallFailed = "RestSourceCallFailed"
    /// A REST request got no response within `httpRequestTimeout`.
    static let restRequestTimedOut = "RestRequestTimedOut"
    /// The pagination rules cannot go on: the next request repeats an earlier one, or a rule's
    /// value in the response is not a single primitive value.
    static let restPaginationFailed = "RestPaginationFailed"
    /// One page of a REST response is larger than the plugin reads (64 MB).
    static let restResponseTooLarge = "RestResponseTooLarge"
    /// The token endpoint refused or failed an `AadServicePrincipal` token request.
    static let restTokenRequestFailed = "RestTokenRequestFailed"
}
