"""SPARQL over the build's graph, as ``kg sparql`` runs it: on the pyoxigraph store
(:mod:`kg.export.store`), read only, offline, bounded in time and in rows.

:func:`query_form` reads what a query is before anything runs it, and refuses updates (``INSERT``,
``DELETE``, ``LOAD``, ``CLEAR`` ...) and ``SERVICE``, so that no query writes or reaches the
network. :func:`run_sparql` runs the query in a child process (``python -m kg.export.sparql``)
that it kills when the time limit is over, so that the query really stops, and the child stops
reading results past the row limit; the answer is written to a temporary file and copied to the
output only when it is complete. Results are written by :mod:`kg.export.results` (the W3C
formats or a table); CONSTRUCT and DESCRIBE give Turtle.

Queries may use the prefixes of :data:`kg.vocab.PREFIXES` without declaring them. Answers keep the
query's row order: give an ``ORDER BY`` for output that does not change between runs.

:func:`run_query` runs a query with rdflib over an rdflib Graph: the reference the tests and
``bench/sparql.py`` compare the store with.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("urn:x:王宏"), URIRef("urn:x:post"), Literal("党组书记")))
>>> run_query(g, "SELECT ?who ?post WHERE { ?who <urn:x:post> ?post }")
(['who', 'post'], [('urn:x:王宏', '党组书记')])
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rdflib import BNode, Graph
from rdflib.term import Node

from kg import errors

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_LIMIT",
    "QUERY_FORMS",
    "query_form",
    "Answer",
    "run_sparql",
    "run_query",
    "term_text",
]

#: Seconds a query may run by default (``kg sparql --timeout``): every query of ``queries/``
#: takes well under a second on the 10 MB benchmark's graph.
DEFAULT_TIMEOUT = 60.0
#: Result rows (or triples) by default (``kg sparql --limit``): far more than a reader reads,
#: few enough that holding them costs some tens of megabytes.
DEFAULT_LIMIT = 100_000
#: The forms of query that are run.
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

Rows = list[tuple["str | None", ...]]


def term_text(term: Node | None) -> str | None:
    """An RDF term as text: an IRI as itself, a literal as its lexical form.

    >>> from rdflib import Literal, URIRef
    >>> term_text(URIRef("https://schema.org/Place")), term_text(Literal(3)), term_text(None)
    ('https://schema.org/Place', '3', None)
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def run_query(rdf_graph: Graph, query_text: str) -> tuple[list[str], Rows]:
    """Run ``query_text`` over ``rdf_graph``; return ``(columns, rows)`` as text.

    SELECT gives its variables and rows (``None`` where a variable is unbound); ASK gives one
    column ``ask`` holding ``"true"`` or ``"false"``; CONSTRUCT and DESCRIBE give the triples of
    their graph, sorted, as ``subject, predicate, object``.

    >>> from rdflib import Graph
    >>> run_query(Graph(), "ASK { ?s ?p ?o }")
    (['ask'], [('false',)])
    """
    result = rdf_graph.query(query_text)
    if result.type == "SELECT":
        columns = [str(var) for var in result.vars]
        rows = [tuple(term_text(value) for value in row) for row in result]
        return columns, rows
    if result.type == "ASK":
        return ["ask"], [("true" if result.askAnswer else "false",)]
    triples = sorted(tuple(term_text(term) for term in triple) for triple in result.graph)
    return ["subject", "predicate", "object"], triples


# --- what a query is -----------------------------------------------------------------------

