"""Scores engagement every day: wait for the day's events, spark-submit the job, check its summary;
once a week, then compact and vacuum the tables the run wrote (the job's maintain command).

Each run scores every period overlapping its data interval, in the business time zone: with the
default daily schedule that is the period containing the interval's day (the month to date, for
``period = month``); a weekly or monthly schedule whose interval crosses a period boundary scores
both periods. Scoring a period replaces it: retries, reruns and ``airflow dags backfill`` are safe.
A manual run can score any range instead: trigger it with the params ``from`` and ``to``.

The score task declares the tables the run writes as its outlets (assets; datasets on Airflow 2),
so that DAGs scheduled on them run after each successful run (engagement_score_bi_refresh_dag.py).

Deployment settings come from environment variables read when the DAG file is parsed (cheap, no
metadata-database access); the job's own settings live in its ``--config`` files:

ENGAGEMENT_SCORE_OUTPUT         the score table (required), passed to the job as output.path, or
                                databricks://<host>/<catalog>/<schema>/<table>: a managed table
ENGAGEMENT_SCORE_TABLES         companion tables, name=path,...: passed to the job as <name>.path
                                and declared with the score table (see engagement_score_tables.py)
ENGAGEMENT_SCORE_HOME           directory holding target/ and conf/ (default: this repository)
ENGAGEMENT_SCORE_SPARK_LINE     spark3.5 or spark4: the Spark line of the cluster, which picks the
                                jar built for it (default: spark3.5)
ENGAGEMENT_SCORE_JAR            application jar (default: the line's jar with Delta bundled,
                                $HOME/target/engagement-score-spark3.5-all.jar, or
                                $HOME/target/spark4/engagement-score-spark4-all.jar)
ENGAGEMENT_SCORE_ENV            environment whose overlay is used (default: prod)
ENGAGEMENT_SCORE_CONFIGS        comma-separated config files, HOCON, any Hadoop path (local,
                                s3a://, abfss://...), later wins (default: $HOME/conf/$ENV.conf)
ENGAGEMENT_SCORE_SCHEDULE       cron expression in the business zone (default: 0 0 * * *)
ENGAGEMENT_SCORE_TIMEZONE       business time zone; also passed to the job (default: UTC)
ENGAGEMENT_SCORE_START_DATE     first interval's day (default: 2026-01-01)
ENGAGEMENT_SCORE_CATCHUP        true: score every missed interval (default: false)
ENGAGEMENT_SCORE_SPARK_CONN_ID  Spark connection: master, deploy mode (default: spark_default)
ENGAGEMENT_SCORE_DRIVER_MEMORY / ENGAGEMENT_SCORE_EXECUTOR_MEMORY   (default: 2g / 4g)
ENGAGEMENT_SCORE_PROPERTIES_FILE   spark-submit --properties-file with cluster confs (object-store
                                jars and settings, shuffle partitions); replaces spark-defaults.conf
ENGAGEMENT_SCORE_INPUT_READY    path template whose existence means the input is complete, e.g.
                                s3://lake/events/event_date={{ last_utc_date(data_interval_end) }}
                                (empty: no pre-check task)
ENGAGEMENT_SCORE_SUMMARY_DIR    where the job writes its run summary for the post-check; must be
                                shared storage (s3a://...) when the driver runs on the cluster
                                (default: <temp dir>/engagement-score/summaries)
ENGAGEMENT_SCORE_ALERTS         true: after the check, run notify_alerts when the run summary
                                counts alerts of the transitions table (default: false)
ENGAGEMENT_SCORE_ALERTS_CALLBACK  module:function that notify_alerts calls with the counts and
                                the summary (default: log_alerts, one log line)
ENGAGEMENT_SCORE_POOL           Airflow pool the spark-submit tasks (score, maintain) run in
                                (default: default_pool)
ENGAGEMENT_SCORE_FAILURE_CALLBACK  module:function called with the context when a task fails for
                                good (after its retries) (default: none)
ENGAGEMENT_SCORE_MAINTAIN_DAY   weekday (mon..sun) of the weekly maintenance: a run whose data
                                interval's last business day is that day then runs the job's
                                maintain command (OPTIMIZE, VACUUM) on the same tables, after the
                                check; off: no maintenance tasks (default: sun)
ENGAGEMENT_SCORE_OPENLINEAGE    true: the spark-submit tasks run the job with the OpenLineage Spark
                                listener and hand it this task's run (parent job) and Airflow's
                                OpenLineage transport; needs apache-airflow-providers-openlineage
                                (default: false)
ENGAGEMENT_SCORE_OPENLINEAGE_JAR  the listener jar (a path or URL spark-submit reads) instead of
                                --packages from Maven Central (default: --packages)
ENGAGEMENT_SCORE_RUNNER         spark-submit, or databricks: score and maintain are Databricks
                                one-time runs (DatabricksSubmitRunOperator, spark_jar_task) of the
                                thin jar (default: spark-submit)
ENGAGEMENT_SCORE_DATABRICKS_JAR        databricks: where the line's thin jar is uploaded
                                (dbfs:/..., /Volumes/..., s3://...) (required with databricks)
ENGAGEMENT_SCORE_DATABRICKS_CLUSTER_ID databricks: an existing cluster to run on, or
ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER databricks: a new_cluster spec, JSON (one of the two)
ENGAGEMENT_SCORE_DATABRICKS_CONN_ID    databricks: the connection (default: databricks_default)
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pendulum

try:  # Airflow 3
    from airflow.providers.standard.operators.python import PythonOperator, ShortCircuitOperator
    from airflow.providers.standard.sensors.python import PythonSensor
    from airflow.sdk import DAG, CronDataIntervalTimetable, ObjectStoragePath, Param
    from airflow.sdk.exceptions import AirflowFailException
except ImportError:  # Airflow 2.9 / 2.10
    from airflow import DAG
    from airflow.exceptions import AirflowFailException
    from airflow.io.path import ObjectStoragePath
    from airflow.models.param import Param
    from airflow.operators.python import PythonOperator, ShortCircuitOperator
    from airflow.sensors.python import PythonSensor
    from airflow.timetables.interval import CronDataIntervalTimetable
from airflow.exceptions import AirflowException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from engagement_score_runners import LINES, databricks, lineage
from engagement_score_tables import flag, setting, tables

DAG_ID = "engagement_score"
MAIN_CLASS = "dev.engagement.score.ScoreJob"
# Statuses a successful job reports; "skipped" is an empty period under on_empty = skip.
GOOD_STATUSES = ("ok", "skipped")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
log = logging.getLogger(__name__)


def _weekday_setting(name: str, default: str) -> str:
    """A weekday (mon..sun) or off."""
    value = setting(name, default)
    day = value.strip().lower()
    if day not in (*WEEKDAYS, "off"):
        raise ValueError(
            f"ENGAGEMENT_SCORE_{name} is {value!r}: set it to a weekday ({', '.join(WEEKDAYS)}) "
            "or to off."
        )
    return day


def _callback_setting(name: str, example: str) -> str:
    """A module:function setting, checked now; the function is imported only when called."""
    value = setting(name)
    if value and not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", value):
        raise ValueError(
            f"ENGAGEMENT_SCORE_{name} is {value!r}: set it to module:function, e.g. {example}."
        )
    return value


def _import_callback(name: str, value: str):
    """The function a _callback_setting names, imported on the worker when it is needed."""
    module, function = value.split(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as e:
        raise ImportError(
            f"ENGAGEMENT_SCORE_{name} is {value!r}, which cannot be imported ({e}): install the "
            "module where the tasks run, or fix the setting."
        ) from e


HOME = Path(setting("HOME", str(Path(__file__).resolve().parents[2])))
ENV = setting("ENV", "prod")


SPARK_LINE = setting("SPARK_LINE", "spark3.5")
if SPARK_LINE not in LINES:
    raise ValueError(
        f"ENGAGEMENT_SCORE_SPARK_LINE is {SPARK_LINE!r}: "
        "set it to spark3.5 (the default) or spark4."
    )
LINE = LINES[SPARK_LINE]
JAR = setting("JAR", str(HOME / LINE.jar))
CONFIGS = [c.strip() for c in setting("CONFIGS", str(HOME / "conf" / f"{ENV}.conf")).split(",")]
SCHEDULE = setting("SCHEDULE", "0 0 * * *")
TIMEZONE = setting("TIMEZONE", "UTC")
START_DATE = setting("START_DATE", "2026-01-01")
CATCHUP = flag("CATCHUP", "false")
SPARK_CONN_ID = setting("SPARK_CONN_ID", "spark_default")
DRIVER_MEMORY = setting("DRIVER_MEMORY", "2g")
EXECUTOR_MEMORY = setting("EXECUTOR_MEMORY", "4g")
PROPERTIES_FILE = setting("PROPERTIES_FILE", "") or None
INPUT_READY = setting("INPUT_READY", "")
SUMMARY_DIR = setting(
    "SUMMARY_DIR", str(Path(tempfile.gettempdir()) / "engagement-score" / "summaries")
)
ALERTS = flag("ALERTS", "false")
ALERTS_CALLBACK = _callback_setting("ALERTS_CALLBACK", "my_company.alerts:notify_slack")
FAILURE_CALLBACK = _callback_setting("FAILURE_CALLBACK", "my_company.alerts:page_on_call")
POOL = setting("POOL") or None
MAINTAIN_DAY = _weekday_setting("MAINTAIN_DAY", "sun")
TABLES = tables()
# The arguments every job command gets: its config files, and the tables the outlets name, so
# that the job writes (and maintains) exactly those: these settings win over the config files'.
CONFIG_ARGS = [arg for config in CONFIGS for arg in ("--config", config)]
TABLE_ARGS = [arg for table in TABLES.values() for arg in table.args]

# A job run that hangs is killed (and retried) well before the next day's run is due.
JOB_TIMEOUT = timedelta(hours=3)
RUNNER = setting("RUNNER", "spark-submit").strip().lower()
if RUNNER not in ("spark-submit", "databricks"):
    raise ValueError(
        f"ENGAGEMENT_SCORE_RUNNER is {setting('RUNNER')!r}: set it to spark-submit (the default) "
        "or databricks."
    )

LINEAGE_SUBMIT_ARGS, LINEAGE_CONF = lineage(RUNNER, LINE)
DATABRICKS = databricks(LINE, SPARK_LINE, CONFIGS, SUMMARY_DIR) if RUNNER == "databricks" else None


def manual_range(params) -> tuple[str, str] | None:
    """The dates of the params ``from`` and ``to`` of a manual run, or None (the data interval).
    Airflow has checked each is a date or empty; a half-given or reversed range fails the task
    without retries."""
    first, last = params.get("from"), params.get("to")
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise AirflowFailException(
            f"The params give from={first} and to={last}: give both dates, e.g. from=2026-01-01 "
            "to=2026-03-31, or neither to score the run's data interval."
        )
    if first > last:  # ISO dates sort as text
        raise AirflowFailException(f"The param from={first} is after to={last}: swap them.")
    return first, last


def score_from(params, data_interval_start) -> str:
    """The manual run's ``from``, else the business day the data interval starts on."""
    if dates := manual_range(params):
        return dates[0]
    return data_interval_start.in_timezone(TIMEZONE).to_date_string()


