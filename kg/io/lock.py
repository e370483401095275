"""One process at a time: an exclusive lock on a file (``flock``), released when the process
ends however it ends (the kernel drops it), so a killed build never leaves a folder locked.

The lock file is removed when the lock is let go. A process that was waiting for it may then
hold a lock on a file that no longer has a name; :func:`hold` checks after locking that the
name still leads to the file it locked, and tries again when it does not, so two processes
never both believe they hold the lock.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / ".lock"
>>> with hold(path):
...     with hold(path) as second:
...         pass
Traceback (most recent call last):
...
kg.io.lock.Busy: ...
>>> path.exists()
False
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["Busy", "hold"]

#: Descriptors of the locks this process holds. A forked child (a worker, the segmenter)
#: closes them: a lock lives as long as any process has its file open, and a child that
#: outlived a killed build would otherwise keep the folder locked.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class Busy(Exception):
    """The lock is held by another process (``pid``, as it wrote it; ``None`` if unknown)."""

    def __init__(self, path: Path, pid: int | None):
        super().__init__(f"{path} is locked by process {pid}")
        self.path, self.pid = path, pid


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def _open_locked(path: Path) -> int:
    """A descriptor of ``path`` holding its lock, or :class:`Busy`."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder(fd)
            os.close(fd)
            raise Busy(path, pid) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:  # removed by the process that held it
            same = False
        if same:
            return fd
        os.close(fd)


@contextmanager
def hold(path: Path) -> Iterator[Path]:
    """Hold the lock of ``path`` (made if missing) for the ``with`` block; :class:`Busy` at
    once when another process holds it. The file holds the holder's process id."""
    fd = _open_locked(path)
    _HELD.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        try:
            os.unlink(path)  # still locked: a process that opens it now finds it gone and retries
        except OSError:
            pass
        _HELD.discard(fd)
        os.close(fd)
