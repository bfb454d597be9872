/// String functions. ADF positions are 1-based, as Spark's are.
extension FunctionTranslation {
    func text(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "concat":
            return try plain("concat", 1...Int.max, .string)
        case "concatws":
            return try plain("concat_ws", 2...Int.max, .string)
        case "upper", "lower", "reverse", "soundex", "initcap":
            return try plain(key, 1...1, .string)
        case "length":
            return try plain("length", 1...1, .integer)
        case "trim", "ltrim", "rtrim":
            let args = try compiled(1...2)
            guard args.count == 2 else { return make("\(key)(\(args[0].sql))", .string) }
            let side = key == "trim" ? "BOTH" : key == "ltrim" ? "LEADING" : "TRAILING"
            return make("trim(\(side) \(args[1].sql) FROM \(args[0].sql))", .string)
        case "substring":
            let args = try compiled(2...3)
            return make("substring(" + args.map(\.sql).joined(separator: ", ") + ")", .string)
        case "left", "right":
            return try plain(key, 2...2, .string)
        case "dropleft":
            let args = try compiled(2...2)
            return make("substring(\(args[0].sql), \(args[1].sql) + 1)", .string)
        case "dropright":
            let args = try compiled(2...2)
            return make("left(\(args[0].sql), greatest(length(\(args[0].sql)) - \(args[1].sql), 0))", .string)
        case "replace":
            let args = try compiled(2...3)
            let replacement = args.count == 3 ? args[2].sql : "''"
            return make("replace(\(args[0].sql), \(args[1].sql), \(replacement))", .string)
        case "regexreplace":
            return try plain("regexp_replace", 3...3, .string)
        case "regexextract":
            let args = try compiled(2...3)
            let group = args.count == 3 ? args[2].sql : "1"
            return make("regexp_extract(\(args[0].sql), \(args[1].sql), \(group))", .string)
        case "regexmatch", "rlike":
            let args = try compiled(2...2)
            return make("(\(args[0].sql) RLIKE \(args[1].sql))", .boolean)
        case "like":
            let args = try compiled(2...2)
            return make("(\(args[0].sql) LIKE \(args[1].sql))", .boolean)
        case "regexsplit":
            let args = try compiled(2...2)
            return make("split(\(args[0].sql), \(args[1].sql), -1)", .array(.string))
        case "instr":
            return try plain("instr", 2...2, .integer)
        case "locate":
            return try plain("locate", 2...3, .integer)
        case "split":
            // ADF splits at the delimiter as text; Spark's split takes a regular expression.
            let args = try compiled(2...2)
            let delimiter: String =
                if case .string(let text)? = args[1].constant {
                    SparkSQL.string(Self.regexQuoted(text))
                } else {
                    "concat('\\\\Q', \(args[1].sql), '\\\\E')"
                }
            return make("split(\(args[0].sql), \(delimiter), -1)", .array(.string))
        case "startswith", "endswith":
            return try plain(key, 2...2, .boolean)
        case "md5", "sha1":
            let args = try compiled(1...Int.max)
            guard args.count == 1 else {
                throw .unsupportedOption(
                    "\(name) of several values",
                    detail: "ADF's way of joining the values is not documented; "
                        + "pass one value, e.g. \(name)(concat(...))", at: site)
            }
            return make("\(key)(\(castToString(args[0])))", .string)
        case "sha2":
            let args = try compiled(2...Int.max)
            let bits = try constantInteger(args[0], "bit length")
            guard [0, 224, 256, 384, 512].contains(bits) else {
                throw .invalidArgument("the bit length of sha2", expected: "0, 224, 256, 384 or 512", at: site)
            }
            guard args.count == 2 else {
                throw .unsupportedOption(
                    "sha2 of several values",
                    detail: "ADF's way of joining the values is not documented; "
                        + "pass one value, e.g. sha2(256, concat(...))", at: site)
            }
            return make("sha2(\(castToString(args[1])), \(bits == 0 ? 256 : bits))", .string)
        case "lpad", "rpad":
            return try plain(key, 3...3, .string)
        case "translate":
            return try plain("translate", 3...3, .string)
        case "substringindex":
            return try plain("substring_index", 3...3, .string)
        case "ascii":
            return try plain("ascii", 1...1, .integer)
        case "char":
            return try plain("char", 1...1, .string)
        case "levenshtein":
            return try plain("levenshtein", 2...2, .integer)
        case "tobase64":
            let args = try compiled(1...1)
            return make("base64(encode(\(args[0].sql), 'UTF-8'))", .string)
        case "frombase64":
            let args = try compiled(1...1)
            return make("decode(unbase64(\(args[0].sql)), 'UTF-8')", .string)
        case "uuid":
            return try plain("uuid", 0...0, .string)
        default: return nil
        }
    }

    func castToString(_ argument: CompiledExpression) -> String {
        argument.type == .string ? argument.sql : "CAST(\(argument.sql) AS STRING)"
    }

    /// `text` with every regular-expression metacharacter escaped, so that Spark's `split` matches it as text.
    static func regexQuoted(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