def last_business_day(data_interval_start, data_interval_end) -> date:
    """The business day holding the interval's last instant (the end itself is exclusive)."""
    last = max(data_interval_start, data_interval_end - timedelta(microseconds=1))
    return last.in_timezone(TIMEZONE).date()


def score_to(params, data_interval_start, data_interval_end) -> str:
    """The manual run's ``to``, else the interval's last business day."""
    if dates := manual_range(params):
        return dates[1]
    return last_business_day(data_interval_start, data_interval_end).isoformat()


def maintenance_day(data_interval_start, data_interval_end) -> bool:
    """Short-circuit: go on to maintain only when the interval's last business day (the day a
    scheduled run scores) is MAINTAIN_DAY. A manual run's from/to do not count: maintenance keeps
    to the calendar, and maintaining twice in a week only costs a little time."""
    day = last_business_day(data_interval_start, data_interval_end)
    weekday = WEEKDAYS[day.isoweekday() - 1]
    log.info(
        "The run's business day %s is a %s; maintenance runs on %s.", day, weekday, MAINTAIN_DAY
    )
    return weekday == MAINTAIN_DAY


def last_utc_date(data_interval_end) -> str:
    """The UTC date of the interval's last instant: the last event_date partition it needs."""
    return (data_interval_end - timedelta(microseconds=1)).in_timezone("UTC").to_date_string()


