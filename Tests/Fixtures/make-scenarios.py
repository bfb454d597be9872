#!/usr/bin/env python3
"""Writes the scenario folders under Tests/Fixtures/Pipelines/ (except the dftf-* folders, which
hold Microsoft's examples). Run it after changing a scenario here; the JSON files are checked in.

Each folder is an ADF git-integration factory (pipeline/, linkedService/, dataset/) plus
scenario.json: the cases to run, the scripted behaviour of plugin activities, and the outcome ADF
documents (see Tests/HostCoreTests/ScenarioExpectations.swift)."""
import json, os, shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Pipelines")

def act(name, type="WebActivity", deps=(), tp=None, policy=None, state=None, mark=None, ls=None, **extra):
    a = {"name": name, "type": type,
         "dependsOn": [{"activity": d, "dependencyConditions": c} for d, c in deps],
         "userProperties": []}
    if policy is not None:
        a["policy"] = policy
    if state:
        a["state"] = state
    if mark:
        a["onInactiveMarkAs"] = mark
    if ls:
        a["linkedServiceName"] = ls
    a["typeProperties"] = tp if tp is not None else {"url": "https://example.org/" + name.replace(" ", "-")}
    a.update(extra)
    return a

def expr(text):
    return {"value": text, "type": "Expression"}

def pipeline(name, activities, parameters=None, variables=None):
    p = {"name": name, "properties": {"activities": activities, "annotations": []}}
    if parameters:
        p["properties"]["parameters"] = parameters
    if variables:
        p["properties"]["variables"] = variables
    return p

def write(folder, pipelines, scenario, linked=(), datasets=()):
    path = os.path.join(ROOT, folder)
    if os.path.exists(path):
        shutil.rmtree(path)
    for sub, items in (("pipeline", pipelines), ("linkedService", linked), ("dataset", datasets)):
        if items:
            os.makedirs(os.path.join(path, sub))
            for item in items:
                with open(os.path.join(path, sub, item["name"] + ".json"), "w") as f:
                    json.dump(item, f, indent=4)
                    f.write("\n")
    with open(os.path.join(path, "scenario.json"), "w") as f:
        json.dump(scenario, f, indent=2)
        f.write("\n")

FAIL = {"fails": True, "errorCode": "2011", "message": "scripted failure"}
S, F, SK, C = ["Succeeded"], ["Failed"], ["Skipped"], ["Completed"]

# --- The documented error-handling patterns (tutorial-pipeline-failure-error-handling.md) ---
write("error-handling-try-catch", [pipeline("main", [act("Main"), act("UponFailure", deps=[("Main", F)])])], {
    "description": "Try-Catch: only an Upon Failure path. ADF: Success when the activity succeeds, Success when it fails.",
    "cases": [
        {"name": "activity succeeds", "expect": {"status": "Succeeded", "activities": {"Main": "Succeeded", "UponFailure": "Skipped"}}},
        {"name": "activity fails", "behaviours": {"Main": FAIL},
         "expect": {"status": "Succeeded", "activities": {"Main": "Failed", "UponFailure": "Succeeded"}}},
    ]})

write("error-handling-do-if-else", [pipeline("main", [
    act("Main"), act("UponSuccess", deps=[("Main", S)]), act("UponFailure", deps=[("Main", F)])])], {
    "description": "Do-If-Else: Upon Success and Upon Failure paths. ADF: Success when the activity succeeds, Failure when it fails.",
    "cases": [
        {"name": "activity succeeds", "expect": {"status": "Succeeded",
            "activities": {"Main": "Succeeded", "UponSuccess": "Succeeded", "UponFailure": "Skipped"}}},
        {"name": "activity fails", "behaviours": {"Main": FAIL},
         "expect": {"status": "Failed", "message": "Operation on target Main failed: scripted failure",
            "activities": {"Main": "Failed", "UponSuccess": "Skipped", "UponFailure": "Succeeded"}}},
    ]})

write("error-handling-do-if-skip-else", [pipeline("main", [
    act("Main"), act("UponSuccess", deps=[("Main", S)]), act("UponFailure", deps=[("Main", F)]),
    act("DummyUponSkip", deps=[("UponSuccess", SK)])])], {
    "description": "Do-If-Skip-Else: success and failure paths with a dummy Upon Skip after the success path. ADF: Success either way.",
    "cases": [
        {"name": "activity succeeds", "expect": {"status": "Succeeded",
            "activities": {"UponSuccess": "Succeeded", "UponFailure": "Skipped", "DummyUponSkip": "Skipped"}}},
        {"name": "activity fails", "behaviours": {"Main": FAIL}, "expect": {"status": "Succeeded",
            "activities": {"UponSuccess": "Skipped", "UponFailure": "Succeeded", "DummyUponSkip": "Succeeded"}}},
    ]})

write("error-handling-generic", [pipeline("main", [
    act("Copy1"), act("Copy2", deps=[("Copy1", S)]), act("Copy3", deps=[("Copy2", S)]),
    act("GenericErrorHandling", deps=[("Copy3", ["Failed", "Skipped"])])])], {
    "description": "Generic error handling: Upon Failure and Upon Skip on one edge from the last activity; the handler runs after any failure (conditions in one entry combine with OR).",
    "cases": [
        {"name": "all succeed", "expect": {"status": "Succeeded",
            "activities": {"Copy3": "Succeeded", "GenericErrorHandling": "Skipped"}}},
        {"name": "the first fails", "behaviours": {"Copy1": FAIL}, "expect": {"status": "Succeeded",
            "activities": {"Copy1": "Failed", "Copy2": "Skipped", "Copy3": "Skipped", "GenericErrorHandling": "Succeeded"}}},
        {"name": "the last fails", "behaviours": {"Copy3": FAIL}, "expect": {"status": "Succeeded",
            "activities": {"Copy3": "Failed", "GenericErrorHandling": "Succeeded"}}},
    ]})

