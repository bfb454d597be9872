/// The deterministic hashes of ARM's `uniqueString()` and `guid()`, computed as Azure Resource
/// Manager computes them, so that names built from them match a real deployment's.
enum ARMHashes {
    /// `uniqueString`: ARM's 64-bit MurmurHash variant of the UTF-8 text (arguments joined with
    /// `-`), written as 13 characters of lower-case base-32 (`a`–`z`, `2`–`7`).
    static func uniqueString(_ text: String) -> String {
        let hash = murmur64(Array(text.utf8))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var result = ""
        var bits = hash
        for _ in 0..<13 {
            result.append(alphabet[Int(bits >> 59)])
            bits <<= 5
        }
        return result
    }

    /// `guid`: an RFC 4122 version-5 (SHA-1, name-based) UUID of the UTF-8 text (arguments joined
    /// with `-`) in ARM's namespace `11fb06fb-712d-4ddd-98c7-e71bbd588830`.
    static func guid(_ text: String) -> String {
        let namespace: [UInt8] = [
            0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30,
        ]
        var bytes = Array(SHA1.digest(namespace + Array(text.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }

    /// The two-lane 32-bit MurmurHash ARM uses, folded into 64 bits.
    private static func murmur64(_ data: [UInt8]) -> UInt64 {
        let c1: UInt32 = 0xAB0E_9789, c2: UInt32 = 0x239B_961B
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { (value << count) | (value >> (32 - count)) }
        func word(_ offset: Int, _ count: Int) -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<count { value |= UInt32(data[offset + index]) << (8 * UInt32(index)) }
            return value
        }
        var h1: UInt32 = 0, h2: UInt32 = 0
        var offset = 0
        while offset + 8 <= data.count {
            let k1 = rotate(word(offset, 4) &* c2, 15) &* c1
            let k2 = rotate(word(offset + 4, 4) &* c1, 17) &* c2
            h1 = rotate(h1 ^ k1, 19) &+ h2
            h1 = h1 &* 5 &+ 0x561C_CD1B
            h2 = rotate(h2 ^ k2, 13) &+ h1
            h2 = h2 &* 5 &+ 0x0BCA_A747
            offset += 8
        }
        let remaining = data.count - offset
        if remaining > 0 {
            h1 ^= rotate(word(offset, min(remaining, 4)) &* c2, 15) &* c1
            if remaining > 4 { h2 ^= rotate(word(offset + 4, remaining - 4) &* c1, 17) &* c2 }
        }
        let length = UInt32(truncatingIfNeeded: data.count)
        func mix(_ value: UInt32) -> UInt32 {
            var value = value
            value = (value ^ (value >> 16)) &* 0x85EB_CA6B
            value = (value ^ (value >> 13)) &* 0xC2B2_AE35
            return value ^ (value >> 16)
        }
        h2 ^= length
        h1 = (h1 ^ length) &+ h2
        h2 = h2 &+ h1
        h1 = mix(h1)
        h2 = mix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return UInt64(h2) << 32 | UInt64(h1)
    }
}

/// SHA-1 (FIPS 180-4), needed only for `guid()`'s name-based UUIDs; not used for security.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            for index in 0..<16 {
                let base = chunk + index * 4
                w[index] = UInt32(padded[base]) << 24 | UInt32(padded[base + 1]) << 16 | UInt32(padded[base + 2]) << 8 | UInt32(padded[base + 3])
            }
            for index in 16..<80 {
                let value = w[index - 3] ^ w[index - 8] ^ w[index - 14] ^ w[index - 16]
                w[index] = value << 1 | value >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for index in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch index {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[index]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { value in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) } }
    }
}