def path_safe(text: str) -> str:
    """Run ids hold ':' and '+', which Hadoop paths reject."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def _storage_path(path: str) -> ObjectStoragePath:
    # Spark's s3a:// is fsspec's s3://; a bare path is local.
    if "://" not in path:
        path = "file://" + str(Path(path).resolve())
    return ObjectStoragePath(re.sub(r"^s3a://", "s3://", path))


def input_ready(path: str) -> bool:
    """Pre-check: the input partition exists."""
    return _storage_path(path).exists()


def check_summary(path: str, statuses: tuple[str, ...] = GOOD_STATUSES) -> dict:
    """Post-check: this try's summary exists and reports success, one of ``statuses``; returns it
    (as the XCom)."""
    file = _storage_path(path)
    if not file.exists():
        raise AirflowException(
            f"No run summary at {path}: the job ended without writing it. In cluster deploy mode "
            "set ENGAGEMENT_SCORE_SUMMARY_DIR to storage the driver and Airflow both reach."
        )
    text = file.read_text()
    try:
        summary = json.loads(text)
    except ValueError as e:
        raise AirflowException(f"The run summary at {path} is not JSON: {text[:200]!r}") from e
    if summary.get("status") not in statuses:
        raise AirflowException(f"The run summary at {path} reports a bad run: {text.strip()}")
    return summary


def alert_counts(summary: dict | None) -> dict[str, int]:
    """The alert rules that fired in the run, with their row counts (summary key ``alerts``,
    present when the job writes the transitions table)."""
    return {rule: n for rule, n in ((summary or {}).get("alerts") or {}).items() if n > 0}


def alerts_fired(ti) -> bool:
    """Branch: go on to notify_alerts only when an alert rule fired; skip it otherwise."""
    return bool(alert_counts(ti.xcom_pull(task_ids="check_run")))


def log_alerts(alerts: dict[str, int], summary: dict) -> None:
    """The default notification: one log line. Replace it with ENGAGEMENT_SCORE_ALERTS_CALLBACK."""
    log.warning(
        "Engagement alerts in run %s for %s: %s",
        summary.get("run_id"),
        ", ".join(summary.get("periods", [])),
        ", ".join(f"{rule} {n}" for rule, n in alerts.items()),
    )


def notify_alerts(ti) -> None:
    """Calls the configured callback, imported now rather than when the DAG file is parsed."""
    summary = ti.xcom_pull(task_ids="check_run")
    callback = log_alerts
    if ALERTS_CALLBACK:
        callback = _import_callback("ALERTS_CALLBACK", ALERTS_CALLBACK)
    callback(alert_counts(summary), summary)


def on_failure(context) -> None:
    """Calls ENGAGEMENT_SCORE_FAILURE_CALLBACK with the failed task's context."""
    _import_callback("FAILURE_CALLBACK", FAILURE_CALLBACK)(context)


