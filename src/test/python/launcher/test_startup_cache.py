"""jobs/run-local's start-up cache (README, "Running it"): what the JVM loaded, written at exit by
the run the build asks for (CDS_ARCHIVE_AT_EXIT) and mapped by later runs (CDS_ARCHIVE). Java 17-24
write a class-data archive (.jsa), Java 25+ an AOT cache (.aot); a run uses one only with the Java
that made it, which the .java file beside it names. `--version` stands in for a run: it starts the
same JVM with the same classpath and flags, and exits at once."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, require_built, require_spark4_built

# A Java 25 or newer next to the default Java 17 (this machine has Temurin 25 there).
JAVA_25 = next(
    (j / "bin" / "java" for j in sorted(Path("/usr/lib/jvm").glob("temurin-2[5-9]*"))), None
)
JAVA_17 = Path(shutil.which("java")).resolve()


def _version(env: dict[str, str], exit_code: int = 0) -> subprocess.CompletedProcess:
    """`jobs/run-local --version` with these variables set."""
    result = subprocess.run(
        ["jobs/run-local", "--version"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == exit_code, result.stderr
    return result


@pytest.fixture(scope="module", autouse=True)
def _built() -> None:
    require_built()


def test_java_17_makes_an_archive_that_only_java_17_maps(tmp_path):
    base = tmp_path / "startup"
    _version({"CDS_ARCHIVE_AT_EXIT": str(base), "JAVA": "java"})
    assert (base.with_suffix(".jsa")).stat().st_size > 0
    assert not base.with_suffix(".aot").exists()
    assert base.with_suffix(".java").read_text().strip() == str(JAVA_17)

    used = _version({"CDS_ARCHIVE": str(base), "JDK_JAVA_OPTIONS": "-Xlog:cds=info"})
    assert f"Opened archive {base}.jsa." in used.stdout
    if JAVA_25 is not None:
        other = _version(
            {"CDS_ARCHIVE": str(base), "JAVA": str(JAVA_25), "JDK_JAVA_OPTIONS": "-Xlog:cds=info"}
        )
        assert "classes.jsa" in other.stdout  # the JDK's own archive: the log is on
        assert f"{base}.jsa" not in other.stdout
        # ... and says how to make one for it.
        assert f"without the class-data cache, which {JAVA_17} made" in other.stderr
        assert f"-Dcds.java={JAVA_25.resolve()} makes one" in other.stderr


@pytest.mark.skipif(JAVA_25 is None, reason="no Java 25+ under /usr/lib/jvm")
def test_java_25_makes_an_aot_cache_that_only_java_25_maps(tmp_path):
    # The Spark 4 line: Spark 3.5 does not start on Java 25 (below).
    require_spark4_built()
    base = tmp_path / "startup"
    _version({"CDS_ARCHIVE_AT_EXIT": str(base), "JAVA": str(JAVA_25), "SPARK_LINE": "spark4"})
    assert (base.with_suffix(".aot")).stat().st_size > 0
    assert not base.with_suffix(".jsa").exists()
    assert base.with_suffix(".java").read_text().strip() == str(JAVA_25.resolve())

    used = _version(
        {
            "CDS_ARCHIVE": str(base),
            "JAVA": str(JAVA_25),
            "SPARK_LINE": "spark4",
            "JDK_JAVA_OPTIONS": "-Xlog:aot=info",
        }
    )
    assert f"Opened AOT cache {base}.aot" in used.stdout + used.stderr
    # Java 17 has no -XX:AOTCache: the launcher must not pass it one (it would refuse to start).
    _version({"CDS_ARCHIVE": str(base), "JAVA": "java", "SPARK_LINE": "spark4"})
    # Nor with a Java agent in the options, whatever the Java.
    agent = _version(
        {
            "CDS_ARCHIVE": str(base),
            "JAVA": str(JAVA_25),
            "SPARK_LINE": "spark4",
            "JDK_JAVA_OPTIONS": "-Xlog:aot=info -agentlib:jdwp=transport=dt_socket,server=y,"
            "suspend=n,address=0",
        }
    )
    assert f"Opened AOT cache {base}.aot" not in agent.stdout + agent.stderr


@pytest.mark.skipif(JAVA_25 is None, reason="no Java 25+ under /usr/lib/jvm")
def test_the_build_refuses_java_25_for_spark_3_5_with_the_fix(tmp_path):
    base = tmp_path / "startup"
    refused = _version({"CDS_ARCHIVE_AT_EXIT": str(base), "JAVA": str(JAVA_25)}, exit_code=2)
    assert "Spark 3.5 does not start on Java 25" in refused.stderr
    assert "SPARK_LINE=spark4" in refused.stderr
    assert not base.with_suffix(".jsa").exists() and not base.with_suffix(".aot").exists()


def test_a_java_that_is_not_there_fails_with_the_fix():
    missing = _version({"JAVA": "/nonexistent/bin/java"}, exit_code=2)
    assert "no Java at '/nonexistent/bin/java'" in missing.stderr
    assert "set JAVA to its bin/java" in missing.stderr
