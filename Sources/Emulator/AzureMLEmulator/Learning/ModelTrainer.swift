import Foundation

/// Learns a `TrainedModel` from a dataset, the work of a `train` web service's job.
struct ModelTrainer {
    let configuration: TrainingConfiguration

    /// Trains on every row of `table`.
    ///
    /// - Parameters:
    ///   - source: the training blob, recorded in the model.
    ///   - now: the training time, recorded in the model.
    func train(on table: DataTable, source: String?, now: Date = Date()) throws(TrainingError) -> TrainedModel {
        let features: [[Double]]
        do {
            features = try table.numericColumns(configuration.featureColumns)
        } catch {
            throw .data(error)
        }
        guard features.count > configuration.featureColumns.count else {
            throw .tooFewRows(rows: features.count, features: configuration.featureColumns.count)
        }
        let trainedAt = ISO8601DateFormatter().string(from: now)
        switch configuration.algorithm {
        case .linearRegression:
            let targets: [Double]
            do {
                targets = try table.numericColumns([configuration.labelColumn]).map { $0[0] }
            } catch {
                throw .data(error)
            }
            let system = DesignMatrix.weightedNormalEquations(
                features: features, targets: targets, ridge: configuration.ridge ?? 1e-6
            )
            guard let solution = system.solve() else { throw .singular }
            var model = TrainedModel(
                kind: .linearRegression, featureColumns: configuration.featureColumns,
                labelColumn: configuration.labelColumn, intercept: solution[0],
                coefficients: Array(solution.dropFirst())
            )
            let metrics = ModelEvaluation.regression(predicted: features.map(model.predict), actual: targets)
            model.training = TrainingSummary(
                rows: features.count, trainedAt: trainedAt, source: source, metrics: metrics)
            return model
        case .logisticRegression:
            let labels = try BinaryLabels(
                table: table, column: configuration.labelColumn, positive: configuration.positiveLabel)
            let solution = try LogisticRegression(
                ridge: configuration.ridge ?? 1e-4, maxIterations: configuration.maxIterations ?? 50
            ).fit(features: features, labels: labels.values)
            var model = TrainedModel(
                kind: .logisticRegression, featureColumns: configuration.featureColumns,
                labelColumn: configuration.labelColumn, intercept: solution[0],
                coefficients: Array(solution.dropFirst()),
                positiveLabel: labels.positive, negativeLabel: labels.negative
            )
            let metrics = ModelEvaluation.classification(
                probabilities: features.map(model.predict), actual: labels.values)
            model.training = TrainingSummary(
                rows: features.count, trainedAt: trainedAt, source: source, metrics: metrics)
            return model
        }
    }
}

/// Iteratively reweighted least squares (Newton's method) for binary logistic regression with an L2
/// penalty, which keeps the weights finite on separable data.
struct LogisticRegression {
    let ridge: Double
    let maxIterations: Int

    /// `[intercept] + coefficients`.
    func fit(features: [[Double]], labels: [Double]) throws(TrainingError) -> [Double] {
        var weights = [Double](repeating: 0, count: (features.first?.count ?? 0) + 1)
        for _ in 0..<max(1, maxIterations) {
            var rowWeights: [Double] = []
            var targets: [Double] = []
            for (row, label) in zip(features, labels) {
                var linear = weights[0]
                for (weight, value) in zip(weights.dropFirst(), row) { linear += weight * value }
                let probability = LogisticFunction.sigmoid(linear)
                let variance = max(probability * (1 - probability), 1e-10)
                rowWeights.append(variance)
                targets.append(linear + (label - probability) / variance)
            }
            let system = DesignMatrix.weightedNormalEquations(
                features: features, targets: targets, weights: rowWeights, ridge: ridge
            )
            guard let next = system.solve() else { throw .singular }
            let change = zip(next, weights).map { abs($0 - $1) }.max() ?? 0
            weights = next
            if change < 1e-9 { break }
        }
        return weights
    }
}

/// A label column mapped to 1 (positive class) and 0.
struct BinaryLabels {
    let values: [Double]
    let positive: String
    let negative: String

    init(table: DataTable, column: String, positive configured: String?) throws(TrainingError) {
        guard let index = table.columnIndex(column) else {
            throw .data(.missingColumn(column, available: table.columns))
        }
        let cells = table.rows.map { $0[index].trimmingCharacters(in: .whitespaces) }
        if let configured {
            let others = Set(cells).subtracting([configured])
            guard others.count <= 1 else {
                throw .notBinary(column: column, values: Array(others.union([configured])).sorted())
            }
            positive = configured
            negative = others.first ?? "0"
            values = cells.map { $0 == configured ? 1 : 0 }
            return
        }
        var mapped: [Double] = []
        for cell in cells {
            switch cell.lowercased() {
            case "1", "1.0", "true": mapped.append(1)
            case "0", "0.0", "false": mapped.append(0)
            default:
                throw .notBinary(column: column, values: Array(Set(cells)).sorted())
            }
        }
        positive = "1"
        negative = "0"
        values = mapped
    }
}

/// Why training failed; the text becomes the failed job's `Details`.
enum TrainingError: Error, Equatable {
    /// The dataset lacks a column or has a non-numeric cell.
    case data(DataTableError)
    /// Fewer rows than unknowns.
    case tooFewRows(rows: Int, features: Int)
    /// The features are collinear beyond what the ridge term fixes.
    case singular
    /// A logistic regression label column has other values than two classes.
    case notBinary(column: String, values: [String])
}

extension TrainingError: CustomStringConvertible {
    var description: String {
        switch self {
        case .data(let error): error.description
        case .tooFewRows(let rows, let features):
            "training needs more rows than feature columns (+1 for the intercept): \(rows) rows for \(features) features"
        case .singular: "the feature columns are linearly dependent; the normal equations have no unique solution"
        case .notBinary(let column, let values):
            "logistic regression needs a two-class label; column \"\(column)\" has \(values.prefix(10).joined(separator: ", "))"
                + " (set training.positiveLabel to name the positive class)"
        }
    }
}