write("error-handling-try-catch-proceed", [pipeline("main", [
    act("First"), act("ErrorHandling", deps=[("First", F)]),
    act("Next", deps=[("ErrorHandling", ["Failed", "Skipped"])])])], {
    "description": "Try-Catch-Proceed: Upon Failure and Upon Skip from the error handler to the next activity, as the tutorial sets it up.",
    "cases": [
        {"name": "first succeeds", "expect": {"status": "Succeeded",
            "activities": {"ErrorHandling": "Skipped", "Next": "Succeeded"}}},
        {"name": "first fails and the handler fails too", "behaviours": {"First": FAIL, "ErrorHandling": FAIL},
         "expect": {"status": "Succeeded", "activities": {"ErrorHandling": "Failed", "Next": "Succeeded"}}},
    ]})

# --- Pipeline status for a failing activity with each kind of branch (MicrosoftDocs/azure-docs#45546) ---
branches = {
    "no-branch": ([], "Failed"),
    "success-branch": ([("OnSuccess", S)], "Failed"),
    "failure-branch": ([("OnFailure", F)], "Succeeded"),
    "both-branches": ([("OnSuccess", S), ("OnFailure", F)], "Failed"),
    "completion-branch": ([("OnCompletion", C)], "Succeeded"),
    "completion-and-success-branches": ([("OnCompletion", C), ("OnSuccess", S)], "Failed"),
}
write("failing-activity-branches",
      [pipeline(name, [act("A")] + [act(b, deps=[("A", cond)]) for b, cond in spec]) for name, (spec, _) in branches.items()],
      {"description": "Pipeline status by the leaf rule when activity A fails, for each kind of branch after it (Microsoft's answer in MicrosoftDocs/azure-docs#45546).",
       "cases": [{"name": name, "pipeline": name, "behaviours": {"A": FAIL},
                  "expect": dict({"status": status}, **({"message": "Operation on target A failed: scripted failure"} if status == "Failed" else {}))}
                 for name, (_, status) in branches.items()]})

# --- Inactive activities with each onInactiveMarkAs (deactivate-activity.md) ---
def inactive_pipeline(mark):
    return pipeline("marked-" + mark.lower(), [
        act("Off", state="Inactive", mark=mark),
        act("OnSuccess", deps=[("Off", S)]), act("OnFailure", deps=[("Off", F)]),
        act("OnCompletion", deps=[("Off", C)]), act("OnSkip", deps=[("Off", SK)])])
marks = {
    "Succeeded": ("Succeeded", {"OnSuccess": "Succeeded", "OnFailure": "Skipped", "OnCompletion": "Succeeded", "OnSkip": "Skipped"}),
    "Failed": ("Failed", {"OnSuccess": "Skipped", "OnFailure": "Succeeded", "OnCompletion": "Succeeded", "OnSkip": "Skipped"}),
    "Skipped": ("Succeeded", {"OnSuccess": "Skipped", "OnFailure": "Skipped", "OnCompletion": "Skipped", "OnSkip": "Succeeded"}),
}
write("inactive-activities", [inactive_pipeline(m) for m in marks], {
    "description": "An inactive activity never executes, is recorded as Inactive, and its branches follow onInactiveMarkAs.",
    "cases": [{"name": "marked " + m, "pipeline": "marked-" + m.lower(), "expect": {
        "status": status, "activities": dict({"Off": "Inactive"}, **acts), "calls": {"Off": 0}}}
        for m, (status, acts) in marks.items()]})

# --- Retries ---
write("retries", [pipeline("main", [
    act("Flaky", policy={"timeout": "0.00:10:00", "retry": 2, "retryIntervalInSeconds": 30, "secureOutput": False, "secureInput": False}),
    act("After", deps=[("Flaky", S)])])], {
    "description": "policy.retry: each attempt is its own activity run; the run waits retryIntervalInSeconds between attempts.",
    "cases": [
        {"name": "fails twice then succeeds", "behaviours": {"Flaky": {"failAttempts": 2}}, "expect": {
            "status": "Succeeded", "activities": {"Flaky": ["Failed", "Failed", "Succeeded"], "After": "Succeeded"},
            "calls": {"Flaky": 3}, "waitsInSeconds": [30, 30]}},
        {"name": "fails every attempt", "behaviours": {"Flaky": FAIL}, "expect": {
            "status": "Failed", "message": "Operation on target Flaky failed: scripted failure",
            "activities": {"Flaky": ["Failed", "Failed", "Failed"], "After": "Skipped"}, "waitsInSeconds": [30, 30]}},
    ]})

# --- Timeouts cancel a long-running plugin activity ---
write("timeout-cancels-long-running", [pipeline("main", [
    act("LongRunning", policy={"timeout": "0.00:00:01", "retry": 0, "retryIntervalInSeconds": 30}),
    act("After", deps=[("LongRunning", S)]), act("OnTimeout", deps=[("LongRunning", F)])])], {
    "description": "policy.timeout per attempt: on expiry the plugin's cancel is called and the attempt fails with a timeout error.",
    "cases": [{"name": "the activity never finishes by itself", "behaviours": {"LongRunning": {"hangs": True}}, "expect": {
        "status": "Failed", "message": "Operation on target LongRunning failed: Activity 'LongRunning' timed out after 0.00:00:01 (policy.timeout); the attempt was cancelled.",
        "activities": {"LongRunning": "Failed", "After": "Skipped", "OnTimeout": "Succeeded"},
        "errors": {"LongRunning": {"errorCode": "ActivityTimedOut", "messageContains": "timed out after 0.00:00:01"}},
        "cancelled": ["LongRunning"]}}]})

