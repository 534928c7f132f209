"""Fixtures shared by the Python tests (stdlib and pytest only: every venv loads this file)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BUILT = [
    ROOT / "target" / "engagement-score-spark3.5-all.jar",
    ROOT / "target" / "engagement-score-spark3.5.jar",
    ROOT / "target" / "classpath.txt",
]
SPARK4_BUILT = [
    ROOT / "target" / "spark4" / "engagement-score-spark4.jar",
    ROOT / "target" / "spark4" / "classpath.txt",
]
# The example data runs to 2026-11-30, and the job rejects events more than a day ahead of the
# clock (events.max_days_ahead = 1): keep them all, whatever today's date.
EXAMPLE_RUN = [
    "jobs/run-local",
    "--config",
    "conf/example.conf",
    "--from",
    "2026-09-01",
    "--to",
    "2026-11-30",
    "--set",
    "events.max_days_ahead=3650",
]
# Short-lived JVMs on 2 CI cores: the C1 JIT alone uses about a third less CPU than with C2.
QUICK_JIT = "-XX:TieredStopAtLevel=1"


def quick_jit() -> str:
    """JAVA_TOOL_OPTIONS for the JVMs a test starts."""
    return f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} {QUICK_JIT}".strip()


def require_built() -> None:
    """The tests run what `mvn package` built; they never build (jobs/test runs mvn first)."""
    missing = [str(p.relative_to(ROOT)) for p in BUILT if not p.is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run mvn package first")
    built = BUILT[1].stat().st_mtime
    newer = [
        str(p.relative_to(ROOT))
        for p in [ROOT / "pom.xml", *(ROOT / "src" / "main").rglob("*")]
        if p.is_file() and p.stat().st_mtime > built
    ]
    if newer:
        pytest.fail(f"the jars in target/ are older than {newer[:3]}: run mvn package first")


def require_spark4_built() -> None:
    """The Spark 4 line's jars (jobs/test builds them; `jobs/test python` alone does not)."""
    missing = [str(p.relative_to(ROOT)) for p in SPARK4_BUILT if not p.is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run mvn -Pspark4 package first")


def score_example(out: Path, *flags: str, env: dict[str, str] | None = None) -> Path:
    """Scores the example data for September to November 2026 with jobs/run-local into out/scores
    (rejects: out/rejects), with `flags` added and `env` set; returns out/scores. What it printed
    is kept in out/run.stdout and out/run.stderr."""
    require_built()
    command = [
        *EXAMPLE_RUN,
        "--output",
        str(out / "scores"),
        "--rejects",
        str(out / "rejects"),
        *flags,
    ]
    run = subprocess.run(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "SHUFFLE_PARTITIONS": "4",
            "JAVA_TOOL_OPTIONS": quick_jit(),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    (out / "run.stdout").write_text(run.stdout)
    (out / "run.stderr").write_text(run.stderr)
    assert run.returncode == 0, (
        f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-4000:]}"
    )
    assert json.loads(run.stdout.strip().splitlines()[-1])["status"] == "ok"
    return out / "scores"


@pytest.fixture(scope="session")
def example_scores(tmp_path_factory) -> Path:
    """The example data scored for September to November 2026 by jobs/run-local: a real table.
    Logged as JSON (LOG_FORMAT=json), which src/test/python/launcher/test_console.py reads."""
    return score_example(tmp_path_factory.mktemp("example"), env={"LOG_FORMAT": "json"})
