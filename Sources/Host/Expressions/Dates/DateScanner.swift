/// A cursor over the UTF-8 bytes of a timestamp.
struct DateScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    var atEnd: Bool { index >= bytes.count }

    /// Skips spaces and tabs; returns whether any were skipped.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = index
        while let byte = current, byte == 0x20 || byte == 0x09 { index += 1 }
        return index > start
    }

    mutating func take(oneOf characters: String) -> UInt8? {
        guard let byte = current, characters.utf8.contains(byte) else { return nil }
        index += 1
        return byte
    }

    mutating func digits(exactly count: Int) -> Int? {
        digits(count...count)
    }

    /// Reads a run of digits whose length is in `lengths` (and no longer).
    mutating func digits(_ lengths: ClosedRange<Int>) -> Int? {
        var end = index
        while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
        guard lengths.contains(end - index) else { return nil }
        var value = 0
        for position in index..<end { value = value * 10 + Int(bytes[position] - 0x30) }
        index = end
        return value
    }

    func peekWord() -> String? {
        var end = index
        while end < bytes.count, isLetter(bytes[end]) { end += 1 }
        return end > index ? String(decoding: bytes[index..<end], as: UTF8.self) : nil
    }

    mutating func word() -> String? {
        guard let text = peekWord() else { return nil }
        index += text.utf8.count
        return text
    }

    /// Whether a time (`digits:`) starts here.
    func peekTimeStart() -> Bool {
        var end = index
        while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
        return end > index && end < bytes.count && bytes[end] == UInt8(ascii: ":")
    }

    /// Whether, after the number just read, a month name follows (`15 March`).
    func peekSpaceThenMonth() -> Bool {
        var copy = self
        copy.skipSpaces()
        guard let word = copy.peekWord() else { return false }
        return DateNames.monthIndex(word) != nil
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
