import PipehostJSON

/// The evaluated arguments of one call, held inline for up to four values so that evaluating a
/// typical call allocates nothing.
struct Arguments {
    let count: Int
    private var first: JSONValue = .null
    private var second: JSONValue = .null
    private var third: JSONValue = .null
    private var fourth: JSONValue = .null
    private var rest: [JSONValue] = []

    init(count: Int) {
        self.count = count
        if count > 4 { rest.reserveCapacity(count - 4) }
    }

    init(_ values: [JSONValue]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { set(index, value) }
    }

    subscript(index: Int) -> JSONValue {
        switch index {
        case 0: first
        case 1: second
        case 2: third
        case 3: fourth
        default: rest[index - 4]
        }
    }

    /// Stores argument `index`; arguments are stored in order.
    mutating func set(_ index: Int, _ value: JSONValue) {
        switch index {
        case 0: first = value
        case 1: second = value
        case 2: third = value
        case 3: fourth = value
        default: rest.append(value)
        }
    }

    /// The argument at `index` when it was passed.
    func optional(_ index: Int) -> JSONValue? {
        index < count ? self[index] : nil
    }

    var all: [JSONValue] {
        (0..<count).map { self[$0] }
    }
}
