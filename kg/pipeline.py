"""Composes the stages; the only place they meet.

``Extractor`` holds what is loaded once (the spaCy pipeline, the gazetteer, the relation
rules); :func:`extract` runs one document through normalisation, article splitting, NER,
canonical names and relation rules; :func:`build` runs a batch and writes every output.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from . import errors
from .articles import split_articles
from .canonical import Conventions, article_regions, build_entities, propagate_mentions, squash
from .model import Document, Entity, Mention, Relation
from .normalize import normalize
from .relations import Scene, extract_relations

__all__ = ["Extractor", "extract", "to_gold_format", "collect_inputs", "build", "STAGES"]

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "normalise", "split", "nlp", "canonicalise", "relations", "graph", "turtle", "write")


@dataclass
class Extractor:
    """The loaded pipeline."""

    nlp: object
    relation_rules: list[dict]
    joiners: tuple[str, ...]
    conventions: Conventions
    timings: Counter = field(default_factory=Counter)

    @classmethod
    def load(cls, root: Path = ROOT) -> "Extractor":
        from .nlp import build_nlp

        nlp = build_nlp()
        with open(root / "pipelines" / "relations.toml", "rb") as f:
            rel = tomllib.load(f)
        finder = nlp.get_pipe("kg_entities")
        org = finder.rules.section("org")
        conv = Conventions(
            abbreviations=org.get("abbreviations", {}),
            level_words=org.get("level_words", {}),
            category_tails=tuple(finder.rules.section("programme").get("quote_category_tails", [])),
            full_form_heads=tuple(org.get("full_form_heads", [])),
            org_types=tuple(org.get("types", [])),
        )
        return cls(nlp, rel["rule"], tuple(rel.get("list_joiners", ["、"])), conv)

    @property
    def finder(self):
        return self.nlp.get_pipe("kg_entities")


def _timed(timings: Counter, stage: str, t0: float) -> float:
    t1 = time.perf_counter()
    timings[stage] += t1 - t0
    return t1


def _byline_spans(text: str, articles) -> list[tuple[int, int, str]]:
    """Offsets of byline names: each name searched near its article's start."""
    spans = []
    for a in articles:
        pos = a.start
        window_end = min(a.end, a.start + 80)
        for name in a.bylines:
            i = text.find(name, pos, window_end + len(name))
            if i < 0:
                i = text.find(name, a.start, a.end)
            if i >= 0:
                spans.append((i, i + len(name), name))
                pos = i + len(name)
    return spans


def extract(ex: Extractor, doc_id: str, source: str, raw: str) -> Document:
    """Everything one input page yields."""
    t = time.perf_counter()
    normalized = normalize(raw)
    t = _timed(ex.timings, "normalise", t)
    text = normalized.text
    articles = split_articles(doc_id, text)
    t = _timed(ex.timings, "split", t)

    sdoc = ex.nlp.make_doc(text)
    sdoc._.bylines = _byline_spans(text, articles)
    for _, proc in ex.nlp.pipeline:
        sdoc = proc(sdoc)
    t = _timed(ex.timings, "nlp", t)

    def art(pos: int) -> str:
        for a in articles:
            if a.start <= pos < a.end:
                return a.id
        return articles[-1].id if articles else ""

    def with_article(ms: Iterable[Mention]) -> list[Mention]:
        return [Mention(m.start, m.end, m.text, m.label, m.source, art(m.start)) for m in ms]

    mentions = with_article(sdoc._.mentions)
    nested = with_article(sdoc._.nested)
    places = with_article(sdoc._.places)
    gaz = ex.finder.gazetteer
    regions = article_regions(articles, places, gaz)
    all_mentions = sorted(set(mentions) | set(nested), key=lambda m: (m.start, m.end, m.label, m.source))
    entities = build_entities(all_mentions, regions, gaz, ex.conventions)
    mentions += propagate_mentions(text, entities, mentions, art)
    t = _timed(ex.timings, "canonicalise", t)

    key_of = {}
    for e in entities:
        for m in e.mentions:
            key_of[(m.start, m.end, m.label)] = e.key
    # gazetteer places not kept as mentions still name their entity when one exists
    by_alias = {}
    for e in entities:
        if e.label == "PLACE":
            for a in e.aliases:
                by_alias.setdefault(a, e.key)
    for p in places:
        key_of.setdefault((p.start, p.end, "PLACE"), by_alias.get(p.text))
    # relation rules see labels as the entities finally have them
    relabelled = []
    for m in mentions:
        k = key_of.get((m.start, m.end, m.label))
        if k and k[0] != m.label:
            m = Mention(m.start, m.end, m.text, k[0], m.source, m.article)
            key_of[(m.start, m.end, m.label)] = k
        relabelled.append(m)
    scene = Scene(
        doc_id=doc_id,
        normalized=normalized,
        articles=articles,
        sentences=sdoc._.sentences,
        mentions=sorted(relabelled, key=lambda m: (m.start, m.end)),
        nested=nested,
        places=places,
        key_of={k: v for k, v in key_of.items() if v},
        entities={e.key: e for e in entities},
        gazetteer=gaz,
        roles=ex.finder.rules.roles,
        joiners=ex.joiners,
    )
    relations = extract_relations(scene, ex.relation_rules)
    _timed(ex.timings, "relations", t)
    return Document(doc_id, source, normalized, articles, entities, relations)


