import ArgumentParser
import PipelineModel

/// `--template-parameters FILE` and `--template-parameter name=value` (repeatable): values for an
/// ARM template's parameters, on every command that loads a factory.
struct TemplateParameterOptions: ParsableArguments {
    @Option(name: .customLong("template-parameters"), help: ArgumentHelp(
        "An ARM parameters file for the template: {\"parameters\": {\"name\": {\"value\": …}}} (docs/factory-sources.md).",
        valueName: "file"))
    var file: String?

    @Option(name: .customLong("template-parameter"), help: ArgumentHelp(
        "An ARM template parameter as name=value, read by its declared type; wins over --template-parameters.",
        valueName: "name=value"))
    var values: [String] = []

    /// The options as the loader takes them.
    var loadOptions: FactoryLoadOptions {
        FactoryLoadOptions(templateParametersFile: file, templateParameters: values)
    }
}
