#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search and replacement on UTF-8 bytes, for the redactor: `memchr` and `memcmp` find a
/// secret in a fraction of the time `String.contains` takes, which compares Characters.
///
/// Matching bytes is safe for redaction: a valid UTF-8 needle found in valid UTF-8 text always
/// starts and ends on scalar boundaries (the encoding is self-synchronising), so a replacement
/// leaves valid UTF-8; and it matches wherever the Character comparison would, and more.
enum ByteSearch {
    /// Whether `needle` (not empty) occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        firstOffset(of: needle, in: haystack, from: 0) != nil
    }

    /// `haystack` with every occurrence of `needle` (not empty) replaced by `replacement`, left to
    /// right, without overlaps.
    static func replacingAll(_ needle: [UInt8], with replacement: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        haystack.withUnsafeBufferPointer { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var position = 0
            while let found = firstOffset(of: needle, in: bytes, from: position) {
                result.append(contentsOf: bytes[position..<found])
                result.append(contentsOf: replacement)
                position = found + needle.count
            }
            result.append(contentsOf: bytes[position...])
            return result
        }
    }

    private static func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first else { return nil }
        return needle.withUnsafeBytes { needleBytes -> Int? in
            guard let needleBase = needleBytes.baseAddress else { return nil }
            var position = start
            while haystack.count - position >= needle.count {
                // Candidates are the first byte's occurrences where the whole needle still fits.
                let window = haystack.count - position - needle.count + 1
                guard let hit = memchr(base + position, Int32(first), window) else { return nil }
                let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if memcmp(base + offset, needleBase, needle.count) == 0 { return offset }
                position = offset + 1
            }
            return nil
        }
    }
}
