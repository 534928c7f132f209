"""Benchmarks the job against the Spark floor and DuckDB on the same generated data, in one go.

For each of (1) the Spark floor (bench/spark_floor.py: read the month, count per customer, no
join, no write), (2) the job (jobs/run-local: score the month to Delta with min-max and tiers) and
(3) one DuckDB query (bench/duckdb_scores.py), it runs the command --runs times under
/usr/bin/time and reports the median wall time and the largest peak RSS. Then it checks that the
job's rows equal DuckDB's exactly (customer, event count, raw score, tier) and prints a Markdown
table with the ratios and the output files of the scored month.

With --daily it times instead the daily rolling-30-day run that reads one new day plus the daily
aggregate, against a full recompute of the same window, both on yesterday's table, and checks that
both give the same rows.

With --options it times instead the job with the options a production user turns on (trend,
customer dimension, transitions with alerts, breakdown and rejects tables), each alone and all
together, against the bare job, on a table that already holds July (scored once, untimed, and
restored before each run), and checks each run's rows against DuckDB's.

Usage (Spark venv, after mvn package, from the repository root):
  .venv/spark/bin/python bench/run.py --events 6000000 [--runs 3] [--hot-share 0.05]
      [--events-per-active-day 20] [--daily | --options]
Data is generated once per size, skew, shape and seed under out/bench/ (bench/generate_events.py).
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
from generate_events import write_customers

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
FIRST, LAST, DATE = "2026-08-01", "2026-08-31", "2026-08-15"
# The options case: July is scored first, so that August has a previous period.
PREVIOUS_DATE = "2026-07-15"
# ... and, for the row without one, September (a later period: nothing before August).
LATER_DATE = "2026-09-15"
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
    new day read) against a full recompute of the same window. Both start from the same state,
    yesterday's output (the daily run also from its aggregate), restored (untimed) before each
    run: a recompute on a fresh output would skip what every scheduled run pays on a table that
    exists (the earlier scores it compares with, its history and properties)."""
    rolling = ("--period", "rolling", "--window-days", "30")
    base, full_state, state = work / "daily-base", work / "rolling-full", work / "daily"
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

    def restoring(target: Path):
        def restore() -> None:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(base, target)

        return restore

    full_out = full_state / "scores"
    full = measure(
        "rolling full recompute",
        job_command(events, weights, full_out, *rolling, "--date", DAILY_DATE),
        runs,
        JOB_ENV,
        before=restoring(full_state),
    )
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
        before=restoring(state),
    )
    con = duckdb.connect()
    con.register("f", DeltaTable(str(full_out)).to_pyarrow_dataset())
    con.register("i", DeltaTable(str(state / "scores")).to_pyarrow_dataset())
    columns = "customer_id, period_start, event_count, raw_score, normalized_score, tier"
    window = "period_start = (SELECT max(period_start) FROM f)"
    differences = con.sql(
        f"""
        SELECT count(*) FROM (
          (SELECT {columns} FROM f WHERE {window}
           EXCEPT ALL SELECT {columns} FROM i WHERE {window})
          UNION ALL
          (SELECT {columns} FROM i WHERE {window}
           EXCEPT ALL SELECT {columns} FROM f WHERE {window}))
        """
    ).fetchone()[0]
    rows = con.sql(f"SELECT count(*) FROM f WHERE {window}").fetchone()[0]
    print(f"\nRolling 30 days ending {DAILY_DATE}, {rows:,} customers scored\n")
    print("| run | wall s | peak RSS MiB | daily / this |")
    print("|---|---|---|---|")
    for name, m in (("full recompute", full), ("daily run from the aggregate", incremental)):
        print(f"| {name} | {m['wall']:.1f} | {m['rss']} | {incremental['wall'] / m['wall']:.2f} |")
    print(f"\nDaily run vs full recompute: {differences} differing rows")
    if differences:
        sys.exit("The daily run's scores differ from the full recompute's")


def differing_rows(con: duckdb.DuckDBPyConnection, expected: Path) -> int:
    """Rows of August in the registered `job` table that differ from DuckDB's (customer, event
    count, raw score, tier), both ways; customers of the dimension scored without events (event
    count 0, which DuckDB has no row for) are left out, and must score 0."""
    august = f"period_start = DATE '{FIRST}' AND event_count > 0"
    job = f"SELECT customer_id, event_count, raw_score, tier FROM job WHERE {august}"
    duck = f"SELECT * FROM read_parquet('{expected}')"
    bad_zero = con.sql(
        f"SELECT count(*) FROM job WHERE period_start = DATE '{FIRST}'"
        " AND event_count = 0 AND raw_score <> 0"
    ).fetchone()[0]
    differences = con.sql(
        f"SELECT count(*) FROM (({job} EXCEPT ALL {duck}) UNION ALL ({duck} EXCEPT ALL {job}))"
    ).fetchone()[0]
    return bad_zero + differences


