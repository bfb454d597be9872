import PluginKit
import Synchronization

/// Runs stored procedures as exported C functions of a shared library named by a
/// `NativeProcedureLibrary` linked service: libraries opened once, each procedure's call
/// interface prepared once per signature, calls made on the calling (host worker) thread.
public final class NativeProcedureBackend: Sendable {
    private struct ProcedureKey: Hashable {
        var path: String
        var symbol: String
        var kinds: [NativeArgumentKind]
    }

    private let libraries = Mutex<[String: NativeLibrary]>([:])
    private let procedures = Mutex<[ProcedureKey: NativeProcedure]>([:])
    /// Call interfaces by signature, shared by every library.
    public let interfaces = FFICallInterfaceCache()

    public init() {}

    /// What a call ran.
    public struct CallRecord: Sendable, Equatable {
        public var libraryPath: String
        public var symbol: String
    }

    /// Calls the procedure the request names in the library of the linked service. Throws ADF's
    /// 2402 with the procedure's error number and message when it returns non-zero, and a clear
    /// error when the library, the symbol or an argument type cannot be used.
    public func call(
        _ request: StoredProcedureRequest, linkedService: String, typeProperties: JSONValue
    ) throws(ActivityFailure) -> CallRecord {
        let path = try NativeLibraryPath.resolve(linkedService: linkedService, typeProperties: typeProperties)
        let (kinds, arguments) = try NativeArguments.convert(request.parameters)
        let symbol: String
        switch NativeSymbolName.symbol(for: request.procedure) {
        case .success(let name): symbol = name
        case .failure(let problem):
            throw .invalidProperty(
                "typeProperties.storedProcedureName",
                "'\(request.procedure)' cannot name a native procedure: \(problem)")
        }
        let procedure = try self.procedure(
            path: path, symbol: symbol, kinds: kinds, request: request, linkedService: linkedService)
        let result = procedure.call(arguments)
        guard result == 0 else {
            let message =
                procedure.library.lastMessageOnThisThread() ?? "the procedure returned \(result) without a message"
            throw .userError(
                "Execution fail against sql server. Sql error number: \(result). Error Message: \(message)",
                code: ActivityErrorCode.storedProcedureFailed,
                details: ["number": .integer(Int64(result)), "symbol": .string(symbol)])
        }
        return CallRecord(libraryPath: procedure.library.path, symbol: symbol)
    }

    /// The procedure for (library, symbol, signature), resolved and prepared on first use.
    public func procedure(
        path: String, symbol: String, kinds: [NativeArgumentKind], request: StoredProcedureRequest,
        linkedService: String
    ) throws(ActivityFailure) -> NativeProcedure {
        let key = ProcedureKey(path: path, symbol: symbol, kinds: kinds)
        if let cached = procedures.withLock({ $0[key] }) { return cached }
        let library = try self.library(path: path, linkedService: linkedService)
        guard let function = library.function(named: symbol) else {
            throw .userError(
                "Execution fail against sql server. Sql error number: 2812. Error Message: Could not find stored procedure "
                    + "'\(request.procedure)': the native procedure library '\(library.path)' of the linked service "
                    + "'\(linkedService)' exports no function '\(symbol)'. Export int32_t \(symbol)(…) from the library "
                    + "(built with default visibility), or correct 'storedProcedureName'.",
                code: ActivityErrorCode.storedProcedureFailed, details: ["number": 2812, "symbol": .string(symbol)])
        }
        let interface: FFICallInterface
        do {
            interface = try interfaces.interface(for: kinds)
        } catch {
            throw .systemError(
                "The call of '\(symbol)' could not be prepared: \(error)",
                code: StoredProcedureErrorCode.nativeCallFailed)
        }
        let procedure = NativeProcedure(library: library, symbol: symbol, function: function, interface: interface)
        procedures.withLock { $0[key] = procedure }
        return procedure
    }

    private func library(path: String, linkedService: String) throws(ActivityFailure) -> NativeLibrary {
        let canonical = NativeLibrary.canonicalPath(path) ?? path
        if let cached = libraries.withLock({ $0[canonical] }) { return cached }
        let library: NativeLibrary
        do {
            library = try NativeLibrary(path: canonical)
        } catch {
            throw .userError(
                "The native procedure library of the linked service '\(linkedService)' cannot be used: \(error). "
                    + Self.advice(for: error),
                code: StoredProcedureErrorCode.nativeLibraryUnavailable)
        }
        return libraries.withLock { libraries in
            if let cached = libraries[canonical] { return cached }
            libraries[canonical] = library
            return library
        }
    }

    /// What to do about a library that cannot be used. A missing library in pipehost's own build
    /// folder (`{executableDir}`) is one SwiftPM has not built yet: `lib<Product>.so` is built by
    /// `swift build --product <Product>`.
    static func advice(for error: NativeLibrary.LoadError) -> String {
        let generic = "Set 'typeProperties.path' to a shared library (.so) built for this machine."
        guard case .fileNotFound(let path) = error, let folder = NativeLibrary.executableDirectory,
            path.hasPrefix(folder + "/")
        else { return generic }
        let file = String(path.dropFirst(folder.count + 1))
        guard file.hasPrefix("lib"), file.hasSuffix(".so"), !file.contains("/") else { return generic }
        let product = String(file.dropFirst(3).dropLast(3))
        return "It lies in pipehost's build folder ({executableDir}) and is not built yet: build it with "
            + "`swift build --product \(product)` (a plain `swift build` builds every library of pipehost's package), "
            + "then run again."
    }
}
