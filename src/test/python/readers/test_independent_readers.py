"""The score table as other tools read it: delta-rs and DuckDB see exactly what Spark sees, the
documented columns are the real ones, and the documented queries run."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import duckdb_extension_delta
import pytest
from deltalake import DeltaTable
from pyspark.sql import SparkSession

ROOT = Path(__file__).resolve().parents[4]
DOCS = ROOT / "docs" / "output-table.md"
DOCS_PATH = "/data/scores/engagement_scores"  # the path the documented queries use


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", str(ROOT / "target" / "engagement-score-spark3.5-all.jar"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"
        )
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def duck():
    extension = next(
        Path(duckdb_extension_delta.__file__).parent.glob("extensions/*/delta.duckdb_extension")
    )
    con = duckdb.connect()
    con.load_extension(str(extension))
    return con


def utc_micros(value: datetime) -> int:
    """Spark hands back naive local times, delta-rs and DuckDB aware UTC ones: compare instants."""
    if value.tzinfo is None:
        value = value.astimezone(UTC)
    return round(value.timestamp() * 1_000_000)


def normalized(rows):
    return sorted(
        tuple(utc_micros(v) if isinstance(v, datetime) else v for v in row) for row in rows
    )


def spark_rows(spark, path):
    return normalized(tuple(r) for r in spark.read.format("delta").load(str(path)).collect())


def test_delta_rs_reads_exactly_what_spark_reads(spark, example_scores):
    table = DeltaTable(str(example_scores))
    rows = table.to_pyarrow_table().to_pylist()

    expected = spark_rows(spark, example_scores)
    assert len(expected) > 50
    assert normalized(tuple(r.values()) for r in rows) == expected
    assert table.protocol().min_reader_version == 1


def test_duckdb_reads_exactly_what_spark_reads(spark, duck, example_scores):
    rows = duck.sql(f"SELECT * FROM delta_scan('{example_scores}')").fetchall()

    assert normalized(rows) == spark_rows(spark, example_scores)


def documented_columns():
    """(name, type) pairs from the column table of docs/output-table.md."""
    text = DOCS.read_text()
    return re.findall(r"^\| `(\w+)` \| `([A-Z0-9(),<>]+)` \|", text, flags=re.MULTILINE)


def test_the_documented_columns_are_the_tables_columns(spark, example_scores):
    schema = spark.read.format("delta").load(str(example_scores)).schema

    actual = [(f.name, f.dataType.simpleString().upper()) for f in schema.fields]
    assert documented_columns() == actual
    assert all(f.metadata.get("comment") for f in schema.fields), "every column has a comment"
    assert "timestamp_ntz" not in schema.simpleString()


def documented_sql(after_heading: str) -> str:
    """The first ```sql block after the line starting with `after_heading`."""
    text = DOCS.read_text()
    start = text.index("\n" + after_heading)
    return re.search(r"```sql\n(.*?)```", text[start:], flags=re.DOTALL).group(1)


def test_the_documented_latest_period_queries_run_and_agree(spark, duck, example_scores):
    spark_sql = documented_sql("Spark SQL 3.5").replace(DOCS_PATH, str(example_scores))
    duck_sql = documented_sql("DuckDB").replace(DOCS_PATH, str(example_scores))

    latest = spark.sql(spark_sql.rstrip().rstrip(";")).drop("rn").collect()
    from_duck = duck.sql(duck_sql).fetchall()

    customers = {r.customer_id for r in latest}
    assert len(latest) == len(customers) > 40, "one row per customer"
    assert {r.period_start.isoformat() for r in latest} <= {
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
    }
    assert normalized(from_duck) == normalized(tuple(r) for r in latest)


def view_sql(spark):
    """The views' SQL from the one place the job takes it from, core/views/ViewSql.java."""
    views = spark._jvm.dev.engagement.score.core.views
    return views.ViewSql, getattr(views, "ViewSql$Quotes")


def hand_table(spark, path):
    """A Delta table of the view's inputs only, its rows written here by hand."""
    spark.sql(
        f"""CREATE TABLE delta.`{path}` USING DELTA AS
        SELECT * FROM VALUES
          ('a', 'month', DATE'2026-10-01', map('product', 10.00BD, 'billing & plans', 20.00BD)),
          ('a', 'month', DATE'2026-11-01', map('product', 30.00BD, 'billing & plans', 40.00BD)),
          ('a', 'week', DATE'2026-11-09', map('product', 99.00BD, 'billing & plans', 99.00BD)),
          ('b', 'month', DATE'2026-10-01', map('product', 50.00BD)),
          ('c', 'month', DATE'2026-09-01', CAST(NULL AS MAP<STRING, DECIMAL(4,2)>))
        AS t(customer_id, period_kind, period_start, sub_scores)"""
    )


def test_duckdb_runs_the_views_sql_as_the_job_writes_it(spark, duck, tmp_path):
    sql, quotes = view_sql(spark)
    path = tmp_path / "hand"
    hand_table(spark, path)
    columns = ["customer_id", "period_kind", "period_start", "sub_scores"]
    categories = ["billing & plans", "product"]

    latest = sql.latest(f"delta_scan('{path}')", columns, "month", categories, quotes.STANDARD)
    flat = sql.flat(f"delta_scan('{path}')", columns, categories, quotes.STANDARD)

    # a: November is its latest month (its later week row is another kind); b's map has no
    # billing & plans; c's rows have no map at all.
    assert [d[0] for d in duck.sql(latest).description] == [
        "customer_id",
        "period_kind",
        "period_start",
        "sub_score_billing & plans",
        "sub_score_product",
    ]
    assert sorted(duck.sql(latest).fetchall()) == [
        ("a", "month", date(2026, 11, 1), Decimal("40.00"), Decimal("30.00")),
        ("b", "month", date(2026, 10, 1), None, Decimal("50.00")),
        ("c", "month", date(2026, 9, 1), None, None),
    ]
    assert len(duck.sql(flat).fetchall()) == 5
    # Spark runs the same text, its identifiers in backticks, to the same rows.
    spark_latest = sql.latest(f"delta.`{path}`", columns, "month", categories, quotes.SPARK)
    assert normalized(tuple(r) for r in spark.sql(spark_latest).collect()) == normalized(
        duck.sql(latest).fetchall()
    )


def test_the_latest_view_over_the_example_table_agrees_in_duckdb_and_spark(
    spark, duck, example_scores
):
    sql, quotes = view_sql(spark)
    columns = spark.read.format("delta").load(str(example_scores)).columns

    from_duck = duck.sql(
        sql.latest(f"delta_scan('{example_scores}')", columns, "month", [], quotes.STANDARD)
    ).fetchall()
    from_spark = spark.sql(
        sql.latest(f"delta.`{example_scores}`", columns, "month", [], quotes.SPARK)
    ).collect()

    assert len(from_spark) == len({r.customer_id for r in from_spark}) > 40
    assert normalized(from_duck) == normalized(tuple(r) for r in from_spark)
