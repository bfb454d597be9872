import HTTPTypes

/// The top-level `error.code` values of Azure ML Studio (classic) web services, each with the HTTP
/// status and the `error.message` Microsoft documented for it.
///
/// Source: "Azure Machine Learning Studio REST API Error Codes"
/// (MicrosoftDocs/azure-docs, articles/machine-learning/studio/web-service-error-codes.md).
/// `TooManyRequests` is not in that page: it is the emulator's answer to injected 429 faults, in the
/// same envelope.
enum AzureMLErrorCategory: String, Sendable, CaseIterable {
    /// "Invalid argument provided." (400)
    case badArgument = "BadArgument"
    /// "Invalid user argument provided." (400)
    case badUserArgument = "BadUserArgument"
    /// "The request is invalid in the current context." (400)
    case invalidOperation = "InvalidOperation"
    /// "Module execution encountered an error." (400)
    case moduleExecutionError = "ModuleExecutionError"
    /// "Request is unauthorized to access resource." (401)
    case unauthorized = "Unauthorized"
    /// "Resource not found." (404)
    case notFound = "NotFound"
    /// "Execution encountered an internal error." (500)
    case internalError = "InternalError"
    /// "Service is temporarily unavailable." (503)
    case serviceUnavailable = "ServiceUnavailable"
    /// Injected rate limiting (429); not a documented Azure ML code.
    case tooManyRequests = "TooManyRequests"

    /// The HTTP status the service answers with for this category.
    var status: HTTPResponse.Status {
        switch self {
        case .badArgument, .badUserArgument, .invalidOperation, .moduleExecutionError: .badRequest
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .internalError: .internalServerError
        case .serviceUnavailable: .serviceUnavailable
        case .tooManyRequests: .tooManyRequests
        }
    }

    /// The documented `error.message` text.
    var message: String {
        switch self {
        case .badArgument: "Invalid argument provided."
        case .badUserArgument: "Invalid user argument provided."
        case .invalidOperation: "The request is invalid in the current context."
        case .moduleExecutionError: "Module execution encountered an error."
        case .unauthorized: "Request is unauthorized to access resource."
        case .notFound: "Resource not found."
        case .internalError: "Execution encountered an internal error."
        case .serviceUnavailable: "Service is temporarily unavailable."
        case .tooManyRequests: "Rate limit is exceeded. Try again later."
        }
    }
}
