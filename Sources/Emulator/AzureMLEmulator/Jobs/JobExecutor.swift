import Foundation

/// Does a job's real work when its run time is up: reads the dataset, trains, scores or copies it,
/// and writes every output.
struct JobExecutor: Sendable {
    let store: BlobStore
    let models: EndpointModels
    let defaultAccount: String

    /// What a job computed, before it is written out.
    private enum Product {
        /// A trained model (the `model` output) and its one-row evaluation (the `evaluation` output).
        case model(TrainedModel, evaluation: DataTable)
        /// A dataset (the `dataset` output).
        case dataset(DataTable)
    }

    /// The job's outputs (name → location), or why it failed.
    func execute(_ plan: JobPlan) async -> Result<[String: BlobLocation], JobFailure> {
        do throws(JobFailure) {
            let (table, source) = try readInput(plan)
            let product = try await compute(plan, on: table, source: source)
            var results: [String: BlobLocation] = [:]
            for output in plan.outputs {
                try write(product, role: output.role, to: output.location, relation: output.name)
                results[output.name] = output.location
            }
            if let writer = plan.service.configuration.writer {
                let location = try resolve(writer, in: plan, permission: .write, module: "Export Data")
                try write(
                    product, role: plan.service.configuration.operation == .train ? .model : .dataset, to: location)
            }
            return .success(results)
        } catch {
            return .failure(error)
        }
    }

    private func compute(_ plan: JobPlan, on table: DataTable, source: BlobLocation) async throws(JobFailure) -> Product
    {
        switch plan.service.configuration.operation {
        case .train:
            guard let training = plan.service.configuration.training else { throw JobFailure("no training settings") }
            do {
                let model = try ModelTrainer(configuration: training).train(on: table, source: source.description)
                return .model(model, evaluation: ModelEvaluation.table(for: model))
            } catch {
                throw JobFailure(error.description)
            }
        case .score:
            // The model in effect when the job runs, so a PATCH between submit and run is honoured.
            guard let installation = await models.current(for: plan.endpoint.serviceId) else {
                throw JobFailure("the endpoint has no trained model")
            }
            do {
                return .dataset(try ModelScorer(model: installation.model).score(table))
            } catch {
                throw JobFailure(error.description)
            }
        case .copy:
            return .dataset(table)
        }
    }

    /// Writes the part of the product an output of `role` carries, in the format its extension names.
    private func write(_ product: Product, role: OutputRole, to location: BlobLocation, relation: String = "dataset")
        throws(JobFailure)
    {
        let format = DataFormat(path: location.path) ?? .csv
        switch (product, role) {
        case (.model(let model, _), .model): try write(model.encoded(), to: location)
        case (.model(_, let evaluation), .evaluation):
            try write(evaluation.serialized(as: format, relation: relation), to: location)
        case (.dataset(let table), .dataset): try write(table.serialized(as: format, relation: relation), to: location)
        default: throw JobFailure("the output role \(role.rawValue) does not fit the web service's operation")
        }
    }

    private func readInput(_ plan: JobPlan) throws(JobFailure) -> (DataTable, BlobLocation) {
        let location: BlobLocation
        switch plan.input {
        case .port(_, let portLocation): location = portLocation
        case .reader(let binding): location = try resolve(binding, in: plan, permission: .read, module: "Import Data")
        }
        let data: Data
        do {
            data = try store.read(location)
        } catch {
            throw JobFailure("Unable to read the input blob \(location.relativeLocation): \(error.fullMessage)")
        }
        guard let format = DataFormat(path: location.path) else {
            throw JobFailure(DataTableError.unsupportedFormat((location.path as NSString).pathExtension).description)
        }
        do {
            return (try DataTable.parse(data, format: format), location)
        } catch {
            throw JobFailure("The input \(location.relativeLocation) can't be read: \(error.description)")
        }
    }

    /// The blob a reader or writer names through web service parameters, after checking the account key
    /// parameter when the binding has one.
    private func resolve(
        _ binding: ParameterBlobBinding, in plan: JobPlan, permission: BlobPermission, module: String
    ) throws(JobFailure) -> BlobLocation {
        let parameters = plan.globalParameters
        let path = parameters[binding.pathParameter] ?? ""
        let accountName = binding.accountNameParameter.flatMap { parameters[$0] } ?? defaultAccount
        do throws(StorageError) {
            let account = try store.account(accountName)
            if let keyParameter = binding.accountKeyParameter {
                guard account.acceptsKey(parameters[keyParameter] ?? "") else {
                    throw StorageError.authenticationFailed(
                        "The account key given in '\(keyParameter)' is not the key of \(accountName)")
                }
            }
            return try BlobLocation.parse(account: accountName, relativeLocation: path)
        } catch {
            throw JobFailure(
                "\(module): unable to access the Azure blob '\(path)' (parameter '\(binding.pathParameter)'). Azure error message: \(error.fullMessage)"
            )
        }
    }

    private func write(_ data: Data, to location: BlobLocation) throws(JobFailure) {
        do {
            try store.write(data, to: location)
        } catch {
            throw JobFailure("Unable to write the output blob \(location.relativeLocation): \(error.fullMessage)")
        }
    }
}

/// Why a job ended `Failed`; its text becomes the job's `Details`.
struct JobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    let problem: String

    init(_ problem: String) { self.problem = problem }

    /// `Details` as Azure ML wrote module failures.
    var description: String { "\(AzureMLErrorCategory.moduleExecutionError.message) \(problem)" }
}
