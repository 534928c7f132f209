"""The Spark floor: the least any Spark job scoring a month must do on the same data.

Reads the month's events (partition pruning as the job does, the month's timestamps), counts
events per customer and throws the result away (the noop sink): no weights, no write. Submitted by
bench/run.py with the same master, memory and shuffle settings as the job.

Usage: spark-submit bench/spark_floor.py EVENTS_DIR FIRST_DAY LAST_DAY
"""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

events, first, last = sys.argv[1:4]
spark = SparkSession.builder.appName("spark-floor").getOrCreate()
(
    spark.read.parquet(events)
    .filter(F.col("event_date").between(F.date_sub(F.lit(first), 1), F.date_add(F.lit(last), 1)))
    .filter(F.col("event_ts") >= F.to_timestamp(F.lit(first)))
    .filter(F.col("event_ts") < F.to_timestamp(F.date_add(F.lit(last), 1)))
    .groupBy("customer_id")
    .count()
    .write.format("noop")
    .mode("overwrite")
    .save()
)
spark.stop()
