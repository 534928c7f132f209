"""Benchmarks the job against the Spark floor and DuckDB on the same generated data, in one go.

For each of (1) the Spark floor (bench/spark_floor.py: read the month, count per customer, no
join, no write), (2) the job (jobs/run-local: score the month to Delta with min-max and tiers) and
(3) one DuckDB query (bench/duckdb_scores.py), it runs the command --runs times under
/usr/bin/time and reports the median wall time and the largest peak RSS. Then it checks that the
job's rows equal DuckDB's exactly (customer, event count, raw score, tier) and prints a Markdown
table with the ratios and the output files of the scored month.

Usage (Spark venv, after mvn package, from the repository root):
  .venv/spark/bin/python bench/run.py --events 6000000 [--runs 3] [--hot-share 0.05]
Data is generated once per size and seed under out/bench/ (bench/generate_events.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyspark
from deltalake import DeltaTable

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
FIRST, LAST, DATE = "2026-08-01", "2026-08-31", "2026-08-15"
DRIVER_MEMORY = "4g"
SHUFFLE_PARTITIONS = "8"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MiB) of one run; fails on a non-zero exit."""
    with tempfile.NamedTemporaryFile("r") as stats:
        run = subprocess.run(
            ["/usr/bin/time", "-o", stats.name, "-f", "%e %M", *command],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
        wall, rss_kib = stats.read().split()[-2:]
    return float(wall), int(rss_kib) // 1024


def measure(name: str, command: list[str], runs: int, env: dict[str, str] | None = None) -> dict:
    results = [timed(command, env or {}) for _ in range(runs)]
    walls = [wall for wall, _ in results]
    print(f"{name}: wall {walls} s", file=sys.stderr)
    return {"wall": statistics.median(walls), "rss": max(rss for _, rss in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hot-share", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    data = ROOT / "out" / "bench" / f"events-{args.events}-{args.hot_share}-{args.seed}"
    if not (data / "weights.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "generate_events.py"),
                "--events",
                str(args.events),
                "--hot-share",
                str(args.hot_share),
                "--seed",
                str(args.seed),
                "--out",
                str(data),
            ],
            check=True,
        )
    events, weights = data / "events", data / "weights.csv"
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"

    floor = measure(
        "spark floor",
        [
            str(spark_submit),
            "--master",
            "local[*]",
            "--driver-memory",
            DRIVER_MEMORY,
            "--conf",
            f"spark.sql.shuffle.partitions={SHUFFLE_PARTITIONS}",
            "--conf",
            "spark.ui.enabled=false",
            str(BENCH / "spark_floor.py"),
            str(events),
            FIRST,
            LAST,
        ],
        args.runs,
    )
    output = work / "scores"
    job = measure(
        "job",
        [
            "jobs/run-local",
            "--events",
            str(events),
            "--weights",
            str(weights),
            "--output",
            str(output),
            "--date",
            DATE,
            "--normalize",
            "minmax",
            "--set",
            "events.partition_column=event_date",
            "--set",
            "events.max_days_ahead=3650",
        ],
        args.runs,
        {"DRIVER_MEMORY": DRIVER_MEMORY, "SHUFFLE_PARTITIONS": SHUFFLE_PARTITIONS},
    )
    expected = work / "duckdb.parquet"
    duck = measure(
        "duckdb",
        [
            sys.executable,
            str(BENCH / "duckdb_scores.py"),
            str(events),
            str(weights),
            FIRST,
            LAST,
            str(expected),
        ],
        args.runs,
    )

    table = DeltaTable(str(output))
    con = duckdb.connect()
    con.register("job", table.to_pyarrow_dataset())
    differences = con.sql(
        f"""
        SELECT count(*) FROM (
          (SELECT customer_id, event_count, raw_score, tier FROM job
           EXCEPT ALL SELECT * FROM read_parquet('{expected}'))
          UNION ALL
          (SELECT * FROM read_parquet('{expected}')
           EXCEPT ALL SELECT customer_id, event_count, raw_score, tier FROM job))
        """
    ).fetchone()[0]
    rows = con.sql("SELECT count(*) FROM job").fetchone()[0]
    files = pa.table(table.get_add_actions(flatten=True)).to_pylist()
    sizes = sorted(f["size_bytes"] for f in files)

    print(
        f"\n{args.events:,} events ({args.hot_share:.0%} from one customer), month {FIRST[:7]},"
        f" {os.cpu_count()} cores, {platform.machine()}, median of {args.runs} runs\n"
    )
    print("| run | wall s | peak RSS MiB | job / this |")
    print("|---|---|---|---|")
    for name, m in (("Spark floor", floor), ("job", job), ("DuckDB", duck)):
        print(f"| {name} | {m['wall']:.1f} | {m['rss']} | {job['wall'] / m['wall']:.2f} |")
    print(
        f"\nOutput: {rows:,} rows in {len(files)} files of"
        f" {sizes[0] / 2**20:.1f}..{sizes[-1] / 2**20:.1f} MiB;"
        f" job vs DuckDB: {differences} differing rows"
    )
    if differences:
        sys.exit("The job's scores differ from DuckDB's")


if __name__ == "__main__":
    main()
