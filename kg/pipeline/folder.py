"""The output folder of ``kg build``: checked before anything is extracted, one build in it at a
time, and replaced as a whole when a build succeeds.

A build makes its outputs in a new hidden folder beside ``OUT`` (``.OUT.<pid>.<random>.new``),
its :data:`MARKER` written last, then swaps it with ``OUT`` in one step
(:func:`kg.io.atomic.exchange`): a reader of ``OUT`` sees the whole previous build or the
whole new one, never a mix, and a build killed at any moment leaves the previous one as it
was. ``OUT`` stays an ordinary folder.

Because the folder is replaced whole, ``kg build`` writes only into a folder it owns: one that
does not exist yet, an empty one, or one that holds its :data:`MARKER` (or the outputs of a
build made before the marker existed) and nothing else. Anything else is refused before any
work starts, so that nothing of the user's is ever replaced or deleted.

The lock (:mod:`kg.io.lock`) is a file beside ``OUT`` (``.OUT.lock``) that exists while a build
runs; a second build into the same folder is refused at once.
"""
from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import errors
from ..io import atomic
from ..io.lock import Busy, hold
from ..io.names import shown

__all__ = ["MARKER", "OUTPUTS", "CACHE", "DERIVED", "MIN_FREE_BYTES", "OutputFolder"]

#: The file that marks a folder as a ``kg build``'s: it lists what the build made.
MARKER = ".kg-build.json"
#: What a build makes in its folder (besides :data:`MARKER` and :data:`CACHE`).
OUTPUTS = ("extract", "graph.graphml", "graph.ttl", "neo4j", "report.json", "view")
#: The page cache, when it lives in the output folder.
CACHE = ".cache"
#: What other kg commands make in a build's folder after the build: ``kg sparql`` the store
#: (when missing or stale) and its lock, ``kg view`` the view. Still the build's own.
DERIVED = ("store", ".store.lock", "view")
#: Free space the output folder's file system must have before a build starts.
MIN_FREE_BYTES = 64 * 1024 * 1024
_SUFFIXES = ("new", "old", "tmp", "spool")


def _legacy_build(folder: Path, names: set[str]) -> bool:
    """Whether ``folder`` holds the outputs of a build made before :data:`MARKER` existed:
    only output names, and a ``report.json`` of the shape ``kg build`` writes."""
    if not names <= {*OUTPUTS, CACHE, *DERIVED} or "report.json" not in names:
        return False
    try:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return type(report) is dict and {"documents", "graph", "seconds", "failed"} <= set(report)


