"""How the DAG runs the job: the Spark lines' builds, the OpenLineage listener in the spark-submit
tasks (ENGAGEMENT_SCORE_OPENLINEAGE, _OPENLINEAGE_JAR) and Databricks one-time runs of the thin jar
(ENGAGEMENT_SCORE_RUNNER=databricks, ENGAGEMENT_SCORE_DATABRICKS_*): settings read and checked
when the DAG file is parsed (engagement_score_dag.py lists them all; docs/airflow.md)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import NamedTuple

from engagement_score_tables import flag, setting


class Line(NamedTuple):
    """What a Spark line's build makes (README, "Spark lines"; jobs/spark-line does the same)."""

    jar: Path  # the job with Delta bundled, for spark-submit
    thin_jar: Path  # the job alone, for runtimes that provide Delta (Databricks)
    scala: str  # its Spark's Scala version, for Scala-suffixed packages
    databricks_runtime: str  # a Databricks runtime of that Spark and Scala, for examples


LINES = {
    "spark3.5": Line(
        Path("target/engagement-score-spark3.5-all.jar"),
        Path("target/engagement-score-spark3.5.jar"),
        "2.12",
        "16.4.x-scala2.12",
    ),
    "spark4": Line(
        Path("target/spark4/engagement-score-spark4-all.jar"),
        Path("target/spark4/engagement-score-spark4.jar"),
        "2.13",
        "17.3.x-scala2.13",
    ),
}


# --- Lineage: the OpenLineage Spark listener in the spark-submit tasks -------------------------
# The listener's version, the one the job's lineage test runs (docs/airflow.md, "Lineage").
OPENLINEAGE_SPARK_VERSION = "1.53.0"


def _lineage_submit_args(runner: str, line: Line) -> dict:
    """The SparkSubmitOperator arguments of the lineage setting besides the listener's conf. On:
    the listener's jar and the provider's injection of this task's run (parent job) and Airflow's
    OpenLineage transport. Off: no injection, whatever Airflow's [openlineage] spark_inject_*
    options say."""
    on, jar = flag("OPENLINEAGE", "false"), setting("OPENLINEAGE_JAR")
    if not on:
        if jar:
            raise ValueError(
                "ENGAGEMENT_SCORE_OPENLINEAGE_JAR is set, but ENGAGEMENT_SCORE_OPENLINEAGE is not "
                "true: set ENGAGEMENT_SCORE_OPENLINEAGE=true to run the listener, or unset the jar."
            )
        return {
            "openlineage_inject_parent_job_info": False,
            "openlineage_inject_transport_info": False,
        }
    if runner != "spark-submit":
        raise ValueError(
            "ENGAGEMENT_SCORE_OPENLINEAGE is true with ENGAGEMENT_SCORE_RUNNER=databricks: a "
            "Databricks cluster loads the OpenLineage listener from an init script, not from the "
            "run. Set the listener up on the cluster (docs/cluster.md, Databricks) and set "
            "ENGAGEMENT_SCORE_OPENLINEAGE=false."
        )
    if importlib.util.find_spec("airflow.providers.openlineage") is None:
        raise ValueError(
            "ENGAGEMENT_SCORE_OPENLINEAGE is true, but apache-airflow-providers-openlineage is not "
            "installed, so the tasks could not hand the listener their run and transport: install "
            "it where Airflow parses and runs the DAG (docs/airflow.md, Lineage), or set "
            "ENGAGEMENT_SCORE_OPENLINEAGE=false."
        )
    package = f"io.openlineage:openlineage-spark_{line.scala}:{OPENLINEAGE_SPARK_VERSION}"
    return {
        **({"jars": jar} if jar else {"packages": package}),
        "openlineage_inject_parent_job_info": True,
        "openlineage_inject_transport_info": True,
    }


def lineage(runner: str, line: Line) -> tuple[dict, dict]:
    """ENGAGEMENT_SCORE_OPENLINEAGE's SparkSubmitOperator arguments and Spark conf."""
    args = _lineage_submit_args(runner, line)
    listener = {"spark.extraListeners": "io.openlineage.spark.agent.OpenLineageSparkListener"}
    return args, listener if args["openlineage_inject_parent_job_info"] else {}


# --- Databricks: score and maintain as one-time runs of the thin jar ---------------------------
class Databricks(NamedTuple):
    """The Databricks settings, checked when the DAG is parsed."""

    operator: type  # DatabricksSubmitRunOperator
    conn_id: str
    jar: str
    cluster: dict  # {"existing_cluster_id": ...} or {"new_cluster": {...}}


