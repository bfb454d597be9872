import Foundation
import PipehostJSON

extension ARMFunctions {
    /// Encodings and deterministic hashes.
    static let encodings: [ARMFunction] = [
        ARMFunction("base64", 1...1) { call throws(ARMExpressionError) in
            .string(Data(try call.string(0).utf8).base64EncodedString())
        },
        ARMFunction("base64ToString", 1...1) { call throws(ARMExpressionError) in
            .string(try decodedBase64(call))
        },
        ARMFunction("base64ToJson", 1...1) { call throws(ARMExpressionError) in
            let text = try decodedBase64(call)
            do {
                return try JSONParser.parse(text, allowingComments: true)
            } catch {
                throw call.invalid("the decoded text is not JSON (\(error))")
            }
        },
        ARMFunction("uriComponent", 1...1) { call throws(ARMExpressionError) in
            let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
            return .string(try call.string(0).addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
        },
        ARMFunction("uriComponentToString", 1...1) { call throws(ARMExpressionError) in
            guard let text = try call.string(0).removingPercentEncoding else { throw call.invalid("the text is not percent-encoded UTF-8") }
            return .string(text)
        },
        ARMFunction("uniqueString", 1...many) { call throws(ARMExpressionError) in
            .string(ARMHashes.uniqueString(try call.strings().joined(separator: "-")))
        },
        ARMFunction("guid", 1...many) { call throws(ARMExpressionError) in
            .string(ARMHashes.guid(try call.strings().joined(separator: "-")))
        },
    ]

    private static func decodedBase64(_ call: ARMFunctionCall) throws(ARMExpressionError) -> String {
        guard let data = Data(base64Encoded: try call.string(0)), let text = String(data: data, encoding: .utf8) else {
            throw call.invalid("the text is not base64-encoded UTF-8")
        }
        return text
    }
}
