"""Entities and relations of many documents -> one networkx graph.

One node per real thing across documents (:class:`Identity`): a place with a division code is
one node per code, under the division table's name (the page's forms, Traditional, Simplified,
short or full, are its aliases); an organisation, programme, event or award is one node per
name read as Simplified (雲南省總工會 and 云南省总工会 are one), except an organisation named from
its level alone (市总工会: its page named no region), one node per page; a person is one node per
name *and evidence*: the same name on two pages is one person only where the pages give the
same organisation (a post in it, or a byline at the same newspaper), otherwise one node per
page. Edges are relations, one per :class:`~kg.model.Relation` with its evidence.
``graph.graph["documents"]`` lists the documents and articles the graph was read from, with
what is known of each page and each article's authors, dateline, date and text.

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
['ORG:云南省总工会', 'PERSON:王宏.b7e2a44b']
>>> [(u, v, d["predicate"], d["role"]) for u, v, d in graph.edges(data=True)]
[('PERSON:王宏.b7e2a44b', 'ORG:云南省总工会', 'holds_position', '党组书记')]
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

import networkx as nx

from kg.io.traditional import to_simplified
from kg.model import ADMIN_LEVELS, PREDICATES, SYMMETRIC, Document, Entity, Evidence, PageMeta, Relation
from kg.ner.heads import LEVEL_ENDS
from kg.text.dates import article_anchor, dateline_date, iso_date, resolve_text
from kg.vocab import entity_iri

__all__ = [
    "GAZETTEER_RULE",
    "node_id",
    "Identity",
    "identify",
    "build_graph",
]

#: Evidence rule of the located_in links added from the division table.
GAZETTEER_RULE = "gazetteer"

#: Division table: code -> (name, level, parent code or "").
Divisions = Mapping[str, tuple[str, int | str, str]]

#: A node: (its id, label, name, tag); the tag tells apart the nodes of one label and name.
Node = tuple[str, str, str, str]


def node_id(key: tuple[str, str], tag: str = "") -> str:
    """The node of the entity with this ``(label, name)`` key and ``tag``.

    Labels hold no ``:``, so the first one splits the id again; a tag (of a person, or of a
    place whose name several divisions share) follows the name after a ``.``.

    >>> node_id(("ORG", "云南省总工会")), node_id(("PERSON", "王宏"), "4e6b5b9c")
    ('ORG:云南省总工会', 'PERSON:王宏.4e6b5b9c')
    """
    label, name = key
    return f"{label}:{name}.{tag}" if tag else f"{label}:{name}"


def _digest(text: str) -> str:
    """Eight hex digits of SHA-256: the tag of a person node."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


@lru_cache(maxsize=1 << 16)
def _simplified(name: str) -> str:
    return to_simplified(name)


def _meta(doc) -> PageMeta:
    return getattr(doc, "meta", None) or PageMeta()