# Each try of each job command writes its own summary, in one directory per DAG run.
SUMMARY_RUN_DIR = SUMMARY_DIR.rstrip("/") + "/{{ dag.dag_id }}/{{ run_id | path_safe }}/"
SUMMARY_PATH = SUMMARY_RUN_DIR + "try-{{ ti.try_number }}.json"
MAINTAIN_SUMMARY_PATH = SUMMARY_RUN_DIR + "maintain-try-{{ ti.try_number }}.json"


def job_task(task_id: str, name: str, application_args: list[str], **kwargs):
    """A run of the job with these arguments, as ENGAGEMENT_SCORE_RUNNER says: a spark-submit
    (the same connection, jar, confs and memory for every command) or a Databricks one-time run
    of the thin jar on the configured cluster. The same pool and timeout either way."""
    if DATABRICKS:
        return DATABRICKS.operator(
            task_id=task_id,
            databricks_conn_id=DATABRICKS.conn_id,
            # The Jobs API's runs/submit payload (templated: the dates are rendered per run).
            json={
                "run_name": name,
                **DATABRICKS.cluster,
                "spark_jar_task": {"main_class_name": MAIN_CLASS, "parameters": application_args},
                "libraries": [{"jar": DATABRICKS.jar}],
                # Databricks stops the run too, not only Airflow's wait for it.
                "timeout_seconds": int(JOB_TIMEOUT.total_seconds()),
            },
            pool=POOL,
            execution_timeout=JOB_TIMEOUT,
            **kwargs,
        )
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=JAR,
        java_class=MAIN_CLASS,
        name=name,
        conf={
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.sql.session.timeZone": "UTC",
            **LINEAGE_CONF,
        },
        driver_memory=DRIVER_MEMORY,
        executor_memory=EXECUTOR_MEMORY,
        properties_file=PROPERTIES_FILE,
        application_args=application_args,
        pool=POOL,
        execution_timeout=JOB_TIMEOUT,
        **LINEAGE_SUBMIT_ARGS,
        **kwargs,
    )


