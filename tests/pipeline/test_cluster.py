"""``kg build --engine dask`` on real Dask clusters on 127.0.0.1, no mocks: a scheduler and two
single-threaded worker processes started as ``make dask-up`` starts them
(``tools/dask_cluster.py``), a local cluster that ``kg build`` starts for itself, a worker run
from another checkout, and a scheduler that is not there.

The outputs are compared byte for byte with a local build in one process. Each worker loads the
pipeline once (several seconds), so the tests share the module's cluster, and the one that kills
its scheduler comes last of them. Nothing here measures time.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kg import errors
from kg.cli import main
from kg.pipeline.batch import build
from kg.pipeline.cluster import dask_engine
from kg.pipeline.extract import Extractor
from kg.pipeline.folder import MARKER

pytestmark = [pytest.mark.model, pytest.mark.dask]

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TOOL = [sys.executable, str(ROOT / "tools" / "dask_cluster.py")]
PAGE = "本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。江西省总工会党组书记、副主席周立平出席并致辞。\n"
TRADITIONAL = "本報訊（記者王鑫）近日，雲南省總工會黨組書記、常務副主席王宏介紹，雲南省總工會大力實施“技能強滇”行動。\n"
BINARY = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def outputs(out: Path) -> dict[str, bytes]:
    """extract/, graph.ttl, graph.graphml, neo4j/ and view/, by relative path (not the SPARQL
    store, whose database files differ in bytes from one load to the next)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("report.json", MARKER)
            and not {".cache", "store"} & set(p.relative_to(out).parts[:1])}


