"""Benchmarks the job against the Spark floor and DuckDB on the same generated data, in one go.

For each of (1) the Spark floor (bench/spark_floor.py: read the month, count per customer, no
join, no write), (2) the job (jobs/run-local: score the month to Delta with min-max and tiers) and
(3) one DuckDB query (bench/duckdb_scores.py), it runs the command --runs times under
/usr/bin/time and reports the median wall time and the largest peak RSS. Then it checks that the
job's rows equal DuckDB's exactly (customer, event count, raw score, tier) and prints a Markdown
table with the ratios and the output files of the scored month.

With --daily it times instead the daily rolling-30-day run that reads one new day plus the daily
aggregate, against a full recompute of the same window, and checks that both give the same rows.

Usage (Spark venv, after mvn package, from the repository root):
  .venv/spark/bin/python bench/run.py --events 6000000 [--runs 3] [--hot-share 0.05] [--daily]
Data is generated once per size and seed under out/bench/ (bench/generate_events.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
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
# The daily rolling-window case: yesterday's run (which stores its days) and today's.
DAILY_BUILD_DATE, DAILY_DATE = "2026-08-30", "2026-08-31"
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


def measure(
    name: str,
    command: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    before=lambda: None,
) -> dict:
    """Runs `command` `runs` times, calling `before` (untimed) ahead of each run."""
    results = []
    for _ in range(runs):
        before()
        results.append(timed(command, env or {}))
    walls = [wall for wall, _ in results]
    print(f"{name}: wall {walls} s", file=sys.stderr)
    return {"wall": statistics.median(walls), "rss": max(rss for _, rss in results)}


JOB_ENV = {"SHUFFLE_PARTITIONS": SHUFFLE_PARTITIONS, "DRIVER_MEMORY": "4g"}


def job_command(events: Path, weights: Path, output: Path, *flags: str) -> list[str]:
    """jobs/run-local on the benchmark data, min-max normalized, default tiers."""
    return [
        "jobs/run-local",
        "--events",
        str(events),
        "--weights",
        str(weights),
        "--output",
        str(output),
        "--normalize",
        "minmax",
        "--set",
        "events.partition_column=event_date",
        "--set",
        "events.max_days_ahead=3650",
        *flags,
    ]


def daily(events: Path, weights: Path, work: Path, runs: int) -> None:
    """The daily rolling-30-day run: from the aggregate (days stored by yesterday's run plus the
    new day read) against a full recompute of the same window. Each timed daily run starts from
    the same state: yesterday's aggregate and output, restored (untimed) before it."""
    rolling = ("--period", "rolling", "--window-days", "30")
    full_out, base, state = work / "rolling-full", work / "daily-base", work / "daily"
    full = measure(
        "rolling full recompute",
        job_command(events, weights, full_out, *rolling, "--date", DAILY_DATE),
        runs,
        JOB_ENV,
    )
    built = timed(
        job_command(
            events,
            weights,
            base / "scores",
            *rolling,
            "--date",
            DAILY_BUILD_DATE,
            "--aggregate",
            str(base / "aggregate"),
        ),
        JOB_ENV,
    )
    print(f"aggregate built by the run for {DAILY_BUILD_DATE}: {built[0]} s", file=sys.stderr)

    def restore() -> None:
        shutil.rmtree(state, ignore_errors=True)
        shutil.copytree(base, state)

    incremental = measure(
        "rolling daily run",
        job_command(
            events,
            weights,
            state / "scores",
            *rolling,
            "--date",
            DAILY_DATE,
            "--aggregate",
            str(state / "aggregate"),
        ),
        runs,
        JOB_ENV,
        before=restore,
    )
    con = duckdb.connect()
    con.register("f", DeltaTable(str(full_out)).to_pyarrow_dataset())
    con.register("i", DeltaTable(str(state / "scores")).to_pyarrow_dataset())
    columns = "customer_id, period_start, event_count, raw_score, normalized_score, tier"
    window = "period_start = (SELECT max(period_start) FROM f)"
    differences = con.sql(
        f"""
        SELECT count(*) FROM (
          (SELECT {columns} FROM f EXCEPT ALL SELECT {columns} FROM i WHERE {window})
          UNION ALL
          (SELECT {columns} FROM i WHERE {window} EXCEPT ALL SELECT {columns} FROM f))
        """
    ).fetchone()[0]
    rows = con.sql("SELECT count(*) FROM f").fetchone()[0]
    print(f"\nRolling 30 days ending {DAILY_DATE}, {rows:,} customers scored\n")
    print("| run | wall s | peak RSS MiB | daily / this |")
    print("|---|---|---|---|")
    for name, m in (("full recompute", full), ("daily run from the aggregate", incremental)):
        print(f"| {name} | {m['wall']:.1f} | {m['rss']} | {incremental['wall'] / m['wall']:.2f} |")
    print(f"\nDaily run vs full recompute: {differences} differing rows")
    if differences:
        sys.exit("The daily run's scores differ from the full recompute's")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hot-share", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument(
        "--driver-memory", default="4g", help="heap of the floor's and the job's JVM (all of Spark)"
    )
    parser.add_argument(
        "--daily",
        action="store_true",
        help="instead, time the daily rolling-30-day run from the daily aggregate against a full"
        " recompute of the window",
    )
    args = parser.parse_args()
    JOB_ENV["DRIVER_MEMORY"] = args.driver_memory

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
    if args.daily:
        daily(events, weights, work, args.runs)
        return

    floor = measure(
        "spark floor",
        [
            str(spark_submit),
            "--master",
            "local[*]",
            "--driver-memory",
            args.driver_memory,
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
    job = measure("job", job_command(events, weights, output, "--date", DATE), args.runs, JOB_ENV)
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