class Identity:
    """Which node each entity of each document is (see the module docstring).

    Fed every document first (:meth:`add`), then asked for nodes (:meth:`node`). A person's
    evidence on a page is a ``holds_position`` organisation (``org:<node id>``) and, when the
    page's newspaper is known, each byline role (``byline:<newspaper>:<role>``); two pages
    whose evidence for a name meet give one node. Its tag hashes the smallest evidence of the
    node (or ``doc:<document id>`` without any), so it does not depend on the other pages.
    """

    def __init__(self, divisions: Divisions | None = None):
        self.divisions = divisions or {}
        counts = Counter(name for name, _, _ in self.divisions.values())
        self.shared_names = {name for name, n in counts.items() if n > 1}
        self.code_names: dict[str, str] = {}  # a code outside the table -> its smallest name
        self.evidence: dict[str, dict[str, set[str]]] = {}  # person name -> document -> evidence
        self.tags: dict[tuple[str, str], str] = {}  # (document, person name) -> tag

    def add(self, doc) -> None:
        """Read what one document says about identity: codes and people's evidence."""
        people = {}
        for e in doc.entities:
            code = e.props.get("division_code") if e.label == "PLACE" else None
            if code and code not in self.divisions:
                name = _simplified(e.name)
                self.code_names[code] = min(self.code_names.get(code, name), name)
            if e.label == "PERSON":
                people.setdefault(_simplified(e.name), set())
        for r in doc.relations:
            for label, name in (r.subject, r.object):
                if label == "PERSON":
                    people.setdefault(_simplified(name), set())
            if r.predicate == "holds_position" and r.subject[0] == "PERSON":
                people[_simplified(r.subject[1])].add("org:" + self.node(doc.id, *r.object, {})[0])
        newspaper = _meta(doc).newspaper
        for article in doc.articles:
            for name, role in article.authors:
                found = people.setdefault(_simplified(name), set())
                if newspaper:
                    found.add(f"byline:{newspaper}:{role}")
        for name, found in people.items():
            self.evidence.setdefault(name, {})[doc.id] = found

    def finish(self) -> "Identity":
        """Group each name's pages by shared evidence and tag each group."""
        for name, pages in self.evidence.items():
            for group in _groups(pages):
                found = set().union(*(pages[d] for d in group))
                tag = _digest(min(found) if found else f"doc:{min(group)}")
                self.tags.update(((d, name), tag) for d in group)
        self.evidence.clear()
        return self

    def node(self, doc_id: str, label: str, name: str, props: Mapping | None = None) -> Node:
        """The node of the entity ``(label, name)`` of document ``doc_id`` (``props`` gives a
        place's division code)."""
        code = (props or {}).get("division_code") if label == "PLACE" else None
        if code and code in self.divisions:
            return self.place(code)
        if code:
            name, tag = self.code_names.get(code) or _simplified(name), ""
        elif label == "PERSON":
            name = _simplified(name)
            tag = self.tags.get((doc_id, name)) or _digest(f"doc:{doc_id}")
        elif label == "ORG" and name[:1] in LEVEL_ENDS:
            # a body named from its level with no region (市总工会 where the page names no city) is
            # a different body on each page
            name, tag = _simplified(name), _digest(f"doc:{doc_id}")
        else:
            name, tag = _simplified(name), ""
        return node_id((label, name), tag), label, name, tag

    def place(self, code: str) -> Node:
        """The node of the division ``code`` of the table."""
        name = self.divisions[code][0]
        tag = code if name in self.shared_names else ""
        return node_id(("PLACE", name), tag), "PLACE", name, tag


def _groups(pages: Mapping[str, set[str]]) -> list[list[str]]:
    """The documents of ``pages`` (document -> evidence) grouped where evidence is shared.

    >>> _groups({"a": {"org:x"}, "b": set(), "c": {"org:y", "org:x"}, "d": {"org:y"}})
    [['a', 'c', 'd'], ['b']]
    """
    parent = {d: d for d in pages}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    first: dict[str, str] = {}
    for d in sorted(pages):
        for token in sorted(pages[d]):
            if token in first:
                parent[max(root(d), root(first[token]))] = min(root(d), root(first[token]))
            else:
                first[token] = d
    groups: dict[str, list[str]] = {}
    for d in sorted(pages):
        groups.setdefault(root(d), []).append(d)
    return sorted(groups.values())


def identify(documents: Iterable, divisions: Divisions | None = None) -> Identity:
    """The :class:`Identity` of the entities of ``documents``."""
    identity = Identity(divisions)
    for doc in documents:
        identity.add(doc)
    return identity.finish()