with DAG(
    dag_id=DAG_ID,
    description="Weighted engagement scores per customer and period, written to a Delta table",
    doc_md=__doc__,
    # Not the cron default: Airflow 3 turns a cron string into a CronTriggerTimetable, whose data
    # interval is empty; this gives each run the day (in the business zone) it scores.
    schedule=CronDataIntervalTimetable(SCHEDULE, timezone=TIMEZONE),
    start_date=pendulum.parse(START_DATE, tz=TIMEZONE),
    catchup=CATCHUP,
    # One run at a time: runs of the same period would replace each other's output.
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    user_defined_macros={
        "score_from": score_from,
        "score_to": score_to,
        "last_utc_date": last_utc_date,
    },
    user_defined_filters={"path_safe": path_safe},
    # A manual run with both dates scores that range (in the business time zone) instead of its
    # data interval; scheduled runs leave them empty.
    params={
        "from": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Manual runs: the first business day to score (with to). Empty: the "
            "run's data interval.",
        ),
        "to": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Manual runs: the last business day to score, included (with from).",
        ),
    },
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "on_failure_callback": on_failure if FAILURE_CALLBACK else None,
    },
    tags=["engagement-score", "spark", "delta"],
) as dag:
    score = job_task(
        "score",
        "engagement-score",
        [
            *CONFIG_ARGS,
            "--timezone",
            TIMEZONE,
            "--from",
            "{{ score_from(params, data_interval_start) }}",
            "--to",
            "{{ score_to(params, data_interval_start, data_interval_end) }}",
            *TABLE_ARGS,
            "--summary",
            SUMMARY_PATH,
        ],
        outlets=[table.asset for table in TABLES.values()],
    )

    post_check = PythonOperator(
        task_id="check_run",
        python_callable=check_summary,
        op_kwargs={"path": SUMMARY_PATH},
        retries=0,
    )
    score >> post_check

    if ALERTS:
        has_alerts = ShortCircuitOperator(
            task_id="check_alerts",
            python_callable=alerts_fired,
            retries=0,
        )
        notify = PythonOperator(
            task_id="notify_alerts",
            python_callable=notify_alerts,
        )
        post_check >> has_alerts >> notify

    if MAINTAIN_DAY != "off":
        # In the scoring run, after its check: OPTIMIZE and VACUUM must not run while a run writes
        # the same tables (Delta conflicts), and max_active_runs = 1 keeps the next run out.
        is_maintenance_day = ShortCircuitOperator(
            task_id="is_maintenance_day",
            python_callable=maintenance_day,
            retries=0,
        )
        # No outlets: maintenance changes no rows, so downstream DAGs have nothing to refresh.
        # Retried like score (default_args): OPTIMIZE and VACUUM are safe to repeat.
        maintain = job_task(
            "maintain",
            "engagement-score-maintain",
            ["maintain", *CONFIG_ARGS, *TABLE_ARGS, "--summary", MAINTAIN_SUMMARY_PATH],
        )
        check_maintenance = PythonOperator(
            task_id="check_maintenance",
            python_callable=check_summary,
            op_kwargs={"path": MAINTAIN_SUMMARY_PATH, "statuses": ("ok",)},
            retries=0,
        )
        post_check >> is_maintenance_day >> maintain >> check_maintenance

    if INPUT_READY:
        wait_for_input = PythonSensor(
            task_id="wait_for_input",
            python_callable=input_ready,
            op_kwargs={"path": INPUT_READY},
            mode="reschedule",
            poke_interval=timedelta(minutes=10),
            timeout=timedelta(hours=4),
            retries=0,
        )
        wait_for_input >> score
