/// The `Decoder` behind ``JSONValueDecoder``: one per value being decoded.
struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let keyMatching: JSONValueDecoder.KeyMatching
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw mismatch(expected: "an object", found: value, at: codingPath, type: [String: JSONValue].self)
        }
        return KeyedDecodingContainer(
            KeyedValueContainer<Key>(object: object, codingPath: codingPath, keyMatching: keyMatching))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch(expected: "an array", found: value, at: codingPath, type: [JSONValue].self)
        }
        return UnkeyedValueContainer(elements: elements, codingPath: codingPath, keyMatching: keyMatching)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath, keyMatching: keyMatching)
    }
}

/// Builds the error for a value of the wrong JSON type; null gets `valueNotFound`, as Foundation's
/// decoder does, so `decodeIfPresent` callers see the usual error.
func mismatch(expected: String, found: JSONValue, at path: [any CodingKey], type: Any.Type) -> DecodingError {
    let context = DecodingError.Context(
        codingPath: path, debugDescription: "expected \(expected), found \(found.briefDescription)")
    if found.isNull { return .valueNotFound(type, context) }
    return .typeMismatch(type, context)
}

/// Converts one JSON value to a primitive or to any `Decodable`; shared by the three containers.
struct PrimitiveReader {
    let codingPath: [any CodingKey]
    let keyMatching: JSONValueDecoder.KeyMatching

    func bool(_ value: JSONValue) throws -> Bool {
        guard case .bool(let flag) = value else {
            throw mismatch(expected: "a boolean", found: value, at: codingPath, type: Bool.self)
        }
        return flag
    }

    func string(_ value: JSONValue) throws -> String {
        guard case .string(let text) = value else {
            throw mismatch(expected: "a string", found: value, at: codingPath, type: String.self)
        }
        return text
    }

    func double(_ value: JSONValue) throws -> Double {
        guard let number = value.numberValue else {
            throw mismatch(expected: "a number", found: value, at: codingPath, type: Double.self)
        }
        return number
    }

    func integer<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type) throws -> T {
        let result: T?
        switch value {
        case .integer(let number): result = T(exactly: number)
        case .double(let number): result = number.isFinite ? T(exactly: number) : nil
        default: throw mismatch(expected: "an integer", found: value, at: codingPath, type: T.self)
        }
        guard let result else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "\(value.briefDescription) is not a whole number that fits in \(T.self)"))
        }
        return result
    }

    func decodable<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
        // JSONValue and JSONObject pass through untouched, keeping member order and integer types.
        if let direct = value as? T { return direct }
        if T.self == JSONObject.self {
            guard case .object(let object) = value, let direct = object as? T else {
                throw mismatch(expected: "an object", found: value, at: codingPath, type: T.self)
            }
            return direct
        }
        return try T(from: ValueDecoder(value: value, codingPath: codingPath, keyMatching: keyMatching))
    }
}

struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]
    let keyMatching: JSONValueDecoder.KeyMatching

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    private func lookup(_ key: Key) -> JSONValue? {
        switch keyMatching {
        case .exact: object[key.stringValue]
        case .caseInsensitive: object[caseInsensitive: key.stringValue]
        }
    }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "the required property is missing"))
        }
        return value
    }

    private func reader(_ key: Key) -> PrimitiveReader {
        PrimitiveReader(codingPath: codingPath + [key], keyMatching: keyMatching)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader(key).bool(value(for: key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader(key).string(value(for: key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader(key).double(value(for: key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try reader(key).double(value(for: key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader(key).integer(value(for: key), as: type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try reader(key).integer(value(for: key), as: type)
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try reader(key).integer(value(for: key), as: type)
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try reader(key).integer(value(for: key), as: type)
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try reader(key).decodable(type, value(for: key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(for: key), codingPath: codingPath + [key], keyMatching: keyMatching)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(for: key), codingPath: codingPath + [key], keyMatching: keyMatching)
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(
            value: Key(stringValue: "super").flatMap(lookup) ?? .null,
            codingPath: codingPath + [JSONCodingKey.superKey], keyMatching: keyMatching)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key], keyMatching: keyMatching)
    }
}

struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let keyMatching: JSONValueDecoder.KeyMatching
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey], keyMatching: JSONValueDecoder.KeyMatching) {
        self.elements = elements
        self.codingPath = codingPath
        self.keyMatching = keyMatching
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> (JSONValue, PrimitiveReader) {
        let key = JSONCodingKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self,
                DecodingError.Context(
                    codingPath: codingPath + [key],
                    debugDescription: "expected another element, found the end of the array"))
        }
        let value = elements[currentIndex]
        currentIndex += 1
        return (value, PrimitiveReader(codingPath: codingPath + [key], keyMatching: keyMatching))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, r) = try next(); return try r.bool(v) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, r) = try next(); return try r.string(v) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, r) = try next(); return try r.double(v) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, r) = try next(); return Float(try r.double(v)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, r) = try next(); return try r.integer(v, as: type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        let (v, r) = try next()
        return try r.integer(v, as: type)
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        let (v, r) = try next()
        return try r.integer(v, as: type)
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        let (v, r) = try next()
        return try r.integer(v, as: type)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, r) = try next()
        return try r.decodable(type, v)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, r) = try next()
        return try ValueDecoder(value: v, codingPath: r.codingPath, keyMatching: keyMatching).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, r) = try next()
        return try ValueDecoder(value: v, codingPath: r.codingPath, keyMatching: keyMatching).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, r) = try next()
        return ValueDecoder(value: v, codingPath: r.codingPath, keyMatching: keyMatching)
    }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let keyMatching: JSONValueDecoder.KeyMatching

    private var reader: PrimitiveReader { PrimitiveReader(codingPath: codingPath, keyMatching: keyMatching) }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(value) }
    func decode(_ type: String.Type) throws -> String { try reader.string(value) }
    func decode(_ type: Double.Type) throws -> Double { try reader.double(value) }
    func decode(_ type: Float.Type) throws -> Float { Float(try reader.double(value)) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(value, as: type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(value, as: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(value, as: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(value, as: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(value, as: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(value, as: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(value, as: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(value, as: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(value, as: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(value, as: type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodable(type, value) }
}
