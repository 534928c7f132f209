"""The two Spark lines on one table: a table written by the Spark 3.5 build can be written to by the
Spark 4 build (its last two months rescored) and the other way round (a month rescored, the next
appended), the scores are the same whichever line computed them, and the table stays readable by
the same readers (reader protocol 1, no reader features) with the protocol it had.

Needs both builds: `mvn package` (target/) and `mvn -Pspark4 package` (target/spark4/); jobs/test
builds both before the Python tests. The Spark 4 line runs from its Maven classpath
(jobs/run-local with SPARK_LINE=spark4): no Spark 4 distribution is needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
from conftest import EXAMPLE_RUN, ROOT, quick_jit, require_spark4_built
from deltalake import DeltaTable

# What a line computes; run_id, scored_at and the like say which run wrote the row.
SCORE_COLUMNS = [
    "customer_id",
    "period_kind",
    "period_start",
    "period_end",
    "event_count",
    "raw_score",
    "normalized_score",
    "tier",
    "weights_version",
]
SEP_OCT = ["--from", "2026-09-01", "--to", "2026-10-31"]
OCT_NOV = ["--from", "2026-10-01", "--to", "2026-11-30"]


def run_line(line: str, output: Path, *flags: str) -> dict:
    """jobs/run-local of one line, scoring into output; its run summary."""
    require_spark4_built()
    # EXAMPLE_RUN scores September to November; the last --from/--to wins.
    command = [*EXAMPLE_RUN, *flags, "--output", str(output)]
    command += ["--rejects", str(output.parent / f"rejects-{line}")]
    env = {
        **os.environ,
        "SPARK_LINE": line,
        "SHUFFLE_PARTITIONS": "4",
        "JAVA_TOOL_OPTIONS": quick_jit(),
    }
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    causes = [
        x for x in run.stderr.splitlines() if "Exception" in x or "Error" in x or "ERROR" in x
    ]
    causes = causes[:20]
    assert run.returncode == 0, (
        f"{line}: {' '.join(command)} exited {run.returncode}:\n"
        + "\n".join(causes)
        + f"\n...\n{run.stderr[-2000:]}\nstdout: {run.stdout[-2000:]}"
    )
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ok"
    return summary


def scores(path: Path) -> list[dict]:
    rows = DeltaTable(str(path)).to_pyarrow_table(columns=SCORE_COLUMNS).to_pylist()
    return sorted(rows, key=lambda r: (r["period_start"], r["customer_id"]))


def assert_readable_by_the_same_readers(path: Path) -> None:
    table = DeltaTable(str(path))
    protocol = table.protocol()
    assert protocol.min_reader_version == 1
    assert not protocol.reader_features
    schema = pa.schema(table.schema().to_arrow())
    assert not [f.name for f in schema if pa.types.is_timestamp(f.type) and f.type.tz is None]


def test_the_spark4_line_rescores_a_table_of_the_spark35_line(example_scores, tmp_path):
    table = tmp_path / "scores"
    shutil.copytree(example_scores, table)
    written = DeltaTable(str(table))

    summary = run_line("spark4", table, *OCT_NOV)

    assert summary["output_version"] > written.version()
    assert DeltaTable(str(table)).protocol() == written.protocol()
    assert_readable_by_the_same_readers(table)
    assert scores(table) == scores(example_scores)


def test_the_spark35_line_appends_to_a_table_of_the_spark4_line(example_scores, tmp_path):
    table = tmp_path / "scores"
    written = run_line("spark4", table, *SEP_OCT)["output_version"]
    assert_readable_by_the_same_readers(table)
    protocol = DeltaTable(str(table)).protocol()

    # October is replaced and November appended by the other line.
    summary = run_line("spark3.5", table, *OCT_NOV)

    assert summary["output_version"] > written
    assert DeltaTable(str(table)).protocol() == protocol
    assert_readable_by_the_same_readers(table)
    # The same scores as the example table, which the Spark 3.5 line scored in one run.
    assert scores(table) == scores(example_scores)