def _databricks_operator() -> type:
    try:
        from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator
    except ImportError as e:
        raise ImportError(
            "ENGAGEMENT_SCORE_RUNNER is databricks, but apache-airflow-providers-databricks is not "
            f"installed ({e}): install it where Airflow parses and runs the DAG (docs/airflow.md, "
            "Databricks), or set ENGAGEMENT_SCORE_RUNNER=spark-submit."
        ) from e
    return DatabricksSubmitRunOperator


def _databricks_jar(line: Line, spark_line: str) -> str:
    """Where the line's thin jar is: the runtime provides Spark and Delta."""
    jar, thin = setting("DATABRICKS_JAR"), line.thin_jar.name
    if not jar.endswith(".jar") or jar.endswith("-all.jar"):
        raise ValueError(
            f"ENGAGEMENT_SCORE_DATABRICKS_JAR is {jar!r}: set it to where you uploaded the "
            f"{spark_line} line's thin jar, {line.thin_jar} (the runtime provides Spark and Delta; "
            f"the -all jar would bring a second Delta), e.g. /Volumes/main/jobs/jars/{thin} or "
            f"dbfs:/FileStore/jars/{thin}."
        )
    return jar


def _databricks_cluster(line: Line, spark_line: str) -> dict:
    """The run's cluster: an existing one, or a new one for the run, on the line's Scala."""
    cluster_id, spec = setting("DATABRICKS_CLUSTER_ID"), setting("DATABRICKS_NEW_CLUSTER")
    example = (
        f'{{"spark_version": "{line.databricks_runtime}", "node_type_id": "i3.xlarge", '
        '"num_workers": 2}'
    )
    if bool(cluster_id) == bool(spec):
        raise ValueError(
            "ENGAGEMENT_SCORE_RUNNER is databricks: set exactly one of "
            "ENGAGEMENT_SCORE_DATABRICKS_CLUSTER_ID (an existing cluster's id) and "
            "ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER (a new_cluster spec as JSON, e.g. "
            f"{example}); {'both are' if cluster_id else 'neither is'} set."
        )
    if cluster_id:
        return {"existing_cluster_id": cluster_id}
    try:
        new_cluster = json.loads(spec)
    except ValueError:
        new_cluster = None
    if not isinstance(new_cluster, dict):
        raise ValueError(
            f"ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER is {spec!r}, not a JSON object: give the Jobs"
            f" API's new_cluster spec, e.g. {example}."
        )
    scala = re.search(r"scala(\d+\.\d+)", str(new_cluster.get("spark_version", "")))
    if scala and scala.group(1) != line.scala:
        raise ValueError(
            f"ENGAGEMENT_SCORE_DATABRICKS_NEW_CLUSTER's spark_version is "
            f"{new_cluster['spark_version']!r}, a Scala {scala.group(1)} runtime, but the "
            f"{spark_line} line's jar is built for Scala {line.scala}: use a Scala {line.scala} "
            f"runtime (e.g. {line.databricks_runtime}) or the line of the runtime "
            "(ENGAGEMENT_SCORE_SPARK_LINE)."
        )
    return {"new_cluster": new_cluster}


def databricks(line: Line, spark_line: str, configs: list[str], summary_dir: str) -> Databricks:
    """The Databricks settings; the job's files must be where the cluster reads them."""
    if not setting("CONFIGS"):
        raise ValueError(
            "ENGAGEMENT_SCORE_RUNNER is databricks, and ENGAGEMENT_SCORE_CONFIGS is not set: its "
            f"default, {configs[0]}, is on the Airflow worker. Set it to config files the cluster "
            "reads, e.g. /Volumes/main/jobs/conf/prod.conf or s3a://bucket/conf/prod.conf."
        )
    if "://" not in summary_dir or summary_dir.startswith("file:"):
        raise ValueError(
            f"ENGAGEMENT_SCORE_SUMMARY_DIR is {summary_dir!r}, but with ENGAGEMENT_SCORE_RUNNER="
            "databricks the job writes its summary on the cluster and check_run reads it here: "
            "set it to object storage both reach, e.g. s3a://bucket/engagement-score/summaries "
            "(or abfss://..., gs://...)."
        )
    return Databricks(
        _databricks_operator(),
        setting("DATABRICKS_CONN_ID", "databricks_default"),
        _databricks_jar(line, spark_line),
        _databricks_cluster(line, spark_line),
    )
