/// The spelling rules for the names a plugin table declares. The host checks them when it
/// validates a table; PluginKit checks them when it builds one, so a Swift plugin author sees the
/// problem in a test instead of at load time.
///
/// Each function returns nil when the name is valid, or a sentence saying what is wrong.
public enum IdentifierRules {
    /// An activity `type` name: 1 to 128 characters from `[A-Za-z0-9_.-]`.
    public static func problem(withTypeName name: String) -> String? {
        problem(withName: name, called: "the activity type name")
    }

    /// A linked service type name (`AzureBlobStorage`): the same rule as activity type names.
    public static func problem(withLinkedServiceTypeName name: String) -> String? {
        problem(withName: name, called: "the linked service type name")
    }

    private static func problem(withName name: String, called noun: String) -> String? {
        if name.isEmpty { return "\(noun) is empty" }
        if name.utf8.count > PluginLimits.maximumTypeNameLength {
            return "\(noun) is longer than \(PluginLimits.maximumTypeNameLength) characters"
        }
        if let bad = name.unicodeScalars.first(where: { !isTypeNameScalar($0) }) {
            return "\(noun) '\(name)' contains \(describe(bad)); use only A-Z, a-z, 0-9, '_', '.' and '-'"
        }
        return nil
    }

    /// A plugin id: reverse-DNS, at least two dot-separated labels of `[A-Za-z0-9_-]`, e.g.
    /// `org.pipehost.azureml`.
    public static func problem(withPluginID id: String) -> String? {
        if id.isEmpty { return "the plugin id is empty" }
        if id.utf8.count > PluginLimits.maximumPluginIDLength {
            return "the plugin id is longer than \(PluginLimits.maximumPluginIDLength) characters"
        }
        let labels = id.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: \.isEmpty) {
            return "the plugin id '\(id)' is not reverse-DNS: use dot-separated names such as 'com.example.deploy'"
        }
        if let bad = id.unicodeScalars.first(where: { !isTypeNameScalar($0) }) {
            return "the plugin id '\(id)' contains \(describe(bad)); use only A-Z, a-z, 0-9, '_', '-' and dots"
        }
        return nil
    }

    /// A plugin version: semantic versioning `MAJOR.MINOR.PATCH`, optionally followed by
    /// `-prerelease` and/or `+build` made of `[0-9A-Za-z.-]`.
    public static func problem(withVersion version: String) -> String? {
        let core = version.prefix { $0 != "-" && $0 != "+" }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        let numeric = numbers.count == 3 && numbers.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        }
        let suffix = version.dropFirst(core.count)
        let suffixValid = suffix.unicodeScalars.allSatisfy { scalar in
            isPluginIDScalar(scalar) || scalar == "+" || scalar == "."
        }
        if numeric && suffixValid && suffix != "-" && suffix != "+" { return nil }
        return "the version '\(version)' is not semantic versioning: use MAJOR.MINOR.PATCH such as '1.4.0'"
    }

    private static func isTypeNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        isPluginIDScalar(scalar) || scalar == "."
    }

    private static func isPluginIDScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F { return "'\(Character(scalar))'" }
        return "U+\(String(scalar.value, radix: 16, uppercase: true))"
    }
}
