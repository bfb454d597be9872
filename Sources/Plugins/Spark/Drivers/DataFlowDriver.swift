import DataFlowScript

/// The PySpark program that runs a compiled data flow (`ExecuteDataFlow`): it reads the plan the
/// compiler wrote (docs/data-flows.md, "The plan"), applies its steps as DataFrame operations and
/// writes the sinks, then reports rows read, rows written and times, or the first failure with
/// ADF's DF-… code and the step it happened in, in the result file (``DataFlowRunReport``).
enum DataFlowDriver {
    static let fileName = "pipehost_dataflow_driver.py"
    static let planFileName = "dataflow-plan.json"
    static let resultFileName = "dataflow-result.json"

    static let program = #"""
# pipehost's data flow driver (ExecuteDataFlow). Written into the job folder by the Spark plugin and
# run by spark-submit with two arguments: the plan file and the result file.
#
# The plan (docs/data-flows.md, "The plan") is what pipehost's compiler made of a data flow script:
# steps in topological order, each a DataFrame operation whose expressions are complete Spark SQL.
# This program interprets nothing of ADF's syntax: it reads the stores, applies the steps, writes
# the sinks and reports what ADF's activity output reports (rows read per source, rows written and
# processing time per sink, the time of each stage), or the first failure with ADF's DF-… code and
# the transformation it happened in.
#
# A plan file holds one plan, or {"plans": [...]} for several run one after another in one Spark
# session (pipehost's tests share one Spark start this way); the result file then holds
# {"results": [...]} in the same order.
import glob
import json
import os
import re
import shutil
import sys
import threading
import time
import traceback

from pyspark.sql import SparkSession, Window, Observation
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

ROW_ACTION = "\#(DataFlowPlan.rowActionColumn)"


class StepFailure(Exception):
    def __init__(self, step, code, message):
        super().__init__(message)
        self.step = step
        self.code = code
        self.message = message


def classify(error):
    """ADF's data flow error code for a Spark exception."""
    text = str(error)
    name = type(error).__name__
    if "UNRESOLVED_COLUMN" in text or "cannot resolve" in text or "AMBIGUOUS_REFERENCE" in text:
        return "DF-Executor-ColumnUnavailable"
    if "PATH_NOT_FOUND" in text or "Path does not exist" in text:
        return "DF-Executor-SourceInvalidPayload"
    if "PARSE_SYNTAX_ERROR" in text or name == "ParseException":
        return "DF-Executor-ParseError"
    if "CARTESIAN" in text.upper():
        return "DF-Executor-SystemImplicitCartesian"
    if "DATATYPE_MISMATCH" in text or "CAST_INVALID_INPUT" in text:
        return "DF-Executor-InvalidType"
    if "OutOfMemoryError" in text:
        return "DF-Executor-OutOfMemoryError"
    if "JsonParseException" in text or "MALFORMED_RECORD" in text:
        return "DF-Executor-SystemInvalidJson"
    return "DF-Executor-InternalServerError"


def short(error):
    """The first line of a Spark error: without the JVM stack or the plan it prints below."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= 2000 else text[:2000] + "…"


def reader_format(store):
    return {"csv": "csv", "json": "json", "parquet": "parquet", "text": "text"}[store["format"]]


def source_paths(store):
    path = store["path"]
    wildcard = store.get("wildcard")
    if wildcard:
        pattern = os.path.join(path, wildcard) if not os.path.isabs(wildcard) else wildcard
        matched = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        return matched
    return [path]


def read_source(spark, step):
    store = step["store"]
    if store["kind"] == "jdbc":
        return project_source(step, read_database(spark, step))
    if store["kind"] != "files":
        raise StepFailure(step, "DF-Executor-StoreIsNotDefined", "pipehost reads only file and database stores in data flows (got '%s')." % store["kind"])
    paths = source_paths(store)
    if not paths:
        if store.get("ignoreNoFilesFound"):
            schema = ", ".join("`%s` %s" % (c["name"].replace("`", "``"), c["type"]) for c in (step.get("schema") or []))
            return spark.createDataFrame([], schema or "value string")
        raise StepFailure(step, "DF-Executor-SourceInvalidPayload",
                          "No file matches '%s' under '%s'." % (store.get("wildcard"), store["path"]))
    for path in paths:
        if "*" not in path and not os.path.exists(path):
            raise StepFailure(step, "DF-Executor-SourceInvalidPayload", "The source path '%s' does not exist." % path)
    reader = spark.read.format(reader_format(store))
    for key, value in (store.get("options") or {}).items():
        reader = reader.option(key, value)
    for key in ("modifiedAfter", "modifiedBefore"):
        if step.get(key):
            # Spark's own file filter takes a local time of the session's zone (UTC here).
            moment = spark.range(1).select(F.expr(step[key]).cast("timestamp")).first()[0]
            if moment is None:
                raise StepFailure(step, "DF-Executor-InvalidType", "%s is null: it must be a timestamp." % key)
            reader = reader.option(key, moment.strftime("%Y-%m-%dT%H:%M:%S"))
    return project_source(step, reader.load(paths))


def project_source(step, df):
    """The source's declared projection over what was read: columns cast to their declared types,
    missing ones null (or an error with validateSchema), drifted ones kept when drift is allowed."""
    schema = step.get("schema")
    if schema:
        present = {c.lower(): c for c in df.columns}
        if step.get("validateSchema"):
            missing = [c["name"] for c in schema if c["name"].lower() not in present]
            if missing:
                raise StepFailure(step, "DF-SRC-002",
                                  "The source's data has no column %s that its projection declares (validateSchema is on)."
                                  % ", ".join("'%s'" % m for m in missing))
        columns = []
        for c in schema:
            name = c["name"]
            if name.lower() in present:
                columns.append(F.col("`%s`" % present[name.lower()].replace("`", "``")).cast(c["type"]).alias(name))
            else:
                columns.append(F.lit(None).cast(c["type"]).alias(name))
        if step.get("allowSchemaDrift"):
            declared = {c["name"].lower() for c in schema}
            columns += [F.col("`%s`" % c.replace("`", "``")) for c in df.columns if c.lower() not in declared]
        df = df.select(columns)
    return df


def pairs(columns):
    return [F.expr(c["expression"]).alias(c["name"]) for c in columns]


def join_frames(frames, step):
    left = frames[step["left"]].alias(step["left"])
    right = frames[step["right"]].alias(step["right"])
    broadcast = step.get("broadcast", "none")
    if broadcast in ("left", "both"):
        left = F.broadcast(left)
    if broadcast in ("right", "both"):
        right = F.broadcast(right)
    return left, right


def apply_step(spark, frames, step):
    op = step["op"]
    if op == "source":
        return read_source(spark, step)
    if op == "withColumns":
        df = frames[step["input"]]
        for c in step["columns"]:
            df = df.withColumn(c["name"], F.expr(c["expression"]))
        return df
    if op == "project":
        df = frames[step["input"]]
        # An alter row's marks are the rows' own, not a column: a select after it keeps them.
        marks = [F.col(ROW_ACTION)] if ROW_ACTION in df.columns else []
        return df.select(pairs(step["columns"]) + marks)
    if op == "filter":
        return frames[step["input"]].filter(F.expr(step["condition"]))
    if op == "aggregate":
        df = frames[step["input"]]
        aggregates = pairs(step["aggregates"])
        if step["groupBy"]:
            return df.groupBy(pairs(step["groupBy"])).agg(*aggregates)
        return df.agg(*aggregates)
    if op == "join":
        left, right = join_frames(frames, step)
        kind = step["joinType"]
        if kind == "cross":
            if step.get("condition"):
                return left.crossJoin(right).filter(F.expr(step["condition"]))
            return left.crossJoin(right)
        how = {"inner": "inner", "left": "left", "right": "right", "full": "full", "outer": "full"}[kind]
        return left.join(right, F.expr(step["condition"]), how)
    if op == "exists":
        left, right = join_frames(frames, step)
        return left.join(right, F.expr(step["condition"]), "left_anti" if step.get("negate") else "left_semi")
    if op == "lookup":
        left, right = join_frames(frames, step)
        if step.get("multiple", True):
            return left.join(right, F.expr(step["condition"]), "left")
        # One match per left row: number the left rows, keep the first (or last) match of each.
        marker = "__pipehost_lookup_row"
        numbered = left.withColumn(marker, F.monotonically_increasing_id()).alias(step["left"])
        joined = numbered.join(right, F.expr(step["condition"]), "left")
        order = F.monotonically_increasing_id()
        ranked = joined.withColumn("__pipehost_lookup_rank", F.row_number().over(
            Window.partitionBy(marker).orderBy(order.desc() if step.get("pickup") == "last" else order)))
        return ranked.filter(F.col("__pipehost_lookup_rank") == 1).drop("__pipehost_lookup_rank", marker)
    if op == "union":
        inputs = [frames[name] for name in step["inputs"]]
        df = inputs[0]
        for other in inputs[1:]:
            df = df.unionByName(other, allowMissingColumns=True) if step.get("byName", True) else df.union(other)
        return df
    if op == "sort":
        return frames[step["input"]].orderBy([order_column(order) for order in step["orders"]])
    if op == "alterRow":
        action = F.lit(None).cast("string")
        for a in reversed(step["actions"]):
            action = F.when(F.expr(a["condition"]) == F.lit(True), F.lit(a["action"])).otherwise(action)
        if not any(a["action"] == "insert" for a in step["actions"]):
            action = F.coalesce(action, F.lit("insert"))
        return frames[step["input"]].withColumn(ROW_ACTION, action)
    if op == "keyGenerate":
        order = Window.orderBy(F.monotonically_increasing_id())
        start = int(step.get("startAt", 1))
        return frames[step["input"]].withColumn(step["column"], F.row_number().over(order) + F.lit(start - 1))
    if op == "window":
        spec = Window.partitionBy(*[F.expr(e) for e in step.get("partitionBy", [])])
        orders = step.get("orderBy") or []
        if orders:
            spec = spec.orderBy(*[order_column(o) for o in orders])
        if step.get("range"):
            spec = spec.rowsBetween(step["range"]["start"], step["range"]["end"])
        df = frames[step["input"]]
        for c in step["columns"]:
            df = df.withColumn(c["name"], F.expr(c["expression"]).over(spec))
        return df
    if op == "rank":
        spec = Window.orderBy(*[order_column(o) for o in step["orderBy"]])
        function = F.dense_rank() if step.get("dense") else F.rank()
        return frames[step["input"]].withColumn(step["column"], function.over(spec).cast("long"))
    if op in RESHAPING:
        return RESHAPING[op](frames[step["input"]], step)
    raise StepFailure(step, "DF-Executor-InternalServerError", "The plan has a step of unknown op '%s'." % op)


def order_column(order):
    e = F.expr(order["expression"])
    if order.get("ascending", True):
        return e.asc_nulls_first() if order.get("nullsFirst", True) else e.asc_nulls_last()
    return e.desc_nulls_first() if order.get("nullsFirst", False) else e.desc_nulls_last()


def sink_rows(step, df):
    """The rows a sink writes. A database sink takes each row as its alter-row mark says (unmarked
    rows are inserts) when the sink allows that action, and drops the rest; a file sink writes
    every row, as in ADF, where alter-row policies apply only to database sinks."""
    database = step["store"]["kind"] == "jdbc"
    if database:
        action = F.coalesce(F.col(ROW_ACTION), F.lit("insert")) if ROW_ACTION in df.columns else F.lit("insert")
        df = df.withColumn(ROW_ACTION, action)
        df = df.filter(F.col(ROW_ACTION).isin(list(step.get("allowedActions") or ["insert"])))
    elif ROW_ACTION in df.columns:
        df = df.drop(ROW_ACTION)
    if step.get("columns"):
        df = df.select(pairs(step["columns"]) + ([F.col(ROW_ACTION)] if database else []))
    return df


def write_sink(spark, step, df):
    store = step["store"]
    if store["kind"] == "jdbc":
        write_database(spark, step, df)
        return
    if store["kind"] != "files":
        raise StepFailure(step, "DF-Executor-StoreIsNotDefined", "pipehost writes only file and database stores in data flows (got '%s')." % store["kind"])
    path = store["path"]
    file_name = store.get("fileName")
    partitions = step.get("partitions")
    if file_name:
        df = df.coalesce(1)
    elif partitions:
        df = df.repartition(int(partitions))
    target = path if not file_name else path + "/.pipehost-" + file_name + ".parts"
    writer = df.write.format(reader_format(store)).mode("append" if step.get("append") else "overwrite")
    for key, value in (store.get("options") or {}).items():
        writer = writer.option(key, value)
    writer.save(target)
    # ADF's sinks write data files only: no Hadoop success marker, no local checksum files.
    for root, _, names in os.walk(target):
        for name in names:
            if name == "_SUCCESS" or (name.startswith(".") and name.endswith(".crc")):
                os.remove(os.path.join(root, name))
    if file_name:
        parts = sorted(p for p in os.listdir(target) if p.startswith("part-"))
        os.makedirs(path, exist_ok=True)
        destination = os.path.join(path, file_name)
        if parts:
            shutil.move(os.path.join(target, parts[0]), destination)
        shutil.rmtree(target, ignore_errors=True)


def run_plan(spark, plan):
    frames = {}
    sources = {}
    sinks = {}
    stages = []
    observations = {}
    files = {}
    result = {"dataFlow": plan.get("dataFlow"), "sources": sources, "sinks": sinks, "stages": stages, "error": None,
              "sourceFiles": files}
    current = None
    try:
        for step in plan["steps"]:
            current = step
            if step["op"] == "sink":
                df = sink_rows(step, frames[step["input"]])
                observation = Observation("sink_" + step["name"])
                df = df.observe(observation, F.count(F.lit(1)).alias("rows"))
                started = time.time()
                write_sink(spark, step, df)
                elapsed = int((time.time() - started) * 1000)
                written = observed_rows(observation, timeout=30.0)
                sinks[step["name"]] = {"rowsWritten": int(written), "sinkProcessingTime": elapsed}
                stages.append({"name": step["name"], "milliseconds": elapsed})
                continue
            df = apply_step(spark, frames, step)
            if step["op"] == "source":
                if step["store"]["kind"] == "files":
                    # The files read, for a source that deletes or moves them after completion.
                    files[step["name"]] = [local_path(uri) for uri in df.inputFiles()]
                observation = Observation("source_" + step["name"])
                df = df.observe(observation, F.count(F.lit(1)).alias("rows"))
                observations[step["name"]] = observation
            frames[step["name"]] = df
        current = None
        read = sinks_ancestors(plan["steps"])
        for name, observation in observations.items():
            sources[name] = {"rowsRead": observed_rows(observation, timeout=5.0) if name in read else 0}
        for step in plan["steps"]:
            if step["op"] == "sink" and step["name"] in sinks:
                feeding = sinks_ancestors([s for s in plan["steps"] if s["op"] != "sink"] + [step])
                sinks[step["name"]]["sources"] = {name: sources[name] for name in sources if name in feeding}
    except StepFailure as failure:
        result["error"] = failure_record(failure.step, failure.code, failure.message)
    except Exception as error:  # Spark's errors: AnalysisException, Py4JJavaError, …
        result["error"] = failure_record(current, classify(error), short(error))
    return result


def local_path(uri):
    """A local path for one of Spark's input file URIs (file:///a/b%20c.csv)."""
    from urllib.parse import unquote, urlparse
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else uri


def step_inputs(step):
    if "input" in step:
        return [step["input"]]
    if "left" in step:
        return [step["left"], step["right"]]
    return list(step.get("inputs", []))


def sinks_ancestors(steps):
    """The names of the steps some sink reads, directly or not."""
    by_name = {step["name"]: step for step in steps}
    pending = [name for step in steps if step["op"] == "sink" for name in step_inputs(step)]
    seen = set()
    while pending:
        name = pending.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        pending.extend(step_inputs(by_name[name]))
    return seen


def observed_rows(observation, timeout):
    """The row count an observation saw, waiting at most `timeout` seconds: Spark may optimise a
    source away (a filter that is always false, an empty join side), and then its observation never
    fires; such a source read no rows."""
    box = {}

