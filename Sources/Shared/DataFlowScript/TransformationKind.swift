/// The transformations pipehost knows by their script names. The designer's names differ for some:
/// conditional split is `split`, surrogate key is `keyGenerate`, flatten is `foldDown`, external
/// call is `call`. A "new branch" in the designer is no transformation in the script: it is a
/// second statement reading the same stream.
public enum TransformationKind: String, Sendable, Hashable, CaseIterable {
    case source, sink
    case select, derive, filter, aggregate
    case join, lookup, exists, union
    /// Conditional split; its outputs are named `~> Split@(A, B, …)`.
    case split
    case alterRow, sort
    /// Surrogate key.
    case keyGenerate
    case window, rank, pivot, unpivot
    /// Flatten.
    case foldDown
    case parse, stringify, cast, assert
    /// External call (REST).
    case call
    /// A flowlet's input and output.
    case input, output

    /// The name ADF's designer shows.
    public var designerName: String {
        switch self {
        case .split: "conditional split"
        case .keyGenerate: "surrogate key"
        case .foldDown: "flatten"
        case .derive: "derived column"
        case .alterRow: "alter row"
        case .call: "external call"
        default: rawValue
        }
    }
}
