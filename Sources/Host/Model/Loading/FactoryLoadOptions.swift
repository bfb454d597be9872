/// How to load a factory beyond its path: values for an ARM template's parameters. One home for
/// the options every command that loads a factory takes (`--template-parameters`,
/// `--template-parameter`).
public struct FactoryLoadOptions: Sendable, Equatable {
    /// An ARM deployment parameters file (`{"parameters": {"name": {"value": …}}}`).
    public var templateParametersFile: String?
    /// `name=value` pairs, in the order given; they win over the file. Values are read by the
    /// parameter's declared type (string, int, bool, object, array, securestring, secureObject).
    public var templateParameters: [String]

    public init(templateParametersFile: String? = nil, templateParameters: [String] = []) {
        self.templateParametersFile = templateParametersFile
        self.templateParameters = templateParameters
    }

    /// Whether any template parameter value was given.
    public var givesTemplateParameters: Bool { templateParametersFile != nil || !templateParameters.isEmpty }
}
