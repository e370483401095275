"""A local Bolt server for people without Neo4j: ArcadeDB (PyPI ``arcadedb-embedded``, which
bundles its own Java runtime), speaking Bolt and Cypher as a Neo4j 5 server does.

It listens on 127.0.0.1 only. The password of its ``root`` user comes from the environment
variable NEO4J_PASSWORD (at least 8 characters) and is fixed when the data folder is first made;
to change it, stop the server and delete the data folder.

Usage::

    NEO4J_PASSWORD=... python tools/neo4j_server.py start    # daemon; waits until Bolt answers
    python tools/neo4j_server.py status                      # exit 0 when running
    python tools/neo4j_server.py stop
    NEO4J_PASSWORD=... python tools/neo4j_server.py serve    # in the foreground (tests use it)

``start`` keeps its pid file, log and data under ``--state`` (default ``.neo4j/``).
``serve`` prints one line ``ready bolt://127.0.0.1:<port>`` once every database exists, and
stops the server cleanly on SIGTERM or Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY = "ready"
MIN_PASSWORD = 8
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


def port_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def password_from_env() -> str:
    """NEO4J_PASSWORD, or exit with a message when it is unset or too short for ArcadeDB."""
    password = os.environ.get("NEO4J_PASSWORD", "")
    if len(password) < MIN_PASSWORD:
        sys.exit(f"neo4j_server: set NEO4J_PASSWORD to at least {MIN_PASSWORD} characters")
    return password


def serve(args: argparse.Namespace) -> int:
    """Run the server in the foreground until SIGTERM or SIGINT."""
    password = password_from_env()
    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    # ArcadeDB writes its application log to ./log; keep it inside the data folder.
    os.chdir(data)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    from arcadedb_embedded import ArcadeDBServer

    config = {
        "host": HOST,
        "http_port": args.http_port,
        "server_plugins": BOLT_PLUGIN,
        "bolt_port": args.bolt_port,
    }
    server = ArcadeDBServer(str(data), password, config, jvm_kwargs={"heap_size": args.heap})
    started = time.perf_counter()
    server.start()
    try:
        for name in args.database:
            server.create_database(name)
        # The JVM may have put its own handlers in place while starting: take the signals back.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        seconds = time.perf_counter() - started
        # A leading newline: the engine's last log line has none.
        print(f"\n{READY} bolt://{HOST}:{args.bolt_port} databases={','.join(args.database)} "
              f"seconds={seconds:.1f}", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    print("\nstopped", flush=True)
    return 0


def _paths(state: str) -> tuple[Path, Path, Path]:
    base = Path(state)
    return base / "server.pid", base / "server.log", base / "data"


def _running_pid(pid_file: Path) -> int | None:
    """The pid in ``pid_file`` if that process is alive and is this script's server."""
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if b"neo4j_server.py" in cmdline and b"serve" in cmdline else None


def _wait_ready(process: subprocess.Popen, log: Path, port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if any(line.startswith(READY) for line in text.splitlines()) and port_open(port):
            return True
        time.sleep(0.3)
    return False


def start(args: argparse.Namespace) -> int:
    """Start ``serve`` as a daemon; return when it answers on the Bolt port."""
    password_from_env()
    pid_file, log, data = _paths(args.state)
    pid = _running_pid(pid_file)
    if pid:
        print(f"already running (pid {pid}) on bolt://{HOST}:{args.bolt_port}")
        return 0
    if port_open(args.bolt_port):
        sys.exit(f"neo4j_server: port {args.bolt_port} is taken by another program")
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, str(Path(__file__).resolve()), "serve", "--data", str(data.resolve()),
        "--bolt-port", str(args.bolt_port), "--http-port", str(args.http_port), "--heap", args.heap,
        *(option for name in args.database for option in ("--database", name)),
    ]
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    pid_file.write_text(f"{process.pid}\n")
    if not _wait_ready(process, log, args.bolt_port, args.timeout):
        if process.poll() is None:
            process.terminate()
        pid_file.unlink(missing_ok=True)
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        sys.exit("neo4j_server: the server did not start; the end of " + f"{log}:\n" + "\n".join(tail))
    print(f"running (pid {process.pid}) on bolt://{HOST}:{args.bolt_port}, user root, "
          f"databases {', '.join(args.database)}; log {log}")
    return 0


def stop(args: argparse.Namespace) -> int:
    """Stop the daemon: SIGTERM, then SIGKILL after ``--timeout`` seconds."""
    pid_file, _, _ = _paths(args.state)
    pid = _running_pid(pid_file)
    if not pid:
        pid_file.unlink(missing_ok=True)
        print("not running")
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + args.timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    if Path(f"/proc/{pid}").exists():
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    print(f"stopped (pid {pid})")
    return 0


def status(args: argparse.Namespace) -> int:
    """Exit 0 and say where when the daemon runs, else exit 1."""
    pid = _running_pid(_paths(args.state)[0])
    if pid and port_open(args.bolt_port):
        print(f"running (pid {pid}) on bolt://{HOST}:{args.bolt_port}")
        return 0
    print("starting" if pid else "not running")
    return 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run in (("serve", serve), ("start", start), ("stop", stop), ("status", status)):
        sub = commands.add_parser(name, help=run.__doc__.splitlines()[0])
        sub.set_defaults(run=run)
        sub.add_argument("--bolt-port", type=int, default=int(os.environ.get("NEO4J_BOLT_PORT", 7687)))
        sub.add_argument("--timeout", type=float, default=120.0, help="seconds to wait (start, stop)")
        sub.add_argument("--state", default=str(ROOT / ".neo4j"), help="pid file, log and data")
        sub.add_argument("--http-port", type=int, default=int(os.environ.get("ARCADEDB_HTTP_PORT", 2480)))
        sub.add_argument("--heap", default="1g", help="JVM heap, e.g. 1g")
        sub.add_argument("--database", action="append", help="database to create (repeatable; default neo4j)")
        sub.add_argument("--data", help="data folder of serve (default STATE/data)")
    args = parser.parse_args(argv)
    args.database = args.database or ["neo4j"]
    args.data = args.data or str(_paths(args.state)[2])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
