import PluginKit

/// The top-level values of a JSON file, one at a time: objects one per line or one after another
/// (`setOfObjects`), or the elements of one array (`arrayOfObjects`); which one is seen from the
/// first character. Each value is parsed alone, so memory holds one object, not the file.
final class JsonObjectReader: @unchecked Sendable {
    // Used by one reader at a time.
    /// The largest single object accepted.
    static let maximumObjectBytes = 64 * 1024 * 1024

    let source: TextSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var inArray: Bool?
    private var arrayClosed = false
    private(set) var count: Int64 = 0

    init(source: TextSource) { self.source = source }

    private func ensure(_ count: Int) async throws(ActivityFailure) -> Bool {
        while buffer.count - position < count {
            if atEnd { return false }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            guard let chunk = try await source.next() else {
                atEnd = true
                return buffer.count - position >= count
            }
            buffer += chunk
        }
        return true
    }

    private func skipSpace() async throws(ActivityFailure) -> UInt8? {
        while try await ensure(1) {
            let byte = buffer[position]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 } else { return byte }
        }
        return nil
    }

    private func fail(_ reason: String) -> ActivityFailure {
        DataFailure.malformedJson(file: source.file, reason: reason).failure
    }

    /// The next top-level value; nil at the end.
    func next() async throws(ActivityFailure) -> JSONValue? {
        guard var first = try await skipSpace() else {
            if inArray == true, !arrayClosed { throw fail("the array is not closed") }
            return nil
        }
        if inArray == nil {
            inArray = first == UInt8(ascii: "[")
            if inArray == true {
                position += 1
                guard let next = try await skipSpace() else { throw fail("the array is not closed") }
                first = next
            }
        }
        if inArray == true {
            if arrayClosed { throw fail("unexpected text after the closing ']'") }
            if first == UInt8(ascii: "]") {
                position += 1
                arrayClosed = true
                if try await skipSpace() != nil { throw fail("unexpected text after the closing ']'") }
                return nil
            }
            if count > 0 {
                guard first == UInt8(ascii: ",") else { throw fail("expected ',' or ']' after element \(count)") }
                position += 1
                guard let next = try await skipSpace() else { throw fail("the array is not closed") }
                first = next
            }
        }
        let bytes = try await valueBytes(startingWith: first)
        count += 1
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw fail("value \(count): \(error)")
        }
    }

    /// The bytes of one value: to its matching bracket for objects and arrays, to the next
    /// delimiter otherwise.
    private func valueBytes(startingWith first: UInt8) async throws(ActivityFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        let isContainer = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        while try await ensure(1) {
            let byte = buffer[position]
            if !isContainer, !inString, depth == 0, !bytes.isEmpty,
                byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == 0x0A || byte == 0x0D || byte == 0x20
            {
                return bytes
            }
            position += 1
            bytes.append(byte)
            if bytes.count > Self.maximumObjectBytes { throw fail("value \(count + 1) is larger than 64 MB") }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 && isContainer { return bytes }
            default: break
            }
        }
        if isContainer || inString { throw fail("the file ends inside value \(count + 1)") }
        return bytes
    }
}
