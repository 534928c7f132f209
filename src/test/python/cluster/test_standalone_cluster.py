"""The job on a real Spark standalone cluster, submitted with jobs/submit.

One master and two workers (1 core, 1g each) run on 127.0.0.1 from the pyspark distribution's
Spark for the whole module. The example month is scored once with local[2] (the reference) and
then on the cluster: once undisturbed, and once while a worker and its executor are SIGKILLed
mid-job. Every run must exit 0 and write the same 41 rows; the tables are read with delta-rs
(deltalake), not Spark.

Needs target/engagement-score-spark3.5-all.jar (mvn package), Java 17 and Linux (ps, process
groups).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import QUICK_JIT

deltalake = pytest.importorskip("deltalake", reason="needs the Spark venv (requirements-spark)")
pyspark = pytest.importorskip("pyspark", reason="needs the Spark venv (requirements-spark)")

ROOT = Path(__file__).resolve().parents[4]
SUBMIT = ROOT / "jobs" / "submit"
BUNDLED_JAR = ROOT / "target" / "engagement-score-spark3.5-all.jar"
JOB_ARGS = ["--config", "conf/example.conf"]
EXPECTED_ROWS = 41
# The columns that differ between runs by design (docs/output-table.md).
PER_RUN_COLUMNS = {"run_id", "scored_at"}
# Spark's driver log line once a shuffle map stage's output is registered.
SHUFFLE_WRITTEN = re.compile(r"ShuffleMapStage \d+ \(.*\) finished in")
# Small everywhere: CI has 2 cores. The driver UI is off (the cluster's UIs bind free ports), and
# the JVMs only use the C1 JIT (TieredStopAtLevel=1): these runs are too short for C2 to pay off,
# and it halves their CPU time.
COMMON_SUBMIT_ARGS = (
    "--conf spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false"
    f" --conf spark.driver.extraJavaOptions={QUICK_JIT}"
    f" --conf spark.executor.extraJavaOptions={QUICK_JIT}"
)
CLUSTER_START_TIMEOUT_S = 120
JOB_TIMEOUT_S = 420
# jobs/submit knobs that must not leak in from the caller's shell.
SUBMIT_ENV_KNOBS = (
    "SPARK_MASTER",
    "DEPLOY_MODE",
    "DRIVER_MEMORY",
    "EXECUTOR_MEMORY",
    "EXECUTOR_CORES",
    "SPARK_SUBMIT",
    "JAR",
    "DELTA_PACKAGES",
    "EXTRA_SUBMIT_ARGS",
    "SPARK_CONF_DIR",
)


def _spark_home() -> Path:
    return Path(os.environ.get("SPARK_HOME") or Path(pyspark.__file__).parent)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"--- {path}: missing"
    return f"--- last {lines} lines of {path}:\n" + "\n".join(text[-lines:])


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILLs the process group a process leads (spark-class and spark-submit exec their JVM)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=30)


@dataclass
class Worker:
    proc: subprocess.Popen
    work_dir: Path
    log: Path


@dataclass
class Cluster:
    url: str
    webui_port: int
    master: subprocess.Popen
    master_log: Path
    workers: list[Worker] = field(default_factory=list)

    def logs(self) -> str:
        return "\n".join([_tail(self.master_log)] + [_tail(w.log) for w in self.workers])

    def alive_workers(self) -> int:
        url = f"http://127.0.0.1:{self.webui_port}/json/"
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)["aliveworkers"]

    def wait_for_workers(self, count: int, timeout_s: float = CLUSTER_START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        seen = None
        while time.monotonic() < deadline:
            for proc in [self.master] + [w.proc for w in self.workers]:
                assert proc.poll() is None, (
                    f"a cluster process exited with {proc.returncode}: {proc.args}\n{self.logs()}"
                )
            try:
                seen = self.alive_workers()
            except OSError:  # the master's web UI is not up yet
                seen = None
            if seen == count:
                return
            time.sleep(0.5)
        raise AssertionError(
            f"{count} workers did not register with {self.url} within {timeout_s}s "
            f"(master reports {seen} alive)\n{self.logs()}"
        )


@pytest.fixture(scope="module")
def spark_env(tmp_path_factory) -> dict[str, str]:
    assert BUNDLED_JAR.is_file(), (
        f"{BUNDLED_JAR} is missing: run mvn -B -DskipTests package first (CI runs mvn verify)"
    )
    # Submit a copy: a rebuild of target/ during the runs would corrupt the jar under the driver.
    jar = tmp_path_factory.mktemp("jar") / BUNDLED_JAR.name
    shutil.copyfile(BUNDLED_JAR, jar)
    spark_home = _spark_home()
    assert (spark_home / "bin" / "spark-submit").is_file(), f"no Spark distribution at {spark_home}"
    env = {k: v for k, v in os.environ.items() if k not in SUBMIT_ENV_KNOBS}
    env.update(
        SPARK_HOME=str(spark_home),
        SPARK_SUBMIT=str(spark_home / "bin" / "spark-submit"),
        JAR=str(jar),
        # Everything, drivers included, binds and advertises loopback only.
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_DAEMON_JAVA_OPTS=QUICK_JIT,  # the master and the workers
    )
    return env


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        (
            {},
            "submit: set SPARK_MASTER (spark://host:7077, yarn, k8s://https://host:443, local[2])",
        ),
        (
            {"SPARK_MASTER": "local[2]", "JAR": "/nonexistent/engagement-score-spark3.5-all.jar"},
            "submit: /nonexistent/engagement-score-spark3.5-all.jar not found: run"
            " 'mvn -B -DskipTests package' first, or set JAR",
        ),
        (
            {"SPARK_MASTER": "local[2]", "SPARK_LINE": "4"},
            "submit: SPARK_LINE=4: use spark3.5 (the default) or spark4",
        ),
    ],
)
def test_submit_refuses_a_bad_setup_before_spark_starts(spark_env, knobs, message):
    env = {k: v for k, v in spark_env.items() if k not in ("SPARK_MASTER", "JAR", "SPARK_LINE")}
    run = subprocess.run(
        [str(SUBMIT), *JOB_ARGS], env={**env, **knobs}, capture_output=True, text=True, timeout=60
    )

    assert (run.returncode, run.stderr.strip(), run.stdout) == (2, message, "")


@pytest.fixture(scope="module")
def cluster(spark_env, tmp_path_factory):
    base = tmp_path_factory.mktemp("standalone")
    spark_class = str(Path(spark_env["SPARK_HOME"]) / "bin" / "spark-class")
    procs: list[subprocess.Popen] = []

    def start(name: str, args: list[str]) -> tuple[subprocess.Popen, Path]:
        log = base / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [spark_class, *args],
                env=spark_env,
                cwd=base,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, executors included
            )
        procs.append(proc)
        return proc, log

    try:
        port, webui_port = _free_port(), _free_port()
        master, master_log = start(
            "master",
            [
                "org.apache.spark.deploy.master.Master",
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--webui-port", str(webui_port)),
            ],
        )
        url = f"spark://127.0.0.1:{port}"
        cluster = Cluster(url, webui_port, master, master_log)
        for i in (1, 2):
            work_dir = base / f"worker{i}"
            work_dir.mkdir()
            proc, log = start(
                f"worker{i}",
                [
                    "org.apache.spark.deploy.worker.Worker",
                    *("--host", "127.0.0.1", "--cores", "1", "--memory", "1g"),
                    *("--work-dir", str(work_dir), "--webui-port", str(_free_port())),
                    url,
                ],
            )
            cluster.workers.append(Worker(proc, work_dir, log))
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        for proc in reversed(procs):
            _kill_group(proc)


@dataclass
class Run:
    proc: subprocess.Popen
    out_dir: Path

    @property
    def stdout(self) -> Path:
        return self.out_dir / "stdout.txt"

    @property
    def stderr(self) -> Path:
        return self.out_dir / "stderr.txt"

    @property
    def scores(self) -> Path:
        return self.out_dir / "scores"


def _submit(spark_env: dict[str, str], out_dir: Path, **knobs: str) -> Run:
    """Starts jobs/submit on the example config, writing into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    args = [*JOB_ARGS, "--output", str(out_dir / "scores"), "--rejects", str(out_dir / "rejects")]
    with (out_dir / "stdout.txt").open("wb") as out, (out_dir / "stderr.txt").open("wb") as err:
        proc = subprocess.Popen(
            [str(SUBMIT), *args],
            env={**spark_env, **knobs},
            cwd=ROOT,  # conf/example.conf's data paths are relative to the repository root
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    return Run(proc, out_dir)


def _finish(run: Run, context: str = "") -> dict:
    try:
        code = run.proc.wait(timeout=JOB_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _kill_group(run.proc)
        raise AssertionError(
            f"the job did not finish in {JOB_TIMEOUT_S}s\n{_tail(run.stderr)}\n{context}"
        ) from None
    assert code == 0, f"the job exited with {code}\n{_tail(run.stderr, 80)}\n{context}"
    summary = json.loads(run.stdout.read_text().strip().splitlines()[-1])
    assert summary["status"] == "ok", summary
    assert summary["rows_scored"] == EXPECTED_ROWS, summary
    return summary


def _rows(table: Path) -> list[dict]:
    data = deltalake.DeltaTable(str(table)).to_pyarrow_table()
    assert data.num_rows == EXPECTED_ROWS
    kept = [c for c in data.column_names if c not in PER_RUN_COLUMNS]
    return sorted(
        data.select(kept).to_pylist(),
        key=lambda r: (r["customer_id"], r["period_kind"], r["period_start"]),
    )


def _cluster_knobs(cluster: Cluster) -> dict[str, str]:
    return {
        "SPARK_MASTER": cluster.url,
        "DRIVER_MEMORY": "1g",
        "EXECUTOR_MEMORY": "1g",
        "EXECUTOR_CORES": "1",
        "EXTRA_SUBMIT_ARGS": f"--total-executor-cores 2 {COMMON_SUBMIT_ARGS}",
    }


# The OpenLineage listener, as docs/lineage.md adds it (the jar mvn package copies to
# target/lineage/), writing its events to a file.
LINEAGE_JAR = ROOT / "target" / "lineage" / "openlineage-spark.jar"
LINEAGE_NAMESPACE = "engagement-test"


def _lineage_args(events: Path) -> str:
    return (
        f"--jars {LINEAGE_JAR}"
        " --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener"
        " --conf spark.openlineage.transport.type=file"
        f" --conf spark.openlineage.transport.location={events}"
        f" --conf spark.openlineage.namespace={LINEAGE_NAMESPACE}"
    )


@pytest.fixture(scope="module")
def local_run(spark_env, tmp_path_factory) -> Run:
    """The example month scored with local[2] through jobs/submit, with the OpenLineage listener
    on: the reference result, and the lineage of a run."""
    out = tmp_path_factory.mktemp("local")
    run = _submit(
        spark_env,
        out,
        SPARK_MASTER="local[2]",
        DRIVER_MEMORY="1g",
        EXTRA_SUBMIT_ARGS=f"{COMMON_SUBMIT_ARGS} {_lineage_args(out / 'lineage.ndjson')}",
    )
    _finish(run)
    return run


@pytest.fixture(scope="module")
def local_rows(local_run) -> list[dict]:
    return _rows(local_run.scores)


def test_openlineage_names_the_events_read_and_every_table_written(local_run):
    """docs/lineage.md: the listener's events name the events directory as an input and the score,
    audit and rejects tables as outputs, each a dataset (namespace file, name its path), under the
    job name the namespace and app name give."""
    events = [json.loads(line) for line in (local_run.out_dir / "lineage.ndjson").open()]
    assert {e["eventType"] for e in events} >= {"START", "COMPLETE"}
    assert {e["job"]["namespace"] for e in events} == {LINEAGE_NAMESPACE}
    inputs = {(d["namespace"], d["name"]) for e in events for d in e.get("inputs", [])}
    outputs = {(d["namespace"], d["name"]) for e in events for d in e.get("outputs", [])}
    out = str(local_run.out_dir.resolve())
    assert inputs == {("file", str(ROOT / "examples" / "data" / "events"))}
    assert outputs == {
        ("file", f"{out}/scores"),
        ("file", f"{out}/scores_runs"),
        ("file", f"{out}/rejects"),
    }


def test_cluster_run_equals_local_run(cluster, local_rows, spark_env, tmp_path):
    run = _submit(spark_env, tmp_path / "cluster", **_cluster_knobs(cluster))
    _finish(run, cluster.logs())

    assert _rows(run.scores) == local_rows
    # Both executors really ran tasks: the work was spread over the two workers.
    for worker in cluster.workers:
        logs = list(worker.work_dir.glob("app-*/*/stderr"))
        assert any("Finished task" in log.read_text(errors="replace") for log in logs), (
            f"no task finished on {worker.work_dir}\n{cluster.logs()}"
        )


def _executor_pids(worker: Worker) -> list[int]:
    """The executor JVMs a worker started: its children running CoarseGrainedExecutorBackend."""
    # -ww: never cut the command line to $COLUMNS (pytest sets it); the class name comes late.
    ps = subprocess.run(
        ["ps", "-ww", "-eo", "pid=,ppid=,args="], capture_output=True, text=True, check=True
    )
    pids = []
    for line in ps.stdout.splitlines():
        pid, ppid, args = line.split(None, 2)
        if int(ppid) == worker.proc.pid and "CoarseGrainedExecutorBackend" in args:
            pids.append(int(pid))
    return pids


def _busy_worker(cluster: Cluster, old_apps: set[Path]) -> Worker | None:
    """A worker whose executor of the current application is running a task right now."""
    for worker in cluster.workers:
        for log in worker.work_dir.glob("app-*/*/stderr"):
            if log.parent.parent not in old_apps:
                text = log.read_text(errors="replace")
                if text.count("Running task") > text.count("Finished task"):
                    return worker
    return None


def test_job_survives_losing_a_worker_and_its_executor(cluster, local_rows, spark_env, tmp_path):
    cluster.wait_for_workers(2)
    old_apps = {p for w in cluster.workers for p in w.work_dir.glob("app-*")}
    run = _submit(spark_env, tmp_path / "cluster", **_cluster_knobs(cluster))
    try:
        # Strike mid-job: once shuffle output exists (the loss also loses map outputs, which
        # must be recomputed) and an executor is running a task.
        deadline = time.monotonic() + JOB_TIMEOUT_S
        victim = None
        while victim is None:
            assert run.proc.poll() is None, (
                f"the job ended ({run.proc.returncode}) before a worker could be killed\n"
                f"{_tail(run.stderr)}\n{cluster.logs()}"
            )
            assert time.monotonic() < deadline, f"no executor ran a task\n{cluster.logs()}"
            if SHUFFLE_WRITTEN.search(run.stderr.read_text(errors="replace")):
                victim = _busy_worker(cluster, old_apps)
            time.sleep(0.2)
        executors = _executor_pids(victim)
        assert executors, f"no executor process under worker pid {victim.proc.pid}"

        assert run.proc.poll() is None, "the job finished before the worker could be killed"
        # The node dies: the worker first, then its executor (unless that already saw the worker
        # go and exited on its own).
        os.kill(victim.proc.pid, signal.SIGKILL)
        for pid in executors:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        victim.proc.wait(timeout=30)

        _finish(run, cluster.logs())
        assert _rows(run.scores) == local_rows
        # The driver saw the loss and carried on with the other executor. Spark 3.5 logs
        # "ERROR TaskSchedulerImpl: Lost executor 1 on 127.0.0.1: worker lost: ... got
        # disassociated" (or "Remote RPC client disassociated" when the executor's connection
        # drops first).
        driver_log = run.stderr.read_text(errors="replace")
        assert "Lost executor" in driver_log, _tail(run.stderr, 80)
        assert cluster.alive_workers() == 1
    finally:
        _kill_group(run.proc)  # a no-op unless an assertion above failed mid-run