def _mention_evidence(doc: Document, m: Mention) -> dict:
    start, end = doc.normalized.raw_span(m.start, m.end)
    return {"article": m.article, "start": start, "end": end, "text": m.text, "rule": m.source}


def to_gold_format(doc: Document) -> dict:
    """The document in the format of the annotation guidelines, with evidence added."""
    entities = []
    for e in sorted(doc.entities, key=lambda e: (e.label, e.name)):
        first = sorted(e.mentions, key=lambda m: (m.start, m.end, m.source))
        entities.append(
            {
                "label": e.label,
                "name": e.name,
                "aliases": sorted({squash(a) for a in e.aliases}),
                **({"props": dict(sorted(e.props.items()))} if e.props else {}),
                "evidence": [_mention_evidence(doc, m) for m in first[:3]],
            }
        )
    relations = []
    for r in doc.relations:
        ev = r.evidence
        relations.append(
            {
                "subject": r.subject[1],
                "predicate": r.predicate,
                "object": r.object[1],
                **({"role": r.role} if r.role else {}),
                "evidence": {"article": ev.article, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "rule": ev.rule},
            }
        )
    return {"doc": doc.source, "entities": entities, "relations": relations}


def collect_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Input files: files as given, folders searched for ``*.txt`` (sorted, no duplicates)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(q for q in p.rglob("*.txt") if q.is_file())
        else:
            files.append(p)
    seen, out = set(), []
    for f in files:
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def read_input(path: Path) -> str:
    """The text of one input file; raises :class:`errors.KGError` when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise errors.KGError(errors.E003.format(path=path, reason=exc.strerror or exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.KGError(errors.E004.format(path=path, reason=exc.reason)) from None
    if not text.strip():
        raise errors.KGError(errors.E006.format(path=path))
    return text


def _atomic_write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def build(inputs: Sequence[str | Path], out_dir: str | Path, extractor: Extractor | None = None, progress=None) -> dict:
    """Extract every input, then write ``extract/*.json``, ``graph.ttl``, ``graph.graphml``
    and ``report.json`` under ``out_dir``. A bad input is reported and skipped; the others
    still build. Returns the report."""
    from .graph import build_graph, write_graphml
    from .rdf import serialize_turtle, to_rdf

    out = Path(out_dir)
    files = collect_inputs(inputs)
    if not files:
        raise errors.KGError(errors.E002.format(paths=", ".join(map(str, inputs))))
    t_start = time.perf_counter()
    ex = extractor or Extractor.load()
    load_seconds = time.perf_counter() - t_start
    ex.timings.clear()
    documents: list[Document] = []
    failures = []
    for f in files:
        t = time.perf_counter()
        try:
            raw = read_input(f)
        except errors.KGError as exc:
            failures.append({"input": str(f), "error": str(exc)})
            continue
        _timed(ex.timings, "read", t)
        doc = extract(ex, f.stem, f.name, raw)
        documents.append(doc)
        t = time.perf_counter()
        _atomic_write(out / "extract" / f"{f.stem}.json", json.dumps(to_gold_format(doc), ensure_ascii=False, indent=1) + "\n")
        _timed(ex.timings, "write", t)
        if progress:
            progress(f)
    t = time.perf_counter()
    divisions = {code: (d.name, d.level, d.parent) for code, d in ex.finder.gazetteer.by_code.items() if not code.startswith("iso:")}
    graph = build_graph(documents, divisions=divisions)
    t = _timed(ex.timings, "graph", t)
    rdf_graph = to_rdf(graph)
    turtle = serialize_turtle(rdf_graph)
    t = _timed(ex.timings, "turtle", t)
    _atomic_write(out / "graph.ttl", turtle)
    tmp_graphml = out / ".graph.graphml.tmp"
    out.mkdir(parents=True, exist_ok=True)
    write_graphml(graph, tmp_graphml)
    os.replace(tmp_graphml, out / "graph.graphml")
    _timed(ex.timings, "write", t)

    report = _report(documents, failures, ex.timings, load_seconds, time.perf_counter() - t_start, graph, len(rdf_graph))
    _atomic_write(out / "report.json", json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return report


def _report(documents, failures, timings, load_seconds, total_seconds, graph, triples) -> dict:
    entities = Counter()
    relations = Counter()
    for d in documents:
        entities.update(e.label for e in d.entities)
        relations.update(r.predicate for r in d.relations)
    return {
        "documents": len(documents),
        "articles": sum(len(d.articles) for d in documents),
        "characters": sum(len(d.normalized.raw) for d in documents),
        "entities": dict(sorted(entities.items())),
        "relations": dict(sorted(relations.items())),
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "triples": triples},
        "seconds": {"load": round(load_seconds, 3), "total": round(total_seconds, 3), **{k: round(v, 3) for k, v in sorted(timings.items())}},
        "failed": failures,
        "per_document": {
            d.source: {"articles": len(d.articles), "entities": len(d.entities), "relations": len(d.relations)} for d in documents
        },
    }
