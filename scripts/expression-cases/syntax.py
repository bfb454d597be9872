# The template syntax: whole-value expressions, interpolation, escapes, literals, property access, null-safe
# access, errors; and the scope functions pipeline(), variables(), activity(), item().

STATE = {
    "parameters": {"a": "x", "n": 42, "f": 1.5, "obj": {"Key": 1, "arr": [1, 2, {"z": "q"}]}, "nul": None,
                   "list": ["p", "q"], "key": "Key", "index": 1},
    "globalParameters": {"env": "dev"},
    "variables": {"v": "vv", "list": [1, 2, 3], "counter": 0},
    "activities": {"A1": {"output": {"rows": [{"id": 7}], "count": 1, "firstRow": {"Name": "n"}}, "status": "Succeeded",
                          "error": None},
                   "Fail1": {"output": None, "status": "Failed",
                             "error": {"errorCode": "2600", "message": "boom", "failureType": "UserError", "target": "Fail1"}}},
    "item": {"name": "it", "size": 3},
    "system": {"RunId": "rid", "Pipeline": "pl", "TriggerTime": "2020-01-01T00:00:00Z", "DataFactory": "df",
               "TriggerType": "Manual", "TriggerId": "tid", "TriggerName": "tn", "GroupId": "gid"},
}