def build_graph(
    documents: Iterable[Document], divisions: Divisions | None = None, identity: Identity | None = None
) -> nx.MultiDiGraph:
    """One graph of the entities and relations of ``documents``.

    Parameters
    ----------
    documents : iterable of Document
        Read in order of id, so the graph does not depend on the order given. A document may
        carry ``meta``, a :class:`~kg.model.PageMeta` (newspaper, publication date ...).
    divisions : mapping, optional
        Division table, code -> ``(name, level, parent_code)``, e.g. from the gazetteer of
        ``pipelines/lexicons/divisions.tsv`` (level 0-4 or an ``admin_level`` name). A place
        with ``props["division_code"]`` is the node of its code, and gets ``located_in`` links
        up the hierarchy, with rule :data:`GAZETTEER_RULE` and no article, where the text does
        not give them; missing parent places are added.
    identity : Identity, optional
        The nodes of the entities, when already made from ``documents`` (:func:`identify`).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``label``, ``name``, ``iri``, ``aliases`` (sorted: the entities' aliases
        and the names the pages write when not the node's own), ``props`` (merged; on a
        conflict the document first by id wins) and ``mentions`` (sorted ``(doc, article)``
        pairs, article ``""`` when the entity is known only by document). Edges carry ``predicate``, ``role``, the evidence fields
        ``doc``, ``article``, ``start``, ``end``, ``sentence``, ``rule``, ``date`` (as written)
        and ``when`` (its calendar value, ISO at the text's precision, ``""`` when unknown).
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
    documents = sorted(documents, key=lambda doc: doc.id)
    identity = identity or identify(documents, divisions)
    graph = nx.MultiDiGraph(documents={})
    shared = _Shared()
    held: dict[str, tuple[Node, set]] = {}  # subject node -> (the node, relations)
    for doc in documents:
        nodes = {e.key: identity.node(doc.id, e.label, e.name, e.props) for e in doc.entities}
        for entity in doc.entities:
            _add_entity(graph, entity, nodes[entity.key], shared(doc.id), shared)
        _add_document(graph, doc, shared, identity)
        for relation in doc.relations:
            ends = [nodes.get(k) or identity.node(doc.id, *k) for k in (relation.subject, relation.object)]
            _hold_relation(held, relation, ends, shared)
    # relations sorted by subject node id, predicate, object node id, role, evidence
    dates = _Dates(graph.graph["documents"])
    for nid in sorted(held):
        node, relations = held.pop(nid)
        for row in sorted(relations):
            _add_relation(graph, node, row, shared, dates)
    if divisions:
        _add_gazetteer_links(graph, divisions, identity)
    _finish_nodes(graph)
    graph.graph["documents"] = {doc_id: _sorted_entry(entry) for doc_id, entry in sorted(graph.graph["documents"].items())}
    return graph


class _Shared(dict):
    """One object for each distinct string or tuple of strings: the ids, names, rules and
    sentences that many relations and mentions repeat are held once by the graph."""

    def __call__(self, value):
        return self.setdefault(value, value)

    def pair(self, first: str, second: str) -> tuple[str, str]:
        return self(tuple(map(self, (first, second))))


def _texts(doc) -> list[str]:
    """The text of each article of ``doc`` (a stored document reads them from its entry)."""
    texts = getattr(doc, "texts", None)
    return list(texts) if texts is not None else [a.text_in(doc) for a in doc.articles]


def _add_document(graph: nx.MultiDiGraph, doc, shared: _Shared, identity: Identity) -> None:
    """List the document with what is known of it, and its articles with their authors (who
    become nodes, mentioned in the article), dateline, date and text."""
    entry = _document_entry(graph, shared(doc.id))
    entry["source"] = entry["source"] or doc.source
    meta = _meta(doc)
    entry["meta"] = {k: v for k, v in dataclasses.asdict(meta).items() if v}
    published = iso_date(meta.published)
    for article, text in zip(doc.articles, _texts(doc)):
        _article_entry(graph, doc.id, shared(article.id), article.title)
        authors = []
        for name, role in article.authors:
            node = identity.node(doc.id, "PERSON", name)
            nid = _add_node(graph, node)
            _merge(graph, nid, [name] if name != node[2] else [], mentions=[shared.pair(doc.id, article.id)])
            authors.append([name, role, nid])
        dated = dateline_date(article.dateline, published)
        entry["details"][article.id] = {
            "authors": authors, "dateline": article.dateline, "date": dated.isoformat() if dated else "", "text": text,
        }


def _document_entry(graph: nx.MultiDiGraph, doc_id: str) -> dict:
    return graph.graph["documents"].setdefault(doc_id, {"source": "", "articles": {}, "details": {}, "meta": {}})


def _sorted_entry(entry: dict) -> dict:
    """A document's entry with its articles in order of id (what is empty left out)."""
    out = {"source": entry["source"], "articles": dict(sorted(entry["articles"].items()))}
    if entry["details"]:
        out["details"] = dict(sorted(entry["details"].items()))
    if entry["meta"]:
        out["meta"] = entry["meta"]
    return out


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


def _add_node(graph: nx.MultiDiGraph, node: Node) -> str:
    """Add ``node`` with empty attributes unless there; return its id.

    Until :func:`_finish_nodes`, ``aliases`` and ``mentions`` are sets (sorted once at the end,
    not at every merge: an entity on every page would cost quadratic time)."""
    nid, label, name, tag = node
    if nid not in graph:
        graph.add_node(nid, label=label, name=name, iri=str(entity_iri(label, name, tag)), aliases=set(), props={},
                       mentions=set())
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


def _add_entity(graph: nx.MultiDiGraph, entity: Entity, node: Node, doc_id: str, shared: _Shared) -> None:
    mentions = {shared.pair(doc_id, m.article) for m in entity.mentions if m.article} or {shared.pair(doc_id, "")}
    props = {shared(name): shared(value) if type(value) is str else value for name, value in entity.props.items()}
    node = (shared(node[0]), shared(node[1]), shared(node[2]), node[3])
    # the page's own form of the name (雲南省, 昆明 for 昆明市) is one of the node's
    written = (entity.name,) if entity.name != node[2] else ()
    _merge(graph, _add_node(graph, node), map(shared, (*entity.aliases, *written)), props, mentions)


