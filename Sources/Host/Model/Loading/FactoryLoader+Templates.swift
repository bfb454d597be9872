import Foundation
import PipehostJSON

extension FactoryLoader {
    /// Every template parameter value must name a parameter some template of the source declares.
    static func checkTemplateParameters(_ given: [ARMTemplateParameterValues.Given], declared: [String]) throws(FactoryLoadError) {
        let known = Set(declared.map { $0.lowercased() })
        if let unknown = given.first(where: { !known.contains($0.name.lowercased()) }) {
            throw .unknownTemplateParameter(option: unknown.option, name: unknown.name, declared: declared)
        }
    }

    /// `Microsoft.DataFactory/factories/triggers (2)`, sorted, for messages.
    static func describe(_ types: [String: Int]) -> [String] {
        types.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { $0.value == 1 ? $0.key : "\($0.key) (\($0.value))" }
    }
}

/// The ARM templates of one folder merged into one factory: ADF's linked-template export splits
/// a factory over `ArmTemplate_0.json`, `ArmTemplate_1.json`, … beside `ArmTemplate_master.json`.
struct TemplateMerge {
    private(set) var count = 0
    private(set) var declaredParameters: [String] = []
    private(set) var resourceTypes: [String: Int] = [:]
    private(set) var pipelineResources = 0
    private var links: [ARMLinkedTemplate] = []
    private var loadedFiles: Set<String> = []
    private var collected: [ValidationProblem] = []
    private var named = false

    mutating func merge(_ contents: ARMTemplateContents, file: String, problems: [ValidationProblem], into factory: inout Factory) {
        count += 1
        loadedFiles.insert(file.lowercased())
        for name in contents.declaredParameters where !declaredParameters.contains(where: { $0.lowercased() == name.lowercased() }) {
            declaredParameters.append(name)
        }
        resourceTypes.merge(contents.resourceTypes, uniquingKeysWith: +)
        pipelineResources += contents.pipelineResources
        links += contents.linkedTemplates
        collected += problems
        let template = contents.factory
        if !named, template.name != "factory" {
            factory.name = template.name
            named = true
        }
        for (name, value) in template.globalParameters { factory.globalParameters[name] = value }
        if let location = template.globalParametersLocation { factory.globalParametersLocation = location }
        for pipeline in template.pipelines { factory.add(pipeline, reportingDuplicatesIn: &collected) }
        for service in template.linkedServices {
            if let existing = factory.add(service) {
                collected.append(Factory.duplicate("linked service", service.name, service.location, existing.location))
            }
        }
        for dataset in template.datasets {
            if let existing = factory.add(dataset) {
                collected.append(Factory.duplicate("dataset", dataset.name, dataset.location, existing.location))
            }
        }
        for dataFlow in template.dataFlows {
            if let existing = factory.add(dataFlow) {
                collected.append(Factory.duplicate("data flow", dataFlow.name, dataFlow.location, existing.location))
            }
        }
        for resource in template.rawResources {
            if let existing = factory.add(resource) {
                collected.append(Factory.duplicate(resource.kind.rawValue, resource.name, resource.location, existing.location))
            }
        }
    }

    /// Linked templates that are not among the folder's files.
    var unloadedLinks: [String] {
        links.filter { !loadedFiles.contains(($0.file ?? "").lowercased()) }.map { $0.file ?? $0.uri }
    }

    /// The templates' problems, with a warning for each linked template the folder does not hold.
    var problems: [ValidationProblem] {
        collected + links.filter { !loadedFiles.contains(($0.file ?? "").lowercased()) }.map(\.warning)
    }
}
