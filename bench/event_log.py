"""Summarizes a Spark event log: where a run of the job spends its time, job by job.

Prints each Spark job (its start from the application's start, duration, stages run of those
planned, tasks run, and what it is for: its description, else its SQL execution's description,
else its call site), then the totals: Spark jobs, SQL executions, Delta commits (writes through
`save`, ALTER TABLE, and the executions Delta records as operations), Delta snapshot computations
(log replays), file listings, and the time from the application's start to the first job and from
the last job's end to the application's end (JVM, Spark and Delta start; the last commit and
stop).

Write an event log with the job (any jobs/run-local command):
  JAVA_TOOL_OPTIONS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:/tmp/spark-events" \\
    jobs/run-local ...
Usage: python bench/event_log.py /tmp/spark-events/local-1234567890123
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SQL_START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"
SNAPSHOT = "Delta: Compute snapshot for version"
LISTING = "Listing leaf files and directories"
RECORDED = "recordDeltaOperation"


@dataclass
class Job:
    id: int
    start: int
    stages: list[int]
    description: str
    call_site: str
    execution: int | None
    end: int | None = None
    stages_run: set[int] = field(default_factory=set)
    tasks: int = 0


@dataclass
class Execution:
    id: int
    root: int
    description: str
    plan: str


@dataclass
class Log:
    app_start: int | None = None
    app_end: int | None = None
    jobs: dict[int, Job] = field(default_factory=dict)
    executions: dict[int, Execution] = field(default_factory=dict)


# The suffixes of Spark's event log codecs (spark.eventLog.compression.codec).
COMPRESSED = (".zstd", ".lz4", ".lzf", ".snappy")


def lines(path: Path) -> Iterator[str]:
    """The event log's lines: of the file, or of a rolling log's parts in order (Spark 4's default:
    a directory eventlog_v2_<app> of files events_<n>_<app>)."""
    parts = [path]
    if path.is_dir():
        parts = sorted(path.glob("events_*"), key=lambda p: int(p.name.split("_")[1]))
    compressed = [p.name for p in parts if p.name.endswith(COMPRESSED)]
    if compressed:
        raise SystemExit(
            f"{compressed[0]} is compressed (Spark 4 compresses event logs by default): write the"
            " log with -Dspark.eventLog.compress=false"
        )
    for part in parts:
        with part.open() as text:
            yield from text


def read(path: Path) -> Log:
    log = Log()
    stage_tasks: Counter[int] = Counter()
    stage_starts: dict[int, int] = {}
    for line in lines(path):
        event = json.loads(line)
        kind = event["Event"]
        if kind == "SparkListenerApplicationStart":
            log.app_start = event["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            log.app_end = event["Timestamp"]
        elif kind == "SparkListenerJobStart":
            properties = event.get("Properties") or {}
            execution = properties.get("spark.sql.execution.id")
            stages = event["Stage Infos"]
            # The result stage (the highest id) is named after the action's call site.
            call_site = max(stages, key=lambda s: s["Stage ID"])["Stage Name"] if stages else ""
            job = Job(
                id=event["Job ID"],
                start=event["Submission Time"],
                stages=[s["Stage ID"] for s in stages],
                description=properties.get("spark.job.description", "").replace("<br/>", " "),
                call_site=call_site,
                execution=None if execution is None else int(execution),
            )
            log.jobs[job.id] = job
        elif kind == "SparkListenerJobEnd":
            log.jobs[event["Job ID"]].end = event["Completion Time"]
        elif kind == "SparkListenerStageCompleted":
            info = event["Stage Info"]
            stage_starts[info["Stage ID"]] = info.get("Submission Time", 0)
        elif kind == "SparkListenerTaskEnd":
            stage_tasks[event["Stage ID"]] += 1
        elif kind == SQL_START:
            log.executions[event["executionId"]] = Execution(
                id=event["executionId"],
                root=event.get("rootExecutionId", event["executionId"]),
                description=event.get("description", ""),
                plan=event.get("physicalPlanDescription", ""),
            )
    # A stage that ran belongs to the latest job started before it that lists it (later jobs
    # list it too but skip it, reusing its shuffle output).
    for stage, submitted in stage_starts.items():
        owners = [j for j in log.jobs.values() if stage in j.stages and j.start <= submitted]
        if not owners:
            owners = [j for j in log.jobs.values() if stage in j.stages]
        if owners:
            job = max(owners, key=lambda j: j.start)
            job.stages_run.add(stage)
            job.tasks += stage_tasks[stage]
    return log


def what(log: Log, job: Job) -> str:
    """The job's description, else its SQL execution's (with the top-level execution's when that
    says something else), else its call site."""
    execution = log.executions.get(job.execution) if job.execution is not None else None
    text = job.description or (execution.description if execution else "") or job.call_site
    if execution is not None:
        root = log.executions.get(execution.root)
        if root is not None and root.id != execution.id and root.description != text:
            text += f" (in {root.description})"
    return text


def is_delta_write(execution: Execution) -> bool:
    return "SaveIntoDataSourceCommand" in execution.plan and "DeltaDataSource" in execution.plan


def is_alter_table(execution: Execution) -> bool:
    plan = execution.plan.strip().removeprefix("== Physical Plan ==").strip()
    return plan.startswith("AlterTable")


def totals(log: Log) -> dict[str, int | float | None]:
    roots = [e for e in log.executions.values() if e.root == e.id]
    snapshots = [e for e in log.executions.values() if e.description.startswith(SNAPSHOT)]
    starts = [j.start for j in log.jobs.values()]
    ends = [j.end for j in log.jobs.values() if j.end is not None]
    seconds = 1000.0
    return {
        "spark_jobs": len(log.jobs),
        "tasks": sum(j.tasks for j in log.jobs.values()),
        "sql_executions": len(log.executions),
        "root_sql_executions": len(roots),
        # A write through DataFrameWriter.save to Delta: one commit (root executions only; the
        # write's nested execution repeats the description).
        "delta_writes": sum(is_delta_write(e) for e in roots),
        "delta_alter_table": sum(is_alter_table(e) for e in roots),
        "delta_recorded_operations": sum(
            RECORDED in e.description or "DatabricksLogging" in e.description
            for e in log.executions.values()
        ),
        # One snapshot computation = the executions of one root that compute the same version.
        "delta_snapshots": len({(e.root, e.description) for e in snapshots}),
        "delta_snapshot_jobs": sum(what(log, j).startswith(SNAPSHOT) for j in log.jobs.values()),
        "file_listings": sum(what(log, j).startswith(LISTING) for j in log.jobs.values()),
        "start_to_first_job_s": (
            (min(starts) - log.app_start) / seconds if starts and log.app_start else None
        ),
        "last_job_to_end_s": (
            (log.app_end - max(ends)) / seconds if ends and log.app_end else None
        ),
    }


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def report(log: Log) -> str:
    origin = log.app_start or min((j.start for j in log.jobs.values()), default=0)
    out = [
        "| job | start s | duration s | stages run/planned | tasks | SQL | what |",
        "|---|---|---|---|---|---|---|",
    ]
    for job in sorted(log.jobs.values(), key=lambda j: j.id):
        duration = None if job.end is None else (job.end - job.start) / 1000
        sql = "-" if job.execution is None else str(job.execution)
        text = what(log, job).replace("|", "/")[:160]
        out.append(
            f"| {job.id} | {(job.start - origin) / 1000:.1f} | {seconds(duration)}"
            f" | {len(job.stages_run)}/{len(job.stages)} | {job.tasks} | {sql} | {text} |"
        )
    t = totals(log)
    total = None if log.app_start is None or log.app_end is None else log.app_end - log.app_start
    commits = t["delta_writes"] + t["delta_alter_table"]
    out += [
        "",
        f"Application: {seconds(None if total is None else total / 1000)} s",
        f"Spark jobs: {t['spark_jobs']} ({t['tasks']} tasks)",
        f"SQL executions: {t['sql_executions']} ({t['root_sql_executions']} top-level)",
        f"Delta commits: {commits} ({t['delta_writes']} writes through save,"
        f" {t['delta_alter_table']} ALTER TABLE); executions recorded as Delta operations"
        f" (DatabricksLogging): {t['delta_recorded_operations']}",
        f"Delta snapshot computations (log replays): {t['delta_snapshots']}"
        f" ({t['delta_snapshot_jobs']} jobs)",
        f"File listings (jobs): {t['file_listings']}",
        f"Application start to first job: {seconds(t['start_to_first_job_s'])} s;"
        f" last job's end to application end: {seconds(t['last_job_to_end_s'])} s",
    ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "event_log",
        type=Path,
        help="a Spark event log: a file (JSON lines) or a rolling log's directory",
    )
    args = parser.parse_args()
    print(report(read(args.event_log)))


if __name__ == "__main__":
    main()
