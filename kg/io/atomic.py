"""Writing files so that a reader sees the old content or the new, never a part.

Every output is first made in a hidden sibling named for the process that makes it
(:func:`sibling`: ``.<name>.<pid>.<random>.tmp``), flushed to disk, and renamed over the file
only when it is complete (:func:`stage` makes the sibling, the caller renames it; a build renames
all its outputs at the end). A process killed half-way leaves its siblings behind;
:func:`remove_stale` removes those whose process has ended.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", "新\\n")
>>> (folder / "a.txt").read_text(encoding="utf-8"), [p.name for p in folder.iterdir()]
('新\\n', ['a.txt'])
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

__all__ = ["sibling", "fsync", "stage", "stage_from", "text_writer", "write_atomic", "replace_folder", "remove_stale",
           "exchange", "swap_folder", "naming"]


def sibling(path: Path, suffix: str = "tmp") -> Path:
    """A new hidden name beside ``path`` that tells which process made it.

    >>> import re
    >>> bool(re.fullmatch(r"\\.a\\.txt\\.\\d+\\.[0-9a-f]{8}\\.tmp", sibling(Path("out/a.txt")).name))
    True
    """
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.{suffix}")


def fsync(path: Path) -> None:
    """Flush a written file to disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stage(path: Path, write: Callable[[Path], None], durable: bool = True) -> Path:
    """Make the next content of ``path`` in a hidden sibling with ``write(sibling)``, flushed to
    disk (unless not ``durable``), and return the sibling; ``path`` itself does not change. On
    failure the sibling goes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = sibling(path)
    # os.open with 0o666 lets the umask decide the mode (mkstemp would make it 0600)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        with naming(path):
            write(tmp)
            if durable:
                fsync(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def stage_from(path: Path, src: Path) -> Path:
    """Like :func:`stage`, with the content already in the file ``src`` (moved, or copied from
    another file system)."""

    def move(tmp: Path) -> None:
        try:
            os.replace(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)

    return stage(path, move)


def text_writer(data: str) -> Callable[[Path], None]:
    """A ``write`` for :func:`stage` that writes ``data`` as UTF-8 with ``\\n`` line ends."""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)

    return write


def write_atomic(path: Path, data: str, durable: bool = True) -> None:
    """Write ``data`` to ``path``: a reader sees the old content or the new, never a part.
    Without ``durable`` the new content is not flushed to disk first (a cache entry, which is
    checked when read, need not cost a flush)."""
    os.replace(stage(path, text_writer(data), durable), path)


def replace_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Replace ``folder`` as a whole with what ``fill(tmp)`` writes into a new sibling folder,
    so that no file of its earlier content stays. On failure the sibling goes and ``folder``
    is left as it was."""
    tmp = sibling(folder)
    tmp.mkdir(parents=True)
    try:
        fill(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(tmp, folder)


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (one of another user's is taken to be alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def remove_stale(folder: Path, suffix: str = "tmp", name: str | None = None) -> None:
    """Remove the hidden siblings (files or folders, named by :func:`sibling` with ``suffix``;
    with ``name``, only those of that name) that processes which have ended left in ``folder``."""
    pattern = re.compile(rf"\.{re.escape(name) if name else '.+'}\.(\d+)\.[0-9a-f]{{8}}\.{re.escape(suffix)}")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for path in entries:
        m = pattern.fullmatch(path.name)
        if m and _gone(int(m.group(1))):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step with Linux's ``renameat2(RENAME_EXCHANGE)``; False
    where the system or the file system cannot (then nothing changed)."""
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def exchange(new: Path, current: Path, old: Path) -> bool:
    """Put the folder ``new`` at ``current`` and what was at ``current`` at ``old``.

    Where Linux can swap two names in one step (``renameat2`` with ``RENAME_EXCHANGE``: ext4,
    xfs, btrfs, tmpfs ...) a reader of ``current`` sees the old folder or the new one at every
    instant; elsewhere ``current`` is renamed to ``old`` and ``new`` to ``current``, and for
    the instant between them ``current`` does not exist. Returns whether the swap was one step.

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> for name in ("cur", "new"):
    ...     (top / name).mkdir(); (top / name / name).touch()
    >>> one_step = exchange(top / "new", top / "cur", top / "old")
    >>> [p.name for p in (top / "cur").iterdir()], [p.name for p in (top / "old").iterdir()], (top / "new").exists()
    (['new'], ['cur'], False)
    """
    if _renameat2_exchange(new, current):
        os.rename(new, old)
        return True
    os.rename(current, old)
    os.rename(new, current)
    return False


def swap_folder(staged: Path, folder: Path) -> None:
    """Put the complete folder ``staged`` (a :func:`sibling` of ``folder``) where ``folder`` is,
    swapped in one step where the file system can (:func:`exchange`), the old folder removed
    after; a kill in between leaves an ``.old`` sibling that :func:`remove_stale` removes.

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "v").mkdir(); (top / "v" / "old.txt").write_text("1")
    1
    >>> new = sibling(top / "v"); new.mkdir(); (new / "new.txt").write_text("2")
    1
    >>> swap_folder(new, top / "v")
    >>> [p.name for p in top.iterdir()], [p.name for p in (top / "v").iterdir()]
    (['v'], ['new.txt'])
    """
    if not folder.exists():
        os.rename(staged, folder)
        return
    old = sibling(folder, "old")
    exchange(staged, folder, old)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """An ``OSError`` raised in the block without a file name (a write that found the disk
    full) is given ``path``, so that its message says which file.

    >>> with naming(Path("out/a.json")):
    ...     raise OSError(28, "No space left on device")
    Traceback (most recent call last):
    ...
    OSError: [Errno 28] No space left on device: 'out/a.json'
    """
    try:
        yield
    except OSError as exc:
        if not exc.filename:
            exc.filename = str(path)
        raise
