import Foundation

/// Reads the Blob service's XML answers (List Blobs' `EnumerationResults`, `Error`) with a small
/// scanner: the documents are flat and machine-written, so element text between known tags is all
/// the activities need.
enum BlobXML {
    /// The text of the first `<name>…</name>` in `xml`, entities decoded; nil when absent or empty (`<name />`).
    static func elementText(_ name: String, in xml: some StringProtocol) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return unescape(String(xml[open.upperBound..<close.lowerBound]))
    }

    /// Every `<name>…</name>` (the whole element, tags included), in order.
    static func elements(_ name: String, in xml: String) -> [Substring] {
        var found: [Substring] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            found.append(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        // Numeric references (&#xD; for a carriage return in a name).
        while let start = result.range(of: "&#"), let end = result.range(of: ";", range: start.upperBound..<result.endIndex),
            result.distance(from: start.upperBound, to: end.lowerBound) <= 8
        {
            let digits = result[start.upperBound..<end.lowerBound]
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { break }
            result.replaceSubrange(start.lowerBound..<end.upperBound, with: String(Character(scalar)))
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// One page of List Blobs as the store reads it.
struct BlobListing: Sendable, Equatable {
    struct Blob: Sendable, Equatable {
        var name: String
        var size: Int64
        var lastModified: Date?
        var contentMD5: String?
    }

    var blobs: [Blob]
    /// `BlobPrefix` names (with the trailing delimiter).
    var prefixes: [String]
    var nextMarker: String?

    init(xml: String) {
        blobs = BlobXML.elements("Blob", in: xml).compactMap { element in
            guard let name = BlobXML.elementText("Name", in: element) else { return nil }
            return Blob(
                name: name, size: BlobXML.elementText("Content-Length", in: element).flatMap { Int64($0) } ?? 0,
                lastModified: BlobXML.elementText("Last-Modified", in: element).flatMap(BlobClient.parseHTTPDate),
                contentMD5: BlobXML.elementText("Content-MD5", in: element))
        }
        prefixes = BlobXML.elements("BlobPrefix", in: xml).compactMap { BlobXML.elementText("Name", in: $0) }
        nextMarker = BlobXML.elementText("NextMarker", in: xml)
    }
}