# --- Nested ForEach with batchCount ---
groups = [["a1", "a2", "a3"], ["b1", "b2"], ["c1", "c2", "c3", "c4"], ["d1"]]
write("nested-foreach-batchcount", [
    pipeline("direct", [act("Outer", type="ForEach", tp={
        "items": expr("@pipeline().parameters.groups"), "batchCount": 2,
        "activities": [act("Inner", type="ForEach", tp={
            "items": expr("@item()"), "batchCount": 3,
            "activities": [act("Process", tp={"value": "@item()"}), act("Collect", type="AppendVariable", deps=[("Process", S)],
                tp={"variableName": "seen", "value": "@item()"})]})]})],
        parameters={"groups": {"type": "Array", "defaultValue": groups}}, variables={"seen": {"type": "Array", "defaultValue": []}}),
    pipeline("sequential", [act("Outer", type="ForEach", tp={
        "items": expr("@pipeline().parameters.groups"), "isSequential": "true",
        "activities": [act("Inner", type="ForEach", tp={"items": expr("@item()"), "isSequential": True,
            "activities": [act("Process", tp={"value": "@item()"})]})]})],
        parameters={"groups": {"type": "Array", "defaultValue": groups}}),
    pipeline("two-level", [act("Outer", type="ForEach", tp={
        "items": expr("@pipeline().parameters.groups"), "batchCount": 2,
        "activities": [act("Run Group", type="ExecutePipeline", tp={
            "pipeline": {"referenceName": "process-group", "type": "PipelineReference"}, "waitOnCompletion": True,
            "parameters": {"group": expr("@item()")}})]})],
        parameters={"groups": {"type": "Array", "defaultValue": groups}}),
    pipeline("process-group", [act("Inner", type="ForEach", tp={
        "items": expr("@pipeline().parameters.group"), "batchCount": 3,
        "activities": [act("Process", tp={"value": "@item()", "group": "@{length(pipeline().parameters.group)}"})]})],
        parameters={"group": {"type": "Array"}}),
], {
    "description": "A ForEach inside a ForEach (pipehost runs it; ADF asks for a child pipeline), sequential loops, and ADF's two-level pattern through ExecutePipeline. batchCount bounds the iterations in flight at each level.",
    "cases": [
        {"name": "nested directly, batchCount 2 × 3", "pipeline": "direct",
         "behaviours": {"Process": {"sleepSeconds": 0.02}},
         "expect": {"status": "Succeeded", "calls": {"Process": 10}, "peakConcurrencyAtMost": 6,
                    "activities": {"Outer": "Succeeded", "Inner": ["Succeeded"] * 4, "Process": ["Succeeded"] * 10}}},
        {"name": "sequential at both levels", "pipeline": "sequential",
         "behaviours": {"Process": {"sleepSeconds": 0.01}},
         "expect": {"status": "Succeeded", "calls": {"Process": 10}, "peakConcurrencyAtMost": 1,
                    "invocations": {"Process": [{"activity/typeProperties/value": v} for g in groups for v in g]}}},
        {"name": "two levels through ExecutePipeline", "pipeline": "two-level",
         "behaviours": {"Process": {"sleepSeconds": 0.02}},
         "expect": {"status": "Succeeded", "calls": {"Process": 10}, "peakConcurrencyAtMost": 6,
                    "activities": {"Run Group": ["Succeeded"] * 4}}},
        {"name": "one inner failure fails the loops after every iteration ran", "pipeline": "direct",
         "behaviours": {"Process": {"fails": True}},
         "expect": {"status": "Failed", "calls": {"Process": 10},
                    "messageContains": "Operation on target Outer failed: Activity failed because an inner activity failed; Inner activity name: Inner"}},
    ]})

# --- Until with its timeout ---
write("until-timeout", [
    pipeline("count-to-three", [act("Count", type="Until", tp={
        "expression": expr("@equals(length(variables('seen')), 3)"), "timeout": "0.00:10:00",
        "activities": [act("Note", type="AppendVariable", tp={"variableName": "seen", "value": "@{length(variables('seen'))}"})]})],
        variables={"seen": {"type": "Array", "defaultValue": []}}),
    pipeline("never-done", [act("Poll Until Done", type="Until", tp={
        "expression": expr("@equals(variables('state'), 'done')"), "timeout": "0.00:00:01",
        "activities": [act("Poll")]}),
        act("After", deps=[("Poll Until Done", S)])],
        variables={"state": {"type": "String", "defaultValue": "waiting"}}),
], {
    "description": "Until repeats until its expression is true (do-while), and fails when its own timeout expires, cancelling the running iteration.",
    "cases": [
        {"name": "stops when the expression is true", "pipeline": "count-to-three", "expect": {
            "status": "Succeeded", "variables": {"seen": ["0", "1", "2"]}, "activities": {"Note": ["Succeeded"] * 3}}},
        {"name": "times out", "pipeline": "never-done", "behaviours": {"Poll": {"sleepSeconds": 0.3}}, "expect": {
            "status": "Failed", "messageContains": "Operation on target Poll Until Done failed: Until 'Poll Until Done' timed out after 0.00:00:01",
            "errors": {"Poll Until Done": {"errorCode": "UntilTimedOut"}}, "activities": {"After": "Skipped"}}},
    ]})