    def wait():
        try:
            box["rows"] = int(observation.get.get("rows", 0))
        except Exception:  # the session stopped
            pass

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(timeout)
    return box.get("rows", 0)


def failure_record(step, code, message):
    record = {"code": code, "message": message}
    if step is not None:
        record["step"] = step["name"]
        record["transformation"] = step.get("transformation", step["name"])
    return record


def main():
    plan_path, result_path = sys.argv[1], sys.argv[2]
    with open(plan_path, encoding="utf-8") as handle:
        document = json.load(handle)
    # The compiled expressions assume both: times in UTC (currentUTC, zones), and text that does not
    # match a date format giving null, as in ADF, rather than an error.
    spark = (SparkSession.builder.appName(document.get("dataFlow", "pipehost data flow"))
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
             .getOrCreate())
    if "plans" in document:
        output = {"results": [run_plan(spark, plan) for plan in document["plans"]]}
        failed = False
    else:
        output = run_plan(spark, document)
        failed = output["error"] is not None
    with open(result_path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(output, handle)
    os.replace(result_path + ".tmp", result_path)
    spark.stop()
    if failed:
        error = output["error"]
        print("pipehost data flow: %s failed in %s: %s" % (error["code"], error.get("transformation", "?"), error["message"]), file=sys.stderr)
        sys.exit(1)

"""#

    /// The whole program: the core above, the reshaping steps (``DataFlowReshapingDriver``), the
    /// database stores (``DataFlowDatabaseDriver``), then the entry point.
    static var source: String {
        program + DataFlowReshapingDriver.program + DataFlowDatabaseDriver.program
            + "\n\nif __name__ == \"__main__\":\n    main()\n"
    }
}
