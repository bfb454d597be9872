/// A .NET date and time format string, parsed once: a standard format (`o`, `D`, `yyyy-MM-dd`'s
/// single-letter cousins) expanded to its en-US pattern, or a custom pattern of fields and literal
/// text. Formats written as constants in an expression are parsed at compile time.
struct DateTimeFormat: Sendable {
    enum Element: Sendable {
        /// Literal text (short literals live inside the `String`, so parsing allocates nothing for them).
        case literal(String)
        case day(Int)  // d, dd, ddd, dddd
        case month(Int)  // M, MM, MMM, MMMM
        case year(Int)  // y, yy, yyy…
        case hour12(Int)  // h, hh
        case hour24(Int)  // H, HH
        case minute(Int)
        case second(Int)
        case fraction(Int)  // f…fffffff
        case trimmedFraction(Int)  // F…FFFFFFF
        case designator(Int)  // t, tt
        case era
        case offset(Int)  // z, zz, zzz
        case kind  // K
    }

    let elements: [Element]
    /// Standard formats `r`, `R`, `u` and `U` print the time converted to UTC.
    var convertsToUniversal = false
    /// The most UTF-8 bytes a timestamp can take in this format.
    let maximumLength: Int

    init(elements: [Element], convertsToUniversal: Bool = false) {
        self.elements = elements
        self.convertsToUniversal = convertsToUniversal
        maximumLength = Self.maximumLength(of: elements)
    }

    /// Why a format string cannot be used.
    struct Invalid: Error {
        var format: String
    }

    static let roundTrip = DateTimeFormat(
        elements: [
            .year(4), .literal("-"), .month(2), .literal("-"), .day(2), .literal("T"), .hour24(2), .literal(":"),
            .minute(2), .literal(":"), .second(2), .literal("."), .fraction(7), .kind,
        ])

    /// Parses `format`: one character is a standard format, anything longer a custom pattern; the
    /// empty format is the general `G`.
    static func parse(_ format: String) throws(Invalid) -> DateTimeFormat {
        if let known = common[format] { return known }
        return try parseUncached(format)
    }

    /// Formats used so often that parsing them again for every compiled expression would show.
    private static let common: [String: DateTimeFormat] = {
        var table: [String: DateTimeFormat] = [:]
        let formats = [
            "o", "O", "s", "u", "d", "D", "g", "G", "t", "T", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss",
            "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ", "yyyyMMdd", "yyyyMMddHHmmss",
            "yyyy/MM/dd", "MM/dd/yyyy", "dd/MM/yyyy", "HH:mm:ss", "HH:mm", "yyyy", "MM", "dd", "HH", "yyyy-MM",
            "yyyy-dd-MM",
        ]
        for format in formats { table[format] = try? parseUncached(format) }
        return table
    }()

    private static func parseUncached(_ format: String) throws(Invalid) -> DateTimeFormat {
        let scalars = Array(format.unicodeScalars)
        if scalars.isEmpty { return try parseUncached("G") }
        if scalars.count == 1 {
            guard let standard = standardPatterns[Character(scalars[0])] else { throw Invalid(format: format) }
            if standard.pattern == "o" { return roundTrip }
            var result = try custom(standard.pattern, original: format)
            result.convertsToUniversal = standard.universal
            return result
        }
        return try custom(format, original: format)
    }

