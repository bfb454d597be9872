import ActivityContract
import PipehostPluginABI
import PluginContract
import TestSizeTags
import Testing

@Suite("ABI constants and layout", .tags(.small))
struct ABIConstantsTests {
    @Test("version constants come from the header")
    func versions() {
        #expect(PluginABIVersion.major == 1)
        #expect(PluginABIVersion.minor == 1)
        #expect(PluginABIVersion.magic == 0x4C50_4850)
        #expect(PluginABIVersion.entrySymbol == "pipehost_plugin_entry_v1")
        #expect(PluginABIVersion.hostInfoExtensionID == "org.pipehost.host-info/1")
        #expect(BuildTag.cABI == PH_BUILD_TAG_C_ABI)
        // The invocation document's version is the ABI major.
        #expect(InvocationFormat.abiVersion == Int64(PluginABIVersion.major))
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

    @Test("the frozen 1.0 sizes are where each struct's 1.0 fields end in this build")
    func frozenSizes() {
        typealias Frozen = StructLayout.FrozenSize
        func end<Root, Value>(_ field: KeyPath<Root, Value>) -> UInt32 {
            UInt32((MemoryLayout<Root>.offset(of: field) ?? 0) + MemoryLayout<Value>.size)
        }
        #expect(Frozen.buffer == 40 && StructLayout.bufferSize == Frozen.buffer)
        #expect(Frozen.result == end(\ph_result.next_poll_ms))
        #expect(Frozen.callContext == end(\ph_call_context.host_data))
        #expect(Frozen.hostServices == end(\ph_host_services.get_extension))
        #expect(Frozen.hostInfo == end(\ph_ext_host_info.reserved2))
        #expect(Frozen.activityDescriptor == end(\ph_activity_descriptor.cancel))
        #expect(Frozen.pluginTable == end(\ph_plugin.deinit))
        // A build never has structs smaller than 1.0's.
        #expect(StructLayout.pluginTableSize >= Frozen.pluginTable)
        #expect(StructLayout.resultSize >= Frozen.result)
    }

    @Test("the shared rule accepts any struct_size from the 1.0 size up, and buffers only at their size")
    func compatibilityRule() {
        let frozen = StructLayout.FrozenSize.pluginTable
        #expect(StructLayout.isCompatible(structSize: frozen, frozenSize: frozen))
        #expect(StructLayout.isCompatible(structSize: frozen + 8, frozenSize: frozen))
        #expect(StructLayout.isCompatible(structSize: UInt32.max, frozenSize: frozen))
        #expect(!StructLayout.isCompatible(structSize: frozen - 1, frozenSize: frozen))
        #expect(!StructLayout.isCompatible(structSize: 0, frozenSize: frozen))
        #expect(StructLayout.isValidBuffer(structSize: 40))
        #expect(!StructLayout.isValidBuffer(structSize: 48))
        #expect(!StructLayout.isValidBuffer(structSize: 39))
    }

    @Test("copy(of:) reads only what struct_size covers and zeroes the rest")
    func prefixCopy() {
        var info = ph_ext_host_info()
        info.struct_size = 16  // an older writer whose struct ended after work_directory
        info.isolated = 1      // beyond its struct_size: must not be read
        let copied = withUnsafePointer(to: &info) { StructLayout.copy(of: $0) }
        #expect(copied.struct_size == 16)
        #expect(copied.isolated == 0)
        info.struct_size = StructLayout.hostInfoSize
        let whole = withUnsafePointer(to: &info) { StructLayout.copy(of: $0) }
        #expect(whole.isolated == 1)
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
