#!/usr/bin/env python3
"""The data activities' benchmark (issue "Data in, data out"): release `pipehost run` processes
against their baselines, measured in the same run.

  copy-binary   Copy of a DelimitedText file local -> local as Binary     vs `cp` of the same file
  copy-csv      the same file parsed as rows, with a TabularTranslator    vs `cp`
  copy-blob     Binary local -> the emulator's blob storage               vs `cp`
  copy-pg       CSV rows -> PostgreSQL (COPY FROM STDIN)                  vs `psql \\copy` of the same file
  lookup        Lookup of 5,000 rows from PostgreSQL (the activity's own duration)

Every `pipehost run` is a whole process (start, load plugins, run, exit), timed from spawn to exit
with its peak resident memory from wait4's resource usage. Medians of --runs samples.
Usage (scripts/bench data builds the release products and starts PostgreSQL):
  data_benchmark.py --bin RELEASE_BIN --repository ROOT --postgres-url URL [--size-mb 1024] [--rows 10000000] [--runs 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_measured(argv, cwd=None, env=None, stdout_path=None):
    """Runs argv; returns (wall seconds, peak RSS in MB, exit status, stdout text)."""
    out = open(stdout_path or os.devnull, "wb")
    err = tempfile.TemporaryFile()
    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    stderr = err.read().decode(errors="replace")
    err.close()
    out.close()
    text = open(stdout_path).read() if stdout_path else ""
    if process.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])} … failed with {process.returncode}:\n{stderr[-4000:]}\n{text[-4000:]}")
    return wall, usage.ru_maxrss / 1024.0, text


def write_csv(path, size_bytes=None, rows=None):
    """A CSV of id,name,amount,created rows: until size_bytes, or exactly `rows` data rows."""
    if os.path.exists(path) and os.path.exists(path + ".done"):
        return
    with open(path, "w", buffering=1 << 20) as f:
        f.write("id,name,amount,created\n")
        written, n, chunk = 0, 0, []
        while True:
            n += 1
            line = f"{n},customer-{n % 9973},{(n * 37) % 100000 / 100:.2f},2024-05-{1 + n % 28:02d}T{n % 24:02d}:00:00Z\n"
            chunk.append(line)
            written += len(line)
            if len(chunk) == 100_000:
                f.write("".join(chunk))
                chunk = []
            if (size_bytes is not None and written >= size_bytes) or (rows is not None and n >= rows):
                break
        f.write("".join(chunk))
    open(path + ".done", "w").close()


def factory(folder, work, activities, datasets, services, global_parameters=None):
    """A git-layout factory folder with one pipeline 'Bench'."""
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("pipeline", "dataset", "linkedService", "factory"):
        os.makedirs(os.path.join(folder, sub))
    if global_parameters:
        json.dump({"name": "Bench", "properties": {"globalParameters": global_parameters}},
                  open(os.path.join(folder, "factory", "Bench.json"), "w"))
    json.dump({"name": "Bench", "properties": {"activities": activities}}, open(os.path.join(folder, "pipeline", "Bench.json"), "w"))
    for name, props in datasets.items():
        json.dump({"name": name, "properties": props}, open(os.path.join(folder, "dataset", name + ".json"), "w"))
    for name, props in services.items():
        json.dump({"name": name, "properties": props}, open(os.path.join(folder, "linkedService", name + ".json"), "w"))


def ref(name, kind="DatasetReference"):
    return {"referenceName": name, "type": kind}


def files_service(work):
    return {"type": "FileServer", "typeProperties": {"host": work}}


def csv_dataset(folder, file, binary=False):
    location = {"type": "FileServerLocation", "folderPath": folder, "fileName": file}
    if binary:
        return {"type": "Binary", "linkedServiceName": ref("Files", "LinkedServiceReference"), "typeProperties": {"location": location}}
    return {"type": "DelimitedText", "linkedServiceName": ref("Files", "LinkedServiceReference"),
            "typeProperties": {"location": location, "columnDelimiter": ",", "quoteChar": "\"", "escapeChar": "\\",
                               "firstRowAsHeader": True}}


def pipehost_run(args, folder, run_dir, env=None, extra=()):
    out = os.path.join(run_dir, "run.json")
    wall, rss, text = run_measured(
        [args.pipehost, "run", folder, "--pipeline", "Bench", "--plugins", args.plugins, "--output", "json",
         "--store", os.path.join(run_dir, "runs.sqlite"), *extra], cwd=run_dir, env=env, stdout_path=out)
    return wall, rss, json.loads(text)


def median_runs(n, measure):
    samples = [measure() for _ in range(n)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples), samples[-1][2]


BLOB_KEY = "YmVuY2htYXJrLWFjY291bnQta2V5LWZvci1waXBlaG9zdC1kYXRh"


def copy_to_blob(args, work, big, size, cp_wall, run_dir):
    """Binary Copy of the file into the Azure ML emulator's blob storage (started by `pipehost run
    --emulator` as a child process, so its start is inside the measured time, as in real use)."""
    folder = os.path.join(work, "factory-copy-blob")
    storage = os.path.join(work, "blob-storage")
    emulator = os.path.join(work, "emulator.json")
    json.dump({"storageAccounts": [{"name": "bench", "key": BLOB_KEY, "folder": storage}],
               "defaultStorageAccount": "bench",
               # The emulator serves at least one web service; the benchmark calls none.
               "webServices": [{"name": "Unused", "id": "0123456789abcdef0123456789abcdef", "operation": "train",
                                "inputs": ["input1"], "outputs": {"output1": "model"},
                                "training": {"algorithm": "linearRegression", "featureColumns": ["x"], "labelColumn": "y"},
                                "endpoints": [{"name": "default", "serviceId": "fedcba9876543210fedcba9876543210",
                                               "apiKey": "unused-key"}]}]}, open(emulator, "w"))
    factory(folder, work, [{"name": "Copy", "type": "Copy",
                            "typeProperties": {"source": {"type": "BinarySource"}, "sink": {"type": "BinarySink"}},
                            "inputs": [ref("Source")],
                            "outputs": [{**ref("Blob"), "parameters": {"baseUrl": "@pipeline().globalParameters.azureMLBaseUrl"}}]}],
            {"Source": csv_dataset("in", os.path.basename(big), binary=True),
             "Blob": {"type": "Binary",
                      "linkedServiceName": {**ref("Storage", "LinkedServiceReference"),
                                            "parameters": {"baseUrl": {"value": "@dataset().baseUrl", "type": "Expression"}}},
                      "parameters": {"baseUrl": {"type": "String"}},
                      "typeProperties": {"location": {"type": "AzureBlobStorageLocation", "container": "bench",
                                                      "folderPath": "out", "fileName": "copy-blob.csv"}}}},
            {"Files": files_service(work),
             "Storage": {"type": "AzureBlobStorage", "parameters": {"baseUrl": {"type": "String"}},
                         "typeProperties": {
                             "connectionString": "DefaultEndpointsProtocol=http;AccountName=bench;BlobEndpoint=@{linkedService().baseUrl}/blob/bench/",
                             "accountKey": {"type": "SecureString", "value": BLOB_KEY}}}},
            global_parameters={"azureMLBaseUrl": {"type": "String", "value": "http://127.0.0.1:1"}})

    def sample():
        shutil.rmtree(storage, ignore_errors=True)
        os.makedirs(os.path.join(storage, "bench"))
        wall, rss, record = pipehost_run(args, folder, run_dir, extra=("--emulator", emulator))
        written = os.path.join(storage, "bench", "out", "copy-blob.csv")
        if os.path.getsize(written) != size:
            sys.exit(f"copy-blob wrote {os.path.getsize(written)} bytes, expected {size}")
        return wall, rss, record
    wall, rss, _ = median_runs(args.runs, sample)
    shutil.rmtree(storage, ignore_errors=True)
    return ("copy-blob: Copy Binary, local -> the emulator's blob storage (emulator start included)",
            wall, size / wall / 1e6, (cp_wall / wall, 0.5), rss)


def main():
    os.environ["PGOPTIONS"] = "-c client_min_messages=warning"
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--repository", required=True)
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--lookup-rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "pipehost-bench", "data"))
    parser.add_argument("--only", default="copy-binary,copy-csv,copy-blob,copy-pg,lookup")
    args = parser.parse_args()
    args.pipehost = os.path.join(os.path.abspath(args.bin), "pipehost")
    args.plugins = os.path.join(os.path.abspath(args.repository), "plugins.json")
    only = set(args.only.split(","))
    work = args.work
    os.makedirs(os.path.join(work, "in"), exist_ok=True)
    run_dir = os.path.join(work, "run")
    os.makedirs(run_dir, exist_ok=True)
    results = []

    big = os.path.join(work, "in", f"big-{args.size_mb}mb.csv")
    if only & {"copy-binary", "copy-csv", "copy-blob"}:
        write_csv(big, size_bytes=args.size_mb * 1024 * 1024)
        size = os.path.getsize(big)
        target = os.path.join(work, "cp-target.csv")

        def cp():
            wall, rss, _ = run_measured(["cp", big, target])
            os.remove(target)
            return wall, rss, None
        cp_wall, _, _ = median_runs(args.runs, cp)
        results.append(("cp of the file (baseline)", cp_wall, size / cp_wall / 1e6, None, None))

        def copy(kind):
            folder = os.path.join(work, f"factory-{kind}")
            binary = kind == "copy-binary"
            source = {"type": "BinarySource" if binary else "DelimitedTextSource"}
            sink = {"type": "BinarySink" if binary else "DelimitedTextSink"}
            props = {"source": source, "sink": sink}
            if not binary:
                props["translator"] = {"type": "TabularTranslator", "mappings": [
                    {"source": {"name": "id"}, "sink": {"name": "customer_id"}},
                    {"source": {"name": "amount"}, "sink": {"name": "amount"}},
                    {"source": {"name": "name"}, "sink": {"name": "customer"}},
                    {"source": {"name": "created"}, "sink": {"name": "created_at"}}]}
            factory(folder, work, [{"name": "Copy", "type": "Copy", "typeProperties": props,
                                    "inputs": [ref("Source")], "outputs": [ref("Sink")]}],
                    {"Source": csv_dataset("in", os.path.basename(big), binary),
                     "Sink": csv_dataset("out", f"{kind}.csv", binary)},
                    {"Files": files_service(work)})

            def sample():
                wall, rss, record = pipehost_run(args, folder, run_dir)
                os.remove(os.path.join(work, "out", f"{kind}.csv"))
                return wall, rss, record
            wall, rss, record = median_runs(args.runs, sample)
            output = record["activityRuns"][0]["output"]
            goal = 0.5 if binary else 0.25
            results.append((f"{kind}: Copy {'Binary' if binary else 'DelimitedText rows with a mapping'}, local -> local",
                            wall, size / wall / 1e6, (cp_wall / wall, goal), rss))
            if not binary:
                results[-1] = results[-1] + (f"rowsCopied {output.get('rowsCopied')}",)
        for kind in ("copy-binary", "copy-csv"):
            if kind in only:
                copy(kind)
        if "copy-blob" in only:
            results.append(copy_to_blob(args, work, big, size, cp_wall, run_dir))

    if "copy-pg" in only:
        rows_csv = os.path.join(work, "in", f"rows-{args.rows}.csv")
        write_csv(rows_csv, rows=args.rows)
        size = os.path.getsize(rows_csv)
        create = "DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows (id bigint, name text, amount numeric, created timestamptz)"

        def psql_copy():
            subprocess.run(["psql", args.postgres_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", create], check=True)
            return run_measured(["psql", args.postgres_url, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                 "-c", f"\\copy bench_rows FROM '{rows_csv}' WITH (FORMAT csv, HEADER true)"])
        psql_wall, _, _ = median_runs(args.runs, psql_copy)
        results.append((f"psql \\copy of {args.rows:,} rows (baseline)", psql_wall, size / psql_wall / 1e6, None, None))
        folder = os.path.join(work, "factory-copy-pg")
        factory(folder, work, [{"name": "Copy", "type": "Copy",
                                "typeProperties": {"source": {"type": "DelimitedTextSource"},
                                                   "sink": {"type": "AzurePostgreSqlSink", "preCopyScript": create}},
                                "inputs": [ref("Source")], "outputs": [ref("Table")]}],
                {"Source": csv_dataset("in", os.path.basename(rows_csv)),
                 "Table": {"type": "AzurePostgreSqlTable", "linkedServiceName": ref("Warehouse", "LinkedServiceReference"),
                           "typeProperties": {"schema": "public", "table": "bench_rows"}}},
                {"Files": files_service(work),
                 "Warehouse": {"type": "AzurePostgreSql", "typeProperties": {"connectionString": args.postgres_url}}})
        wall, rss, record = median_runs(args.runs, lambda: pipehost_run(args, folder, run_dir))
        copied = record["activityRuns"][0]["output"].get("rowsCopied")
        results.append((f"copy-pg: Copy of {args.rows:,} CSV rows into PostgreSQL", wall, size / wall / 1e6,
                        (psql_wall / wall, 0.8), rss, f"rowsCopied {copied}"))

    if "lookup" in only:
        subprocess.run(["psql", args.postgres_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                        "DROP TABLE IF EXISTS bench_lookup; CREATE TABLE bench_lookup AS SELECT n AS id, 'customer-' || n AS name, "
                        f"n * 1.5 AS amount, now() AS created FROM generate_series(1, {args.lookup_rows}) AS n"], check=True)
        count = 21
        activities = []
        for i in range(count):
            activities.append({"name": f"Lookup{i}", "type": "Lookup",
                               "dependsOn": [] if i == 0 else [{"activity": f"Lookup{i - 1}", "dependencyConditions": ["Succeeded"]}],
                               "typeProperties": {"source": {"type": "AzurePostgreSqlSource", "query": "SELECT * FROM bench_lookup"},
                                                  "dataset": ref("Table"), "firstRowOnly": False}})
        folder = os.path.join(work, "factory-lookup")
        factory(folder, work, activities,
                {"Table": {"type": "AzurePostgreSqlTable", "linkedServiceName": ref("Warehouse", "LinkedServiceReference"),
                           "typeProperties": {"schema": "public", "table": "bench_lookup"}}},
                {"Warehouse": {"type": "AzurePostgreSql", "typeProperties": {"connectionString": args.postgres_url}}})
        _, rss, record = pipehost_run(args, folder, run_dir)
        runs = record["activityRuns"]
        assert all(r["output"]["count"] == args.lookup_rows for r in runs)
        durations = sorted(r["durationInMs"] for r in runs[1:])  # the first opens the connection
        results.append((f"lookup: Lookup of {args.lookup_rows:,} rows from PostgreSQL, median of {len(durations)} "
                        f"(first, with the connection, {runs[0]['durationInMs']} ms)",
                        statistics.median(durations) / 1000, None, None, rss, "goal <= 20 ms"))

    print(f"== Data activities ({os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}, "
          f"{args.runs} runs each, medians)")
    for row in results:
        name, wall, rate = row[0], row[1], row[2]
        ratio = row[3] if len(row) > 3 else None
        rss = row[4] if len(row) > 4 else None
        note = row[5] if len(row) > 5 else ""
        parts = [f"{name}: {wall * 1000:,.0f} ms" if wall < 1 else f"{name}: {wall:,.2f} s"]
        if rate:
            parts.append(f"{rate:,.0f} MB/s")
        if ratio:
            parts.append(f"ratio {ratio[0]:.2f}x (goal >= {ratio[1]}x)")
        if rss:
            parts.append(f"peak RSS {rss:,.0f} MB")
        if note:
            parts.append(note)
        print("  " + ", ".join(parts))


if __name__ == "__main__":
    main()
