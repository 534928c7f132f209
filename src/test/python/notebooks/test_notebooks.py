"""The notebooks under notebooks/: committed without outputs, and running headless end to end.

The example job scores September to November 2026 of examples/data into a temp dir once for the
session (conftest.example_scores: jobs/run-local, as notebooks/README.md says); every notebook
then runs with papermill on this venv's python3 kernel against a copy of that table, with
matplotlib's non-interactive Agg backend, and must finish without an error. The notebooks run
outside the checkout: copied to a temp dir that is also the kernel's working directory, with
every input given by parameters. explore_scores.ipynb must also show the domain's worked example
(acme-145: 145 in October), the what-if's count of customers changing tier and the backtest's AUC
on the example outcomes' planted signal, both in a Spark session it starts and, given the table's
catalog name, in one that exists before it runs (as on Databricks). Its table parameters resolve
without Spark: URIs unchanged, local paths against the working directory, exactly one of a path
and a catalog name.

Needs target/engagement-score-spark3.5-all.jar and target/engagement-score-spark3.5.jar (mvn
package; the test does not build them) and Java 17.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import quick_jit

ROOT = Path(__file__).resolve().parents[4]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPLORE = NOTEBOOK_DIR / "explore_scores.ipynb"
STRIP_COMMAND = ".venv/spark/bin/nbstripout notebooks/*.ipynb"
CELL_TIMEOUT_S = 600
JAR = ROOT / "target" / "engagement-score-spark3.5-all.jar"
# The job's inputs in absolute paths: a kernel outside the checkout resolves the relative ones of
# conf/example.conf (examples/data/...) against its own working directory.
INPUTS = {
    "JAR": str(JAR),
    "CONFIG": str(ROOT / "conf" / "example.conf"),
    "OUTCOMES": str(ROOT / "examples" / "data" / "outcomes.csv"),
    "SETTINGS": {
        "events.max_days_ahead": "3650",
        "events.path": str(ROOT / "examples" / "data" / "events"),
        "weights.path": str(ROOT / "examples" / "data" / "weights.csv"),
    },
}
# An IPython start-up file that leaves a Spark session behind, as Databricks predefines `spark`:
# in another time zone, with the copied example table in its catalog as analytics.engagement_scores.
PREDEFINED_SESSION = """
from pyspark.sql import SparkSession

