"""networkx graph (from :func:`kg.graph.build_graph`) -> Neo4j property-graph rows, and the offline
forms of them: CSV files for ``neo4j-admin database import full`` and a ``load.cypher`` script.

The mapping is a fixed table: entity labels become the node labels of :data:`NODE_LABELS`,
predicates the relationship types of :data:`RELATIONSHIP_TYPES`, and nothing read from the text
ever becomes a label, a type or a property key. :mod:`kg.export.bolt` sends the same rows to a running
server as parameters; this module writes them as files, where values must be escaped.

What the property graph holds:

- one node per entity, keyed by its graph node id (``id: "ORG:云南省总工会"``), with ``name``,
  ``aliases``, ``iri`` (its IRI in graph.ttl, and in ``extract/*.json``), ``documents`` (the
  documents it appears in) and the properties of :data:`LABEL_PROPERTIES`;
- one ``Article`` node per article, with ``title`` (its headline), ``text`` (so that a reader of
  the graph can read the source), ``dateline``, ``dateCreated`` (the dateline's day),
  ``datePublished``, ``newspaper``, ``edition``, ``page``, ``doc``, ``source`` and ``iri``;
- one relationship per fact, i.e. per distinct (subject, type, object, role), keyed by ``id``, the
  hash that also names the fact's ``kg:Assertion`` in graph.ttl; it carries ``role``, ``when``
  (the earliest date its evidence states, ISO at the text's precision: ``2022-09-17``,
  ``2022-09``, ``2022``; for ``ORDER BY``) and its evidence records as parallel lists, item ``i``
  of each describing record ``i``: ``rules``, ``docs``, ``articles``, ``startOffsets``,
  ``endOffsets`` (raw characters, end excluded), ``sentences``, and where any record states a
  date, ``dates`` (as written) and ``whens`` (its value), ``""`` for a record without (a link
  from the division table has only ``rules: ["gazetteer"]``);
- ``MENTIONED_IN`` from each entity to each article it is mentioned in, and ``AUTHOR_OF`` (with
  the byline ``role``: 记者, 通讯员) from each author to the article.

A property whose value is an empty string or an empty list is left out, so that a CSV import
(where an empty field means "no property") and a driver load give the same graph.

>>> from kg.graph import build_graph
>>> from kg.model import Document, Entity, Evidence, Normalized, Relation
>>> text = "王宏任云南省总工会党组书记"
>>> doc = Document("d1", "d1.txt", Normalized(text, text, tuple(range(len(text) + 1))),
...     entities=[Entity("PERSON", "王宏"), Entity("ORG", "云南省总工会")],
...     relations=[Relation(("PERSON", "王宏"), "holds_position", ("ORG", "云南省总工会"), "党组书记",
...                         Evidence("d1", "d1#a1", 0, 13, text, "post"))])
>>> rows = graph_rows(build_graph([doc]))
>>> sorted(rows.nodes), rows.node_count, rows.relationship_count
(['Article', 'Organization', 'Person'], 3, 1)
>>> [row["props"]["role"] for row in rows.relationships[RelGroup("HOLDS_POSITION", "Person", "Organization")]]
['党组书记']
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from kg.graph import GAZETTEER_RULE
from kg.io.atomic import replace_folder
from kg.model import LABELS, PREDICATES
from kg.vocab import article_iri, assertion_iri, entity_iri

__all__ = [
    "NODE_LABELS",
    "ARTICLE_LABEL",
    "RELATIONSHIP_TYPES",
    "MENTIONED_IN",
    "AUTHOR_OF",
    "ARTICLE_LINKS",
    "LABEL_PROPERTIES",
    "PROPERTY_TYPES",
    "ARRAY_DELIMITER",
    "BATCH_SIZE",
    "RelGroup",
    "GraphRows",
    "graph_rows",
    "schema_statements",
    "node_statement",
    "relationship_statement",
    "cypher_literal",
    "load_script",
    "csv_files",
    "import_command",
    "write_export",
]

#: Entity label of the graph -> Neo4j node label.
NODE_LABELS = {
    "PERSON": "Person",
    "ORG": "Organization",
    "PLACE": "Place",
    "PROGRAMME": "Programme",
    "EVENT": "Event",
    "AWARD": "Award",
}

#: Node label of the articles that entities are mentioned in.
ARTICLE_LABEL = "Article"

#: Predicate -> Neo4j relationship type.
RELATIONSHIP_TYPES = {
    "holds_position": "HOLDS_POSITION",
    "located_in": "LOCATED_IN",
    "sub_organization_of": "SUB_ORGANIZATION_OF",
    "organizes": "ORGANIZES",
    "partner_of": "PARTNER_OF",
    "received_award": "RECEIVED_AWARD",
    "participates_in": "PARTICIPATES_IN",
}

#: Relationship type from an entity to an article that mentions it.
MENTIONED_IN = "MENTIONED_IN"
#: Relationship type from a person to an article its byline credits.
AUTHOR_OF = "AUTHOR_OF"
#: The relationship types to articles.
ARTICLE_LINKS = (MENTIONED_IN, AUTHOR_OF)

#: Entity label -> ``props`` key -> Neo4j property (camelCase, as kg:divisionCode and
#: kg:administrativeLevel in the ontology). Other props stay out.
LABEL_PROPERTIES = {
    "PLACE": {"division_code": "divisionCode", "admin_level": "administrativeLevel"},
    "ORG": {"org_type": "orgType"},
}

#: Property -> its type in a neo4j-admin header; the others are strings.
PROPERTY_TYPES = {
    "aliases": "string[]",
    "documents": "string[]",
    "dates": "string[]",
    "whens": "string[]",
    "rules": "string[]",
    "docs": "string[]",
    "articles": "string[]",
    "startOffsets": "int[]",
    "endOffsets": "int[]",
    "sentences": "string[]",
}

#: Separates the items of a list in a CSV field: the ASCII unit separator, which text does not use.
ARRAY_DELIMITER = "\x1f"

#: Rows per ``UNWIND`` statement.
BATCH_SIZE = 500

_NODE_COLUMNS = ("name", "aliases", "iri", "documents")
_ARTICLE_COLUMNS = ("title", "text", "dateline", "dateCreated", "datePublished", "newspaper", "edition", "page", "doc",
                    "source", "iri")
#: List property of a fact -> the edge attribute it collects.
_EVIDENCE_FIELDS = {
    "docs": "doc",
    "articles": "article",
    "startOffsets": "start",
    "endOffsets": "end",
    "sentences": "sentence",
    "dates": "date",
    "whens": "when",
}
_FACT_COLUMNS = ("id", "role", "when", "rules", *_EVIDENCE_FIELDS)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class RelGroup(NamedTuple):
    """Relationships of one type between nodes of two labels: one statement shape."""

    type: str
    start: str
    end: str


@dataclass
class GraphRows:
    """The property graph of one build, as rows ready for ``UNWIND``.

    ``nodes`` maps a label to its property maps (each with ``id``); ``relationships`` maps a
    :class:`RelGroup` to ``{"start": id, "end": id, "props": {...}}`` rows (``props`` with ``id``).
    Both are sorted by label or group, then by id.
    """

    nodes: dict[str, list[dict]] = field(default_factory=dict)
    relationships: dict[RelGroup, list[dict]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    @property
    def total(self) -> int:
        """Rows to write: nodes and relationships."""
        return self.node_count + self.relationship_count


def _present(props: Mapping) -> dict:
    """``props`` without ``None``, empty strings and empty lists."""
    return {key: value for key, value in props.items() if value not in (None, "", [], ())}


def _entity_row(nid: str, data: Mapping) -> dict:
    label = data["label"]
    extra = {
        neo_key: data["props"].get(key)
        for key, neo_key in LABEL_PROPERTIES.get(label, {}).items()
    }
    return _present({
        "id": nid,
        "name": data["name"],
        "aliases": sorted(data["aliases"]),
        "iri": data.get("iri") or str(entity_iri(label, data["name"])),
        "documents": sorted({doc for doc, _ in data["mentions"]}),
        **extra,
    })


def _article_rows(documents: Mapping) -> list[dict]:
    rows = []
    for doc_id, entry in documents.items():
        meta = entry.get("meta", {})
        for article_id, title in entry.get("articles", {}).items():
            details = entry.get("details", {}).get(article_id, {})
            rows.append(_present({
                "id": article_id,
                "title": title,
                "text": details.get("text"),
                "dateline": details.get("dateline"),
                "dateCreated": details.get("date"),
                "datePublished": meta.get("published"),
                "newspaper": meta.get("newspaper"),
                "edition": meta.get("edition"),
                "page": meta.get("page"),
                "doc": doc_id,
                "source": entry.get("source"),
                "iri": str(article_iri(article_id)),
            }))
    return rows


def _node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    nodes = defaultdict(list)
    for nid, data in graph.nodes(data=True):
        if data["label"] not in NODE_LABELS:
            raise ValueError(f"no Neo4j label for entity label {data['label']!r}")
        nodes[NODE_LABELS[data["label"]]].append(_entity_row(nid, data))
    articles = _article_rows(graph.graph.get("documents", {}))
    if articles:
        nodes[ARTICLE_LABEL] = articles
    return {label: sorted(rows, key=lambda row: row["id"]) for label, rows in sorted(nodes.items())}


def _fact_id(*fields: str | None) -> str:
    """The hash that ends the IRI of the fact's ``kg:Assertion`` in graph.ttl."""
    return str(assertion_iri(*fields)).rsplit("/", 1)[1]


