import PluginContract
import TestSizeTags
import Testing

@Suite("Build tags", .tags(.small))
struct BuildTagTests {
    @Test("the tag names the compiler and the target triple")
    func tagShape() {
        #expect(BuildTag.current.hasPrefix("swift-"))
        let parts = BuildTag.current.dropFirst("swift-".count).split(separator: "/")
        #expect(parts.count == 2)
        #expect(parts.last.map(String.init) == BuildTag.targetTriple)
        #if os(Linux) && arch(x86_64)
        #expect(BuildTag.targetTriple == "x86_64-unknown-linux-gnu")
        #endif
    }

    @Test("this toolchain reports its exact version")
    func compilerVersion() {
        #if compiler(>=6.3.1) && !compiler(>=6.3.2)
        #expect(BuildTag.current.hasPrefix("swift-6.3.1/"))
        #endif
        #expect(!BuildTag.current.contains("newer-than") && !BuildTag.current.contains("older-than"))
    }

    @Test("a C-ABI plugin loads anywhere, a Swift plugin only with the same tag")
    func compatibility() {
        #expect(BuildTag.isCompatible(pluginTag: "c-abi"))
        #expect(BuildTag.isCompatible(pluginTag: BuildTag.current))
        #expect(!BuildTag.isCompatible(pluginTag: "swift-5.10.0/x86_64-unknown-linux-gnu"))
        #expect(!BuildTag.isCompatible(pluginTag: ""))
    }
}
