/// Why a configuration can't be used, with the file and the JSON path of the problem.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file, when the configuration came from one.
    public var file: String?
    /// The JSON path of the offending value, e.g. `webServices[1].endpoints[0].apiKey`.
    public var path: String
    /// What is wrong and how to fix it.
    public var problem: String

    /// Creates an error.
    public init(file: String? = nil, path: String, problem: String) {
        self.file = file
        self.path = path
        self.problem = problem
    }

    /// `emulator.json: webServices[1].endpoints[0].apiKey: <problem>`.
    public var description: String {
        let location = path.isEmpty ? "" : "\(path): "
        return "\(file.map { "\($0): " } ?? "")\(location)\(problem)"
    }
}
