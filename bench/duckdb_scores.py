"""The same month's scores as one DuckDB query: raw score, event count and tier per customer.

Exact decimals as in the job (weights DECIMAL(18,6), sums DECIMAL(38,6)), UTC days, the job's
default tiers on the raw score. Writes the result as Parquet for bench/run.py to compare.

Usage: python bench/duckdb_scores.py EVENTS_DIR WEIGHTS_CSV FIRST_DAY LAST_DAY OUT_PARQUET
"""

import sys

import duckdb

events, weights, first, last, out = sys.argv[1:6]
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute(
    f"""
    COPY (
      WITH w AS (
        SELECT event_type, CAST(weight AS DECIMAL(18,6)) AS weight
        FROM read_csv('{weights}', header = true, all_varchar = true)),
      e AS (
        SELECT customer_id, event_type
        FROM read_parquet('{events}/*/*.parquet', hive_partitioning = true)
        WHERE event_date BETWEEN DATE '{first}' - 1 AND DATE '{last}' + 1
          AND event_ts >= TIMESTAMPTZ '{first} 00:00:00+00'
          AND event_ts < (DATE '{last}' + 1)::TIMESTAMPTZ)
      SELECT customer_id, count(*) AS event_count, sum(weight) AS raw_score,
             CASE WHEN sum(weight) < 0 THEN 'at_risk'
                  WHEN sum(weight) <= 40 THEN 'disengaged'
                  WHEN sum(weight) <= 70 THEN 'somewhat_engaged'
                  WHEN sum(weight) <= 100 THEN 'engaged'
                  ELSE 'power_user' END AS tier
      FROM e JOIN w USING (event_type)
      GROUP BY customer_id
    ) TO '{out}' (FORMAT parquet)
    """
)