#: Comments, strings (long ones first) and IRIs: where a keyword's letters may stand without
#: being a keyword.
_OPAQUE = re.compile("|".join((
    r"#[^\n\r]*",
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'(?:[^'\\\n\r]|\\.)*'",
    r'"(?:[^"\\\n\r]|\\.)*"',
    r'<[^<>"{}|^`\\\x00-\x20]*>',
)), re.S)
#: A bare word: not part of a prefixed name, a variable, a language tag or a longer word.
_WORD = re.compile(r"(?<![\w:?$@])[A-Za-z]+(?![\w:])")


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased, outside comments, strings and IRIs.

    >>> keywords('PREFIX s: <http://x/SERVICE> SELECT ?service { ?a s:SERVICE "SERVICE" } # SERVICE')
    ['PREFIX', 'SELECT']
    """
    return [w.upper() for w in _WORD.findall(_OPAQUE.sub(" ", text))]


#: A prefixed name's prefix (empty for ``:x``), not a blank node's ``_:`` nor inside a word.
_PREFIX_USE = re.compile(r"(?<![\w?$@:.-])([A-Za-z][\w.-]*)?:")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


def unknown_prefixes(text: str, known) -> list[str]:
    """Prefixes the query uses but neither declares nor finds in ``known``.

    >>> unknown_prefixes("PREFIX a: <urn:a:> SELECT * { ?s a:p ?o ; skos:x _:b ; nosuch:p 'x:y' }", {"skos"})
    ['nosuch']
    """
    masked = _OPAQUE.sub(" ", text)
    declared = set(_PREFIX_DECL.findall(masked)) | set(known)
    return sorted({p for p in _PREFIX_USE.findall(masked) if p not in declared})


def query_form(text: str, name: str = "query") -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of the query ``text``. An update, and a query
    with ``SERVICE`` anywhere, raise :class:`kg.errors.KGError` (E026) before anything runs.
    The check is lexical and errs towards refusing: a bare word SERVICE is refused wherever it
    stands outside a string, an IRI or a comment.

    >>> query_form("PREFIX kg: <urn:kg:> BASE <urn:x> select * { ?s ?p ?o }")
    'SELECT'
    >>> query_form("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: E026 query query is refused: LOAD fetches a document from the network (kg sparql only reads the local store and makes no network request)
    """
    words = keywords(text)
    if "SERVICE" in words:
        what = "SERVICE sends a query to another server"
        raise errors.KGError(errors.E026.format(name=name, what=what))
    form = next((w for w in words if w not in ("BASE", "PREFIX")), "")
    if form == "LOAD":
        raise errors.KGError(errors.E026.format(name=name, what="LOAD fetches a document from the network"))
    if form in _UPDATES:
        raise errors.KGError(errors.E026.format(name=name, what=f"it is an update ({form})"))
    return form if form in QUERY_FORMS else "SELECT"  # the store's parser tells what is wrong


# --- running a query in a child process -------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a query gave: its form and how many rows (or triples; 1 for ASK) were written."""

    form: str
    count: int


def _die_with_parent() -> None:
    """In the child, before it runs: be killed when ``kg sparql`` ends, however it ends (Linux;
    elsewhere the child still stops at the time limit while its parent lives)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_env() -> dict:
    """The environment of the child: this ``kg`` package first on its path."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


def run_sparql(store: Path, text: str, out: TextIO, fmt: str = "table", name: str = "query",
               timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT, final_newline: bool = False) -> Answer:
    """Run the query ``text`` over the store folder ``store`` and write its answer to ``out``
    in ``fmt`` (one of :data:`kg.export.results.FORMATS`; CONSTRUCT and DESCRIBE always give
    Turtle), with a line end after it if it has none and ``final_newline`` (for a terminal).

    Raises :class:`kg.errors.KGError`: E026 for a refused query (nothing runs), E023 for a
    syntax error, E024 for an error while running, E027 when it runs over ``timeout`` seconds
    (the child process is killed), E028 when it gives more than ``limit`` rows. Nothing is
    written to ``out`` then.
    """
    form = query_form(text, name)
    unknown = unknown_prefixes(text, _prefixes())
    if unknown:
        reason = f"unknown prefix {unknown[0]}: (declare it with PREFIX {unknown[0]}: <...>)"
        raise errors.KGError(errors.E024.format(name=name, reason=reason))
    with tempfile.TemporaryDirectory(prefix="kg-sparql-") as tmp:
        result = Path(tmp) / "answer"
        request = {"store": str(store), "query": text, "format": fmt, "limit": limit, "out": str(result)}
        answer = _answer(*_run_child(request, timeout, name), name, limit)
        with open(result, encoding="utf-8", newline="") as f:
            shutil.copyfileobj(f, out)
        if final_newline and result.stat().st_size and not _ends_with_newline(result):
            out.write("\n")
    return Answer(answer.get("form", form), answer["count"])


