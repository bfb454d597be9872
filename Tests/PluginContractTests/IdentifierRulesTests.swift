import PluginContract
import TestSizeTags
import Testing

@Suite("Names a plugin declares", .tags(.small))
struct IdentifierRulesTests {
    @Test("activity type names", arguments: [
        ("Custom", true), ("AzureMLBatchExecution", true), ("Acme.Deploy-v2_x", true),
        ("", false), ("has space", false), ("é", false), (String(repeating: "a", count: 128), true),
        (String(repeating: "a", count: 129), false),
    ])
    func typeNames(name: String, valid: Bool) {
        #expect((IdentifierRules.problem(withTypeName: name) == nil) == valid)
    }

    @Test("plugin ids are reverse-DNS", arguments: [
        ("org.pipehost.azureml", true), ("com.example", true), ("x", false), ("org..x", false), (".org.x", false),
        ("org.x/y", false), ("", false),
    ])
    func pluginIDs(id: String, valid: Bool) {
        #expect((IdentifierRules.problem(withPluginID: id) == nil) == valid)
    }

    @Test("versions are semantic", arguments: [
        ("1.0.0", true), ("0.10.3-beta.1", true), ("2.0.0+build.7", true), ("1.0", false), ("v1.0.0", false),
        ("1.0.0-", false), ("", false), ("1.a.0", false),
    ])
    func versions(version: String, valid: Bool) {
        #expect((IdentifierRules.problem(withVersion: version) == nil) == valid)
    }

    @Test("problems say what to use instead")
    func messages() {
        #expect(IdentifierRules.problem(withTypeName: "a b")?.contains("' '") == true)
        #expect(IdentifierRules.problem(withPluginID: "plain")?.contains("reverse-DNS") == true)
        #expect(IdentifierRules.problem(withVersion: "1")?.contains("MAJOR.MINOR.PATCH") == true)
    }
}
