import PluginKit
import PostgresSupport

/// Reads the members of a Copy `source`/`sink` object or a dataset's `typeProperties`, member
/// names in any case, each problem ADF's 2104/2105 with the property's path.
struct PostgresProperties {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) throws(ActivityFailure) {
        switch value {
        case .object(let object): self.object = object
        case .null: self.object = JSONObject()
        default: throw .wrongPropertyType(path, "expected an object, found \(value.typeName.lowercased())")
        }
        self.path = path
    }

    func text(_ key: String) throws(ActivityFailure) -> String? {
        switch object[caseInsensitive: key] {
        case nil, .null: return nil
        case .string(let value): return value
        case .some(let other):
            throw .wrongPropertyType("\(path).\(key)", "expected a string, found \(other.typeName.lowercased())")
        }
    }

    /// A whole number in `range`; ADF writes these as numbers or as numeric strings.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(ActivityFailure) -> Int? {
        let value = object[caseInsensitive: key]
        let number: Int64?
        switch value {
        case nil, .null: return nil
        case .integer(let integer): number = integer
        case .string(let text): number = Int64(text.trimmingASCIISpaces())
        case .double(let double): number = double.rounded() == double ? Int64(exactly: double) : nil
        default: number = nil
        }
        guard let number, let result = Int(exactly: number), range.contains(result) else {
            throw .invalidProperty(
                "\(path).\(key)",
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value ?? .null)")
        }
        return result
    }

    /// A `[d.]hh:mm:ss` timespan in seconds.
    func timeSpan(_ key: String) throws(ActivityFailure) -> Int? {
        guard let text = try text(key) else { return nil }
        guard let seconds = TimeSpanText.seconds(text) else {
            throw .invalidProperty(
                "\(path).\(key)", "expected a timespan such as 02:00:00 or 1.00:00:00, found '\(text)'")
        }
        return seconds
    }

    /// An array of strings (`upsertSettings.keys`).
    func strings(_ key: String) throws(ActivityFailure) -> [String]? {
        switch object[caseInsensitive: key] {
        case nil, .null: return nil
        case .array(let items):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item, !text.isEmpty else {
                    throw .wrongPropertyType("\(path).\(key)[\(index)]", "expected a column name as a string")
                }
                strings.append(text)
            }
            return strings
        case .string(let text):
            return text.split(separator: ",").map { String($0).trimmingASCIISpaces() }.filter { !$0.isEmpty }
        case .some(let other):
            throw .wrongPropertyType(
                "\(path).\(key)", "expected an array of column names, found \(other.typeName.lowercased())")
        }
    }

    func nested(_ key: String) throws(ActivityFailure) -> PostgresProperties? {
        guard let value = object[caseInsensitive: key], !value.isNull else { return nil }
        return try PostgresProperties(value, path: "\(path).\(key)")
    }
}
