import DataFlowScript
import PipehostJSON
import TestSizeTags
import Testing

/// Each data flow expression function and operator with the exact Spark SQL it compiles to. Columns
/// come from a source declaring `CompilerTestSupport.columns`, so their types are known.
@Suite("Data flow expressions to Spark SQL", .tags(.small))
struct ExpressionCompilerTests {
    static let operators: [(String, String)] = [
        ("a + b", "concat(`a`, `b`)"),
        ("'ice' + 'cream' + ' cone'", "concat(concat('ice', 'cream'), ' cone')"),
        ("'Q' + toString(n)", "concat('Q', CAST(`n` AS STRING))"),
        ("n + m", "(`n` + `m`)"),
        ("10 + 20", "(10 + 20)"),
        ("d + 3", "date_add(`d`, 3)"),
        ("d - 3", "date_sub(`d`, 3)"),
        ("t - t", "(unix_millis(`t`) - unix_millis(`t`))"),
        ("n - 1", "(`n` - 1)"),
        ("n * 2", "(`n` * 2)"),
        ("n / 2", "(`n` / 2)"),
        ("n % 3", "(`n` % 3)"),
        ("-n", "(- `n`)"),
        ("n == 1", "(`n` = 1)"),
        ("a != 'x'", "(`a` != 'x')"),
        ("a === b", "(`a` <=> `b`)"),
        ("a !== b", "(NOT (`a` <=> `b`))"),
        ("a <=> 'Abc'", "(lower(`a`) = lower('Abc'))"),
        ("!flag && n > 1 || x <= 2.5", "(((NOT `flag`) AND (`n` > 1)) OR (`x` <= 2.5D))"),
        ("n < m", "(`n` < `m`)"),
        ("n >= m", "(`n` >= `m`)"),
        ("true ^ false", "(true != false)"),
        ("0xf4 & 0xef", "(244 & 239)"),
        ("0xf4 | 0xef", "(244 | 239)"),
        ("1L", "1L"),
        ("0.95", "0.95D"),
        ("null", "NULL"),
        ("{a}", "`a`"),
        ("\"total {n} of {a}\"", "concat('total ', CAST(`n` AS STRING), ' of ', `a`)"),
        ("@(x = n, y = a)", "named_struct('x', `n`, 'y', `a`)"),
        ("[1, 2]", "array(1, 2)"),
        ("['k' -> a]", "map('k', `a`)"),
        ("split(a, ',')[1]", "element_at(split(`a`, ',', -1), 1)"),
        ("arr[n]", "CASE WHEN `n` > 0 THEN element_at(`arr`, `n`) END"),
        ("'it\\'s'", #"'it\'s'"#),
    ]

    @Test("operators, literals and ADF's + on strings, numbers and dates", arguments: operators)
    func operatorTranslation(_ expression: String, _ expected: String) throws {
        #expect(try CompilerTestSupport.sql(expression) == expected)
    }

    static let functions: [(String, String)] = [
        // Conditions and nulls
        ("iif(n > 1, 'big', 'small')", "CASE WHEN (`n` > 1) THEN 'big' ELSE 'small' END"),
        ("iif(flag, 1)", "CASE WHEN `flag` THEN 1 ELSE NULL END"),
        (
            "case(n == 1, 'one', n == 2, 'two', 'many')",
            "CASE WHEN (`n` = 1) THEN 'one' WHEN (`n` = 2) THEN 'two' ELSE 'many' END"
        ),
        ("case(n == 1, 'one')", "CASE WHEN (`n` = 1) THEN 'one' END"),
        ("isNull(a)", "(`a` IS NULL)"),
        ("coalesce(a, 'x')", "coalesce(`a`, 'x')"),
        ("iifNull(a, b)", "coalesce(`a`, `b`)"),
        ("true()", "true"),
        ("false()", "false"),
        ("null()", "NULL"),
        ("not(flag)", "(NOT `flag`)"),
        ("and(flag, n > 1)", "(`flag` AND (`n` > 1))"),
        ("or(flag, flag)", "(`flag` OR `flag`)"),
        ("xor(flag, flag)", "(`flag` != `flag`)"),
        ("equals(n, 1)", "(`n` = 1)"),
        ("notEquals(n, 1)", "(`n` != 1)"),
        ("greater(n, 1)", "(`n` > 1)"),
        ("greaterOrEqual(n, 1)", "(`n` >= 1)"),
        ("lesser(n, 1)", "(`n` < 1)"),
        ("lesserOrEqual(n, 1)", "(`n` <= 1)"),
        ("equalsIgnoreCase(a, 'ABC')", "(lower(`a`) = lower('ABC'))"),
        ("in(['a', 'b'], a)", "array_contains(array('a', 'b'), `a`)"),
        ("between(n, 1, 5)", "(`n` BETWEEN 1 AND 5)"),
        ("isNan(x)", "isnan(`x`)"),
        // Conversions
        ("toString(n)", "CAST(`n` AS STRING)"),
        ("toString(d, 'yyyy/MM/dd')", "date_format(`d`, 'yyyy/MM/dd')"),
        ("toString(x, '##,###.##')", "format_number(`x`, '##,###.##')"),
        ("toInteger(a)", "CAST(`a` AS INT)"),
        ("toLong(a)", "CAST(`a` AS BIGINT)"),
        ("toShort(a)", "CAST(`a` AS SMALLINT)"),
        ("toByte(a)", "CAST(`a` AS TINYINT)"),
        ("toDouble(a)", "CAST(`a` AS DOUBLE)"),
        ("toFloat(a)", "CAST(`a` AS FLOAT)"),
        ("toDecimal(a)", "CAST(`a` AS decimal(10,2))"),
        ("toDecimal(a, 8, 4)", "CAST(`a` AS decimal(8,4))"),
        ("toBoolean(a)", "CAST(`a` AS BOOLEAN)"),
        ("toDate(a)", "to_date(`a`)"),
        ("toDate(a, 'MM/dd/yyyy')", "to_date(`a`, 'MM/dd/yyyy')"),
        ("toTimestamp(a)", "to_timestamp(`a`)"),
        (
            #"toTimestamp(a, 'yyyy-MM-dd\'T\'HH:mm:ss', 'PST')"#,
            #"to_utc_timestamp(to_timestamp(`a`, 'yyyy-MM-dd\'T\'HH:mm:ss'), 'PST')"#
        ),
        // Strings
        ("concat(a, b, 'c')", "concat(`a`, `b`, 'c')"),
        ("concatWS(' ', a, b)", "concat_ws(' ', `a`, `b`)"),
        ("upper(a)", "upper(`a`)"),
        ("lower(a)", "lower(`a`)"),
        ("initCap(a)", "initcap(`a`)"),
        ("trim(a)", "trim(`a`)"),
        ("trim(a, '-!')", "trim(BOTH '-!' FROM `a`)"),
        ("ltrim(a, 'x')", "trim(LEADING 'x' FROM `a`)"),
        ("rtrim(a)", "rtrim(`a`)"),
        ("length(a)", "length(`a`)"),
        ("substring(a, 5, 2)", "substring(`a`, 5, 2)"),
        ("substring(a, 5)", "substring(`a`, 5)"),
        ("left(a, 2)", "left(`a`, 2)"),
        ("right(a, 2)", "right(`a`, 2)"),
        ("replace(a, 'dog', 'cat')", "replace(`a`, 'dog', 'cat')"),
        ("replace(a, 'dog')", "replace(`a`, 'dog', '')"),
        (#"regexReplace(a, `(\d+)`, 'x')"#, #"regexp_replace(`a`, '(\\d+)', 'x')"#),
        (#"regexExtract(a, `(\d+) and (\d+)`, 2)"#, #"regexp_extract(`a`, '(\\d+) and (\\d+)', 2)"#),
        (#"regexExtract(a, `(\d+)`)"#, #"regexp_extract(`a`, '(\\d+)', 1)"#),
        (#"regexMatch(a, `(\d+).(\d+)`)"#, #"(`a` RLIKE '(\\d+).(\\d+)')"#),
        ("instr(a, 'o')", "instr(`a`, 'o')"),
        ("locate('o', a, 6)", "locate('o', `a`, 6)"),
        ("split(a, ',')", "split(`a`, ',', -1)"),
        ("split(a, '|')", #"split(`a`, '\\|', -1)"#),
        ("startsWith(a, 'du')", "startswith(`a`, 'du')"),
        ("endsWith(a, 'mbo')", "endswith(`a`, 'mbo')"),
        ("md5(a)", "md5(`a`)"),
        ("md5(n)", "md5(CAST(`n` AS STRING))"),
        ("sha2(256, a)", "sha2(`a`, 256)"),
        ("sha2(0, a)", "sha2(`a`, 256)"),
        ("lpad(a, 10, '-')", "lpad(`a`, 10, '-')"),
        ("rpad(a, 8, '<>')", "rpad(`a`, 8, '<>')"),
        ("dropLeft(a, 2)", "substring(`a`, 2 + 1)"),
        ("reverse(a)", "reverse(`a`)"),
        ("translate(a, '()', '[]')", "translate(`a`, '()', '[]')"),
        // Numbers
        ("abs(n)", "abs(`n`)"),
        ("round(x, 2)", "round(`x`, 2)"),
        ("round(x)", "round(`x`, 0)"),
        ("round(x, 2, 7)", "bround(`x`, 2)"),
        ("floor(x)", "floor(`x`)"),
        ("ceil(x)", "ceil(`x`)"),
        ("power(n, 2)", "power(`n`, 2)"),
        ("sqrt(x)", "sqrt(`x`)"),
        ("log(x, 10)", "log(10, `x`)"),
        ("log(x)", "ln(`x`)"),
        ("log10(x)", "log10(`x`)"),
        ("mod(n, 8)", "(`n` % 8)"),
        ("pMod(n, 8)", "pmod(`n`, 8)"),
        ("add(n, m)", "(`n` + `m`)"),
        ("add('ice', 'cream')", "concat('ice', 'cream')"),
        ("minus(n, 1)", "(`n` - 1)"),
        ("multiply(n, 2)", "(`n` * 2)"),
        ("divide(n, 2)", "(`n` / 2)"),
        ("negate(n)", "(- `n`)"),
        ("greatest(n, m, 3)", "greatest(`n`, `m`, 3)"),
        ("least(n, m)", "least(`n`, `m`)"),
        // Dates
        ("currentDate()", "current_date()"),
        ("currentDate('PST')", "to_date(from_utc_timestamp(current_timestamp(), 'PST'))"),
        ("currentTimestamp()", "current_timestamp()"),
        ("currentUTC()", "current_timestamp()"),
        ("year(d)", "year(`d`)"),
        ("month(d)", "month(`d`)"),
        ("dayOfMonth(d)", "dayofmonth(`d`)"),
        ("dayOfWeek(d)", "dayofweek(`d`)"),
        ("dayOfYear(d)", "dayofyear(`d`)"),
        ("weekOfYear(d)", "weekofyear(`d`)"),
        ("hour(t)", "hour(`t`)"),
        ("hour(t, 'PST')", "hour(from_utc_timestamp(`t`, 'PST'))"),
        ("minute(t)", "minute(`t`)"),
        ("second(t)", "second(`t`)"),
        ("millisecond(t)", "CAST(date_format(`t`, 'SSS') AS INT)"),
        ("addDays(d, 1)", "date_add(`d`, 1)"),
        ("addDays(t, 1)", "timestampadd(DAY, 1, `t`)"),
        ("subDays(d, 1)", "date_sub(`d`, 1)"),
        ("addMonths(d, 1)", "CASE WHEN `d` = last_day(`d`) THEN last_day(add_months(`d`, 1)) ELSE add_months(`d`, 1) END"),
        (
            "subMonths(d, 1)",
            "CASE WHEN `d` = last_day(`d`) THEN last_day(add_months(`d`, -(1))) ELSE add_months(`d`, -(1)) END"
        ),
        (
            "addMonths(t, 1)",
            "timestampadd(DAY, datediff(CASE WHEN to_date(`t`) = last_day(to_date(`t`)) "
                + "THEN last_day(add_months(to_date(`t`), 1)) ELSE add_months(to_date(`t`), 1) END, to_date(`t`)), `t`)"
        ),
        ("monthsBetween(t, d)", "months_between(`t`, `d`, true)"),
        ("lastDayOfMonth(d)", "last_day(`d`)"),
        ("fromUTC(t, 'Asia/Seoul')", "from_utc_timestamp(`t`, 'Asia/Seoul')"),
        ("toUTC(t, 'Asia/Seoul')", "to_utc_timestamp(`t`, 'Asia/Seoul')"),
        // Arrays, columns by name and position
        ("size(arr)", "size(`arr`)"),
        ("array('a', b)", "array('a', `b`)"),
        ("at(arr, 1)", "element_at(`arr`, 1)"),
        ("map(arr, upper(#item))", "transform(`arr`, __item -> upper(__item))"),
        ("filter(arr, #item != 'x')", "filter(`arr`, __item -> (__item != 'x'))"),
        ("contains(arr, #item == 'x')", "exists(`arr`, __item -> (__item = 'x'))"),
        (
            "reduce(arr, '', #acc + #item, #result)",
            "aggregate(`arr`, '', (__acc, __item) -> concat(__acc, __item), __result -> __result)"
        ),
        ("byName('a')", "`a`"),
        ("byName('a', 'S')", "`a`"),  // S is the source itself: its frame has no stream name
        ("byPosition(3)", "`n`"),
        ("byPosition(99)", "NULL"),
        ("hasColumn('flag')", "true"),
        ("uuid()", "uuid()"),
    ]

    @Test("functions", arguments: functions)
    func functionTranslation(_ expression: String, _ expected: String) throws {
        #expect(try CompilerTestSupport.sql(expression) == expected)
    }

    @Test("names are matched without regard to case, as ADF's own examples write them")
    func caseInsensitiveNames() throws {
        #expect(try CompilerTestSupport.sql("UPPER(a)") == "upper(`a`)")
    }

    @Test("parameters are inlined as typed literals, given values first, then defaults")
    func parameters() throws {
        let declared = """
            name as string ('it\\'s'),
            count as integer (5),
            day as date,
            at as timestamp ('2024-01-31 10:00:00'),
            on as boolean (true()),
            list as string[] (['x', 'y']),
            today as date (currentDate()),
            column as string ('a')
            """
        let values: [String: JSONValue] = ["day": "2024-01-31"]
        func sql(_ expression: String) throws -> String {
            try CompilerTestSupport.sql(expression, parameters: declared, values: values)
        }
        #expect(try sql("$name") == #"'it\'s'"#)
        #expect(try sql("$count + 1") == "(5 + 1)")
        #expect(try sql("$day") == "DATE'2024-01-31'")
        #expect(try sql("$at") == "TIMESTAMP'2024-01-31 10:00:00'")
        #expect(try sql("$on") == "true")
        #expect(try sql("in($list, a)") == "array_contains(array('x', 'y'), `a`)")
        #expect(try sql("$today") == "current_date()")
        #expect(try sql("byName($column)") == "`a`")
        #expect(
            try CompilerTestSupport.sql("$count", parameters: declared, values: ["day": "2024-01-31", "count": "12"])
                == "12")
    }

    @Test(
        "aggregate functions",
        arguments: [
            ("count()", "count(1)"),
            ("count(a)", "count(`a`)"),
            ("countAll(a)", "count(1)"),
            ("countDistinct(a, b)", "count(DISTINCT `a`, `b`)"),
            ("countIf(n > 1)", "count(CASE WHEN (`n` > 1) THEN 1 END)"),
            ("countIf(n > 1, a)", "count(CASE WHEN (`n` > 1) THEN `a` END)"),
            ("sum(n)", "sum(`n`)"),
            ("sumIf(flag, n)", "sum(CASE WHEN `flag` THEN `n` END)"),
            ("sumDistinct(n)", "sum(DISTINCT `n`)"),
            ("avg(x)", "avg(`x`)"),
            ("mean(x)", "avg(`x`)"),
            ("avgIf(flag, x)", "avg(CASE WHEN `flag` THEN `x` END)"),
            ("min(n)", "min(`n`)"),
            ("max(d)", "max(`d`)"),
            ("minIf(flag, n)", "min(CASE WHEN `flag` THEN `n` END)"),
            ("maxIf(flag, n)", "max(CASE WHEN `flag` THEN `n` END)"),
            ("first(a)", "first(`a`, false)"),
            ("last(a, true)", "last(`a`, true)"),
            ("collect(a)", "collect_list(`a`)"),
            ("collectUnique(a)", "collect_set(`a`)"),
            ("stddev(x)", "stddev_samp(`x`)"),
            ("stdDev(x)", "stddev_samp(`x`)"),
            ("stddevPopulation(x)", "stddev_pop(`x`)"),
            ("variance(x)", "var_samp(`x`)"),
            ("variancePopulation(x)", "var_pop(`x`)"),
            ("approxDistinctCount(a)", "approx_count_distinct(`a`)"),
        ])
    func aggregates(_ expression: String, _ expected: String) throws {
        let plan = try CompilerTestSupport.plan(
            "source(output(\(CompilerTestSupport.columns)), allowSchemaDrift: false) ~> S\n"
                + "S aggregate(groupBy(a), out = \(expression)) ~> G")
        guard case .aggregate(_, let groupBy, let aggregates)? = plan.steps.last?.operation else {
            Issue.record("no aggregate step")
            return
        }
        #expect(groupBy == [PlanColumn(name: "a", expression: "`a`")])
        #expect(aggregates == [PlanColumn(name: "out", expression: expected)])
    }

    @Test(
        "window functions",
        arguments: [
            ("rowNumber()", "row_number()"),
            ("rank()", "rank()"),
            ("denseRank()", "dense_rank()"),
            ("cumeDist()", "cume_dist()"),
            ("nTile(4)", "ntile(4)"),
            ("lag(n, 2, 0)", "lag(`n`, 2, 0)"),
            ("lead(n)", "lead(`n`)"),
            ("sum(n)", "sum(`n`)"),
        ])
    func windows(_ expression: String, _ expected: String) throws {
        let plan = try CompilerTestSupport.plan(
            "source(output(\(CompilerTestSupport.columns)), allowSchemaDrift: false) ~> S\n"
                + "S window(over(a), asc(n, true), out = \(expression)) ~> W")
        guard case .window(_, _, _, _, let columns)? = plan.steps.last?.operation else {
            Issue.record("no window step")
            return
        }
        #expect(columns == [PlanColumn(name: "out", expression: expected)])
    }
}
