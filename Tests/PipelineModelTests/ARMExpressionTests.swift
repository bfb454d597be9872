import PipehostJSON
import TestSizeTags
import Testing

@testable import PipelineModel

/// The ARM template expression evaluator: one case per function, per error and per rule.
@Suite("ARM template expressions", .tags(.small))
struct ARMExpressionTests {
    static let template: JSONValue = [
        "parameters": [
            "factoryName": ["type": "string"],
            "environment": ["type": "string", "defaultValue": "test"],
            "count": ["type": "int", "defaultValue": 3],
            "settings": ["type": "object", "defaultValue": ["region": "westeurope", "zones": [1, 2]]],
            "derived": ["type": "string", "defaultValue": "[concat(parameters('environment'), '-x')]"],
        ],
        "variables": [
            "prefix": "[toUpper(parameters('environment'))]",
            "name": "[concat(variables('prefix'), '-', parameters('count'))]",
            "loopA": "[variables('loopB')]",
            "loopB": "[variables('loopA')]",
            "list": ["a", "[variables('prefix')]"],
        ],
    ]

    func evaluate(_ text: String, supplied: ARMTemplateParameterValues = ARMTemplateParameterValues()) throws -> JSONValue {
        try ARMTemplateContext(template: Self.template, supplied: supplied).evaluate(.string(text))
    }

    func failure(_ text: String) -> ARMExpressionError? {
        do {
            _ = try evaluate(text)
            return nil
        } catch let error as ARMExpressionError {
            return error
        } catch {
            return nil
        }
    }

