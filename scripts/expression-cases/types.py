# Generated matrix: every function called with each argument replaced, one at a time, by a value of every
# other type, plus calls with one argument too few and one too many. It pins down which types each function
# accepts and that the others are errors (the oracle decides; the documentation only names the intended types).

KINDS = ["null", "1", "1.5", "'x'", "true", "createArray(1)", "json('{\"a\":1}')"]

# Function name, a valid call's arguments, and the documented argument counts (min, max; None = any number).
BASELINES = [
    ("concat", ["'a'", "'b'"], 1, None), ("endsWith", ["'ab'", "'b'"], 2, 2), ("startsWith", ["'ab'", "'a'"], 2, 2),
    ("indexOf", ["'ab'", "'b'"], 2, 2), ("lastIndexOf", ["'ab'", "'b'"], 2, 2), ("replace", ["'ab'", "'b'", "'c'"], 3, 3),
    ("split", ["'a,b'", "','"], 2, 2), ("substring", ["'abc'", "1", "1"], 2, 3), ("toLower", ["'A'"], 1, 1),
    ("toUpper", ["'a'"], 1, 1), ("trim", ["' a '"], 1, 1),
    ("contains", ["'abc'", "'b'"], 2, 2), ("empty", ["'a'"], 1, 1), ("first", ["'ab'"], 1, 1), ("last", ["'ab'"], 1, 1),
    ("intersection", ["createArray(1, 2)", "createArray(2)"], 2, None),
    ("union", ["createArray(1)", "createArray(2)"], 2, None), ("join", ["createArray('a', 'b')", "'-'"], 2, 2),
    ("length", ["'abc'"], 1, 1), ("skip", ["createArray(1, 2)", "1"], 2, 2), ("take", ["createArray(1, 2)", "1"], 2, 2),
    ("and", ["true", "true"], 1, None), ("or", ["false", "true"], 1, None), ("not", ["false"], 1, 1),
    ("if", ["true", "1", "2"], 3, 3), ("equals", ["1", "1"], 2, None), ("greater", ["2", "1"], 2, 2),
    ("greaterOrEquals", ["2", "1"], 2, 2), ("less", ["1", "2"], 2, 2), ("lessOrEquals", ["1", "2"], 2, 2),
    ("array", ["'a'"], 1, 1), ("base64", ["'a'"], 1, 1), ("base64ToBinary", ["'YQ=='"], 1, 1),
    ("base64ToString", ["'YQ=='"], 1, 1), ("binary", ["'a'"], 1, 1), ("bool", ["'true'"], 1, 1),
    ("coalesce", ["null", "1"], 1, None), ("createArray", ["1", "2"], 1, None), ("dataUri", ["'a'"], 1, 1),
    ("dataUriToBinary", ["'data:,a'"], 1, 1), ("dataUriToString", ["'data:,a'"], 1, 1), ("decodeBase64", ["'YQ=='"], 1, 1),
    ("decodeDataUri", ["'data:,a'"], 1, 1), ("decodeUriComponent", ["'a%20b'"], 1, 1),
    ("encodeUriComponent", ["'a b'"], 1, 1), ("float", ["'1.5'"], 1, 1), ("int", ["'2'"], 1, 1), ("json", ["'[1]'"], 1, 1),
    ("string", ["1"], 1, 1), ("uriComponent", ["'a b'"], 1, 1), ("uriComponentToBinary", ["'a%20b'"], 1, 1),
    ("uriComponentToString", ["'a%20b'"], 1, 1), ("xml", ["'<a/>'"], 1, 1), ("xpath", ["xml('<a>1</a>')", "'string(/a)'"], 2, 2),
    ("add", ["1", "2"], 2, 2), ("sub", ["1", "2"], 2, 2), ("mul", ["2", "3"], 2, 2), ("div", ["6", "3"], 2, 2),
    ("mod", ["7", "3"], 2, 2), ("max", ["1", "2"], 1, None), ("min", ["1", "2"], 1, None), ("range", ["1", "3"], 2, 2),
    ("addDays", ["'2018-01-01T00:00:00Z'", "1", "'yyyy-MM-dd'"], 2, 3),
    ("addHours", ["'2018-01-01T00:00:00Z'", "1"], 2, 3), ("addMinutes", ["'2018-01-01T00:00:00Z'", "1"], 2, 3),
    ("addSeconds", ["'2018-01-01T00:00:00Z'", "1"], 2, 3),
    ("addToTime", ["'2018-01-01T00:00:00Z'", "1", "'Day'", "'yyyy-MM-dd'"], 3, 4),
    ("subtractFromTime", ["'2018-01-01T00:00:00Z'", "1", "'Day'"], 3, 4),
    ("convertFromUtc", ["'2018-01-01T08:00:00Z'", "'Pacific Standard Time'", "'HH:mm'"], 2, 3),
    ("convertToUtc", ["'2018-01-01T00:00:00'", "'Pacific Standard Time'"], 2, 3),
    ("convertTimeZone", ["'2018-01-01T00:00:00'", "'UTC'", "'Pacific Standard Time'"], 3, 4),
    ("dayOfMonth", ["'2018-01-05'"], 1, 1), ("dayOfWeek", ["'2018-01-05'"], 1, 1), ("dayOfYear", ["'2018-01-05'"], 1, 1),
    ("formatDateTime", ["'2018-01-05T10:00:00Z'", "'yyyy'"], 1, 2), ("startOfDay", ["'2018-01-05T10:00:00Z'"], 1, 2),
    ("startOfHour", ["'2018-01-05T10:30:00Z'"], 1, 2), ("startOfMonth", ["'2018-01-05T10:00:00Z'"], 1, 2),
    ("ticks", ["'2018-01-05T10:00:00Z'"], 1, 1),
]

