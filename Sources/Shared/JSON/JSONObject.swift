/// A JSON object: members in the order they were written, looked up by exact key or, for ADF's
/// property names, without regard to case.
///
/// Objects in pipeline JSON are small, so members live in one array; a linear scan beats hashing
/// below a few dozen keys. Duplicate keys keep the last value, as .NET's JSON readers do.
public struct JSONObject: Sendable, Hashable {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }

    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        members = []
        members.reserveCapacity(pairs.underestimatedCount)
        for (key, value) in pairs {
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = value
            } else {
                members.append((key, value))
            }
        }
    }

    /// Builds an object without checking for duplicate keys; the caller guarantees they are unique.
    public init(uniqueMembers: [(key: String, value: JSONValue)]) {
        members = uniqueMembers
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }
    public var values: [JSONValue] { members.map(\.value) }

    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The member whose key equals `key` ignoring ASCII case; an exact match wins over others.
    public func member(caseInsensitive key: String) -> (key: String, value: JSONValue)? {
        var fallback: (key: String, value: JSONValue)?
        for member in members {
            if member.key == key { return member }
            if fallback == nil, asciiCaseInsensitiveEquals(member.key, key) { fallback = member }
        }
        return fallback
    }

    /// The value whose key equals `key` ignoring ASCII case.
    public subscript(caseInsensitive key: String) -> JSONValue? {
        member(caseInsensitive: key)?.value
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with `==`.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

/// Compares two strings ignoring the case of ASCII letters, which is how ADF matches property names.
public func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    var left = lhs.utf8.makeIterator()
    var right = rhs.utf8.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return true
        case (let a?, let b?):
            if a == b { continue }
            if asciiLowercased(a) != asciiLowercased(b) { return false }
        default: return false
        }
    }
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}
