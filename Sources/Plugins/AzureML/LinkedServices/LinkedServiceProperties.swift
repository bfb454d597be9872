import PluginKit

/// The `typeProperties` of a resolved linked service, read with paths that name the linked
/// service (`linkedService(AzureMLLinkedService).typeProperties.apiKey`).
///
/// The host resolves `SecureString` values and Key Vault references before the call, so secrets
/// arrive as plain strings; a `SecureString` object is still accepted (a test or another host may
/// pass one through), a Key Vault reference the host left unresolved is refused with a clear error.
struct LinkedServiceProperties: Sendable {
    let service: Invocation.LinkedService
    let reader: PropertyReader

    init(_ service: Invocation.LinkedService) {
        self.service = service
        reader = PropertyReader(service.typeProperties, path: "linkedService(\(service.name)).typeProperties")
    }

    /// True when the property is present and not null.
    func has(_ name: String) -> Bool { reader.member(name) != nil }

    /// A plain (non-secret) string property; nil when absent.
    func string(_ name: String) throws(ActivityFailure) -> String? {
        try reader.member(name)?.string()
    }

    /// A property that may hold a secret: a string, a `SecureString` object, or a resolved Key
    /// Vault reference (a string by then). nil when absent.
    func secret(_ name: String) throws(ActivityFailure) -> String? {
        guard let property = reader.member(name) else { return nil }
        switch property.value {
        case .string(let text):
            guard !text.isEmpty else { throw .invalidProperty(property.path, "the value is empty") }
            return text
        case .object:
            let type = property.member("type")?.value.stringValue ?? ""
            if asciiCaseInsensitiveEquals(type, "SecureString") {
                return try property.required("value").string()
            }
            if asciiCaseInsensitiveEquals(type, "AzureKeyVaultSecret") {
                throw .invalidProperty(
                    property.path,
                    "the Key Vault reference was not resolved by the host; configure a secret provider that knows secret '\(property.member("secretName")?.value.stringValue ?? "?")'"
                )
            }
            throw .wrongPropertyType(
                property.path, "expected a string, a SecureString or an AzureKeyVaultSecret reference")
        default:
            throw .wrongPropertyType(property.path, "expected a string, found \(PropertyReader.describe(property.value))")
        }
    }
}
