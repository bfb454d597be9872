/// A parsed data flow script: its `parameters{…}` block and its statements in the order written.
///
/// Equality compares the syntax and ignores positions (see `DataFlowExpression`).
public struct DataFlowScript: Sendable, Hashable {
    public var parameters: [ScriptParameter]
    public var statements: [Statement]

    public init(parameters: [ScriptParameter] = [], statements: [Statement] = []) {
        self.parameters = parameters
        self.statements = statements
    }

    /// Reads a script; the error names the line and column and what was expected there.
    public static func parse(_ text: String) throws(DataFlowScriptError) -> DataFlowScript {
        var parser = try ScriptParser(text: text)
        return try parser.parseScript()
    }

    /// The script as canonical text; parsing it gives a script equal to this one.
    public func printed() -> String { ScriptPrinter.print(self) }
}

/// `name as type (default)` in the `parameters{…}` block; used as `$name`.
public struct ScriptParameter: Sendable, Hashable {
    public var name: String
    public var type: TypeReference
    public var defaultValue: DataFlowExpression?
    public var position: SourcePosition

    public init(name: String, type: TypeReference, defaultValue: DataFlowExpression?, at position: SourcePosition) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.position = position
    }

    public static func == (lhs: ScriptParameter, rhs: ScriptParameter) -> Bool {
        lhs.name == rhs.name && lhs.type == rhs.type && lhs.defaultValue == rhs.defaultValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(type)
        hasher.combine(defaultValue)
    }
}

/// One transformation: `Inputs transformation(arguments) ~> Name` or `~> Name@(Branch, …)`.
public struct Statement: Sendable, Hashable {
    /// The streams it reads, in order (`A, B join(…)`); none for a source.
    public var inputs: [StreamReference]
    /// The transformation's name as written (`derive`, `split`, `foldDown`, or one pipehost does not know).
    public var transformation: String
    public var arguments: [ScriptArgument]
    /// The stream's name after `~>`.
    public var name: String
    /// The output names of a transformation with several outputs (`~> Split@(Good, Bad)`); empty otherwise.
    public var branches: [String]
    /// Where the statement starts.
    public var position: SourcePosition
    /// Where its name after `~>` is.
    public var namePosition: SourcePosition

    public init(
        inputs: [StreamReference], transformation: String, arguments: [ScriptArgument], name: String,
        branches: [String] = [],
        at position: SourcePosition, namePosition: SourcePosition? = nil
    ) {
        self.inputs = inputs
        self.transformation = transformation
        self.arguments = arguments
        self.name = name
        self.branches = branches
        self.position = position
        self.namePosition = namePosition ?? position
    }

    /// The transformation when it is one pipehost knows; `nil` for others, which parse all the same.
    public var kind: TransformationKind? { TransformationKind(rawValue: transformation) }

    public static func == (lhs: Statement, rhs: Statement) -> Bool {
        lhs.inputs == rhs.inputs && lhs.transformation == rhs.transformation && lhs.arguments == rhs.arguments
            && lhs.name == rhs.name && lhs.branches == rhs.branches
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(inputs)
        hasher.combine(transformation)
        hasher.combine(arguments)
        hasher.combine(name)
        hasher.combine(branches)
    }
}

/// An input of a statement: `Name`, or `Split@Branch` for one output of a split.
public struct StreamReference: Sendable, Hashable, CustomStringConvertible {
    public var stream: String
    public var branch: String?
    public var position: SourcePosition

    public init(stream: String, branch: String? = nil, at position: SourcePosition) {
        self.stream = stream
        self.branch = branch
        self.position = position
    }

    public var description: String { branch.map { "\(stream)@\($0)" } ?? stream }

    public static func == (lhs: StreamReference, rhs: StreamReference) -> Bool {
        lhs.stream == rhs.stream && lhs.branch == rhs.branch
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stream)
        hasher.combine(branch)
    }
}
