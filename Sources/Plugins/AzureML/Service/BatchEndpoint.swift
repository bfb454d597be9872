import Foundation

/// A Batch Execution Service endpoint: the `mlEndpoint` of an AzureML linked service reduced to its
/// base (`…/workspaces/<ws>/services/<id>`), from which every call's URL is made.
///
/// The portal showed the Batch Requests URL as `…/jobs?api-version=2.0`; documents also write it
/// without the query or without `/jobs`. All of these name the same endpoint (reference/adf.md §3.2).
struct BatchEndpoint: Sendable, Equatable, Codable {
    /// The base URL, without a trailing slash, query or `/jobs`.
    let base: String

    /// Why an `mlEndpoint` is not usable.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// Not an absolute http or https URL.
        case notHTTP

        var description: String {
            switch self {
            case .notHTTP:
                "expected the Batch Requests URL of the web service endpoint, such as https://ussouthcentral.services.azureml.net/workspaces/<workspace>/services/<service>/jobs?api-version=2.0"
            }
        }
    }

    /// Derives the base from an `mlEndpoint`: drops the query and fragment, trailing slashes, and a
    /// trailing `/jobs`.
    init(mlEndpoint: String) throws(Problem) {
        var text = mlEndpoint.trimmingSpaces
        if let mark = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<mark]) }
        while text.hasSuffix("/") { text.removeLast() }
        if text.lowercased().hasSuffix("/jobs") { text.removeLast(5) }
        while text.hasSuffix("/") { text.removeLast() }
        guard ServiceURL.isHTTP(text) else { throw .notHTTP }
        base = text
    }

    /// A base that is already reduced (from an operation state).
    init(base: String) {
        self.base = base
    }

    /// The API version every call carries.
    static let apiVersion = "api-version=2.0"

    /// `POST` here submits a job.
    var submitURL: String { "\(base)/jobs?\(Self.apiVersion)" }
    /// `POST` here starts the job.
    func startURL(job: String) -> String { "\(base)/jobs/\(QueryEncoding.encode(job))/start?\(Self.apiVersion)" }
    /// `GET` reads the job's status; `DELETE` cancels or forgets it.
    func jobURL(job: String) -> String { "\(base)/jobs/\(QueryEncoding.encode(job))?\(Self.apiVersion)" }

    /// The endpoint as ADF names it in error messages: the jobs URL without the query.
    var displayURL: String { "\(base)/jobs" }
}

/// Small checks on service URLs.
enum ServiceURL {
    /// True for an absolute `http` or `https` URL with a host.
    static func isHTTP(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// True when the URL uses HTTPS.
    static func isHTTPS(_ text: String) -> Bool {
        text.lowercased().hasPrefix("https://")
    }

    /// The URL without its query and fragment, for messages (a query may hold a SAS token).
    static func withoutQuery(_ text: String) -> String {
        guard let mark = text.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return text }
        return String(text[..<mark])
    }
}
