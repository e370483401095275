"""A Dask cluster on this machine, to try ``kg build --engine dask`` before pointing it at a real
one: a scheduler on 127.0.0.1 and N single-threaded worker processes (the pipeline holds the GIL,
so processes, not threads), each behind a nanny that replaces it if it dies.

Usage::

    python tools/dask_cluster.py start [--workers N] [--port 8786]   # daemons; waits for the workers
    python tools/dask_cluster.py status                                # exit 0 when running
    python tools/dask_cluster.py stop

``make dask-up`` and ``make dask-down`` run it. The PID files and logs go under ``--state``
(default ``.dask/``): ``scheduler.pid``, ``workers.pid``, ``scheduler.log``, ``workers.log``,
and the workers' scratch space in ``work/``. The scheduler takes the settings of the clusters
``kg build`` starts itself (:data:`kg.pipeline.cluster.SCHEDULER_CONFIG`: a page whose worker
died is tried once more). Nothing listens beyond 127.0.0.1, and nothing is encrypted.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
STOP_SECONDS = 20


def dask_command() -> list[str]:
    """The ``dask`` command of this Python (the venv's), or ``python -m dask``."""
    here = Path(sys.executable).parent / "dask"
    return [str(here)] if here.exists() else [sys.executable, "-m", "dask"]


def port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def alive(pid: int) -> bool:
    """Whether ``pid`` runs and is a dask process (not another that reuses the number)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"dask" in cmdline or b"distributed" in cmdline


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def scheduler_env() -> dict:
    """This environment with the scheduler settings of kg's own clusters, as Dask's variables."""
    from kg.pipeline.cluster import SCHEDULER_CONFIG

    env = dict(os.environ)
    for key, value in SCHEDULER_CONFIG.items():
        env["DASK_" + key.replace(".", "__").replace("-", "_").upper()] = str(value)
    return env


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def spawn(cmd: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    """``cmd`` as a daemon: its own session (Ctrl-C in this terminal does not reach it), its
    output appended to ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                env=env, start_new_session=True)


def start(args: argparse.Namespace) -> int:
    state = Path(args.state)
    state.mkdir(parents=True, exist_ok=True)
    running = read_pid(state / "scheduler.pid")
    if running and alive(running):
        print(f"dask_cluster: already running (scheduler process {running}); `make dask-down` first", file=sys.stderr)
        return 1
    if port_open(args.port):
        print(f"dask_cluster: port {args.port} on {HOST} is taken by another program: give another (make dask-up DASK_PORT=...)",
              file=sys.stderr)
        return 1
    address = f"tcp://{HOST}:{args.port}"
    dask = dask_command()
    scheduler = spawn([*dask, "scheduler", "--host", HOST, "--port", str(args.port), "--no-dashboard"],
                      state / "scheduler.log", scheduler_env())
    (state / "scheduler.pid").write_text(f"{scheduler.pid}\n")
    deadline = time.monotonic() + 60
    while not port_open(args.port):
        if scheduler.poll() is not None or time.monotonic() > deadline:
            print(f"dask_cluster: the scheduler did not start; {state / 'scheduler.log'} ends:\n{tail(state / 'scheduler.log')}",
                  file=sys.stderr)
            stop(args)
            return 1
        time.sleep(0.2)
    workers = spawn([*dask, "worker", address, "--nworkers", str(args.workers), "--nthreads", "1", "--host", HOST,
                     "--no-dashboard", "--local-directory", str(state / "work")], state / "workers.log")
    (state / "workers.pid").write_text(f"{workers.pid}\n")
    if not wait_for_workers(address, args.workers, workers):
        print(f"dask_cluster: {args.workers} workers did not join; {state / 'workers.log'} ends:\n{tail(state / 'workers.log')}",
              file=sys.stderr)
        stop(args)
        return 1
    print(f"Dask scheduler at {address} with {args.workers} single-threaded workers (logs in {state}/)\n"
          f"  kg build seeds/ --engine dask --scheduler {address} --out build-dask/")
    return 0


def wait_for_workers(address: str, n: int, process: subprocess.Popen, seconds: float = 120) -> bool:
    from distributed import Client

    with Client(address, timeout="30s", set_as_default=False) as client:
        deadline = time.monotonic() + seconds
        while len(client.scheduler_info(n_workers=-1)["workers"]) < n:
            if process.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.3)
    return True


def stop(args: argparse.Namespace) -> int:
    """Stop the workers, then the scheduler: SIGTERM to each one's process group, SIGKILL to
    what is left after a while."""
    state = Path(args.state)
    for name in ("workers", "scheduler"):
        pid_file = state / f"{name}.pid"
        pid = read_pid(pid_file)
        if pid and alive(pid):
            end_group(pid)
        pid_file.unlink(missing_ok=True)
    print("Dask cluster stopped")
    return 0


def end_group(pid: int) -> None:
    """End the process group that ``pid`` leads (it was started in a session of its own)."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    try:  # (a child of this process only when start() failed half-way)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def status(args: argparse.Namespace) -> int:
    state = Path(args.state)
    pids = {name: read_pid(state / f"{name}.pid") for name in ("scheduler", "workers")}
    up = all(pid and alive(pid) for pid in pids.values())
    print("running" if up else "not running", *(f"{k}={v}" for k, v in pids.items() if v))
    return 0 if up else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status"])
    parser.add_argument("--state", default=str(ROOT / ".dask"), help="PID files, logs, scratch space")
    parser.add_argument("--port", type=int, default=8786)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    return {"start": start, "stop": stop, "status": status}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
