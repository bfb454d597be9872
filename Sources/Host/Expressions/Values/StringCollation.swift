import Foundation

/// Culture-aware string order (en-US), as ADF's `greater`, `less` and friends compare strings:
/// `'a' < 'B'`, `'a' < 'A'` (lower case first when the letters tie), `'co-op' < 'coop'`.
///
/// Printable ASCII, the common case, is compared here with the Unicode collation weights of those
/// characters (primary: punctuation < digits < letters, case-blind; tertiary: lower before upper);
/// anything else goes to Foundation's ICU collator for the en_US locale.
enum StringCollation {
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        if lhs == rhs { return 0 }
        if isPrintableASCII(lhs), isPrintableASCII(rhs) { return compareASCII(lhs, rhs) }
        switch lhs.compare(rhs, locale: locale) {
        case .orderedAscending: return -1
        case .orderedDescending: return 1
        case .orderedSame: return 0
        }
    }

    private static let locale = Locale(identifier: "en_US")

    private static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func compareASCII(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        // Primary level: case-blind weights.
        for index in 0..<min(left.count, right.count) {
            let a = primaryWeights[Int(left[index]) - 0x20]
            let b = primaryWeights[Int(right[index]) - 0x20]
            if a != b { return a < b ? -1 : 1 }
        }
        if left.count != right.count { return left.count < right.count ? -1 : 1 }
        // Tertiary level: at the first difference in case, lower case sorts first.
        for index in 0..<left.count where left[index] != right[index] {
            return isUpper(left[index]) ? 1 : -1
        }
        return 0
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// Primary collation weights of U+0020…U+007E in the Unicode root collation (the order ICU and
    /// .NET use for en-US): ` _-,;:!?.'"()[]{}@*/\&#%`^+<=>|~$0…9aA…zZ`, letters paired by case.
    private static let primaryWeights: [UInt8] = [
        1, 7, 11, 23, 33, 24, 22, 10, 12, 13, 19, 27, 4, 3, 9, 20, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 6, 5,
        28, 29, 30, 8, 18, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,
        66, 67, 68, 69, 14, 21, 15, 26, 2, 25, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
        61, 62, 63, 64, 65, 66, 67, 68, 69, 16, 31, 17, 32,
    ]
}