def _hold_relation(held: dict, relation: Relation, ends: list[Node], shared: _Shared) -> None:
    """Keep ``relation`` between the nodes ``ends`` until the graph gets its edges, as one
    tuple of shared strings under its subject node (symmetric ones from the smaller node id):
    the same relation twice is kept once.

    The tuples sort by predicate, object node id, role (``None`` as ``""``) and evidence;
    ``role is None`` only tells ``None`` from ``""`` apart."""
    if relation.predicate not in PREDICATES:
        raise ValueError(f"unknown predicate {relation.predicate!r}")
    subject, obj = ends
    if relation.predicate in SYMMETRIC and obj[0] < subject[0]:
        subject, obj = obj, subject
    subject, obj = (tuple(shared(v) if type(v) is str else v for v in node) for node in (subject, obj))
    ev = relation.evidence
    role = shared(relation.role) if type(relation.role) is str else relation.role
    row = (
        shared(relation.predicate), obj[0], role or "",
        *(shared(v) if type(v) is str else v for v in (ev.doc, ev.article, ev.start, ev.end, ev.sentence, ev.rule, ev.date)),
        role is None, role, obj,
    )
    if subject[0] not in held:
        held[subject[0]] = (subject, set())
    held[subject[0]][1].add(row)


class _Dates:
    """The calendar value of a fact's date, counted from its article's date (its dateline,
    else its page's publication date)."""

    def __init__(self, documents: dict):
        self.documents = documents
        self.anchors: dict[tuple[str, str], datetime.date | None] = {}

    def anchor(self, doc_id: str, article_id: str) -> datetime.date | None:
        key = (doc_id, article_id)
        if key not in self.anchors:
            entry = self.documents.get(doc_id, {})
            published = iso_date(entry.get("meta", {}).get("published", ""))
            dateline = entry.get("details", {}).get(article_id, {}).get("dateline", "")
            self.anchors[key] = article_anchor(dateline, published)
        return self.anchors[key]

    def when(self, doc_id: str, article_id: str, date: str) -> str:
        if not date:
            return ""
        resolved = resolve_text(date, self.anchor(doc_id, article_id))
        return resolved.value or "" if resolved else ""


def _add_relation(graph: nx.MultiDiGraph, subject: Node, row: tuple, shared: _Shared, dates: _Dates) -> None:
    """Add the edge of a relation held by :func:`_hold_relation` under ``subject``."""
    predicate, _, _, doc, article, start, end, sentence, rule, date, _, role, obj = row
    # An end the document does not list as an entity still gets a node, mentioned where the
    # relation was read, so that no edge dangles.
    mention = {shared.pair(doc, article)} if doc else set()
    ends = []
    for node in (subject, obj):
        nid = _add_node(graph, node)
        if not graph.nodes[nid]["mentions"]:
            _merge(graph, nid, mentions=mention)
        ends.append(nid)
    if doc:
        _source_entry(graph, doc, article)
    graph.add_edge(
        *ends, predicate=predicate, role=role,
        doc=doc, article=article, start=start, end=end, sentence=sentence, rule=rule,
        date=date, when=shared(dates.when(doc, article, date)),
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


def _add_gazetteer_links(graph: nx.MultiDiGraph, divisions: Divisions, identity: Identity) -> None:
    """Link every coded place to its parent, grandparent ... as the division table gives them."""
    by_code = {}
    for nid, data in sorted(graph.nodes(data=True)):
        code = data["props"].get("division_code") if data["label"] == "PLACE" else None
        if code:
            by_code.setdefault(code, nid)
    evidence = {**dataclasses.asdict(Evidence("", "", 0, 0, "", GAZETTEER_RULE)), "when": ""}
    done = set()
    for code in sorted(by_code):
        while code in divisions and code not in done:
            done.add(code)
            _merge(graph, by_code[code], props={"admin_level": _admin_level(divisions[code][1])})
            parent = divisions[code][2]
            if parent not in divisions:
                break
            if parent not in by_code:
                by_code[parent] = _add_node(graph, identity.place(parent))
                props = {"division_code": parent, "admin_level": _admin_level(divisions[parent][1])}
                _merge(graph, by_code[parent], props=props)
            child, up = by_code[code], by_code[parent]
            links = graph.get_edge_data(child, up, default={}).values()
            if not any(link["predicate"] == "located_in" for link in links):
                graph.add_edge(child, up, predicate="located_in", role=None, **evidence)
            code = parent
