"""Run SPARQL over an rdflib Graph and write the answer as a table, CSV or JSON.

Queries may use the prefixes bound in the graph (:data:`kg.vocab.PREFIXES` for graphs from
:func:`kg.export.rdf.to_rdf`) without declaring them. Answers keep the query's row order: give an
``ORDER BY`` for output that does not change between runs.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("urn:x:王宏"), URIRef("urn:x:post"), Literal("党组书记")))
>>> columns, rows = run_query(g, "SELECT ?who ?post WHERE { ?who <urn:x:post> ?post }")
>>> print(format_table(columns, rows))
who        | post
-----------+---------
urn:x:王宏 | 党组书记
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata

from rdflib import BNode, Graph
from rdflib.term import Node

__all__ = [
    "FORMATS",
    "run_query",
    "term_text",
    "format_table",
    "format_csv",
    "format_json",
    "format_result",
]

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


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(columns: list[str], rows: Rows) -> str:
    """Rows as an aligned plain-text table; unbound values are blank.

    >>> print(format_table(["name", "n"], [("云南", "1"), ("x", None)]))
    name | n
    -----+--
    云南 | 1
    x    |
    """
    cells = [list(columns)] + [["" if value is None else value for value in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]

    def line(row):
        padded = [value + " " * (width - _width(value)) for value, width in zip(row, widths)]
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


def format_csv(columns: list[str], rows: Rows) -> str:
    """Rows as CSV with a header line; unbound values are empty.

    >>> print(format_csv(["a", "b"], [("x,y", None)]), end="")
    a,b
    "x,y",
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return out.getvalue()


def format_json(columns: list[str], rows: Rows) -> str:
    """Rows as a JSON array of objects keyed by column; unbound values are ``null``.

    >>> print(format_json(["a"], [("云南",), (None,)]))
    [
      {
        "a": "云南"
      },
      {
        "a": null
      }
    ]
    """
    return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2)


#: Output format name -> formatter, for a ``--format`` option.
FORMATS = {"table": format_table, "csv": format_csv, "json": format_json}


def format_result(columns: list[str], rows: Rows, fmt: str = "table") -> str:
    """Rows in the format named ``fmt`` (one of :data:`FORMATS`).

    >>> format_result(["a"], [("1",)], "csv")
    'a\\n1\\n'
    """
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {sorted(FORMATS)}") from None
    return formatter(columns, rows)
