"""The graph as a browser view that opens from disk (``file://``): no server, no network.

:func:`write_view` writes a folder::

    index.html                 the page
    assets/app.js, style.css   the viewer
    assets/cytoscape.min.js    cytoscape.js 3.35.0, MIT (assets/cytoscape.LICENSE); see SOURCES.md
    data/graph.js              window.KG_VIEW = {...}: entities, facts, evidence, documents, articles
    data/docs/<key>.js         kgDocument("<key>", {...}): one document's text and mentions

Chromium does not let a page read ``file://`` URLs with fetch() or XHR, so the data are scripts
that hand the page a value. The page loads ``graph.js`` at once and a document's script only
when one of its articles is opened, so a large corpus's texts are not all read up front.

Data format (``KG_VIEW.format`` 1). Everything is an array indexed by position; ``-1`` is none.

``labels``, ``predicates``
    names; the six labels and seven predicates of :mod:`kg.model` first, others after.
``nodes``
    ``[label, name, aliases, props, mentions]``, sorted by node id (``LABEL:name``): ``label``
    indexes ``labels``; ``aliases`` a list, ``props`` an object (division code, level,
    organisation type ...); ``mentions`` where the entity is mentioned: an article index, or
    ``-1 - d`` for document ``d`` when the article is not known.
``edges``
    ``[subject, object, predicate, role, doc, article, sentence, rule, start, end]``: node
    indexes; ``role``, ``sentence`` and ``rule`` index the string tables ``roles``,
    ``sentences`` (each evidence sentence is stored once) and ``rules``; ``doc`` and
    ``article`` index ``documents`` and ``articles`` (``-1`` for the gazetteer's links);
    ``start``/``end`` the evidence sentence in the document's text as the view holds it (``-1``
    when that text was not given or the sentence is not there).
``documents``
    ``[id, source, key, articles]``: ``key`` names ``data/docs/<key>.js`` (``""`` when no text
    was given); ``articles`` the indexes of its articles, in text order.
``articles``
    ``[document, id, title]``.

A document script calls ``kgDocument(key, {"text": ..., "articles": [[id, start, end], ...],
"mentions": [[start, end, label, node], ...]})``: offsets into ``text``, mentions not
overlapping (``node`` is ``-1`` for an entity the graph does not hold).

Output is the same bytes for the same graph and documents: tables in a fixed order, keys sorted,
no times. JSON is made safe to embed in a script: ``<``, U+2028, U+2029 and lone surrogates are
written as ``\\u`` escapes, so no ``</script>`` can end a script element.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.graph import node_id
from kg.io.atomic import sibling, swap_folder
from kg.model import LABELS, PREDICATES, Document

__all__ = ["FORMAT", "ViewDocument", "view_document", "view_record", "write_view", "stage_view", "document_key"]

#: Version of the data format described in the module docstring.
FORMAT = 1

#: Files of ``view-assets/`` and where they go in the view folder.
ASSETS = {
    "index.html": "index.html",
    "app.js": "assets/app.js",
    "style.css": "assets/style.css",
    "cytoscape.min.js": "assets/cytoscape.min.js",
    "cytoscape.LICENSE": "assets/cytoscape.LICENSE",
}


@dataclass(frozen=True)
class ViewDocument:
    """One document's text as the view shows it, with its articles and mentions.

    Parameters
    ----------
    id, source : str
        The document id (as the graph's evidence and ``graph.graph["documents"]`` name it) and
        its input file.
    text : str
        The text to show (normalised text reads better than the raw page).
    articles : tuple of (id, title, start, end)
        Article spans in ``text``.
    mentions : tuple of (start, end, label, node id)
        Entity mentions in ``text``; overlapping ones are dropped, the longer kept.
    raw_offsets : tuple of int
        For each character of ``text`` the index of the raw character it came from, and the raw
        length last (as :class:`kg.model.Normalized` keeps them): the graph's evidence offsets
        are raw. Empty when ``text`` is the raw text.
    """

    id: str
    source: str
    text: str
    articles: tuple[tuple[str, str, int, int], ...] = ()
    mentions: tuple[tuple[int, int, str, str], ...] = ()
    raw_offsets: tuple[int, ...] = ()

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` read from raw characters ``start:end``.

        >>> doc = ViewDocument("d", "d.txt", "在提升", raw_offsets=(0, 1, 3, 4))  # raw "在提\\n升"
        >>> doc.text_span(1, 4)
        (1, 3)
        """
        offsets, n = self.raw_offsets, len(self.text)
        if not offsets:
            return min(start, n), min(end, n)
        return bisect_left(offsets, start, 0, n), bisect_left(offsets, end, 0, n)

    def to_record(self) -> str:
        """The document as one line of JSON (what a build keeps of each page for the view, in
        its cache entry and its spool), the raw offsets as runs (:func:`_runs`).

        >>> doc = ViewDocument("d", "d.txt", "在提升", (("d#a1", "题", 0, 3),), ((1, 3, "ORG", "ORG:提升"),), (0, 1, 3, 4))
        >>> doc.to_record()
        '{"articles":[["d#a1","题",0,3]],"id":"d","mentions":[[1,3,"ORG","ORG:提升"]],"offsets":[[0,0],[2,3]],"source":"d.txt","text":"在提升"}'
        >>> ViewDocument.from_record(doc.to_record()) == doc
        True
        """
        record = {"id": self.id, "source": self.source, "text": self.text, "articles": self.articles,
                  "mentions": self.mentions, "offsets": _runs(self.raw_offsets)}
        return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_record(cls, line: str) -> "ViewDocument":
        """The document of a :meth:`to_record` line."""
        r = json.loads(line)
        return cls(r["id"], r["source"], r["text"], tuple(map(tuple, r["articles"])), tuple(map(tuple, r["mentions"])),
                   _from_runs(r["offsets"], len(r["text"]) + 1 if r["offsets"] else 0))


def _runs(offsets: tuple[int, ...]) -> list[list[int]]:
    """``offsets`` as ``[index, offset]`` where ``offset - index`` changes: normalisation drops
    few characters, so a page's offsets are a few runs of consecutive numbers.

    >>> _runs((0, 1, 3, 4, 5)), _from_runs(_runs((0, 1, 3, 4, 5)), 5)
    ([[0, 0], [2, 3]], (0, 1, 3, 4, 5))
    """
    runs, shift = [], None
    for i, offset in enumerate(offsets):
        if offset - i != shift:
            shift = offset - i
            runs.append([i, offset])
    return runs


def _from_runs(runs: list[list[int]], length: int) -> tuple[int, ...]:
    """The offsets of :func:`_runs`, ``length`` of them."""
    offsets = []
    for k, (start, offset) in enumerate(runs):
        stop = runs[k + 1][0] if k + 1 < len(runs) else length
        offsets.extend(range(offset, offset + stop - start))
    return tuple(offsets)


def view_document(doc: Document) -> ViewDocument:
    """The :class:`ViewDocument` of an extracted document: its normalised text, articles and the
    mentions of its entities (each as the node :func:`kg.graph.build_graph` makes of it).

    >>> from kg.model import Article, Entity, Mention, Normalized
    >>> doc = Document("d", "d.txt", Normalized("王宏 讲话", "王宏讲话", (0, 1, 3, 4, 5)),
    ...                [Article("d#a1", 0, 4, "题")],
    ...                [Entity("PERSON", "王宏", mentions=[Mention(0, 2, "王宏", "PERSON", "r", "d#a1")])])
    >>> view = view_document(doc)
    >>> view.text, view.articles, view.mentions
    ('王宏讲话', (('d#a1', '题', 0, 4),), ((0, 2, 'PERSON', 'PERSON:王宏'),))
    """
    mentions = {
        (m.start, m.end, e.label, node_id(e.key)) for e in doc.entities for m in e.mentions if m.end > m.start
    }
    return ViewDocument(
        id=doc.id,
        source=doc.source,
        text=doc.normalized.text,
        articles=tuple((a.id, a.title, a.start, a.end) for a in doc.articles),
        mentions=tuple(sorted(mentions)),
        raw_offsets=tuple(doc.normalized.offsets),
    )


def view_record(doc: Document) -> str:
    """The :meth:`ViewDocument.to_record` line of an extracted document."""
    return view_document(doc).to_record()


def write_view(graph: nx.MultiDiGraph, documents: Iterable[ViewDocument | Document], out_dir: str | os.PathLike) -> Path:
    """Write the browser view of ``graph`` to the folder ``out_dir``; return the path of its
    ``index.html``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`kg.graph.build_graph` makes it (or :func:`kg.export.graphml.read_graphml` reads it).
    documents : iterable of ViewDocument or kg.model.Document
        The texts for the article view (a Document is turned into a ViewDocument by
        :func:`view_document`), read once, one at a time: a generator keeps memory flat.
        Documents the graph names but that are not given show their facts without text.
    out_dir : path
        Made whole in a hidden sibling folder, then put in place of the old one
        (:func:`kg.io.atomic.swap_folder`): a failure leaves the old view as it was.

    Examples
    --------
    >>> import tempfile
    >>> from kg.graph import build_graph
    >>> from kg.model import Entity, Normalized
    >>> doc = Document("d1", "d1.txt", Normalized("王宏", "王宏", (0, 1, 2)), entities=[Entity("PERSON", "王宏")])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     index = write_view(build_graph([doc]), [doc], Path(tmp) / "view")
    ...     sorted(p.relative_to(index.parent).as_posix() for p in index.parent.rglob("*.js"))
    ['assets/app.js', 'assets/cytoscape.min.js', 'data/docs/8b53639f152c8fc6.js', 'data/graph.js']
    """
    out = Path(out_dir)
    swap_folder(stage_view(graph, documents, out), out)
    return out / "index.html"


def stage_view(graph: nx.MultiDiGraph, documents: Iterable[ViewDocument | Document], out_dir: str | os.PathLike) -> Path:
    """Write the view that :func:`write_view` writes into a new hidden sibling of ``out_dir``
    (:func:`kg.io.atomic.sibling`) and return it, for a caller that puts several outputs in
    place together (:func:`kg.io.atomic.swap_folder`)."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = sibling(out)
    staged.mkdir()
    try:
        _copy_assets(staged)
        data = _ViewData(graph)
        docs_dir = staged / "data" / "docs"
        docs_dir.mkdir(parents=True)
        for doc in documents:
            if isinstance(doc, Document):
                doc = view_document(doc)
            key = data.add_document(doc)
            _write_text(docs_dir / f"{key}.js", _document_script(key, data.document_payload(doc)))
        _write_text(staged / "data" / "graph.js", "window.KG_VIEW = " + _js_json(data.finish()) + ";\n")
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _copy_assets(folder: Path) -> None:
    source = resources.files(__package__) / "view-assets"
    for name, target in ASSETS.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((source / name).read_bytes())


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


_UNSAFE = re.compile("[<\u2028\u2029\ud800-\udfff]")


def _js_json(value) -> str:
    """``value`` as compact JSON with sorted keys that may stand inside a ``<script>`` element
    and in JavaScript source: ``<``, the two line separators JSON allows in strings but older
    JavaScript does not, and lone surrogates (not UTF-8) become ``\\u`` escapes.

    >>> print(_js_json({"b": "</script>", "a": "\\u2028"}))
    {"a":"\\u2028","b":"\\u003c/script>"}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _document_script(key: str, payload: dict) -> str:
    return f"kgDocument({_js_json(key)}, {_js_json(payload)});\n"


def document_key(doc_id: str) -> str:
    """The name of a document's script: a digest of its id, which may hold any character.

    >>> document_key("d1")
    '8b53639f152c8fc6'
    """
    return hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _natural(text: str) -> tuple:
    """Sort key that puts ``d#a2`` before ``d#a10``.

    >>> sorted(["d#a10", "d#a2"], key=_natural)
    ['d#a2', 'd#a10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def _ordered(known: Iterable[str], extra: Iterable[str]) -> list[str]:
    """``known`` names first, in their order, then the others sorted."""
    known = list(known)
    return known + sorted(set(extra) - set(known))


def _nodes_by_document(graph: nx.MultiDiGraph) -> dict[tuple[str, str], str]:
    """``(document, node_id((label, name)))`` -> the node of the entity so named in that
    document, for each name and alias of each node, by the documents it is mentioned in: the
    graph decides which node a name is (a person's tag, a division's name in the table), so a
    page's mention, read before the graph was made, finds its node here. A node's own name wins
    over another's alias.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("PERSON:王宏.ab", label="PERSON", name="王宏", aliases=["王宏"], mentions=[("d1", "d1#a1")])
    >>> g.add_node("PLACE:云南省", label="PLACE", name="云南省", aliases=["云南"], mentions=[("d1", "")])
    >>> sorted(_nodes_by_document(g).items())
    [(('d1', 'PERSON:王宏'), 'PERSON:王宏.ab'), (('d1', 'PLACE:云南'), 'PLACE:云南省'), (('d1', 'PLACE:云南省'), 'PLACE:云南省')]
    """
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for nid, data in graph.nodes(data=True):
        names = [(0, data["name"])] + [(1, alias) for alias in data.get("aliases", ())]
        for doc in {doc for doc, _ in data.get("mentions", ())}:
            for rank, name in names:
                key = (doc, node_id((data["label"], name)))
                if key not in found or (rank, nid) < found[key]:
                    found[key] = (rank, nid)
    return {key: nid for key, (_, nid) in found.items()}


class _Table(dict):
    """Strings numbered in the order they are first added: ``table(s)`` is the number of ``s``."""

    def __call__(self, value: str) -> int:
        return self.setdefault(value, len(self))

    def values_list(self) -> list[str]:
        return list(self)


class _ViewData:
    """The tables of ``graph.js``, filled from the graph, then from the documents one by one."""

    def __init__(self, graph: nx.MultiDiGraph):
        ids = sorted(graph.nodes)
        self.node_index = {nid: i for i, nid in enumerate(ids)}
        self.labels = _ordered(LABELS, (graph.nodes[n]["label"] for n in ids))
        self.label_index = {label: i for i, label in enumerate(self.labels)}
        self.predicates = _ordered(PREDICATES, (d["predicate"] for *_, d in graph.edges(data=True)))
        self.nodes = [self._node_row(graph.nodes[n]) for n in ids]
        self.in_doc = _nodes_by_document(graph)
        self.roles, self.rules, self.sentences = _Table(), _Table(), _Table()
        self.edges, self.by_doc = self._edge_rows(graph)
        self.sentence_list = list(self.sentences)
        self.graph_documents = graph.graph.get("documents", {})
        self.given: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}  # id -> source, key, articles

    def _node_row(self, data: dict) -> list:
        """A node's row, its mentions still as (doc, article) pairs."""
        return [self.label_index[data["label"]], data["name"], list(data.get("aliases", ())),
                dict(sorted(data.get("props", {}).items())), sorted(map(tuple, data.get("mentions", ())))]

    def _edge_rows(self, graph: nx.MultiDiGraph) -> tuple[list[list], dict[str, list[int]]]:
        """Edge rows sorted by their ends and fields, their doc and article still as ids; and
        the rows of each document's facts."""
        def key(edge):
            u, v, d = edge
            return (self.node_index[u], self.node_index[v], d["predicate"], d.get("role") or "",
                    d.get("doc") or "", d.get("article") or "", d.get("start") or 0, d.get("end") or 0,
                    d.get("sentence") or "", d.get("rule") or "")

        predicate_index = {p: i for i, p in enumerate(self.predicates)}
        rows, by_doc = [], {}
        for u, v, d in sorted(graph.edges(data=True), key=key):
            role, sentence, doc = d.get("role"), d.get("sentence") or "", d.get("doc") or ""
            rows.append([
                self.node_index[u], self.node_index[v], predicate_index[d["predicate"]],
                self.roles(role) if role else -1, doc, d.get("article") or "",
                self.sentences(sentence) if sentence else -1, self.rules(d.get("rule") or ""),
                d.get("start") or 0, d.get("end") or 0,  # raw offsets until the document's text maps them
            ])
            if doc:
                by_doc.setdefault(doc, []).append(len(rows) - 1)
        return rows, by_doc

    def add_document(self, doc: ViewDocument) -> str:
        """Note ``doc``, place its facts' evidence in its text, and return its script's key."""
        if doc.id in self.given:
            raise ValueError(f"document {doc.id!r} given twice")
        key = document_key(doc.id)
        self.given[doc.id] = (doc.source, key, [(a[0], a[1]) for a in sorted(doc.articles, key=lambda a: (a[2], a[3]))])
        for row in map(self.edges.__getitem__, self.by_doc.pop(doc.id, ())):
            sentence = self.sentence_list[row[6]] if row[6] >= 0 else ""
            row[8:10] = _locate(doc, row[8], row[9], sentence)
        return key

    def document_payload(self, doc: ViewDocument) -> dict:
        """What ``data/docs/<key>.js`` holds of ``doc``."""
        mentions, end = [], 0
        for start, stop, label, nid in sorted(doc.mentions, key=lambda m: (m[0], -m[1], m[2], m[3])):
            if start >= end and stop > start and label in self.label_index:
                node = self.in_doc.get((doc.id, nid), nid)
                mentions.append([start, stop, self.label_index[label], self.node_index.get(node, -1)])
                end = stop
        articles = sorted([a[0], a[2], a[3]] for a in doc.articles)
        return {"text": doc.text, "articles": articles, "mentions": mentions}

    def finish(self) -> dict:
        """The value of ``window.KG_VIEW``."""
        for rows in self.by_doc.values():  # facts of documents given without text
            for r in rows:
                self.edges[r][8:10] = (-1, -1)
        for row in self.edges:
            if not row[4]:
                row[8:10] = (-1, -1)
        documents, articles = self._documents()
        doc_index = {d[0]: i for i, d in enumerate(documents)}
        article_index = {(doc, article): i for i, (doc, article, _) in enumerate(articles)}
        for row in self.edges:
            doc, article = row[4], row[5]
            row[4] = doc_index[doc] if doc else -1
            row[5] = article_index[(row[4], article)] if article else -1
        for row in self.nodes:
            row[4] = [article_index[(doc_index[d], a)] if a else -1 - doc_index[d] for d, a in row[4]]
        return {
            "format": FORMAT, "labels": self.labels, "predicates": self.predicates,
            "nodes": self.nodes, "edges": self.edges, "roles": self.roles.values_list(),
            "rules": self.rules.values_list(), "sentences": self.sentences.values_list(),
            "documents": documents, "articles": articles,
        }

    def _documents(self) -> tuple[list[list], list[list]]:
        """The documents and articles tables: every document that the graph or the texts name,
        by id; each one's articles in text order, then those only the graph lists, by id."""
        named: dict[str, dict[str, str]] = {}  # doc id -> article id -> title

        def note(doc_id: str, article: str, title: str = "") -> None:
            articles = named.setdefault(doc_id, {})
            if article and not articles.get(article):
                articles[article] = title

        for doc_id, entry in self.graph_documents.items():
            note(doc_id, "")
            for article, title in entry.get("articles", {}).items():
                note(doc_id, article, title)
        for doc_id, article in [row[4:6] for row in self.edges if row[4]] + [m for row in self.nodes for m in row[4]]:
            note(doc_id, article)
        documents, articles = [], []
        for doc_id in sorted(set(named) | set(self.given), key=_natural):
            source, key, given = self.given.get(doc_id, ("", "", []))
            source = source or self.graph_documents.get(doc_id, {}).get("source", "")
            titles = named.get(doc_id, {})
            order = [a for a, _ in given] + sorted(set(titles) - {a for a, _ in given}, key=_natural)
            given_titles = dict(given)
            first = len(articles)
            for article in order:
                articles.append([len(documents), article, given_titles.get(article) or titles.get(article, "")])
            documents.append([doc_id, source, key, list(range(first, len(articles)))])
        return documents, articles


def _locate(doc: ViewDocument, start: int, end: int, sentence: str) -> tuple[int, int]:
    """Where the evidence of raw characters ``start:end`` stands in ``doc.text``: its sentence
    when the sentence is found around the span, else the span itself; ``(-1, -1)`` if neither.

    >>> doc = ViewDocument("d", "d.txt", "甲。王宏任主席。乙")
    >>> _locate(doc, 2, 4, "王宏任主席。")
    (2, 8)
    """
    s, e = doc.text_span(start, end)
    if sentence:
        around = doc.text.find(sentence, max(0, s - len(sentence)), e + len(sentence))
        if around >= 0:
            return around, around + len(sentence)
    return (s, e) if e > s else (-1, -1)