# --- ExecutePipeline ---
child = pipeline("child", [
    act("Echo", tp={"text": "@pipeline().parameters.greeting", "parent": "@pipeline()?.TriggeredByPipelineName"}),
    act("Return", type="SetVariable", deps=[("Echo", S)], tp={"variableName": "pipelineReturnValue", "setSystemVariable": True,
        "value": [{"key": "echo", "value": {"type": "Expression", "content": "@pipeline().parameters.greeting"}},
                  {"key": "count", "value": {"type": "Int", "content": 3}}]})],
    parameters={"greeting": {"type": "String"}})
write("execute-pipeline", [
    pipeline("parent", [
        act("Run Child", type="ExecutePipeline", tp={"pipeline": {"referenceName": "child", "type": "PipelineReference"},
            "waitOnCompletion": True, "parameters": {"greeting": expr("@pipeline().parameters.greeting")}}),
        act("Use Result", deps=[("Run Child", S)], tp={"got": "@activity('Run Child').output.pipelineReturnValue.echo",
                                                       "count": "@activity('Run Child').output.pipelineReturnValue.count"})],
        parameters={"greeting": {"type": "String", "defaultValue": "hello"}}),
    pipeline("parent-no-wait", [
        act("Start Child", type="ExecutePipeline", tp={"pipeline": {"referenceName": "child", "type": "PipelineReference"},
            "parameters": {"greeting": "fire and forget"}}),
        act("Carry On", deps=[("Start Child", S)])]),
    child,
], {
    "description": "ExecutePipeline passes parameters, waits (waitOnCompletion) and fails with the child; the child's pipelineReturnValue is in the activity's output. Without waiting, the activity succeeds once the child started.",
    "pipeline": "parent",
    "cases": [
        {"name": "child succeeds and returns a value", "expect": {"status": "Succeeded",
            "invocations": {"Use Result": [{"activity/typeProperties/got": "hello", "activity/typeProperties/count": 3}],
                            "Echo": [{"activity/typeProperties/text": "hello", "activity/typeProperties/parent": "parent"}]}}},
        {"name": "child fails", "behaviours": {"Echo": FAIL}, "expect": {"status": "Failed",
            "message": "Operation on target Run Child failed: Activity Echo failed: scripted failure",
            "activities": {"Run Child": "Failed", "Use Result": "Skipped"}}},
        {"name": "without waiting the parent does not see the failure", "pipeline": "parent-no-wait", "behaviours": {"Echo": FAIL},
         "expect": {"status": "Succeeded", "activities": {"Start Child": "Succeeded", "Carry On": "Succeeded"}, "calls": {"Echo": 1}}},
    ]})

# --- Parameterised linked services and datasets ---
write("parameterised-linked-services", [pipeline("main", [
    act("Load Orders", type="SqlServerStoredProcedure",
        ls={"referenceName": "SalesDatabase", "type": "LinkedServiceReference", "parameters": {"DBName": "@pipeline().parameters.database"}},
        tp={"storedProcedureName": "dbo.load_orders"}),
    act("Copy Orders", type="Copy", deps=[("Load Orders", S)], tp={"source": {"type": "SqlSource"}, "sink": {"type": "BlobSink"}},
        inputs=[{"referenceName": "SalesTable", "type": "DatasetReference", "parameters": {"table": "@pipeline().parameters.table"}}]),
], parameters={"database": {"type": "String", "defaultValue": "sales"}, "table": {"type": "String", "defaultValue": "dbo.orders"}})], {
    "description": "A linked service with parameters (@{linkedService().DBName}) gets its values from the reference; a dataset's parameters from the activity. The resolved linked service travels to the plugin; the inline password never appears in what the run writes.",
    "executorTypes": ["SqlServerStoredProcedure", "Copy"],
    "cases": [
        {"name": "defaults", "expect": {"status": "Succeeded", "invocations": {
            "Load Orders": [{"linkedService/name": "SalesDatabase", "linkedService/type": "AzureSqlDatabase",
                "linkedService/typeProperties/connectionString": "Server=tcp:example.database.windows.net,1433;Database=sales;User ID=app;Password=Pa55-plain-w0rd;"}],
            "Copy Orders": [{"datasets/SalesTable/typeProperties/tableName": "dbo.orders",
                "datasets/SalesTable/linkedServiceName": "SalesDatabase",
                "linkedServices/SalesDatabase/typeProperties/connectionString": "Server=tcp:example.database.windows.net,1433;Database=reporting;User ID=app;Password=Pa55-plain-w0rd;"}]},
            "secretsAbsent": ["Pa55-plain-w0rd"]}},
        {"name": "other database", "parameters": {"database": "archive"}, "expect": {"status": "Succeeded", "invocations": {
            "Load Orders": [{"linkedService/typeProperties/connectionString": "Server=tcp:example.database.windows.net,1433;Database=archive;User ID=app;Password=Pa55-plain-w0rd;"}]}}},
    ]},
    linked=[{"name": "SalesDatabase", "properties": {"type": "AzureSqlDatabase", "parameters": {"DBName": {"type": "String"}},
        "typeProperties": {"connectionString": "Server=tcp:example.database.windows.net,1433;Database=@{linkedService().DBName};User ID=app;Password=Pa55-plain-w0rd;"}}}],
    datasets=[{"name": "SalesTable", "properties": {"type": "AzureSqlTable",
        "linkedServiceName": {"referenceName": "SalesDatabase", "type": "LinkedServiceReference", "parameters": {"DBName": "reporting"}},
        "parameters": {"table": {"type": "String"}},
        "typeProperties": {"tableName": {"value": "@dataset().table", "type": "Expression"}}}}])