def report(out: Path) -> dict:
    """report.json without what says how and how fast it ran."""
    r = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in ("seconds", "workers", "engine", "cache"):
        r.pop(key, None)
    return r


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The seed pages, a short page, a Traditional one in Big5, and a binary file (refused)."""
    folder = tmp_path_factory.mktemp("in")
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    (folder / "short.txt").write_text(PAGE, encoding="utf-8")
    (folder / "traditional.txt").write_bytes(TRADITIONAL.encode("big5"))
    (folder / "broken.txt").write_bytes(BINARY)
    return folder


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory) -> Path:
    """The reference: the same inputs built in this process, with no cache."""
    out = tmp_path_factory.mktemp("local") / "out"
    ex = Extractor.load()
    try:
        build([inputs], out, extractor=ex, cache=False)
    finally:
        ex.close()
    return out


@pytest.fixture
def previous(local, tmp_path) -> tuple[Path, dict]:
    """An output folder holding a build, and its bytes."""
    out = tmp_path / "out"
    shutil.copytree(local, out)
    return out, snapshot(out)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two worker processes of one thread each, as `make dask-up` starts them,
    on a free port; stopped at the end of the module."""
    from distributed import Client

    state = tmp_path_factory.mktemp("dask")
    port = free_port()
    started = subprocess.run([*TOOL, "start", "--state", state, "--port", str(port), "--workers", "2"],
                             capture_output=True, text=True, timeout=300)
    assert started.returncode == 0, started.stderr
    address = f"tcp://127.0.0.1:{port}"
    client = Client(address, set_as_default=False)
    yield SimpleNamespace(address=address, client=client, state=state)
    try:
        client.close(timeout=5)
    except Exception:  # the last test killed the scheduler
        pass
    stopped = subprocess.run([*TOOL, "stop", "--state", state], capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 0, stopped.stderr


def test_a_cluster_build_writes_the_bytes_of_a_local_build(cluster, inputs, local, tmp_path):
    out = tmp_path / "out"
    r = build([inputs], out, engine=dask_engine(cluster.address, 1, False))
    assert outputs(out) == outputs(local)
    assert len(list((out / "extract").iterdir())) == 7
    assert report(out) == report(local)
    assert [f["input"] for f in r["failed"]] == [str(inputs / "broken.txt")]
    assert r["engine"] == {"name": "dask", "scheduler": cluster.address, "workers": 2, "threads": 2}
    assert r["cache"] == {"hits": 0, "extracted": 7}
    # again: every page from the cache, none sent; the engine is not even started
    started = []
    again = build([inputs], out, engine=lambda: started.append(1))
    assert started == [] and again["cache"] == {"hits": 7, "extracted": 0} and "engine" not in again
    assert outputs(out) == outputs(local)


def test_a_worker_killed_mid_build_is_replaced_and_its_page_retried(cluster, inputs, local, tmp_path):
    client = cluster.client
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(path: Path) -> None:  # when the first page is taken, others are out
        if not killed:
            busy = [w for w, keys in client.processing().items() if any(str(k).startswith("kg-page-") for k in keys)]
            assert busy, "no worker holds a page"
            killed.append(pids[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

    out = tmp_path / "out"
    r = build([inputs], out, engine=dask_engine(cluster.address, 1, False), cache=False, progress=kill_a_busy_worker)
    assert killed
    assert outputs(out) == outputs(local)
    assert report(out) == report(local) and [f["input"] for f in r["failed"]] == [str(inputs / "broken.txt")]
    deadline = time.monotonic() + 120  # its nanny starts another in its place
    while len(client.scheduler_info(n_workers=-1)["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    now = client.run(os.getpid)
    assert len(now) == 2 and killed[0] not in now.values()


def test_a_scheduler_that_goes_away_stops_the_build_and_leaves_the_previous_one(cluster, inputs, previous):
    """(Last of the tests on the module's cluster: it kills the scheduler.)"""
    out, before = previous
    scheduler = int((cluster.state / "scheduler.pid").read_text())

    def kill_the_scheduler(path: Path) -> None:
        if path == inputs / SEEDS[0].name:
            os.kill(scheduler, signal.SIGKILL)

    with pytest.raises(errors.KGError) as caught:
        build([inputs], out, engine=dask_engine(cluster.address, 1, False), cache=False, progress=kill_the_scheduler)
    line = str(caught.value)
    assert line.startswith(f"E062 lost the Dask scheduler at {cluster.address} during the build (") and "\n" not in line
    assert caught.value.exit_code == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no new folder or lock left


def children() -> set[int]:
    return {int(pid) for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()}


def test_a_local_cluster_for_the_build_and_a_page_that_kills_every_worker(tmp_path):
    """--engine dask without --scheduler: a cluster of --workers processes for the build, stopped
    after it. A page whose worker dies each time (a preload makes it so in every worker the
    cluster starts) is tried on a second worker, then reported as failed; the rest builds."""
    import dask.config

    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "a.txt").write_text(PAGE, encoding="utf-8")
    (pages / "b.txt").write_text(PAGE.replace("周立平", "邱文挺"), encoding="utf-8")
    (pages / "killer.txt").write_text(PAGE.replace("焊工", "电工"), encoding="utf-8")
    before = children()
    with dask.config.set({"distributed.worker.preload": [str(Path(__file__).with_name("dask_faults.py"))]}):
        result = run("build", pages, "--out", tmp_path / "out", "--engine", "dask", "--workers", 2, "--no-cache", "--quiet")
    assert result.exit_code == 1, result.output
    r = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert r["documents"] == 2 and r["engine"] == {"name": "dask", "scheduler": "local", "workers": 2, "threads": 2}
    [failed] = r["failed"]
    assert failed["input"] == str(pages / "killer.txt")
    assert failed["error"].startswith(f"E064 Dask workers died 2 times while extracting {pages / 'killer.txt'} (the last was tcp://127.0.0.1:")
    assert failed["error"].endswith("; the scheduler's allowed-failures is 1)")
    assert result.stderr.splitlines()[0] == f"kg: failed: {failed['error']}"
    left = [pid for pid in children() - before if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert left == [], "the build's cluster is still running"


def test_a_worker_from_another_checkout_is_refused_naming_it(inputs, previous, tmp_path):
    """A worker whose pipelines/ differ by one line of a word list: one line naming it, exit 1,
    nothing built; it never loads the pipeline."""
    from distributed import LocalCluster

    other = tmp_path / "other"
    shutil.copytree(ROOT / "kg", other / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "pipelines", other / "pipelines")
    (other / "models").symlink_to((ROOT / "models").resolve())
    roles = other / "pipelines" / "roles.txt"
    roles.write_text(roles.read_text(encoding="utf-8") + "测试员\n", encoding="utf-8")
    out, before = previous
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=None) as scheduler:
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", scheduler.scheduler_address, "--nthreads", "1",
             "--no-nanny", "--host", "127.0.0.1", "--no-dashboard"],
            cwd=other, env={**os.environ, "PYTHONPATH": str(other)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            result = run("build", inputs, "--out", out, "--engine", "dask", "--scheduler", scheduler.scheduler_address)
            [address] = scheduler.scheduler.workers  # (the scheduler runs in this process)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: E061 Dask worker {address} (host {socket.gethostname()}, process {worker.pid}, "
                           f"kg at {other}) does not run this client's pipeline: its pipelines/ differ; ")
    assert snapshot(out) == before


def test_an_unreachable_scheduler_is_one_line_and_exit_1(inputs, previous):
    out, before = previous
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": address, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", inputs, "--out", out, "--engine", "dask"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"kg: error: E060 cannot reach the Dask scheduler at {address}: ")
    assert snapshot(out) == before


@pytest.mark.parametrize("args, line", [
    (["--scheduler", "tcp://127.0.0.1:8786"], "E067 --scheduler is for --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "E067 --workers sizes the local cluster"),
    (["--engine", "dask", "--scheduler", "127.0.0.1:port"], "E070 --scheduler 127.0.0.1:port is not the address of a Dask scheduler"),
])
def test_options_that_do_not_go_together_are_usage_errors(tmp_path, args, line):
    result = run("build", ROOT / "seeds", "--out", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {line}") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
