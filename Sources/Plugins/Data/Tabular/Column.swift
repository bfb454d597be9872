/// One column of a tabular stream: its name as the source reports it and its interim type.
struct Column: Sendable, Equatable {
    var name: String
    var type: InterimType

    init(name: String, type: InterimType = .string) {
        self.name = name
        self.type = type
    }
}
