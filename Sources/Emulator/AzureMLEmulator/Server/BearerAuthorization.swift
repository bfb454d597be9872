import Foundation
import Hummingbird

/// `Authorization: Bearer <key>` checks, comparing keys in constant time so that response timing does
/// not leak how much of a guessed key was right.
enum BearerAuthorization {
    /// The token of an `Authorization: Bearer …` header (scheme matched ignoring case), if any.
    static func token(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Whether the request presents one of the accepted keys.
    static func presents(_ request: Request, anyOf keys: [String]) -> Bool {
        guard let token = token(in: request) else { return false }
        // Evaluate every key so the time taken doesn't depend on which one matched.
        return keys.map { constantTimeEquals(token, $0) }.contains(true)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && left.count == right.count
    }
}
