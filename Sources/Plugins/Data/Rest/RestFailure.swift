import Foundation
import PluginKit

/// Why reading a `RestService` source failed, one case per kind of failure; ``failure`` turns it
/// into the activity error (ADF's `RestSourceCallFailed` where ADF has one). No case carries a
/// credential: callers scrub response texts before they get here.
enum RestFailure: Error, Sendable, Equatable {
    /// The endpoint answered `status` (4xx or 5xx); `payload` is the start of its body, scrubbed.
    case callFailed(status: Int, url: String, payload: String)
    /// No response within `httpRequestTimeout`.
    case timedOut(url: String, timeout: String)
    /// The request could not be sent or its response not read (refused connection, bad TLS, …).
    case unreachable(url: String, reason: String)
    /// One page is larger than ``RestPageSource/maximumPageBytes``.
    case responseTooLarge(url: String, limit: Int)
    /// The response body is not JSON (the REST connector reads JSON only).
    case notJson(url: String, reason: String)
    /// The pagination rules produced the same request as request `earlier` (1-based) once more.
    case repeatedRequest(url: String, request: Int, earlier: Int)
    /// A pagination rule's JSONPath found an object or array where the next request needs one value.
    case paginationValueNotPrimitive(rule: String, found: String)
    /// The token endpoint of `AadServicePrincipal` authentication did not give a token.
    case tokenRequestFailed(url: String, reason: String)

    var failure: ActivityFailure {
        switch self {
        case .callFailed(let status, let url, let payload):
            return ActivityFailure(
                errorCode: DataErrorCode.restSourceCallFailed,
                message:
                    "The HttpStatusCode \(status) indicates failure.\nRequest URL: \(url)\nResponse payload:\(payload)",
                failureType: (500..<600).contains(status) ? .systemError : .userError)
        case .timedOut(let url, let timeout):
            return .userError(
                "The request to '\(url)' got no response within httpRequestTimeout \(timeout). "
                    + "Raise httpRequestTimeout in the copy source or check the endpoint.",
                code: DataErrorCode.restRequestTimedOut)
        case .unreachable(let url, let reason):
            return .systemError("The request to '\(url)' failed: \(reason).", code: DataErrorCode.httpRequestFailed)
        case .responseTooLarge(let url, let limit):
            return .userError(
                "The response of '\(url)' is larger than \(limit / (1024 * 1024)) MB; ask the endpoint for smaller pages "
                    + "(a page-size query parameter and pagination rules).",
                code: DataErrorCode.restResponseTooLarge)
        case .notJson(let url, let reason):
            return .userError(
                "The response of '\(url)' is not JSON (\(reason)); the REST connector reads JSON responses only.",
                code: DataErrorCode.malformedJson)
        case .repeatedRequest(let url, let request, let earlier):
            return .userError(
                "Pagination stopped: request \(request) to '\(url)' would repeat request \(earlier) and loop forever. "
                    + "Add an EndCondition (for example \"EndCondition:$.data\": \"Empty\") or MaxRequestNumber to the "
                    + "paginationRules.",
                code: DataErrorCode.restPaginationFailed)
        case .paginationValueNotPrimitive(let rule, let found):
            return .userError(
                "The pagination rule '\(rule)' found \(found) in the response; it needs a single string, number or "
                    + "boolean. Point the JSONPath at one value.",
                code: DataErrorCode.restPaginationFailed)
        case .tokenRequestFailed(let url, let reason):
            return .userError(
                "Could not get a token for AadServicePrincipal authentication from '\(url)': \(reason). Check the "
                    + "linked service's tenant, servicePrincipalId, servicePrincipalKey and aadResourceId.",
                code: DataErrorCode.restTokenRequestFailed)
        }
    }
}
