import NIOCore
import PostgresNIO

/// PostgreSQL's binary array format written as its text form, `{1,2,NULL}` or `{{"a b",c},{d,e}}`,
/// which is how ADF hands array columns on (as strings).
enum PostgresArrayText {
    /// The deepest array nesting read; PostgreSQL itself allows 6.
    static let maximumDimensions = 6

    static func text(_ buffer: inout ByteBuffer) throws(PostgresValueDecoding.Malformed) -> String {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            let elementOID = buffer.readInteger(as: UInt32.self), (0...maximumDimensions).contains(Int(dimensions))
        else { throw PostgresValueDecoding.Malformed(description: "an array value is malformed") }
        if dimensions == 0 { return "{}" }
        var sizes: [Int] = []
        for _ in 0..<dimensions {
            guard let size = buffer.readInteger(as: Int32.self), size >= 0, buffer.readInteger(as: Int32.self) != nil
            else { throw PostgresValueDecoding.Malformed(description: "an array value is malformed") }
            sizes.append(Int(size))
        }
        let elementType = PostgresColumnType(PostgresDataType(elementOID))
        var elements: [String] = []
        let total = sizes.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard total <= buffer.readableBytes / 4 + 1 else {
            throw PostgresValueDecoding.Malformed(description: "an array value claims more elements than it holds")
        }
        for _ in 0..<total {
            guard let length = buffer.readInteger(as: Int32.self) else {
                throw PostgresValueDecoding.Malformed(description: "an array value ends early")
            }
            if length < 0 {
                elements.append("NULL")
                continue
            }
            guard var element = buffer.readSlice(length: Int(length)) else {
                throw PostgresValueDecoding.Malformed(description: "an array value ends early")
            }
            let value = try PostgresValueDecoding.binaryValue(&element, type: elementType)
            elements.append(quoted(value.text ?? "NULL", elementType: elementType))
        }
        // Nest the flat list by the dimension sizes, innermost first, iteratively.
        var groups = elements
        for size in sizes.dropFirst().reversed() where size > 0 {
            var next: [String] = []
            var index = 0
            while index < groups.count {
                next.append("{" + groups[index..<min(index + size, groups.count)].joined(separator: ",") + "}")
                index += size
            }
            groups = next
        }
        return "{" + groups.joined(separator: ",") + "}"
    }

    /// An element as PostgreSQL's array text writes it: quoted when empty, `NULL`-like, or holding
    /// a delimiter, brace, quote, backslash or space.
    private static func quoted(_ text: String, elementType: PostgresColumnType) -> String {
        switch elementType {
        case .boolean: return text == "True" ? "t" : (text == "False" ? "f" : text)
        case .int16, .int32, .int64, .single, .double, .numeric: return text
        default: break
        }
        let special =
            text.isEmpty || text.uppercased() == "NULL"
            || text.contains { "{},\"\\ \t\n\r".contains($0) }
        guard special else { return text }
        var escaped = "\""
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "\""
    }
}