# --- Key Vault references and SecureString ---
write("key-vault-references", [pipeline("main", [
    act("Query Warehouse", type="SqlServerStoredProcedure",
        ls={"referenceName": "Warehouse", "type": "LinkedServiceReference"}, tp={"storedProcedureName": "dbo.refresh"}),
    act("Score", type="AzureMLBatchExecution", deps=[("Query Warehouse", S)],
        ls={"referenceName": "MachineLearning", "type": "LinkedServiceReference"}, tp={"globalParameters": {}}),
    act("Report", deps=[("Query Warehouse", S)], tp={"summary": "@{activity('Query Warehouse').output.echo}"}),
])], {
    "description": "Secrets from SecureString values and Azure Key Vault references (resolved through the local secret provider) reach the plugin in clear, and are scrubbed from everything the run writes: records, outputs, error messages and logs.",
    "executorTypes": ["SqlServerStoredProcedure", "AzureMLBatchExecution", "WebActivity"],
    "secrets": {"contoso-vault": {"warehouse-password": "s3cr3t-from-vault"}},
    "cases": [
        {"name": "secrets resolve and are scrubbed", "behaviours": {
            "Query Warehouse": {"output": {"echo": "connected with s3cr3t-from-vault"}},
            "Score": {"fails": True, "errorCode": "2600", "message": "endpoint refused key ml-api-key-4242"}},
         "expect": {"status": "Failed", "invocations": {
            "Query Warehouse": [{"linkedService/typeProperties/password": "s3cr3t-from-vault",
                                 "linkedService/typeProperties/connectionString": "Data Source=tcp:warehouse.example.net,1433;Initial Catalog=dw;User ID=etl;"}],
            "Score": [{"linkedService/typeProperties/apiKey": "ml-api-key-4242"}],
            "Report": [{"activity/typeProperties/summary": "connected with s3cr3t-from-vault"}]},
            "errors": {"Score": {"errorCode": "2600", "messageContains": "endpoint refused key ***"}},
            "message": "Operation on target Score failed: endpoint refused key ***",
            "secretsAbsent": ["s3cr3t-from-vault", "ml-api-key-4242"]}},
    ]},
    linked=[
        {"name": "ContosoKeyVault", "properties": {"type": "AzureKeyVault", "typeProperties": {"baseUrl": "https://contoso-vault.vault.azure.net/"}}},
        {"name": "Warehouse", "properties": {"type": "AzureSqlDatabase",
            "parameters": {"secretName": {"type": "String", "defaultValue": "warehouse-password"}},
            "typeProperties": {"connectionString": "Data Source=tcp:warehouse.example.net,1433;Initial Catalog=dw;User ID=etl;",
                "password": {"type": "AzureKeyVaultSecret", "store": {"referenceName": "ContosoKeyVault", "type": "LinkedServiceReference"},
                             "secretName": "@{linkedService().secretName}"}}}},
        {"name": "MachineLearning", "properties": {"type": "AzureML", "typeProperties": {
            "mlEndpoint": "https://ussouthcentral.services.azureml.net/workspaces/0123/services/4567/jobs?api-version=2.0",
            "apiKey": {"type": "SecureString", "value": "ml-api-key-4242"}}}},
    ])

write("key-vault-missing-secret", [pipeline("main", [
    act("Query Warehouse", type="SqlServerStoredProcedure", ls={"referenceName": "Warehouse", "type": "LinkedServiceReference"},
        tp={"storedProcedureName": "dbo.refresh"})])], {
    "description": "A Key Vault secret the local provider does not have fails the activity with a message that says where pipehost looked.",
    "executorTypes": ["SqlServerStoredProcedure"],
    "cases": [{"name": "secret missing", "expect": {"status": "Failed", "calls": {"Query Warehouse": 0},
        "errors": {"Query Warehouse": {"errorCode": "KeyVaultSecretNotFound", "messageContains": "PIPEHOST_SECRET_CONTOSO_VAULT__WAREHOUSE_PASSWORD"}}}}]},
    linked=[
        {"name": "ContosoKeyVault", "properties": {"type": "AzureKeyVault", "typeProperties": {"baseUrl": "https://contoso-vault.vault.azure.net/"}}},
        {"name": "Warehouse", "properties": {"type": "AzureSqlDatabase", "typeProperties": {
            "connectionString": "Data Source=tcp:warehouse.example.net;Initial Catalog=dw;User ID=etl;",
            "password": {"type": "AzureKeyVaultSecret", "store": {"referenceName": "ContosoKeyVault", "type": "LinkedServiceReference"},
                         "secretName": "warehouse-password"}}}}])

