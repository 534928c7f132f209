"""The Airflow DAG, with real Airflow: parsing, schedule, rendered spark-submit, checks, a full run.

Run in the Airflow venv (src/test/python/requirements-airflow.txt) with SPARK_HOME pointing at a
Spark 3.5 distribution (the pyspark package of the Spark venv); jobs/test sets both up.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pendulum
import pytest
from airflow.exceptions import AirflowException, ParamValidationError
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.timetables.base import DataInterval, TimeRestriction
from deltalake import DeltaTable

try:  # Airflow 3
    from airflow.dag_processing.dagbag import DagBag
    from airflow.serialization.decoders import decode_timetable
    from airflow.serialization.encoders import encode_timetable

    def scheduler_timetable(dag):
        """The timetable as the scheduler sees it: the DAG's, serialized and decoded."""
        return decode_timetable(encode_timetable(dag.timetable))

    AIRFLOW_2 = False

except ImportError:  # Airflow 2: the DAG holds the scheduler's timetable itself
    from airflow.models.dagbag import DagBag

    def scheduler_timetable(dag):
        return dag.timetable

    AIRFLOW_2 = True


ROOT = Path(__file__).resolve().parents[4]
DAGS = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
JAR = ROOT / "target" / "engagement-score-spark3.5-all.jar"
BERLIN = "Europe/Berlin"
OUTPUT = "s3a://lake/scores/engagement_scores"
# The confs every job task passes: Delta's session extension and catalog, and UTC.
SESSION_CONF = [
    "--conf",
    "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
    "--conf",
    "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "--conf",
    "spark.sql.session.timeZone=UTC",
]


@pytest.fixture(autouse=True)
def no_deployment_settings(monkeypatch):
    """Only the one required setting: the score table."""
    for name in list(os.environ):
        if name.startswith("ENGAGEMENT_SCORE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ENGAGEMENT_SCORE_OUTPUT", OUTPUT)


def load_dag(monkeypatch, dag_id="engagement_score", **settings):
    """A DAG as Airflow parses it, with ENGAGEMENT_SCORE_<KEY> environment settings."""
    for key, value in settings.items():
        monkeypatch.setenv(f"ENGAGEMENT_SCORE_{key.upper()}", value)
    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}, "DAG import errors"
    return bag.dags[dag_id]


def import_errors(monkeypatch, **settings):
    """The DAG folder's import errors, joined, with these settings."""
    for key, value in settings.items():
        monkeypatch.setenv(f"ENGAGEMENT_SCORE_{key.upper()}", value)
    return "".join(DagBag(dag_folder=str(DAGS)).import_errors.values())


def _module_of(dag):
    """The parsed DAG file as a module, for its check functions."""
    (module,) = [m for m in list(sys.modules.values()) if vars(m).get("dag") is dag]
    return module


def berlin_day(year, month, day):
    """The data interval of one Berlin day, as the scheduler hands it over (in UTC)."""
    start = pendulum.datetime(year, month, day, tz=BERLIN)
    return start.in_timezone("UTC"), start.add(days=1).in_timezone("UTC")


def render_task(dag, task_id, start, end, run_id="scheduled__x", try_number=1, params=None):
    """A task with its templates rendered for one data interval, try (and manual params)."""
    task = dag.get_task(task_id)
    context = {
        "data_interval_start": start,
        "data_interval_end": end,
        "run_id": run_id,
        "ti": SimpleNamespace(try_number=try_number),
        "dag": dag,
        "params": params or {"from": None, "to": None},
    }
    task.render_template_fields(context, jinja_env=dag.get_template_env())
    return task


def spark_submit_argv(task):
    """The spark-submit argv a rendered SparkSubmitOperator runs, built by the provider's hook."""
    return task._get_hook()._build_spark_submit_command(task.application)


def render_score_task(dag, start, end, **kwargs):
    """The spark-submit argv the score task runs for one data interval (and manual params)."""
    return spark_submit_argv(render_task(dag, "score", start, end, **kwargs))


def test_the_dag_parses_with_its_tasks_and_defaults(monkeypatch):
    dag = load_dag(monkeypatch)

    assert sorted(dag.task_ids) == [
        "check_maintenance",
        "check_run",
        "is_maintenance_day",
        "maintain",
        "score",
    ]
    assert dag.get_task("check_run").upstream_task_ids == {"score"}
    assert dag.get_task("is_maintenance_day").upstream_task_ids == {"check_run"}
    assert dag.get_task("maintain").upstream_task_ids == {"is_maintenance_day"}
    assert dag.get_task("check_maintenance").upstream_task_ids == {"maintain"}
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout == timedelta(hours=6)
    assert set(dag.tags) == {"engagement-score", "spark", "delta"}
    score = dag.get_task("score")
    assert (score.retries, score.retry_delay) == (2, timedelta(minutes=10))
    assert score.execution_timeout == timedelta(hours=3)
    assert score.pool == "default_pool"
    maintain = dag.get_task("maintain")
    assert (maintain.retries, maintain.retry_delay) == (2, timedelta(minutes=10))
    assert maintain.execution_timeout == timedelta(hours=3)
    assert maintain.outlets == []
    assert [dag.get_task(t).retries for t in ("is_maintenance_day", "check_maintenance")] == [0, 0]


def test_a_bad_catchup_setting_fails_the_import_with_the_fix(monkeypatch):
    errors = import_errors(monkeypatch, catchup="yes")

    assert "ENGAGEMENT_SCORE_CATCHUP is 'yes': set it to true or false." in errors
    assert load_dag(monkeypatch, catchup="TRUE").catchup is True


def test_the_pre_check_task_is_there_when_configured(monkeypatch):
    dag = load_dag(monkeypatch, input_ready="s3://lake/e/event_date={{ ds }}")

    assert dag.get_task("score").upstream_task_ids == {"wait_for_input"}
    sensor = dag.get_task("wait_for_input")
    assert sensor.mode == "reschedule"
    assert sensor.timeout == timedelta(hours=4).total_seconds()


def scheduled_intervals(dag, first_day, count):
    """The data intervals the scheduler creates, from the DAG's timetable as serialized."""
    timetable = scheduler_timetable(dag)
    restriction = TimeRestriction(earliest=first_day, latest=None, catchup=True)
    intervals, last = [], None
    for _ in range(count):
        info = timetable.next_dagrun_info(
            last_automated_data_interval=last, restriction=restriction
        )
        intervals.append(info.data_interval)
        last = info.data_interval
    return intervals


