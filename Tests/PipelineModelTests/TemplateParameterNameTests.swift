import Foundation
import PipehostJSON
import TestSizeTags
import Testing

@testable import PipelineModel

/// ADF's template gallery leaves the linked services to the user: a reference named by a template
/// parameter without a value is reported with the parameter to give, not a file to add.
@Suite("References named by template parameters", .tags(.small))
struct TemplateParameterNameTests {
    static let gallery = FactorySourceFormatTests.source("gallery-template.json")

    @Test("only an unresolved [parameters('…')] names a template parameter",
          arguments: [
            ("[parameters('AzureBlobStorage')]", "AzureBlobStorage"), ("[PARAMETERS('a b')]", "a b"),
            ("AzureBlobStorage", nil), ("[[parameters('x')]", nil), ("[concat(parameters('x'), 'y')]", nil),
            ("[parameters('')]", nil), ("[parameters('x')", nil),
          ] as [(String, String?)])
    func parameterNames(name: String, parameter: String?) {
        #expect(TemplateParameterName.parameter(in: name) == parameter)
    }

    @Test("a gallery template's linked service without a value: the error names the parameter and the options")
    func galleryTemplate() throws {
        let loaded = try FactoryLoader.load(at: Self.gallery)
        let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: "List source files"))
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.kind == .unknownLinkedService)
        #expect(errors.first?.location.jsonPath == "$.resources[1].properties.linkedServiceName")
        #expect(errors.first?.message == "the linked service name comes from the ARM template parameter 'SourceStore', which has no value: "
            + "give the name of a linked service with --template-parameter SourceStore=NAME or --template-parameters FILE")

        let named = try FactoryLoader.load(at: Self.gallery, options: FactoryLoadOptions(templateParameters: ["SourceStore=Blob"]))
        let renamed = FactoryValidator.validate(named.factory, options: ValidationOptions(pipelineName: "List source files"))
        #expect(renamed.filter { $0.severity == .error }.map(\.message) == [
            "there is no linked service named 'Blob'; the factory has none (add linkedService/Blob.json)",
        ])
    }
}
