# Math functions: add, div, max, min, mod, mul, rand, range, sub. Integers are 64-bit; integer division truncates.

STATE = {"parameters": {"n": 7, "f": 2.5, "list": [3, 1.5, 2]}}

CASES = [
    "@add(1, 2)", "@add(1.5, 1)", "@add(1, 2.0)", "@add(-1, -2)", "@add(0.1, 0.2)", "@add(1.1, 2.2)",
    "@add(9223372036854775806, 1)", "@add(pipeline().parameters.n, pipeline().parameters.f)", "@add(1e308, 1e308)",
    fails("@add(9223372036854775807, 1)"), fails("@add('1', 1)"), fails("@add(null, 1)"), fails("@add(true, 1)"),
    fails("@add(1, createArray(1))"), fails("@add(1)"), fails("@add(1, 2, 3)"),
    "@sub(1, 2)", "@sub(1.5, 2)", "@sub(10.3, 0.3)", "@sub(0, 9223372036854775807)", "@sub(-5, -5)",
    fails("@sub(-9223372036854775808, 1)"), fails("@sub('a', 1)"),
    "@mul(2, 3)", "@mul(2.5, 2)", "@mul(2, 1.5)", "@mul(-3, 4)", "@mul(0, -1)", "@mul(4294967296, 2147483647)",
    fails("@mul(3037000500, 3037000500)"), fails("@mul(1, null)"),
    "@div(10, 5)", "@div(11, 5)", "@div(-11, 5)", "@div(11, -5)", "@div(11, 5.0)", "@div(10, 4.0)", "@div(1.0, 3)",
    "@div(0, 5)", "@div(-9223372036854775808, 1)", "@div(7.5, 2.5)",
    fails("@div(1, 0)"), fails("@div(1.0, 0)"), fails("@div(1, 0.0)"), fails("@div(0.0, 0.0)"),
    fails("@div(-9223372036854775808, -1)"), fails("@div('10', 2)"),
    "@mod(3, 2)", "@mod(-3, 2)", "@mod(3, -2)", "@mod(5.5, 2)", "@mod(-5.5, 2)", "@mod(10, 5)", "@mod(2, 3)",
    "@mod(7, 2.5)",
    fails("@mod(1, 0)"), fails("@mod(1.0, 0)"), fails("@mod(-9223372036854775808, -1)"), fails("@mod(true, 2)"),
    "@max(1, 2, 3)", "@max(createArray(1, 2, 3))", "@max(1, 2.5)", "@max(2.5, 1)", "@max(1, 1.0)", "@max(1.0, 1)",
    "@max(3)", "@max(3, 2.5)", "@max(createArray(1, 2.0))", "@max(-1, -2)", "@max(pipeline().parameters.list)",
    "@max(createArray(7))", "@max(0.1, 0.2, 0.15)",
    fails("@max(json('[]'))"), fails("@max('a', 'b')"), fails("@max(createArray(1), 2)"), fails("@max(createArray(1,'a'))"),
    fails("@max(null)"), fails("@max()"), fails("@max(createArray(createArray(1)))"),
    "@min(1, 2, 3)", "@min(createArray(1, 2, 3))", "@min(-1.5, 2)", "@min(createArray(3, 2.5))", "@min(2.5, 3)",
    "@min(1, 1.0)", "@min(pipeline().parameters.list)", "@min(5)",
    fails("@min(true, 1)"), fails("@min(json('[]'))"),
    "@less(rand(1, 5), 5)", "@greaterOrEquals(rand(1, 5), 1)", "@rand(1, 1)", "@rand(-5, -4)", "@rand(0, 1)",
    fails("@rand(5, 1)"), fails("@rand(1.0, 2)"), fails("@rand(1, '2')"), fails("@rand(1)"),
    "@range(1, 4)", "@range(0, 0)", "@range(-3, 3)", "@range(2147483646, 1)", "@length(range(0, 100000))",
    "@range(5, 1)", "@range(2147483647, 1)", "@range(2147483647, 0)", "@range(-2147483648, 1)",
    "@range(2147383648, 100000)[99999]",
    fails("@range(2147383649, 100000)"), fails("@range(5, -1)"), fails("@range(1.5, 2)"), fails("@range(0, 100001)"), fails("@range(2147483647, 2)"),
    fails("@range(1, '2')"), fails("@range(1)"),
    case("@range(9223372036854775807, 2)", ours=ERROR,
         note="The oracle truncates the start to 32 bits and returns [-1, 0]; ADF documents 'start index' as an "
              "integer and limits start + count to 2147483647, so a start outside the 32-bit range is an error here."),
]
