import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

@Suite(.tags(.small))
struct LearningTests {
    /// y = 3 + 2·x1 − x2 exactly.
    static let linearTable = DataTable(
        columns: ["x1", "x2", "y"],
        rows: (0..<20).map { i in
            let x1 = Double(i % 7), x2 = Double((i * 5) % 11)
            return [NumberText.format(x1), NumberText.format(x2), NumberText.format(3 + 2 * x1 - x2)]
        }
    )

    @Test func linearRegressionRecoversExactCoefficients() throws {
        let trainer = ModelTrainer(
            configuration: TrainingConfiguration(
                algorithm: .linearRegression, featureColumns: ["x1", "x2"], labelColumn: "y")
        )
        let model = try trainer.train(on: Self.linearTable, source: "acct/data/train.csv")
        #expect(abs(model.intercept - 3) < 1e-4)
        #expect(abs(model.coefficients[0] - 2) < 1e-5)
        #expect(abs(model.coefficients[1] + 1) < 1e-5)
        #expect((model.training?.metrics["Coefficient of Determination"] ?? 0) > 0.999_999)
        #expect(model.training?.rows == 20)
        #expect(model.training?.source == "acct/data/train.csv")
    }

    @Test func logisticRegressionSeparatesTwoClasses() throws {
        // Positive when f1 + f2 > 10, with a band of mixed labels so the optimum is finite.
        var rows: [[String]] = []
        for i in 0..<60 {
            let f1 = Double(i % 11), f2 = Double((i * 3) % 9)
            let sum = f1 + f2
            let label = sum > 10 || (sum == 10 && i % 2 == 0) ? "yes" : "no"
            rows.append([NumberText.format(f1), NumberText.format(f2), label])
        }
        let table = DataTable(columns: ["f1", "f2", "label"], rows: rows)
        let configuration = TrainingConfiguration(
            algorithm: .logisticRegression, featureColumns: ["f1", "f2"], labelColumn: "label", positiveLabel: "yes"
        )
        let model = try ModelTrainer(configuration: configuration).train(on: table, source: nil)
        #expect(model.positiveLabel == "yes")
        #expect(model.negativeLabel == "no")
        #expect(model.coefficients.allSatisfy { $0 > 0 })
        #expect(model.predict([10, 8]) > 0.9)
        #expect(model.predict([0, 1]) < 0.1)
        let metrics = try #require(model.training?.metrics)
        #expect((metrics["Accuracy"] ?? 0) >= 0.9)
        #expect((metrics["AUC"] ?? 0) >= 0.95)
    }

    @Test func logisticRegressionWithoutAPositiveLabelNeedsZeroOne() {
        let table = DataTable(columns: ["f", "label"], rows: [["1", "a"], ["2", "b"], ["3", "c"]])
        let configuration = TrainingConfiguration(
            algorithm: .logisticRegression, featureColumns: ["f"], labelColumn: "label")
        #expect(throws: TrainingError.notBinary(column: "label", values: ["a", "b", "c"])) {
            try ModelTrainer(configuration: configuration).train(on: table, source: nil)
        }
    }

    @Test func collinearFeaturesAreReportedNotSolvedBadly() {
        let table = DataTable(columns: ["a", "b", "y"], rows: (0..<5).map { ["\($0)", "\($0 * 2)", "\($0)"] })
        let configuration = TrainingConfiguration(
            algorithm: .linearRegression, featureColumns: ["a", "b"], labelColumn: "y", ridge: 0
        )
        #expect(throws: TrainingError.singular) {
            try ModelTrainer(configuration: configuration).train(on: table, source: nil)
        }
    }

    @Test func areaUnderCurveOfKnownRankings() {
        #expect(ModelEvaluation.areaUnderCurve(probabilities: [0.1, 0.2, 0.8, 0.9], actual: [0, 0, 1, 1]) == 1)
        #expect(ModelEvaluation.areaUnderCurve(probabilities: [0.9, 0.8, 0.2, 0.1], actual: [0, 0, 1, 1]) == 0)
        #expect(ModelEvaluation.areaUnderCurve(probabilities: [0.5, 0.5, 0.5, 0.5], actual: [0, 1, 0, 1]) == 0.5)
    }

    @Test func scoringAppendsAzureMLColumns() throws {
        let linear = TrainedModel(
            kind: .linearRegression, featureColumns: ["x"], labelColumn: "y", intercept: 1, coefficients: [2])
        let input = DataTable(columns: ["id", "x"], rows: [["a", "1"], ["b", "2.5"]])
        #expect(try ModelScorer(model: linear).score(input).rows == [["a", "1", "3"], ["b", "2.5", "6"]])
        let logistic = TrainedModel(
            kind: .logisticRegression, featureColumns: ["x"], labelColumn: "y", intercept: 0, coefficients: [1],
            positiveLabel: "yes", negativeLabel: "no"
        )
        let scored = try ModelScorer(model: logistic).score(DataTable(columns: ["x"], rows: [["0"], ["-3"]]))
        #expect(scored.columns == ["x", "Scored Labels", "Scored Probabilities"])
        #expect(scored.rows[0] == ["0", "yes", "0.5"])
        #expect(scored.rows[1][1] == "no")
    }

    @Test func scoringNamesAMissingFeatureColumn() {
        let model = TrainedModel(
            kind: .linearRegression, featureColumns: ["x3"], labelColumn: "y", intercept: 0, coefficients: [1])
        #expect(throws: DataTableError.missingColumn("x3", available: ["x1"])) {
            try ModelScorer(model: model).score(DataTable(columns: ["x1"], rows: [["1"]]))
        }
    }

    @Test func ilearnerFilesRoundTrip() throws {
        let model = TrainedModel(
            kind: .linearRegression, featureColumns: ["a", "b"], labelColumn: "y", intercept: 0.25,
            coefficients: [1, -2],
            training: TrainingSummary(rows: 3, trainedAt: "2024-01-01T00:00:00Z", source: nil, metrics: ["R": 1])
        )
        #expect(try TrainedModel.decode(model.encoded()) == model)
        let text = String(decoding: model.encoded(), as: UTF8.self)
        #expect(text.contains("\"format\" : \"pipehost.azureml-emulator.ilearner\""))
    }

    @Test func foreignOrInconsistentModelFilesAreRefused() {
        let foreign = Data(
            #"{"format":"other","kind":"linearRegression","featureColumns":["a"],"coefficients":[1]}"#.utf8)
        #expect(throws: DecodingError.self) { try TrainedModel.decode(foreign) }
        let inconsistent = Data(#"{"kind":"linearRegression","featureColumns":["a","b"],"coefficients":[1]}"#.utf8)
        #expect(throws: DecodingError.self) { try TrainedModel.decode(inconsistent) }
        let future = Data(
            #"{"formatVersion":9,"kind":"linearRegression","featureColumns":["a"],"coefficients":[1]}"#.utf8)
        #expect(throws: DecodingError.self) { try TrainedModel.decode(future) }
    }
}
