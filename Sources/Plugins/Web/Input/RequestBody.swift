import PluginKit

/// The `body` of a request: a string is sent as it is (UTF-8), any other JSON value serialised.
enum RequestBody {
    static func bytes(_ value: JSONValue?) -> [UInt8]? {
        switch value {
        case nil, .null?: nil
        case .string(let text)?: Array(text.utf8)
        case let other?: JSONSerializer.bytes(other)
        }
    }
}
