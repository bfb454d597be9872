/// ADF's date formats are Java `SimpleDateFormat` patterns; Spark 3 reads `DateTimeFormatter`-style
/// patterns. Most letters mean the same; the ones that differ or that Spark refuses are errors here
/// rather than dates read differently.
enum DateFormatTranslation {
    /// Letters that mean the same in both, for parsing and formatting.
    private static let shared: Set<Character> = [
        "G", "y", "M", "L", "d", "D", "H", "h", "k", "K", "m", "s", "S", "a", "z", "Z", "X",
    ]
    /// Letters Spark accepts only when formatting (`toString`), not when reading (`toDate`, `toTimestamp`).
    private static let formattingOnly: Set<Character> = ["E", "F"]

    /// The Spark pattern for `pattern`, or why it cannot be one.
    static func spark(_ pattern: String, parsing: Bool) -> Result<String, DateFormatProblem> {
        var inQuote = false
        for character in pattern {
            if character == "'" {
                inQuote.toggle()
                continue
            }
            guard !inQuote, character.isASCII, character.isLetter else { continue }
            if shared.contains(character) { continue }
            if formattingOnly.contains(character) {
                if parsing {
                    return .failure(
                        DateFormatProblem(
                            detail: "Spark cannot read text with the letter '\(character)' (it may only format with it)"
                        ))
                }
                continue
            }
            switch character {
            case "Y", "w", "W", "u":
                return .failure(
                    DateFormatProblem(
                        detail: "the week-based letter '\(character)' has no equivalent in Spark's datetime patterns"))
            default:
                return .failure(DateFormatProblem(detail: "'\(character)' is not a date format letter"))
            }
        }
        if inQuote { return .failure(DateFormatProblem(detail: "a quote (') is not closed")) }
        return .success(pattern)
    }
}

/// Why a date format cannot be translated.
struct DateFormatProblem: Error {
    var detail: String
}
