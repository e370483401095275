"""``kg view``: the browser view of a build that is already there, written again from its
``graph.graphml`` and the page records its cache keeps (each entry's view record, see
:mod:`kg.pipeline.cache`), without extracting anything.

A document whose entry is gone (a build with ``--no-cache``, or a cache removed) still has its
facts and evidence sentences in the view, without its text.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..export.view import ViewDocument, write_view
from ..stats import read_build
from .cache import read_head

__all__ = ["cached_views", "write_build_view"]


def _entry_id(path: Path) -> str | None:
    """The document id in the head line of a cache entry (None if it cannot be read)."""
    import json

    try:
        with open(path, encoding="utf-8") as f:
            head = json.loads(f.readline())
        return head.get("id") if type(head) is dict else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def cached_views(cache: Path, ids: set[str]) -> dict[str, Path]:
    """Document id -> the newest entry of ``cache`` for it, for the ids in ``ids``."""
    newest: dict[str, tuple[int, Path]] = {}
    for path in cache.glob("*/*.entry"):
        doc_id = _entry_id(path)
        if doc_id in ids:
            mtime = path.stat().st_mtime_ns
            if doc_id not in newest or mtime > newest[doc_id][0]:
                newest[doc_id] = (mtime, path)
    return {doc_id: path for doc_id, (_, path) in newest.items()}


def _documents(entries: dict[str, Path]) -> Iterator[ViewDocument]:
    for doc_id in sorted(entries):
        try:
            _, view, _ = read_head(entries[doc_id].read_text(encoding="utf-8"))
            yield ViewDocument.from_record(view)
        except (OSError, ValueError, KeyError, UnicodeDecodeError):
            continue  # an entry of an older format, or damaged: the document shows without text


def write_build_view(build: Path, cache: Path | None = None) -> tuple[Path, int, int]:
    """Write ``build/view/`` again; return its ``index.html``, the documents shown with their
    text and all the documents."""
    graph, _ = read_build(build)
    ids = set(graph.graph.get("documents", {}))
    entries = cached_views(cache or build / ".cache", ids) if (cache or build / ".cache").is_dir() else {}
    shown = []

    def documents():
        for doc in _documents(entries):
            shown.append(doc.id)
            yield doc

    index = write_view(graph, documents(), build / "view")
    return index, len(shown), len(ids)
