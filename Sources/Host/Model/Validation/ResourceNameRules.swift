/// ADF's naming rules for resources and activities.
public enum ResourceNameRules {
    /// Characters ADF does not allow anywhere in a name.
    public static let forbiddenCharacters: Set<Character> = [".", "+", "?", "/", "<", ">", "*", "%", "&", ":", "\\"]
    public static let maximumResourceNameLength = 140
    public static let maximumActivityNameLength = 55

    /// Why `name` is not a valid name of at most `maximumLength` characters, or `nil` if it is.
    public static func problem(with name: String, maximumLength: Int) -> String? {
        guard let first = name.first else { return "the name is empty" }
        if name.count > maximumLength {
            return "the name '\(name)' has \(name.count) characters; ADF allows at most \(maximumLength)"
        }
        if !(first.isLetter || first.isNumber || first == "_") {
            return "the name '\(name)' must start with a letter, a digit or '_'"
        }
        let forbidden = Set(name.filter { forbiddenCharacters.contains($0) })
        if !forbidden.isEmpty {
            let list = forbidden.sorted().map { "'\($0)'" }.joined(separator: " ")
            return "the name '\(name)' contains \(list); ADF does not allow . + ? / < > * % & : \\ in names"
        }
        return nil
    }
}