    @Test("functions, as ARM computes them", arguments: [
        ("[concat('a', 'b', 1, true())]", "ab1True" as JSONValue),
        ("[concat(createArray(1), createArray(2, 3))]", [1, 2, 3]),
        ("[format('{0}-{1:D3}-{{x}}-{2,4}|', 'a', 7, 'b')]", "a-007-{x}-   b|"),
        ("[format('{0:N0}', 1234567)]", "1,234,567"),
        ("[string(parameters('settings'))]", #"{"region":"westeurope","zones":[1,2]}"#),
        ("[string(false())]", "False"),
        ("[json('{\"a\": [1]}').a[0]]", 1),
        ("[if(equals(parameters('environment'), 'test'), 'yes', 'no')]", "yes"),
        ("[not(and(true(), or(false(), true())))]", false),
        ("[empty('')]", true), ("[empty(createObject())]", true), ("[empty(createArray(1))]", false),
        ("[toLower('ABC')]", "abc"), ("[toUpper('abc')]", "ABC"), ("[trim('  a b  ')]", "a b"),
        ("[replace('a-b-c', '-', '/')]", "a/b/c"),
        ("[substring('factory', 1, 3)]", "act"), ("[substring('factory', 4)]", "ory"),
        ("[length('abc')]", 3), ("[length(createArray(1, 2))]", 2), ("[length(parameters('settings'))]", 2),
        ("[split('a,b;c', createArray(',', ';'))]", ["a", "b", "c"]), ("[split('a//b', '/')]", ["a", "", "b"]),
        ("[first('abc')]", "a"), ("[last(createArray(1, 2))]", 2), ("[first(createArray())]", nil),
        ("[contains('abc', 'b')]", true), ("[contains(createArray(1, 2), 3)]", false), ("[contains(parameters('settings'), 'REGION')]", true),
        ("[startsWith('Factory', 'fac')]", true), ("[endsWith('Factory', 'RY')]", true),
        ("[int('42')]", 42), ("[bool('True')]", true), ("[bool(0)]", false),
        ("[coalesce(null(), null(), 'x')]", "x"),
        ("[union(createObject('a', 1), createObject('b', 2, 'a', 3))]", ["a": 3, "b": 2]),
        ("[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]),
        ("[createObject('k', createArray('v'))]", ["k": ["v"]]),
        ("[base64('one, two, three')]", "b25lLCB0d28sIHRocmVl"),
        ("[base64ToString('b25l')]", "one"),
        ("[add(2, mul(3, 4))]", 14), ("[indexOf('abcabc', 'C')]", 2), ("[lastIndexOf('abcabc', 'c')]", 5),
        ("[padLeft('7', 3, '0')]", "007"), ("[take('abcdef', 2)]", "ab"), ("[skip(createArray(1, 2, 3), 2)]", [3]),
        ("[join(createArray('a', 'b'), '+')]", "a+b"), ("[greater(2, 1)]", true), ("[max(1, 5, 3)]", 5),
        ("[parameters('settings').zones[1]]", 2), ("[parameters('settings')['region']]", "westeurope"),
        ("[resourceGroup().location]", "local"),
        ("[subscription().subscriptionId]", "00000000-0000-0000-0000-000000000000"),
        ("[resourceId('Microsoft.DataFactory/factories/pipelines', 'adf', 'load')]",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/pipehost-local/providers/Microsoft.DataFactory/factories/adf/pipelines/load"),
        ("[resourceId('rg2', 'Microsoft.Storage/storageAccounts', 'st')]",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/Microsoft.Storage/storageAccounts/st"),
        ("[resourceId('sub', 'rg2', 'Microsoft.Storage/storageAccounts', 'st')]",
            "/subscriptions/sub/resourceGroups/rg2/providers/Microsoft.Storage/storageAccounts/st"),
        ("[uniqueString('test')]", "rbgf3xv4ufgzg"), ("[uniqueString('hello', 'world')]", "a7wkljktk6wne"),
        ("[uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg')]", "bmg7c6xu4tw46"),
        ("[guid('a', 'b', 'c')]", "a98fa280-e03f-5afa-8d8e-92d0a9c201e8"),
        ("[guid('contoso-adf')]", "6a7bbcea-832d-5421-a397-6e5ede675685"),
        ("[  concat ( 'it''s' , ' ok' ) ]", "it's ok"), ("[[not an expression]", "[not an expression]"),
        ("plain text", "plain text"), ("[-5]", -5),
    ] as [(String, JSONValue)])
    func functions(text: String, expected: JSONValue) throws {
        #expect(try evaluate(text) == expected)
    }

    @Test("parameters and variables: defaults, supplied values, variables built from parameters and variables")
    func references() throws {
        #expect(try evaluate("[variables('name')]") == "TEST-3")
        #expect(try evaluate("[variables('list')]") == ["a", "TEST"])
        #expect(try evaluate("[parameters('derived')]") == "test-x")
        let supplied = try ARMTemplateParameterValues.bind(
            [.init(name: "ENVIRONMENT", content: .text("prod"), option: "--template-parameter"),
             .init(name: "count", content: .text("12"), option: "--template-parameter")],
            to: Self.template["parameters"]?.objectValue ?? [:])
        #expect(try evaluate("[variables('name')]", supplied: supplied) == "PROD-12")
    }

    @Test("if evaluates only the branch it takes")
    func lazyIf() throws {
        #expect(try evaluate("[if(true(), 'ok', parameters('factoryName'))]") == "ok")
        #expect(try evaluate("[if(false(), variables('loopA'), 1)]") == 1)
    }

    @Test("errors name what is wrong", arguments: [
        ("[parameters('factoryName')]", ARMExpressionError.parameterWithoutValue(name: "factoryName")),
        ("[parameters('nope')]", .unknownParameter(name: "nope", declared: ["factoryName", "environment", "count", "settings", "derived"])),
        ("[variables('nope')]", .unknownVariable(name: "nope", declared: ["prefix", "name", "loopA", "loopB", "list"])),
        ("[variables('loopA')]", .circularReference(chain: ["variables('loopA')", "variables('loopB')", "variables('loopA')"])),
        ("[frobnicate(1)]", .unknownFunction(name: "frobnicate")),
        ("[reference('x')]", .needsDeployment(function: "reference")),
        ("[listKeys('x', '2020-01-01')]", .needsDeployment(function: "listKeys")),
        ("[toLower()]", .argumentCount(function: "toLower", expected: "1 argument", found: 0)),
        ("[toLower(1)]", .argumentType(function: "toLower", position: 1, expected: "a string", found: "an int")),
        ("[substring('abc', 2, 5)]", .invalidArgument(function: "substring", reason: "the length 5 from index 2 goes past the end of the string of length 3")),
        ("[createArray(1)[3]]", .indexOutOfRange(index: 3, count: 1)),
        ("[parameters('settings').missing]", .noSuchProperty(name: "missing", available: ["region", "zones"])),
        ("['text'.length]", .notIndexable(typeName: "String")),
        ("[div(1, 0)]", .invalidArgument(function: "div", reason: "the result is outside the 64-bit integer range or divides by zero")),
        ("[int('x')]", .invalidArgument(function: "int", reason: "'x' is not an integer")),
        ("[resourceId('Microsoft.DataFactory/factories/pipelines', 'adf')]",
            .invalidArgument(function: "resourceId", reason: "the resource type 'Microsoft.DataFactory/factories/pipelines' needs 2 names after it, but 1 was given")),
        ("[format('{1}', 'a')]", .invalidArgument(function: "format", reason: "'{1}' refers to argument 1, but only 1 follow the format string")),
        ("[concat('a']", .syntax(expression: "concat('a'", offset: 10, expected: "',' or ')' in the arguments of concat(), found the end")),
        ("['open]", .syntax(expression: "'open", offset: 0, expected: "a closing quote for the string starting here, found '''")),
        ("[concat('a') extra]", .syntax(expression: "concat('a') extra", offset: 12, expected: "the end of the expression, found 'e'")),
    ] as [(String, ARMExpressionError)])
    func errors(text: String, expected: ARMExpressionError) {
        #expect(failure(text) == expected)
    }

    @Test("messages say how to supply a missing parameter")
    func missingParameterMessage() {
        let message = ARMExpressionError.parameterWithoutValue(name: "factoryName").description
        #expect(message.contains("--template-parameter factoryName=VALUE"))
        #expect(message.contains("--template-parameters FILE"))
        #expect(ARMExpressionError.keyVaultParameter(name: "secret").description.contains("Key Vault"))
    }

    @Test("every error's message says what is wrong and where to look", arguments: [
        (ARMExpressionError.syntax(expression: "concat(", offset: 7, expected: "')'"), "the expression [concat(] is malformed at character 8: expected ')'"),
        (.nestedTooDeep(limit: 256), "nests deeper than 256 levels"),
        (.unknownFunction(name: "frob"), "'frob' is not an ARM template function pipehost evaluates (docs/factory-sources.md lists them)"),
        (.needsDeployment(function: "reference"), "reference() reads a deployment or a deployed resource in Azure"),
        (.argumentCount(function: "toLower", expected: "1 argument", found: 2), "toLower() takes 1 argument, but was given 2"),
        (.argumentType(function: "toLower", position: 1, expected: "a string", found: "an int"), "argument 1 of toLower() must be a string, but is an int"),
        (.invalidArgument(function: "int", reason: "'x' is not an integer"), "int(): 'x' is not an integer"),
        (.unknownParameter(name: "x", declared: []), "the template declares no parameter 'x' (it declares none)"),
        (.unknownVariable(name: "x", declared: ["a", "b"]), "the template declares no variable 'x' (it declares a, b)"),
        (.circularReference(chain: ["variables('a')", "variables('a')"]), "refer to each other in a circle: variables('a') → variables('a')"),
        (.noSuchProperty(name: "x", available: ["y"]), "the object has no property 'x' (it has y)"),
        (.indexOutOfRange(index: 5, count: 2), "index 5 is outside the array of 2 elements"),
        (.notIndexable(typeName: "String"), "a string has no properties or elements to access"),
    ] as [(ARMExpressionError, String)])
    func messages(error: ARMExpressionError, message: String) {
        #expect(error.description.contains(message), "\(error.description)")
    }

    @Test("nesting deeper than the limit is refused, not a crash")
    func depthLimit() {
        let deep = "[" + String(repeating: "concat(", count: 10_000) + "'x'" + String(repeating: ")", count: 10_000) + "]"
        #expect(failure(deep) == .nestedTooDeep(limit: ARMExpressionParser.maximumDepth))
        let accesses = "[createObject()" + String(repeating: ".a", count: 10_000) + "]"
        #expect(failure(accesses) == .nestedTooDeep(limit: ARMExpressionParser.maximumDepth))
        let fine = "[" + String(repeating: "concat(", count: 200) + "'x'" + String(repeating: ")", count: 200) + "]"
        #expect(failure(fine) == nil)
    }

    @Test("a long chain of variables is refused by the evaluation depth limit, not a crash")
    func variableChain() throws {
        var variables = JSONObject()
        for index in 0..<5_000 { variables["v\(index)"] = .string("[variables('v\(index + 1)')]") }
        variables["v5000"] = "end"
        let context = ARMTemplateContext(template: ["variables": .object(variables)])
        #expect(throws: ARMExpressionError.nestedTooDeep(limit: ARMTemplateContext.maximumDepth)) {
            try context.evaluate(.string("[variables('v0')]"))
        }
        #expect(try context.evaluate(.string("[variables('v4990')]")) == "end")
    }
}
