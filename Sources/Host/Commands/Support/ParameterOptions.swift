import ArgumentParser
import Foundation
import PipehostJSON
import PipelineModel

/// `--param name=value` (repeatable) and `--params file.json`.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp(
        "A pipeline parameter as name=value; numbers, booleans, arrays and objects are parsed by the parameter's type.",
        valueName: "name=value"))
    var values: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp(
        "A JSON file of parameter values: {\"name\": value, …} (ADF's parameter file shape). --param wins over it.",
        valueName: "file.json"))
    var file: String?

    /// The values by name, converted to each declared parameter's type.
    func resolve(for pipeline: Pipeline?) throws(CommandFailure) -> JSONObject {
        var result = JSONObject()
        if let file {
            switch FactoryLoader.readJSON(file) {
            case .success(.object(let object)):
                result = Self.unwrapARMParameterFile(object)
            case .success:
                throw CommandFailure("the parameter file '\(file)' must hold a JSON object of parameter values")
            case .failure(let problem):
                throw CommandFailure("\(problem.location.file): \(problem.message)")
            }
        }
        for pair in values {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw CommandFailure("--param '\(pair)' must have the form name=value")
            }
            let name = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            guard let specification = pipeline?.parameter(named: name) else {
                result[name] = .string(text)  // reported as unknown by validation, with the declared names
                continue
            }
            guard let value = specification.type.coerce(text) else {
                throw CommandFailure(
                    "--param \(specification.name): the parameter is \(specification.type.rawValue); give \(specification.type.example)")
            }
            result[specification.name] = value
        }
        return result
    }

    /// An ARM deployment parameter file (`{"parameters": {"p": {"value": …}}}`) holds the values
    /// one level down; a plain `{"p": …}` object is taken as it is.
    static func unwrapARMParameterFile(_ object: JSONObject) -> JSONObject {
        guard object.count <= 3, case .object(let parameters)? = object["parameters"],
            parameters.values.allSatisfy({ $0.objectValue?["value"] != nil })
        else { return object }
        var result = JSONObject()
        for member in parameters { result[member.key] = member.value["value"] ?? .null }
        return result
    }

    /// Where values came from, for messages.
    var location: SourceLocation {
        if values.isEmpty, let file { return SourceLocation(file: file) }
        return SourceLocation(file: "<command line>", jsonPath: "--param")
    }
}