CASES = [
    # Template forms
    "plain text", "", "@", "@@", "@@abc", " @abc", "a@b", "a@@b", "@@x@{1}", "a@@@{1}", "a@@{add(1,2)}", "@@{1}",
    "@{add(1,2)}", "@{add(1,2)}x", "a@{add(1,2)}", "@{'a'}{'b'}", "@{1}@{2}", "x@{'}'}y", "x@{concat('a', '{b}')}y",
    "@{'@'}", "a@{1}@@{2}", "@{ add(1,2) }", "@{true}", "@{null}", "@{1.5}", "@{createArray(1,'a')}",
    "@{json('{\"a\":1}')}", "x@{true}", "@{pipeline().parameters.n} items", "@{pipeline().parameters.obj}",
    "@{binary('hi')}", "Run @{pipeline().RunId} of @{pipeline().Pipeline}", "a@{'}}'}b",
    fails("@{"), fails("a@{1"), fails("@{}"), fails("a@{}b"), fails("@{ }"), fails("x@{'}y"),
    # Literals
    "@'abc'", "@'it''s'", "@'a\\nb'", "@''", "@''''", "@true", "@TRUE", "@True", "@false", "@null", "@NULL",
    "@1", "@-1", "@+1", "@1.5", "@-1.5", "@1e3", "@1.5e3", "@1E3", "@5.", "@007", "@9223372036854775807",
    "@-9223372036854775808", "@0.000001", "@1e-7", "@ add(1,2)", "@add (1,2)", "@add( 1 , 2 )", "@add(1,2) ",
    "@toUpper ('a')", "@ADD(1,2)", "@Concat('a','b')", "@utcnow('yyyy') ", "@'é😀'",
    fails("@.5"), fails("@0x10"), fails("@9223372036854775808"), fails("@99999999999999999999999"), fails("@\"abc\""),
    fails("@add(1,2)x"), fails("@add(1,2"), fails("@add(1,,2)"), fails("@add(1,2,)"), fails("@add()"),
    fails("@ab"), fails("@foo()"), fails("@foo"), fails("@add"), fails("@[1,2]"), fails("@{'a': 1}"),
    fails("@(1)"), fails("@'abc'[0]"), fails("@'abc"), fails("@ foo"), fails("@1a"), fails("@- 1"),
    fails("@pipeline("), fails("@pipeline()."), fails("@pipeline()..a"), fails("@pipeline()["), fails("@pipeline()[0"),
    fails("@true.x"), fails("@add(1,2)?"), fails("@#"), fails("@add(1;2)"),
    # Property access
    "@pipeline().parameters.a", "@pipeline().parameters.A", "@pipeline().Parameters.a", "@PIPELINE().parameters.a",
    "@pipeline().parameters?.b", "@pipeline().parameters['a']", "@pipeline().parameters.obj.key",
    "@pipeline().parameters.obj['key']", "@pipeline().parameters.obj.arr[2].z", "@pipeline().parameters.obj.arr?[3]",
    "@pipeline().parameters.nul?.x", "@pipeline().parameters.obj?.missing", "@pipeline().parameters.obj?['missing']",
    "@pipeline().parameters.nul?.x.y", "@pipeline().parameters.nul?.x?.y", "@pipeline().parameters.obj ?. Key",
    "@pipeline() . parameters . a", "@pipeline().parameters. a", "@pipeline().parameters[ 'a' ]",
    "@pipeline().parameters['A']", "@pipeline().parameters.obj.arr[1]", "@pipeline().parameters.obj.arr[add(1,1)].z",
    "@pipeline().parameters.obj[concat('ar','r')][0]", "@pipeline().parameters.obj[pipeline().parameters.key]",
    "@pipeline().parameters.list[pipeline().parameters.index]", "@pipeline().parameters._a", "@pipeline().parameters.$a",
    "@json('{\"a\":{\"b\":2}}').a.b", "@json('{\"a\":{\"b\":2}}')['a']['b']", "@json('{\"a b\":{\"b\":2}}')['a b'].b",
    "@json('{\"a\":{\"b\":1}}')?.a?.b", "@createArray(1,2)[1]", "@createArray(createArray(1, 2))[0][1]",
    "@json('[{\"x\":[10,20]}]')[0].x[1]", "@json('{\"\":1}')['']", "@split('a,b', ',')[1]", "@pipeline().parameters",
    "@pipeline().globalParameters.env", "@pipeline().globalParameters", "@pipeline()['parameters'].a",
    fails("@pipeline().parameters.b"), fails("@pipeline()?.parameters.b"), fails("@pipeline().parameters.obj.arr[3]"),
    fails("@pipeline().parameters.obj.arr['0']"), fails("@pipeline().parameters.obj.arr[-1]"),
    fails("@pipeline().parameters.obj.arr[1.0]"), fails("@pipeline().parameters.nul.x"),
    fails("@pipeline().parameters.a.x"), fails("@pipeline().parameters.a[0]"), fails("@pipeline().parameters.a?.x"),
    fails("@pipeline().parameters.obj?.missing.y"), fails("@pipeline().parameters.obj.arr?[5].x"),
    fails("@pipeline().parameters.obj.arr[true]"), fails("@pipeline().parameters.obj.arr[null]"),
    fails("@pipeline().parameters.obj[null]"), fails("@pipeline().parameters.obj[1]"),
    fails("@pipeline().parameters.obj.arr[9223372036854775807]"), fails("@pipeline().parameters.1a"),
    fails("@pipeline().parameters.a-b"), fails("@json('{\"1\":1}').1"), fails("@toUpper('a').length"),
    fails("@createArray(1,2)[-1]"), fails("@createArray(1,2).length"), fails("@add(1,2)[0]"),
    fails("@pipeline().parameters.obj.arr[?0]"), fails("@pipeline().parameters.obj.arr?.[0]"),
    fails("@pipeline().globalParameters.missing"),
    # System variables
    "@pipeline().RunId", "@pipeline().runid", "@pipeline().Pipeline", "@pipeline().TriggerTime", "@pipeline().DataFactory",
    "@pipeline().TriggerType", "@pipeline().TriggerId", "@pipeline().TriggerName", "@pipeline().GroupId",
    "@pipeline()?.TriggeredByPipelineName", "@pipeline()?.TriggeredByPipelineRunId",
    "@concat(pipeline().DataFactory, '/', pipeline().Pipeline)",
    fails("@pipeline().TriggeredByPipelineName"), fails("@pipeline().NoSuchThing"),
    # Variables
    "@variables('v')", "@variables('V')", "@variables('list')[1]", "@variables('counter')",
    "@variables(concat('l', 'ist'))", "@length(variables('list'))", "@add(variables('counter'), 1)",
    fails("@variables('nope')"), fails("@variables('a b')"), fails("@variables(1)"), fails("@variables()"),
    # Activities
    "@activity('A1').output.rows[0].id", "@activity('a1').output.rows[0].id", "@activity('A1').Status",
    "@activity('A1').status", "@activity('A1').error", "@activity('A1').output.count", "@activity('A1')",
    "@activity('A1')?.output?.missing?.x", "@activity('A1').output.firstRow.name", "@activity('Fail1').error.errorCode",
    "@activity('Fail1').Error.message", "@activity('Fail1')?.Error?.message", "@activity('Fail1').status",
    "@equals(activity('A1').status, 'Succeeded')", "@activity('A1').output?.missing",
    "@activity(concat('A', '1')).output.count",
    fails("@activity('B')"), fails("@activity('A1').output.missing"), fails("@activity('B').output"),
    fails("@activity(null)"),
    # ForEach item
    "@item()", "@item().name", "@item().NAME", "@item()?.missing", "@add(item().size, 1)",
    fails("@item().missing"), fails("@item(1)"),
    # Spaces beyond ASCII between tokens, as .NET's char.IsWhiteSpace has them (a no-break space
    # pasted from a document, found in a real factory); a zero-width space is not one
    "@concat('a',\u00a0'b'\u00a0)", "@\u00a0concat('a', 'b')", "@concat(\u2003'a'\u3000,\u0085'b')",
    "@concat(\u2028'a',\u202f'b')", "@add(1,\u1680\u205f2)", fails("@concat(\u200b'a')"),
]
