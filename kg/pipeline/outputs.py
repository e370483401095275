"""Writing a build's outputs besides the pages' ``extract/*.json``: ``graph.ttl``,
``graph.graphml``, ``view/`` (the browser view), ``neo4j/`` and ``report.json``, into the new folder of the build
(:mod:`kg.pipeline.folder`), which replaces the output folder only when all are made.

An error while writing names the file it was writing (a full disk says which file it filled).
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from ..io.atomic import naming
from .extract import timed
from .folder import checkpoint

__all__ = ["write_outputs"]


def _named(path: Path, write: Callable[[], object]):
    """``write()``, an ``OSError`` without a file name given ``path``'s."""
    with naming(path):
        return write()


def _write_turtle(graph, path: Path) -> int:
    """Write ``graph.ttl``; the triple count. The triples are made and written a subject at a
    time (:func:`kg.export.rdf.write_turtle`, its temporary files beside ``path``)."""
    from ..export import rdf

    with open(path, "wb") as f:
        return rdf.write_turtle(graph, f, path.parent)


def _view_documents(views: list[Path]):
    """The pages' view records, one document at a time."""
    from ..export.view import ViewDocument

    for path in views:
        yield ViewDocument.from_record(path.read_text(encoding="utf-8"))


def write_outputs(graph, stage: Path, views: list[Path], timings: Counter, make_report: Callable[[int], dict]) -> dict:
    """Write every output of a build of ``graph`` into ``stage``; return the report.

    ``views`` are the files of the pages' view records (:func:`kg.export.view.view_record`),
    read one at a time. ``make_report(triples)`` makes the report once everything else is
    written (so that it holds every stage's time). One output after the other, in this process:
    a forked writer would share the graph only until it touched it, and would hold a copy of it.
    """
    # (imported here: a build loads rdflib and the rest while pkuseg loads, see Batch.extract)
    from ..export import graphml
    from ..export.neo4j import write_export  # the offline Neo4j forms: CSV files, load.cypher
    from ..export.view import write_view

    t = time.perf_counter()
    path = stage / "graph.ttl"
    n_triples = _named(path, lambda: _write_turtle(graph, path))
    t = timed(timings, "turtle", t)
    checkpoint("turtle")
    path = stage / "graph.graphml"
    _named(path, lambda: graphml.write_graphml(graph, path))
    t = timed(timings, "write", t)
    checkpoint("graphml")
    path = stage / "view"
    _named(path, lambda: write_view(graph, _view_documents(views), path))
    t = timed(timings, "view", t)
    checkpoint("view")
    path = stage / "neo4j"
    _named(path, lambda: write_export(graph, path))
    timed(timings, "neo4j", t)
    checkpoint("neo4j")
    report = make_report(n_triples)
    text = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path = stage / "report.json"
    _named(path, lambda: path.write_text(text, encoding="utf-8", newline="\n"))
    checkpoint("report")
    return report
