"""Aggregates the scored readings per building and day (the AggregateScores step).

Arguments: the scored CSV that Azure ML wrote, the summary CSV to write.
"""
import glob
import os
import shutil
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(scored, target):
    spark = SparkSession.builder.appName("AggregateScores").getOrCreate()
    rows = spark.read.option("header", True).option("inferSchema", True).csv(scored)
    summary = (
        rows.withColumn("day", F.substring("reading_time", 1, 10))
        .groupBy("building", "day")
        .agg(
            F.count("*").alias("readings"),
            F.round(F.sum("Scored Labels"), 2).alias("predicted_kwh"),
            F.round(F.max("Scored Labels"), 2).alias("peak_kwh"),
        )
        .orderBy("building", "day")
    )
    staging = target + ".parts"
    shutil.rmtree(staging, ignore_errors=True)
    summary.coalesce(1).write.option("header", True).csv(staging)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(glob.glob(os.path.join(staging, "part-*.csv"))[0], target)
    shutil.rmtree(staging)
    summary.show(truncate=False)
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:3])
