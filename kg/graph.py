"""Entities and relations of many documents -> one networkx graph.

Nodes are entities keyed by :func:`node_id` of their ``(label, name)``, so the same entity found on
two pages is one node. Edges are relations, one per :class:`~kg.model.Relation` with its evidence.
``graph.graph["documents"]`` lists the documents and articles the graph was read from.

>>> from kg.model import Document, Entity, Evidence, Normalized, Relation
>>> text = "王宏任云南省总工会党组书记"
>>> doc = Document(
...     id="d1", source="d1.txt", normalized=Normalized(text, text, tuple(range(len(text) + 1))),
...     entities=[Entity("PERSON", "王宏"), Entity("ORG", "云南省总工会", {"省总工会"})],
...     relations=[Relation(("PERSON", "王宏"), "holds_position", ("ORG", "云南省总工会"), "党组书记",
...                         Evidence("d1", "d1#a1", 0, 13, text, "post"))],
... )
>>> graph = build_graph([doc])
>>> sorted(graph.nodes)
['ORG:云南省总工会', 'PERSON:王宏']
>>> [(u, v, d["predicate"], d["role"]) for u, v, d in graph.edges(data=True)]
[('PERSON:王宏', 'ORG:云南省总工会', 'holds_position', '党组书记')]
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import networkx as nx

from kg.model import ADMIN_LEVELS, PREDICATES, SYMMETRIC, Document, Entity, Evidence, Relation

__all__ = [
    "GAZETTEER_RULE",
    "node_id",
    "build_graph",
]

#: Evidence rule of the located_in links added from the division table.
GAZETTEER_RULE = "gazetteer"

#: Division table: code -> (name, level, parent code or "").
Divisions = Mapping[str, tuple[str, int | str, str]]


def node_id(key: tuple[str, str]) -> str:
    """The node of the entity with this ``(label, name)`` key.

    Labels hold no ``:``, so the first one splits the id again.

    >>> node_id(("ORG", "云南省总工会"))
    'ORG:云南省总工会'
    """
    label, name = key
    return f"{label}:{name}"


def build_graph(
    documents: Iterable[Document], divisions: Divisions | None = None
) -> nx.MultiDiGraph:
    """One graph of the entities and relations of ``documents``.

    Parameters
    ----------
    documents : iterable of Document
        Read in order of id, so the graph does not depend on the order given.
    divisions : mapping, optional
        Division table, code -> ``(name, level, parent_code)``, e.g. from the gazetteer of
        ``pipelines/lexicons/divisions.tsv`` (level 0-4 or an ``admin_level`` name). Each place
        with ``props["division_code"]`` gets ``located_in`` links up the hierarchy, with rule
        :data:`GAZETTEER_RULE` and no article, where the text does not give them; missing
        parent places are added. A parent whose name is taken by a place with another code
        (two districts called 鼓楼区) stops the climb rather than link the wrong place.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``label``, ``name``, ``aliases`` (sorted), ``props`` (merged; on a conflict
        the document first by id wins) and ``mentions`` (sorted ``(doc, article)`` pairs, article
        ``""`` when the entity is known only by document). Edges carry ``predicate``, ``role``
        and the evidence fields ``doc``, ``article``, ``start``, ``end``, ``sentence``, ``rule``.
        Identical relations are kept once; ``partner_of`` runs from the smaller node id.

    Examples
    --------
    A place whose code the table knows is linked to its province:

    >>> from kg.model import Document, Entity, Normalized
    >>> doc = Document("d1", "d1.txt", Normalized("", "", (0,)),
    ...                entities=[Entity("PLACE", "昆明市", props={"division_code": "530100"})])
    >>> graph = build_graph([doc], {"530000": ("云南省", 1, ""), "530100": ("昆明市", 2, "530000")})
    >>> [(u, v, d["rule"]) for u, v, d in graph.edges(data=True)]
    [('PLACE:昆明市', 'PLACE:云南省', 'gazetteer')]
    >>> graph.nodes["PLACE:云南省"]["props"]
    {'admin_level': 'province', 'division_code': '530000'}
    """
    graph = nx.MultiDiGraph(documents={})
    shared = _Shared()
    held: dict[str, tuple[tuple[str, str], set]] = {}  # subject node -> (its key, relations)
    for doc in sorted(documents, key=lambda doc: doc.id):
        _add_document(graph, doc, shared)
        for entity in doc.entities:
            _add_entity(graph, entity, shared(doc.id), shared)
        for relation in doc.relations:
            _hold_relation(held, relation, shared)
    # relations sorted by subject node id, predicate, object node id, role, evidence
    for nid in sorted(held):
        key, relations = held.pop(nid)
        for row in sorted(relations):
            _add_relation(graph, nid, key, row, shared)
    if divisions:
        _add_gazetteer_links(graph, divisions)
    _finish_nodes(graph)
    graph.graph["documents"] = {
        doc_id: {"source": entry["source"], "articles": dict(sorted(entry["articles"].items()))}
        for doc_id, entry in sorted(graph.graph["documents"].items())
    }
    return graph


class _Shared(dict):
    """One object for each distinct string or tuple of strings: the ids, names, rules and
    sentences that many relations and mentions repeat are held once by the graph."""

    def __call__(self, value):
        return self.setdefault(value, value)

    def pair(self, first: str, second: str) -> tuple[str, str]:
        return self(tuple(map(self, (first, second))))


def _add_document(graph: nx.MultiDiGraph, doc: Document, shared: _Shared) -> None:
    entry = _document_entry(graph, shared(doc.id))
    entry["source"] = entry["source"] or doc.source
    for article in doc.articles:
        _article_entry(graph, doc.id, shared(article.id), article.title)


def _document_entry(graph: nx.MultiDiGraph, doc_id: str) -> dict:
    return graph.graph["documents"].setdefault(doc_id, {"source": "", "articles": {}})


def _article_entry(graph: nx.MultiDiGraph, doc_id: str, article_id: str, title: str = "") -> None:
    """List the article (and its document), keeping a title already known."""
    articles = _document_entry(graph, doc_id)["articles"]
    if not articles.get(article_id):
        articles[article_id] = title


def _source_entry(graph: nx.MultiDiGraph, doc_id: str, article_id: str) -> None:
    """List the document, and the article if there is one, that something was read in."""
    if article_id:
        _article_entry(graph, doc_id, article_id)
    else:
        _document_entry(graph, doc_id)


def _add_node(graph: nx.MultiDiGraph, key: tuple[str, str], nid: str | None = None) -> str:
    """Add the node of ``key`` (whose id is ``nid``, if given) with empty attributes unless
    there; return its id.

    Until :func:`_finish_nodes`, ``aliases`` and ``mentions`` are sets (sorted once at the end,
    not at every merge: an entity on every page would cost quadratic time)."""
    nid = nid or node_id(key)
    if nid not in graph:
        graph.add_node(nid, label=key[0], name=key[1], aliases=set(), props={}, mentions=set())
    return nid


def _merge(graph: nx.MultiDiGraph, nid: str, aliases=(), props=None, mentions=()) -> None:
    """Add aliases, props not yet set (or empty), and mentions to node ``nid``."""
    data = graph.nodes[nid]
    data["aliases"].update(aliases)
    merged = data["props"]
    for name, value in (props or {}).items():
        if not merged.get(name):
            merged[name] = value
    data["mentions"].update(mentions)
    for doc_id, article_id in mentions:
        _source_entry(graph, doc_id, article_id)


def _finish_nodes(graph: nx.MultiDiGraph) -> None:
    """Aliases and mentions as sorted lists, props sorted by name: the attributes as
    :func:`build_graph` documents them."""
    for _, data in graph.nodes(data=True):
        data["aliases"] = sorted(data["aliases"])
        data["props"] = dict(sorted(data["props"].items()))
        data["mentions"] = sorted(data["mentions"])


def _add_entity(graph: nx.MultiDiGraph, entity: Entity, doc_id: str, shared: _Shared) -> None:
    mentions = {shared.pair(doc_id, m.article) for m in entity.mentions if m.article} or {shared.pair(doc_id, "")}
    key = (shared(entity.label), shared(entity.name))
    props = {shared(name): shared(value) if type(value) is str else value for name, value in entity.props.items()}
    _merge(graph, _add_node(graph, key, shared(node_id(key))), map(shared, entity.aliases), props, mentions)


def _canonical(relation: Relation) -> Relation:
    """``relation`` with a known predicate, symmetric ones running from the smaller node id."""
    if relation.predicate not in PREDICATES:
        raise ValueError(f"unknown predicate {relation.predicate!r}")
    if relation.predicate in SYMMETRIC and node_id(relation.object) < node_id(relation.subject):
        return dataclasses.replace(relation, subject=relation.object, object=relation.subject)
    return relation


def _hold_relation(held: dict, relation: Relation, shared: _Shared) -> None:
    """Keep ``relation`` (made canonical) until the graph gets its edges, as one tuple of shared
    strings under its subject node: the same relation twice is kept once.

    The tuples sort by predicate, object node id, role (``None`` as ``""``) and evidence;
    ``role is None`` only tells ``None`` from ``""`` apart."""
    relation = _canonical(relation)
    subject = (shared(relation.subject[0]), shared(relation.subject[1]))
    obj = (shared(relation.object[0]), shared(relation.object[1]))
    ev = relation.evidence
    role = shared(relation.role) if type(relation.role) is str else relation.role
    row = (
        shared(relation.predicate), shared(node_id(obj)), role or "",
        *(shared(v) if type(v) is str else v for v in (ev.doc, ev.article, ev.start, ev.end, ev.sentence, ev.rule)),
        role is None, role, obj,
    )
    nid = shared(node_id(subject))
    if nid not in held:
        held[nid] = (subject, set())
    held[nid][1].add(row)


def _add_relation(
    graph: nx.MultiDiGraph, subject_id: str, subject: tuple[str, str], row: tuple, shared: _Shared
) -> None:
    """Add the edge of a relation held by :func:`_hold_relation` under ``subject_id``."""
    predicate, object_id, _, doc, article, start, end, sentence, rule, _, role, obj = row
    # An end the document does not list as an entity still gets a node, mentioned where the
    # relation was read, so that no edge dangles.
    mention = {shared.pair(doc, article)} if doc else set()
    ends = []
    for key, nid in ((subject, subject_id), (obj, object_id)):
        nid = _add_node(graph, key, nid)
        if not graph.nodes[nid]["mentions"]:
            _merge(graph, nid, mentions=mention)
        ends.append(nid)
    if doc:
        _source_entry(graph, doc, article)
    graph.add_edge(
        *ends, predicate=predicate, role=role,
        doc=doc, article=article, start=start, end=end, sentence=sentence, rule=rule,
    )


def _admin_level(level: int | str) -> str:
    """``props["admin_level"]`` for a level of the division table.

    >>> _admin_level(2), _admin_level("3"), _admin_level("township")
    ('prefecture', 'county', 'township')
    """
    if isinstance(level, int) or level.isdigit():
        return ADMIN_LEVELS[int(level)]
    if level in ADMIN_LEVELS.values():
        return level
    raise ValueError(f"unknown administrative level {level!r}")


def _add_gazetteer_links(graph: nx.MultiDiGraph, divisions: Divisions) -> None:
    """Link every coded place to its parent, grandparent ... as the division table gives them."""
    by_code = {}
    for nid, data in sorted(graph.nodes(data=True)):
        code = data["props"].get("division_code") if data["label"] == "PLACE" else None
        if code:
            by_code.setdefault(code, nid)
    evidence = dataclasses.asdict(Evidence("", "", 0, 0, "", GAZETTEER_RULE))
    done = set()
    for code in sorted(by_code):
        while code in divisions and code not in done:
            done.add(code)
            _merge(graph, by_code[code], props={"admin_level": _admin_level(divisions[code][1])})
            parent = divisions[code][2]
            if parent not in divisions:
                break
            name, level, _ = divisions[parent]
            if parent not in by_code:
                nid = _add_node(graph, ("PLACE", name))
                if (graph.nodes[nid]["props"].get("division_code") or parent) != parent:
                    break
                by_code[parent] = nid
                props = {"division_code": parent, "admin_level": _admin_level(level)}
                _merge(graph, nid, props=props)
            child, up = by_code[code], by_code[parent]
            links = graph.get_edge_data(child, up, default={}).values()
            if not any(link["predicate"] == "located_in" for link in links):
                graph.add_edge(child, up, predicate="located_in", role=None, **evidence)
            code = parent
