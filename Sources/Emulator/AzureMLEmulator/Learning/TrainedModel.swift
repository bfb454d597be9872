import Foundation

/// A trained model, stored as an `.ilearner` file.
///
/// The emulator's `.ilearner` is UTF-8 JSON (Azure ML's own format was a private binary); the format is
/// documented in docs/azureml-emulator.md:
/// ```json
/// {"format":"pipehost.azureml-emulator.ilearner","formatVersion":1,"kind":"linearRegression",
///  "featureColumns":["x1","x2"],"labelColumn":"y","intercept":0.5,"coefficients":[2.0,-1.0],
///  "training":{"rows":100,"trainedAt":"2024-05-01T10:00:00Z","source":"data/train.csv","metrics":{…}}}
/// ```
public struct TrainedModel: Sendable, Hashable, Codable {
    /// The value of `format` in every emulator `.ilearner` file.
    public static let formatName = "pipehost.azureml-emulator.ilearner"
    /// The newest `formatVersion` this emulator reads and the one it writes.
    public static let currentFormatVersion = 1

    /// Always `formatName`.
    public var format: String
    /// The format version the file was written with.
    public var formatVersion: Int
    /// The learner that produced the model, which fixes how it scores.
    public var kind: LearningAlgorithm
    /// The input columns, in coefficient order.
    public var featureColumns: [String]
    /// The column the model predicts.
    public var labelColumn: String
    /// The intercept (bias) term.
    public var intercept: Double
    /// One weight per feature column.
    public var coefficients: [Double]
    /// Logistic regression: the label written for the positive class. Default `"1"`.
    public var positiveLabel: String?
    /// Logistic regression: the label written for the negative class. Default `"0"`.
    public var negativeLabel: String?
    /// How and on what the model was trained; absent for hand-written models.
    public var training: TrainingSummary?

    /// Creates a model.
    public init(
        kind: LearningAlgorithm,
        featureColumns: [String],
        labelColumn: String,
        intercept: Double,
        coefficients: [Double],
        positiveLabel: String? = nil,
        negativeLabel: String? = nil,
        training: TrainingSummary? = nil
    ) {
        self.format = Self.formatName
        self.formatVersion = Self.currentFormatVersion
        self.kind = kind
        self.featureColumns = featureColumns
        self.labelColumn = labelColumn
        self.intercept = intercept
        self.coefficients = coefficients
        self.positiveLabel = positiveLabel
        self.negativeLabel = negativeLabel
        self.training = training
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(String.self, forKey: .format) ?? Self.formatName
        formatVersion = try container.decodeIfPresent(Int.self, forKey: .formatVersion) ?? Self.currentFormatVersion
        kind = try container.decode(LearningAlgorithm.self, forKey: .kind)
        featureColumns = try container.decode([String].self, forKey: .featureColumns)
        labelColumn = try container.decodeIfPresent(String.self, forKey: .labelColumn) ?? "Label"
        intercept = try container.decodeIfPresent(Double.self, forKey: .intercept) ?? 0
        coefficients = try container.decode([Double].self, forKey: .coefficients)
        positiveLabel = try container.decodeIfPresent(String.self, forKey: .positiveLabel)
        negativeLabel = try container.decodeIfPresent(String.self, forKey: .negativeLabel)
        training = try container.decodeIfPresent(TrainingSummary.self, forKey: .training)
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container,
                debugDescription: "expected \"\(Self.formatName)\", got \"\(format)\""
            )
        }
        guard formatVersion <= Self.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription:
                    "version \(formatVersion) is newer than this emulator reads (\(Self.currentFormatVersion))"
            )
        }
        guard coefficients.count == featureColumns.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .coefficients, in: container,
                debugDescription: "\(coefficients.count) coefficients for \(featureColumns.count) feature columns"
            )
        }
    }

    /// The model's prediction for one row of feature values (in `featureColumns` order): the value for
    /// linear regression, the positive-class probability for logistic regression.
    public func predict(_ features: [Double]) -> Double {
        var sum = intercept
        for (weight, value) in zip(coefficients, features) { sum += weight * value }
        switch kind {
        case .linearRegression: return sum
        case .logisticRegression: return LogisticFunction.sigmoid(sum)
        }
    }

    /// Reads an `.ilearner` file's bytes.
    public static func decode(_ data: Data) throws -> TrainedModel {
        try JSONDecoder().decode(TrainedModel.self, from: data)
    }

    /// The `.ilearner` file's bytes: pretty-printed JSON with sorted keys, so files diff well.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain values into JSON can't fail; an empty file would be refused on read anyway.
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Where and how a model was trained.
public struct TrainingSummary: Sendable, Hashable, Codable {
    /// Rows of training data used.
    public var rows: Int
    /// When training finished, ISO 8601.
    public var trainedAt: String
    /// The training blob, `account/container/path`.
    public var source: String?
    /// Metrics on the training data, named as Azure ML's Evaluate Model names them.
    public var metrics: [String: Double]

    /// Creates a summary.
    public init(rows: Int, trainedAt: String, source: String?, metrics: [String: Double]) {
        self.rows = rows
        self.trainedAt = trainedAt
        self.source = source
        self.metrics = metrics
    }
}

/// The logistic function, written to stay finite for large arguments.
enum LogisticFunction {
    static func sigmoid(_ value: Double) -> Double {
        if value >= 0 { return 1 / (1 + exp(-value)) }
        let exponential = exp(value)
        return exponential / (1 + exponential)
    }
}
