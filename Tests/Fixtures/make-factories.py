#!/usr/bin/env python3
"""Writes the loader/validator fixtures under Tests/Fixtures/Factories/: a git-integration folder
written the way ADF's own examples spell properties (PascalCase where they do), an ARM template
export, a UTF-16 pipeline file, and a factory with one of every validation problem."""
import json, os, shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Factories")
if os.path.exists(ROOT):
    shutil.rmtree(ROOT)

def dump(path, value, encoding="utf-8", bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(value, indent=4) + "\n"
    with open(path, "wb") as f:
        if encoding == "utf-16-le":
            f.write(b"\xff\xfe" + text.encode("utf-16-le"))
        else:
            f.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))

# A git-integration folder.
git = os.path.join(ROOT, "git-factory")
dump(os.path.join(git, "factory", "contoso-adf.json"), {"name": "contoso-adf", "location": "westeurope",
    "properties": {"globalParameters": {"environment": {"type": "string", "value": "test"}}}})
dump(os.path.join(git, "pipeline", "score.json"), {"name": "score", "properties": {
    "activities": [{
        "name": "Score", "type": "AzureMLBatchExecution", "dependsOn": [],
        "policy": {"timeout": "0.12:00:00", "retry": 1, "retryIntervalInSeconds": 30},
        "linkedServiceName": {"referenceName": "AzureMLService", "type": "LinkedServiceReference"},
        "typeProperties": {
            "webServiceInputs": {"input1": {"LinkedServiceName": {"referenceName": "Storage", "type": "LinkedServiceReference"},
                                            "FilePath": "amltest/input/in1.csv"}},
            "webServiceOutputs": {"output1": {"LinkedServiceName": {"referenceName": "Storage", "type": "LinkedServiceReference"},
                                              "FilePath": "amltest/output/out1.csv"}}}},
        {"Name": "Notify", "Type": "WebActivity", "DependsOn": [{"Activity": "Score", "DependencyConditions": ["succeeded"]}],
         "TypeProperties": {"url": "https://example.org", "method": "POST"}}],
    "parameters": {"day": {"type": "string", "defaultValue": "2024-01-01"}}}})
dump(os.path.join(git, "pipeline", "nightly.json"), {"name": "nightly", "properties": {"activities": [
    {"name": "Run Score", "type": "ExecutePipeline", "typeProperties": {
        "pipeline": {"referenceName": "score", "type": "PipelineReference"}, "waitOnCompletion": True}}]}})
dump(os.path.join(git, "linkedService", "AzureMLService.json"), {"name": "AzureMLService", "properties": {"type": "AzureML",
    "typeProperties": {"mlEndpoint": "https://ussouthcentral.services.azureml.net/workspaces/x/services/y/jobs", "apiKey": "plain-key"}}})
