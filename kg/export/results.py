"""SPARQL results written as they come, in the W3C formats or as a table.

``json``, ``xml``, ``csv`` and ``tsv`` are the SPARQL 1.1 results formats, written with the
bytes pyoxigraph's own serializer gives (``tests/export/test_sparql.py`` compares them); they
are written row by row, so that ``kg sparql`` can stop at its row limit. JSON, XML and TSV keep
each literal's language tag and datatype; CSV, by the W3C's definition, keeps only the lexical
form. ``table`` is aligned plain text for a terminal (values as in CSV).

Terms are pyoxigraph's ``NamedNode``, ``BlankNode`` and ``Literal`` (``None`` when unbound).

>>> import io
>>> from pyoxigraph import Literal, NamedNode
>>> out = io.StringIO()
>>> write_rows("json", ["who", "post"], [(NamedNode("urn:x:王宏"), Literal("党组书记", language="zh"))], out)
1
>>> print(out.getvalue())
{"head":{"vars":["who","post"]},"results":{"bindings":[{"who":{"type":"uri","value":"urn:x:王宏"},"post":{"type":"literal","value":"党组书记","xml:lang":"zh"}}]}}
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

__all__ = ["FORMATS", "term_text", "write_rows", "write_boolean", "format_table"]

#: ``--format`` names: the four W3C formats and a plain-text table.
FORMATS = ("table", "json", "xml", "csv", "tsv")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING, _LANG_STRING = _XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _kind(term) -> str:
    return type(term).__name__  # NamedNode, BlankNode, Literal (pyoxigraph's classes)


def term_text(term) -> str | None:
    """A term as plain text: an IRI as itself, a literal as its lexical form, a blank node as
    ``_:id``.

    >>> from pyoxigraph import BlankNode, Literal, NamedNode
    >>> term_text(Literal("3", datatype=NamedNode(_XSD + "integer"))), term_text(BlankNode("b")), term_text(None)
    ('3', '_:b', None)
    """
    if term is None:
        return None
    return "_:" + term.value if _kind(term) == "BlankNode" else term.value


def _json_term(term) -> dict:
    kind = _kind(term)
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != _STRING:
        value["datatype"] = term.datatype.value
    return value


def _xml_escape(text: str, quote: bool = True) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&apos;") if quote else text


def _xml_term(term) -> str:
    kind = _kind(term)
    if kind == "NamedNode":
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if kind == "BlankNode":
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if term.language:
        attr = f' xml:lang="{_xml_escape(term.language)}"'
    elif term.datatype.value != _STRING:
        attr = f' datatype="{_xml_escape(term.datatype.value)}"'
    else:
        attr = ""
    return f"<literal{attr}>{_xml_escape(term.value)}</literal>"


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


#: Literals TSV may write as bare numbers or booleans (their lexical form is the Turtle one).
_BARE = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term) -> str:
    """A term in Turtle's syntax, as the W3C TSV format writes it: an IRI in ``<>``, a literal
    quoted with its tag or datatype (numbers and booleans bare)."""
    kind = _kind(term)
    if kind == "NamedNode":
        return f"<{term.value}>"
    if kind == "BlankNode":
        return f"_:{term.value}"
    quoted = '"' + term.value.translate(_TSV_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    datatype = term.datatype.value
    bare = _BARE.get(datatype)
    if bare is not None and bare.fullmatch(term.value):
        return term.value
    return quoted if datatype == _STRING else f"{quoted}^^<{datatype}>"


def write_rows(fmt: str, columns: Sequence[str], rows: Iterable[Sequence], out: TextIO) -> int:
    """Write the SELECT results ``rows`` (one term or None per column) to ``out`` in ``fmt``;
    return how many rows were written. ``table`` holds the rows to align them; the other
    formats write each row as it comes."""
    if fmt == "table":
        texts = [tuple(term_text(t) for t in row) for row in rows]
        out.write(format_table(list(columns), texts) + "\n")
        return len(texts)
    head, row_writer, tail = _WRITERS[fmt](list(columns))
    out.write(head)
    count = 0
    for row in rows:
        out.write(row_writer(row, count))
        count += 1
    out.write(tail)
    return count


def _json_writer(columns):
    head = '{"head":{"vars":' + json.dumps(columns, ensure_ascii=False, separators=(",", ":")) + '},"results":{"bindings":['

    def row(values, n):
        binding = {c: _json_term(t) for c, t in zip(columns, values) if t is not None}
        return ("," if n else "") + json.dumps(binding, ensure_ascii=False, separators=(",", ":"))

    return head, row, "]}}"


def _xml_writer(columns):
    variables = "".join(f'<variable name="{_xml_escape(c)}"/>' for c in columns)
    head = ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
            f"{variables}</head><results>")

    def row(values, n):
        bindings = "".join(f'<binding name="{_xml_escape(c)}">{_xml_term(t)}</binding>'
                           for c, t in zip(columns, values) if t is not None)
        return f"<result>{bindings}</result>"

    return head, row, "</results></sparql>"


def _csv_writer(columns):
    def row(values, n):
        return ",".join("" if t is None else _csv_field(term_text(t)) for t in values) + "\r\n"

    return ",".join(map(_csv_field, columns)) + "\r\n", row, ""


def _tsv_writer(columns):
    def row(values, n):
        return "\t".join("" if t is None else _tsv_term(t) for t in values) + "\n"

    return "\t".join("?" + c for c in columns) + "\n", row, ""


_WRITERS = {"json": _json_writer, "xml": _xml_writer, "csv": _csv_writer, "tsv": _tsv_writer}


def write_boolean(fmt: str, value: bool, out: TextIO) -> None:
    """Write the answer of an ASK query in ``fmt``.

    >>> import io, sys
    >>> write_boolean("xml", True, sys.stdout)
    <?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>true</boolean></sparql>
    """
    text = "true" if value else "false"
    if fmt == "json":
        out.write('{"head":{},"boolean":' + text + "}")
    elif fmt == "xml":
        out.write('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
                  f"<boolean>{text}</boolean></sparql>")
    elif fmt == "table":
        out.write(format_table(["ask"], [(text,)]) + "\n")
    else:
        out.write(text)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """Rows of text as an aligned plain-text table; unbound values are blank.

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