spark = (
    SparkSession.builder.master("local[2]")
    .appName("predefined-session")
    .config("spark.jars", {jar!r})
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .config("spark.databricks.delta.snapshotPartitions", "2")
    .config("spark.sql.warehouse.dir", {warehouse!r})
    .config("spark.sql.session.timeZone", "Europe/Berlin")
    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
spark.sql("CREATE DATABASE analytics")
spark.sql("CREATE TABLE analytics.engagement_scores USING DELTA LOCATION '{table}'")
"""


def _execute(notebook: Path, cwd: Path, env: dict[str, str] | None = None, **parameters) -> dict:
    """Runs the copy of `notebook` in `cwd` headless, from `cwd`, and returns the result."""
    papermill = pytest.importorskip("papermill", reason="needs the Spark venv (requirements-spark)")
    copy = cwd / notebook.name
    shutil.copyfile(notebook, copy)
    output = cwd / f"executed-{notebook.name}"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"MPLBACKEND": "Agg", **(env or {})}.items():
            patch.setenv(name, value)
        patch.setenv("JAVA_TOOL_OPTIONS", quick_jit())
        papermill.execute_notebook(
            str(copy),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd),
            progress_bar=False,
            start_timeout=120,
            execution_timeout=CELL_TIMEOUT_S,
        )
    return json.loads(output.read_text())


def _cell(tag: str) -> str:
    """The source of explore_scores.ipynb's code cell tagged `tag`."""
    cells = json.loads(EXPLORE.read_text())["cells"]
    tagged = [c for c in cells if tag in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, f"expected one cell tagged {tag!r}, found {len(tagged)}"
    return "".join(tagged[0]["source"])


def _text(notebook: dict, tag: str) -> str:
    """The printed and displayed text of the executed cell tagged `tag`."""
    cells = [c for c in notebook["cells"] if tag in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    parts = []
    for output in cells[0]["outputs"]:
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    dirty = [
        index
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"notebooks/{notebook.name} is committed with outputs or execution counts (cells {dirty});"
        f" strip them before committing: {STRIP_COMMAND}"
    )


@pytest.fixture(scope="module")
def outside(example_scores, tmp_path_factory) -> Path:
    """A folder outside the checkout holding work/, the working directory of `executed`, and a copy
    of the example table in tables/engagement scores (a space, to be sure paths are not split)."""
    folder = tmp_path_factory.mktemp("outside")
    assert not folder.is_relative_to(ROOT), f"{folder} should lie outside the checkout {ROOT}"
    shutil.copytree(example_scores, folder / "tables" / "engagement scores")
    (folder / "work").mkdir()
    return folder


@pytest.fixture(scope="module")
def executed(outside):
    """Runs a notebook once for the module in a Spark session it starts, given the example table
    by a path relative to its working directory; returns the result."""
    results = {}

    def run(notebook: Path) -> dict:
        if notebook not in results:
            results[notebook] = _execute(
                notebook, outside / "work", SCORES_PATH="../tables/engagement scores", **INPUTS
            )
        return results[notebook]

    return run


@pytest.fixture(scope="module")
def executed_in_a_session(outside):
    """explore_scores.ipynb, run in a Spark session that exists before it (an IPython start-up
    file makes it), given the table by its name in that session's catalog."""
    work = outside / "session-work"
    startup = outside / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    work.mkdir()
    (startup / "00-spark.py").write_text(
        PREDEFINED_SESSION.format(
            jar=str(JAR),
            warehouse=str(outside / "warehouse"),
            table=outside / "tables" / "engagement scores",
        )
    )
    return _execute(
        EXPLORE,
        work,
        env={"IPYTHONDIR": str(outside / "ipython")},
        SCORES_TABLE="analytics.engagement_scores",
        **{**INPUTS, "JAR": "/nowhere/unused.jar"},
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors(notebook, executed):
    result = executed(notebook)  # papermill raises on the first failing cell
    errors = [
        output
        for cell in result["cells"]
        for output in cell.get("outputs", [])
        if output["output_type"] == "error"
    ]
    assert not errors, f"{notebook.name}: {errors}"


def test_explore_scores_shows_history_and_what_if(executed):
    result = executed(EXPLORE)
    assert "Started a local Spark session with" in _text(result, "session")

    history = _text(result, "history")
    assert "acme-145: 1 period(s)" in history, history
    # The domain's worked example: 30 x 1 + 4 x 10 + 5 x 5 + 1 x 50 = 145, from 40 events.
    assert re.search(r"2026-10-01\s+2026-10-31\s+40\s+145\.000000\s", history), history

    what_if = _text(result, "what-if")
    changed = re.search(r"(\d+) of (\d+) customers change tier in 2026-11-01", what_if)
    assert changed, what_if
    moved, customers = int(changed[1]), int(changed[2])
    assert customers == 40, what_if
    assert 0 < moved < customers, f"the what-if should move some customers, not all:\n{what_if}"


def test_explore_scores_backtest_finds_the_planted_signal(executed):
    result = executed(EXPLORE)

    backtest = _text(result, "backtest")
    # docs/backtesting.md: 97 of 121 rows labelled, 34 churned, AUC 0.871849 on the example.
    found = re.search(r"AUC of raw_score predicting no churn: (\d\.\d{6})", backtest)
    assert found, backtest
    assert float(found[1]) > 0.7, backtest
    assert "project_added" in backtest and "suggested_weight" in backtest, backtest


def test_explore_scores_reuses_a_session_and_reads_a_catalog_table(
    executed, executed_in_a_session, outside
):
    result = executed_in_a_session
    session = _text(result, "session")
    assert "Using the active Spark session (predefined-session); JAR is not used" in session
    assert "spark.sql.session.timeZone: Europe/Berlin -> UTC, as the job's code needs" in session
    table = outside / "tables" / "engagement scores"
    assert f"analytics.engagement_scores: the Delta table at file:{table}" in session, session

    history = _text(result, "history")
    assert re.search(r"2026-10-01\s+2026-10-31\s+40\s+145\.000000\s", history), history
    # The same table as the run in its own session: the same what-if and backtest.
    for tag in ("what-if", "backtest"):
        line = _text(result, tag).splitlines()[0]
        assert line == _text(executed(EXPLORE), tag).splitlines()[0], line


def test_explore_scores_without_a_table_says_how_to_create_it(tmp_path):
    papermill = pytest.importorskip("papermill", reason="needs the Spark venv (requirements-spark)")
    (tmp_path / "work").mkdir()
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        # WORKDIR applies first: "missing" is then relative to tmp_path, not to work/.
        _execute(EXPLORE, tmp_path / "work", WORKDIR="..", SCORES_PATH="missing")
    assert failure.value.ename == "FileNotFoundError"
    message = failure.value.evalue
    assert message.startswith(
        f"No scored Delta table at {tmp_path / 'missing'} (SCORES_PATH; relative paths resolve"
        f" against the working directory, {tmp_path}). Create the example table"
    ), message
    assert "jobs/run-local --config conf/example.conf --from 2026-09-01 --to 2026-11-30" in message


@pytest.fixture
def sources() -> dict:
    """The functions of explore_scores.ipynb's cell tagged `sources` (it needs no Spark)."""
    namespace = {}
    exec(_cell("sources"), namespace)
    return namespace


@pytest.mark.parametrize(
    "uri",
    [
        "s3a://bucket/engagement-scores",
        "abfss://scores@account.dfs.core.windows.net/engagement-scores",
        "gs://bucket/engagement scores",
        "dbfs:/mnt/analytics/engagement-scores",
        "hdfs://namenode:8020/engagement-scores",
        "file:///data/engagement-scores",
    ],
)
def test_a_uri_reaches_spark_unchanged(sources, uri, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sources["scores_source"](uri, None) == ("path", uri)
    assert sources["located"](uri) == uri


def test_a_local_path_resolves_against_the_working_directory(sources, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    home = Path.home()
    scores_source, located = sources["scores_source"], sources["located"]
    assert scores_source("tables/scores", None) == ("path", f"{tmp_path}/tables/scores")
    assert scores_source("../scores", None) == ("path", f"{tmp_path.parent}/scores")
    assert scores_source("/data/scores", "") == ("path", "/data/scores")
    assert scores_source("~/scores", None) == ("path", f"{home}/scores")
    assert located(Path("conf/example.conf")) == f"{tmp_path}/conf/example.conf"


@pytest.mark.parametrize(
    "name",
    ["engagement_scores", "analytics.engagement_scores", "main.analytics.engagement_scores"],
)
def test_a_catalog_name_is_kept(sources, name):
    assert sources["scores_source"](None, name) == ("table", name)
    assert sources["scores_source"]("", name) == ("table", name)


@pytest.mark.parametrize(
    ("path", "table", "problem"),
    [
        (None, None, "not neither (SCORES_PATH = None, SCORES_TABLE = None)"),
        ("", "", "not neither (SCORES_PATH = '', SCORES_TABLE = '')"),
        (
            "s3a://bucket/scores",
            "main.analytics.engagement_scores",
            "not both (SCORES_PATH = 's3a://bucket/scores',"
            " SCORES_TABLE = 'main.analytics.engagement_scores')",
        ),
    ],
)
def test_exactly_one_of_path_and_table(sources, path, table, problem):
    with pytest.raises(ValueError) as failure:
        sources["scores_source"](path, table)
    message = str(failure.value)
    assert message.startswith(f"Set exactly one of SCORES_PATH and SCORES_TABLE, {problem}:\n")
    assert "SCORES_PATH: the scored Delta table's path, local or a URI" in message
    assert "SCORES_TABLE: its name in the Spark session's catalog" in message


@pytest.mark.parametrize("table", ["s3a://bucket/scores", "/data/scores", "out/example-scores"])
def test_a_path_given_as_a_table_name_says_which_parameter_takes_it(sources, table):
    with pytest.raises(ValueError) as failure:
        sources["scores_source"](None, table)
    assert str(failure.value) == (
        f"SCORES_TABLE = {table!r} is a path, not a catalog table name: set SCORES_PATH to it"
        " instead, and SCORES_TABLE = None."
    )
