#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A TCP port of the loopback interface that is free now: the kernel picks it for a socket bound
/// to port 0, and the socket is closed again for a Spark daemon to bind. The plugin's one home for
/// raw sockets.
enum FreePort {
    /// A free loopback port, or nil when no socket can be bound.
    static func loopback() -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `count` distinct free loopback ports, or nil.
    static func loopback(count: Int) -> [Int]? {
        var ports: [Int] = []
        for _ in 0..<(count * 4) where ports.count < count {
            if let port = loopback(), !ports.contains(port) { ports.append(port) }
        }
        return ports.count == count ? ports : nil
    }
}
