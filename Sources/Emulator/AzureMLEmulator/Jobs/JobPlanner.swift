import Foundation

/// Checks a Batch Execution request against its web service, in the order the documented errors
/// suggest (names, then extensions, then parameters, then storage access), and turns it into a plan.
struct JobPlanner: Sendable {
    let resolver: BlobReferenceResolver
    let defaultAccount: String

    func plan(
        _ request: BatchExecutionRequest, service: CatalogWebService, endpoint: CatalogEndpoint, now: Date = Date()
    ) throws(AzureMLServiceError) -> JobPlan {
        let configuration = service.configuration
        var inputs = request.inputs
        if let single = request.singleInput {
            guard let first = configuration.inputs.first else { throw .invalidInputNames(["Input"]) }
            inputs[first] = single
        }
        let unknownInputs = inputs.keys.filter { !configuration.inputs.contains($0) }.sorted()
        guard unknownInputs.isEmpty else { throw .invalidInputNames(unknownInputs) }
        let missingInputs = configuration.inputs.filter { inputs[$0] == nil }
        guard missingInputs.isEmpty else { throw .batchJobInputsNotSpecified(missingInputs) }
        if let unknownOutput = request.outputs.keys.sorted().first(where: { configuration.outputs[$0] == nil }) {
            throw .invalidOutputOverrideName(unknownOutput)
        }
        for (name, reference) in request.outputs.sorted(by: { $0.key < $1.key }) {
            guard let role = configuration.outputs[name], let relative = reference.relativeLocation else { continue }
            let ext = "." + (relative as NSString).pathExtension.lowercased()
            guard role.allowedExtensions.contains(ext) else {
                throw .invalidBlobExtension(relative, supported: role.allowedExtensions)
            }
        }
        let parameters = try effectiveParameters(request.globalParameters, service: configuration)

        var plannedInput: PlannedInput
        if let binding = configuration.reader {
            plannedInput = .reader(binding)
        } else if let name = configuration.inputs.first, let reference = inputs[name] {
            let location = try resolver.resolve(reference, for: .read, now: now)
            let properties: BlobProperties?
            do throws(StorageError) {
                properties = try resolver.store.properties(location)
            } catch {
                throw .blobNotFound(reference.displayName, azureMessage: error.fullMessage)
            }
            guard properties != nil else {
                throw .blobNotFound(reference.displayName, azureMessage: StorageError.blobNotFound.message)
            }
            plannedInput = .port(name: name, location: location)
        } else {
            throw .batchJobInputsNotSpecified(configuration.inputs)
        }
        var outputs: [PlannedOutput] = []
        let defaultFolder = ServiceIdentifiers.newJobId()
        for (name, role) in configuration.outputs.sorted(by: { $0.key < $1.key }) {
            let location: BlobLocation
            if let reference = request.outputs[name] {
                location = try resolver.resolve(reference, for: .write, now: now)
            } else {
                // Without an override Azure ML wrote to the workspace's own storage under a generated name.
                let ext = role == .model ? "ilearner" : "csv"
                location = BlobLocation(
                    account: defaultAccount, container: "experimentoutput", path: "\(defaultFolder)/\(name).\(ext)"
                )
            }
            outputs.append(PlannedOutput(name: name, role: role, location: location))
        }
        return JobPlan(
            service: service, endpoint: endpoint, input: plannedInput, outputs: outputs, globalParameters: parameters
        )
    }

    /// Request parameters over configured defaults, after refusing unknown names and missing required ones.
    private func effectiveParameters(_ given: [String: String], service: WebServiceConfiguration)
        throws(AzureMLServiceError) -> [String: String]
    {
        let bindingNames = (service.reader?.parameterNames ?? []) + (service.writer?.parameterNames ?? [])
        let known = Set(service.globalParameters.keys).union(bindingNames)
        let unexpected = given.keys.filter { !known.contains($0) }.sorted()
        guard unexpected.isEmpty else { throw .unexpectedParameter(unexpected) }
        var effective: [String: String] = [:]
        for (name, parameter) in service.globalParameters {
            if let value = parameter.defaultValue { effective[name] = value }
        }
        effective.merge(given) { _, new in new }
        let required = service.globalParameters.filter { $0.value.required }.map(\.key) + bindingNames
        let missing = Set(required).filter { (effective[$0] ?? "").isEmpty }.sorted()
        guard missing.isEmpty else { throw .missingRequiredGlobalParameters(missing) }
        return effective
    }
}
