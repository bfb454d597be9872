/// The expression function cases: each function and operator of docs/data-flows.md's tables, with
/// the examples ADF's expression documentation gives (`upper('bojjus') -> 'BOJJUS'`) or values
/// worked out by hand from its definition where the documentation gives none, written as the
/// sink's CSV holds them.
enum DataFlowFunctionCases {
    /// One derived column: its name, the ADF expression, and the CSV text of the expected value
    /// (empty for null, `""` for the empty string, quoted when it holds a comma).
    typealias Check = (column: String, expression: String, expected: String)

    /// A derive of one column per check over a source of one row, into one sink.
    static func expressions(_ name: String, _ checks: [Check]) -> DataFlowCase {
        let columns = checks.map { "\t\t\($0.column) = \($0.expression)" }.joined(separator: ",\n")
        return DataFlowCase(
            name: name,
            script: """
                source(output(
                		id as integer
                	),
                	allowSchemaDrift: false,
                	validateSchema: false) ~> One
                One derive(
                \(columns)) ~> Values
                Values sink(allowSchemaDrift: true) ~> Out
                """,
            inputs: ["One": "id\n1\n"],
            expected: ["Out": "id," + checks.map(\.column).joined(separator: ",") + "\n1," + checks.map(\.expected).joined(separator: ",") + "\n"])
    }

    static let all: [DataFlowCase] =
        [operators, logic, conversions, text, patterns, math, dates, arrays, columns, streamColumns, streamColumnsOneInput]
        + DataFlowAggregateCases.all