def _evidence_key(data: Mapping) -> tuple:
    return tuple(data[name] for name in ("doc", "article", "start", "end", "sentence", "rule"))


def _from_gazetteer(data: Mapping) -> bool:
    return data["rule"] == GAZETTEER_RULE and not data["doc"]


def _evidence_lists(readings: list[Mapping]) -> dict:
    """The evidence of one fact as parallel lists, one item per record, in a stable order.

    A fact known only from the division table has just ``rules``, as its evidence in graph.ttl
    has only a rule.
    """
    readings = sorted(readings, key=_evidence_key)
    lists = {"rules": [data["rule"] for data in readings]}
    if all(_from_gazetteer(data) for data in readings):
        return lists
    for field_name, key in _EVIDENCE_FIELDS.items():
        lists[field_name] = [data.get(key, "") for data in readings]
    for name in ("dates", "whens"):  # only where some record has one
        if not any(lists[name]):
            del lists[name]
    whens = sorted(data["when"] for data in readings if data.get("when"))
    if whens:
        lists["when"] = whens[0]
    return lists


def _fact_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[RelGroup, dict]]:
    """One row per distinct (subject, predicate, object, role), with all its evidence."""
    facts = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        facts[(u, data["predicate"], v, data["role"] or None)].append(data)
    for (u, predicate, v, role), readings in facts.items():
        if predicate not in RELATIONSHIP_TYPES:
            raise ValueError(f"no Neo4j relationship type for predicate {predicate!r}")
        props = {"id": _fact_id(u, predicate, v, role), "role": role, **_evidence_lists(readings)}
        group = RelGroup(
            RELATIONSHIP_TYPES[predicate],
            NODE_LABELS[graph.nodes[u]["label"]],
            NODE_LABELS[graph.nodes[v]["label"]],
        )
        yield group, {"start": u, "end": v, "props": _present(props)}


