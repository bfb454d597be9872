/// One argument of a transformation or of a function call: `value`, `name: value`,
/// `target = value` or `column as type`.
public struct ScriptArgument: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A positional value: `true()`, `mapColumn(…)`, `partitionBy('hash', 1)`.
        case value(DataFlowExpression)
        /// `allowSchemaDrift: true`, `joinType: 'left'`.
        case option(name: String, value: DataFlowExpression)
        /// `upper = upper(title)`, `$$ = first($$)`, `$param + '_x' = $$`.
        case assignment(target: DataFlowExpression, value: DataFlowExpression)
        /// `title as string` in `output(…)` and `cast(…)`.
        case declaration(name: DataFlowExpression, type: TypeReference)
    }

    public var kind: Kind
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    public static func == (lhs: ScriptArgument, rhs: ScriptArgument) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// The option's name, for `name: value`.
    public var optionName: String? {
        if case .option(let name, _) = kind { return name }
        return nil
    }

    var height: Int {
        switch kind {
        case .value(let value), .option(_, let value): value.height
        case .assignment(let target, let value): max(target.height, value.height)
        case .declaration(let name, let type): max(name.height, type.height)
        }
    }
}

extension Array where Element == ScriptArgument {
    /// The value of the option `name` (`name: value`), if present.
    public func option(_ name: String) -> DataFlowExpression? {
        for argument in self {
            if case .option(name, let value) = argument.kind { return value }
        }
        return nil
    }

    /// The positional calls named `name` (`groupBy(…)`, `mapColumn(…)`).
    public func calls(named name: String) -> [FunctionCall] {
        compactMap { argument in
            if case .value(let value) = argument.kind, case .call(let call) = value.kind, call.name == name {
                return call
            }
            return nil
        }
    }
}
