/// String operations with .NET's semantics: positions and lengths count UTF-16 code units, case
/// conversion is the invariant culture's simple (one-to-one) mapping, and "ignore case" is
/// `OrdinalIgnoreCase`: compare code units after mapping each to upper case.
enum UTF16Text {
    static func length(_ text: String) -> Int { text.utf16.count }

    /// `text[start..<start+count]` in UTF-16 units; a split surrogate pair becomes U+FFFD.
    static func slice(_ text: String, from start: Int, count: Int) -> String {
        let units = text.utf16
        guard let from = units.index(units.startIndex, offsetBy: start, limitedBy: units.endIndex),
            let to = units.index(from, offsetBy: count, limitedBy: units.endIndex)
        else { return "" }
        if text.utf8.count == units.count {
            // ASCII: UTF-16 positions are character positions; slice without copying through UTF-16.
            return String(text[from..<to])
        }
        return String(decoding: Array(units[from..<to]), as: UTF16.self)
    }

    /// Upper-case units for case-insensitive comparison.
    static func foldedUnits(_ text: String) -> [UInt16] {
        var result: [UInt16] = []
        result.reserveCapacity(text.utf16.count)
        for scalar in text.unicodeScalars {
            let upper = simpleUppercase(scalar)
            result.append(contentsOf: String(upper).utf16)
        }
        return result
    }

    /// The first UTF-16 index where `needle` occurs in `haystack`, ignoring case; 0 for an empty needle.
    static func indexIgnoringCase(of needle: String, in haystack: String) -> Int {
        if needle.isEmpty { return 0 }
        let hay = foldedUnits(haystack)
        let pin = foldedUnits(needle)
        guard pin.count <= hay.count else { return -1 }
        outer: for start in 0...(hay.count - pin.count) {
            for offset in 0..<pin.count where hay[start + offset] != pin[offset] { continue outer }
            return start
        }
        return -1
    }

    /// The last UTF-16 index where `needle` occurs, ignoring case; the length for an empty needle
    /// (as .NET 5 and later answer).
    static func lastIndexIgnoringCase(of needle: String, in haystack: String) -> Int {
        if needle.isEmpty { return haystack.utf16.count }
        let hay = foldedUnits(haystack)
        let pin = foldedUnits(needle)
        guard pin.count <= hay.count else { return -1 }
        outer: for start in stride(from: hay.count - pin.count, through: 0, by: -1) {
            for offset in 0..<pin.count where hay[start + offset] != pin[offset] { continue outer }
            return start
        }
        return -1
    }

    static func hasPrefixIgnoringCase(_ text: String, _ prefix: String) -> Bool {
        let units = foldedUnits(text)
        let start = foldedUnits(prefix)
        return start.count <= units.count && units[0..<start.count].elementsEqual(start)
    }

    static func hasSuffixIgnoringCase(_ text: String, _ suffix: String) -> Bool {
        let units = foldedUnits(text)
        let end = foldedUnits(suffix)
        return end.count <= units.count && units[(units.count - end.count)...].elementsEqual(end)
    }

    /// `ToUpperInvariant`.
    static func uppercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.uppercased() }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(simpleUppercase(scalar)) }
        return String(result)
    }

    /// `ToLowerInvariant`.
    static func lowercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(simpleLowercase(scalar)) }
        return String(result)
    }

    /// The one-to-one upper-case mapping; characters whose upper case is several characters
    /// (`ß`) stay as they are, and the Turkish dotted/dotless i keep their identity, as in .NET.
    static func simpleUppercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            return scalar.value >= 0x61 && scalar.value <= 0x7A ? Unicode.Scalar(scalar.value - 0x20) ?? scalar : scalar
        }
        if scalar.value == 0x130 || scalar.value == 0x131 { return scalar }
        return single(scalar.properties.uppercaseMapping) ?? scalar
    }

    static func simpleLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar
        }
        if scalar.value == 0x130 || scalar.value == 0x131 { return scalar }
        return single(scalar.properties.lowercaseMapping) ?? scalar
    }

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        var scalars = mapping.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }

    /// `String.Trim()`: removes leading and trailing Unicode white space.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        guard let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Ordinal (case-sensitive) replacement of every occurrence of a non-empty `target`.
    static func replacingOccurrences(of target: String, with replacement: String, in text: String) -> String {
        let hay = Array(text.utf8)
        let pin = Array(target.utf8)
        guard !pin.isEmpty, pin.count <= hay.count else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(hay.count)
        var index = 0
        var replaced = false
        while index < hay.count {
            if index + pin.count <= hay.count, hay[index] == pin[0], hay[index..<(index + pin.count)].elementsEqual(pin)
            {
                output.append(contentsOf: replacement.utf8)
                index += pin.count
                replaced = true
            } else {
                output.append(hay[index])
                index += 1
            }
        }
        return replaced ? String(decoding: output, as: UTF8.self) : text
    }

    /// Ordinal split on a non-empty separator; an empty separator gives the whole text.
    static func split(_ text: String, separator: String) -> [String] {
        let hay = Array(text.utf8)
        let pin = Array(separator.utf8)
        guard !pin.isEmpty else { return [text] }
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + pin.count <= hay.count {
            if hay[index] == pin[0], hay[index..<(index + pin.count)].elementsEqual(pin) {
                parts.append(String(decoding: hay[start..<index], as: UTF8.self))
                index += pin.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: hay[start...], as: UTF8.self))
        return parts
    }

    /// Ordinal (case-sensitive) containment.
    static func contains(_ text: String, _ part: String) -> Bool {
        if part.isEmpty { return true }
        let hay = Array(text.utf8)
        let pin = Array(part.utf8)
        guard pin.count <= hay.count else { return false }
        for start in 0...(hay.count - pin.count) where hay[start] == pin[0] {
            if hay[start..<(start + pin.count)].elementsEqual(pin) { return true }
        }
        return false
    }
}
