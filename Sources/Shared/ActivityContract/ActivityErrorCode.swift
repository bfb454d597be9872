/// The `errorCode` values pipehost writes into an ``ActivityError``, one named constant each, so a
/// code is spelled in one place. docs/error-codes.md lists them with their meaning.
///
/// Two kinds:
/// - **ADF's numeric codes**, written as strings as ADF does (`"2105"`), where pipehost reports a
///   failure ADF itself reports with that code, so that pipelines and tooling written for ADF see
///   the same value.
/// - **pipehost's own codes**, PascalCase names (`"PluginMisbehaved"`), for failures ADF has no
///   code for: the engine's checks, the plugin runtime, worker processes and PluginKit's defaults.
///
/// A plugin may report codes of its own (the stored procedure plugin's `SqlFailedToConnect`, for
/// example); those live with the plugin and its documentation.
public enum ActivityErrorCode {
    // MARK: ADF's numeric codes

    /// 2103: a required property has no value.
    public static let missingRequiredProperty = "2103"
    /// 2104: a property has the wrong type.
    public static let wrongPropertyType = "2104"
    /// 2105: a property's value is not acceptable (also a policy or control-activity setting an
    /// expression produced out of ADF's range: a timeout, a retry interval, a wait, a batch count).
    public static let invalidPropertyValue = "2105"
    /// 2402: a stored procedure call failed in the database (ADF's "Execution fail against SQL
    /// Server").
    public static let storedProcedureFailed = "2402"
    /// 2500: a Custom activity's command failed (written by the C Custom activity plugin).
    public static let customActivityFailed = "2500"
    /// 2600: an Azure ML Batch Execution or Update Resource call failed.
    public static let azureMLFailed = "2600"

    // The Web, WebHook and Azure Function activities (docs/data-activities.md).

    /// 2001: an activity's output is larger than ADF's 4 MB limit (a Web response, a notebook's exit value).
    public static let outputTooLarge = "2001"
    /// 2108: a Web or WebHook endpoint answered with a failure status, or could not be reached.
    public static let webEndpointCallFailed = "2108"
    /// 2128: a Web or WebHook endpoint did not answer within the request timeout.
    public static let webEndpointNoResponse = "2128"
    /// 2403: a managed identity token was asked for (there is none outside Azure).
    public static let managedIdentityTokenFailed = "2403"
    /// 3602: an Azure Function activity's method is not one ADF supports.
    public static let azureFunctionInvalidMethod = "3602"
    /// 3603: an Azure Function answered with something other than a JSON object.
    public static let azureFunctionResponseNotObject = "3603"
    /// 3606: an Azure Function linked service has no function key.
    public static let azureFunctionMissingKey = "3606"
    /// 3607: an Azure Function activity has no function name.
    public static let azureFunctionMissingName = "3607"
    /// 3608: an Azure Function answered with a failure status.
    public static let azureFunctionCallFailed = "3608"
    /// 3609: an Azure Function linked service has no functionAppUrl.
    public static let azureFunctionMissingAppURL = "3609"
    /// 3610: an Azure Function could not be reached.
    public static let azureFunctionEndpointUnreachable = "3610"
    /// 3611: an Azure Function activity has no method.
    public static let azureFunctionMissingMethod = "3611"
    /// 3612: an Azure Function activity has no (or the wrong kind of) linked service.
    public static let azureFunctionMissingLinkedService = "3612"

    // MARK: pipehost's own codes: the engine

    /// The activity was cancelled (the run was cancelled, or the plugin stopped because the host
    /// asked it to).
    public static let activityCancelled = "ActivityCancelled"
    /// An attempt ran past its `policy.timeout` (also: a WebHook's callback did not come within its `timeout`).
    public static let activityTimedOut = "ActivityTimedOut"
    /// A container failed because of an activity that ended Failed without an error of its own
    /// (for example an inactive activity marked Failed).
    public static let activityMarkedFailed = "ActivityMarkedFailed"
    /// No built-in activity or loaded plugin implements the activity's type.
    public static let activityTypeNotSupported = "ActivityTypeNotSupported"
    /// An Execute Pipeline activity's child run failed.
    public static let childPipelineFailed = "ChildPipelineFailed"
    /// A control activity was executed without a pipeline run around it.
    public static let controlActivityOutsidePipeline = "ControlActivityOutsidePipeline"
    /// The data flow an Execute Data Flow activity runs does not exist.
    public static let dataFlowNotFound = "DataFlowNotFound"
    /// A dataset the activity refers to does not exist.
    public static let datasetNotFound = "DatasetNotFound"
    /// The process running an attempt ended before the attempt did (recorded when the run is
    /// resumed).
    public static let hostProcessEnded = "HostProcessEnded"
    /// An activity inside a ForEach, Until, If Condition or Switch failed.
    public static let innerActivityFailed = "InnerActivityFailed"
    /// An expression evaluated to a value of the wrong type for where it is used.
    public static let invalidExpressionResult = "InvalidExpressionResult"
    /// A Key Vault secret reference has no store or no secret name.
    public static let invalidKeyVaultReference = "InvalidKeyVaultReference"
    /// Parameter values do not fit their declarations (a linked service's, a dataset's or a child
    /// pipeline's).
    public static let invalidParameters = "InvalidParameters"
    /// A pipeline's (or a container's) activities cannot be scheduled, for example because of a
    /// dependency cycle.
    public static let invalidPipeline = "InvalidPipeline"
    /// A Set Variable activity's pipeline return value is malformed.
    public static let invalidReturnValue = "InvalidReturnValue"
    /// A Set Variable activity tried to set a system variable.
    public static let invalidSystemVariable = "InvalidSystemVariable"
    /// An expression could not be evaluated.
    public static let invalidTemplate = "InvalidTemplate"
    /// A value does not fit the variable's declared type.
    public static let invalidVariableType = "InvalidVariableType"
    /// A Key Vault secret is not in the secret provider.
    public static let keyVaultSecretNotFound = "KeyVaultSecretNotFound"
    /// A linked service the activity refers to does not exist.
    public static let linkedServiceNotFound = "LinkedServiceNotFound"
    /// A Filter activity has no condition.
    public static let missingCondition = "MissingCondition"
    /// An Until activity has no expression.
    public static let missingExpression = "MissingExpression"
    /// An Execute Pipeline activity names no pipeline.
    public static let missingPipelineReference = "MissingPipelineReference"
    /// A Set Variable or Append Variable activity names no variable.
    public static let missingVariableName = "MissingVariableName"
    /// An Execute Pipeline activity names a pipeline that does not exist.
    public static let pipelineNotFound = "PipelineNotFound"
    /// An Execute Pipeline activity would nest pipeline runs more than 100 deep.
    public static let pipelineNestedTooDeep = "PipelineNestedTooDeep"
    /// An Until activity's loop ran past its timeout.
    public static let untilTimedOut = "UntilTimedOut"
    /// A variable that the pipeline does not declare was used.
    public static let variableNotFound = "VariableNotFound"
    /// A value set into a variable nests deeper than JSON pipehost reads (512 levels).
    public static let variableValueTooDeep = "VariableValueTooDeep"

