import Testing

/// Test sizes, as in SwiftPM's own suite: pick the smallest that is true.
extension Tag {
    /// Pure logic: no files beyond fixtures, no processes, no sockets.
    @Tag public static var small: Self
    /// Real `.so` files, a live emulator on port 0, a real database.
    @Tag public static var medium: Self
    /// The built binaries end to end, as separate processes.
    @Tag public static var large: Self
}
