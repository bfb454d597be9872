import PipehostPluginABI
import PluginContract
import Synchronization

/// The host's context of one call, usable only while the call runs.
///
/// The pointer belongs to the host and dies when the call returns. An ``ActivityCall`` kept past
/// that (a mistake the docs warn about) must not touch it, so every use goes through a lock
/// that the kit closes before the C function returns.
final class CallHandle: Sendable {
    private struct Pointers: @unchecked Sendable {
        var context: UnsafePointer<ph_call_context>
        var services: UnsafePointer<ph_host_services>
    }

    private let pointers: Mutex<Pointers?>

    init(context: UnsafePointer<ph_call_context>?) {
        if let context, let services = context.pointee.services {
            pointers = Mutex(Pointers(context: context, services: services))
        } else {
            pointers = Mutex(nil)
        }
    }

    /// Ends the handle's life; later uses do nothing.
    func close() {
        pointers.withLock { $0 = nil }
    }

    /// True once the host wants the call to stop; also true after the call ended.
    var isCancelled: Bool {
        pointers.withLock { pointers in
            guard let pointers else { return true }
            guard let isCancelled = pointers.services.pointee.is_cancelled else { return false }
            return isCancelled(pointers.services, pointers.context) != 0
        }
    }

    func log(_ level: LogLevel, _ message: String) {
        pointers.withLock { pointers in
            guard let pointers else { return }
            HostServices.log(pointers.services, context: pointers.context, level, message)
        }
    }

    func reportProgress(_ fraction: Double?, _ message: String?) {
        pointers.withLock { pointers in
            guard let pointers, let progress = pointers.services.pointee.progress else { return }
            let value = fraction.map { min(max($0, 0), 1) } ?? -1
            if var text = message {
                text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        progress(pointers.services, pointers.context, value, chars.baseAddress, UInt64(chars.count))
                    }
                }
            } else {
                progress(pointers.services, pointers.context, value, nil, 0)
            }
        }
    }
}