def _run_child(request: dict, timeout: float, name: str) -> tuple[bytes, bytes, int]:
    """Run ``request`` in ``python -m kg.export.sparql``: its stdout, stderr and exit code. The
    child is killed at ``timeout`` (E027), and when this process ends."""
    child = subprocess.Popen([sys.executable, "-m", "kg.export.sparql"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_child_env(),
                             preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        status, err = child.communicate(json.dumps(request).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise errors.KGError(errors.E027.format(name=name, seconds=timeout)) from None
    except BaseException:
        child.kill()
        child.communicate()
        raise
    return status, err, child.returncode


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _answer(status: bytes, err: bytes, code: int, name: str, limit: int) -> dict:
    """The child's report, or the error it stands for."""
    try:
        answer = json.loads(status.decode("utf-8"))
    except ValueError:
        reason = " ".join(err.decode("utf-8", "replace").split())[-300:] or f"the query process ended with code {code}"
        raise errors.KGError(errors.E024.format(name=name, reason=reason)) from None
    problem = answer.get("error")
    if problem == "syntax":
        raise errors.KGError(errors.E023.format(name=name, reason=answer["reason"]))
    if problem == "limit":
        raise errors.KGError(errors.E028.format(name=name, limit=limit, unit=answer["unit"]))
    if problem:
        raise errors.KGError(errors.E024.format(name=name, reason=answer["reason"]))
    return answer


class _OverLimit(Exception):
    """More than the limit of rows (or triples: the argument)."""


def _limited(items, limit: int, unit: str = "rows"):
    for n, item in enumerate(items):
        if n >= limit:
            raise _OverLimit(unit)
        yield item


def _prefixes() -> dict[str, str]:
    from kg.vocab import PREFIXES

    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _evaluate(request: dict) -> dict:
    """Run one request in the child (see :func:`run_sparql`); its report."""
    from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, serialize

    from kg.export.results import write_boolean, write_rows
    from kg.export.store import open_store

    limit, prefixes = request["limit"], _prefixes()
    try:
        result = open_store(Path(request["store"])).query(request["query"], prefixes=prefixes)
    except SyntaxError as exc:
        return {"error": "syntax", "reason": " ".join(str(exc).split())[:300]}
    with open(request["out"], "w", encoding="utf-8", newline="") as out:
        if isinstance(result, QueryBoolean):
            write_boolean(request["format"], bool(result), out)
            return {"form": "ASK", "count": 1}
        if isinstance(result, QuerySolutions):
            columns = [v.value for v in result.variables]
            return {"form": "SELECT", "count": write_rows(request["format"], columns, _limited(result, limit), out)}
        triples = sorted(_limited(result, limit, "triples"), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if type(term).__name__ == "NamedNode"}
        used = {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}
        out.write(serialize(triples, format=RdfFormat.TURTLE, prefixes=used).decode("utf-8"))
        return {"form": "CONSTRUCT", "count": len(triples)}


def _child() -> None:
    """``python -m kg.export.sparql``: one request as JSON on stdin, the report on stdout."""
    request = json.loads(sys.stdin.read())
    try:
        report = _evaluate(request)
    except _OverLimit as over:
        report = {"error": "limit", "unit": over.args[0]}
    except Exception as exc:  # the store's errors while it evaluates (OSError, ValueError ...)
        report = {"error": "run", "reason": " ".join(f"{type(exc).__name__}: {exc}".split())[:300]}
    sys.stdout.write(json.dumps(report))


if __name__ == "__main__":
    _child()
