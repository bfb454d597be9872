/// Spark SQL's lexical rules for the text the compiler writes: quoted identifiers and literals.
enum SparkSQL {
    /// `` `name` `` with backticks doubled inside.
    static func identifier(_ name: String) -> String {
        "`" + name.replacing("`", with: "``") + "`"
    }

    /// A string literal: `'text'`, with `\` and `'` escaped as Spark's parser unescapes them
    /// (`spark.sql.parser.escapedStringLiterals` is false by default), and control characters written as escapes.
    static func string(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// An integer literal typed as ADF types it: `int` when it fits 32 bits and was not written `L`, else `bigint`.
    static func integer(_ value: Int64, long: Bool) -> String {
        if !long, value >= Int64(Int32.min), value <= Int64(Int32.max) { return String(value) }
        return "\(value)L"
    }

    /// A double literal (`0.95D`); Spark reads an unsuffixed fraction as a decimal.
    static func double(_ value: Double) -> String {
        var text = "\(value)"
        if text.contains("e") { text = text.replacing("e", with: "E") }
        return text + "D"
    }
}
