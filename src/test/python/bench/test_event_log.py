"""bench/event_log.py on a small event log written here: jobs, stages, tasks and the totals."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
spec = importlib.util.spec_from_file_location("event_log", ROOT / "bench/event_log.py")
event_log = importlib.util.module_from_spec(spec)
sys.modules["event_log"] = event_log  # dataclasses look their module up
spec.loader.exec_module(event_log)

SQL = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecution"
SAVE_PLAN = (
    "== Physical Plan ==\nExecute SaveIntoDataSourceCommand (1)\n"
    "   +- SaveIntoDataSourceCommand (2)\n"
    "(2) SaveIntoDataSourceCommand\nArguments: org.apache.spark.sql.delta.sources."
    "DeltaDataSource@6f45a2fd"
)
ALTER_PLAN = "== Physical Plan ==\nAlterTable (1)\n\n(1) AlterTable\nArguments: DeltaCatalog"
RECORDED = "$anonfun$recordDeltaOperationInternal$1 at DatabricksLogging.scala:128"
SNAPSHOT = "Delta: Compute snapshot for version: 0"


def job_start(job, time, stages, execution=None, description=None):
    properties = {}
    if execution is not None:
        properties["spark.sql.execution.id"] = str(execution)
    if description is not None:
        properties["spark.job.description"] = description
    return {
        "Event": "SparkListenerJobStart",
        "Job ID": job,
        "Submission Time": time,
        "Stage Infos": [
            {"Stage ID": s, "Stage Name": f"{name} at X.java:{s}"} for s, name in stages
        ],
        "Properties": properties,
    }


def job_end(job, time):
    return {"Event": "SparkListenerJobEnd", "Job ID": job, "Completion Time": time}


def stage_done(stage, time):
    return {
        "Event": "SparkListenerStageCompleted",
        "Stage Info": {"Stage ID": stage, "Submission Time": time},
    }


def task_end(stage):
    return {"Event": "SparkListenerTaskEnd", "Stage ID": stage}


def execution(id, root, description, plan="== Physical Plan ==\nLocalTableScan (1)"):
    return {
        "Event": SQL + "Start",
        "executionId": id,
        "rootExecutionId": root,
        "description": description,
        "details": "",
        "physicalPlanDescription": plan,
        "time": 0,
    }


EVENTS = [
    {"Event": "SparkListenerLogStart", "Spark Version": "3.5.3"},
    {"Event": "SparkListenerApplicationStart", "Timestamp": 1_000},
    # Job 0: the file listing, 3 tasks, from 6.0 s to 7.5 s.
    job_start(0, 7_000, [(0, "collect")], description="Listing leaf files and directories for 3"),
    stage_done(0, 7_100),
    *[task_end(0)] * 3,
    job_end(0, 8_500),
    # Execution 0 writes a Delta table (one commit) with two jobs: job 1 runs stages 1 and 2 (2 + 1
    # tasks); job 2 lists stage 1 too but skips it and runs stage 3 (4 tasks). Then the commit's
    # recorded operation (execution 1, in 0) and a job without stages.
    execution(0, 0, "save at ScoreTable.java:192", SAVE_PLAN),
    job_start(1, 9_000, [(1, "save"), (2, "save")], execution=0),
    stage_done(1, 9_000),
    *[task_end(1)] * 2,
    stage_done(2, 9_500),
    task_end(2),
    job_end(1, 10_000),
    job_start(2, 10_000, [(1, "save"), (3, "save")], execution=0),
    stage_done(3, 10_100),
    *[task_end(3)] * 4,
    job_end(2, 11_000),
    execution(1, 0, RECORDED),
    job_start(3, 11_000, [], execution=1, description=RECORDED),
    job_end(3, 11_200),
    # ALTER TABLE (execution 2, no job), then one snapshot computation: two executions of one root
    # (3: the table's details) with one job each.
    execution(2, 2, "sql at ScoreTable.java:245", ALTER_PLAN),
    execution(3, 3, "toDataset$ at DeltaTable.scala:44"),
    execution(4, 3, SNAPSHOT),
    job_start(4, 12_000, [(4, "first")], execution=4, description=SNAPSHOT),
    stage_done(4, 12_000),
    task_end(4),
    job_end(4, 12_500),
    execution(5, 3, SNAPSHOT),
    job_start(5, 12_500, [(5, "first")], execution=5, description=SNAPSHOT),
    stage_done(5, 12_500),
    task_end(5),
    job_end(5, 13_000),
    {"Event": SQL + "End", "executionId": 0, "time": 13_000},
    {"Event": "SparkListenerApplicationEnd", "Timestamp": 15_000},
]


def write(tmp_path: Path) -> Path:
    path = tmp_path / "local-1"
    path.write_text("".join(json.dumps(e) + "\n" for e in EVENTS))
    return path


def test_jobs_get_the_stages_and_tasks_they_ran(tmp_path):
    log = event_log.read(write(tmp_path))

    ran = {j.id: (sorted(j.stages_run), len(j.stages), j.tasks) for j in log.jobs.values()}
    assert ran == {
        0: ([0], 1, 3),
        1: ([1, 2], 2, 3),
        2: ([3], 2, 4),
        3: ([], 0, 0),
        4: ([4], 1, 1),
        5: ([5], 1, 1),
    }
    assert event_log.what(log, log.jobs[2]) == "save at ScoreTable.java:192"
    assert event_log.what(log, log.jobs[3]) == RECORDED + " (in save at ScoreTable.java:192)"
    assert event_log.what(log, log.jobs[4]) == SNAPSHOT + " (in toDataset$ at DeltaTable.scala:44)"


def test_the_totals_count_jobs_executions_commits_replays_and_listings(tmp_path):
    totals = event_log.totals(event_log.read(write(tmp_path)))

    assert totals == {
        "spark_jobs": 6,
        "tasks": 12,
        "sql_executions": 6,
        "root_sql_executions": 3,
        "delta_writes": 1,
        "delta_alter_table": 1,
        "delta_recorded_operations": 1,
        "delta_snapshots": 1,
        "delta_snapshot_jobs": 2,
        "file_listings": 1,
        "start_to_first_job_s": 6.0,
        "last_job_to_end_s": 2.0,
    }


def test_the_report_lists_each_job_from_the_application_start(tmp_path):
    text = event_log.report(event_log.read(write(tmp_path)))

    assert "| 0 | 6.0 | 1.5 | 1/1 | 3 | - | Listing leaf files and directories for 3 |" in text
    assert "| 2 | 9.0 | 1.0 | 1/2 | 4 | 0 | save at ScoreTable.java:192 |" in text
    assert "Application: 14.0 s" in text
    assert "Delta commits: 2 (1 writes through save, 1 ALTER TABLE)" in text
    assert "Application start to first job: 6.0 s; last job's end to application end: 2.0 s" in text


def test_a_rolling_log_is_read_part_after_part(tmp_path):
    # Spark 4 writes a directory of parts by default; events_10 comes after events_2.
    rolling = tmp_path / "eventlog_v2_local-1"
    rolling.mkdir()
    parts = {2: EVENTS[: len(EVENTS) // 2], 10: EVENTS[len(EVENTS) // 2 :], 1: []}
    for n, events in parts.items():
        text = "".join(json.dumps(e) + "\n" for e in events)
        (rolling / f"events_{n}_local-1").write_text(text)

    assert event_log.totals(event_log.read(rolling)) == event_log.totals(
        event_log.read(write(tmp_path))
    )


def test_a_compressed_log_is_refused_with_the_setting_that_avoids_it(tmp_path):
    rolling = tmp_path / "eventlog_v2_local-1"
    rolling.mkdir()
    (rolling / "events_1_local-1.zstd").write_bytes(b"\x28\xb5\x2f\xfd")

    with pytest.raises(SystemExit, match="spark.eventLog.compress=false"):
        event_log.read(rolling)