def options(
    events: Path,
    weights: Path,
    customers: Path,
    expected: Path,
    work: Path,
    runs: int,
    data: str,
) -> None:
    """The bare job and the job with each production option, alone and all together, scoring
    August into a table that holds July (so that trend, transitions and activity have a previous
    period): that state is built once (untimed) and restored before each timed run."""
    base, later, state = work / "options-base", work / "options-later", work / "options"
    for start, date in ((base, PREVIOUS_DATE), (later, LATER_DATE)):
        built = timed(job_command(events, weights, start / "scores", "--date", date), JOB_ENV)
        print(f"table scored for {date} (untimed state): {built[0]} s", file=sys.stderr)
    alerts = "[{fell_into = at_risk}, {dropped_pct = 20}, {no_events_days = 30}]"
    option_flags = {
        "trend": ["--set", "trend.score=raw", "--set", "trend.stable_band=5"],
        "customer dimension": ["--set", f"customers.path={customers}"],
        "transitions with alerts": [
            "--set",
            f"transitions.path={state / 'transitions'}",
            "--set",
            f"transitions.alerts={alerts}",
        ],
        "breakdown table": ["--set", f"breakdown.path={state / 'breakdown'}"],
        "rejects table": ["--rejects", str(state / "rejects")],
    }
    every = [flag for flags in option_flags.values() for flag in flags]
    cases = [
        ("bare", base, []),
        ("bare, no earlier period (activity looks back at nothing)", later, []),
        *((name, base, flags) for name, flags in option_flags.items()),
        ("all of the above", base, every),
    ]
    results = []
    for name, start, flags in cases:

        def restore(start: Path = start) -> None:
            shutil.rmtree(state, ignore_errors=True)
            shutil.copytree(start, state)

        m = measure(
            name,
            job_command(events, weights, state / "scores", "--date", DATE, *flags),
            runs,
            JOB_ENV,
            before=restore,
        )
        con = duckdb.connect()
        con.register("job", DeltaTable(str(state / "scores")).to_pyarrow_dataset())
        m["rows"] = con.sql(
            f"SELECT count(*) FROM job WHERE period_start = DATE '{FIRST}'"
        ).fetchone()[0]
        m["differences"] = differing_rows(con, expected)
        results.append((name, m))

    bare = results[0][1]["wall"]
    print(
        f"\n{data}, month {FIRST[:7]} scored into a table holding July (the second row:"
        f" September), {os.cpu_count()} cores, median of {runs} runs\n"
    )
    print("| option | job wall s | ratio to bare | peak RSS MiB | August rows | differing rows |")
    print("|---|---|---|---|---|---|")
    for name, m in results:
        print(
            f"| {name} | {m['wall']:.1f} | {m['wall'] / bare:.2f} | {m['rss']} | {m['rows']:,}"
            f" | {m['differences']} |"
        )
    if any(m["differences"] for _, m in results):
        sys.exit("An option run's scores differ from DuckDB's")


def duckdb_command(events: Path, weights: Path, expected: Path) -> list[str]:
    return [
        sys.executable,
        str(BENCH / "duckdb_scores.py"),
        str(events),
        str(weights),
        FIRST,
        LAST,
        str(expected),
    ]


def describe(args: argparse.Namespace) -> str:
    """The data, e.g. "6,000,000 events (0% from one customer, 20 per active customer day)"."""
    shape = (
        f", {args.events_per_active_day} per active customer day"
        if args.events_per_active_day != 1
        else ""
    )
    return f"{args.events:,} events ({args.hot_share:.0%} from one customer{shape})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hot-share", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument(
        "--events-per-active-day",
        type=int,
        default=1,
        help="the data's shape (bench/generate_events.py): 1, events independent of each other;"
        " N > 1, active customer days of on average N events from three types each",
    )
    parser.add_argument(
        "--driver-memory", default="4g", help="heap of the floor's and the job's JVM (all of Spark)"
    )
    parser.add_argument(
        "--daily",
        action="store_true",
        help="instead, time the daily rolling-30-day run from the daily aggregate against a full"
        " recompute of the window",
    )
    parser.add_argument(
        "--options",
        action="store_true",
        help="instead, time the job with each production option (trend, customer dimension,"
        " transitions with alerts, breakdown, rejects), alone and all together, against the bare"
        " job",
    )
    args = parser.parse_args()
    if args.daily and args.options:
        parser.error("--daily and --options are two different benchmarks: choose one")
    if args.events_per_active_day < 1:
        parser.error("--events-per-active-day must be at least 1")
    JOB_ENV["DRIVER_MEMORY"] = args.driver_memory

    name = f"events-{args.events}-{args.hot_share}-{args.seed}"
    if args.events_per_active_day != 1:
        name += f"-perday{args.events_per_active_day}"
    data = ROOT / "out" / "bench" / name
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
                "--events-per-active-day",
                str(args.events_per_active_day),
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
    expected = work / "duckdb.parquet"
    if args.options:
        customers = data / "customers.parquet"
        if not customers.exists():
            write_customers(customers, 1_000_000, args.hot_share)
        timed(duckdb_command(events, weights, expected), {})
        options(events, weights, customers, expected, work, args.runs, describe(args))
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
    duck = measure("duckdb", duckdb_command(events, weights, expected), args.runs)

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
        f"\n{describe(args)}, month {FIRST[:7]},"
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
