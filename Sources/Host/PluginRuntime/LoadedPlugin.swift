import PipehostJSON
import PipehostPluginABI
import PluginContract
import Synchronization

/// A plugin whose `init` succeeded: its library, its services table, the context `init` returned
/// and the settings it runs with. `deinit` is called at most once, and only when no call is in
/// flight.
final class LoadedPlugin: @unchecked Sendable {
    // The context pointer is owned by the plugin and only passed back to it.
    let library: PluginLibrary
    let services: HostServicesTable
    let pluginContext: UnsafeMutableRawPointer?
    /// The settings object, sent in every invocation as `settings`.
    let settings: JSONValue
    /// `settings` serialised once, for the invocation writer.
    let settingsBytes: [UInt8]
    private let callsInFlight = Atomic<Int>(0)
    private let isClosed = Atomic<Bool>(false)

    private init(library: PluginLibrary, services: HostServicesTable, pluginContext: UnsafeMutableRawPointer?, settings: JSONValue) {
        self.library = library
        self.services = services
        self.pluginContext = pluginContext
        self.settings = settings
        settingsBytes = JSONSerializer.bytes(settings)
    }

    var pluginID: String { library.declaration.pluginID }

    /// Calls the plugin's `init` with its settings and reads the outcome.
    static func initialize(
        _ library: PluginLibrary, services: HostServicesTable, settings: JSONValue
    ) -> Result<LoadedPlugin, PluginLoadError> {
        let path = library.path
        let pluginID = library.declaration.pluginID
        guard let initFunction = library.table.pointee.`init` else {
            return .success(LoadedPlugin(library: library, services: services, pluginContext: nil, settings: settings))
        }
        let settingsBytes = JSONSerializer.bytes(settings)
        var context: UnsafeMutableRawPointer?
        var error = ph_buffer()
        let status = settingsBytes.withUnsafeBufferPointer { bytes in
            initFunction(services.pointer, bytes.baseAddress, UInt64(bytes.count), &context, &error)
        }
        let message = withUnsafeMutablePointer(to: &error) { Self.initErrorMessage($0) }
        switch CallStatus(rawValue: status) {
        case .succeeded:
            return .success(LoadedPlugin(library: library, services: services, pluginContext: context, settings: settings))
        case .failed:
            return .failure(.initFailed(path: path, pluginID: pluginID, message: message ?? "init failed without a message"))
        case .running, nil:
            return .failure(
                .initMisbehaved(
                    path: path, pluginID: pluginID,
                    problem: "it returned status \(status); init may return only PH_STATUS_SUCCEEDED or PH_STATUS_FAILED"))
        }
    }

    /// The message of init's error buffer (`{"message": …}`, or plain text from a careless
    /// plugin), releasing the buffer.
    private static func initErrorMessage(_ buffer: UnsafeMutablePointer<ph_buffer>) -> String? {
        defer {
            if StructLayout.isValidBuffer(structSize: buffer.pointee.struct_size) { buffer.releaseBuffer() }
        }
        guard !buffer.pointee.isUnset, StructLayout.isValidBuffer(structSize: buffer.pointee.struct_size),
            let data = buffer.pointee.data, buffer.pointee.length > 0,
            buffer.pointee.length <= UInt64(PluginLimits.maximumResultBytes)
        else { return nil }
        let bytes = Array(UnsafeBufferPointer(start: data, count: Int(buffer.pointee.length)))
        do {
            if let message = try JSONParser.parse(bytes)["message"]?.stringValue { return message }
        } catch {
            // Not JSON: a careless plugin wrote its message as plain text, which is shown as it is.
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    /// Counts a call in, unless the plugin was shut down.
    func beginCall() -> Bool {
        callsInFlight.add(1, ordering: .acquiringAndReleasing)
        if isClosed.load(ordering: .acquiring) {
            callsInFlight.subtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    func endCall() {
        callsInFlight.subtract(1, ordering: .acquiringAndReleasing)
    }

    /// Refuses new calls, waits for calls in flight (up to `timeout`) and calls `deinit` once.
    /// Returns false when calls were still running, in which case `deinit` is not called: the
    /// contract promises the plugin that no call is in flight.
    func close(waitingUpTo timeout: Duration) -> Bool {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while callsInFlight.load(ordering: .acquiring) > 0 {
            guard clock.now < deadline else { return false }
            ThreadSleep.sleep(for: .milliseconds(1))
        }
        library.table.pointee.deinit?(pluginContext)
        return true
    }
}