def test_the_schedule_gives_each_run_one_whole_business_day_across_dst(monkeypatch):
    dag = load_dag(monkeypatch, timezone=BERLIN, start_date="2026-10-24")

    intervals = scheduled_intervals(dag, pendulum.datetime(2026, 10, 24, tz=BERLIN), 3)

    # Not the Airflow 3 cron default (CronTriggerTimetable): that gives empty intervals.
    assert intervals == [
        DataInterval(*berlin_day(2026, 10, 24)),
        DataInterval(*berlin_day(2026, 10, 25)),  # 25 hours: summer time ends
        DataInterval(*berlin_day(2026, 10, 26)),
    ]
    assert intervals[1].end - intervals[1].start == timedelta(hours=25)


@pytest.mark.parametrize(
    "line, jar",
    [
        ("spark3.5", "/opt/es/target/engagement-score-spark3.5-all.jar"),
        ("spark4", "/opt/es/target/spark4/engagement-score-spark4-all.jar"),
    ],
)
def test_the_spark_line_picks_the_jar_built_for_it(monkeypatch, line, jar):
    dag = load_dag(monkeypatch, home="/opt/es", spark_line=line)

    assert dag.get_task("score").application == jar


def test_a_bad_spark_line_fails_the_import_with_the_fix(monkeypatch):
    errors = import_errors(monkeypatch, spark_line="4")

    assert (
        "ENGAGEMENT_SCORE_SPARK_LINE is '4': set it to spark3.5 (the default) or spark4." in errors
    )


def test_the_score_task_runs_this_spark_submit_command(monkeypatch):
    dag = load_dag(monkeypatch, timezone=BERLIN, home="/opt/es", summary_dir="s3a://b/summaries")

    argv = render_score_task(
        dag, *berlin_day(2026, 10, 25), run_id="scheduled__2026-10-24T22:00:00+00:00", try_number=2
    )

    assert argv == [
        "spark-submit",
        "--master",
        "local[2]",
        *SESSION_CONF,
        "--executor-memory",
        "4g",
        "--driver-memory",
        "2g",
        "--name",
        "engagement-score",
        "--class",
        "dev.engagement.score.ScoreJob",
        "/opt/es/target/engagement-score-spark3.5-all.jar",
        "--config",
        "/opt/es/conf/prod.conf",
        "--timezone",
        "Europe/Berlin",
        "--from",
        "2026-10-25",
        "--to",
        "2026-10-25",
        "--set",
        "output.path=s3a://lake/scores/engagement_scores",
        "--set",
        "audit.path=s3a://lake/scores/engagement_scores_runs",
        "--summary",
        "s3a://b/summaries/engagement_score/scheduled__2026-10-24T22_00_00_00_00/try-2.json",
    ]


def test_an_interval_across_a_month_end_scores_both_months(monkeypatch):
    dag = load_dag(
        monkeypatch,
        timezone="America/New_York",
        configs="/c/base.conf,/c/prod.conf",
        properties_file="/c/spark.properties",
    )
    start = pendulum.datetime(2026, 10, 26, tz="America/New_York").in_timezone("UTC")

    argv = render_score_task(dag, start, start.add(weeks=1))

    args = argv[argv.index("--config") :]
    assert args[:10] == [
        "--config",
        "/c/base.conf",
        "--config",
        "/c/prod.conf",
        "--timezone",
        "America/New_York",
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-01",
    ]
    assert argv[argv.index("--properties-file") + 1] == "/c/spark.properties"


def test_the_pre_check_waits_for_the_partition_of_the_intervals_last_utc_hour(monkeypatch):
    # A New York day ends at 05:00 UTC the next day, so it needs the next UTC partition too.
    dag = load_dag(
        monkeypatch,
        timezone="America/New_York",
        input_ready="/lake/events/event_date={{ last_utc_date(data_interval_end) }}",
    )
    sensor = dag.get_task("wait_for_input")
    start = pendulum.datetime(2026, 10, 30, tz="America/New_York").in_timezone("UTC")
    context = {"data_interval_start": start, "data_interval_end": start.add(days=1)}

    sensor.render_template_fields(context, jinja_env=dag.get_template_env())

    assert sensor.op_kwargs == {"path": "/lake/events/event_date=2026-10-31"}


def test_the_pre_check_sees_whether_the_partition_exists(monkeypatch, tmp_path):
    module = _module_of(load_dag(monkeypatch))
    (tmp_path / "event_date=2026-10-30").mkdir()

    assert module.input_ready(str(tmp_path / "event_date=2026-10-30")) is True
    assert module.input_ready(str(tmp_path / "event_date=2026-10-31")) is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No run summary at"),
        ("{not json", "is not JSON"),
        ('{"status": "failed"}', "reports a bad run"),
    ],
)
def test_the_post_check_fails_on_a_missing_or_bad_summary(monkeypatch, tmp_path, content, message):
    module = _module_of(load_dag(monkeypatch))
    summary = tmp_path / "try-1.json"
    if content is not None:
        summary.write_text(content)

    with pytest.raises(AirflowException, match=message):
        module.check_summary(str(summary))


def test_the_post_check_returns_a_good_summary(monkeypatch, tmp_path):
    module = _module_of(load_dag(monkeypatch))
    summary = tmp_path / "try-1.json"
    summary.write_text('{"status": "skipped", "rows_scored": 0}\n')

    assert module.check_summary(str(summary)) == {"status": "skipped", "rows_scored": 0}


def test_the_alert_branch_is_there_when_configured(monkeypatch):
    assert "check_alerts" not in load_dag(monkeypatch).task_ids

    dag = load_dag(monkeypatch, alerts="true", maintain_day="off")

    assert sorted(dag.task_ids) == ["check_alerts", "check_run", "notify_alerts", "score"]
    assert dag.get_task("check_alerts").upstream_task_ids == {"check_run"}
    assert dag.get_task("notify_alerts").upstream_task_ids == {"check_alerts"}
    assert type(dag.get_task("check_alerts")).__name__ == "ShortCircuitOperator"


def test_the_alert_branch_and_maintenance_are_separate_branches_after_the_check(monkeypatch):
    # Each short-circuit skips only its own branch.
    dag = load_dag(monkeypatch, alerts="true")

    assert dag.get_task("check_run").downstream_task_ids == {"check_alerts", "is_maintenance_day"}
    assert dag.get_task("check_alerts").get_flat_relative_ids(upstream=False) == {"notify_alerts"}
    assert dag.get_task("is_maintenance_day").get_flat_relative_ids(upstream=False) == {
        "maintain",
        "check_maintenance",
    }


@pytest.mark.parametrize(
    ("setting", "value", "example"),
    [
        ("alerts_callback", "notify_slack", "my_company.alerts:notify_slack"),
        ("failure_callback", "pager.page()", "my_company.alerts:page_on_call"),
    ],
)
def test_a_bad_callback_setting_fails_the_import_with_the_fix(monkeypatch, setting, value, example):
    errors = import_errors(monkeypatch, **{setting: value})

    assert (
        f"ENGAGEMENT_SCORE_{setting.upper()} is {value!r}: set it to module:function, e.g."
        f" {example}." in errors
    )


