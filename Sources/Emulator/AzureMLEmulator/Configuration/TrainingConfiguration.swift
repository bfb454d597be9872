/// How a `train` web service learns its model from the input dataset's columns.
public struct TrainingConfiguration: Sendable, Hashable, Codable {
    /// The learner.
    public var algorithm: LearningAlgorithm
    /// The numeric input columns the model uses, by header name.
    public var featureColumns: [String]
    /// The column to predict.
    public var labelColumn: String
    /// L2 regularisation weight (not applied to the intercept). Default: 1e-6 for linear, 1e-4 for
    /// logistic regression.
    public var ridge: Double?
    /// For logistic regression: the label value that counts as the positive class. Default: labels must be
    /// `0`/`1` (or `false`/`true`).
    public var positiveLabel: String?
    /// For logistic regression: the most Newton (IRLS) iterations. Default 50.
    public var maxIterations: Int?

    /// Declares a training setup.
    public init(
        algorithm: LearningAlgorithm,
        featureColumns: [String],
        labelColumn: String,
        ridge: Double? = nil,
        positiveLabel: String? = nil,
        maxIterations: Int? = nil
    ) {
        self.algorithm = algorithm
        self.featureColumns = featureColumns
        self.labelColumn = labelColumn
        self.ridge = ridge
        self.positiveLabel = positiveLabel
        self.maxIterations = maxIterations
    }
}

/// The learners the emulator implements.
public enum LearningAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Least-squares linear regression (normal equations with a ridge term).
    case linearRegression
    /// Binary logistic regression (iteratively reweighted least squares).
    case logisticRegression
}

/// The trained-model resource of a `score` web service: the name clients use in Update Resource
/// requests, and the model every endpoint starts with.
public struct TrainedModelResourceConfiguration: Sendable, Hashable, Codable {
    /// The resource name, e.g. `"Training Exp for ADF ML [trained model]"`.
    public var resourceName: String
    /// An `.ilearner` file to start with (relative to the configuration file).
    public var file: String?
    /// An inline model to start with, in the `.ilearner` format (metadata fields may be left out).
    public var model: TrainedModel?

    /// Declares the resource; give exactly one of `file` and `model`.
    public init(resourceName: String, file: String? = nil, model: TrainedModel? = nil) {
        self.resourceName = resourceName
        self.file = file
        self.model = model
    }
}
