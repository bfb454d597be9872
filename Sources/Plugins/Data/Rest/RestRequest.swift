import Foundation

/// One request of a REST source: what the pagination rules build and the page source sends.
struct RestRequest: Sendable, Equatable {
    struct Header: Sendable, Equatable {
        var name: String
        var value: String
    }

    var method: String
    var url: String
    var headers: [Header]
    var body: String?

    /// The value of header `name` (ignoring case); nil when absent.
    func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Sets header `name`, replacing every earlier value (ignoring case).
    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append(Header(name: name, value: value))
    }

    /// What makes two requests the same, for the check that pagination does not loop.
    var fingerprint: String {
        ([method, url] + headers.map { "\($0.name.lowercased()):\($0.value)" }.sorted() + [body ?? ""])
            .joined(separator: "\n")
    }

    /// `url` with query parameter `name` set to `value` (replacing it when present, else appended).
    static func settingQueryParameter(_ name: String, to value: String, in url: String) -> String {
        let fragmentSplit = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let withoutFragment = String(fragmentSplit[0])
        let fragment = fragmentSplit.count > 1 ? "#" + fragmentSplit[1] : ""
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        var items = parts.count > 1 ? parts[1].split(separator: "&").map(String.init) : []
        let encoded = "\(encode(name))=\(encode(value))"
        let matches: (String) -> Bool = { item in
            let key = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return (String(key).removingPercentEncoding ?? String(key)) == name
        }
        if let index = items.firstIndex(where: matches) {
            items[index] = encoded
            items = items.enumerated().filter { $0.offset == index || !matches($0.element) }.map(\.element)
        } else {
            items.append(encoded)
        }
        return path + "?" + items.joined(separator: "&") + fragment
    }

    /// `text` percent-encoded for a query name or value (unreserved characters kept).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The linked service's `url` joined with a relative URL (the dataset's `relativeUrl`, or a
    /// relative next link), as ADF combines them: `[url]/[relative]`. An absolute URL stays as it is.
    static func join(base: String, _ relative: String) -> String {
        guard !relative.isEmpty else { return base }
        let lowered = relative.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return relative }
        if relative.hasPrefix("?") { return base + relative }
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmedBase + "/" + (relative.hasPrefix("/") ? String(relative.dropFirst()) : relative)
    }
}