ARITY_NOTE = ("ADF documents {doc} for '{name}'; the oracle's Logic Apps engine also accepts this call ({why}). "
              "We follow the documentation.")
EXTENSIONS = {
    ("float", 2): "a culture name", ("formatDateTime", 3): "a locale", ("uriComponent", 2): "extra arguments are ignored",
    ("encodeUriComponent", 2): "extra arguments are ignored",
}


def arity_text(low, high):
    if high is None:
        return f"at least {low} argument(s)"
    return f"{low} argument(s)" if low == high else f"{low} to {high} arguments"


EQUALS_NOTE = ("Documented: equals(true, 1) returns true ('Both values are equivalent'); the oracle returns false. "
               "We follow the documentation: a boolean equals the number 1 (true) or 0 (false).")
DECODE_NOTE = ("Documented as working the same way as dataUriToBinary (returning binary); the oracle returns a string. "
               "We follow the documentation.")
DOCUMENTED = {
    "@equals(true, 1)": (True, EQUALS_NOTE), "@equals(1, true)": (True, EQUALS_NOTE),
    "@decodeDataUri('data:,a')": ({"$content-type": "text/plain", "$content": "YQ=="}, DECODE_NOTE),
}


def call(expression):
    if expression in DOCUMENTED:
        value, note = DOCUMENTED[expression]
        return case(expression, docs=value, note=note)
    return expression


CASES = []
for name, arguments, low, high in BASELINES:
    CASES.append(call(f"@{name}({', '.join(arguments)})"))
    for position in range(len(arguments)):
        for kind in KINDS:
            if kind == arguments[position]:
                continue
            varied = list(arguments)
            varied[position] = kind
            CASES.append(call(f"@{name}({', '.join(varied)})"))
    if low > 0:
        CASES.append(fails(f"@{name}({', '.join(arguments[:low - 1])})"))
    if high is not None:
        extra = arguments + ["'extra'"] * (high + 1 - len(arguments))
        expression = f"@{name}({', '.join(extra[:high + 1])})"
        why = EXTENSIONS.get((name, high + 1))
        if why:
            CASES.append(case(expression, docs=ERROR, note=ARITY_NOTE.format(doc=arity_text(low, high), name=name, why=why)))
        else:
            CASES.append(fails(expression))
