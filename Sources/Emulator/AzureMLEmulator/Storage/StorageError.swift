import Foundation
import HTTPTypes

/// An Azure Storage error: the blob endpoint answers with it as Azure's XML error body, and Batch
/// Execution embeds its message in `BlobNotFound` ("Azure error message: …").
///
/// Codes and messages are Azure Storage's ("Common REST API error codes" and "Blob Storage error codes"
/// in the Azure Storage REST reference).
enum StorageError: Error, Equatable, Sendable {
    /// A SAS or account key failed verification; the detail says which check (never the key or signature).
    case authenticationFailed(String)
    /// The SAS lacks the permission the operation needs.
    case authorizationPermissionMismatch
    /// The SAS allows HTTPS only and the request came over HTTP.
    case authorizationProtocolMismatch
    /// The blob does not exist.
    case blobNotFound
    /// The container does not exist.
    case containerNotFound
    /// No storage account of that name is configured.
    case accountNotFound(String)
    /// A container or blob name is not acceptable (empty, `.`/`..` segments, invalid container characters).
    case invalidResourceName(String)
    /// A request header has a value the operation does not accept.
    case invalidHeaderValue(String)
    /// Neither a SAS nor another credential came with the request.
    case noCredentials
    /// The request body is larger than the emulator accepts.
    case requestBodyTooLarge
    /// A Blob service operation the emulator does not implement.
    case unsupportedOperation(String)
    /// A `Range` / `x-ms-range` outside the blob.
    case invalidRange(size: Int)
    /// The local file system refused the operation.
    case fileSystem(String)
    /// A Put Block `blockid` that is not base64 of 1–64 bytes, or whose length differs from the blob's
    /// other staged blocks.
    case invalidBlockId(String)
    /// A Put Block List entry naming no staged block.
    case invalidBlockList(String)
    /// A request body that is not the XML the operation expects; the detail says what is wrong.
    case invalidXML(String)
    /// The `Content-MD5` a client sent does not match the body.
    case md5Mismatch
    /// A query parameter with a value the operation does not accept (`maxresults=0`).
    case invalidQueryParameter(String)

    /// The `x-ms-error-code` / `<Code>` value.
    var code: String {
        switch self {
        case .authenticationFailed, .noCredentials: "AuthenticationFailed"
        case .authorizationPermissionMismatch: "AuthorizationPermissionMismatch"
        case .authorizationProtocolMismatch: "AuthorizationProtocolMismatch"
        case .blobNotFound: "BlobNotFound"
        case .containerNotFound: "ContainerNotFound"
        case .accountNotFound: "ResourceNotFound"
        case .invalidResourceName: "InvalidResourceName"
        case .invalidHeaderValue: "InvalidHeaderValue"
        case .requestBodyTooLarge: "RequestBodyTooLarge"
        case .unsupportedOperation: "UnsupportedQueryParameter"
        case .invalidRange: "InvalidRange"
        case .fileSystem: "InternalError"
        case .invalidBlockId, .invalidQueryParameter: "InvalidQueryParameterValue"
        case .invalidBlockList: "InvalidBlockList"
        case .invalidXML: "InvalidXmlDocument"
        case .md5Mismatch: "Md5Mismatch"
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .authenticationFailed, .noCredentials, .authorizationPermissionMismatch, .authorizationProtocolMismatch:
            .forbidden
        case .blobNotFound, .containerNotFound, .accountNotFound: .notFound
        case .invalidResourceName, .invalidHeaderValue, .unsupportedOperation, .invalidBlockId, .invalidBlockList,
            .invalidXML, .md5Mismatch, .invalidQueryParameter:
            .badRequest
        case .requestBodyTooLarge: .contentTooLarge
        case .invalidRange: .rangeNotSatisfiable
        case .fileSystem: .internalServerError
        }
    }

    /// Azure's `<Message>` text.
    var message: String {
        switch self {
        case .authenticationFailed, .noCredentials:
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature."
        case .authorizationPermissionMismatch:
            "This request is not authorized to perform this operation using this permission."
        case .authorizationProtocolMismatch:
            "This request is not authorized to perform this operation using this protocol."
        case .blobNotFound: "The specified blob does not exist."
        case .containerNotFound: "The specified container does not exist."
        case .accountNotFound(let name):
            "The specified resource does not exist. No storage account named '\(name)' is configured."
        case .invalidResourceName(let name): "The specifed resource name contains invalid characters: '\(name)'."
        case .invalidHeaderValue(let header):
            "The value for one of the HTTP headers is not in the correct format: \(header)."
        case .requestBodyTooLarge: "The request body is too large and exceeds the maximum permissible limit."
        case .invalidRange(let size):
            "The range specified is invalid for the current size of the resource (\(size) bytes)."
        case .unsupportedOperation(let what):
            "One of the query parameters specified in the request URI is not supported: \(what)."
        case .fileSystem(let problem): "Server encountered an internal error: \(problem)"
        case .invalidBlockId(let id):
            "Value for one of the query parameters specified in the request URI is invalid: blockid '\(id)' "
                + "must be base64 of 1 to 64 bytes, the same length for every block of a blob."
        case .invalidBlockList(let id):
            "The specified block list is invalid: no uncommitted block has the id '\(id)'."
        case .invalidXML(let problem): "XML specified is not syntactically valid: \(problem)."
        case .md5Mismatch:
            "The MD5 value specified in the request did not match with the MD5 value calculated by the server."
        case .invalidQueryParameter(let detail):
            "Value for one of the query parameters specified in the request URI is invalid: \(detail)."
        }
    }

    /// `<AuthenticationErrorDetail>`, when Azure sends one.
    var authenticationDetail: String? {
        switch self {
        case .authenticationFailed(let detail): detail
        case .noCredentials:
            "No SAS token (sig) was found in the query string; the emulator authorizes blob requests by service SAS."
        default: nil
        }
    }

    /// The message with its detail, as Azure ML quoted storage errors.
    var fullMessage: String {
        authenticationDetail.map { "\(message) \($0)" } ?? message
    }

    /// Azure's XML error body.
    func xmlBody(requestID: String, time: Date = Date()) -> String {
        var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>\(code)</Code><Message>"
        body += XMLText.escape("\(message)\nRequestId:\(requestID)\nTime:\(SASTime.format(time))") + "</Message>"
        if let detail = authenticationDetail {
            body += "<AuthenticationErrorDetail>\(XMLText.escape(detail))</AuthenticationErrorDetail>"
        }
        return body + "</Error>"
    }
}

enum XMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