    /// en-US patterns of the standard formats (the `t` family with a plain space before AM/PM, as
    /// Windows writes it).
    private static let standardPatterns: [Character: (pattern: String, universal: Bool)] = [
        "d": ("M/d/yyyy", false),
        "D": ("dddd, MMMM d, yyyy", false),
        "f": ("dddd, MMMM d, yyyy h:mm tt", false),
        "F": ("dddd, MMMM d, yyyy h:mm:ss tt", false),
        "g": ("M/d/yyyy h:mm tt", false),
        "G": ("M/d/yyyy h:mm:ss tt", false),
        "m": ("MMMM d", false), "M": ("MMMM d", false),
        "o": ("o", false), "O": ("o", false),
        "r": ("ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", true), "R": ("ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", true),
        "s": ("yyyy'-'MM'-'dd'T'HH':'mm':'ss", false),
        "t": ("h:mm tt", false),
        "T": ("h:mm:ss tt", false),
        "u": ("yyyy'-'MM'-'dd HH':'mm':'ss'Z'", true),
        "U": ("dddd, MMMM d, yyyy h:mm:ss tt", true),
        "y": ("MMMM yyyy", false), "Y": ("MMMM yyyy", false),
    ]

    private static func custom(_ pattern: String, original: String) throws(Invalid) -> DateTimeFormat {
        let characters = Array(pattern.unicodeScalars)
        var elements: [Element] = []
        elements.reserveCapacity(characters.count)
        var index = 0
        func run(of character: Unicode.Scalar) -> Int {
            var count = 1
            while index + count < characters.count, characters[index + count] == character { count += 1 }
            return count
        }
        func appendLiteral(_ text: String) {
            if case .literal(let previous)? = elements.last {
                elements[elements.count - 1] = .literal(previous + text)
            } else {
                elements.append(.literal(text))
            }
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "d", "M", "y", "h", "H", "m", "s", "f", "F", "t", "z", "g":
                let count = run(of: character)
                switch character {
                case "d": elements.append(.day(min(count, 4)))
                case "M": elements.append(.month(min(count, 4)))
                case "y": elements.append(.year(count))
                case "h": elements.append(.hour12(min(count, 2)))
                case "H": elements.append(.hour24(min(count, 2)))
                case "m": elements.append(.minute(min(count, 2)))
                case "s": elements.append(.second(min(count, 2)))
                case "f":
                    guard count <= 7 else { throw Invalid(format: original) }
                    elements.append(.fraction(count))
                case "F":
                    guard count <= 7 else { throw Invalid(format: original) }
                    elements.append(.trimmedFraction(count))
                case "t": elements.append(.designator(min(count, 2)))
                case "z": elements.append(.offset(min(count, 3)))
                default: elements.append(.era)
                }
                index += count
            case "K":
                elements.append(.kind)
                index += 1
            case ":":
                appendLiteral(":")
                index += 1
            case "/":
                appendLiteral("/")
                index += 1
            case "'", "\"":
                var end = index + 1
                var text = ""
                while end < characters.count, characters[end] != character {
                    if characters[end] == "\\", end + 1 < characters.count {
                        end += 1
                    }
                    text.unicodeScalars.append(characters[end])
                    end += 1
                }
                guard end < characters.count else { throw Invalid(format: original) }
                appendLiteral(text)
                index = end + 1
            case "%":
                // "%d" is the single custom specifier d; "%" must be followed by one.
                guard index + 1 < characters.count, characters[index + 1] != "%" else {
                    throw Invalid(format: original)
                }
                let inner = try custom(String(characters[index + 1]), original: original)
                elements.append(contentsOf: inner.elements)
                index += 2
            case "\\":
                guard index + 1 < characters.count else { throw Invalid(format: original) }
                appendLiteral(String(characters[index + 1]))
                index += 2
            default:
                appendLiteral(String(character))
                index += 1
            }
        }
        return DateTimeFormat(elements: elements)
    }

    private static func maximumLength(of elements: [Element]) -> Int {
        var total = 0
        for element in elements {
            switch element {
            case .literal(let text): total += text.utf8.count
            case .day(let count), .month(let count): total += count >= 3 ? 9 : 2
            case .year(let count): total += max(count, 5)
            case .fraction(let count), .trimmedFraction(let count): total += count
            case .era: total += 4
            case .offset: total += 6
            case .kind: total += 6
            default: total += 2
            }
        }
        return total
    }
}
