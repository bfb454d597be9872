/// The invocation document that every activity call receives (docs/plugin-abi.md, "The invocation
/// JSON"). The host writes it in one place, `ActivityInvocation.documentBytes(settings:)`.
public enum InvocationFormat {
    /// The document's `abiVersion` member: the version of its format. It is the plugin ABI major
    /// (`PH_ABI_MAJOR`; PluginContractTests hold the two equal): within a major, members are only
    /// added.
    public static let abiVersion: Int64 = 1
}