def task_instance(summary):
    """A task instance whose check_run XCom is ``summary``."""
    return SimpleNamespace(xcom_pull=lambda task_ids: summary if task_ids == "check_run" else None)


# A run summary of the job with the transitions table on (alert counts per rule).
ALERTING = {
    "run_id": "r1",
    "status": "ok",
    "periods": ["2026-10-01..2026-10-31"],
    "alerts": {"fell_into:at_risk": 2, "dropped_pct:20": 0},
}


@pytest.mark.parametrize(
    ("summary", "fired"),
    [
        (ALERTING, True),
        ({**ALERTING, "alerts": {"fell_into:at_risk": 0}}, False),
        ({"status": "ok"}, False),  # transitions table off: no counts
        ({"status": "skipped"}, False),
    ],
)
def test_the_branch_goes_on_only_when_an_alert_fired(monkeypatch, summary, fired):
    module = _module_of(load_dag(monkeypatch, alerts="true"))

    assert module.alerts_fired(task_instance(summary)) is fired


def test_notify_logs_the_counts_by_default(monkeypatch, caplog):
    module = _module_of(load_dag(monkeypatch, alerts="true"))

    with caplog.at_level(logging.WARNING):
        module.notify_alerts(task_instance(ALERTING))

    assert "Engagement alerts in run r1 for 2026-10-01..2026-10-31: fell_into:at_risk 2" in (
        caplog.text
    )


def test_notify_calls_the_configured_callback(monkeypatch, tmp_path):
    (tmp_path / "my_alerts.py").write_text(
        "CALLS = []\n\n\n"
        "def page(alerts, summary):\n"
        "    CALLS.append((alerts, summary['run_id']))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    module = _module_of(load_dag(monkeypatch, alerts="true", alerts_callback="my_alerts:page"))

    module.notify_alerts(task_instance(ALERTING))

    import my_alerts

    assert my_alerts.CALLS == [({"fell_into:at_risk": 2}, "r1")]


# --- The tables as assets, the downstream DAG --------------------------------------------------


def outlet_uris(dag):
    return [asset.uri for asset in dag.get_task("score").outlets]


def test_the_score_task_declares_the_score_and_audit_tables_and_passes_their_paths(monkeypatch):
    dag = load_dag(monkeypatch)

    assert [type(a).__name__ for a in dag.get_task("score").outlets] in (
        ["Asset", "Asset"],  # Airflow 3
        ["Dataset", "Dataset"],  # Airflow 2
    )
    assert outlet_uris(dag) == [
        "s3://lake/scores/engagement_scores",
        "s3://lake/scores/engagement_scores_runs",
    ]
    argv = render_score_task(dag, *berlin_day(2026, 10, 25))
    assert argv[argv.index("--set") : argv.index("--summary")] == [
        "--set",
        "output.path=s3a://lake/scores/engagement_scores",
        "--set",
        "audit.path=s3a://lake/scores/engagement_scores_runs",
    ]


def test_companion_tables_are_declared_and_passed_to_the_job(monkeypatch):
    dag = load_dag(
        monkeypatch,
        output="/data/scores/",
        tables=" rejects=/data/rejects , breakdown=gs://bi/breakdown,audit=hdfs://nn:8020/runs",
    )

    assert outlet_uris(dag) == [
        "file:///data/scores",
        "hdfs://nn:8020/runs",
        "file:///data/rejects",
        "gs://bi/breakdown",
    ]
    argv = render_score_task(dag, *berlin_day(2026, 10, 25))
    assert argv[argv.index("--set") : argv.index("--summary")] == [
        "--set",
        "output.path=/data/scores",
        "--set",
        "audit.path=hdfs://nn:8020/runs",
        "--set",
        "rejects.path=/data/rejects",
        "--set",
        "breakdown.path=gs://bi/breakdown",
    ]


UC_TABLE = "databricks://dbc-1234.cloud.databricks.com/main/engagement/scores"


def test_a_managed_table_is_declared_by_its_databricks_uri_and_passed_by_name(monkeypatch):
    dag = load_dag(monkeypatch, output=UC_TABLE, tables="rejects=/Volumes/main/engagement/rejects")

    # The Databricks provider's asset URI of a Unity Catalog table, its audit table beside it.
    assert outlet_uris(dag) == [
        UC_TABLE,
        UC_TABLE + "_runs",
        "file:///Volumes/main/engagement/rejects",
    ]
    argv = render_score_task(dag, *berlin_day(2026, 10, 25))
    assert argv[argv.index("--set") : argv.index("--summary")] == [
        "--set",
        "catalog.table=main.engagement.scores",
        "--set",
        "catalog.managed=true",
        "--set",
        "output.path=",
        "--set",
        "audit.path=",
        "--set",
        "rejects.path=/Volumes/main/engagement/rejects",
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("/data/scores", "file:///data/scores"),
        ("/data/./old/../scores/", "file:///data/scores"),
        ("file:/data/scores", "file:///data/scores"),  # Hadoop's qualified local path
        ("file:///data/scores", "file:///data/scores"),
        ("s3a://lake/scores/engagement_scores/", "s3://lake/scores/engagement_scores"),
        ("S3A://lake/scores", "s3://lake/scores"),
        ("s3n://lake/scores", "s3://lake/scores"),
        ("s3://lake/scores", "s3://lake/scores"),
        ("gs://lake/scores", "gs://lake/scores"),
        ("hdfs://namenode:8020/scores", "hdfs://namenode:8020/scores"),
    ],
)
def test_a_tables_asset_uri_follows_the_one_name_scheme(monkeypatch, path, uri):
    dag = load_dag(monkeypatch, output=path)

    assert outlet_uris(dag)[0] == uri


AZURE = "abfss://scores@lake.dfs.core.windows.net/engagement"


@pytest.mark.skipif(AIRFLOW_2, reason="Airflow 2 drops the container: see the next test")
def test_an_azure_uri_keeps_its_container_on_airflow_3(monkeypatch):
    assert outlet_uris(load_dag(monkeypatch, output=AZURE))[0] == AZURE


