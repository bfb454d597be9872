"""pipehost's overhead on a Spark job (issue 16): the wall time of an HDInsightSpark activity run by
release `pipehost run`, minus the same `spark-submit` command run by hand, in the same session.

Two jobs that do the same work (sum 100,000 ids with Spark SQL on local[2]): a PySpark script and a
Java jar. The PySpark job's own time varies by about a second from run to run on this machine (its
JVM, its Python driver and the Py4J gateway between them all start each time), which hides a
difference of 100 ms unless the pairs are many; the jar job starts one JVM and varies less. Each
pair runs the activity and the command by hand back to back, in an order that alternates from pair
to pair, so that drift in the machine's speed and any warming by the previous run fall on both.

The activity's time is its `durationInMs` in the run's JSON (the start of the call to the end of the
last poll); the command is the one the plugin wrote to the job folder's command.txt, run with the
same environment the plugin gives it (SPARK_HOME, PYSPARK_PYTHON, SPARK_LOCAL_IP) in the same
folder. The median of the paired differences is reported with a bootstrap 95% interval.

Usage: python3 spark_benchmark.py --bin RELEASE_BIN_FOLDER --repository ROOT [--runs N] [--job python|jar|both]
"""
import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time

PYTHON_JOB = """
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
print("rows", spark.range(100000).selectExpr("sum(id)").first()[0])
spark.stop()
"""

JAVA_JOB = """
import org.apache.spark.sql.SparkSession;

public class SumIds {
    public static void main(String[] arguments) {
        SparkSession spark = SparkSession.builder().getOrCreate();
        System.out.println("rows " + spark.range(100000).selectExpr("sum(id)").first().get(0));
        spark.stop();
    }
}
"""


def timestamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "")[:26]).replace(tzinfo=datetime.timezone.utc).timestamp()


def bootstrap_interval(values, rounds=5000, seed=16):
    generator = random.Random(seed)
    medians = sorted(statistics.median(generator.choices(values, k=len(values))) for _ in range(rounds))
    return medians[int(rounds * 0.025)], medians[int(rounds * 0.975)]


