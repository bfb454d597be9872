import Foundation

/// Does a job's real work when its run time is up: reads the dataset, trains, scores or copies it,
/// and writes every output.
struct JobExecutor: Sendable {
    let store: BlobStore
    let models: EndpointModels
    let defaultAccount: String

    /// The job's outputs (name → location), or why it failed.
    func execute(_ plan: JobPlan) async -> Result<[String: BlobLocation], JobFailure> {
        do throws(JobFailure) {
            let (table, source) = try readInput(plan)
            let primary: Data
            let primaryRole: OutputRole
            var evaluation: DataTable?
            switch plan.service.configuration.operation {
            case .train:
                guard let training = plan.service.configuration.training else { throw JobFailure("no training settings") }
                let model: TrainedModel
                do {
                    model = try ModelTrainer(configuration: training).train(on: table, source: source.description)
                } catch {
                    throw JobFailure(error.description)
                }
                primary = model.encoded()
                primaryRole = .model
                evaluation = ModelEvaluation.table(for: model)
            case .score:
                guard let installation = await models.current(for: plan.endpoint.serviceId) else {
                    throw JobFailure("the endpoint has no trained model")
                }
                let scored: DataTable
                do {
                    scored = try ModelScorer(model: installation.model).score(table)
                } catch {
                    throw JobFailure(error.description)
                }
                primary = Data()
                primaryRole = .dataset
                evaluation = scored
            case .copy:
                primary = Data()
                primaryRole = .dataset
                evaluation = table
            }
            var results: [String: BlobLocation] = [:]
            for output in plan.outputs {
                let bytes: Data
                switch output.role {
                case .model: bytes = primary
                case .evaluation, .dataset:
                    guard let table = evaluation else { continue }
                    bytes = table.serialized(as: DataFormat(path: output.location.path) ?? .csv, relation: output.name)
                }
                try write(bytes, to: output.location)
                results[output.name] = output.location
            }
            if let writer = plan.service.configuration.writer {
                let location = try resolve(writer, in: plan, permission: .write, module: "Export Data")
                let bytes =
                    primaryRole == .model
                    ? primary
                    : (evaluation ?? table).serialized(as: DataFormat(path: location.path) ?? .csv, relation: "dataset")
                try write(bytes, to: location)
            }
            return .success(results)
        } catch {
            return .failure(error)
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
                    throw StorageError.authenticationFailed("The account key given in '\(keyParameter)' is not the key of \(accountName)")
                }
            }
            return try BlobLocation.parse(account: accountName, relativeLocation: path)
        } catch {
            throw JobFailure("\(module): unable to access the Azure blob '\(path)' (parameter '\(binding.pathParameter)'). Azure error message: \(error.fullMessage)")
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
