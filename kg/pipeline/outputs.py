"""Writing a build's outputs: ``extract/*.json``, ``graph.ttl``, ``graph.graphml``, ``neo4j/``,
``view/``, ``store/`` and ``report.json``, so that nothing under the output folder changes until
all are made.

Each file is made in a hidden sibling (:func:`kg.io.atomic.stage`) and the renames over the old
files come last, in one go, the view and store folders swapped in with them
(:func:`kg.io.atomic.swap_folder`); the Neo4j folder is swapped whole
(:func:`kg.io.atomic.replace_folder`). What a build makes before then (each page's extract
text and view record, new cache entries) waits in a :class:`Spool` beside the output folder.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from ..io import atomic
from .extract import timed

__all__ = ["Spool", "write_outputs"]


class Spool:
    """A folder beside ``out`` for the files of a build in progress (extract texts, new cache
    entries), made when first needed: ``out`` itself changes only when the build succeeds.
    A killed build's spool is removed by the next build into the same folder."""

    def __init__(self, out: Path):
        self.out = out
        self.path: Path | None = None

    def file(self, *parts: str) -> Path:
        """A path in the spool (its folders made)."""
        if self.path is None:
            out = self.out.absolute()
            atomic.remove_stale(out.parent, "spool", name=out.name)
            try:
                self.path = atomic.sibling(out, "spool")
                self.path.mkdir()
            except OSError:  # no such folder yet, or not writable
                self.path = Path(tempfile.mkdtemp(prefix="kg-spool-"))
        path = self.path.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def remove(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None


def _stage_turtle(graph, path: Path) -> tuple[int, Path]:
    """Stage ``graph.ttl``: the triple count and the staged file. The triples are made and
    written a subject at a time (:func:`kg.export.rdf.write_turtle`, its temporary files beside
    ``path``), never all held at once."""
    from ..export import rdf

    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        with open(tmp, "wb") as f:
            count = rdf.write_turtle(graph, f, tmp.parent)

    staged = atomic.stage(path, write)
    return count, staged


def _view_documents(views: list[Path]):
    """The view records in the spool, one document at a time."""
    from ..export.view import ViewDocument

    for path in views:
        yield ViewDocument.from_record(path.read_text(encoding="utf-8"))


def write_outputs(graph, out: Path, records: list[tuple[Path, Path]], views: list[Path], timings: Counter,
                  make_report: Callable[[int], dict]) -> dict:
    """Write every output of a build of ``graph`` into ``out``; return the report.

    ``records`` are ``(extract file, its text in the spool)``, ``views`` the pages' view
    records in the spool; ``make_report(triples)`` makes the report once everything else is
    written (so that it holds every stage's time). One output after the other, in this process:
    a forked writer would share the graph only until it touched it, and would hold a copy of it.
    """
    # (imported here: a build loads rdflib and the rest while pkuseg loads, see Batch.extract)
    from ..export import graphml, store
    from ..export.neo4j import write_export  # the offline Neo4j forms: CSV files, load.cypher
    from ..export.view import stage_view

    for folder in (out, out / "extract"):
        atomic.remove_stale(folder)
    atomic.remove_stale(out, "old")
    staged: list[tuple[Path, Path]] = []  # renamed in this order: extract/, graph.ttl, graphml, report
    folders: list[tuple[Path, Path]] = []  # view/, store/: swapped in after the files
    turtle: Path | None = None  # staged, not yet in the list
    try:
        t = time.perf_counter()
        n_triples, turtle = _stage_turtle(graph, out / "graph.ttl")
        t = timed(timings, "turtle", t)
        for path, text_file in records:
            staged.append((atomic.stage_from(path, text_file), path))
        folders.append((store.stage_store(turtle, out / "store", name="graph.ttl"), out / "store"))
        t = timed(timings, "store", t)
        staged.append((turtle, out / "graph.ttl"))
        turtle = None
        staged.append((atomic.stage(out / "graph.graphml", lambda tmp: graphml.write_graphml(graph, tmp)), out / "graph.graphml"))
        t = timed(timings, "write", t)
        folders.append((stage_view(graph, _view_documents(views), out / "view"), out / "view"))
        t = timed(timings, "view", t)
        write_export(graph, out / "neo4j")  # swaps its folder whole
        timed(timings, "neo4j", t)
        report = make_report(n_triples)
        text = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        staged.append((atomic.stage(out / "report.json", atomic.text_writer(text)), out / "report.json"))
        for tmp, path in staged:
            os.replace(tmp, path)
        for tmp, path in folders:
            atomic.swap_folder(tmp, path)
    except BaseException:
        if turtle is not None:
            turtle.unlink(missing_ok=True)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for tmp, _ in folders:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report