class OutputFolder:
    """``OUT`` of one build (a symlink to a folder stands for that folder)."""

    def __init__(self, out: str | Path):
        given = Path(out)
        self.given = given
        self.path = Path(os.path.realpath(given)) if given.is_symlink() else given.absolute()
        self.parent = self.path.parent
        self.stage: Path | None = None

    # --- before any work ----------------------------------------------------------------

    def prepare(self) -> None:
        """Make the parent folders if missing; refuse (one line naming the folder) an output
        that is not a folder, or whose parent cannot hold the build's new folder and lock."""
        out, name = self.path, shown(self.given)
        if out.exists() and not out.is_dir():
            raise errors.UsageError(errors.E042.format(out=name, reason="it is not a folder"))
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.UsageError(errors.E042.format(out=name, reason=f"cannot make {shown(self.parent)}: {exc.strerror}")) from None
        if not os.access(self.parent, os.W_OK | os.X_OK):
            raise errors.UsageError(errors.E043.format(out=name, parent=shown(self.parent)))

    def check(self) -> None:
        """Refuse, with one line naming the folder, an output folder a build cannot use (call
        after :meth:`prepare`, holding the lock): not ours, a mount point, or too little free
        space."""
        out, name = self.path, shown(self.given)
        if out.is_dir():
            self._check_owned(out, name)
            if os.stat(out).st_dev != os.stat(self.parent).st_dev:
                raise errors.UsageError(errors.E044.format(out=name))
        free = shutil.disk_usage(self.parent).free
        if free < MIN_FREE_BYTES:
            raise errors.UsageError(errors.E045.format(out=name, free=free // 2**20, need=MIN_FREE_BYTES // 2**20))

    def _check_owned(self, out: Path, name: str) -> None:
        try:
            names = {p.name for p in out.iterdir()}
        except OSError as exc:
            raise errors.UsageError(errors.E042.format(out=name, reason=exc.strerror)) from None
        if not names:
            return
        if MARKER in names:
            try:
                made = set(json.loads((out / MARKER).read_text(encoding="utf-8"))["outputs"])
            except (OSError, ValueError, KeyError, TypeError):
                made = set()
            foreign = sorted(names - made - {MARKER, CACHE, *DERIVED})
        else:
            foreign = [] if _legacy_build(out, names) else sorted(names)
        if foreign:
            listed = ", ".join(shown(n) + ("/" if (out / n).is_dir() else "") for n in foreign[:5])
            more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
            raise errors.UsageError(errors.E046.format(out=name, what=listed + more))

    # --- one build at a time ------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock; :class:`kg.errors.KGError` at once if another build does."""
        try:
            with hold(self.parent / f".{self.path.name}.lock"):
                yield
        except Busy as exc:
            raise errors.KGError(errors.E047.format(out=shown(self.given), pid=exc.pid or "?")) from None

    def recover(self) -> None:
        """Clean up after builds that were killed (call while holding the lock): a folder a
        killed build had moved aside is put back if ``OUT`` is missing; the rest it left goes."""
        leftovers = []
        for suffix in _SUFFIXES:
            leftovers += sorted(self.parent.glob(f".{_glob_escape(self.path.name)}.*.{suffix}"))
        if not self.path.exists():  # killed between the two renames of a swap in two steps
            whole = [p for p in leftovers if p.name.endswith(".new") and (p / MARKER).is_file()]
            whole += [p for p in leftovers if p.name.endswith(".old") and p.is_dir()]
            if whole:
                os.rename(whole[0], self.path)
                leftovers.remove(whole[0])
        for path in leftovers:
            _remove(path)

    # --- making and publishing -----------------------------------------------------------

    def new_stage(self) -> Path:
        """A new, empty folder beside ``OUT`` for this build's outputs."""
        self.stage = atomic.sibling(self.path, "new")
        self.stage.mkdir()
        return self.stage

    def publish(self, outputs: list[str]) -> None:
        """Mark the stage as a build of ``outputs``, flush it to disk and swap it in for
        ``OUT``; the previous build is then removed."""
        stage = self.stage
        atomic.write_atomic(stage / MARKER, json.dumps({"made_by": "kg build", "outputs": sorted(outputs)}, indent=1) + "\n")
        os.sync()  # every file of the new build on disk before its name is
        checkpoint("staged")
        if not self.path.exists() or (self.path.is_dir() and not any(self.path.iterdir())):
            os.replace(stage, self.path)  # a first build (over an empty folder, if any)
            self.stage = None
            return
        old = atomic.sibling(self.path, "old")
        atomic.exchange(stage, self.path, old)
        self.stage = None
        checkpoint("swapped")
        _remove(old)

    def discard(self) -> None:
        """Remove the stage of a build that did not succeed."""
        if self.stage is not None:
            _remove(self.stage)
            self.stage = None


def _glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


#: Environment variable naming a stage at which a build kills itself (SIGKILL): for the tests
#: that check what a killed build leaves. Never set it otherwise.
KILL_AT_ENV = "KG_TEST_KILL_AT"


def checkpoint(stage: str) -> None:
    """A stage boundary of a build; the process kills itself here if :data:`KILL_AT_ENV` names it."""
    if os.environ.get(KILL_AT_ENV) == stage:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