# --- Control activities, variables and parameters ---
write("control-activities", [pipeline("main", [
    act("Remember Mode", type="SetVariable", tp={"variableName": "mode", "value": "@pipeline().parameters.mode"}),
    act("Route", type="Switch", deps=[("Remember Mode", S)], tp={"on": "@variables('mode')",
        "cases": [{"value": "fast", "activities": [act("Go Fast", type="SetVariable", tp={"variableName": "path", "value": "fast"})]},
                  {"value": "slow", "activities": [act("Take Time", type="Wait", tp={"waitTimeInSeconds": 45}),
                                                   act("Go Slow", type="SetVariable", deps=[("Take Time", S)], tp={"variableName": "path", "value": "slow"})]}],
        "defaultActivities": [act("Reject", type="Fail", tp={"message": "@{concat('unknown mode ', variables('mode'))}", "errorCode": "400"})]}),
    act("Evens", type="Filter", tp={"items": "@range(0, 7)", "condition": "@equals(mod(item(), 2), 0)"}),
    act("Many Evens", type="IfCondition", deps=[("Evens", S), ("Route", S)], tp={
        "expression": "@greater(activity('Evens').output.FilteredItemsCount, 3)",
        "ifTrueActivities": [act("Note Many", type="AppendVariable", tp={"variableName": "notes", "value": "@{activity('Evens').output.FilteredItemsCount} evens"})],
        "ifFalseActivities": [act("Note Few", type="AppendVariable", tp={"variableName": "notes", "value": "few"})]}),
    act("Flag", type="SetVariable", deps=[("Many Evens", S)], tp={"variableName": "done", "value": True}),
], parameters={"mode": {"type": "String", "defaultValue": "fast"}},
   variables={"mode": {"type": "String"}, "path": {"type": "String", "defaultValue": "none"},
              "notes": {"type": "Array"}, "done": {"type": "Bool", "defaultValue": False}})], {
    "description": "SetVariable, Switch (cases and default), Wait, Fail, Filter, IfCondition and AppendVariable together.",
    "cases": [
        {"name": "fast mode", "expect": {"status": "Succeeded",
            "variables": {"mode": "fast", "path": "fast", "notes": ["4 evens"], "done": True},
            "activities": {"Go Fast": "Succeeded", "Take Time": "absent", "Reject": "absent", "Note Few": "absent"}}},
        {"name": "slow mode waits", "parameters": {"mode": "slow"}, "expect": {"status": "Succeeded",
            "variables": {"path": "slow"}, "waitsInSeconds": [45], "activities": {"Take Time": "Succeeded"}}},
        {"name": "unknown mode fails", "parameters": {"mode": "sideways"}, "expect": {"status": "Failed",
            "message": "Operation on target Route failed: Activity failed because an inner activity failed; Inner activity name: Reject, Error: unknown mode sideways",
            "errors": {"Reject": {"errorCode": "400"}}, "variables": {"path": "none", "done": False},
            "activities": {"Many Evens": "Skipped", "Flag": "Skipped"}}},
    ]})

# --- secureInput / secureOutput ---
write("secure-input-output", [pipeline("main", [
    act("Fetch Token", policy={"secureInput": True, "secureOutput": True}, tp={"clientId": "app-7", "scope": "@pipeline().parameters.scope"}),
    act("Use Token", deps=[("Fetch Token", S)], tp={"token": "@activity('Fetch Token').output.token"}),
], parameters={"scope": {"type": "String", "defaultValue": "api://warehouse"}})], {
    "description": "secureInput/secureOutput keep an activity's input and output out of run records; downstream expressions still see the real output.",
    "cases": [{"name": "placeholders in records", "behaviours": {"Fetch Token": {"output": {"token": "tok-998877"}}},
        "expect": {"status": "Succeeded", "invocations": {"Use Token": [{"activity/typeProperties/token": "tok-998877"}],
                   "Fetch Token": [{"activity/typeProperties/scope": "api://warehouse"}]}}}]})

# --- Dependency conditions at run time ---
write("dependency-conditions", [pipeline("main", [
    act("A"), act("B", deps=[("A", S)]),
    act("AfterB", deps=[("B", ["Completed", "Skipped"])]),
    act("Both", deps=[("A", S), ("B", C)]),
])], {
    "description": "Completed+Skipped on one edge is OR (data-factory-testing-framework #163); entries on different activities are AND.",
    "cases": [
        {"name": "all succeed", "expect": {"status": "Succeeded", "activities": {"AfterB": "Succeeded", "Both": "Succeeded"}}},
        {"name": "A fails", "behaviours": {"A": FAIL}, "expect": {"status": "Failed",
            "activities": {"B": "Skipped", "AfterB": "Succeeded", "Both": "Skipped"}}},
        {"name": "B fails", "behaviours": {"B": FAIL}, "expect": {"status": "Succeeded",
            "activities": {"AfterB": "Succeeded", "Both": "Succeeded"}}},
    ]})

# --- Parameters, defaults, system variables ---
write("parameters-and-system-variables", [pipeline("main", [
    act("Describe", tp={"run": "@pipeline().RunId", "pipeline": "@pipeline().Pipeline", "trigger": "@pipeline().TriggerType",
                        "factory": "@pipeline().DataFactory", "count": "@pipeline().parameters.count",
                        "tags": "@pipeline().parameters.tags", "label": "Run @{pipeline().parameters.count} of @{pipeline().Pipeline}",
                        "region": "@pipeline().globalParameters.region", "escaped": "@@not an expression"}),
], parameters={"count": {"type": "Int", "defaultValue": 3}, "tags": {"type": "Array", "defaultValue": ["x"]},
               "flag": {"type": "Bool", "defaultValue": False}})], {
    "description": "Typed parameters with defaults, system variables and global parameters in expressions.",
    "globalParameters": {"region": "westeurope"},
    "cases": [{"name": "defaults and given values", "parameters": {"tags": ["a", "b"]}, "expect": {"status": "Succeeded", "invocations": {
        "Describe": [{"activity/typeProperties/pipeline": "main", "activity/typeProperties/trigger": "Manual",
                      "activity/typeProperties/factory": "parameters-and-system-variables",
                      "activity/typeProperties/count": 3, "activity/typeProperties/tags": ["a", "b"],
                      "activity/typeProperties/label": "Run 3 of main", "activity/typeProperties/region": "westeurope",
                      "activity/typeProperties/escaped": "@not an expression"}]}}}]})

