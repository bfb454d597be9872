import PipehostJSON

extension ResourceDecoding {
    /// A notebook or Spark job definition from its `{"name", "properties"}` envelope.
    static func rawResource(
        _ kind: RawResource.Kind, _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil,
        problems: inout [ValidationProblem]
    ) -> RawResource? {
        guard let (name, properties) = envelope(
            value, at: location, fallbackName: fallbackName, what: "a \(kind.rawValue)", problems: &problems)
        else { return nil }
        return RawResource(kind: kind, name: name, properties: .object(properties.object), location: location)
    }
}
