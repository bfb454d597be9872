#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HostCore
import Logging
import PipehostPluginABI
import PluginContract

/// The `ph_host_services` table one plugin receives in `init`, with the host's C callbacks.
///
/// Each plugin gets its own table so that a message logged outside a call (from `init` or a
/// background thread) is attributed to the right plugin. Tables are never freed: a plugin keeps
/// the pointer until `deinit`, and a plugin that wrongly keeps it longer must not crash the host.
final class HostServicesTable: @unchecked Sendable {
    // Immutable after init and never freed: safe to share.
    let pointer: UnsafePointer<ph_host_services>

    init(pluginID: String, hostVersion: String, hostInfo: HostInfoExtension, logger: Logger) {
        let owner = ServicesOwner(pluginID: pluginID, logger: logger, hostInfo: hostInfo)
        let table = UnsafeMutablePointer<ph_host_services>.allocate(capacity: 1)
        table.initialize(to: ph_host_services())
        table.pointee.struct_size = StructLayout.hostServicesSize
        table.pointee.abi_major = PluginABIVersion.major
        table.pointee.abi_minor = PluginABIVersion.minor
        table.pointee.host_version = UnsafePointer(strdup(hostVersion))
        table.pointee.host_data = Unmanaged.passRetained(owner).toOpaque()
        table.pointee.log = HostServiceCallbacks.log
        table.pointee.progress = HostServiceCallbacks.progress
        table.pointee.is_cancelled = HostServiceCallbacks.isCancelled
        table.pointee.alloc = HostServiceCallbacks.allocate
        table.pointee.free = HostServiceCallbacks.free
        table.pointee.release_allocated = HostServiceCallbacks.releaseAllocated
        table.pointee.get_extension = HostServiceCallbacks.getExtension
        pointer = UnsafePointer(table)
    }
}

/// What the callbacks need to know about the plugin a table belongs to.
final class ServicesOwner: Sendable {
    let pluginID: String
    let logger: Logger
    let hostInfo: HostInfoExtension

    init(pluginID: String, logger: Logger, hostInfo: HostInfoExtension) {
        self.pluginID = pluginID
        var logger = logger
        logger[metadataKey: "plugin"] = .string(pluginID)
        self.logger = logger
        self.hostInfo = hostInfo
    }

    static func from(_ services: UnsafePointer<ph_host_services>?) -> ServicesOwner? {
        guard let data = services?.pointee.host_data else { return nil }
        return Unmanaged<ServicesOwner>.fromOpaque(data).takeUnretainedValue()
    }
}

/// The extension "org.pipehost.host-info/1": one per host, never freed.
final class HostInfoExtension: @unchecked Sendable {
    let pointer: UnsafePointer<ph_ext_host_info>

    init(workDirectory: String, isolated: Bool) {
        let info = UnsafeMutablePointer<ph_ext_host_info>.allocate(capacity: 1)
        info.initialize(to: ph_ext_host_info())
        info.pointee.struct_size = StructLayout.hostInfoSize
        info.pointee.work_directory = UnsafePointer(strdup(workDirectory))
        info.pointee.isolated = isolated ? 1 : 0
        pointer = UnsafePointer(info)
    }
}

/// The C functions of `ph_host_services`. Each is `[any-thread]`: they touch only immutable
/// tables, the call's own state and the (thread-safe) logger.
enum HostServiceCallbacks {
    /// Longest log or progress message kept; longer ones are cut, so a runaway plugin cannot fill
    /// the run log with one call.
    static let maximumMessageBytes = 64 * 1024

    static let log:
        @convention(c) (UnsafePointer<ph_host_services>?, UnsafePointer<ph_call_context>?, Int32, UnsafePointer<CChar>?, UInt64)
            -> Void = { services, context, level, message, length in
                let text = decode(message, length)
                let level = PluginLogLevel(clamping: level).loggerLevel
                if let call = PluginCall.from(context) {
                    call.execution.log(level, text)
                } else if let owner = ServicesOwner.from(services) {
                    owner.logger.log(level: level, "\(text)")
                }
            }

    static let progress:
        @convention(c) (UnsafePointer<ph_host_services>?, UnsafePointer<ph_call_context>?, Double, UnsafePointer<CChar>?, UInt64)
            -> Void = { _, context, fraction, message, length in
                guard let call = PluginCall.from(context) else { return }
                let value: Double? = fraction.isFinite && fraction >= 0 ? min(fraction, 1) : nil
                call.execution.reportProgress(value, message == nil ? nil : decode(message, length))
            }

    static let isCancelled: @convention(c) (UnsafePointer<ph_host_services>?, UnsafePointer<ph_call_context>?) -> Int32 = {
        _, context in
        guard let call = PluginCall.from(context) else { return 0 }
        return call.isCancelled ? 1 : 0
    }

    static let allocate: @convention(c) (UnsafePointer<ph_host_services>?, UInt64) -> UnsafeMutableRawPointer? = {
        _, size in
        guard let bytes = Int(exactly: size) else { return nil }
        return malloc(max(bytes, 1))
    }

    static let free: @convention(c) (UnsafePointer<ph_host_services>?, UnsafeMutableRawPointer?) -> Void = { _, pointer in
        #if canImport(Glibc)
        Glibc.free(pointer)
        #elseif canImport(Musl)
        Musl.free(pointer)
        #else
        Darwin.free(pointer)
        #endif
    }

    static let releaseAllocated: @convention(c) (UnsafeMutablePointer<ph_buffer>?) -> Void = { buffer in
        guard let buffer else { return }
        #if canImport(Glibc)
        Glibc.free(UnsafeMutableRawPointer(mutating: buffer.pointee.data))
        #elseif canImport(Musl)
        Musl.free(UnsafeMutableRawPointer(mutating: buffer.pointee.data))
        #else
        Darwin.free(UnsafeMutableRawPointer(mutating: buffer.pointee.data))
        #endif
        buffer.pointee.data = nil
        buffer.pointee.length = 0
        buffer.pointee.release = nil
    }

    static let getExtension: @convention(c) (UnsafePointer<ph_host_services>?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = {
        services, id in
        guard let id, let owner = ServicesOwner.from(services) else { return nil }
        guard strcmp(id, PH_EXT_HOST_INFO) == 0 else { return nil }
        return UnsafeRawPointer(owner.hostInfo.pointer)
    }

    private static func decode(_ message: UnsafePointer<CChar>?, _ length: UInt64) -> String {
        guard let message, length > 0 else { return "" }
        let count = Int(min(length, UInt64(maximumMessageBytes)))
        let text = String(decoding: UnsafeRawBufferPointer(start: message, count: count), as: UTF8.self)
        return count < length ? text + " … (message cut at \(maximumMessageBytes) bytes)" : text
    }
}

extension PluginLogLevel {
    /// The swift-log level of the run log.
    var loggerLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}
