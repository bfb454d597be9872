import Foundation
import PluginKit

/// URL checks and the forms shown in messages.
enum WebURL {
    /// `text` as an absolute http(s) URL, or nil.
    static func parse(_ text: String) -> URL? {
        let trimmed = String(text.trimmingWhitespace())
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }

    /// Reads a required URL property, refusing anything but an absolute http(s) URL.
    static func required(_ reader: PropertyReader, _ name: String) throws(ActivityFailure) -> URL {
        let text = try reader.requiredString(name)
        guard let url = parse(text) else {
            throw .invalidProperty(
                reader.path(name), "'\(withoutQuery(text))' is not an absolute http:// or https:// URL")
        }
        return url
    }

    /// The URL without its query and fragment, which often carry keys (`code=`, `sig=`): the
    /// form every message and log line uses.
    static func withoutQuery(_ text: String) -> String {
        let cut = text.firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex
        return String(text[..<cut])
    }

    static func hasQuery(_ text: String) -> Bool {
        text.contains("?")
    }

    /// Resolves a `Location` header against the URL it came from.
    static func resolve(_ location: String, against base: String) -> URL? {
        guard let baseURL = URL(string: base),
            let url = URL(string: location.trimmingWhitespace().description, relativeTo: baseURL)
        else { return nil }
        return parse(url.absoluteString)
    }
}