def _mention_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[RelGroup, dict]]:
    """``MENTIONED_IN`` rows: entity -> article (mentions known only by document have none)."""
    for nid, data in graph.nodes(data=True):
        group = RelGroup(MENTIONED_IN, NODE_LABELS[data["label"]], ARTICLE_LABEL)
        for article_id in sorted({article for _, article in data["mentions"] if article}):
            props = {"id": _fact_id(nid, "mentioned_in", article_id, None)}
            yield group, {"start": nid, "end": article_id, "props": props}


def _author_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[RelGroup, dict]]:
    """``AUTHOR_OF`` rows: person -> article its byline credits, with the byline role."""
    group = RelGroup(AUTHOR_OF, NODE_LABELS["PERSON"], ARTICLE_LABEL)
    for entry in graph.graph.get("documents", {}).values():
        for article_id, details in entry.get("details", {}).items():
            for _, role, person in details.get("authors", ()):
                props = {"id": _fact_id(person, "author_of", article_id, role or None), "role": role}
                yield group, {"start": person, "end": article_id, "props": _present(props)}


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """The property graph of ``graph`` (from :func:`kg.graph.build_graph` or :func:`kg.export.graphml.read_graphml`).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Entity nodes, relation edges with evidence, ``graph.graph["documents"]``.

    Returns
    -------
    GraphRows
        Nodes by label and relationships by :class:`RelGroup`, in a stable order, so that the
        same graph always gives the same rows.

    Raises
    ------
    ValueError
        For an entity label or predicate the mapping tables do not know.
    """
    nodes = _node_rows(graph)  # first: it checks every label
    relationships = defaultdict(list)
    for group, row in (*_fact_rows(graph), *_mention_rows(graph), *_author_rows(graph)):
        relationships[group].append(row)
    return GraphRows(
        nodes=nodes,
        relationships={
            group: sorted(rows, key=lambda row: (row["start"], row["end"], row["props"]["id"]))
            for group, rows in sorted(relationships.items())
        },
    )


