import Synchronization

/// Version-4 GUIDs for run and activity run ids, from a generator seeded once from the system's
/// random source: ids are unique without a system call and a file open per activity.
public final class GUIDGenerator: Sendable {
    public static let shared = GUIDGenerator()

    private let state: Mutex<Xoshiro256>

    public init() {
        var system = SystemRandomNumberGenerator()
        state = Mutex(Xoshiro256(seed: (system.next(), system.next(), system.next(), system.next())))
    }

    /// A lower-case GUID such as `2f7fdb90-5df1-4b8e-ac2f-064cfa58202b`.
    public func next() -> String {
        var (high, low) = state.withLock { ($0.next(), $0.next()) }
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { bytes in
            var position = 0
            func put(_ value: UInt64, _ count: Int) {
                for index in stride(from: count - 1, through: 0, by: -1) {
                    let digit = UInt8((value >> (UInt64(index) * 4)) & 0xF)
                    bytes[position] = digit < 10 ? 0x30 + digit : 0x57 + digit
                    position += 1
                }
            }
            func dash() {
                bytes[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high >> 32, 8)
            dash()
            put(high >> 16, 4)
            dash()
            put(high, 4)
            dash()
            put(low >> 48, 4)
            dash()
            put(low, 12)
            return position
        }
    }
}

/// xoshiro256** (Blackman and Vigna): fast, with a period far beyond any number of ids a host makes.
struct Xoshiro256 {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: (UInt64, UInt64, UInt64, UInt64)) {
        s = seed
        if s == (0, 0, 0, 0) { s.0 = 0x9E37_79B9_7F4A_7C15 }
    }

    mutating func next() -> UInt64 {
        let result = rotate(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotate(s.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }
}