# --- Microsoft's data-factory-testing-framework examples (MIT; LICENSE-data-factory-testing-framework.txt) ---
# The pipeline/ files are Microsoft's, unchanged; what is written here completes them: the child
# pipelines and datasets they refer to but the examples leave out, and the cases with the values
# the framework's own tests assert.
def add(folder, sub, item):
    path = os.path.join(ROOT, folder, sub)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, item["name"] + ".json"), "w") as f:
        json.dump(item, f, indent=4)
        f.write("\n")

def scenario_file(folder, scenario):
    with open(os.path.join(ROOT, folder, "scenario.json"), "w") as f:
        json.dump(scenario, f, indent=2)
        f.write("\n")

add("dftf-batch-job", "pipeline", pipeline("monitor_batch_job", [
    act("Get Job", tp={"url": "@concat(pipeline().globalParameters.BatchURI, '/jobs/', pipeline().parameters.JobId)", "method": "GET"})],
    parameters={"JobId": {"type": "string"}}))
add("dftf-batch-job", "pipeline", pipeline("copy_output_files", [
    act("Copy Outputs", tp={"container": "@pipeline().parameters.JobContainerName",
                            "prefix": "@pipeline().parameters.TaskOutputFolderPrefix",
                            "target": "@concat(pipeline().parameters.OutputStorageAccountName, '/', pipeline().parameters.OutputContainerName, '/', pipeline().parameters.OutputFolderName)"})],
    parameters={n: {"type": "string"} for n in ["JobContainerName", "TaskOutputFolderPrefix", "OutputStorageAccountName", "OutputContainerName", "OutputFolderName"]}))
identity = "/subscriptions/SUBSCRIPTION_ID/resourcegroups/RESOURCE_GROUP/providers/Microsoft.ManagedIdentity/userAssignedIdentities/test-application-identity-name"
job = "802100a5-ec79-4a52-be62-8d6109f3ff9a"
environment = [
    {"name": "WORKLOAD_APP_PACKAGE", "value": "test-application"},
    {"name": "WORKLOAD_APP_PACKAGE_VERSION", "value": "1.5.0"},
    {"name": "MANAGER_APP_PACKAGE", "value": "batchmanager"},
    {"name": "MANAGER_APP_PACKAGE_VERSION", "value": "2.0.0"},
    {"name": "BATCH_JOB_TIMEOUT", "value": "PT4H"},
    {"name": "WORKLOAD_AUTO_STORAGE_ACCOUNT_NAME", "value": "batch-account-name"},
    {"name": "WORKLOAD_USER_ASSIGNED_IDENTITY_RESOURCE_ID", "value": identity},
    {"name": "WORKLOAD_USER_ASSIGNED_IDENTITY_CLIENT_ID", "value": identity},
]
scenario_file("dftf-batch-job", {
    "description": "examples/data_factory/batch_job of microsoft/data-factory-testing-framework, run end to end: the same evaluated values as the framework's functional test, and ADF's control flow (variables, ExecutePipeline children with their parameters).",
    "pipeline": "batch_job",
    "parameters": {"BatchPoolId": "batch-pool-id", "WorkloadApplicationPackageName": "test-application",
        "WorkloadApplicationPackageVersion": "1.5.0", "ManagerApplicationPackageName": "batchmanager",
        "ManagerApplicationPackageVersion": "2.0.0", "ManagerTaskParameters": "--parameter1 dummy --parameter2 another-dummy",
        "JobId": job, "TaskOutputFolderPrefix": "TASKOUTPUT_", "WorkloadUserAssignedIdentityName": "test-application-identity-name",
        "WorkloadUserAssignedIdentityClientId": identity, "JobAdditionalEnvironmentSettings": [],
        "OutputStorageAccountName": "test-application-output-storage-account-name",
        "OutputContainerName": "test-application-output-container-name", "OutputFolderName": "TEMP", "BatchJobTimeout": "PT4H"},
    "globalParameters": {"BatchStorageAccountName": "batch-account-name", "BatchAccountSubscription": "SUBSCRIPTION_ID",
        "BatchAccountResourceGroup": "RESOURCE_GROUP", "BatchURI": "https://batch-account-name.westeurope.batch.azure.com",
        "ADFSubscription": "bd19dba4-89ad-4976-b862-848bf43a4340", "ADFResourceGroup": "adf-rg", "ADFName": "adf-name"},
    "cases": [
        {"name": "every step succeeds", "expect": {"status": "Succeeded",
            "variables": {"UserAssignedIdentityReference": identity,
                "ManagerApplicationPackagePath": "$AZ_BATCH_APP_PACKAGE_batchmanager_2_0_0/batchmanager.tar.gz",
                "WorkloadApplicationPackagePath": "$AZ_BATCH_APP_PACKAGE_test-application_1_5_0/test-application.tar.gz",
                "JobContainerName": "job-" + job,
                "JobContainerURL": "https://batch-account-name.blob.core.windows.net/job-" + job,
                "CommonEnvironmentSettings": environment},
            "invocations": {
                "Create Job Storage Container": [{"activity/typeProperties/url": "https://batch-account-name.blob.core.windows.net/job-" + job + "?restype=container",
                                                  "activity/typeProperties/method": "PUT", "activity/typeProperties/body": "{}"}],
                "Start Job": [{"activity/typeProperties/url": "https://batch-account-name.westeurope.batch.azure.com/jobs?api-version=2022-10-01.16.0",
                               "activity/typeProperties/method": "POST",
                               "activity/typeProperties/body/@json/id": job, "activity/typeProperties/body/@json/priority": 100,
                               "activity/typeProperties/body/@json/constraints/maxWallClockTime": "PT4H",
                               "activity/typeProperties/body/@json/jobManagerTask/commandLine": '/bin/bash -c "python3 -m ensurepip --upgrade && python3 -m pip install --user $AZ_BATCH_APP_PACKAGE_batchmanager_2_0_0/batchmanager.tar.gz && python3 -m pip install --user $AZ_BATCH_APP_PACKAGE_test-application_1_5_0/test-application.tar.gz && python3 -m test-application job --parameter1 dummy --parameter2 another-dummy"',
                               "activity/typeProperties/body/@json/poolInfo/poolId": "batch-pool-id",
                               "activity/typeProperties/body/@json/commonEnvironmentSettings": environment}],
                "Get Job": [{"activity/typeProperties/url": "https://batch-account-name.westeurope.batch.azure.com/jobs/" + job}],
                "Copy Outputs": [{"activity/typeProperties/container": "job-" + job, "activity/typeProperties/prefix": "TASKOUTPUT_",
                                  "activity/typeProperties/target": "test-application-output-storage-account-name/test-application-output-container-name/TEMP"}],
                "Delete Job Storage Container": [{"activity/typeProperties/method": "DELETE",
                    "activity/typeProperties/url": "https://batch-account-name.blob.core.windows.net/job-" + job + "?restype=container"}]},
            "activities": {"Monitor Batch Job": "Succeeded", "Copy Output Files": "Succeeded", "Delete Job Storage Container": "Succeeded"}}},
        {"name": "starting the job fails after its retries", "behaviours": {"Start Job": {"fails": True, "errorCode": "2108", "message": "Batch said no"}},
         "expect": {"status": "Failed", "message": "Operation on target Start Job failed: Batch said no",
            "activities": {"Start Job": ["Failed", "Failed", "Failed", "Failed"], "Monitor Batch Job": "Skipped",
                           "Copy Output Files": "Skipped", "Delete Job Storage Container": "Skipped"},
            "waitsInSeconds": [30, 30, 30]}},
    ]})

