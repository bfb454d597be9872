"""A join + aggregate data flow on 10 million rows (issue 17): an ExecuteDataFlow activity run by
release `pipehost run` on local Spark, against the same logic written by hand in PySpark and run
with spark-submit on the same Spark, in the same session.

The data: 10,000,000 orders (order_id, customer_id, amount) and 100,000 customers (customer_id,
region), as Parquet, generated once with Spark. The data flow reads both, joins orders to their
customer, totals orders, revenue and the largest order per region, sorts by revenue and writes one
CSV file; the hand-written job does exactly that with the DataFrame API. Both run with 8 shuffle
partitions (what the activity's default compute of 8 cores gives) on local[*].

Each round runs the two in an order that alternates from round to round. The activity's time is the
whole `pipehost run` process (loading the factory and the plugin, compiling the data flow, the
Spark job, storing the sink); the hand job's is the whole spark-submit process. Reported: medians,
their ratio, and the median of the paired ratios.

Usage: python3 dataflow_benchmark.py --bin RELEASE_BIN_FOLDER --repository ROOT [--rows N] [--runs N]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

GENERATE = """
import sys
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
rows, folder = int(sys.argv[1]), sys.argv[2]
regions = F.array(*[F.lit(r) for r in ["Europe", "Americas", "Asia", "Africa", "Oceania"]])
spark.range(100000).select(F.col("id").cast("int").alias("customer_id"),
    regions[(F.col("id") % 5).cast("int")].alias("region")).write.mode("overwrite").parquet(folder + "/customers")
spark.range(rows).select(F.col("id").alias("order_id"), (F.col("id") * 7919 % 100000).cast("int").alias("customer_id"),
    F.round((F.col("id") * 104729 % 100000) / 100.0, 2).alias("amount")).write.mode("overwrite").parquet(folder + "/orders")
spark.stop()
"""

HAND = """
import sys
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
folder, target = sys.argv[1], sys.argv[2]
orders = spark.read.parquet(folder + "/orders")
customers = spark.read.parquet(folder + "/customers")
totals = (orders.join(F.broadcast(customers), orders.customer_id == customers.customer_id, "inner")
          .groupBy("region").agg(F.count(F.lit(1)).alias("orders"), F.round(F.sum("amount"), 2).alias("revenue"),
                                 F.max("amount").alias("largestOrder"))
          .orderBy(F.col("revenue").desc()))
