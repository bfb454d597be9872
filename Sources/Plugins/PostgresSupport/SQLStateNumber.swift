/// Maps a PostgreSQL SQLSTATE to the number in ADF's message
/// `Execution fail against sql server. Sql error number: <n>. …`, which comes from SQL Server's
/// error numbers. The SQLSTATE itself stays in the message.
///
/// - `P0001` (`RAISE EXCEPTION` without an `ERRCODE`) is 50000, the number SQL Server gives a
///   `THROW`/`RAISERROR` with a message, so checks written for ADF on SQL Server keep working.
/// - A SQLSTATE of five digits is that number: `RAISE EXCEPTION … USING ERRCODE = '50001'` reports
///   50001, `23505` (unique violation) reports 23505, `22012` (division by zero) reports 22012.
/// - Any other SQLSTATE (letters in it, such as `42P01` or `XX000`) is 100000 plus its value read
///   as a base-36 number, so that every SQLSTATE has its own number above the range of the others.
public enum SQLStateNumber {
    /// The number for `sqlState`; nil when it is not five characters of 0-9 and A-Z.
    public static func number(for sqlState: String) -> Int? {
        let characters = Array(sqlState.utf8)
        guard characters.count == 5 else { return nil }
        if sqlState == "P0001" { return 50000 }
        var decimal = 0
        var base36 = 0
        var allDigits = true
        for character in characters {
            let digit: Int
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(character - UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                digit = Int(character - UInt8(ascii: "A")) + 10
                allDigits = false
            default: return nil
            }
            decimal = decimal * 10 + min(digit, 9)
            base36 = base36 * 36 + digit
        }
        return allDigits ? decimal : 100_000 + base36
    }
}
