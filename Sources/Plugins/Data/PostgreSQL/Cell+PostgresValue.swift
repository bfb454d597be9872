import PostgresSupport

extension Cell {
    /// A value read from PostgreSQL, as the copy carries it.
    init(_ value: PostgresValue) {
        switch value {
        case .null: self = .null
        case .string(let text): self = .string(text)
        case .boolean(let flag): self = .boolean(flag)
        case .integer(let number): self = .integer(number)
        case .double(let number): self = .double(number)
        case .decimal(let text): self = .decimal(text)
        case .dateTime(let text): self = .dateTime(text)
        case .bytes(let bytes): self = .bytes(bytes)
        }
    }
}
