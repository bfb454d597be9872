import PipehostJSON

/// One built-in function: its canonical name, how many arguments it takes, whether a call with
/// constant arguments may be computed at compile time, and its body. A class, so that looking a
/// function up hands over one reference rather than copying its closures.
final class FunctionDefinition: Sendable {
    /// A body that receives its arguments already evaluated.
    typealias Eager = @Sendable (Arguments, CallSite, EvaluationScope) throws(EvaluationFailure) -> JSONValue
    /// A body that evaluates its own arguments (`if`, `and`, `or`, `coalesce` short-circuit).
    typealias Lazy = @Sendable ([any EvaluationNode], CallSite, EvaluationScope) throws(EvaluationFailure) -> JSONValue
    /// Derives data from the constant arguments once at compile time.
    typealias Prepare = @Sendable (ArraySlice<ParsedValue>) -> PreparedArgument?

    /// Builds a specialised node for a call (the date functions, which pass timestamps to each other
    /// without formatting and re-reading them).
    typealias MakeNode = @Sendable (CallSite, [Operand]) -> any EvaluationNode

    enum Body: Sendable {
        case eager(Eager)
        case lazy(Lazy)
        case node(MakeNode)
    }

    let name: String
    let minimumArguments: Int
    /// `Int.max` for functions that take any number of arguments.
    let maximumArguments: Int
    /// False for functions whose result depends on more than their arguments (the clock, random
    /// numbers, the scope) or that read timestamps, which may omit the date and mean "today".
    let isFoldable: Bool
    let body: Body
    let prepare: Prepare?
    /// The scope functions the compiler reads straight from the scope.
    let isPipeline: Bool
    let isScopeLookup: Bool

    init(
        _ name: String, arguments: ClosedRange<Int>, foldable: Bool = true, prepare: Prepare? = nil,
        _ body: @escaping Eager
    ) {
        self.name = name
        self.minimumArguments = arguments.lowerBound
        self.maximumArguments = arguments.upperBound
        self.isFoldable = foldable
        self.body = .eager(body)
        self.prepare = prepare
        isPipeline = name == "pipeline"
        isScopeLookup = name == "variables" || name == "activity"
    }

    init(
        _ name: String, arguments: ClosedRange<Int>, foldable: Bool, prepare: Prepare? = nil,
        node makeNode: @escaping MakeNode
    ) {
        self.name = name
        self.minimumArguments = arguments.lowerBound
        self.maximumArguments = arguments.upperBound
        self.isFoldable = foldable
        self.body = .node(makeNode)
        self.prepare = prepare
        isPipeline = false
        isScopeLookup = false
    }

    init(_ name: String, arguments: ClosedRange<Int>, lazy body: @escaping Lazy) {
        self.name = name
        self.minimumArguments = arguments.lowerBound
        self.maximumArguments = arguments.upperBound
        self.isFoldable = true
        self.body = .lazy(body)
        self.prepare = nil
        isPipeline = false
        isScopeLookup = false
    }

    /// "exactly 2", "at least 1", "1 or 2", "between 2 and 4".
    var arityDescription: String {
        if minimumArguments == maximumArguments {
            return minimumArguments == 1 ? "exactly 1 parameter" : "exactly \(minimumArguments) parameters"
        }
        if maximumArguments == Int.max {
            return minimumArguments == 1 ? "at least 1 parameter" : "at least \(minimumArguments) parameters"
        }
        if maximumArguments == minimumArguments + 1 {
            return "\(minimumArguments) or \(maximumArguments) parameters"
        }
        return "between \(minimumArguments) and \(maximumArguments) parameters"
    }
}

/// Every function of the ADF expression language, found by name without regard to case.
///
/// Names are looked up straight from the expression's UTF-8 bytes in an open-addressing table keyed
/// by an FNV-1a hash of the lower-cased name, so compiling a call allocates nothing for the lookup.
enum FunctionLibrary {
    static let definitions: [FunctionDefinition] = [
        StringFunctions.definitions, CollectionFunctions.definitions, LogicalFunctions.definitions,
        ConversionFunctions.definitions, EncodingFunctions.definitions, MathFunctions.definitions,
        DateFunctions.definitions, XMLFunctions.definitions, ScopeFunctions.definitions,
    ].flatMap { $0 }

    /// The table: one word per slot, `definition index << 32 | name start << 8 | name length`
    /// (0 for an empty slot, so indexes are stored plus one), and the lower-cased names packed in one
    /// byte array. Plain integers, so a lookup retains nothing.
    private static let slotCount = 512
    private static let slots: [UInt64] = table.slots
    private static let lowercasedNames: [UInt8] = table.names
    private static let table: (slots: [UInt64], names: [UInt8]) = {
        var slots = [UInt64](repeating: 0, count: slotCount)
        var names: [UInt8] = []
        for (index, function) in definitions.enumerated() {
            let name = Array(function.name.lowercased().utf8)
            var slot = Int(name.withUnsafeBufferPointer(hash) & UInt64(slotCount - 1))
            while slots[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
            slots[slot] = UInt64(index + 1) << 32 | UInt64(names.count) << 8 | UInt64(name.count)
            names.append(contentsOf: name)
        }
        return (slots, names)
    }()

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(lowercased(byte))
            value &*= 0x0000_0100_0000_01B3
        }
        return value
    }

    /// The function whose name equals `name` ignoring ASCII case.
    static func definition(named name: UnsafeBufferPointer<UInt8>) -> FunctionDefinition? {
        let index: Int? = slots.withUnsafeBufferPointer { slotBuffer in
            lowercasedNames.withUnsafeBufferPointer { nameBuffer in
                var slot = Int(hash(name) & UInt64(slotCount - 1))
                while true {
                    let entry = slotBuffer[slot]
                    if entry == 0 { return nil }
                    if Int(entry & 0xFF) == name.count {
                        let start = Int(entry >> 8 & 0xFF_FFFF)
                        var equal = true
                        for offset in 0..<name.count where lowercased(name[offset]) != nameBuffer[start + offset] {
                            equal = false
                            break
                        }
                        if equal { return Int(entry >> 32) - 1 }
                    }
                    slot = (slot + 1) & (slotCount - 1)
                }
            }
        }
        return index.map { definitions[$0] }
    }

    static func definition(named name: String) -> FunctionDefinition? {
        var copy = name
        return copy.withUTF8 { definition(named: $0) }
    }

    /// The canonical names, sorted, for documentation and tests.
    static let names: [String] = definitions.map(\.name).sorted()
}
