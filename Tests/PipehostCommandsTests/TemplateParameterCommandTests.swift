import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `--template-parameters` and `--template-parameter` through the real binary, and the exit
/// statuses of templates pipehost cannot use.
@Suite("ARM template options, end to end", .tags(.large))
struct TemplateParameterCommandTests {
    typealias P = PipehostProcess
    static let template = P.fixture("FactorySources/arm-no-default/ARMTemplateForFactory.json")
    static let parameters = P.fixture("FactorySources/arm-no-default/ARMTemplateParametersForFactory.json")

    @Test("validate with a parameters file and a name=value option: the factory is named, no warnings")
    func validateWithValues() throws {
        let result = try P.run([
            "validate", Self.template, "--template-parameters", Self.parameters, "--template-parameter", "environment=prod",
        ])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.output.contains("OK: 1 pipelines, 1 linked services, 0 datasets of 'contoso-local'"), "\(result.everything)")
    }

    @Test("without values, the missing connection string is one warning that says how to supply it; exit 0")
    func validateWithoutValues() throws {
        let result = try P.run(["validate", Self.template])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.output.contains("--template-parameter Sql_connectionString=VALUE"), "\(result.everything)")
        #expect(result.output.contains("0 errors, 1 warning"), "\(result.everything)")
        #expect(!result.everything.contains("X')]"))
    }

    @Test("an unknown template parameter is a usage error naming the option and the declared parameters")
    func unknownParameter() throws {
        let result = try P.run(["validate", Self.template, "--template-parameter", "factoryname2=x"])
        #expect(result.status == 64)
        #expect(result.error.contains("--template-parameter: the template declares no parameter 'factoryname2'; it declares factoryName"))
    }

    @Test("template options for a source that is no template are a usage error")
    func notATemplate() throws {
        let result = try P.run(["graph", P.fixture("Factories/git-factory"), "--pipeline", "score", "-o", "/dev/null.svg", "--template-parameter", "a=b"])
        #expect(result.status == 64)
        #expect(result.error.contains("give values to an ARM template's parameters"), "\(result.everything)")
    }

    @Test("a template without pipelines exits 64 with what it holds, never OK: 0 pipelines")
    func noPipelines() throws {
        let result = try P.run(["validate", P.fixture("FactorySources/arm-no-pipelines.json")])
        #expect(result.status == 64)
        #expect(result.error.contains("holds no pipelines"))
        #expect(result.error.contains("Microsoft.DataFactory/factories/triggers"))
        #expect(!result.output.contains("OK"))
    }

    @Test("run takes the options too")
    func runWithValues() throws {
        let result = try P.run([
            "run", P.fixture("FactorySources/linked-templates"), "--pipeline", "run wait", "--template-parameter", "factoryName=contoso",
            "--no-store",
        ])
        #expect(result.status == 0, "\(result.everything)")
        // The child pipeline comes from another file of the linked-template export.
        #expect(result.everything.contains("Run wait"), "\(result.everything)")
    }
}