class Bench:
    def __init__(self, arguments, work, kind):
        self.bin = arguments.bin
        self.venv = os.path.join(os.path.abspath(arguments.repository), ".pipehost", "venv-spark")
        self.work = os.path.join(work, kind)
        self.kind = kind
        self.factory = os.path.join(self.work, "factory")
        for folder in ("pipeline", "linkedService", "store/job"):
            os.makedirs(os.path.join(self.factory, folder), exist_ok=True)
        properties = {"rootPath": "job", "sparkJobLinkedService": {"referenceName": "Store", "type": "LinkedServiceReference"}}
        pyspark = [p for p in os.listdir(os.path.join(self.venv, "lib")) if p.startswith("python")][0]
        spark_home = os.path.join(self.venv, "lib", pyspark, "site-packages", "pyspark")
        if kind == "python":
            with open(os.path.join(self.factory, "store/job/main.py"), "w") as out:
                out.write(PYTHON_JOB)
            properties["entryFilePath"] = "main.py"
        else:
            self.build_jar(os.path.join(spark_home, "jars", "*"))
            properties["entryFilePath"] = "sum-ids.jar"
            properties["className"] = "SumIds"
        with open(os.path.join(self.factory, "linkedService/Store.json"), "w") as out:
            json.dump({"name": "Store", "properties": {"type": "FileServer", "typeProperties": {"host": os.path.join(self.factory, "store")}}}, out)
        with open(os.path.join(self.factory, "pipeline/Bench.json"), "w") as out:
            json.dump({"name": "Bench", "properties": {"activities": [{"name": "Job", "type": "HDInsightSpark", "typeProperties": properties}]}}, out)
        self.plugins = os.path.join(self.work, "plugins.json")
        with open(self.plugins, "w") as out:
            json.dump({"version": 1, "plugins": [{"path": os.path.join(self.bin, "libSparkPlugin.so"),
                                                  "settings": {"sparkHome": self.venv, "localCores": 2,
                                                               "workFolder": os.path.join(self.work, "spark")}}]}, out)
        self.environment = dict(os.environ)
        self.by_hand_environment = dict(self.environment)
        self.by_hand_environment.update({
            "SPARK_HOME": spark_home,
            "PYSPARK_PYTHON": os.path.join(self.venv, "bin", "python"),
            "PYSPARK_DRIVER_PYTHON": os.path.join(self.venv, "bin", "python"),
            "SPARK_LOCAL_IP": "127.0.0.1",
        })
        self.shares = []
        # One run to warm the page cache and find the command line.
        self.run_activity()
        self.shares.clear()
        self.command = open(os.path.join(self.latest_job_folder(), "command.txt")).read().strip()

    def build_jar(self, classpath):
        sources = os.path.join(self.work, "java")
        os.makedirs(os.path.join(sources, "classes"), exist_ok=True)
        with open(os.path.join(sources, "SumIds.java"), "w") as out:
            out.write(JAVA_JOB)
        subprocess.run(["javac", "-cp", classpath, "-d", os.path.join(sources, "classes"), os.path.join(sources, "SumIds.java")], check=True)
        subprocess.run(["jar", "cf", os.path.join(self.factory, "store/job/sum-ids.jar"), "-C", os.path.join(sources, "classes"), "."], check=True)

    def latest_job_folder(self):
        folders = []
        for root, _, files in os.walk(os.path.join(self.work, "spark", "jobs")):
            if "exit-status" in files:
                folders.append(root)
        return max(folders, key=lambda f: os.stat(os.path.join(f, "exit-status")).st_mtime)

    def run_activity(self):
        result = subprocess.run([os.path.join(self.bin, "pipehost"), "run", self.factory, "--pipeline", "Bench",
                                 "--plugins", self.plugins, "--output", "json"],
                                capture_output=True, text=True, cwd=self.work, env=self.environment)
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        activity = json.loads(result.stdout)["activityRuns"][0]
        # pipehost's own share, from the job folder: the call's start to the spawn (command.txt is
        # written just before it) and the job's end (exit-status) to the activity's end.
        folder = self.latest_job_folder()
        spawned = os.stat(os.path.join(folder, "command.txt")).st_mtime
        exited = os.stat(os.path.join(folder, "exit-status")).st_mtime
        self.shares.append((spawned - timestamp(activity["activityRunStart"]), timestamp(activity["activityRunEnd"]) - exited))
        return activity["durationInMs"] / 1000

    def run_by_hand(self):
        started = time.monotonic()
        result = subprocess.run(["/bin/sh", "-c", self.command], capture_output=True, text=True, cwd=self.work,
                                env=self.by_hand_environment)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-2000:])
        return time.monotonic() - started

    def measure(self, runs):
        activity_times, by_hand_times = [], []
        for pair in range(runs):
            if pair % 2 == 0:
                activity_times.append(self.run_activity())
                by_hand_times.append(self.run_by_hand())
            else:
                by_hand_times.append(self.run_by_hand())
                activity_times.append(self.run_activity())
        differences = [a - b for a, b in zip(activity_times, by_hand_times)]
        low, high = bootstrap_interval(differences)
        label = {"python": "PySpark job", "jar": "Java jar job"}[self.kind]
        print(f"{label}: {runs} pairs, local[2], summing 100,000 ids")
        print(f"  spark-submit by hand:          median {statistics.median(by_hand_times) * 1000:.0f} ms "
              f"(spread {min(by_hand_times) * 1000:.0f}-{max(by_hand_times) * 1000:.0f})")
        print(f"  HDInsightSpark activity:       median {statistics.median(activity_times) * 1000:.0f} ms "
              f"(spread {min(activity_times) * 1000:.0f}-{max(activity_times) * 1000:.0f})")
        print(f"  overhead (activity - by hand): median {statistics.median(differences) * 1000:.0f} ms, "
              f"95% interval {low * 1000:.0f} to {high * 1000:.0f} ms (goal <= 100 ms)")
        print(f"  pipehost's own share: call start -> spawn median {statistics.median(s for s, _ in self.shares) * 1000:.1f} ms, "
              f"job end -> activity end median {statistics.median(e for _, e in self.shares) * 1000:.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--repository", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--job", choices=("python", "jar", "both"), default="both")
    arguments = parser.parse_args()
    arguments.bin = os.path.abspath(arguments.bin)
    work = tempfile.mkdtemp(prefix="spark-bench-")
    try:
        for kind in (("jar", "python") if arguments.job == "both" else (arguments.job,)):
            Bench(arguments, work, kind).measure(arguments.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
