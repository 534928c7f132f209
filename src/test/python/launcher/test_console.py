"""What jobs/run-local prints (README, "Running it"): the JSON run summary once, as the last line of
stdout; on stderr a line per step, and the run in words last. With LOG_FORMAT=json (the shared
example run, conftest.example_scores) each log line is a JSON object carrying the run's run_id."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT


def _json_lines(text: str) -> list[dict]:
    """The log lines; the JVM's own notes (Picked up ..., WARNING: ...) are not logs."""
    lines = [line for line in text.splitlines() if line.strip()]
    logs = [line for line in lines if not line.startswith(("Picked up ", "WARNING: "))]
    return [json.loads(line) for line in logs]


def test_json_logs_carry_the_run_id_on_every_line_and_end_with_the_run_in_words(example_scores):
    out = example_scores.parent
    summaries = [line for line in (out / "run.stdout").read_text().splitlines() if line]
    assert len([line for line in summaries if line.startswith("{")]) == 1
    summary = json.loads(summaries[-1])
    logs = _json_lines((out / "run.stderr").read_text())

    assert logs, "no log lines"
    assert {tuple(sorted(line)) for line in logs} <= {
        ("level", "logger", "message", "run_id", "time"),
        ("error", "level", "logger", "message", "run_id", "time"),
    }
    assert {line["run_id"] for line in logs} == {summary["run_id"]}
    steps = [line["message"] for line in logs if line["logger"].endswith(".Steps")]
    assert [step.split(" (")[0] for step in steps][:4] == [
        "check the tables and paths",
        "read and check the inputs",
        "append the started row to the audit table",
        "count the events",
    ]
    # The last line says in words what the summary says: the same numbers.
    rejected = sorted(((n, reason) for reason, n in summary["rejected"].items() if n), reverse=True)
    assert logs[-1]["message"].startswith(
        f"engagement-score: ok, {summary['rows_scored']} rows scored for month 3 periods"
        f" 2026-09-01..2026-11-30 into {summary['output_path']}"
        f" (version {summary['output_version']}) in "
    )
    assert logs[-1]["message"].endswith(
        f" s; {summary['rows_in']:,} events read,"
        f" {summary['rows_in'] - sum(summary['rejected'].values()):,} scored,"
        f" {sum(summary['rejected'].values()):,} rejected ("
        + "; ".join(
            f"{reason} {n:,}" + (": legacy_page_view 79" if reason == "unknown_event_type" else "")
            for n, reason in rejected
        )
        + ")"
    )


def test_a_bad_log_format_is_refused_with_the_two_it_takes():
    run = subprocess.run(
        ["jobs/run-local", "--version"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "LOG_FORMAT": "yaml"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "run-local: LOG_FORMAT is 'yaml': use text (the default) or json"
