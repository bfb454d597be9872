import Foundation

/// RFC 5988 (8288) `Link` headers: `<https://api/items?page=2>; rel="next", <…>; rel="last"`.
enum LinkHeader {
    /// The target of the link whose `rel` includes `next`, resolved against `requestURL` when it is
    /// relative; nil when there is none.
    static func next(in value: String?, requestURL: String) -> String? {
        guard let value else { return nil }
        for link in split(value) {
            guard let open = link.firstIndex(of: "<"), let close = link[open...].firstIndex(of: ">") else { continue }
            let target = String(link[link.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            let parameters = link[link.index(after: close)...].split(separator: ";")
            let isNext = parameters.contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "rel" else { return false }
                let relations = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                return relations.split(separator: " ").contains("next")
            }
            guard isNext, !target.isEmpty else { continue }
            if let base = URL(string: requestURL), let resolved = URL(string: target, relativeTo: base) {
                return resolved.absoluteString
            }
            return target
        }
        return nil
    }

    /// The links of a header value: split at commas outside `<…>` and quotes.
    private static func split(_ value: String) -> [Substring] {
        var links: [Substring] = []
        var start = value.startIndex
        var inTarget = false
        var inQuotes = false
        for index in value.indices {
            switch value[index] {
            case "<" where !inQuotes: inTarget = true
            case ">" where !inQuotes: inTarget = false
            case "\"" where !inTarget: inQuotes.toggle()
            case "," where !inTarget && !inQuotes:
                links.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
        }
        links.append(value[start...])
        return links
    }
}
