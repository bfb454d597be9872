/// One classic web service: what it computes, where its data comes from and goes, its web service
/// parameters, and its endpoints.
public struct WebServiceConfiguration: Sendable, Hashable, Codable {
    /// The web service name, e.g. `"Training Exp for ADF ML"`.
    public var name: String
    /// The web service id of the Update Resource URL (`…/webservices/<id>/endpoints/<name>`). Default:
    /// derived from `name`.
    public var id: String?
    /// What a job computes.
    public var operation: WebServiceOperation
    /// Web service input names (case-sensitive, e.g. `"input1"`). Every input is required by the
    /// protocol. Empty when the data comes through `reader`.
    public var inputs: [String]
    /// Web service output names and what each carries.
    public var outputs: [String: OutputRole]
    /// Web service parameters ("global parameters") the service accepts.
    public var globalParameters: [String: GlobalParameterConfiguration]
    /// Reads the input dataset from a blob named by web service parameters (the Import Data module
    /// scenario), for services without inputs.
    public var reader: ParameterBlobBinding?
    /// Writes the primary result to a blob named by web service parameters (the Export Data module
    /// scenario), for services without outputs.
    public var writer: ParameterBlobBinding?
    /// How a `train` service learns its model.
    public var training: TrainingConfiguration?
    /// The updatable trained-model resource a `score` service scores with.
    public var trainedModel: TrainedModelResourceConfiguration?
    /// How long after a successful Update Resource PATCH the new model takes effect (Azure: "about 30
    /// seconds"). Default: immediately.
    public var modelSwitchDelay: EmulatorDuration?
    /// How long a started job runs before it finishes. Default: the top-level `jobDuration`.
    public var jobDuration: EmulatorDuration?
    /// Faults for this service, overriding the top-level ones field by field.
    public var faults: FaultConfiguration?
    /// The endpoints; a service has at least one.
    public var endpoints: [EndpointConfiguration]

    /// Declares a web service.
    public init(
        name: String,
        id: String? = nil,
        operation: WebServiceOperation,
        inputs: [String] = [],
        outputs: [String: OutputRole] = [:],
        globalParameters: [String: GlobalParameterConfiguration] = [:],
        reader: ParameterBlobBinding? = nil,
        writer: ParameterBlobBinding? = nil,
        training: TrainingConfiguration? = nil,
        trainedModel: TrainedModelResourceConfiguration? = nil,
        modelSwitchDelay: EmulatorDuration? = nil,
        jobDuration: EmulatorDuration? = nil,
        faults: FaultConfiguration? = nil,
        endpoints: [EndpointConfiguration]
    ) {
        self.name = name
        self.id = id
        self.operation = operation
        self.inputs = inputs
        self.outputs = outputs
        self.globalParameters = globalParameters
        self.reader = reader
        self.writer = writer
        self.training = training
        self.trainedModel = trainedModel
        self.modelSwitchDelay = modelSwitchDelay
        self.jobDuration = jobDuration
        self.faults = faults
        self.endpoints = endpoints
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        operation = try container.decode(WebServiceOperation.self, forKey: .operation)
        inputs = try container.decodeIfPresent([String].self, forKey: .inputs) ?? []
        outputs = try container.decodeIfPresent([String: OutputRole].self, forKey: .outputs) ?? [:]
        globalParameters =
            try container.decodeIfPresent([String: GlobalParameterConfiguration].self, forKey: .globalParameters) ?? [:]
        reader = try container.decodeIfPresent(ParameterBlobBinding.self, forKey: .reader)
        writer = try container.decodeIfPresent(ParameterBlobBinding.self, forKey: .writer)
        training = try container.decodeIfPresent(TrainingConfiguration.self, forKey: .training)
        trainedModel = try container.decodeIfPresent(TrainedModelResourceConfiguration.self, forKey: .trainedModel)
        modelSwitchDelay = try container.decodeIfPresent(EmulatorDuration.self, forKey: .modelSwitchDelay)
        jobDuration = try container.decodeIfPresent(EmulatorDuration.self, forKey: .jobDuration)
        faults = try container.decodeIfPresent(FaultConfiguration.self, forKey: .faults)
        endpoints = try container.decode([EndpointConfiguration].self, forKey: .endpoints)
    }
}

/// What a web service's jobs compute.
public enum WebServiceOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Learn a model from the input dataset; outputs the `.ilearner` model and optionally an evaluation.
    case train
    /// Score the input dataset with the endpoint's current trained model; outputs the scored dataset.
    case score
    /// Copy the input dataset to the output unchanged (after checking it parses).
    case copy
}

/// What a web service output carries, which fixes the file extensions it accepts.
public enum OutputRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The trained model of a `train` service: `.ilearner`.
    case model
    /// The evaluation of a `train` service: `.csv`, `.tsv` or `.arff`.
    case evaluation
    /// The resulting dataset of a `score` or `copy` service: `.csv`, `.tsv` or `.arff`.
    case dataset

    /// The extensions Azure ML accepted for outputs of this kind.
    public var allowedExtensions: [String] {
        switch self {
        case .model: [".ilearner"]
        case .evaluation, .dataset: [".csv", ".tsv", ".arff"]
        }
    }
}

/// A web service parameter.
public struct GlobalParameterConfiguration: Sendable, Hashable, Codable {
    /// Whether a request must name it (`MissingRequiredGlobalParameters` otherwise).
    public var required: Bool
    /// The value used when a request doesn't name it.
    public var defaultValue: String?

    /// Declares a parameter.
    public init(required: Bool = false, defaultValue: String? = nil) {
        self.required = required
        self.defaultValue = defaultValue
    }

    enum CodingKeys: String, CodingKey {
        case required
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        defaultValue = try container.decodeIfPresent(String.self, forKey: .defaultValue)
    }
}

/// A blob named by web service parameters rather than by a web service input or output, as the
/// Import Data / Export Data modules of Azure ML Studio did.
public struct ParameterBlobBinding: Sendable, Hashable, Codable {
    /// The parameter whose value is the blob's `container/path`.
    public var pathParameter: String
    /// The parameter naming the storage account. Default: the workspace's default storage account.
    public var accountNameParameter: String?
    /// The parameter carrying the account key, checked against the configured key.
    public var accountKeyParameter: String?

    /// Declares a binding.
    public init(pathParameter: String, accountNameParameter: String? = nil, accountKeyParameter: String? = nil) {
        self.pathParameter = pathParameter
        self.accountNameParameter = accountNameParameter
        self.accountKeyParameter = accountKeyParameter
    }

    /// The web service parameters this binding needs; all are required.
    var parameterNames: [String] { [pathParameter, accountNameParameter, accountKeyParameter].compactMap { $0 } }
}
