"""The Airflow DAG, with real Airflow: parsing, schedule, rendered spark-submit, checks, a full run.

Run in the Airflow venv (src/test/python/requirements-airflow.txt) with SPARK_HOME pointing at a
Spark 3.5 distribution (the pyspark package of the Spark venv); jobs/test sets both up.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pendulum
import pytest
from airflow.exceptions import AirflowException
from airflow.timetables.base import DataInterval, TimeRestriction
from deltalake import DeltaTable

try:  # Airflow 3
    from airflow.dag_processing.dagbag import DagBag
    from airflow.serialization.decoders import decode_timetable
    from airflow.serialization.encoders import encode_timetable

    def scheduler_timetable(dag):
        """The timetable as the scheduler sees it: the DAG's, serialized and decoded."""
        return decode_timetable(encode_timetable(dag.timetable))

except ImportError:  # Airflow 2: the DAG holds the scheduler's timetable itself
    from airflow.models.dagbag import DagBag

    def scheduler_timetable(dag):
        return dag.timetable


ROOT = Path(__file__).resolve().parents[4]
DAGS = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
JAR = ROOT / "target" / "engagement-score-spark3.5-all.jar"
BERLIN = "Europe/Berlin"


@pytest.fixture(autouse=True)
def no_deployment_settings(monkeypatch):
    for name in list(os.environ):
        if name.startswith("ENGAGEMENT_SCORE_"):
            monkeypatch.delenv(name)


def load_dag(monkeypatch, **settings):
    """The DAG as Airflow parses it, with ENGAGEMENT_SCORE_<KEY> environment settings."""
    for key, value in settings.items():
        monkeypatch.setenv(f"ENGAGEMENT_SCORE_{key.upper()}", value)
    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}, "DAG import errors"
    return bag.dags["engagement_score"]


def _module_of(dag):
    """The parsed DAG file as a module, for its check functions."""
    (module,) = [m for m in list(sys.modules.values()) if vars(m).get("dag") is dag]
    return module


def berlin_day(year, month, day):
    """The data interval of one Berlin day, as the scheduler hands it over (in UTC)."""
    start = pendulum.datetime(year, month, day, tz=BERLIN)
    return start.in_timezone("UTC"), start.add(days=1).in_timezone("UTC")


def render_score_task(dag, start, end, run_id="scheduled__x", try_number=1):
    """The spark-submit argv the score task runs for one data interval."""
    task = dag.get_task("score")
    context = {
        "data_interval_start": start,
        "data_interval_end": end,
        "run_id": run_id,
        "ti": SimpleNamespace(try_number=try_number),
        "dag": dag,
    }
    task.render_template_fields(context, jinja_env=dag.get_template_env())
    return task._get_hook()._build_spark_submit_command(task.application)


def test_the_dag_parses_with_its_tasks_and_defaults(monkeypatch):
    dag = load_dag(monkeypatch)

    assert sorted(dag.task_ids) == ["check_run", "score"]
    assert dag.get_task("check_run").upstream_task_ids == {"score"}
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout == timedelta(hours=6)
    assert set(dag.tags) == {"engagement-score", "spark", "delta"}
    score = dag.get_task("score")
    assert (score.retries, score.retry_delay) == (2, timedelta(minutes=10))
    assert score.execution_timeout == timedelta(hours=3)


def test_a_bad_catchup_setting_fails_the_import_with_the_fix(monkeypatch):
    monkeypatch.setenv("ENGAGEMENT_SCORE_CATCHUP", "yes")

    errors = DagBag(dag_folder=str(DAGS)).import_errors

    assert "ENGAGEMENT_SCORE_CATCHUP is 'yes': set it to true or false." in "".join(errors.values())
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
    monkeypatch.setenv("ENGAGEMENT_SCORE_SPARK_LINE", "4")

    errors = "".join(DagBag(dag_folder=str(DAGS)).import_errors.values())

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
        "--conf",
        "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
        "--conf",
        "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "--conf",
        "spark.sql.session.timeZone=UTC",
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

    dag = load_dag(monkeypatch, alerts="true")

    assert sorted(dag.task_ids) == ["check_alerts", "check_run", "notify_alerts", "score"]
    assert dag.get_task("check_alerts").upstream_task_ids == {"check_run"}
    assert dag.get_task("notify_alerts").upstream_task_ids == {"check_alerts"}
    assert type(dag.get_task("check_alerts")).__name__ == "ShortCircuitOperator"


def test_a_bad_alerts_callback_fails_the_import_with_the_fix(monkeypatch):
    monkeypatch.setenv("ENGAGEMENT_SCORE_ALERTS_CALLBACK", "notify_slack")

    errors = DagBag(dag_folder=str(DAGS)).import_errors

    assert (
        "ENGAGEMENT_SCORE_ALERTS_CALLBACK is 'notify_slack': set it to module:function, e.g."
        " my_company.alerts:notify_slack." in "".join(errors.values())
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


def test_a_full_dag_run_scores_the_example_data(tmp_path):
    """`airflow dags test` with the real provider and spark-submit, on examples/data."""
    assert JAR.exists(), f"{JAR} is missing: run `mvn package` first"
    assert os.environ.get("SPARK_HOME"), "SPARK_HOME must point at a Spark 3.5 distribution"
    overlay = tmp_path / "test.conf"
    overlay.write_text(
        f'engagement {{\n  output.path = "{tmp_path}/scores"\n'
        f'  rejects.path = "{tmp_path}/rejects"\n}}\n'
    )
    properties = tmp_path / "spark.properties"
    properties.write_text("spark.sql.shuffle.partitions 4\nspark.ui.enabled false\n")
    env = {
        **os.environ,
        "PATH": f"{os.environ['SPARK_HOME']}/bin:{os.environ['PATH']}",
        "ENGAGEMENT_SCORE_TIMEZONE": BERLIN,
        "ENGAGEMENT_SCORE_CONFIGS": f"conf/example.conf,{overlay}",
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
    for task_id in ("wait_for_input", "score", "check_run"):
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
