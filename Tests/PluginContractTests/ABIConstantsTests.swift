import PipehostPluginABI
import PluginContract
import TestSizeTags
import Testing

@Suite("ABI constants and layout", .tags(.small))
struct ABIConstantsTests {
    @Test("version constants come from the header")
    func versions() {
        #expect(PluginABIVersion.major == 1)
        #expect(PluginABIVersion.minor == 0)
        #expect(PluginABIVersion.magic == 0x4C50_4850)
        #expect(PluginABIVersion.entrySymbol == "pipehost_plugin_entry_v1")
        #expect(PluginABIVersion.hostInfoExtensionID == "org.pipehost.host-info/1")
        #expect(BuildTag.cABI == PH_BUILD_TAG_C_ABI)
    }

    @Test("the magic spells PHPL in little-endian byte order")
    func magicSpelling() {
        let bytes = withUnsafeBytes(of: PluginABIVersion.magic.littleEndian) { Array($0) }
        #expect(bytes == Array("PHPL".utf8))
    }

    @Test("statuses and log levels match the header's values")
    func statuses() {
        #expect(CallStatus.succeeded.rawValue == PH_STATUS_SUCCEEDED)
        #expect(CallStatus.failed.rawValue == PH_STATUS_FAILED)
        #expect(CallStatus.running.rawValue == PH_STATUS_RUNNING)
        #expect(PluginLogLevel.trace.rawValue == PH_LOG_TRACE)
        #expect(PluginLogLevel.error.rawValue == PH_LOG_ERROR)
        #expect(PluginLogLevel(clamping: -3) == .trace)
        #expect(PluginLogLevel(clamping: 99) == .error)
        #expect(PluginLogLevel(clamping: 2) == .info)
    }

    @Test("the frozen buffer is 40 bytes and hasField follows struct_size")
    func layout() {
        #expect(StructLayout.bufferSize == 40)
        let full = StructLayout.hostServicesSize
        #expect(StructLayout.hasField(\ph_host_services.get_extension, structSize: full))
        #expect(!StructLayout.hasField(\ph_host_services.get_extension, structSize: full - 1))
        #expect(StructLayout.hasField(\ph_host_services.struct_size, structSize: 4))
        #expect(!StructLayout.hasField(\ph_host_services.abi_major, structSize: 4))
    }

    @Test("an owned buffer copies the bytes and releases exactly once")
    func ownedBuffer() {
        var buffer = ph_buffer.owning(Array("{}".utf8))
        #expect(buffer.struct_size == 40)
        #expect(buffer.length == 2)
        #expect(buffer.data.map { Array(UnsafeBufferPointer(start: $0, count: 2)) } == Array("{}".utf8))
        withUnsafeMutablePointer(to: &buffer) { pointer in
            pointer.releaseBuffer()
            pointer.releaseBuffer()
        }
        #expect(buffer.isUnset)
    }
}
