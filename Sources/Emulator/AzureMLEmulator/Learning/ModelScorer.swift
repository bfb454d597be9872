/// Scores a dataset with a trained model, the work of a `score` web service's job: every input column is
/// kept and `Scored Labels` is appended, plus `Scored Probabilities` for a classifier, as Azure ML's
/// Score Model module did.
struct ModelScorer {
    let model: TrainedModel

    static let labelColumn = "Scored Labels"
    static let probabilityColumn = "Scored Probabilities"

    func score(_ table: DataTable) throws(DataTableError) -> DataTable {
        let features = try table.numericColumns(model.featureColumns)
        let predictions = features.map(model.predict)
        switch model.kind {
        case .linearRegression:
            return table.appendingColumn(Self.labelColumn, values: predictions.map(NumberText.format))
        case .logisticRegression:
            let positive = model.positiveLabel ?? "1"
            let negative = model.negativeLabel ?? "0"
            return
                table
                .appendingColumn(Self.labelColumn, values: predictions.map { $0 >= 0.5 ? positive : negative })
                .appendingColumn(Self.probabilityColumn, values: predictions.map(NumberText.format))
        }
    }
}
