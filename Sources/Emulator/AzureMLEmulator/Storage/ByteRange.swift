/// A satisfiable byte range of a blob, from `Range` / `x-ms-range: bytes=<first>-[<last>]`.
struct ByteRange: Sendable, Equatable {
    let first: Int
    /// Inclusive, clamped to the blob's end.
    let last: Int

    var count: Int { last - first + 1 }

    /// `nil` when the header is malformed or the range starts past the end (including any range of an
    /// empty blob), which Azure answers with 416 InvalidRange.
    init?(header: String, size: Int) {
        guard header.hasPrefix("bytes=") else { return nil }
        let bounds = header.dropFirst("bytes=".count).split(
            separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int(bounds[0]), first >= 0, first < size else { return nil }
        var last = size - 1
        if !bounds[1].isEmpty {
            guard let requested = Int(bounds[1]), requested >= first else { return nil }
            last = min(requested, size - 1)
        }
        self.first = first
        self.last = last
    }
}
