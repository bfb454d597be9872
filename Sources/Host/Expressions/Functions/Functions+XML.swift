import PipehostJSON

/// xml and xpath. XML values are binary values with the content type
/// `application/xml;charset=utf-8`; `xpath()` returns nodes as XML values (elements), strings
/// (text, and attributes written `name="value"`), numbers, booleans or arrays of these.
enum XMLFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("xml", arguments: 1...1, xml),
        FunctionDefinition("xpath", arguments: 2...2, xpath),
    ]

    private static func xml(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        let value = arguments[0]
        switch value {
        case .string, .object: break
        default: throw call.typeError(0, expected: "a string or an object", value: value, count: 1)
        }
        do throws(XMLError) {
            if case .object(let object) = value {
                if let binary = try? BinaryContent.read(value) {
                    return xmlValue(XMLWriter.compact(try XMLParser.parse(binary.text)))
                }
                return xmlValue(XMLWriter.compact(try XMLJSONConversion.document(from: object)))
            }
            return xmlValue(XMLWriter.compact(try XMLParser.parse(value.stringValue ?? "")))
        } catch {
            throw call.failure("the function 'xml' cannot make XML of its argument: \(error.description)")
        }
    }

    static func xmlValue(_ text: String) -> JSONValue {
        .binary(Array(text.utf8), type: BinaryContent.xmlContentType)
    }

    private static func xpath(
        _ arguments: Arguments, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> JSONValue {
        guard case .object = arguments[0], let binary = try? BinaryContent.read(arguments[0]) else {
            throw call.typeError(0, expected: "an XML value (made with xml())", value: arguments[0])
        }
        let path = try call.string(arguments, 1)
        let document: XMLDocument
        do throws(XMLError) {
            document = try XMLParser.parse(binary.text)
        } catch {
            throw call.failure("the function 'xpath' cannot read its XML: \(error.description)")
        }
        let result: XPathEvaluator.Value
        do throws(XPathError) {
            result = try XPathEvaluator.evaluate(path, on: document)
        } catch {
            throw call.failure("the function 'xpath' cannot evaluate '\(path)': \(error.message)")
        }
        switch result {
        case .number(let number): return .double(number)
        case .string(let text): return .string(text)
        case .boolean(let flag): return .bool(flag)
        case .nodes(let nodes):
            var values: [JSONValue] = []
            for node in nodes {
                switch document[node].kind {
                case .element, .document: values.append(xmlValue(XMLWriter.indented(node, of: document)))
                case .attribute:
                    values.append(
                        .string(document[node].name + "=\"" + XMLWriter.escapeAttribute(document[node].value) + "\""))
                case .text, .cdata: values.append(.string(document[node].value))
                case .comment, .processingInstruction, .documentType:
                    let kind = document[node].kind == .comment ? "comment" : "processing instruction"
                    throw call.failure(
                        "the function 'xpath' cannot return \(kind) nodes; select elements, attributes or text")
                }
            }
            // A node set is an array however many nodes match, one included: ADF's engine does so (the
            // documentation's "an XML node when only a single node matches" is not what it does).
            return .array(values)
        }
    }
}
