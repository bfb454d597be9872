"""Prepares the model's features from raw sensor readings (the PrepareFeatures step).

Arguments: the raw readings CSV, the training CSV to write, the scoring CSV to write.
Drops readings with missing or impossible values, converts Fahrenheit to Celsius, and splits the
readings into those with a measured energy use (training) and those without (to score).
"""
import glob
import os
import shutil
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def write_single_csv(frame, target):
    """Writes `frame` as one CSV file with a header at `target` (Azure ML reads one blob)."""
    staging = target + ".parts"
    shutil.rmtree(staging, ignore_errors=True)
    frame.coalesce(1).write.option("header", True).csv(staging)
    part = glob.glob(os.path.join(staging, "part-*.csv"))[0]
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(part, target)
    shutil.rmtree(staging)


def main(raw, train_target, score_target):
    spark = SparkSession.builder.appName("PrepareFeatures").getOrCreate()
    readings = spark.read.option("header", True).option("inferSchema", True).csv(raw)
    valid = readings.where(
        F.col("temperature_f").between(-40, 140) & F.col("humidity_pct").between(0, 100) & (F.col("occupancy") >= 0)
    )
    features = valid.select(
        "reading_time",
        "building",
        F.round((F.col("temperature_f") - 32) * 5 / 9, 1).alias("temperature"),
        F.col("humidity_pct").alias("humidity"),
        F.col("occupancy").cast("int").alias("occupancy"),
        "energy_kwh",
    )
    train = features.where(F.col("energy_kwh").isNotNull()).select("temperature", "humidity", "occupancy", "energy_kwh")
    score = features.where(F.col("energy_kwh").isNull()).select("reading_time", "building", "temperature", "humidity", "occupancy")
    write_single_csv(train.orderBy("temperature", "humidity", "occupancy"), train_target)
    write_single_csv(score.orderBy("reading_time", "building"), score_target)
    print(f"prepared {train.count()} training rows and {score.count()} rows to score; dropped {readings.count() - valid.count()}")
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
