/// Numeric functions.
extension FunctionTranslation {
    func math(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "abs", "negate":
            let args = try compiled(1...1)
            return make(key == "abs" ? "abs(\(args[0].sql))" : "(- \(args[0].sql))", args[0].type)
        case "floor", "ceil":
            return try plain(key, 1...1, .long)
        case "sqrt", "cbrt", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
            "degrees", "radians":
            return try plain(key, 1...1, .double)
        case "atan2":
            return try plain("atan2", 2...2, .double)
        case "power":
            return try plain("power", 2...2, .double)
        case "factorial":
            return try plain("factorial", 1...1, .long)
        case "pmod":
            let args = try compiled(2...2)
            return make(
                "pmod(\(args[0].sql), \(args[1].sql))", ExpressionCompiler.widerNumeric(args[0].type, args[1].type))
        case "log":
            // ADF: log(value, base); Spark: log(base, value), and ln for the natural logarithm.
            let args = try compiled(1...2)
            if args.count == 1 { return make("ln(\(args[0].sql))", .double) }
            return make("log(\(args[1].sql), \(args[0].sql))", .double)
        case "round":
            let args = try compiled(1...3)
            let scale = args.count > 1 ? args[1].sql : "0"
            // ADF numbers the modes 1 (UP) … 8 (UNNECESSARY); 5, HALF_UP, is the default and Spark's round,
            // 7, HALF_EVEN, is Spark's bround.
            let mode = args.count > 2 ? try constantInteger(args[2], "rounding mode") : 5
            switch mode {
            case 5: return make("round(\(args[0].sql), \(scale))", args[0].type)
            case 7: return make("bround(\(args[0].sql), \(scale))", args[0].type)
            default:
                throw .unsupportedOption(
                    "the rounding mode \(mode) of round", detail: "pipehost compiles 5 (half up) and 7 (half even)",
                    at: site)
            }
        default: return nil
        }
    }
}
