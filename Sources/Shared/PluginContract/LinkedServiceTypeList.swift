/// The text of `ph_activity_descriptor.linked_service_types` (ABI 1.1): linked service type names
/// separated by commas, each spelled by the activity type name rule. The host reads it with
/// ``parse(_:)``; PluginKit writes it with ``text(_:)`` after checking it with ``parse(_:)`` too.
public enum LinkedServiceTypeList {
    /// Most names one list may hold.
    public static let maximumCount = 256

    /// The names in `list`, or why it is unusable, as a sentence tail ("names no type").
    public static func parse(_ list: String) -> Result<[String], CStringProblem> {
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if list.isEmpty { return .failure(CStringProblem("is empty; set it to NULL when the activity does not say which types it reaches")) }
        if names.count > maximumCount {
            return .failure(CStringProblem("names \(names.count) types; at most \(maximumCount) are allowed"))
        }
        for name in names {
            if name.isEmpty {
                return .failure(CStringProblem("'\(list)' has an empty name; separate names by single commas, without spaces"))
            }
            if let problem = IdentifierRules.problem(withLinkedServiceTypeName: name) {
                return .failure(CStringProblem("'\(list)': \(problem)"))
            }
        }
        return .success(names)
    }

    /// The list as the descriptor carries it.
    public static func text(_ names: [String]) -> String { names.joined(separator: ",") }
}

/// Why a C string in a plugin table cannot be read; reads as a sentence tail ("is not UTF-8").
public struct CStringProblem: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
