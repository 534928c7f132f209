"""Airflow reads its settings when first imported: point it at a throw-away home first."""

import os
import sys
import tempfile
from pathlib import Path

DAGS = Path(__file__).resolve().parents[4] / "jobs" / "dags"
os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="airflow-home-")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
# As Airflow puts the DAG bundle (3.x) or DAGs folder (2.x) on sys.path for the DAG files, which
# import engagement_score_tables from there.
sys.path.append(str(DAGS))
os.environ["AIRFLOW_CONN_SPARK_DEFAULT"] = '{"conn_type": "spark", "host": "local[2]"}'