dump(os.path.join(git, "linkedService", "Storage.json"), {"name": "Storage", "properties": {"type": "AzureStorage",
    "typeProperties": {"connectionString": {"type": "SecureString", "value": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k"}}}},
    bom=True)
dump(os.path.join(git, "dataset", "Input.json"), {"name": "Input", "properties": {"type": "AzureBlob",
    "linkedServiceName": {"referenceName": "Storage", "type": "LinkedServiceReference"}, "typeProperties": {"folderPath": "in"}}})
dump(os.path.join(git, "trigger", "daily.json"), {"name": "daily", "properties": {"type": "ScheduleTrigger", "pipelines": "not a pipeline"}})
dump(os.path.join(git, "integrationRuntime", "shir.json"), {"name": "shir", "properties": {"type": "SelfHosted"}})
with open(os.path.join(git, "publish_config.json"), "w") as f:
    f.write('{"publishBranch": "adf_publish"}\n')

# An ARM template export.
dump(os.path.join(ROOT, "arm-template", "ARMTemplateForFactory.json"), {
    "$schema": "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {"factoryName": {"type": "string", "defaultValue": "contoso-arm"},
                   "Sql_connectionString": {"type": "secureString", "defaultValue": "Server=tcp:db;Database=dw;Password=arm-secret;"}},
    "variables": {"factoryId": "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]"},
    "resources": [
        {"name": "[concat(parameters('factoryName'), '/load')]", "type": "Microsoft.DataFactory/factories/pipelines",
         "apiVersion": "2018-06-01",
         "properties": {"activities": [{"name": "Load", "type": "SqlServerStoredProcedure",
             "linkedServiceName": {"referenceName": "Sql", "type": "LinkedServiceReference"},
             "typeProperties": {"storedProcedureName": "[[dbo].[load]"}}], "annotations": []},
         "dependsOn": ["[concat(variables('factoryId'), '/linkedServices/Sql')]"]},
        {"name": "[concat(parameters('factoryName'), '/Sql')]", "type": "Microsoft.DataFactory/factories/linkedServices",
         "apiVersion": "2018-06-01",
         "properties": {"type": "AzureSqlDatabase", "typeProperties": {"connectionString": "[parameters('Sql_connectionString')]"}}},
        {"name": "[concat(parameters('factoryName'), '/daily')]", "type": "Microsoft.DataFactory/factories/triggers",
         "apiVersion": "2018-06-01", "properties": {"type": "ScheduleTrigger"}},
    ]})

# A UTF-16 pipeline file, as some Windows tools save them.
dump(os.path.join(ROOT, "utf16", "wait.json"), {"name": "wait-a-bit", "properties": {"activities": [
    {"name": "Wait — ünïcødé", "type": "Wait", "typeProperties": {"waitTimeInSeconds": 1}}]}}, encoding="utf-16-le")

# A factory with one of every problem `pipehost validate` reports.
bad = os.path.join(ROOT, "invalid-factory")
dump(os.path.join(bad, "pipeline", "broken.json"), {"name": "broken", "properties": {
    "activities": [
        {"name": "A", "type": "WebActivity", "dependsOn": [{"activity": "Ghost", "dependencyConditions": ["Succeeded"]}],
         "typeProperties": {}},
        {"name": "A", "type": "WebActivity", "typeProperties": {}},
        {"name": "Bad/Name", "type": "WebActivity", "typeProperties": {}},
        {"name": "B", "type": "WebActivity", "dependsOn": [{"activity": "C", "dependencyConditions": ["Succeeded"]}], "typeProperties": {}},
        {"name": "C", "type": "WebActivity", "dependsOn": [{"activity": "B", "dependencyConditions": ["Sometimes"]}], "typeProperties": {}},
        {"name": "D", "type": "Teleport", "typeProperties": {}},
        {"name": "E", "type": "WebActivity", "linkedServiceName": {"referenceName": "Nowhere", "type": "LinkedServiceReference"},
         "policy": {"timeout": "9.00:00:00", "retry": -1, "retryIntervalInSeconds": 5}, "typeProperties": {}},
        {"name": "F", "type": "Copy", "inputs": [{"referenceName": "NoSuchDataset", "type": "DatasetReference"}], "typeProperties": {}},
        {"name": "G", "type": "ExecutePipeline", "typeProperties": {"pipeline": {"referenceName": "missing-child", "type": "PipelineReference"}}},
        {"name": "H", "type": "ExecutePipeline", "typeProperties": {"pipeline": {"referenceName": "child", "type": "PipelineReference"},
                                                                  "parameters": {"unexpected": 1}}},
        {"name": "I", "type": "SetVariable", "typeProperties": {"variableName": "undeclared", "value": "x"}},
        {"name": "J", "type": "ForEach", "typeProperties": {"items": "@createArray(1)", "batchCount": 80, "activities": []}},
        {"name": "Off", "type": "Teleport", "state": "Inactive", "onInactiveMarkAs": "Skipped", "typeProperties": {}},
    ],
    "parameters": {"count": {"type": "Int", "defaultValue": "three"}}}})
dump(os.path.join(bad, "pipeline", "child.json"), {"name": "child", "properties": {"activities": [],
    "parameters": {"required": {"type": "String"}}}})
with open(os.path.join(bad, "pipeline", "not-json.json"), "w") as f:
    f.write('{"name": "not-json", "properties": {"activities": [ }\n')
print("factories written to", ROOT)
