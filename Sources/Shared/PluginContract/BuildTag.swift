/// The build fingerprint a plugin table carries in `build_tag`, computed in one place for the host
/// and for PluginKit so that both sides agree on its spelling.
///
/// Swift has no stable ABI on Linux and a Swift plugin shares the host's Swift runtime, so a
/// Swift plugin must come from the host's toolchain and target: its tag is
/// `swift-<compiler version>/<target triple>`, e.g. `swift-6.3.1/x86_64-unknown-linux-gnu`.
/// Plugins that use only the C header carry ``cABI`` and load in any host of the same ABI major.
public enum BuildTag {
    /// `PH_BUILD_TAG_C_ABI`: the plugin depends on nothing but the C header.
    public static let cABI = "c-abi"

    /// The tag of the image this code is compiled into (the host, or a plugin built on PluginKit).
    public static let current = "swift-\(SwiftCompilerVersion.text)/\(targetTriple)"

    /// The target triple this image was compiled for, e.g. `x86_64-unknown-linux-gnu`.
    public static let targetTriple: String = {
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        #if os(Linux)
        let architecture = "aarch64"
        #else
        let architecture = "arm64"
        #endif
        #elseif arch(i386)
        let architecture = "i686"
        #elseif arch(arm)
        let architecture = "armv7"
        #elseif arch(riscv64)
        let architecture = "riscv64"
        #else
        let architecture = "unknown-arch"
        #endif

        #if os(Linux)
        #if canImport(Musl)
        return "\(architecture)-unknown-linux-musl"
        #elseif canImport(Android)
        return "\(architecture)-unknown-linux-android"
        #else
        return "\(architecture)-unknown-linux-gnu"
        #endif
        #elseif os(macOS)
        return "\(architecture)-apple-macosx"
        #elseif os(Windows)
        return "\(architecture)-unknown-windows-msvc"
        #else
        return "\(architecture)-unknown-unknown"
        #endif
    }()

    /// Whether a plugin with `pluginTag` may be loaded into an image tagged `hostTag`: the tags are
    /// equal, or the plugin uses only the C ABI.
    public static func isCompatible(pluginTag: String, hostTag: String = current) -> Bool {
        pluginTag == cABI || pluginTag == hostTag
    }
}
