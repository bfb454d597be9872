import Foundation

extension EmulatorConfiguration {
    /// Checks everything decoding can't: names, ids and keys, that each web service's data flow fits its
    /// operation, fault rates, and that model files exist and parse.
    ///
    /// - Throws: the first problem, with its JSON path.
    public func validate(file: String? = nil) throws(ConfigurationError) {
        func fail(_ path: String, _ problem: String) -> ConfigurationError {
            ConfigurationError(file: file, path: path, problem: problem)
        }
        if let workspaceId, !Self.isURLSegment(workspaceId) {
            throw fail("workspaceId", "use letters, digits and hyphens only (Azure uses 32 hex digits)")
        }
        var accountNames: Set<String> = [StorageAccountConfiguration.developmentAccountName]
        for (index, account) in storageAccounts.enumerated() {
            let path = "storageAccounts[\(index)]"
            guard account.name.count >= 3, account.name.count <= 24,
                account.name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) })
            else {
                throw fail(
                    "\(path).name", "\"\(account.name)\" is not an account name: use 3–24 lowercase letters and digits")
            }
            guard let key = Data(base64Encoded: account.key), !key.isEmpty else {
                throw fail(
                    "\(path).key", "the account key must be base64, as Azure shows it (e.g. 64 random bytes, base64)")
            }
            if account.name == StorageAccountConfiguration.developmentAccountName {
                guard account.key == StorageAccountConfiguration.developmentAccountKey else {
                    throw fail("\(path).key", "devstoreaccount1 always uses Microsoft's published development key")
                }
            } else if !accountNames.insert(account.name).inserted {
                throw fail("\(path).name", "the account \"\(account.name)\" is declared twice")
            }
        }
        if let defaultStorageAccount, !accountNames.contains(defaultStorageAccount) {
            throw fail("defaultStorageAccount", "no storage account named \"\(defaultStorageAccount)\" is declared")
        }
        try Self.validate(faults, path: "faults", fail: fail)
        guard !webServices.isEmpty else { throw fail("webServices", "declare at least one web service") }
        var serviceNames: Set<String> = []
        var webServiceIds: Set<String> = []
        var endpointServiceIds: Set<String> = []
        for (index, service) in webServices.enumerated() {
            let path = "webServices[\(index)]"
            guard !service.name.isEmpty, serviceNames.insert(service.name).inserted else {
                throw fail("\(path).name", "web service names must be non-empty and unique")
            }
            let id = ServiceIdentifiers.webServiceId(for: service)
            guard Self.isURLSegment(id), webServiceIds.insert(id).inserted else {
                throw fail("\(path).id", "\"\(id)\" must be unique and use letters, digits and hyphens only")
            }
            try validateDataFlow(of: service, path: path, file: file, fail: fail)
            try Self.validate(service.faults, path: "\(path).faults", fail: fail)
            guard !service.endpoints.isEmpty else { throw fail("\(path).endpoints", "declare at least one endpoint") }
            var endpointNames: Set<String> = []
            for (endpointIndex, endpoint) in service.endpoints.enumerated() {
                let endpointPath = "\(path).endpoints[\(endpointIndex)]"
                guard Self.isURLSegment(endpoint.name), endpointNames.insert(endpoint.name).inserted else {
                    throw fail(
                        "\(endpointPath).name", "endpoint names must be unique and use letters, digits and hyphens only"
                    )
                }
                let serviceId = ServiceIdentifiers.serviceId(for: endpoint, of: service)
                guard Self.isURLSegment(serviceId), endpointServiceIds.insert(serviceId).inserted else {
                    throw fail(
                        "\(endpointPath).serviceId",
                        "\"\(serviceId)\" must be unique across all endpoints (letters, digits, hyphens)")
                }
                guard !endpoint.apiKey.isEmpty, !endpoint.apiKey.contains(where: \.isWhitespace) else {
                    throw fail("\(endpointPath).apiKey", "give each endpoint a non-empty key without spaces")
                }
            }
            guard service.endpoints.filter(\.isDefaultEndpoint).count <= 1 else {
                throw fail("\(path).endpoints", "at most one endpoint can be the default endpoint")
            }
        }
    }

    private func validateDataFlow(
        of service: WebServiceConfiguration, path: String, file: String?,
        fail: (String, String) -> ConfigurationError
    ) throws(ConfigurationError) {
        guard Set(service.inputs).count == service.inputs.count, service.inputs.allSatisfy({ !$0.isEmpty }) else {
            throw fail("\(path).inputs", "input names must be non-empty and unique")
        }
        guard (service.inputs.count == 1) != (service.reader != nil) else {
            throw fail(
                "\(path).inputs",
                "a web service reads one dataset: declare exactly one input, or a reader and no inputs")
        }
        let primaryRole: OutputRole = service.operation == .train ? .model : .dataset
        let primaryOutputs = service.outputs.filter { $0.value == primaryRole }.count
        guard (primaryOutputs == 1) != (service.writer != nil) else {
            throw fail(
                "\(path).outputs",
                "a \(service.operation.rawValue) service writes one \(primaryRole.rawValue): declare exactly one "
                    + "\"\(primaryRole.rawValue)\" output, or a writer and no such output"
            )
        }
        let allowedRoles: Set<OutputRole> = service.operation == .train ? [.model, .evaluation] : [.dataset]
        for (name, role) in service.outputs.sorted(by: { $0.key < $1.key })
        where !allowedRoles.contains(role) || name.isEmpty {
            throw fail(
                "\(path).outputs[\"\(name)\"]",
                "a \(service.operation.rawValue) service's outputs are \(allowedRoles.map(\.rawValue).sorted().joined(separator: " or "))"
            )
        }
        guard service.outputs.filter({ $0.value == .evaluation }).count <= 1 else {
            throw fail("\(path).outputs", "declare at most one evaluation output")
        }
        switch service.operation {
        case .train:
            guard let training = service.training else {
                throw fail(
                    "\(path).training",
                    "a train service needs training settings (algorithm, featureColumns, labelColumn)")
            }
            guard !training.featureColumns.isEmpty, Set(training.featureColumns).count == training.featureColumns.count,
                !training.featureColumns.contains(training.labelColumn)
            else {
                throw fail(
                    "\(path).training.featureColumns",
                    "name one or more distinct columns, not including the label column")
            }
            guard service.trainedModel == nil else {
                throw fail("\(path).trainedModel", "a train service has no updatable model; remove trainedModel")
            }
        case .score:
            guard let resource = service.trainedModel else {
                throw fail(
                    "\(path).trainedModel",
                    "a score service needs trainedModel (resourceName and a file or inline model)")
            }
            guard !resource.resourceName.isEmpty else {
                throw fail(
                    "\(path).trainedModel.resourceName",
                    "name the trained model resource, e.g. \"My Exp [trained model]\"")
            }
            _ = try initialModel(for: resource, path: "\(path).trainedModel", file: file)
            guard service.training == nil else {
                throw fail("\(path).training", "only train services take training settings")
            }
        case .copy:
            guard service.training == nil, service.trainedModel == nil else {
                throw fail(path, "a copy service takes neither training nor trainedModel")
            }
        }
    }

    /// The model a `score` service's endpoints start with, read from its file or taken inline.
    func initialModel(for resource: TrainedModelResourceConfiguration, path: String, file: String?)
        throws(ConfigurationError) -> TrainedModel
    {
        switch (resource.file, resource.model) {
        case (nil, let model?): return model
        case (let modelFile?, nil):
            let url = resolvedURL(modelFile)
            do {
                return try TrainedModel.decode(try Data(contentsOf: url))
            } catch let error as DecodingError {
                let inner = ConfigurationError(decoding: error, file: nil)
                throw ConfigurationError(
                    file: file, path: "\(path).file", problem: "\(url.path) is not a valid .ilearner: \(inner)")
            } catch {
                throw ConfigurationError(
                    file: file, path: "\(path).file", problem: "can't read \(url.path): \(error.localizedDescription)"
                )
            }
        default:
            throw ConfigurationError(file: file, path: path, problem: "give exactly one of \"file\" and \"model\"")
        }
    }

    private static func validate(
        _ faults: FaultConfiguration?, path: String, fail: (String, String) -> ConfigurationError
    ) throws(ConfigurationError) {
        guard let faults else { return }
        let rates = [
            ("failRate", faults.failRate), ("dropRate", faults.dropRate), ("failingJobRate", faults.failingJobRate),
        ]
        for (name, rate) in rates {
            if let rate, !(0...1).contains(rate) { throw fail("\(path).\(name)", "a rate is a fraction from 0 to 1") }
        }
        if let status = faults.failStatus, !FaultConfiguration.injectableStatuses.contains(status) {
            throw fail("\(path).failStatus", "injected failures are 429, 500 or 503")
        }
    }

    static func isURLSegment(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
