import NIOHTTP1

/// The HTTP methods the three activities may use, read case-insensitively ("Post", "GET").
enum HTTPMethodName: String, Sendable, CaseIterable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    case options = "OPTIONS", head = "HEAD", trace = "TRACE"

    init?(_ text: String) {
        guard let method = Self.allCases.first(where: { $0.rawValue == text.trimmingWhitespace().uppercased() }) else {
            return nil
        }
        self = method
    }

    /// Web: ADF's supported types.
    static let web: [HTTPMethodName] = [.get, .post, .put, .patch, .delete]
    /// Azure Function: the methods ADF's error 3602 names.
    static let azureFunction: [HTTPMethodName] = [.put, .post, .get, .delete, .options, .head, .trace]

    /// Methods whose request carries the body.
    var sendsBody: Bool { self != .get && self != .head && self != .trace && self != .options }

    /// Methods for which ADF requires a body.
    var requiresBody: Bool { self == .post || self == .put || self == .patch }

    var nio: HTTPMethod { HTTPMethod(rawValue: rawValue) }
}
