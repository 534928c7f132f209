"""Example: refresh a BI extract each time the engagement_score DAG has written the score table.

Scheduled on the score table's asset (a dataset on Airflow 2), the one the engagement_score DAG's
score task declares: ENGAGEMENT_SCORE_OUTPUT, named as engagement_score_tables.py says. A
successful score task records an asset event; Airflow then queues a run of this DAG (several events
before it starts make one run). Copy it and replace ``refresh`` with your BI tool's refresh call
(a Tableau extract, a Power BI dataset, a Looker PDT rebuild).
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.9 / 2.10
    from airflow import DAG
    from airflow.operators.python import PythonOperator
from engagement_score_tables import tables

log = logging.getLogger(__name__)
SCORES = tables()["output"]


def refresh(**context) -> list[str]:
    """Logs the runs that wrote the score table since the last refresh; returns them."""
    # The DAG is scheduled on one asset: every event is the score table's. Airflow 3 calls them
    # triggering_asset_events (keyed by asset), Airflow 2 triggering_dataset_events (by URI).
    events = context.get("triggering_asset_events", context.get("triggering_dataset_events"))
    runs = [f"{e.source_dag_id}/{e.source_run_id}" for batch in events.values() for e in batch]
    log.info("Refreshing the BI extract of %s, written by %s", SCORES.location, ", ".join(runs))
    return runs


with DAG(
    dag_id="engagement_score_bi_refresh",
    description="Example: refresh a BI extract when the engagement score table changes",
    doc_md=__doc__,
    schedule=[SCORES.asset],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": "data-engineering", "retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["engagement-score", "bi"],
) as dag:
    PythonOperator(task_id="refresh", python_callable=refresh)