    static let operators = expressions(
        "operators",
        [
            ("plusNumbers", "10 + 20", "30"),
            ("plusText", "'ice' + 'cream' + ' cone'", "icecream cone"),
            ("plusNull", "isNull('sql' + null)", "true"),
            ("plusDays", "toDate('2012-12-12') + 3", "2012-12-15"),
            ("plusArrays", "([10, 20] + [30, 40])[3]", "30"),
            ("plusArraysSize", "size([10, 20] + [30, 40])", "4"),
            ("minusNumbers", "20 - 10", "10"),
            ("minusDays", "toDate('2012-12-15') - 3", "2012-12-12"),
            ("minusTimestamps", "toTimestamp('2019-02-03 05:21:34.851', 'yyyy-MM-dd HH:mm:ss.SSS') - toTimestamp('2019-02-03 05:21:36.923', 'yyyy-MM-dd HH:mm:ss.SSS')", "-2072"),
            ("times", "20 * 10", "200"),
            ("divided", "20 / 10 == 2", "true"),
            ("divideByZero", "isNull(10 / 0)", "true"),
            ("modulo", "20 % 8", "4"),
            ("equal", "12 == 24", "false"),
            ("equalText", "'bad' == 'bad'", "true"),
            ("equalNull", "isNull('good' == toString(null))", "true"),
            ("equalNulls", "isNull(null == null)", "true"),
            ("notEqual", "12 != 24", "true"),
            ("notEqualText", "'bojjus' != 'bo' + 'jjus'", "false"),
            ("greaterText", "('dumbo' > 'dum')", "true"),
            ("greaterTimestamps", "(toTimestamp('2019-02-05 08:21:34.890', 'yyyy-MM-dd HH:mm:ss.SSS') > toTimestamp('2019-02-03 05:19:28.871', 'yyyy-MM-dd HH:mm:ss.SSS'))", "true"),
            ("greaterOrEqualText", "('dumbo' >= 'dum')", "true"),
            ("lessText", "('abcd' < 'abc')", "false"),
            ("lessOrEqualText", "('dumbo' <= 'dum')", "false"),
            ("nullSafeEqual", "toString(null) === toString(null)", "true"),
            ("nullSafeEqualOne", "'a' === toString(null)", "false"),
            ("nullSafeNotEqual", "'a' !== toString(null)", "true"),
            ("ignoringCase", "'abc' <=> 'Abc'", "true"),
            ("both", "true && false", "false"),
            ("either", "true || false", "true"),
            ("negated", "!(10 == 20)", "true"),
            ("bitsAnd", "(0xf4 & 0xef)", "228"),
            ("bitsOr", "(0xf4 | 0xef)", "255"),
            ("bitsXor", "(0xf4 ^ 0xef)", "27"),
            ("boolXor", "(true ^ false)", "true"),
            ("boolXorSame", "(true ^ true)", "false"),
            ("index", "split('bojjus, guchus, dumbo', ', ')[1]", "bojjus"),
            ("indexZero", "isNull(split('bojjus, guchus, dumbo', ', ')[0])", "true"),
            ("indexOut", "isNull(split('bojjus, guchus, dumbo', ', ')[20])", "true"),
            ("indexColumn", "['a', 'b', 'c'][id + 1]", "b"),
            ("interpolated", #""total {10 + 20} of {upper('x')}""#, "total 30 of X"),
            ("structure", "@(name = 'ann', age = 30).age", "30"),
            ("mapValue", "['fruit' -> 'apples', 'vegetable' -> 'carrot']['vegetable']", "carrot"),
        ])

    static let logic = expressions(
        "conditions, comparisons and arithmetic functions",
        [
            ("iif1", "iif(10 + 20 == 30, 'dumbo', 'gumbo')", "dumbo"),
            ("iif2", "iif(10 > 30, 'dumbo', 'gumbo')", "gumbo"),
            ("iif3", "iif(month(toDate('2018-12-01')) == 12, 345.12, 102.67)", "345.12"),
            ("iifNoElse", "isNull(iif(10 > 30, 'dumbo'))", "true"),
            ("case1", "case(10 + 20 == 30, 'dumbo', 'gumbo')", "dumbo"),
            ("case2", "case(10 + 20 == 25, 'bojjus', 'do' < 'go', 'gunchus')", "gunchus"),
            ("case3", "isNull(case(10 + 20 == 25, 'bojjus', 'do' > 'go', 'gunchus'))", "true"),
            ("case4", "case(10 + 20 == 25, 'bojjus', 'do' > 'go', 'gunchus', 'dumbo')", "dumbo"),
            ("isNull1", "isNull(null())", "true"),
            ("isNull2", "isNull('')", "false"),
            ("coalesce1", "coalesce(10, 20)", "10"),
            ("coalesce2", "coalesce(toString(null), toString(null), 'dumbo', 'bo', 'go')", "dumbo"),
            ("iifNull1", "iifNull(10, 20)", "10"),
            ("iifNull2", "iifNull(null, 20, 40)", "20"),
            ("iifNull3", "iifNull(null, 'data', 'factory')", "data"),
            ("yes", "true()", "true"),
            ("no", "false()", "false"),
            ("nothing", "isNull(null())", "true"),
            ("not1", "not(true)", "false"),
            ("not2", "not(10 == 20)", "true"),
            ("and1", "and(true, false)", "false"),
            ("or1", "or(true, false)", "true"),
            ("xor1", "xor(true, false)", "true"),
            ("xor2", "xor(true, true)", "false"),
            ("equals1", "equals(12, 24)", "false"),
            ("notEquals1", "notEquals(12, 24)", "true"),
            ("greater1", "greater(12, 24)", "false"),
            ("greaterOrEqual1", "greaterOrEqual(12, 12)", "true"),
            ("lesser1", "lesser(12, 24)", "true"),
            ("lesserOrEqual1", "lesserOrEqual(12, 12)", "true"),
            ("equalsIgnoreCase1", "equalsIgnoreCase('abc', 'Abc')", "true"),
            ("add1", "add(10, 20)", "30"),
            ("add2", "add('ice', 'cream')", "icecream"),
            ("add3", "add(toDate('2012-12-12'), 3)", "2012-12-15"),
            ("minus1", "minus(20, 10)", "10"),
            ("minus2", "minus(toDate('2012-12-15'), 3)", "2012-12-12"),
            ("multiply1", "multiply(20, 10)", "200"),
            ("divide1", "divide(20, 10) == 2", "true"),
            ("mod1", "mod(20, 8)", "4"),
            ("pMod1", "pMod(-20, 8)", "4"),
            ("negate1", "negate(13)", "-13"),
            ("bitwiseAnd1", "bitwiseAnd(0xf4, 0xef)", "228"),
            ("bitwiseOr1", "bitwiseOr(0xf4, 0xef)", "255"),
            ("bitwiseXor1", "bitwiseXor(0xf4, 0xef)", "27"),
            ("between1", "between(10, 5, 24)", "true"),
            ("between2", "between(currentDate(), currentDate() + 10, currentDate() + 20)", "false"),
            ("in1", "in([10, 20, 30], 10)", "true"),
            ("in2", "in(['good', 'kid'], 'bad')", "false"),
            ("isNan1", "isNan(10.2)", "false"),
            ("greatest1", "greatest(10, 30, 15, 20)", "30"),
            ("greatest2", "greatest(10, toInteger(null), 20)", "20"),
            ("greatest3", "greatest(toDate('2010-12-12'), toDate('2011-12-12'), toDate('2000-12-12'))", "2011-12-12"),
            ("least1", "least(10, 30, 15, 20)", "10"),
            ("least2", "least(toDate('2010-12-12'), toDate('2011-12-12'), toDate('2000-12-12'))", "2000-12-12"),
        ])

    static let conversions = expressions(
        "conversion functions",
        [
            ("string1", "toString(10)", "10"),
            ("string2", "toString('engineer')", "engineer"),
            ("string3", "toString(123456.789, '##,###.##')", "\"123,456.79\""),
            ("string4", "toString(123.78, '000000.000')", "000123.780"),
            ("string5", "toString(toDate('2018-12-31'))", "2018-12-31"),
            ("string6", "isNull(toString(toDate('2018-12-31', 'MM/dd/yy')))", "true"),
            ("string7", "toString(4 == 20)", "false"),
            ("string8", "toString(toDate('2018-12-31'), 'MM/dd/yy')", "12/31/18"),
            ("string9", "toString(12345, '##0.#####E0')", "12.345E3"),
            ("integer1", "toInteger(123)", "123"),
            ("integer2", "toInteger('123')", "123"),
            ("integer3", "toInteger(12.9)", "12"),
            ("long1", "toLong('123')", "123"),
            ("short1", "toShort('123')", "123"),
            ("byte1", "toByte('123')", "123"),
            ("byte2", "toByte(0xFF)", "-1"),
            ("double1", "toDouble('123.45')", "123.45"),
            ("float1", "toFloat('123.45')", "123.45"),
            ("decimal1", "toDecimal(123.45)", "123.45"),
            ("decimal2", "toDecimal('123.45', 8, 4)", "123.4500"),
            ("boolean1", "toBoolean('true')", "true"),
            ("boolean2", "toBoolean('n')", "false"),
            ("boolean3", "isNull(toBoolean('truthy'))", "true"),
            ("date1", "toDate('2012-8-18')", "2012-08-18"),
            ("date2", "toDate('12/18/2012', 'MM/dd/yyyy')", "2012-12-18"),
            ("timestamp1", #"toTimestamp('12/31/2016T00:12:00', 'MM/dd/yyyy\'T\'HH:mm:ss') == toTimestamp('2016-12-31 00:12:00')"#, "true"),
            ("timestamp2", "millisecond(toTimestamp('2019-02-03 05:19:28.871', 'yyyy-MM-dd HH:mm:ss.SSS'))", "871"),
            ("timestamp3", "toTimestamp('2016-12-31 09:12:00', 'yyyy-MM-dd HH:mm:ss', 'Asia/Seoul') == toTimestamp('2016-12-31 00:12:00')", "true"),
            ("base64", "toBase64('bojjus')", "Ym9qanVz"),
            ("fromBase64", "fromBase64('Z3VuY2h1cw==')", "gunchus"),
        ])

    static let math = expressions(
        "math functions",
        [
            ("abs1", "abs(-20)", "20"),
            ("abs2", "abs(10)", "10"),
            ("acos1", "acos(1)", "0.0"),
            ("asin1", "asin(0)", "0.0"),
            ("atan1", "atan(0)", "0.0"),
            ("atan21", "atan2(0, 0)", "0.0"),
            ("cbrt1", "cbrt(8)", "2.0"),
            ("ceil1", "ceil(-0.1)", "0"),
            ("floor1", "floor(-0.1)", "-1"),
            ("cos1", "cos(10)", "-0.8390715290764524"),
            ("cosh1", "cosh(0)", "1.0"),
            ("sin1", "sin(2)", "0.9092974268256817"),
            ("sinh1", "sinh(0)", "0.0"),
            ("tan1", "tan(0)", "0.0"),
            ("tanh1", "tanh(0)", "0.0"),
            ("degrees1", "degrees(3.141592653589793)", "180.0"),
            ("radians1", "radians(180)", "3.141592653589793"),
            ("factorial1", "factorial(5)", "120"),
            ("log1", "log(100, 10)", "2.0"),
            ("log2", "log(1)", "0.0"),
            ("log101", "log10(100)", "2.0"),
            ("power1", "power(10, 2)", "100.0"),
            ("sqrt1", "sqrt(9)", "3.0"),
            ("round1", "round(100.123)", "100.0"),
            ("round2", "round(2.5, 0)", "3.0"),
            ("round3", "round(5.3999999999999995, 2, 7)", "5.4"),
            ("round4", "round(2.5, 0, 7)", "2.0"),
        ])

    static let dates = expressions(
        "date and time functions",
        [
            ("year1", "year(toDate('2012-8-8'))", "2012"),
            ("month1", "month(toDate('2012-8-8'))", "8"),
            ("dayOfMonth1", "dayOfMonth(toDate('2018-06-08'))", "8"),
            ("dayOfWeek1", "dayOfWeek(toDate('2018-06-08'))", "6"),
            ("dayOfYear1", "dayOfYear(toDate('2016-04-09'))", "100"),
            ("weekOfYear1", "weekOfYear(toDate('2008-02-20'))", "8"),
            ("hour1", "hour(toTimestamp('2009-07-30 12:58:59'))", "12"),
            ("hour2", "hour(toTimestamp('2009-07-30 12:58:59'), 'Asia/Seoul')", "21"),
            ("minute1", "minute(toTimestamp('2009-07-30 12:58:59'))", "58"),
            ("minute2", "minute(toTimestamp('2009-07-30 12:58:59'), 'PST')", "58"),
            ("second1", "second(toTimestamp('2009-07-30 12:58:59'))", "59"),
            ("millisecond1", "millisecond(toTimestamp('2009-07-30 12:58:59.871', 'yyyy-MM-dd HH:mm:ss.SSS'))", "871"),
            ("addDays1", "addDays(toDate('2016-08-08'), 1)", "2016-08-09"),
            ("subDays1", "subDays(toDate('2016-08-08'), 1)", "2016-08-07"),
            ("addDays2", "addDays(toTimestamp('2016-08-08 10:00:00'), 1) == toTimestamp('2016-08-09 10:00:00')", "true"),
            ("addMonths1", "addMonths(toDate('2016-08-31'), 1)", "2016-09-30"),
            ("addMonths2", "addMonths(toTimestamp('2016-09-30 10:10:10'), -1) == toTimestamp('2016-08-31 10:10:10')", "true"),
            ("subMonths1", "subMonths(toDate('2016-09-30'), 1)", "2016-08-31"),
            ("monthsBetween1", "monthsBetween(toTimestamp('1997-02-28 10:30:00'), toDate('1996-10-30'))", "3.94959677"),
            ("lastDayOfMonth1", "lastDayOfMonth(toDate('2009-01-12'))", "2009-01-31"),
            ("fromUTC1", "fromUTC(toTimestamp('2020-01-01 00:00:00'), 'Asia/Seoul') == toTimestamp('2020-01-01 09:00:00')", "true"),
            ("toUTC1", "toUTC(toTimestamp('2020-01-01 09:00:00'), 'Asia/Seoul') == toTimestamp('2020-01-01 00:00:00')", "true"),
            ("fromUTC2", "fromUTC(currentUTC(), 'Asia/Seoul') != toTimestamp('2050-12-12 19:18:12')", "true"),
            ("currentDate1", "currentDate() >= toDate('2025-01-01')", "true"),
            ("currentDate2", "currentDate('America/New_York') >= toDate('2025-01-01')", "true"),
            ("currentDate3", "currentDate() == toDate('2250-12-31')", "false"),
            ("currentTimestamp1", "currentTimestamp() > toTimestamp('2025-01-01 00:00:00')", "true"),
            ("currentUTC1", "currentUTC() > toTimestamp('2025-01-01 00:00:00')", "true"),
            ("currentUTC2", "currentUTC() != toTimestamp('2050-12-12 19:18:12')", "true"),
        ])

    static let arrays = expressions(
        "array and higher-order functions",
        [
            ("array1", "array('Seattle', 'Washington')[2]", "Washington"),
            ("size1", "size(['element1', 'element2'])", "2"),
            ("size2", "size([1, 2, 3])", "3"),
            ("at1", "at(['apples', 'pears'], 1)", "apples"),
            ("at2", "at(['fruit' -> 'apples', 'vegetable' -> 'carrot'], 'fruit')", "apples"),
            ("at3", "isNull(at(['apples', 'pears'], 3))", "true"),
            ("slice1", "size(slice([10, 20, 30, 40], 1, 2))", "2"),
            ("slice2", "slice([10, 20, 30, 40], 1, 2)[2]", "20"),
            ("slice3", "slice([10, 20, 30, 40], 2)[1]", "20"),
            ("slice4", "isNull(slice([10, 20, 30, 40], 2)[0])", "true"),
            ("slice5", "isNull(slice([10, 20, 30, 40], 2)[20])", "true"),
            ("slice6", "size(slice(['a', 'b', 'c', 'd'], 8))", "0"),
            ("distinct1", "size(distinct([10, 20, 30, 10]))", "3"),
            ("distinct2", "distinct([10, 20, 30, 10])[3]", "30"),
            ("map1", "map([1, 2, 3, 4], #item + 2)[4]", "6"),
            ("map2", "map(['a', 'b', 'c', 'd'], #item + '_processed')[1]", "a_processed"),
            ("filter1", "size(filter([1, 2, 3, 4], #item > 2))", "2"),
            ("filter2", "filter([1, 2, 3, 4], #item > 2)[1]", "3"),
            ("filter3", "filter(['a', 'b', 'c', 'd'], #item == 'a' || #item == 'b')[2]", "b"),
            ("contains1", "contains([1, 2, 3, 4], #item == 3)", "true"),
            ("contains2", "contains([1, 2, 3, 4], #item > 5)", "false"),
            ("reduce1", "toString(reduce(['1', '2', '3', '4'], '0', #acc + #item, #result))", "01234"),
        ])

    static let columns = DataFlowCase(
        name: "byName, byPosition and hasColumn",
        script: """
            source(output(
            		id as integer,
            		name as string
            	),
            	allowSchemaDrift: false,
            	validateSchema: false) ~> People
            People derive(byName1 = toString(byName('name')),
            		byName2 = toInteger(byName('id')) + 1,
            		byPosition1 = toString(byPosition(2)),
            		byPosition2 = isNull(toString(byPosition(1234))),
            		hasColumn1 = hasColumn('name'),
            		hasColumn2 = hasColumn('bogus')) ~> Found
            Found sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["People": "id,name\n1,ann\n2,\n"],
        expected: ["Out": "id,name,byName1,byName2,byPosition1,byPosition2,hasColumn1,hasColumn2\n1,ann,ann,2,ann,true,true,false\n2,,,3,,true,true,false\n"])

    /// After a join both inputs' columns are there; the stream names which one.
    static let streamColumns = DataFlowCase(
        name: "byName with a stream and Stream@column after a join",
        script: DataFlowTransformationCases.peopleSource + DataFlowCombiningCases.deptsSource + """
            People, Depts join(People@dept == Depts@dept,
            	joinType:'right',
            	broadcast: 'auto')~> Joined
            Joined derive(fromDepts = toString(byName('dept', 'Depts')),
            		fromPeople = People@dept) ~> Both
            Both select(mapColumn(
            		name,
            		fromDepts,
            		fromPeople
            	)) ~> Named
            Named sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["People": DataFlowTransformationCases.people, "Depts": DataFlowCombiningCases.depts],
        expected: ["Out": "name,fromDepts,fromPeople\nann,A,A\nbob,B,B\ncid,A,A\n,C,\n"],
        anyOrder: true)

    /// In a transformation with one input, an earlier stream's name reads the input's column: right
    /// after a source, and after a select that follows a join (the select keeps no stream names).
    static let streamColumnsOneInput = DataFlowCase(
        name: "byName with a stream and Stream@column in one-input transformations",
        script: DataFlowTransformationCases.peopleSource + DataFlowCombiningCases.deptsSource + """
            People derive(shout = upper(People@name),
            		again = toString(byName('name', 'People'))) ~> Loud
            Loud, Depts join(Loud@dept == Depts@dept,
            	joinType:'inner',
            	broadcast: 'auto')~> Joined
            Joined select(mapColumn(
            		shout,
            		again,
            		title
            	)) ~> Named
            Named filter(Joined@title != 'Beta' && Depts@title != 'Gamma') ~> Kept
            Kept sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["People": DataFlowTransformationCases.people, "Depts": DataFlowCombiningCases.depts],
        expected: ["Out": "shout,again,title\nANN,ann,Alpha\nCID,cid,Alpha\n"],
        anyOrder: true)
}
