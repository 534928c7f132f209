"""The notebooks under notebooks/: committed without outputs, and running headless end to end.

The example job scores September to November 2026 of examples/data into a temp dir once for the
session (conftest.example_scores: jobs/run-local, as notebooks/README.md says); every notebook
then runs with papermill on this venv's python3 kernel against that table, with matplotlib's
non-interactive Agg backend, and must finish without an error. explore_scores.ipynb must also
show the domain's worked example (acme-145: 145 in October), the what-if's count of customers
changing tier and the backtest's AUC on the example outcomes' planted signal.

Needs target/engagement-score-spark3.5-all.jar and target/engagement-score-spark3.5.jar (mvn
package; the test does not build them) and Java 17.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import quick_jit

ROOT = Path(__file__).resolve().parents[4]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
STRIP_COMMAND = ".venv/spark/bin/nbstripout notebooks/*.ipynb"
CELL_TIMEOUT_S = 600


def _execute(notebook: Path, output: Path, **parameters) -> dict:
    """Runs `notebook` headless from notebooks/ (as Jupyter would) and returns the result."""
    papermill = pytest.importorskip("papermill", reason="needs the Spark venv (requirements-spark)")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MPLBACKEND", "Agg")
        env.setenv("JAVA_TOOL_OPTIONS", quick_jit())
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(NOTEBOOK_DIR),
            progress_bar=False,
            start_timeout=120,
            execution_timeout=CELL_TIMEOUT_S,
        )
    return json.loads(output.read_text())


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
def executed(example_scores, tmp_path_factory):
    """Runs a notebook against the example table once for the module; returns the result."""
    out = tmp_path_factory.mktemp("executed")
    results = {}

    def run(notebook: Path) -> dict:
        if notebook not in results:
            results[notebook] = _execute(
                notebook, out / notebook.name, SCORES_PATH=str(example_scores)
            )
        return results[notebook]

    return run


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
    result = executed(NOTEBOOK_DIR / "explore_scores.ipynb")

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
    result = executed(NOTEBOOK_DIR / "explore_scores.ipynb")

    backtest = _text(result, "backtest")
    # docs/backtesting.md: 97 of 121 rows labelled, 34 churned, AUC 0.871849 on the example.
    found = re.search(r"AUC of raw_score predicting no churn: (\d\.\d{6})", backtest)
    assert found, backtest
    assert float(found[1]) > 0.7, backtest
    assert "project_added" in backtest and "suggested_weight" in backtest, backtest


def test_explore_scores_without_a_table_says_how_to_create_it(tmp_path):
    papermill = pytest.importorskip("papermill", reason="needs the Spark venv (requirements-spark)")
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        _execute(
            NOTEBOOK_DIR / "explore_scores.ipynb",
            tmp_path / "explore_scores.ipynb",
            SCORES_PATH=str(tmp_path / "missing"),
        )
    assert failure.value.ename == "FileNotFoundError"
    message = failure.value.evalue
    assert str(tmp_path / "missing") in message
    assert "jobs/run-local --config conf/example.conf --from 2026-09-01 --to 2026-11-30" in message
