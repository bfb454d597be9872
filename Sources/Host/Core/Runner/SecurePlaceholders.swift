import PipehostJSON

/// What run records and logs show instead of the input or output of an activity whose policy has
/// `secureInput` or `secureOutput`. ADF does not document its placeholder; pipehost writes a
/// string that says why the value is missing.
public enum SecurePlaceholder {
    public static let input: JSONValue = "Secure input: not recorded because policy.secureInput is true"
    public static let output: JSONValue = "Secure output: not recorded because policy.secureOutput is true"
}