    // MARK: pipehost's own codes: the Web plugin

    /// A WebHook's callback reported a failure (`reportStatusOnCallBack`) without an error code of its own.
    public static let webHookCallbackFailed = "WebHookCallbackFailed"
    /// A Web or WebHook activity asks for an authentication pipehost cannot perform.
    public static let webAuthenticationNotSupported = "WebAuthenticationNotSupported"
    /// The token endpoint refused or failed a service principal's token request.
    public static let webTokenRequestFailed = "WebTokenRequestFailed"

    // MARK: pipehost's own codes: the plugin runtime

    /// The call cannot be made this way (the synchronous inner path of a type that is not a
    /// thread-safe, synchronous one).
    public static let pluginCallUnsupported = "PluginCallUnsupported"
    /// The plugin reported a failure without an error object.
    public static let pluginFailed = "PluginFailed"
    /// The plugin was shut down before the activity ran.
    public static let pluginHostShutDown = "PluginHostShutDown"
    /// The plugin broke the contract (a malformed result, an unknown status, a cancellation nothing
    /// asked for).
    public static let pluginMisbehaved = "PluginMisbehaved"
    /// An isolated plugin's worker process crashed or exited during the call.
    public static let pluginWorkerCrashed = "PluginWorkerCrashed"
    /// An isolated plugin's worker was killed because another call on it ignored cancellation.
    public static let pluginWorkerKilled = "PluginWorkerKilled"
    /// The host and an isolated plugin's worker did not understand each other.
    public static let pluginWorkerProtocolError = "PluginWorkerProtocolError"
    /// No worker process could be started for an isolated plugin.
    public static let pluginWorkerStartFailed = "PluginWorkerStartFailed"

    // MARK: pipehost's own codes: PluginKit's defaults

    /// `ActivityFailure.userError` without a code of the plugin's own.
    public static let pluginUserError = "PluginUserError"
    /// `ActivityFailure.systemError` without a code of the plugin's own.
    public static let pluginSystemError = "PluginSystemError"
    /// An activity body threw an error that is not an `ActivityFailure`.
    public static let pluginUnhandledError = "PluginUnhandledError"

    /// Every code above, for checks and listings.
    public static let all: [String] = [
        missingRequiredProperty, wrongPropertyType, invalidPropertyValue, storedProcedureFailed, customActivityFailed,
        azureMLFailed,
        outputTooLarge, webEndpointCallFailed, webEndpointNoResponse, managedIdentityTokenFailed,
        azureFunctionInvalidMethod, azureFunctionResponseNotObject, azureFunctionMissingKey, azureFunctionMissingName,
        azureFunctionCallFailed, azureFunctionMissingAppURL, azureFunctionEndpointUnreachable, azureFunctionMissingMethod,
        azureFunctionMissingLinkedService, webHookCallbackFailed, webAuthenticationNotSupported, webTokenRequestFailed,
        activityCancelled, activityTimedOut, activityMarkedFailed, activityTypeNotSupported, childPipelineFailed,
        controlActivityOutsidePipeline, dataFlowNotFound, datasetNotFound, hostProcessEnded, innerActivityFailed, invalidExpressionResult,
        invalidKeyVaultReference, invalidParameters, invalidPipeline, invalidReturnValue,
        invalidSystemVariable, invalidTemplate, invalidVariableType,
        keyVaultSecretNotFound, linkedServiceNotFound, missingCondition, missingExpression, missingPipelineReference,
        missingVariableName, pipelineNotFound, pipelineNestedTooDeep, untilTimedOut, variableNotFound, variableValueTooDeep,
        pluginCallUnsupported, pluginFailed, pluginHostShutDown, pluginMisbehaved, pluginWorkerCrashed,
        pluginWorkerKilled, pluginWorkerProtocolError, pluginWorkerStartFailed,
        pluginUserError, pluginSystemError, pluginUnhandledError,
    ]
}