@pytest.mark.skipif(not AIRFLOW_2, reason="Airflow 3 keeps the container")
def test_an_azure_uri_that_airflow_2_would_rename_fails_the_import(monkeypatch):
    assert (
        f"ENGAGEMENT_SCORE_OUTPUT is '{AZURE}', whose asset {AZURE} this Airflow renames "
        "abfss://lake.dfs.core.windows.net/engagement: two tables could share an asset. Use a "
        "path whose URI Airflow keeps, or Airflow 3."
    ) in import_errors(monkeypatch, output=AZURE)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"output": ""},
            "ENGAGEMENT_SCORE_OUTPUT is not set: set it to the score table's path, the job's "
            "output.path (e.g. s3a://lake/scores/engagement_scores).",
        ),
        (
            {"output": "out/scores"},
            "ENGAGEMENT_SCORE_OUTPUT is 'out/scores': set it to a table's absolute path "
            "(/data/scores) or a URI with a bucket and a key (s3a://lake/scores/engagement_scores)",
        ),
        ({"output": "s3a://lake/"}, "ENGAGEMENT_SCORE_OUTPUT is 's3a://lake': set it to"),
        ({"output": "s3a:///scores"}, "ENGAGEMENT_SCORE_OUTPUT is 's3a:///scores': set it to"),
        (
            {"tables": "rejects=out/rejects"},
            "ENGAGEMENT_SCORE_TABLES' rejects is 'out/rejects': set it to a table's absolute path",
        ),
        (
            {"tables": "rejcts=/data/rejects"},
            "ENGAGEMENT_SCORE_TABLES names 'rejcts': did you mean rejects? the companion tables "
            "are audit, rejects, accounts, drivers, breakdown, transitions, restatements.",
        ),
        (
            {"tables": "aggregate=/data/daily"},
            "ENGAGEMENT_SCORE_TABLES names 'aggregate': the companion tables are audit,",
        ),
        (
            {"tables": "rejects"},
            "ENGAGEMENT_SCORE_TABLES has 'rejects': give each table once, as name=path, e.g. "
            "rejects=s3a://lake/scores/rejects,breakdown=s3a://lake/scores/breakdown.",
        ),
        (
            {"tables": "rejects=/data/r1,rejects=/data/r2"},
            "ENGAGEMENT_SCORE_TABLES has 'rejects=/data/r2': give each table once",
        ),
        (
            {"output": "databricks://dbc-1234.cloud.databricks.com/main/scores"},
            "ENGAGEMENT_SCORE_OUTPUT is 'databricks://dbc-1234.cloud.databricks.com/main/scores': "
            "a Unity Catalog managed table is databricks://<workspace host>/<catalog>/<schema>/"
            "<table>, e.g. databricks://dbc-1234.cloud.databricks.com/main/engagement/scores.",
        ),
        (
            {"tables": "breakdown=s3n://lake/scores/engagement_scores/"},
            "ENGAGEMENT_SCORE_TABLES' breakdown and ENGAGEMENT_SCORE_OUTPUT are the same table, "
            "s3://lake/scores/engagement_scores: give each table its own path.",
        ),
    ],
)
def test_bad_table_settings_fail_the_import_with_the_fix(monkeypatch, settings, message):
    assert message in import_errors(monkeypatch, **settings)


def test_the_downstream_dag_is_scheduled_on_the_score_table(monkeypatch):
    dag = load_dag(monkeypatch, dag_id="engagement_score_bi_refresh", tables="rejects=/data/r")

    condition = getattr(dag.timetable, "asset_condition", None) or dag.timetable.dataset_condition
    assert [asset.uri for asset in condition.objects] == ["s3://lake/scores/engagement_scores"]
    assert dag.task_ids == ["refresh"]
    assert dag.catchup is False


@pytest.mark.parametrize("name", ["triggering_asset_events", "triggering_dataset_events"])
def test_the_downstream_refresh_names_the_runs_that_wrote_the_table(monkeypatch, caplog, name):
    module = _module_of(load_dag(monkeypatch, dag_id="engagement_score_bi_refresh"))
    events = {
        "s3://lake/scores/engagement_scores": [
            SimpleNamespace(source_dag_id="engagement_score", source_run_id="scheduled__1"),
            SimpleNamespace(source_dag_id="engagement_score", source_run_id="manual__2"),
        ]
    }

    with caplog.at_level(logging.INFO):
        runs = module.refresh(**{name: events})

    assert runs == ["engagement_score/scheduled__1", "engagement_score/manual__2"]
    assert (
        "Refreshing the BI extract of s3a://lake/scores/engagement_scores, written by "
        "engagement_score/scheduled__1, engagement_score/manual__2" in caplog.text
    )


# --- Manual runs with dates, the pool, the failure callback ------------------------------------


def test_a_manual_run_with_dates_scores_that_range(monkeypatch):
    dag = load_dag(monkeypatch, timezone=BERLIN)

    argv = render_score_task(
        dag, *berlin_day(2026, 10, 25), params={"from": "2026-01-01", "to": "2026-06-30"}
    )

    assert argv[argv.index("--timezone") : argv.index("--to") + 2] == [
        "--timezone",
        "Europe/Berlin",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
    ]


def test_the_date_params_are_empty_by_default_and_must_be_dates(monkeypatch):
    params = load_dag(monkeypatch).params

    assert params.validate() == {"from": None, "to": None}
    with pytest.raises(ParamValidationError, match="'2026-13-01' is not a 'date'"):
        params["from"] = "2026-13-01"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"from": "2026-01-01", "to": None},
            "The params give from=2026-01-01 and to=None: give both dates, e.g. from=2026-01-01 "
            "to=2026-03-31, or neither to score the run's data interval.",
        ),
        (
            {"from": "2026-06-30", "to": "2026-01-01"},
            "The param from=2026-06-30 is after to=2026-01-01: swap them.",
        ),
    ],
)
def test_a_half_or_reversed_date_range_fails_the_task_without_retries(monkeypatch, params, message):
    dag = load_dag(monkeypatch)

    with pytest.raises(Exception, match=message) as failure:
        render_score_task(dag, *berlin_day(2026, 10, 25), params=params)

    assert type(failure.value).__name__ == "AirflowFailException"


def test_the_score_task_runs_in_the_configured_pool(monkeypatch):
    dag = load_dag(monkeypatch, pool="spark_cluster")

    assert dag.get_task("score").pool == "spark_cluster"
    assert dag.get_task("check_run").pool == "default_pool"


def failure_callbacks(task):
    """A task's on_failure_callback as a list (Airflow 3 keeps a list, 2.x what it was given)."""
    callbacks = task.on_failure_callback
    return callbacks if isinstance(callbacks, list) else [callbacks] if callbacks else []