def _constraint_name(label: str, key: str) -> str:
    return f"{label.lower()}_{key}"


def schema_statements() -> list[tuple[str, str | None]]:
    """``(statement, fallback)`` pairs that make the schema.

    A uniqueness constraint on ``id`` for every node label and relationship type, each with a
    plain index as the fallback for a server that cannot make it (relationship uniqueness
    constraints are Neo4j 5.7 or later), and an index on ``name`` (no fallback: loading works
    without it).

    >>> schema_statements()[0]
    ('CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE', 'CREATE INDEX person_id_index IF NOT EXISTS FOR (n:Person) ON (n.id)')
    >>> schema_statements()[7][0]
    'CREATE CONSTRAINT holds_position_id IF NOT EXISTS FOR ()-[r:HOLDS_POSITION]-() REQUIRE r.id IS UNIQUE'
    """
    statements = []
    for label in (*(NODE_LABELS[name] for name in LABELS), ARTICLE_LABEL):
        name = _constraint_name(label, "id")
        statements.append((
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE",
            f"CREATE INDEX {name}_index IF NOT EXISTS FOR (n:{label}) ON (n.id)",
        ))
    for kind in (*(RELATIONSHIP_TYPES[name] for name in PREDICATES), *ARTICLE_LINKS):
        name = _constraint_name(kind, "id")
        statements.append((
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR ()-[r:{kind}]-() REQUIRE r.id IS UNIQUE",
            f"CREATE INDEX {name}_index IF NOT EXISTS FOR ()-[r:{kind}]-() ON (r.id)",
        ))
    for label in (NODE_LABELS[name] for name in LABELS):
        name = _constraint_name(label, "name")
        statements.append((f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.name)", None))
    return statements


def _check_label(name: str) -> str:
    """``name`` if it is one of the mapping table's labels or types, else ``ValueError``."""
    known = {*NODE_LABELS.values(), ARTICLE_LABEL, *RELATIONSHIP_TYPES.values(), *ARTICLE_LINKS}
    if name not in known:
        raise ValueError(f"{name!r} is not a label or relationship type of the mapping table")
    return name


def node_statement(label: str, rows: str = "$rows") -> str:
    """The statement that merges the nodes of ``label`` listed in ``rows`` (a parameter or a
    list literal). ``SET n = row`` replaces every property, so a rebuilt graph updates in place.

    >>> node_statement("Person")
    'UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n = row'
    """
    return f"UNWIND {rows} AS row MERGE (n:{_check_label(label)} {{id: row.id}}) SET n = row"


def relationship_statement(group: RelGroup, rows: str = "$rows") -> str:
    """The statement that merges the relationships of ``group`` listed in ``rows``, on the
    identity that ``id`` hashes: (subject, type, object, role).

    >>> print(relationship_statement(RelGroup("LOCATED_IN", "Place", "Place")))
    UNWIND $rows AS row MATCH (a:Place {id: row.start}) MATCH (b:Place {id: row.end}) \
MERGE (a)-[r:LOCATED_IN {id: row.props.id}]->(b) SET r = row.props
    """
    kind, start, end = (_check_label(name) for name in group)
    return (
        f"UNWIND {rows} AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
        f"MERGE (a)-[r:{kind} {{id: row.props.id}}]->(b) SET r = row.props"
    )


def _string_literal(text: str) -> str:
    """A single-quoted Cypher string; every line break and control character escaped, so that
    a statement stays on one line."""
    if text.isprintable():
        # no character of Unicode's Other or Separator categories but the space (Python's
        # definition), so no control, format or line-separating one: only \\ and ' to escape
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    simple = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
    out = []
    for ch in text:
        if ch in simple:
            out.append(simple[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            # \\u takes four hex digits, a UTF-16 unit: a character beyond U+FFFF (U+E0020, a tag)
            # is written as its surrogate pair, which the server reads as one character
            units = ch.encode("utf-16-be", "surrogatepass")
            out.extend(f"\\u{int.from_bytes(units[k:k + 2], 'big'):04x}" for k in range(0, len(units), 2))
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(value) -> str:
    """``value`` as a Cypher literal: strings escaped, lists and maps written out.

    >>> print(cypher_literal({"name": 'A"B\\\\C{D}\\n\\'工会', "ids": [1, 2], "role": None}))
    {name: 'A"B\\\\C{D}\\n\\'工会', ids: [1, 2], role: null}
    """
    if isinstance(value, str):  # most values: first
        return _string_literal(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_map_key(key)}: {cypher_literal(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


@lru_cache(maxsize=4096)  # a few property names, written for every row
def _map_key(key: str) -> str:
    if _IDENTIFIER.match(key):
        return key
    return "`" + key.replace("`", "``") + "`"


def _batches(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _schema_lines() -> list[str]:
    """The schema statements, each followed by a comment with its fallback."""
    lines = []
    for statement, fallback in schema_statements():
        lines.append(f"{statement};")
        if fallback:
            lines.append(f"// if the server refuses it: {fallback};")
    return lines


def load_script(rows: GraphRows, batch_size: int = BATCH_SIZE) -> str:
    """A cypher-shell script that recreates the graph of ``rows``.

    The schema statements come first, then one ``UNWIND`` statement per batch, each in its own
    explicit transaction (``:begin`` / ``:commit``). Every statement is one line ending in ``;``.
    Running it again over the same graph changes nothing.
    """
    return "\n".join(_load_lines(rows, batch_size)) + "\n"


def _load_lines(rows: GraphRows, batch_size: int) -> Iterator[str]:
    """The lines of :func:`load_script`, made one batch at a time."""
    yield from [
        "// The knowledge graph of one `kg build`, for cypher-shell:",
        "//   cypher-shell -a bolt://127.0.0.1:7687 -u neo4j -d neo4j -f load.cypher",
        "// Load it into an empty database, or over an earlier load of the same build (MERGE on ids).",
        f"// {rows.node_count} nodes, {rows.relationship_count} relationships.",
    ]
    yield from _schema_lines()
    for label, label_rows in rows.nodes.items():
        for batch in _batches(label_rows, batch_size):
            yield from (":begin", node_statement(label, cypher_literal(batch)) + ";", ":commit")
    for group, group_rows in rows.relationships.items():
        for batch in _batches(group_rows, batch_size):
            yield from (":begin", relationship_statement(group, cypher_literal(batch)) + ";", ":commit")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        items = [str(item) for item in value]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise ValueError(f"{item!r} holds the array delimiter U+{ord(ARRAY_DELIMITER):04X}")
        return ARRAY_DELIMITER.join(items)
    return str(value)


def _header(name: str) -> str:
    kind = PROPERTY_TYPES.get(name)
    return f"{name}:{kind}" if kind else name


def _csv_text(header: list[str], records: Iterable[list]) -> str:
    buffer = io.StringIO()
    _write_csv(buffer, header, records)
    return buffer.getvalue()


def _write_csv(f, header: list[str], records: Iterable[list]) -> None:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow([_csv_value(value) for value in record])


def _node_columns(label: str) -> tuple[str, ...]:
    if label == ARTICLE_LABEL:
        return _ARTICLE_COLUMNS
    entity = next(name for name, neo in NODE_LABELS.items() if neo == label)
    return _NODE_COLUMNS + tuple(LABEL_PROPERTIES.get(entity, {}).values())


def _node_table(label: str, rows: list[dict]) -> tuple[list[str], Iterator[list]]:
    columns = _node_columns(label)
    header = ["id:ID", ":LABEL", *(_header(name) for name in columns)]
    return header, ([row["id"], label, *(row.get(name) for name in columns)] for row in rows)


def _relationship_table(kind: str, rows: list[dict]) -> tuple[list[str], Iterator[list]]:
    columns = {MENTIONED_IN: ("id",), AUTHOR_OF: ("id", "role")}.get(kind, _FACT_COLUMNS)
    header = [":START_ID", ":END_ID", ":TYPE", *(_header(name) for name in columns)]
    return header, ([row["start"], row["end"], kind, *(row["props"].get(name) for name in columns)] for row in rows)


def _csv_tables(rows: GraphRows) -> dict[str, tuple[list[str], Iterator[list]]]:
    """File name -> header and records (made as they are read) of each CSV file."""
    tables = {f"nodes_{label}.csv": _node_table(label, label_rows) for label, label_rows in rows.nodes.items()}
    by_type = defaultdict(list)
    for group, group_rows in rows.relationships.items():
        by_type[group.type].extend(group_rows)
    for kind, kind_rows in sorted(by_type.items()):
        tables[f"relationships_{kind}.csv"] = _relationship_table(kind, kind_rows)
    return tables


def csv_files(rows: GraphRows) -> dict[str, str]:
    """File name -> CSV text, with the headers ``neo4j-admin database import full`` reads:
    ``nodes_<Label>.csv`` (``id:ID``, ``:LABEL``, properties) and ``relationships_<TYPE>.csv``
    (``:START_ID``, ``:END_ID``, ``:TYPE``, properties). Lists are joined with
    :data:`ARRAY_DELIMITER`; an empty field is no property.
    """
    return {name: _csv_text(header, records) for name, (header, records) in _csv_tables(rows).items()}


def import_command(names: Iterable[str], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the CSV files ``names`` into ``database``.

    >>> print(import_command(["nodes_Person.csv", "relationships_LOCATED_IN.csv"]))
    neo4j-admin database import full --array-delimiter=U+001F --multiline-fields=true \\
      --nodes=nodes_Person.csv --relationships=relationships_LOCATED_IN.csv neo4j
    """
    options = [f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--multiline-fields=true"]
    files = [
        f"--{'nodes' if name.startswith('nodes_') else 'relationships'}={name}" for name in sorted(names)
    ]
    return f"neo4j-admin database import full {' '.join(options)} \\\n  {' '.join(files)} {database}"


def _import_script(names: Iterable[str]) -> str:
    return "\n".join([
        "#!/bin/sh",
        "# Imports these CSV files into a new Neo4j database (neo4j-admin, Neo4j 5), then makes",
        "# the constraints and indexes. Usage: sh import.sh [database]   (run it in this folder)",
        "set -eu",
        'cd "$(dirname "$0")"',
        import_command(names, '"${1:-neo4j}"'),
        'echo "next: CREATE DATABASE ${1:-neo4j}, then cypher-shell -d ${1:-neo4j} -f schema.cypher"',
        "",
    ])


def write_export(graph: nx.MultiDiGraph, out_dir: str | PathLike, batch_size: int = BATCH_SIZE) -> list[Path]:
    """Write the offline Neo4j forms of ``graph`` into ``out_dir`` and return the files written.

    ``nodes_*.csv`` and ``relationships_*.csv`` (see :func:`csv_files`), ``import.sh`` (the
    neo4j-admin command), ``schema.cypher`` (constraints and indexes) and ``load.cypher`` (see
    :func:`load_script`). The folder is replaced as a whole, so no file of an earlier build
    stays; the same graph gives the same bytes.
    """
    out = Path(out_dir)
    rows = graph_rows(graph)
    tables = _csv_tables(rows)
    texts = {"import.sh": _import_script(tables), "schema.cypher": "\n".join(_schema_lines()) + "\n"}
    names = sorted([*tables, *texts, "load.cypher"])

    def fill(tmp: Path) -> None:
        # each file written as it is made: the texts of a large graph take gigabytes
        for name in names:
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as f:
                if name in tables:
                    _write_csv(f, *tables[name])
                elif name == "load.cypher":
                    for line in _load_lines(rows, batch_size):
                        f.write(line + "\n")
                else:
                    f.write(texts[name])

    replace_folder(out, fill)
    return [out / name for name in names]