totals.coalesce(1).write.mode("overwrite").option("header", "true").csv(target)
spark.stop()
"""

SCRIPT = [
    "source(output(",
    "\t\torder_id as long,",
    "\t\tcustomer_id as integer,",
    "\t\tamount as double",
    "\t),",
    "\tallowSchemaDrift: false,",
    "\tvalidateSchema: false,",
    "\tformat: 'parquet') ~> Orders",
    "source(output(",
    "\t\tcustomer_id as integer,",
    "\t\tregion as string",
    "\t),",
    "\tallowSchemaDrift: false,",
    "\tvalidateSchema: false,",
    "\tformat: 'parquet') ~> Customers",
    "Orders, Customers join(Orders@customer_id == Customers@customer_id,",
    "\tjoinType:'inner',",
    "\tbroadcast: 'right')~> WithRegion",
    "WithRegion aggregate(groupBy(region),",
    "\torders = count(),",
    "\trevenue = round(sum(amount), 2),",
    "\tlargestOrder = max(amount)) ~> Totals",
    "Totals sort(desc(revenue, true)) ~> ByRevenue",
    "ByRevenue sink(allowSchemaDrift: true,",
    "\tvalidateSchema: false,",
    "\tpartitionFileNames:['totals.csv'],",
    "\tpartitionBy('hash', 1)) ~> TotalsFile",
]


def write(path, document):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        if isinstance(document, str):
            out.write(document)
        else:
            json.dump(document, out, indent=2)


def dataset(name, kind, folder, extra=None):
    properties = {"linkedServiceName": {"referenceName": "Lake", "type": "LinkedServiceReference"}, "type": kind,
                  "typeProperties": {"location": {"type": "FileServerLocation", "folderPath": folder}}}
    properties["typeProperties"].update(extra or {})
    return {"name": name, "properties": properties}


def make_factory(factory, data):
    write(os.path.join(factory, "linkedService/Lake.json"),
          {"name": "Lake", "properties": {"type": "FileServer", "typeProperties": {"host": data}}})
    write(os.path.join(factory, "dataset/OrdersParquet.json"), dataset("OrdersParquet", "Parquet", "orders"))
    write(os.path.join(factory, "dataset/CustomersParquet.json"), dataset("CustomersParquet", "Parquet", "customers"))
    write(os.path.join(factory, "dataset/TotalsCsv.json"),
          dataset("TotalsCsv", "DelimitedText", "totals-pipehost", {"columnDelimiter": ",", "firstRowAsHeader": True}))
    write(os.path.join(factory, "dataflow/JoinAggregate.json"), {"name": "JoinAggregate", "properties": {
        "type": "MappingDataFlow", "typeProperties": {
            "sources": [{"name": "Orders", "dataset": {"referenceName": "OrdersParquet", "type": "DatasetReference"}},
                        {"name": "Customers", "dataset": {"referenceName": "CustomersParquet", "type": "DatasetReference"}}],
            "sinks": [{"name": "TotalsFile", "dataset": {"referenceName": "TotalsCsv", "type": "DatasetReference"}}],
            "transformations": [{"name": "WithRegion"}, {"name": "Totals"}, {"name": "ByRevenue"}],
            "scriptLines": SCRIPT}}})
    write(os.path.join(factory, "pipeline/Bench.json"), {"name": "Bench", "properties": {"activities": [{
        "name": "JoinAggregate", "type": "ExecuteDataFlow", "typeProperties": {
            "dataflow": {"referenceName": "JoinAggregate", "type": "DataFlowReference"},
            "compute": {"coreCount": 8, "computeType": "General"}}}]}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--repository", required=True)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.repository)
    venv = os.path.join(root, ".pipehost", "venv-spark")
    python_folder = [p for p in os.listdir(os.path.join(venv, "lib")) if p.startswith("python")][0]
    spark_home = os.path.join(venv, "lib", python_folder, "site-packages", "pyspark")
    environment = dict(os.environ, SPARK_HOME=spark_home, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=os.path.join(venv, "bin", "python"),
                       PATH=os.path.join(venv, "bin") + ":" + os.environ.get("PATH", ""))
    work = tempfile.mkdtemp(prefix="pipehost-dataflow-bench-")
    try:
        data = os.path.join(work, "data")
        write(os.path.join(work, "generate.py"), GENERATE)
        write(os.path.join(work, "hand.py"), HAND)
        started = time.time()
        generated = subprocess.run(["spark-submit", "--master", "local[*]", os.path.join(work, "generate.py"), str(arguments.rows), data],
                                   env=environment, capture_output=True, text=True)
        if generated.returncode != 0:
            raise SystemExit("generating the data failed:\n" + generated.stderr[-3000:])
        print(f"generated {arguments.rows:,} orders in {time.time() - started:.1f} s")
        factory = os.path.join(work, "factory")
        make_factory(factory, data)
        plugins = os.path.join(work, "plugins.json")
        write(plugins, {"version": 1, "plugins": [{"path": os.path.join(arguments.bin, "libSparkPlugin.so"),
                                     "settings": {"sparkHome": venv, "workFolder": os.path.join(work, "spark-work")}}]})

        def run_pipehost():
            started = time.time()
            result = subprocess.run([os.path.join(arguments.bin, "pipehost"), "run", factory, "--pipeline", "Bench",
                                     "--plugins", plugins, "--store", os.path.join(work, "runs.sqlite")],
                                    env=environment, cwd=work, capture_output=True, text=True)
            elapsed = time.time() - started
            if result.returncode != 0:
                raise SystemExit("pipehost run failed:\n" + result.stdout + result.stderr)
            return elapsed

        def run_hand():
            started = time.time()
            subprocess.run(["spark-submit", "--master", "local[*]", "--conf", "spark.sql.shuffle.partitions=8",
                            os.path.join(work, "hand.py"), data, os.path.join(data, "totals-hand")],
                           env=environment, cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.time() - started

        run_pipehost(), run_hand()  # warm the page cache and the JIT's disk caches for both
        pipehost_times, hand_times = [], []
        for round_number in range(arguments.runs):
            order = [run_pipehost, run_hand] if round_number % 2 == 0 else [run_hand, run_pipehost]
            for run in order:
                (pipehost_times if run is run_pipehost else hand_times).append(run())
        with open(os.path.join(data, "totals-pipehost", "totals.csv")) as out:
            ours = out.read()
        hand_file = [name for name in os.listdir(os.path.join(data, "totals-hand")) if name.startswith("part-")][0]
        with open(os.path.join(data, "totals-hand", hand_file)) as out:
            theirs = out.read()
        print("same rows:", ours == theirs)
        pipehost_median, hand_median = statistics.median(pipehost_times), statistics.median(hand_times)
        ratios = [p / h for p, h in zip(pipehost_times, hand_times)]
        print(f"pipehost run (ExecuteDataFlow): median {pipehost_median:.2f} s  {[round(t, 2) for t in pipehost_times]}")
        print(f"hand-written PySpark:           median {hand_median:.2f} s  {[round(t, 2) for t in hand_times]}")
        print(f"ratio of medians {pipehost_median / hand_median:.3f}; median of paired ratios {statistics.median(ratios):.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
