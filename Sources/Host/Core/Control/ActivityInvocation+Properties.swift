import PipehostJSON
import PipelineModel

extension ActivityInvocation {
    /// A typeProperty by name, ignoring case.
    func property(_ key: String) -> JSONValue? {
        guard case .object(let object) = typeProperties, let value = object[caseInsensitive: key], !value.isNull else { return nil }
        return value
    }
}
