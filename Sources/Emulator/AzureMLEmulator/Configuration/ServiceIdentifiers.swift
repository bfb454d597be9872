import Crypto
import Foundation

/// Ids that the configuration may leave out, derived from names so that they stay the same from run
/// to run: 32 lowercase hex digits, like Azure's.
enum ServiceIdentifiers {
    /// The web service id of the Update Resource URL.
    static func webServiceId(for service: WebServiceConfiguration) -> String {
        service.id ?? hexDigest("webservice:\(service.name)")
    }

    /// The service id of an endpoint's Batch Execution URL.
    static func serviceId(for endpoint: EndpointConfiguration, of service: WebServiceConfiguration) -> String {
        endpoint.serviceId ?? hexDigest("endpoint:\(service.name)/\(endpoint.name)")
    }

    /// A fresh job id.
    static func newJobId() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    private static func hexDigest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
