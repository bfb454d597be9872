/// What declares the parameters being bound: it names the owner in messages (`pipeline 'copy'`)
/// and says how an expression reads one of its parameters (`dataset().folder`).
public enum ParameterOwner: Sendable, Hashable, CustomStringConvertible {
    case pipeline(String)
    case dataset(String)
    case linkedService(String)

    public var description: String {
        switch self {
        case .pipeline(let name): "pipeline '\(name)'"
        case .dataset(let name): "dataset '\(name)'"
        case .linkedService(let name): "linked service '\(name)'"
        }
    }

    /// The expression that reads `parameter` of this owner.
    func reading(_ parameter: String) -> String {
        switch self {
        case .pipeline: "pipeline().parameters.\(parameter)"
        case .dataset: "dataset().\(parameter)"
        case .linkedService: "linkedService().\(parameter)"
        }
    }

    /// What goes on when a parameter of this owner has no value: a child run starts, an activity
    /// using a dataset or linked service runs.
    var goesOnAnyway: String {
        switch self {
        case .pipeline: "the run starts anyway"
        case .dataset, .linkedService: "the activity runs anyway"
        }
    }
}
