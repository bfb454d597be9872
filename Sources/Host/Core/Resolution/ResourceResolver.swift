import PipehostJSON
import PipelineExpressions
import PipelineModel
import Synchronization

/// Resolves the linked services and datasets an activity refers to: binds and evaluates their
/// parameters, evaluates their expressions, and turns `SecureString` and Key Vault references into
/// plain strings, registering every secret with the run's redactor.
final class ResourceResolver: Sendable {
    let factory: Factory
    let secrets: any SecretProvider
    let redactor: SecretRedactor
    let cache: ExpressionCache
    let globalParameters: JSONObject
    private let resolved = Mutex<[String: ResolvedLinkedService]>([:])

    init(factory: Factory, secrets: any SecretProvider, redactor: SecretRedactor, cache: ExpressionCache, globalParameters: JSONObject) {
        self.factory = factory
        self.secrets = secrets
        self.redactor = redactor
        self.cache = cache
        self.globalParameters = globalParameters
    }

    /// The linked service named by `name`, with `parameters` (already evaluated in the caller's scope).
    func linkedService(named name: String, parameters: JSONObject, for activity: String) throws(ActivityError) -> ResolvedLinkedService {
        let key = name.lowercased() + "|" + JSONSerializer.serialize(.object(parameters), options: .init(sortedKeys: true))
        if let hit = resolved.withLock({ $0[key] }) { return hit }
        guard let service = factory.linkedService(named: name) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.linkedServiceNotFound,
                message: "Activity '\(activity)' refers to linked service '\(name)', which does not exist in the factory.")
        }
        let bound = try bind(service.parameters, owner: .linkedService(service.name), supplied: parameters)
        var scope = EvaluationScope()
        scope.globalParameters = globalParameters
        scope.linkedServiceParameters = bound
        let typeProperties = try resolveSecrets(
            in: service.typeProperties, scope: scope, path: "linkedService(\(service.name)).typeProperties", owner: service.name)
        SecretValues.registerPlainSecrets(in: typeProperties, with: redactor)
        let result = ResolvedLinkedService(name: service.name, type: service.type, typeProperties: typeProperties)
        resolved.withLock { $0[key] = result }
        return result
    }

    /// A dataset with its parameters bound and typeProperties evaluated, as the JSON handed to the
    /// executor (its resolved linked service embedded as `linkedService`, so that one dataset used
    /// twice with different linked service parameters keeps both), and its linked service resolved.
    func dataset(named name: String, parameters: JSONObject, for activity: String) throws(ActivityError) -> (json: JSONValue, linkedService: ResolvedLinkedService?) {
        guard let dataset = factory.dataset(named: name) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.datasetNotFound,
                message: "Activity '\(activity)' refers to dataset '\(name)', which does not exist in the factory.")
        }
        let bound = try bind(dataset.parameters, owner: .dataset(dataset.name), supplied: parameters)
        var scope = EvaluationScope()
        scope.globalParameters = globalParameters
        scope.datasetParameters = bound
        let typeProperties = try evaluate(dataset.typeProperties, scope: scope, path: "dataset(\(dataset.name)).typeProperties")
        var linkedService: ResolvedLinkedService?
        if let reference = dataset.linkedServiceName {
            let serviceParameters = try evaluate(.object(reference.parameters), scope: scope, path: "dataset(\(dataset.name)).linkedServiceName.parameters")
            linkedService = try self.linkedService(
                named: reference.referenceName, parameters: serviceParameters.objectValue ?? [:], for: activity)
        }
        var object = dataset.properties
        object["typeProperties"] = typeProperties
        object["parameters"] = .object(bound)
        if let linkedService {
            object["linkedServiceName"] = .string(linkedService.name)
            object["linkedService"] = linkedService.json
        }
        var json: JSONObject = ["name": .string(dataset.name)]
        for member in object { json[member.key] = member.value }
        return (.object(json), linkedService)
    }

    // MARK: Parameters and expressions

    private func bind(_ specifications: [ParameterSpecification], owner: ParameterOwner, supplied: JSONObject) throws(ActivityError) -> JSONObject {
        let (values, problems) = ParameterBinding.bind(
            specifications, owner: owner, supplied: supplied, suppliedLocation: SourceLocation(file: "\(owner)", jsonPath: "parameters"),
            rules: .resourceResolution)
        // Warnings (undeclared values, left out; strings converted) do not stop the activity.
        if let problem = problems.first(where: { $0.severity == .error }) {
            throw ActivityError(
                errorCode: ActivityErrorCode.invalidParameters, message: redactor.scrub(problem.message))
        }
        for specification in specifications where specification.type.isSecret {
            if let value = values[specification.name]?.stringValue { redactor.register(value) }
        }
        return values
    }

    private func evaluate(_ value: JSONValue, scope: EvaluationScope, path: String) throws(ActivityError) -> JSONValue {
        do {
            return try JSONTemplate.evaluate(value, in: scope, cache: cache, path: path)
        } catch {
            throw ActivityError(errorCode: ActivityErrorCode.invalidTemplate, message: redactor.scrub("\(error)"))
        }
    }

    /// Evaluates expressions and replaces secret objects by their values. A `SecureString`'s value
    /// is taken literally: passwords may contain `@`.
    private func resolveSecrets(in value: JSONValue, scope: EvaluationScope, path: String, owner: String) throws(ActivityError) -> JSONValue {
        switch value {
        case .object(let object):
            if let secret = object.secureStringValue {
                redactor.register(secret)
                return .string(secret)
            }
            if let type = object[caseInsensitive: "type"]?.stringValue, asciiCaseInsensitiveEquals(type, "AzureKeyVaultSecret") {
                return .string(try keyVaultSecret(object, scope: scope, path: path, owner: owner))
            }
            if value.isExpression { return try evaluate(value, scope: scope, path: path) }
            var result = JSONObject()
            for member in object {
                result[member.key] = try resolveSecrets(in: member.value, scope: scope, path: "\(path).\(member.key)", owner: owner)
            }
            return .object(result)
        case .array(let elements):
            var result: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                result.append(try resolveSecrets(in: element, scope: scope, path: "\(path)[\(index)]", owner: owner))
            }
            return .array(result)
        default:
            return try evaluate(value, scope: scope, path: path)
        }
    }

    private func keyVaultSecret(_ object: JSONObject, scope: EvaluationScope, path: String, owner: String) throws(ActivityError) -> String {
        guard let storeName = object[caseInsensitive: "store"]?[caseInsensitive: "referenceName"]?.stringValue else {
            throw ActivityError(
                errorCode: ActivityErrorCode.invalidKeyVaultReference,
                message: "The Key Vault reference at \(path) of linked service '\(owner)' has no store.referenceName.")
        }
        let nameValue = try evaluate(object[caseInsensitive: "secretName"] ?? .null, scope: scope, path: "\(path).secretName")
        guard let secretName = nameValue.stringValue, !secretName.isEmpty else {
            throw ActivityError(
                errorCode: ActivityErrorCode.invalidKeyVaultReference,
                message: "The Key Vault reference at \(path) of linked service '\(owner)' has no secretName.")
        }
        let version = try object[caseInsensitive: "secretVersion"].map { value throws(ActivityError) in
            try evaluate(value, scope: scope, path: "\(path).secretVersion").stringValue
        } ?? nil
        let store = factory.linkedService(named: storeName)
        let baseUrl = store?.typeProperties[caseInsensitive: "baseUrl"]?.stringValue
        let reference = KeyVaultSecretReference(
            store: store?.name ?? storeName, vaultName: Self.vaultName(baseUrl: baseUrl) ?? storeName,
            secretName: secretName, secretVersion: version?.isEmpty == false ? version : nil)
        do {
            let secret = try secrets.secret(for: reference)
            redactor.register(secret)
            return secret
        } catch {
            throw ActivityError(
                errorCode: ActivityErrorCode.keyVaultSecretNotFound, message: redactor.scrub(error.description))
        }
    }

    /// `https://contoso.vault.azure.net/` → `contoso`.
    static func vaultName(baseUrl: String?) -> String? {
        guard let baseUrl else { return nil }
        var host = Substring(baseUrl)
        if let scheme = host.firstRange(of: "://") { host = host[scheme.upperBound...] }
        let label = host.prefix { $0 != "." && $0 != "/" && $0 != ":" }
        return label.isEmpty ? nil : String(label)
    }
}
