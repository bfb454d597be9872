// Native procedure calls: a direct call of a 5-argument C function (the floor) beside the same
// function called through libffi with the cached call interface, through NativeProcedure (which
// also copies the string argument), and through the plugin's whole native backend (request,
// caches, argument conversion; not the invocation JSON). Median of 15 runs, ns of thread CPU
// time per call.
import BenchmarkProcedures
import BenchmarkSupport
import PipehostJSON
import StoredProcedurePlugin

#if canImport(Glibc)
    import Glibc
#endif

let iterations = 2_000_000
let executable = CommandLine.arguments[0]
let folder = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
let libraryPath =
    NativeLibrary.canonicalPath("\(folder)/libBenchmarkProcedures.so") ?? "\(folder)/libBenchmarkProcedures.so"

let library: NativeLibrary
do {
    library = try NativeLibrary(path: libraryPath)
} catch {
    print("NativeProcedureCallBenchmark: \(error) (build with `swift build -c release` first)")
    exit(1)
}
guard let function = library.function(named: "bench_procedure") else {
    print("NativeProcedureCallBenchmark: bench_procedure is not exported by \(libraryPath)")
    exit(1)
}

var sink: Int64 = 0

// 1. The floor: a direct call.
let direct = Measurement.nanosecondsPerOperation(iterations: iterations) { count in
    "run-42".withCString { label in
        var total: Int32 = 0
        for index in 0..<count { total &+= bench_procedure(Int32(truncatingIfNeeded: index), 1200, 0.93, 1, label) }
        sink &+= Int64(total)
    }
}

// 2. libffi with the cached call interface and prepared argument slots.
let kinds: [NativeArgumentKind] = [.int32, .int64, .double, .int32, .pointer]
let cache = FFICallInterfaceCache()
let interface = try cache.interface(for: kinds)
let throughCIF = Measurement.nanosecondsPerOperation(iterations: iterations) { count in
    "run-42".withCString { label in
        var count32: Int32 = 0
        var rows: Int64 = 1200
        var score = 0.93
        var flag: Int32 = 1
        var labelPointer: UnsafePointer<CChar>? = label
        withUnsafeMutablePointer(to: &count32) { countSlot in
            withUnsafeMutablePointer(to: &rows) { rowsSlot in
                withUnsafeMutablePointer(to: &score) { scoreSlot in
                    withUnsafeMutablePointer(to: &flag) { flagSlot in
                        withUnsafeMutablePointer(to: &labelPointer) { labelSlot in
                            var slots: [UnsafeMutableRawPointer?] = [
                                UnsafeMutableRawPointer(countSlot), UnsafeMutableRawPointer(rowsSlot),
                                UnsafeMutableRawPointer(scoreSlot), UnsafeMutableRawPointer(flagSlot),
                                UnsafeMutableRawPointer(labelSlot),
                            ]
                            slots.withUnsafeMutableBufferPointer { arguments in
                                guard let base = arguments.baseAddress else { return }
                                var total: Int32 = 0
                                for index in 0..<count {
                                    countSlot.pointee = Int32(truncatingIfNeeded: index)
                                    total &+= interface.call(function, arguments: base)
                                }
                                sink &+= Int64(total)
                            }
                        }
                    }
                }
            }
        }
    }
}

// 3. NativeProcedure: arguments as values, the string copied onto the stack per call.
let procedure = NativeProcedure(library: library, symbol: "bench_procedure", function: function, interface: interface)
let arguments: [NativeProcedure.Argument] = [.int32(7), .int64(1200), .double(0.93), .int32(1), .string("run-42")]
let throughProcedure = Measurement.nanosecondsPerOperation(iterations: iterations) { count in
    var total: Int32 = 0
    for _ in 0..<count { total &+= procedure.call(arguments) }
    sink &+= Int64(total)
}

// 4. The plugin's native backend for an already-read request.
let backend = NativeProcedureBackend()
let request = try StoredProcedureRequest(typeProperties: [
    "storedProcedureName": "[dbo].[bench_procedure]",
    "storedProcedureParameters": [
        "count": ["value": 7, "type": "Int32"], "rows": ["value": "1200", "type": "Int64"],
        "score": ["value": 0.93, "type": "Double"], "flag": ["value": true, "type": "Boolean"],
        "label": ["value": "run-42", "type": "String"],
    ],
])
let linkedService: JSONValue = ["path": .string(libraryPath)]
let throughBackend = Measurement.nanosecondsPerOperation(iterations: iterations / 10) { count in
    for _ in 0..<count { _ = try? backend.call(request, linkedService: "Bench", typeProperties: linkedService) }
}

let calls = bench_procedure_calls()
print("Native procedure call, 5 arguments (int32, int64, double, int32, const char *); median of 15 runs, ns of thread CPU time")
print("| Path | ns per call | × direct |")
print("|---|---|---|")
for (name, value) in [
    ("direct C call (the floor)", direct), ("libffi, cached ffi_cif, prepared slots", throughCIF),
    ("NativeProcedure.call (values → slots, string copied)", throughProcedure),
    ("NativeProcedureBackend.call (request → arguments → call)", throughBackend),
] {
    print("| \(name) | \(Measurement.format(value)) | \(Measurement.format(value / direct, digits: 1)) |")
}
print("(\(calls) calls made; checksum \(sink))")
