/// Reads a file's ELF header before `dlopen` sees it, to say precisely why something is not a
/// loadable plugin (a text file, an executable, an object file, another architecture) instead of
/// passing on the loader's terse "invalid ELF header".
enum SharedObjectCheck {
    /// Nil when the file looks like a shared library for this machine, else the reason it is not.
    static func problem(withFileAt path: String) -> String? {
        let header: [UInt8]
        switch FileSystem.readPrefix(path, count: 20) {
        case .success(let bytes): header = bytes
        case .failure(let error): return "it cannot be read (\(error.reason))"
        }
        guard header.count >= 4, header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]) else {
            if header.isEmpty { return "it is an empty file" }
            let looksLikeText = header.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) }
            return looksLikeText ? "it is a text file, not an ELF shared library" : "it is not an ELF file"
        }
        guard header.count >= 20 else { return "its ELF header is truncated" }
        let bits = header[4] == 2 ? 64 : 32
        if bits != Int.bitWidth { return "it is a \(bits)-bit library and this host is \(Int.bitWidth)-bit" }
        if header[5] != 1 { return "it is a big-endian library and this host is little-endian" }
        let type = UInt16(header[16]) | UInt16(header[17]) << 8
        switch type {
        case 3: break
        case 1: return "it is an object file (.o), not a shared library; link it with -shared"
        case 2: return "it is an executable, not a shared library; build the plugin as a shared library (-shared)"
        case 4: return "it is a core dump"
        default: return "its ELF type is \(type), not a shared library (3)"
        }
        let machine = UInt16(header[18]) | UInt16(header[19]) << 8
        if let hostMachine = hostMachine, machine != hostMachine {
            return "it was built for \(machineName(machine)) and this host runs on \(machineName(hostMachine))"
        }
        return nil
    }

    private static var hostMachine: UInt16? {
        #if arch(x86_64)
        return 62
        #elseif arch(arm64)
        return 183
        #elseif arch(i386)
        return 3
        #elseif arch(arm)
        return 40
        #elseif arch(riscv64)
        return 243
        #else
        return nil
        #endif
    }

    private static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 62: "x86_64"
        case 183: "aarch64"
        case 3: "i386"
        case 40: "arm"
        case 243: "riscv64"
        default: "ELF machine \(machine)"
        }
    }
}
