import AzureMLEmulator
import Foundation

/// `--stop-on-stdin-eof`: a program that starts the emulator as its child keeps the write end of
/// the emulator's standard input open; when that program exits, however it exits (even killed), the
/// kernel closes it, this watch reads the end of the input and the emulator stops. No child
/// emulator outlives the run that started it.
enum StandardInputWatch {
    static func stopWhenInputEnds(_ emulator: AzureMLEmulator) {
        // A blocking read loop needs its own thread, not one of the concurrency pool's.
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count == 0 || (count < 0 && errno != EINTR) { break }
            }
            Task { await emulator.stop() }
        }
    }
}
