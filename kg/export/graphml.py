"""The graph as GraphML (for networkx, Gephi, yEd), written and read back.

Every attribute is a plain value that these tools show as it is (:func:`graphml_ready`):

- a node's ``label`` is the entity's canonical name (Gephi and networkx take a node's label
  from it) and ``type`` its label (PERSON, ORG, PLACE, PROGRAMME, EVENT, AWARD);
- each of its props is an attribute of its own (``division_code``, ``admin_level``,
  ``org_type``);
- ``aliases`` are one string, the names joined by ``|`` (:data:`SEPARATOR`; a ``|`` or ``\\``
  inside a name is written ``\\|`` or ``\\\\``), left out when there are none;
- ``mentioned_in`` the articles the entity is mentioned in, joined the same way (a document id
  where only the document is known);
- an edge has ``predicate``, ``role`` (``""`` for none) and its evidence ``doc``, ``article``,
  ``start``, ``end`` (raw characters), ``sentence`` and ``rule``; a link the division table gave
  (rule ``gazetteer``) has only ``predicate``, ``role`` and ``rule``: no offsets rather than zeros.

Besides the entities, each article is a node (``type`` ``ARTICLE``, ``label`` its title, and
``text``, ``dateline``, ``date``, ``doc``), with an ``author_of`` edge (and the byline ``role``)
from each of its authors. The graph's own ``documents`` attribute (documents, their sources and
article titles, without the texts) is JSON.
:func:`read_graphml`, with which ``kg neo4j load`` and ``kg stats`` read a build, gives back the
graph that :func:`kg.graph.build_graph` made.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from os import PathLike

import networkx as nx

from kg.graph import GAZETTEER_RULE

__all__ = ["ARTICLE", "AUTHOR_OF", "SEPARATOR", "join_names", "split_names", "graphml_ready", "write_graphml",
           "read_graphml"]

#: The ``type`` of an article's node, and the ``predicate`` of an author's edge to it.
ARTICLE, AUTHOR_OF = "ARTICLE", "author_of"

#: Joins the names of a list attribute (``aliases``, ``mentioned_in``).
SEPARATOR = "|"
#: Evidence attributes that a link from the division table leaves out.
_EVIDENCE_ONLY = ("doc", "article", "start", "end", "sentence", "date", "when")


def join_names(names) -> str:
    r"""Names as one attribute value, joined by :data:`SEPARATOR`.

    >>> join_names(["省总工会", "a|b", "c\\d"])
    '省总工会|a\\|b|c\\\\d'
    >>> split_names(join_names(["省总工会", "a|b", "c\\d", ""]))
    ['省总工会', 'a|b', 'c\\d', '']
    """
    return SEPARATOR.join(n.replace("\\", "\\\\").replace("|", "\\|") for n in names)


def split_names(text: str) -> list[str]:
    """The names of a :func:`join_names` value (none for ``""``)."""
    if not text:
        return []
    names, name, escaped = [], [], False
    for ch in text:
        if escaped:
            name.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == SEPARATOR:
            names.append("".join(name))
            name = []
        else:
            name.append(ch)
    names.append("".join(name))
    return names


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


def node_attributes(data: dict) -> dict:
    """The GraphML attributes of an entity node (see the module docstring); a node without
    ``label`` and ``name`` keeps its attributes, as :func:`_scalar` writes them.

    >>> node_attributes({"label": "ORG", "name": "云南省总工会", "aliases": ["省总", "省总工会"],
    ...                  "props": {"org_type": "trade_union"}, "mentions": [("d1", "d1#a1"), ("d2", "")]})
    {'label': '云南省总工会', 'type': 'ORG', 'aliases': '省总|省总工会', 'org_type': 'trade_union', 'mentioned_in': 'd1#a1|d2'}
    """
    if "label" not in data or "name" not in data:
        return {name: _scalar(value) for name, value in data.items()}
    attrs = {"label": data["name"], "type": data["label"]}
    for name, value in data.items():
        if name == "aliases":
            if value:
                attrs["aliases"] = join_names(value)
        elif name == "props":
            attrs.update((key, _scalar(v)) for key, v in value.items())
        elif name == "mentions":
            attrs["mentioned_in"] = join_names(article or doc for doc, article in value)
        elif name not in ("label", "name"):
            attrs[name] = _scalar(value)
    return attrs


def edge_attributes(data: dict) -> dict:
    """The GraphML attributes of an edge: a link from the division table has no evidence.

    >>> edge_attributes({"predicate": "located_in", "role": None, "doc": "", "article": "", "start": 0,
    ...                  "end": 0, "sentence": "", "rule": "gazetteer"})
    {'predicate': 'located_in', 'role': '', 'rule': 'gazetteer'}
    """
    if data.get("rule") == GAZETTEER_RULE and not data.get("doc"):
        return {name: _scalar(value) for name, value in data.items() if name not in _EVIDENCE_ONLY}
    return {name: _scalar(value) for name, value in data.items()}


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` with the attributes :func:`write_graphml` writes: those of
    :func:`node_attributes` and :func:`edge_attributes`, the graph's own as JSON.

    >>> g = nx.MultiDiGraph(documents={"d1": {}})
    >>> g.add_node("ORG:甲", label="ORG", name="甲", aliases=["乙", "丙"], props={}, mentions=[("d1", "")])
    >>> g.add_edge("ORG:甲", "ORG:甲", role=None)
    0
    >>> ready = graphml_ready(g)
    >>> ready.graph, ready.nodes["ORG:甲"]
    ({'documents': '{"d1": {}}'}, {'label': '甲', 'type': 'ORG', 'aliases': '乙|丙', 'mentioned_in': 'd1'})
    >>> list(ready.edges(data="role"))
    [('ORG:甲', 'ORG:甲', '')]
    """
    attrs, articles, authors = _with_articles(graph)
    ready = nx.MultiDiGraph(**{name: _scalar(value) for name, value in attrs.items()})
    for nid, data in (*graph.nodes(data=True), *articles):
        ready.add_node(nid, **node_attributes(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        ready.add_edge(u, v, key=key, **edge_attributes(data))
    for u, v, data in authors:
        ready.add_edge(u, v, **edge_attributes(data))
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
        nodes = (node_attributes(d) for _, d in (*graph.nodes(data=True), *self.articles))
        edges = (edge_attributes(d) for *_, d in (*graph.edges(data=True), *self.authors))
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
            yield self._element(f'<node id="{_attrib(str(nid))}"', "node", node_attributes(data), "node")
        edges = graph.edges(keys=True, data=True)
        keys: dict[tuple, int] = {}  # networkx numbers the author edges after the pair's others
        for u, v, key, data in (*edges, *((u, v, None, d) for u, v, d in self.authors)):
            if key is None:
                key = keys.get((u, v), graph.number_of_edges(u, v) if graph.has_node(u) and graph.has_node(v) else 0)
            keys[(u, v)] = key + 1
            start = f'<edge source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{_attrib(str(key))}"'
            yield self._element(start, "edge", edge_attributes(data), "edge")
        if self.attrs:
            yield self._data(self.attrs, "graph", "\n    ")


#: Node attributes that are not props.
_NODE_FIELDS = ("label", "type", "iri", "aliases", "mentioned_in")


def read_graphml(path: str | PathLike) -> nx.MultiDiGraph:
    """The graph that :func:`write_graphml` wrote to ``path``, as :func:`kg.graph.build_graph`
    made it: ``label``, ``name``, ``aliases``, ``props`` and ``mentions`` (``(doc, article)``
    pairs, the document of an article found in the graph's ``documents``) on each node; every
    evidence field on each edge (``""`` and ``0`` for a link of the division table), an empty
    ``role`` as ``None``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> g = nx.MultiDiGraph(documents={"d1": {"source": "d1.txt", "articles": {"d1#a1": "题"}}})
    >>> g.add_node("ORG:甲", label="ORG", name="甲", aliases=["甲"], props={}, mentions=[("d1", "d1#a1")])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_graphml(g, Path(tmp) / "g.graphml")
    ...     back = read_graphml(Path(tmp) / "g.graphml")
    >>> back.nodes["ORG:甲"], back.graph["documents"]["d1"]["source"]
    ({'label': 'ORG', 'name': '甲', 'aliases': ['甲'], 'props': {}, 'mentions': [('d1', 'd1#a1')]}, 'd1.txt')
    """
    stored = nx.read_graphml(path, force_multigraph=True)
    documents = json.loads(stored.graph.get("documents") or "{}")
    doc_of = {article: doc for doc, entry in documents.items() for article in entry.get("articles", {})}
    graph = nx.MultiDiGraph(documents=documents)
    for nid, data in stored.nodes(data=True):
        if data.get("type") == ARTICLE:  # its text back into its document's entry
            details = documents.get(data.get("doc"), {}).get("details", {}).get(nid)
            if details is not None:
                details["text"] = data.get("text", "")
            continue
        mentions = [(doc_of[item], item) if item in doc_of else (item, "") for item in split_names(data.get("mentioned_in", ""))]
        graph.add_node(
            nid,
            label=data["type"],
            name=data["label"],
            **({"iri": data["iri"]} if data.get("iri") else {}),
            aliases=split_names(data.get("aliases", "")),
            props={k: v for k, v in data.items() if k not in _NODE_FIELDS},
            mentions=sorted(mentions),
        )
    for u, v, data in stored.edges(data=True):
        if data.get("predicate") == AUTHOR_OF:
            continue
        evidence = {"doc": "", "article": "", "start": 0, "end": 0, "sentence": "", "date": "", "when": ""}
        graph.add_edge(u, v, **{**evidence, **data, "role": data.get("role") or None})
    return graph