def test_the_failure_callback_is_called_with_the_context(monkeypatch, tmp_path):
    assert failure_callbacks(load_dag(monkeypatch).get_task("score")) == []
    (tmp_path / "my_pager.py").write_text(
        "CALLS = []\n\n\ndef page(context):\n    CALLS.append(context['task_id'])\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    dag = load_dag(monkeypatch, alerts="true", failure_callback="my_pager:page")
    module = _module_of(dag)

    for task in dag.tasks:
        assert failure_callbacks(task) == [module.on_failure], task.task_id
    module.on_failure({"task_id": "score"})

    import my_pager

    assert my_pager.CALLS == ["score"]


def test_a_failure_callback_that_cannot_be_imported_says_so(monkeypatch):
    module = _module_of(load_dag(monkeypatch, failure_callback="no_such_pager:page"))

    with pytest.raises(ImportError) as failure:
        module.on_failure({})

    assert str(failure.value) == (
        "ENGAGEMENT_SCORE_FAILURE_CALLBACK is 'no_such_pager:page', which cannot be imported (No "
        "module named 'no_such_pager'): install the module where the tasks run, or fix the setting."
    )


# --- Weekly maintenance -----------------------------------------------------------------------


def test_maintenance_is_off_with_off(monkeypatch):
    assert sorted(load_dag(monkeypatch, maintain_day=" Off ").task_ids) == ["check_run", "score"]


def test_a_bad_maintenance_day_fails_the_import_with_the_fix(monkeypatch):
    errors = import_errors(monkeypatch, maintain_day="sunday")

    assert (
        "ENGAGEMENT_SCORE_MAINTAIN_DAY is 'sunday': set it to a weekday (mon, tue, wed, thu, fri, "
        "sat, sun) or to off." in errors
    )


def test_the_maintain_task_runs_this_spark_submit_command(monkeypatch):
    dag = load_dag(
        monkeypatch,
        timezone=BERLIN,
        home="/opt/es",
        configs="/c/base.conf,/c/prod.conf",
        properties_file="/c/spark.properties",
        summary_dir="s3a://b/summaries/",
        tables="rejects=/data/rejects",
        pool="spark_cluster",
        driver_memory="1g",
    )

    task = render_task(
        dag, "maintain", *berlin_day(2026, 10, 25), run_id="scheduled__2026-10-24T22:00:00+00:00"
    )

    assert task.pool == "spark_cluster"
    assert spark_submit_argv(task) == [
        "spark-submit",
        "--master",
        "local[2]",
        *SESSION_CONF,
        "--properties-file",
        "/c/spark.properties",
        "--executor-memory",
        "4g",
        "--driver-memory",
        "1g",
        "--name",
        "engagement-score-maintain",
        "--class",
        "dev.engagement.score.ScoreJob",
        "/opt/es/target/engagement-score-spark3.5-all.jar",
        "maintain",
        "--config",
        "/c/base.conf",
        "--config",
        "/c/prod.conf",
        "--set",
        "output.path=s3a://lake/scores/engagement_scores",
        "--set",
        "audit.path=s3a://lake/scores/engagement_scores_runs",
        "--set",
        "rejects.path=/data/rejects",
        "--summary",
        "s3a://b/summaries/engagement_score/scheduled__2026-10-24T22_00_00_00_00/"
        "maintain-try-1.json",
    ]


def test_the_maintenance_check_reads_the_maintain_summary_and_wants_ok(monkeypatch, tmp_path):
    dag = load_dag(monkeypatch, summary_dir=str(tmp_path))
    interval = berlin_day(2026, 10, 25)
    argv = spark_submit_argv(render_task(dag, "maintain", *interval, try_number=2))
    check = render_task(dag, "check_maintenance", *interval, try_number=2)
    summary = tmp_path / "engagement_score" / "scheduled__x" / "maintain-try-2.json"
    assert check.op_kwargs["path"] == argv[-1] == str(summary)
    summary.parent.mkdir(parents=True)

    summary.write_text('{"command": "maintain", "status": "skipped"}')
    with pytest.raises(AirflowException, match="reports a bad run"):
        check.python_callable(**check.op_kwargs)

    summary.write_text('{"command": "maintain", "status": "ok"}')
    assert check.python_callable(**check.op_kwargs) == {"command": "maintain", "status": "ok"}


def new_york_day(year, month, day):
    """The data interval of one New York day, in UTC: it ends at 04:00 or 05:00 the next day."""
    start = pendulum.datetime(year, month, day, tz="America/New_York")
    return start.in_timezone("UTC"), start.add(days=1).in_timezone("UTC")


@pytest.mark.parametrize(
    ("maintain_day", "interval", "due"),
    [
        # 2026-10-31 is a Saturday in New York; its last instant is Sunday 03:59 UTC.
        ("sun", new_york_day(2026, 10, 31), False),
        # Sunday 2026-11-01 (25 hours, daylight saving ends) ends on Monday 04:59 UTC.
        ("sun", new_york_day(2026, 11, 1), True),
        ("mon", new_york_day(2026, 11, 1), False),
        ("mon", new_york_day(2026, 11, 2), True),
        # A weekly interval, Monday 26 October to Sunday 1 November: its last day is the Sunday.
        ("sun", (new_york_day(2026, 10, 26)[0], new_york_day(2026, 11, 1)[1]), True),
    ],
)
def test_maintenance_runs_on_the_weekday_of_the_business_day(
    monkeypatch, maintain_day, interval, due
):
    module = _module_of(
        load_dag(monkeypatch, timezone="America/New_York", maintain_day=maintain_day)
    )

    assert module.maintenance_day(*interval) is due


def test_a_full_dag_run_scores_the_example_data(tmp_path):
    """`airflow dags test` with the real provider and spark-submit, on examples/data; the run's
    asset events queue a run of the downstream DAG."""
    assert JAR.exists(), f"{JAR} is missing: run `mvn package` first"
    assert os.environ.get("SPARK_HOME"), "SPARK_HOME must point at a Spark 3.5 distribution"
    properties = tmp_path / "spark.properties"
    properties.write_text("spark.sql.shuffle.partitions 4\nspark.ui.enabled false\n")
    env = {
        **os.environ,
        "PATH": f"{os.environ['SPARK_HOME']}/bin:{os.environ['PATH']}",
        "ENGAGEMENT_SCORE_TIMEZONE": BERLIN,
        # The DAG's table settings win over the config's output.path (out/example-scores).
        "ENGAGEMENT_SCORE_CONFIGS": "conf/example.conf",
        "ENGAGEMENT_SCORE_OUTPUT": str(tmp_path / "scores"),
        "ENGAGEMENT_SCORE_TABLES": f"rejects={tmp_path}/rejects",
        # The run's business day, Friday 30 October, is the maintenance day: maintain runs on the
        # tables the score task has just written.
        "ENGAGEMENT_SCORE_MAINTAIN_DAY": "fri",
        # The downstream DAG is queued only when it is not paused.
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "ENGAGEMENT_SCORE_PROPERTIES_FILE": str(properties),
        "ENGAGEMENT_SCORE_SUMMARY_DIR": str(tmp_path / "summaries"),
        "ENGAGEMENT_SCORE_INPUT_READY": (
            "examples/data/events/event_date={{ last_utc_date(data_interval_end) }}"
        ),
        # spark-submit's JVM with the C1 JIT only, as in the other tests (conftest.QUICK_JIT).
        "JAVA_TOOL_OPTIONS": f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} -XX:TieredStopAtLevel=1",
    }
    airflow = [str(Path(sys.executable).parent / "airflow")]
    subprocess.run([*airflow, "db", "migrate"], env=env, check=True, capture_output=True)
    # Both DAGs in the metadata database, as the DAG processor would put them.
    subprocess.run([*airflow, "dags", "reserialize"], env=env, check=True, capture_output=True)

    # Logical date 2026-10-31T00:00Z: the manual run's interval is Berlin's 30 October.
    run = subprocess.run(
        [*airflow, "dags", "test", "engagement_score", "2026-10-31"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-5000:]
    assert "DagRun Finished: dag_id=engagement_score" in log and "state=success" in log, log[-5000:]
    for task_id in ("wait_for_input", "score", "check_run", "is_maintenance_day", "maintain"):
        assert f"[DAG TEST] end task task_id={task_id}" in log, task_id
    assert "--from 2026-10-30 --to 2026-10-30" in log
    (summary_file,) = (tmp_path / "summaries" / "engagement_score").glob("*/try-1.json")
    summary = json.loads(summary_file.read_text())
    assert (summary["status"], summary["periods"], summary["rows_scored"]) == (
        "ok",
        ["2026-10-01..2026-10-31"],
        41,
    )
    rows = DeltaTable(str(tmp_path / "scores")).to_pyarrow_table().to_pylist()
    assert len(rows) == 41
    (acme,) = [r for r in rows if r["customer_id"] == "acme-145"]
    # DOMAIN.md's worked example: 30 logins + 4 x 10 + 5 x 5 + 1 x 50.
    assert str(acme["raw_score"]) == "145.000000"
    assert acme["tier"] == "power_user"
    audit = DeltaTable(str(tmp_path / "scores_runs")).to_pyarrow_table().to_pylist()
    assert {row["run_id"] for row in audit} == {summary["run_id"]}
    (maintain_file,) = (tmp_path / "summaries" / "engagement_score").glob("*/maintain-try-1.json")
    maintained = json.loads(maintain_file.read_text())
    assert maintained["status"] == "ok"
    assert {(t["setting"].split()[0], t["status"]) for t in maintained["tables"]} == {
        ("output.path", "maintained"),
        ("audit.path", "maintained"),
        ("rejects.path", "maintained"),
        ("restatements.path", "absent"),  # October was provisional: nothing restated
    }
    assert len(DeltaTable(str(tmp_path / "scores")).to_pyarrow_table()) == 41
    with sqlite3.connect(Path(os.environ["AIRFLOW_HOME"]) / "airflow.db") as db:
        events = db.execute(
            "SELECT a.uri, e.source_dag_id, e.source_task_id FROM asset_event e"
            " JOIN asset a ON a.id = e.asset_id ORDER BY a.uri"
        ).fetchall()
        states = db.execute(
            "SELECT task_id, state FROM task_instance WHERE dag_id = 'engagement_score'"
            " ORDER BY task_id"
        ).fetchall()
        queued = db.execute(
            "SELECT q.target_dag_id, a.uri FROM asset_dag_run_queue q"
            " JOIN asset a ON a.id = q.asset_id"
        ).fetchall()
    assert events == [
        (f"file://{tmp_path}/rejects", "engagement_score", "score"),
        (f"file://{tmp_path}/scores", "engagement_score", "score"),
        (f"file://{tmp_path}/scores_runs", "engagement_score", "score"),
    ]
    assert queued == [("engagement_score_bi_refresh", f"file://{tmp_path}/scores")]
    assert states == [
        ("check_maintenance", "success"),
        ("check_run", "success"),
        ("is_maintenance_day", "success"),
        ("maintain", "success"),
        ("score", "success"),
        ("wait_for_input", "success"),
    ]


# --- Lineage: the OpenLineage Spark listener --------------------------------------------------

LISTENER_CONF = [
    "--conf",
    "spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener",
]


def submit_options(argv):
    """The spark-submit options of an argv: everything between the master and --name."""
    return argv[argv.index("--master") + 2 : argv.index("--name")]


def test_lineage_is_off_by_default_and_then_nothing_is_injected(monkeypatch):
    # As if Airflow's [openlineage] spark_inject_* options were on, which become the operator's
    # defaults when the provider is imported: the DAG's setting decides.
    defaults = inspect.unwrap(SparkSubmitOperator.__init__).__kwdefaults__
    monkeypatch.setitem(defaults, "openlineage_inject_parent_job_info", True)
    monkeypatch.setitem(defaults, "openlineage_inject_transport_info", True)
    dag = load_dag(monkeypatch)

    for task_id in ("score", "maintain"):
        task = render_task(dag, task_id, *berlin_day(2026, 10, 25))
        assert task._openlineage_inject_parent_job_info is False
        assert task._openlineage_inject_transport_info is False
        assert submit_options(spark_submit_argv(task)) == [
            *SESSION_CONF,
            "--executor-memory",
            "4g",
            "--driver-memory",
            "2g",
        ]


def test_the_dags_listener_is_the_one_the_build_copies_and_the_lineage_test_runs():
    import engagement_score_runners

    version = engagement_score_runners.OPENLINEAGE_SPARK_VERSION
    assert f"<openlineage.version>{version}</openlineage.version>" in (ROOT / "pom.xml").read_text()


@pytest.mark.parametrize(
    ("line", "package"),
    [
        ("spark3.5", "io.openlineage:openlineage-spark_2.12:1.53.0"),
        ("spark4", "io.openlineage:openlineage-spark_2.13:1.53.0"),
    ],
)
def test_lineage_on_adds_the_listener_of_the_lines_scala_and_injects_the_run(
    monkeypatch, line, package
):
    dag = load_dag(monkeypatch, openlineage="true", spark_line=line)

    for task_id in ("score", "maintain"):
        task = render_task(dag, task_id, *berlin_day(2026, 10, 25))
        assert task._openlineage_inject_parent_job_info is True
        assert task._openlineage_inject_transport_info is True
        assert submit_options(spark_submit_argv(task)) == [
            *SESSION_CONF,
            *LISTENER_CONF,
            "--packages",
            package,
            "--executor-memory",
            "4g",
            "--driver-memory",
            "2g",
        ]


def test_lineage_with_a_listener_jar_ships_that_jar_instead_of_packages(monkeypatch):
    dag = load_dag(monkeypatch, openlineage="true", openlineage_jar="/opt/jars/ol.jar")

    task = render_task(dag, "score", *berlin_day(2026, 10, 25))

    assert submit_options(spark_submit_argv(task)) == [
        *SESSION_CONF,
        *LISTENER_CONF,
        "--jars",
        "/opt/jars/ol.jar",
        "--executor-memory",
        "4g",
        "--driver-memory",
        "2g",
    ]


def test_the_run_and_transport_are_injected_into_the_submitted_confs(monkeypatch):
    """What the provider adds when the task runs, with Airflow's OpenLineage on an HTTP backend
    (none needs to listen: nothing is sent here)."""
    monkeypatch.setenv(
        "AIRFLOW__OPENLINEAGE__TRANSPORT",
        '{"type": "http", "url": "http://marquez:5000", "endpoint": "api/v1/lineage"}',
    )
    dag = load_dag(monkeypatch, openlineage="true", maintain_day="off")
    task = render_task(dag, "score", *berlin_day(2026, 10, 25))
    submitted = []
    monkeypatch.setattr(
        type(task._get_hook()),
        "submit",
        lambda hook, application: submitted.append(hook._build_spark_submit_command(application)),
    )
    logical_date = pendulum.datetime(2026, 10, 25, 22, tz="UTC")
    dag_run = SimpleNamespace(
        conf={}, logical_date=logical_date, run_after=logical_date, clear_number=0
    )
    ti = SimpleNamespace(
        dag_id="engagement_score",
        task_id="score",
        try_number=1,
        map_index=-1,
        logical_date=logical_date,
        execution_date=logical_date,
        dag_run=dag_run,
        get_template_context=lambda: {"dag_run": dag_run},
    )

    task.execute({"ti": ti, "dag_run": dag_run})

    (argv,) = submitted
    confs = dict(argv[i + 1].split("=", 1) for i, arg in enumerate(argv) if arg == "--conf")
    run_id = confs.pop("spark.openlineage.parentRunId")
    root_run_id = confs.pop("spark.openlineage.rootParentRunId")
    assert confs == {
        "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.session.timeZone": "UTC",
        "spark.extraListeners": "io.openlineage.spark.agent.OpenLineageSparkListener",
        "spark.openlineage.parentJobNamespace": "default",
        "spark.openlineage.parentJobName": "engagement_score.score",
        "spark.openlineage.rootParentJobName": "engagement_score",
        "spark.openlineage.rootParentJobNamespace": "default",
        "spark.openlineage.transport.type": "http",
        "spark.openlineage.transport.url": "http://marquez:5000",
        "spark.openlineage.transport.endpoint": "api/v1/lineage",
        "spark.openlineage.transport.timeoutInMillis": "5000",
    }
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert re.fullmatch(uuid, run_id) and re.fullmatch(uuid, root_run_id)
    assert run_id != root_run_id


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"openlineage": "yes"},
            "ENGAGEMENT_SCORE_OPENLINEAGE is 'yes': set it to true or false.",
        ),
        (
            {"openlineage_jar": "/opt/jars/ol.jar"},
            "ENGAGEMENT_SCORE_OPENLINEAGE_JAR is set, but ENGAGEMENT_SCORE_OPENLINEAGE is not "
            "true: set ENGAGEMENT_SCORE_OPENLINEAGE=true to run the listener, or unset the jar.",
        ),
        (
            {
                "openlineage": "true",
                "runner": "databricks",
                "configs": "/Volumes/main/jobs/conf/prod.conf",
                "summary_dir": "s3a://b/summaries",
                "databricks_jar": "/Volumes/main/jobs/jars/engagement-score-spark3.5.jar",
                "databricks_cluster_id": "0101-abc",
            },
            "ENGAGEMENT_SCORE_OPENLINEAGE is true with ENGAGEMENT_SCORE_RUNNER=databricks: a "
            "Databricks cluster loads the OpenLineage listener from an init script, not from the "
            "run. Set the listener up on the cluster (docs/cluster.md, Databricks) and set "
            "ENGAGEMENT_SCORE_OPENLINEAGE=false.",
        ),
    ],
)
def test_bad_lineage_settings_fail_the_import_with_the_fix(monkeypatch, settings, message):
    assert message in import_errors(monkeypatch, **settings)