add("dftf-copy-blobs", "linkedService", {"name": "DynamicBlobStorageService", "properties": {"type": "AzureBlobStorage",
    "parameters": {"ServiceURI": {"type": "String"}}, "typeProperties": {"serviceEndpoint": "@{linkedService().ServiceURI}"}}})
add("dftf-copy-blobs", "dataset", {"name": "DynamicBlobStorage", "properties": {"type": "Binary",
    "linkedServiceName": {"referenceName": "DynamicBlobStorageService", "type": "LinkedServiceReference",
                          "parameters": {"ServiceURI": "@dataset().ServiceURI"}},
    "parameters": {"ServiceURI": {"type": "String"}, "ContainerName": {"type": "String"}, "FolderName": {"type": "String"}},
    "typeProperties": {"location": {"type": "AzureBlobStorageLocation", "container": "@dataset().ContainerName",
                                    "folderPath": "@dataset().FolderName"}}}})
listing = """<EnumerationResults ServiceEndpoint="http://myaccount.blob.core.windows.net/" ContainerName="mycontainer"><Prefix>testfolder</Prefix><Delimiter>$SourceBlobDelimiter</Delimiter><Blobs><BlobPrefix><Name>testfolder_1/$SourceBlobDelimiter</Name></BlobPrefix><BlobPrefix><Name>testfolder_2/$SourceBlobDelimiter</Name></BlobPrefix></Blobs></EnumerationResults>"""
scenario_file("dftf-copy-blobs", {
    "description": "examples/data_factory/copy_blobs of microsoft/data-factory-testing-framework: the folders listed by a Web activity feed a ForEach of Copy activities through xpath(xml(...)). The dataset and linked service it names are not in the example and are written here.",
    "pipeline": "copy_blobs", "executorTypes": ["WebActivity", "Copy"],
    "requires": ["xpath"],
    "parameters": {"SourceContainerName": "sourcecontainer", "SourceFolderPrefix": "sourcefolder",
                   "SinkStorageAccountName": "sinkstorageaccount", "SinkContainerName": "sinkcontainer", "SinkFolderName": "sinkfolder"},
    "globalParameters": {"SourceStorageAccountName": "sourcestorageaccount"},
    "cases": [{"name": "two folders are copied", "behaviours": {"List Folders": {"output": {"Response": listing}}},
        "expect": {"status": "Succeeded", "calls": {"Copy files to Destination": 2},
            "invocations": {
                "List Folders": [{"activity/typeProperties/url": "https://sourcestorageaccount.blob.core.windows.net/sourcecontainer?restype=container&comp=list&prefix=sourcefolder&delimiter=$SourceBlobDelimiter",
                                  "activity/typeProperties/method": "GET"}],
                "Copy files to Destination": [
                    {"activity/typeProperties/source/storeSettings/wildcardFolderPath": "testfolder_1/$SourceBlobDelimiter",
                     "datasets/DynamicBlobStorage/typeProperties/location/container": "sourcecontainer",
                     "linkedServices/DynamicBlobStorageService/typeProperties/serviceEndpoint": "https://sourcestorageaccount.blob.core.windows.net"}]}}}]})
print("scenarios written to", ROOT)
