import Foundation

/// Evaluation metrics named as Azure ML Studio's Evaluate Model module named them.
enum ModelEvaluation {
    /// Mean Absolute Error, Root Mean Squared Error, Relative Absolute Error, Relative Squared Error,
    /// Coefficient of Determination.
    static func regression(predicted: [Double], actual: [Double]) -> [String: Double] {
        let count = Double(actual.count)
        let mean = actual.reduce(0, +) / count
        var absoluteError = 0.0
        var squaredError = 0.0
        var absoluteDeviation = 0.0
        var squaredDeviation = 0.0
        for (prediction, truth) in zip(predicted, actual) {
            absoluteError += abs(prediction - truth)
            squaredError += (prediction - truth) * (prediction - truth)
            absoluteDeviation += abs(truth - mean)
            squaredDeviation += (truth - mean) * (truth - mean)
        }
        return [
            "Mean Absolute Error": absoluteError / count,
            "Root Mean Squared Error": (squaredError / count).squareRoot(),
            "Relative Absolute Error": absoluteDeviation > 0 ? absoluteError / absoluteDeviation : 0,
            "Relative Squared Error": squaredDeviation > 0 ? squaredError / squaredDeviation : 0,
            "Coefficient of Determination": squaredDeviation > 0 ? 1 - squaredError / squaredDeviation : 1,
        ]
    }

    /// Accuracy, Precision, Recall, F-Score, AUC, Average Log Loss at threshold 0.5.
    static func classification(probabilities: [Double], actual: [Double]) -> [String: Double] {
        var truePositive = 0.0
        var falsePositive = 0.0
        var trueNegative = 0.0
        var falseNegative = 0.0
        var logLoss = 0.0
        for (probability, truth) in zip(probabilities, actual) {
            let predictedPositive = probability >= 0.5
            switch (predictedPositive, truth == 1) {
            case (true, true): truePositive += 1
            case (true, false): falsePositive += 1
            case (false, false): trueNegative += 1
            case (false, true): falseNegative += 1
            }
            let clipped = min(max(probability, 1e-15), 1 - 1e-15)
            logLoss -= truth == 1 ? log(clipped) : log(1 - clipped)
        }
        let count = Double(actual.count)
        let precision = truePositive + falsePositive > 0 ? truePositive / (truePositive + falsePositive) : 0
        let recall = truePositive + falseNegative > 0 ? truePositive / (truePositive + falseNegative) : 0
        return [
            "Accuracy": (truePositive + trueNegative) / count,
            "Precision": precision,
            "Recall": recall,
            "F-Score": precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0,
            "AUC": areaUnderCurve(probabilities: probabilities, actual: actual),
            "Average Log Loss": logLoss / count,
        ]
    }

    /// The ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half.
    static func areaUnderCurve(probabilities: [Double], actual: [Double]) -> Double {
        let positives = actual.filter { $0 == 1 }.count
        let negatives = actual.count - positives
        guard positives > 0, negatives > 0 else { return 0 }
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        var ranks = [Double](repeating: 0, count: probabilities.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, probabilities[order[end + 1]] == probabilities[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = averageRank }
            start = end + 1
        }
        let positiveRankSum = zip(ranks, actual).filter { $0.1 == 1 }.map(\.0).reduce(0, +)
        let pairs = Double(positives) * Double(negatives)
        return (positiveRankSum - Double(positives) * Double(positives + 1) / 2) / pairs
    }

    /// The evaluation output of a training job: one row of metrics, columns in a stable order.
    static func table(for model: TrainedModel) -> DataTable {
        let metrics = model.training?.metrics ?? [:]
        let names = metrics.keys.sorted()
        return DataTable(columns: names, rows: [names.map { NumberText.format(metrics[$0] ?? 0) }])
    }
}

/// How numbers are written into datasets: Swift's shortest round-tripping form.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
