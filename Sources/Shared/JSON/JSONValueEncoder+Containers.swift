struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectNode
    let codingPath: [any CodingKey]

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    mutating func encodeNil(forKey key: Key) { object.set(key.stringValue, .value(.null)) }
    mutating func encode(_ value: Bool, forKey key: Key) { object.set(key.stringValue, .value(.bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) { object.set(key.stringValue, .value(.string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try EncodingNode.number(value, codingPath: path(key)))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        object.set(key.stringValue, try EncodingNode.float(value, codingPath: path(key)))
    }
    mutating func encode(_ value: Int, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) { object.set(key.stringValue, EncodingNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try EncodingNode.encode(value, codingPath: path(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested: ObjectNode
        if case .object(let existing)? = object.node(for: key.stringValue) {
            nested = existing
        } else {
            nested = ObjectNode()
            object.set(key.stringValue, .object(nested))
        }
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(object: nested, codingPath: path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: ArrayNode
        if case .array(let existing)? = object.node(for: key.stringValue) {
            nested = existing
        } else {
            nested = ArrayNode()
            object.set(key.stringValue, .array(nested))
        }
        return UnkeyedNodeContainer(array: nested, codingPath: path(key))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: JSONCodingKey.superKey.stringValue, path: codingPath + [JSONCodingKey.superKey])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key.stringValue, path: path(key))
    }

    private func superEncoder(named name: String, path: [any CodingKey]) -> any Encoder {
        let encoder = ValueEncoder(codingPath: path)
        object.set(name, .pending(encoder))
        return encoder
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let array: ArrayNode
    let codingPath: [any CodingKey]

    var count: Int { array.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONCodingKey(intValue: count)] }

    mutating func encodeNil() { array.elements.append(.value(.null)) }
    mutating func encode(_ value: Bool) { array.elements.append(.value(.bool(value))) }
    mutating func encode(_ value: String) { array.elements.append(.value(.string(value))) }
    mutating func encode(_ value: Double) throws {
        array.elements.append(try EncodingNode.number(value, codingPath: nextPath))
    }
    mutating func encode(_ value: Float) throws {
        array.elements.append(try EncodingNode.float(value, codingPath: nextPath))
    }
    mutating func encode(_ value: Int) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int8) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int16) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int32) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int64) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt8) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt16) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt32) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt64) { array.elements.append(EncodingNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try EncodingNode.encode(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        let path = nextPath
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(object: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        let path = nextPath
        array.elements.append(.array(nested))
        return UnkeyedNodeContainer(array: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = ValueEncoder(codingPath: nextPath)
        array.elements.append(.pending(encoder))
        return encoder
    }
}

struct SingleValueNodeContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func store(_ node: EncodingNode) { encoder.node = node }

    mutating func encodeNil() { store(.value(.null)) }
    mutating func encode(_ value: Bool) { store(.value(.bool(value))) }
    mutating func encode(_ value: String) { store(.value(.string(value))) }
    mutating func encode(_ value: Double) throws { store(try EncodingNode.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { store(try EncodingNode.float(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int8) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int16) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int32) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: Int64) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt8) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt16) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt32) { store(EncodingNode.integer(value)) }
    mutating func encode(_ value: UInt64) { store(EncodingNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        store(try EncodingNode.encode(value, codingPath: codingPath))
    }
}
