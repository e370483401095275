"""The local Bolt server of tools/neo4j_server.py (ArcadeDB), started for the tests.

It runs ``tools/neo4j_server.py serve`` in a child process, on free loopback ports, with its data
in a folder the caller owns, so a test session neither needs nor touches a server of the user's.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "neo4j_server.py"

__all__ = ["BoltServer", "free_port", "bolt_server"]


@dataclass(frozen=True)
class BoltServer:
    """A running test server: where it listens, its credentials, its log, its start time."""

    uri: str
    user: str
    password: str
    databases: tuple[str, ...]
    log: Path
    start_seconds: float


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ready(log: Path) -> bool:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return any(line.startswith("ready ") for line in text.splitlines())


def _stop(process: subprocess.Popen, timeout: float = 30.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def bolt_server(folder: Path, password: str, databases: tuple[str, ...] = ("neo4j",),
                timeout: float = 120.0) -> Iterator[BoltServer]:
    """Start a server with ``databases`` under ``folder``; stop it when the block ends.

    Raises ``RuntimeError`` with the end of the server's log when it does not come up.
    """
    folder.mkdir(parents=True, exist_ok=True)
    bolt, http = free_port(), free_port()
    log = folder / "server.log"
    command = [
        sys.executable, str(SCRIPT), "serve", "--data", str(folder / "data"), "--heap", "512m",
        "--bolt-port", str(bolt), "--http-port", str(http),
        *(option for name in databases for option in ("--database", name)),
    ]
    env = {**os.environ, "NEO4J_PASSWORD": password}
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + timeout
        while not _ready(log):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
                raise RuntimeError(f"the test server did not start:\n{tail}")
            time.sleep(0.2)
        yield BoltServer(f"bolt://127.0.0.1:{bolt}", "root", password, databases, log,
                         time.perf_counter() - started)
    finally:
        _stop(process)
