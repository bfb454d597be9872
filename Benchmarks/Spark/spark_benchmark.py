"""pipehost's overhead on a Spark job (issue 16): the wall time of an HDInsightSpark activity run by
release `pipehost run`, minus the same `spark-submit` command run by hand, in the same session,
alternating the two so that drift in the machine's speed falls on both.

The activity's time is its `durationInMs` in the run's JSON (start of the call to the end of the last
poll); the command is the one the plugin wrote to the job folder's command.txt, run with the same
environment the plugin gives it (SPARK_HOME, PYSPARK_PYTHON, SPARK_LOCAL_IP) in the same folder.

Usage: python3 spark_benchmark.py --bin RELEASE_BIN_FOLDER --repository ROOT [--runs N]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

JOB = """
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
print("rows", spark.range(100000).selectExpr("sum(id)").first()[0])
spark.stop()
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--repository", required=True)
    parser.add_argument("--runs", type=int, default=9)
    arguments = parser.parse_args()
    arguments.bin = os.path.abspath(arguments.bin)
    venv = os.path.join(os.path.abspath(arguments.repository), ".pipehost", "venv-spark")
    work = tempfile.mkdtemp(prefix="spark-bench-")
    try:
        factory = os.path.join(work, "factory")
        for folder in ("pipeline", "linkedService", "store/job"):
            os.makedirs(os.path.join(factory, folder), exist_ok=True)
        with open(os.path.join(factory, "store/job/main.py"), "w") as out:
            out.write(JOB)
        with open(os.path.join(factory, "linkedService/Store.json"), "w") as out:
            json.dump({"name": "Store", "properties": {"type": "FileServer", "typeProperties": {"host": os.path.join(factory, "store")}}}, out)
        with open(os.path.join(factory, "pipeline/Bench.json"), "w") as out:
            json.dump({"name": "Bench", "properties": {"activities": [{
                "name": "Job", "type": "HDInsightSpark",
                "typeProperties": {"rootPath": "job", "entryFilePath": "main.py",
                                   "sparkJobLinkedService": {"referenceName": "Store", "type": "LinkedServiceReference"}}}]}}, out)
        plugins = os.path.join(work, "plugins.json")
        with open(plugins, "w") as out:
            json.dump({"version": 1, "plugins": [{"path": os.path.join(arguments.bin, "libSparkPlugin.so"),
                                                  "settings": {"sparkHome": venv, "localCores": 2,
                                                               "workFolder": os.path.join(work, "spark")}}]}, out)
        environment = dict(os.environ)
        pipehost = os.path.join(arguments.bin, "pipehost")

        shares = []

        def latest_job_folder():
            folders = []
            for root, _, files in os.walk(os.path.join(work, "spark", "jobs")):
                if "exit-status" in files:
                    folders.append(root)
            return max(folders, key=lambda f: os.stat(os.path.join(f, "exit-status")).st_mtime)

        def timestamp(text):
            import datetime
            return datetime.datetime.fromisoformat(text.replace("Z", "")[:26]).replace(tzinfo=datetime.timezone.utc).timestamp()

        def run_activity():
            started = time.monotonic()
            result = subprocess.run([pipehost, "run", factory, "--pipeline", "Bench", "--plugins", plugins, "--output", "json"],
                                    capture_output=True, text=True, cwd=work, env=environment)
            wall = time.monotonic() - started
            if result.returncode != 0:
                raise SystemExit(result.stdout + result.stderr)
            document = json.loads(result.stdout)
            activity = document["activityRuns"][0]
            # pipehost's own share, from the job folder: the call's start to the spawn (command.txt
            # is written just before it) and the job's end (exit-status) to the activity's end.
            folder = latest_job_folder()
            started = timestamp(activity["activityRunStart"])
            ended = timestamp(activity["activityRunEnd"])
            spawned = os.stat(os.path.join(folder, "command.txt")).st_mtime
            exited = os.stat(os.path.join(folder, "exit-status")).st_mtime
            shares.append(((spawned - started), (ended - exited)))
            return activity["durationInMs"] / 1000, wall

        # One run to warm the page cache and find the command line.
        run_activity()
        commands = []
        for root, _, files in os.walk(os.path.join(work, "spark", "jobs")):
            if "command.txt" in files:
                commands.append(os.path.join(root, "command.txt"))
        command = open(commands[0]).read().strip()
        pyspark = [p for p in os.listdir(os.path.join(venv, "lib")) if p.startswith("python")][0]
        by_hand_environment = dict(environment)
        by_hand_environment.update({
            "SPARK_HOME": os.path.join(venv, "lib", pyspark, "site-packages", "pyspark"),
            "PYSPARK_PYTHON": os.path.join(venv, "bin", "python"),
            "PYSPARK_DRIVER_PYTHON": os.path.join(venv, "bin", "python"),
            "SPARK_LOCAL_IP": "127.0.0.1",
        })

        def run_by_hand():
            events = os.path.join(work, "by-hand-events")
            shutil.rmtree(events, ignore_errors=True)
            os.makedirs(events)
            started = time.monotonic()
            result = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, cwd=work, env=by_hand_environment)
            if result.returncode != 0:
                raise SystemExit(result.stderr[-2000:])
            return time.monotonic() - started

        activity_times, process_times, by_hand_times = [], [], []
        for _ in range(arguments.runs):
            activity, process = run_activity()
            activity_times.append(activity)
            process_times.append(process)
            by_hand_times.append(run_by_hand())
        median_activity = statistics.median(activity_times)
        median_by_hand = statistics.median(by_hand_times)
        overheads = [a - b for a, b in zip(activity_times, by_hand_times)]
        print(f"runs: {arguments.runs} (alternating), local[2], a PySpark job summing 100,000 ids")
        print(f"spark-submit by hand:          median {median_by_hand * 1000:.0f} ms")
        print(f"HDInsightSpark activity:       median {median_activity * 1000:.0f} ms")
        print(f"whole `pipehost run` process:  median {statistics.median(process_times) * 1000:.0f} ms")
        print(f"overhead (activity - by hand): median {statistics.median(overheads) * 1000:.0f} ms "
              f"(goal <= 100 ms); difference of medians {(median_activity - median_by_hand) * 1000:.0f} ms")
        measured = shares[1:]
        print(f"pipehost's own share: call start -> spawn median {statistics.median(s for s, _ in measured) * 1000:.1f} ms, "
              f"job end -> activity end median {statistics.median(e for _, e in measured) * 1000:.1f} ms; "
              f"the job itself under pipehost: median {statistics.median(a - s - e for a, (s, e) in zip(activity_times, measured)) * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
