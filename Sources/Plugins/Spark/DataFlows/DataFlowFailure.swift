import DataFlowScript
import PluginKit

/// ADF's data flow error codes (data-flow-troubleshoot-errors) for what fails before the Spark job
/// starts; the driver classifies what fails in it (``DataFlowDriver``).
enum DataFlowErrorCode {
    /// A source or sink whose store pipehost cannot reach, or that names none.
    static let storeIsNotDefined = "DF-Executor-StoreIsNotDefined"
    /// The script, or an expression in it, cannot be translated.
    static let parseError = "DF-Executor-ParseError"
    /// A parameter value of the wrong type, or none for a parameter without a default.
    static let invalidType = "DF-Executor-InvalidType"
    /// A column the stream does not have.
    static let columnUnavailable = "DF-Executor-ColumnUnavailable"
    /// The job ended without saying why (killed, out of memory before the driver could report).
    static let internalServerError = "DF-Executor-InternalServerError"
}

/// The failures of an `ExecuteDataFlow` activity before its job runs, each with its DF- code.
enum DataFlowFailure {
    /// The host sent no data flow: the activity names none, or the host predates data flows.
    static func noDataFlow(activity: String) -> ActivityFailure {
        .userError(
            "ExecuteDataFlow '\(activity)' got no data flow from the host: typeProperties.dataFlow.referenceName must "
                + "name a data flow of the factory (dataflow/NAME.json, or a dataflows resource of the ARM template).",
            code: ActivityErrorCode.missingRequiredProperty)
    }

    static func unsupportedStore(_ message: String) -> ActivityFailure {
        .userError(message, code: DataFlowErrorCode.storeIsNotDefined)
    }

    /// The data flow resource or its script could not be read.
    static func definition(_ name: String, _ error: DataFlowDefinitionError) -> ActivityFailure {
        .userError("Data flow '\(name)': \(error.description)", code: DataFlowErrorCode.parseError)
    }

    /// The script could not be compiled into a Spark plan: a parameter value of the wrong type is
    /// ADF's DF-Executor-InvalidType, a column the stream does not have DF-Executor-ColumnUnavailable,
    /// the rest DF-Executor-ParseError.
    static func compile(_ name: String, _ error: DataFlowCompileError) -> ActivityFailure {
        let code =
            switch error {
            case .invalidParameterValue, .missingParameterValue: DataFlowErrorCode.invalidType
            case .unknownColumn: DataFlowErrorCode.columnUnavailable
            default: DataFlowErrorCode.parseError
            }
        return .userError("Data flow '\(name)': \(error.description)", code: code)
    }
}
