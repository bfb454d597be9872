/// A column type in a schema: `string`, `decimal(10,2)`, `string[]`, `(a as string, b as integer)`,
/// `[string, integer]` (a map), with optional format strings (`date 'yyyy-MM-dd'`).
public struct TypeReference: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A named type, with parameters for `decimal(precision, scale)`.
        case named(String, parameters: [Int64])
        case array(TypeReference)
        case structure([FieldDeclaration])
        case map(key: TypeReference, value: TypeReference)
    }

    public var kind: Kind
    /// Format strings after the type, as in `d as date 'yyyy-MM-dd'`.
    public var formats: [String]
    public var position: SourcePosition
    let height: Int

    public init(_ kind: Kind, formats: [String] = [], at position: SourcePosition) {
        self.kind = kind
        self.formats = formats
        self.position = position
        switch kind {
        case .named: height = 1
        case .array(let element): height = 1 + element.height
        case .structure(let fields): height = 1 + (fields.map { max($0.name.height, $0.type.height) }.max() ?? 0)
        case .map(let key, let value): height = 1 + max(key.height, value.height)
        }
    }

    public static func == (lhs: TypeReference, rhs: TypeReference) -> Bool {
        lhs.kind == rhs.kind && lhs.formats == rhs.formats
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(formats)
    }
}

/// `name as type` inside a structure type.
public struct FieldDeclaration: Sendable, Hashable {
    /// A `.column`, `.quotedColumn` or `.string` expression.
    public var name: DataFlowExpression
    public var type: TypeReference

    public init(name: DataFlowExpression, type: TypeReference) {
        self.name = name
        self.type = type
    }
}
