"""dbt/ on the example's tables, read by dbt-duckdb with DuckDB's delta extension: every source is
fresh and every test passes on what the job writes, and a copy broken one way fails exactly the
check meant to catch it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb_extension_delta
import pyarrow as pa
import pytest
from conftest import ROOT, score_example
from deltalake import DeltaTable, write_deltalake

PROJECT = ROOT / "dbt"
DBT = Path(sys.executable).parent / "dbt"
DELTA_EXTENSION = next(
    Path(duckdb_extension_delta.__file__).parent.glob("extensions/*/delta.duckdb_extension")
)
# The tests of dbt/models/engagement/sources.yml and dbt/tests/, by the name dbt gives them.
ALL_TESTS = {
    "scores_key_is_unique",
    "scores_tier_is_a_configured_tier",
    "scores_run_id_is_in_the_audit_table",
    "source_accepted_values_engagement_scores_trend__rising__stable__falling__new__returning",
    "source_accepted_values_engagement_scores_activity_state__active__net_negative__no_events",
    *(
        f"source_not_null_engagement_scores_{column}"
        for column in [
            "customer_id",
            "period_kind",
            "period_start",
            "period_end",
            "event_count",
            "raw_score",
            "tier",
            "scored_at",
            "job_version",
            "run_id",
        ]
    ),
    "runs_one_row_per_run_and_status",
    "source_accepted_values_engagement_runs_status__started__ok__skipped__failed",
    *(f"source_not_null_engagement_runs_{c}" for c in ["run_id", "started_at", "status"]),
    "source_relationships_engagement_rejects_run_id__run_id__source_engagement_runs_",
    *(
        f"source_not_null_engagement_rejects_{c}"
        for c in ["run_id", "rejected_at", "reject_reason"]
    ),
    "transitions_key_is_unique",
    "transitions_tier_is_a_configured_tier",
    "transitions_previous_tier_is_a_configured_tier",
    "source_relationships_engagement_transitions_run_id__run_id__source_engagement_runs_",
    *(
        f"source_not_null_engagement_transitions_{c}"
        for c in [
            "customer_id",
            "period_kind",
            "period_start",
            "tier",
            "raw_score",
            "rank",
            "alert",
            "run_id",
        ]
    ),
    "breakdown_key_is_unique",
    "breakdown_adds_up_to_the_score",
    "source_relationships_engagement_breakdown_run_id__run_id__source_engagement_runs_",
    *(
        f"source_not_null_engagement_breakdown_{c}"
        for c in [
            "customer_id",
            "period_kind",
            "period_start",
            "event_type",
            "contribution",
            "run_id",
        ]
    ),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    """The example scored with every table the dbt project declares: scores, scores_runs,
    rejects, transitions, breakdown."""
    out = tmp_path_factory.mktemp("example-all-tables")
    score_example(
        out,
        "--set",
        f"transitions.path={out / 'transitions'}",
        "--set",
        f"breakdown.path={out / 'breakdown'}",
    )
    return out


def locations(
    tables: Path, scores: Path | None = None, breakdown: Path | None = None
) -> dict[str, str]:
    """The project's vars for the tables under `tables`, with the score table at `scores` and the
    breakdown table at `breakdown` when given."""
    return {
        "engagement_scores_path": str(scores or tables / "scores"),
        "engagement_runs_path": str(tables / "scores_runs"),
        "engagement_rejects_path": str(tables / "rejects"),
        "engagement_transitions_path": str(tables / "transitions"),
        "engagement_breakdown_path": str(breakdown or tables / "breakdown"),
    }


def run_dbt(command: str, variables: dict[str, str], work: Path) -> subprocess.CompletedProcess:
    """Runs `dbt <command>` on dbt/ with its test profile, writing into `work`."""
    return subprocess.run(
        [
            str(DBT),
            *command.split(),
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
            "--vars",
            json.dumps(variables),
        ],
        env={
            **os.environ,
            "ENGAGEMENT_DUCKDB_DELTA_EXTENSION": str(DELTA_EXTENSION),
            "ENGAGEMENT_DUCKDB_EXTENSION_DIRECTORY": str(work / "duckdb-extensions"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def dbt(command: str, variables: dict[str, str], work: Path) -> tuple[int, dict]:
    """Runs `dbt <command>`; returns the exit code and the JSON results (run_results.json, or
    sources.json for `source freshness`)."""
    run = run_dbt(command, variables, work)
    freshness = command.startswith("source freshness")
    results = work / "target" / ("sources.json" if freshness else "run_results.json")
    assert results.is_file(), f"dbt {command} exited {run.returncode}:\n{run.stdout[-4000:]}"
    return run.returncode, json.loads(results.read_text())


def name(unique_id: str) -> str:
    """test.engagement_score.<name>[.<hash>] or source.engagement_score.engagement.<name>."""
    parts = unique_id.split(".")
    return parts[2] if parts[0] == "test" else parts[3]


def outcomes(results: dict) -> dict[str, str]:
    """Test or source name -> status (pass, fail, warn, error)."""
    return {name(r["unique_id"]): r["status"] for r in results["results"]}


def failed(results: dict) -> dict[str, int]:
    """The tests that did not pass -> the rows they found."""
    return {
        name(r["unique_id"]): r["failures"] for r in results["results"] if r["status"] != "pass"
    }


def copy_table(tables: Path, table: str, tmp_path: Path) -> Path:
    """A copy of the table `table` under `tables`, to break."""
    copy = tmp_path / table
    shutil.copytree(tables / table, copy)
    return copy


def test_every_source_is_fresh_and_every_test_passes_on_the_example(tables, tmp_path):
    code, freshness = dbt("source freshness", locations(tables), tmp_path / "freshness")
    assert code == 0
    # rejects has no freshness check (a run without bad rows appends none).
    assert outcomes(freshness) == {
        "scores": "pass",
        "runs": "pass",
        "transitions": "pass",
        "breakdown": "pass",
    }

    code, tests = dbt("test", locations(tables), tmp_path / "test")
    assert code == 0
    assert outcomes(tests) == dict.fromkeys(ALL_TESTS, "pass")


def test_the_dashboard_exposure_reads_the_score_table(tables, tmp_path):
    run = run_dbt(
        "ls --quiet --resource-type source --select +exposure:engagement_dashboard",
        locations(tables),
        tmp_path,
    )

    assert run.returncode == 0, run.stdout[-4000:]
    assert run.stdout.split() == ["source:engagement_score.engagement.scores"]


def test_a_duplicated_key_fails_the_key_test_alone(tables, tmp_path):
    scores = copy_table(tables, "scores", tmp_path)
    table = DeltaTable(scores)
    row = table.to_pyarrow_table(
        filters=[("customer_id", "=", "acme-145"), ("period_start", "=", datetime(2026, 10, 1))]
    )
    assert row.num_rows == 1
    write_deltalake(scores, row, mode="append")

    code, tests = dbt("test", locations(tables, scores), tmp_path)

    assert code == 1
    assert failed(tests) == {"scores_key_is_unique": 1}


def test_an_unknown_tier_fails_the_tier_test_alone(tables, tmp_path):
    scores = copy_table(tables, "scores", tmp_path)
    DeltaTable(scores).update(
        updates={"tier": "'churned'"},
        predicate="customer_id = 'acme-145' AND period_start = '2026-10-01'",
    )

    code, tests = dbt("test", locations(tables, scores), tmp_path)

    assert code == 1
    assert failed(tests) == {"scores_tier_is_a_configured_tier": 1}


def test_a_breakdown_that_does_not_add_up_fails_the_invariant_alone(tables, tmp_path):
    """acme-145's October breakdown is 30 logins x 1 + 40 + 25 + 50 = 145: a login contribution
    of 31 makes it 146. September's rows deleted, as if breakdown.path had been set in October:
    September is left out, not 40-odd failures."""
    breakdown = copy_table(tables, "breakdown", tmp_path)
    table = DeltaTable(breakdown)
    table.delete("period_start = '2026-09-01'")
    table.update(
        updates={"contribution": "31"},
        predicate="customer_id = 'acme-145' AND period_start = '2026-10-01'"
        " AND event_type = 'login'",
    )

    code, tests = dbt("test", locations(tables, breakdown=breakdown), tmp_path)

    assert code == 1
    assert failed(tests) == {"breakdown_adds_up_to_the_score": 1}


@pytest.mark.parametrize(("hours", "status", "exit_code"), [(27, "warn", 0), (51, "error", 1)])
def test_a_score_table_not_rewritten_for_a_day_warns_and_for_two_days_fails_freshness(
    tables, tmp_path, hours, status, exit_code
):
    """warn_after 26 hours, error_after 50 (sources.yml): a table last scored 27 hours ago warns,
    51 hours ago fails."""
    rows = DeltaTable(tables / "scores").to_pyarrow_table()
    scored_at = rows.schema.field("scored_at")
    old = datetime.now(UTC) - timedelta(hours=hours)
    rows = rows.set_column(
        rows.schema.get_field_index("scored_at"),
        scored_at,
        pa.array([old] * rows.num_rows, type=scored_at.type),
    )
    write_deltalake(tmp_path / "scores", rows)

    code, freshness = dbt(
        "source freshness --select source:engagement.scores",
        locations(tables, tmp_path / "scores"),
        tmp_path,
    )

    assert code == exit_code
    assert outcomes(freshness) == {"scores": status}
