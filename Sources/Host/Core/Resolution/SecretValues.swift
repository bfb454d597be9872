import PipehostJSON

/// Which plain-string properties of a linked service hold secrets, and which parts of connection
/// strings and SAS URIs are the secret parts. ADF accepts secrets as plain strings; pipehost still
/// keeps these out of everything a run writes.
enum SecretValues {
    /// Property names (compared ignoring case) whose string values are secrets.
    static let secretPropertyNames: Set<String> = [
        "password", "pwd", "apikey", "accountkey", "saskey", "sastoken", "sasuri", "serviceprincipalkey",
        "clientsecret", "secret", "token", "accesstoken", "encryptedcredential", "servicePrincipalCredential".lowercased(),
    ]

    /// Connection string keys (compared ignoring case) whose values are secrets.
    static let connectionStringSecretKeys: Set<String> = [
        "password", "pwd", "accountkey", "sharedaccesssignature", "sharedaccesskey", "sig",
    ]

    /// Registers the secret values inside resolved typeProperties: values of secret-named
    /// properties, and the secret parts of connection strings and SAS URIs.
    static func registerPlainSecrets(in value: JSONValue, with redactor: SecretRedactor) {
        guard case .object(let object) = value else {
            if case .array(let elements) = value { for element in elements { registerPlainSecrets(in: element, with: redactor) } }
            return
        }
        for member in object {
            let key = member.key.lowercased()
            if case .string(let text) = member.value {
                if secretPropertyNames.contains(key) {
                    redactor.register(text)
                    registerConnectionStringSecrets(text, with: redactor)
                } else if key.contains("connectionstring") || key.hasSuffix("uri") || key.hasSuffix("url") {
                    registerConnectionStringSecrets(text, with: redactor)
                }
            } else {
                registerPlainSecrets(in: member.value, with: redactor)
            }
        }
    }

    /// `Server=x;Password=p;` registers `p`; `https://a/b?sv=…&sig=s` registers the query and `s`.
    static func registerConnectionStringSecrets(_ text: String, with redactor: SecretRedactor) {
        if let query = text.firstIndex(of: "?"), text[query...].contains("sig=") {
            redactor.register(String(text[text.index(after: query)...]))
        }
        for separator: Character in [";", "&", "?"] where text.contains(separator) || separator == ";" {
            for part in text.split(separator: separator) {
                guard let equals = part.firstIndex(of: "=") else { continue }
                let key = part[..<equals].trimmingCharacters(in: " ").lowercased()
                let value = String(part[part.index(after: equals)...]).trimmingCharacters(in: " ")
                if connectionStringSecretKeys.contains(key), !value.isEmpty { redactor.register(value) }
            }
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