def test_lineage_without_the_openlineage_provider_fails_the_import_with_the_fix(monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "airflow.providers.openlineage" else find_spec(name, *a),
    )

    assert (
        "ENGAGEMENT_SCORE_OPENLINEAGE is true, but apache-airflow-providers-openlineage is not "
        "installed, so the tasks could not hand the listener their run and transport: install "
        "it where Airflow parses and runs the DAG (docs/airflow.md, Lineage), or set "
        "ENGAGEMENT_SCORE_OPENLINEAGE=false." in import_errors(monkeypatch, openlineage="true")
    )


# --- Databricks: the job as one-time runs of the thin jar -------------------------------------

DATABRICKS = {
    "runner": "databricks",
    "configs": "/Volumes/main/jobs/conf/prod.conf",
    "summary_dir": "s3a://b/summaries",
    "databricks_jar": "/Volumes/main/jobs/jars/engagement-score-spark3.5.jar",
}
NEW_CLUSTER = {"spark_version": "16.4.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2}


def test_the_databricks_score_task_submits_this_run(monkeypatch):
    dag = load_dag(
        monkeypatch,
        timezone=BERLIN,
        tables="rejects=s3a://lake/scores/rejects",
        pool="databricks",
        databricks_cluster_id="1205-093000-abcd1234",
        **DATABRICKS,
    )

    task = render_task(
        dag,
        "score",
        *berlin_day(2026, 10, 25),
        run_id="scheduled__2026-10-24T22:00:00+00:00",
        try_number=2,
    )

    assert type(task).__name__ == "DatabricksSubmitRunOperator"
    assert task.databricks_conn_id == "databricks_default"
    assert task.json == {
        "run_name": "engagement-score",
        "existing_cluster_id": "1205-093000-abcd1234",
        "spark_jar_task": {
            "main_class_name": "dev.engagement.score.ScoreJob",
            "parameters": [
                "--config",
                "/Volumes/main/jobs/conf/prod.conf",
                "--timezone",
                "Europe/Berlin",
                "--from",
                "2026-10-25",
                "--to",
                "2026-10-25",
                "--set",
                "output.path=s3a://lake/scores/engagement_scores",
                "--set",
                "audit.path=s3a://lake/scores/engagement_scores_runs",
                "--set",
                "rejects.path=s3a://lake/scores/rejects",
                "--summary",
                "s3a://b/summaries/engagement_score/scheduled__2026-10-24T22_00_00_00_00/try-2.json",
            ],
        },
        "libraries": [{"jar": "/Volumes/main/jobs/jars/engagement-score-spark3.5.jar"}],
        "timeout_seconds": 10800,
    }
    assert (task.pool, task.execution_timeout, task.retries) == (
        "databricks",
        timedelta(hours=3),
        2,
    )
    assert [asset.uri for asset in task.outlets] == [
        "s3://lake/scores/engagement_scores",
        "s3://lake/scores/engagement_scores_runs",
        "s3://lake/scores/rejects",
    ]
    # The same arguments spark-submit passes after the jar.
    spark = load_dag(monkeypatch, runner="spark-submit")
    argv = render_score_task(
        spark,
        *berlin_day(2026, 10, 25),
        run_id="scheduled__2026-10-24T22:00:00+00:00",
        try_number=2,
    )
    jar = argv.index("dev.engagement.score.ScoreJob") + 1
    assert argv[jar + 1 :] == task.json["spark_jar_task"]["parameters"]


def test_the_databricks_maintain_task_runs_on_a_new_cluster_of_the_spark4_line(monkeypatch):
    spark4 = {**NEW_CLUSTER, "spark_version": "17.3.x-scala2.13"}
    dag = load_dag(
        monkeypatch,
        spark_line="spark4",
        databricks_new_cluster=json.dumps(spark4),
        databricks_conn_id="databricks_prod",
        **{**DATABRICKS, "databricks_jar": "dbfs:/FileStore/jars/engagement-score-spark4.jar"},
    )

    task = render_task(dag, "maintain", *berlin_day(2026, 10, 25))

    assert task.databricks_conn_id == "databricks_prod"
    assert task.json == {
        "run_name": "engagement-score-maintain",
        "new_cluster": {
            "spark_version": "17.3.x-scala2.13",
            "node_type_id": "i3.xlarge",
            "num_workers": 2,
        },
        "spark_jar_task": {
            "main_class_name": "dev.engagement.score.ScoreJob",
            "parameters": [
                "maintain",
                "--config",
                "/Volumes/main/jobs/conf/prod.conf",
                "--set",
                "output.path=s3a://lake/scores/engagement_scores",
                "--set",
                "audit.path=s3a://lake/scores/engagement_scores_runs",
                "--summary",
                "s3a://b/summaries/engagement_score/scheduled__x/maintain-try-1.json",
            ],
        },
        "libraries": [{"jar": "dbfs:/FileStore/jars/engagement-score-spark4.jar"}],
        "timeout_seconds": 10800,
    }
    assert task.outlets == []
    assert dag.get_task("check_maintenance").upstream_task_ids == {"maintain"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"runner": "emr"},
            "ENGAGEMENT_SCORE_RUNNER is 'emr': set it to spark-submit (the default) or databricks.",
        ),
        (
            {**DATABRICKS, "configs": "", "databricks_cluster_id": "c1"},
            "ENGAGEMENT_SCORE_RUNNER is databricks, and ENGAGEMENT_SCORE_CONFIGS is not set: its "
            "default, /opt/es/conf/prod.conf, is on the Airflow worker. Set it to config files the "
            "cluster reads, e.g. /Volumes/main/jobs/conf/prod.conf or s3a://bucket/conf/prod.conf.",
        ),
        (
            {**DATABRICKS, "summary_dir": "/tmp/summaries", "databricks_cluster_id": "c1"},
            "ENGAGEMENT_SCORE_SUMMARY_DIR is '/tmp/summaries', but with ENGAGEMENT_SCORE_RUNNER="
            "databricks the job writes its summary on the cluster and check_run reads it here: set "
            "it to object storage both reach, e.g. s3a://bucket/engagement-score/summaries (or "
            "abfss://..., gs://...).",
        ),
        (
            {**DATABRICKS, "databricks_jar": "dbfs:/jars/engagement-score-spark3.5-all.jar"},
            "ENGAGEMENT_SCORE_DATABRICKS_JAR is 'dbfs:/jars/engagement-score-spark3.5-all.jar': "
            "set it to where you uploaded the spark3.5 line's thin jar, "
            "target/engagement-score-spark3.5.jar (the runtime provides Spark and Delta; the "
            "-all jar would bring a second Delta), e.g. "
            "/Volumes/main/jobs/jars/engagement-score-spark3.5.jar or "
            "dbfs:/FileStore/jars/engagement-score-spark3.5.jar.",
        ),
        (
            {**DATABRICKS, "databricks_jar": ""},
            "ENGAGEMENT_SCORE_DATABRICKS_JAR is '': set it to where you uploaded",
        ),
        (
            DATABRICKS,
            "ENGAGEMENT_SCORE_RUNNER is databricks: set exactly one of "
            "ENGAGEMENT_SCORE_DATABRICKS_CLUSTER_ID (an existing cluster's id) and "
            "ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER (a new_cluster spec as JSON, e.g. "
            '{"spark_version": "16.4.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2}'
            "); neither is set.",
        ),
        (
            {**DATABRICKS, "databricks_cluster_id": "c1", "databricks_new_cluster": "{}"},
            "ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER (a new_cluster spec as JSON, e.g. "
            '{"spark_version": "16.4.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2}'
            "); both are set.",
        ),
        (
            {**DATABRICKS, "databricks_new_cluster": "spark_version=16.4.x-scala2.12"},
            "ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER is 'spark_version=16.4.x-scala2.12', not a "
            "JSON object: give the Jobs API's new_cluster spec, e.g. ",
        ),
        (
            {**DATABRICKS, "databricks_new_cluster": '{"spark_version": "17.3.x-scala2.13"}'},
            "ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER's spark_version is '17.3.x-scala2.13', a "
            "Scala 2.13 runtime, but the spark3.5 line's jar is built for Scala 2.12: use a Scala "
            "2.12 runtime (e.g. 16.4.x-scala2.12) or the line of the runtime "
            "(ENGAGEMENT_SCORE_SPARK_LINE).",
        ),
    ],
)
def test_bad_databricks_settings_fail_the_import_with_the_fix(monkeypatch, settings, message):
    assert message in import_errors(monkeypatch, home="/opt/es", **settings)


def test_databricks_without_its_provider_fails_the_import_with_the_fix(monkeypatch):
    # As if not installed: Python refuses to import a module set to None in sys.modules.
    monkeypatch.setitem(sys.modules, "airflow.providers.databricks.operators.databricks", None)

    errors = import_errors(monkeypatch, databricks_cluster_id="c1", **DATABRICKS)

    assert (
        "ENGAGEMENT_SCORE_RUNNER is databricks, but apache-airflow-providers-databricks is not "
        "installed (import of airflow.providers.databricks.operators.databricks halted; None in "
        "sys.modules): install it where Airflow parses and runs the DAG (docs/airflow.md, "
        "Databricks), or set ENGAGEMENT_SCORE_RUNNER=spark-submit." in errors
    )
