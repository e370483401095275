"""The graph as GraphML (for networkx, Gephi, yEd), written and read back.

Attributes GraphML cannot hold (lists, dicts, ``None``) are written as JSON or ``""``
(:func:`graphml_ready`) and decoded again by :func:`read_graphml`, which ``kg neo4j load``
reads a build with.

Besides the entities, each article is a node (``label`` ``ARTICLE``, its id the article's:
``title``, ``text``, ``dateline``, ``date``, ``doc``), with an ``author_of`` edge (and the byline
``role``) from each of its authors; the graph's ``documents`` attribute holds the rest of what
:func:`kg.graph.build_graph` lists of documents and articles.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from os import PathLike

import networkx as nx

__all__ = ["ARTICLE", "AUTHOR_OF", "graphml_ready", "write_graphml", "read_graphml"]

#: The ``label`` of an article's node, and the ``predicate`` of an author's edge to it.
ARTICLE, AUTHOR_OF = "ARTICLE", "author_of"


def _with_articles(graph: nx.MultiDiGraph) -> tuple[dict, list, list]:
    """The graph's attributes with the articles' texts taken out, the article nodes
    ``(id, attributes)`` and the author edges ``(person, article, attributes)``."""
    documents, nodes, edges = {}, [], []
    for doc_id, entry in graph.graph.get("documents", {}).items():
        details = entry.get("details", {})
        documents[doc_id] = {**entry, "details": {a: {k: v for k, v in d.items() if k != "text"} for a, d in details.items()}} \
            if details else entry
        for article_id, title in entry.get("articles", {}).items():
            about = details.get(article_id, {})
            nodes.append((article_id, {"label": ARTICLE, "name": title, "doc": doc_id, "text": about.get("text", ""),
                                       "dateline": about.get("dateline", ""), "date": about.get("date", "")}))
            edges += [(person, article_id, {"predicate": AUTHOR_OF, "role": role})
                      for _, role, person in about.get("authors", ())]
    attrs = {**graph.graph, "documents": documents} if "documents" in graph.graph else dict(graph.graph)
    return attrs, nodes, edges


def _scalar(value):
    """``value`` as a GraphML attribute: lists and dicts as sorted JSON, ``None`` as ``""``."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes GraphML can hold.

    Lists, tuples and dicts become JSON (keys sorted, Chinese kept), ``None`` becomes ``""``.

    >>> g = nx.MultiDiGraph(documents={"d1": {}})
    >>> g.add_node("ORG:甲", aliases=["乙", "丙"], props={})
    >>> g.add_edge("ORG:甲", "ORG:甲", role=None)
    0
    >>> ready = graphml_ready(g)
    >>> ready.graph, ready.nodes["ORG:甲"]
    ({'documents': '{"d1": {}}'}, {'aliases': '["乙", "丙"]', 'props': '{}'})
    >>> list(ready.edges(data="role"))
    [('ORG:甲', 'ORG:甲', '')]
    """
    def scalars(attrs):
        return {name: _scalar(value) for name, value in attrs.items()}

    attrs, articles, authors = _with_articles(graph)
    ready = nx.MultiDiGraph(**scalars(attrs))
    for nid, data in (*graph.nodes(data=True), *articles):
        ready.add_node(nid, **scalars(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        ready.add_edge(u, v, key=key, **scalars(data))
    for u, v, data in authors:
        ready.add_edge(u, v, **scalars(data))
    return ready


def write_graphml(graph: nx.MultiDiGraph, path: str | PathLike) -> None:
    """Write ``graph`` as GraphML to ``path``, with attributes encoded by :func:`graphml_ready`.

    The bytes are those of ``nx.write_graphml_xml(graphml_ready(graph), path)`` (networkx's
    ElementTree writer, pretty-printed), written an element at a time instead of from a
    document tree of the whole graph (which takes several times the graph's memory).
    """
    if not isinstance(graph, nx.MultiDiGraph) or {"id", "node_default", "edge_default"} & set(graph.graph):
        nx.write_graphml_xml(graphml_ready(graph), path, encoding="utf-8")
        return
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="\n") as f:
        _GraphMLStream(graph).write(f)


def _scalar_type(value) -> type:
    """``type(_scalar(value))``, without making the JSON."""
    return type(value) if isinstance(value, (str, int, float, bool)) else str


def _cdata(text: str) -> str:
    """``xml.etree.ElementTree._escape_cdata``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attrib(text: str) -> str:
    """``xml.etree.ElementTree._escape_attrib``."""
    text = _cdata(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


class _GraphMLStream:
    """What ``networkx.readwrite.graphml.GraphMLWriter`` (ElementTree, ``prettyprint``) writes
    for a MultiDiGraph, element by element: the same keys (``d0``, ``d1`` ... in the order the
    graph's, then the nodes', then the edges' attributes first appear, written in reverse), the
    same elements, the same indentation."""

    def __init__(self, graph: nx.MultiDiGraph):
        from networkx.readwrite.graphml import GraphMLWriter

        self.graph = graph
        self.attrs, self.articles, self.authors = _with_articles(graph)
        self.types = GraphMLWriter()  # its xml_type table and namespaces
        self.keys: dict[tuple[str, str, str], str] = {}
        nodes = (d for _, d in (*graph.nodes(data=True), *self.articles))
        edges = (d for *_, d in (*graph.edges(data=True), *self.authors))
        for scope, items in (("graph", [self.attrs]), ("node", nodes), ("edge", edges)):
            for data in items:
                for name, value in data.items():
                    self._key(str(name), _scalar_type(value), scope)

    def _key(self, name: str, kind: type, scope: str) -> str:
        if kind not in self.types.xml_type:
            raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.")
        key = (name, self.types.get_xml_type(kind), scope)
        if key not in self.keys:
            self.keys[key] = f"d{len(self.keys)}"
        return self.keys[key]

    def _data(self, data: dict, scope: str, indent: str) -> str:
        """The ``<data>`` elements of one element's attributes, each on its own line."""
        lines = []
        for name, value in data.items():
            text = str(_scalar(value))
            key = self.keys[(str(name), self.types.get_xml_type(_scalar_type(value)), scope)]
            lines.append(f'<data key="{key}">{_cdata(text)}</data>' if text else f'<data key="{key}" />')
        return indent.join(lines)

    def _element(self, start: str, tag: str, data: dict, scope: str) -> str:
        """An element (its start tag given) with its attributes at indentation level 3."""
        if not data:
            return start + " />"
        return start + ">\n      " + self._data(data, scope, "\n      ") + "\n    </" + tag + ">"

    def write(self, f) -> None:
        """Write the document to ``f``, a text file (UTF-8, ``xmlcharrefreplace``, no newline
        translation, as ElementTree opens it)."""
        t = self.types
        f.write("<?xml version='1.0' encoding='utf-8'?>\n")
        f.write(f'<graphml xmlns="{_attrib(t.NS_GRAPHML)}" xmlns:xsi="{_attrib(t.NS_XSI)}" '
                f'xsi:schemaLocation="{_attrib(t.SCHEMALOCATION)}">\n  ')
        for (name, kind, scope), key in reversed(self.keys.items()):
            f.write(f'<key id="{key}" for="{scope}" attr.name="{_attrib(name)}" attr.type="{kind}" />\n  ')
        f.write('<graph edgedefault="directed"')
        first = True
        for text in self._children():
            f.write((">\n    " if first else "\n    ") + text)
            first = False
        f.write(" />\n</graphml>\n" if first else "\n  </graph>\n</graphml>\n")

    def _children(self) -> Iterator[str]:
        """The text of the graph element's children: nodes, edges, then its own attributes."""
        graph = self.graph
        for nid, data in (*graph.nodes(data=True), *self.articles):
            yield self._element(f'<node id="{_attrib(str(nid))}"', "node", data, "node")
        edges = graph.edges(keys=True, data=True)
        keys: dict[tuple, int] = {}  # networkx numbers the author edges after the pair's others
        for u, v, key, data in (*edges, *((u, v, None, d) for u, v, d in self.authors)):
            if key is None:
                key = keys.get((u, v), graph.number_of_edges(u, v) if graph.has_node(u) and graph.has_node(v) else 0)
            keys[(u, v)] = key + 1
            start = f'<edge source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{_attrib(str(key))}"'
            yield self._element(start, "edge", data, "edge")
        if self.attrs:
            yield self._data(self.attrs, "graph", "\n    ")


def read_graphml(path: str | PathLike) -> nx.MultiDiGraph:
    """The graph that :func:`write_graphml` wrote to ``path``, attributes decoded.

    The inverse of :func:`graphml_ready`: ``aliases``, ``props``, ``mentions`` and the
    graph's ``documents`` back from JSON, mentions as tuples, an empty ``role`` as ``None``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> g = nx.MultiDiGraph(documents={"d1": {"source": "d1.txt", "articles": {}}})
    >>> g.add_node("ORG:甲", label="ORG", name="甲", aliases=["甲"], props={}, mentions=[("d1", "")])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_graphml(g, Path(tmp) / "g.graphml")
    ...     back = read_graphml(Path(tmp) / "g.graphml")
    >>> back.nodes["ORG:甲"]["mentions"], back.graph["documents"]["d1"]["source"]
    ([('d1', '')], 'd1.txt')
    """
    stored = nx.read_graphml(path, force_multigraph=True)
    documents = json.loads(stored.graph.get("documents") or "{}")
    graph = nx.MultiDiGraph(documents=documents)
    for nid, data in stored.nodes(data=True):
        if data.get("label") == ARTICLE:  # its text back into its document's entry
            details = documents.get(data.get("doc"), {}).get("details", {}).get(nid)
            if details is not None:
                details["text"] = data.get("text", "")
            continue
        graph.add_node(
            nid,
            label=data["label"],
            name=data["name"],
            **({"iri": data["iri"]} if data.get("iri") else {}),
            aliases=json.loads(data.get("aliases") or "[]"),
            props=json.loads(data.get("props") or "{}"),
            mentions=[tuple(pair) for pair in json.loads(data.get("mentions") or "[]")],
        )
    for u, v, data in stored.edges(data=True):
        if data.get("predicate") != AUTHOR_OF:
            graph.add_edge(u, v, **{**data, "role": data.get("role") or None})
    return graph
