"""Input files: finding them, and reading their bytes with the checks that make errors clear.

What is read here is decoded by :func:`kg.io.decode.decode`; nothing here knows about
encodings.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Sequence

from .. import errors
from .decode import Decoded, decode
from .names import shown

__all__ = ["DEFAULT_MAX_BYTES", "INPUT_SUFFIXES", "parse_size", "collect_inputs", "read_bytes", "read_input", "os_reason"]

#: Largest input read, in bytes. 1,000,000 bytes are at most 1,000,000 characters, which is
#: spaCy's default ``max_length``; a news page is rarely over 100 kB.
DEFAULT_MAX_BYTES = 1_000_000


def parse_size(value: str | int) -> int:
    """A byte count from ``1000000``, ``512K``, ``2M``, ``1G`` (binary units, ``B``/``iB`` optional).

    >>> parse_size("2M"), parse_size("512kib"), parse_size(100)
    (2097152, 524288, 100)
    """
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*", value, re.I)
    if not m:
        raise ValueError(f"not a size: {value!r} (use e.g. 1000000, 512K, 2M)")
    return int(m.group(1)) * 1024 ** " kmg".index((m.group(2) or " ").lower())


#: Suffixes of the files taken from a folder (in any case).
INPUT_SUFFIXES = (".txt", ".htm", ".html")


def _leaves(path: Path, inside: str) -> str | None:
    """The target of ``path`` if it is a symbolic link that leads out of the folder ``inside``
    (a real path), else None."""
    if not path.is_symlink():
        return None
    target = os.path.realpath(path)
    return None if os.path.commonpath([inside, target]) == inside else target


def _walk(top: Path, problems: list | None, follow_links: bool = False, skipped: list | None = None) -> list[Path]:
    """Input files under ``top``: symlinked folders followed, each real folder once; without
    ``follow_links``, links that lead out of ``top`` are skipped (and listed in ``skipped``)."""
    found: list[Path] = []
    visited: set[str] = set()
    inside = os.path.realpath(top)

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems.append((Path(exc.filename), os_reason(exc)))

    def kept(folder: str, name: str) -> bool:
        target = None if follow_links else _leaves(Path(folder, name), inside)
        if target is not None and skipped is not None:
            skipped.append((Path(folder, name), Path(target), top))
        return target is None

    for folder, subfolders, names in os.walk(top, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:  # reached again through a symlink: a loop, or a second way in
            subfolders[:] = []
            continue
        visited.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and kept(folder, d))
        found += (Path(folder, n) for n in sorted(names)
                  if not n.startswith(".") and n.lower().endswith(INPUT_SUFFIXES) and kept(folder, n))
    return sorted(found)


def collect_inputs(paths: Sequence[str | Path], problems: list | None = None, follow_links: bool = False,
                   skipped: list | None = None) -> list[Path]:
    """Input files: files as given, folders searched for ``*.txt`` and ``*.html`` (sorted, no
    duplicates).

    Folders are walked with symlinks followed but each real folder entered once, so a symlink
    loop ends; hidden files and folders (``.name``) are skipped. A symbolic link that leads out
    of the folder given (``passwd.txt -> /etc/passwd``, a link to ``/usr/share``) is not
    followed unless ``follow_links``: it is appended to ``skipped`` as ``(link, target, folder)``
    when a list is given. A path that does not exist, a dangling or looping symlink, and a file
    that is not regular are returned, so that reading them reports them. A folder that cannot
    be listed is appended to ``problems`` as ``(path, reason)`` when a list is given.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += _walk(p, problems, follow_links, skipped)
        else:
            files.append(p)
    seen, out = set(), []
    for f in files:
        try:
            key = f.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            key = f
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def os_reason(exc: OSError) -> str:
    """Why a file could not be used, for a one-line message."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder: check the path"
    return exc.strerror or str(exc)


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """One input file, decoded by :func:`kg.io.decode.decode`.

    Raises :class:`errors.KGError` naming the file and the reason when it cannot be used:
    missing or unreadable, not a regular file (a FIFO would block), over ``max_bytes`` (checked
    before reading, and no more than ``max_bytes + 1`` bytes are ever read), or refused by
    :func:`kg.io.decode.decode`.
    """
    return decode(read_bytes(path, max_bytes), shown(path))


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input file, with the checks of :func:`read_input` but not decoded."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise errors.KGError(errors.E034.format(path=shown(path)))
        if st.st_size > max_bytes:
            raise errors.KGError(errors.E030.format(path=shown(path), size=st.st_size, limit=max_bytes))
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise errors.KGError(errors.E003.format(path=shown(path), reason=os_reason(exc))) from None
    if len(data) > max_bytes:  # the file grew after the check
        raise errors.KGError(errors.E030.format(path=shown(path), size=len(data), limit=max_bytes))
    return data
