"""One document through every stage: normalisation, articles, NER, entities, relations.

:class:`Extractor` holds what is loaded once (the spaCy pipeline, the resources of the entity
stage, the relation rules); :func:`extract` runs one page through the stages and times each;
:func:`to_gold_format` is the page's ``extract/*.json``.
"""
from __future__ import annotations

import bisect
import time
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..config import ROOT, load_settings
from ..entities.link import link_mentions
from ..entities.merge import build_entities
from ..entities.names import Conventions, squash, written_name
from ..entities.propagate import abbreviated_forms, inner_programmes, propagate_mentions
from ..entities.regions import article_regions
from ..model import Article, Document, Entity, Mention, Normalized
from ..ner.resources import Resources, resources_for
from ..relations.anaphors import anaphor_mentions, bare_anaphors
from ..relations.engine import RuleSet, extract_relations, load_rule_set
from ..relations.scene import Scene
from ..text.articles import article_finder, split_articles
from ..text.dates import find_dates, load_dates
from ..text.normalize import normalize

__all__ = ["STAGES", "Extractor", "extract", "to_gold_format"]

#: Stages timed in ``report["seconds"]``: ``segment`` is the spaCy tokenizer (pkuseg), ``ner``
#: the rest of the spaCy pipeline (sentences, LAC, rules); ``turtle`` makes and writes the triples;
#: ``view`` writes the browser view.
STAGES = ("read", "normalise", "split", "segment", "ner", "canonicalise", "relations", "graph", "turtle", "write", "neo4j",
          "view")


@dataclass
class Extractor:
    """The loaded pipeline: the spaCy pipeline and what the stages after it are handed."""

    nlp: object
    #: the rules and lexicons of the entity stage (the same objects as the pipeline's kg_entities)
    resources: Resources
    #: the relation rules, list joiners and anaphoric determiners of relations.toml
    relation_rules: RuleSet
    conventions: Conventions
    timings: Counter = field(default_factory=Counter)
    #: pkuseg in a child process (:class:`kg.ner.segmenter.SegmenterProcess`), when loaded so
    segmenter: object = None

    @classmethod
    def load(cls, root: Path = ROOT, separate_segmenter: bool = False) -> "Extractor":
        """The pipeline of ``pipelines/``. With ``separate_segmenter``, pkuseg loads and runs in a
        child process (see :mod:`kg.ner.segmenter`), started before anything else loads, and
        possibly still loading when this returns (see :meth:`wait`); it ends with :meth:`close`."""
        settings = load_settings(root / "pipelines" / "nlp.cfg", root)
        segmenter = None
        if separate_segmenter:
            from ..ner.segmenter import SegmenterProcess

            segmenter = SegmenterProcess(settings.pkuseg_model, settings.pkuseg_user_dict)
        try:
            from ..ner.nlp import build_nlp
            from ..ner.tagger import load_lac

            resources = resources_for(settings)
            nlp = build_nlp(settings, segmenter=segmenter)
            rules = load_rule_set(root / "pipelines" / "relations.toml")
            load_lac()  # now rather than at the first page: while pkuseg loads, if it loads apart
        except BaseException:
            if segmenter is not None:
                segmenter.close()
            raise
        return cls(nlp, resources, rules, Conventions.from_rules(resources.rules), segmenter=segmenter)

    def wait(self) -> None:
        """Return when the segmenter process, if there is one, has loaded its model (its first
        page waits otherwise). Raises :class:`kg.errors.KGError` when it could not."""
        if self.segmenter is not None:
            self.segmenter.wait()

    def close(self) -> None:
        """End the segmenter process, if there is one (the rest is memory)."""
        if self.segmenter is not None:
            self.segmenter.close()


def timed(timings: Counter, stage: str, t0: float) -> float:
    """Add the seconds since ``t0`` to ``stage``; the time now."""
    t1 = time.perf_counter()
    timings[stage] += t1 - t0
    return t1


def byline_spans(text: str, articles: Sequence[Article]) -> list[tuple[int, int, str]]:
    """Offsets of byline names: each name searched near its article's start.

    >>> byline_spans("本报讯（记者王宏）", [Article("d#a1", 0, 9, bylines=("王宏",))])
    [(6, 8, '王宏')]
    """
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


def _ner(ex: Extractor, text: str, articles: Sequence[Article]):
    """The spaCy Doc of the page with the components' results (segment and ner timed)."""
    from ..ner.doc import keep_text

    t = time.perf_counter()
    sdoc = keep_text(ex.nlp.make_doc(text), text)
    t = timed(ex.timings, "segment", t)
    sdoc._.bylines = byline_spans(text, articles)
    for _, proc in ex.nlp.pipeline:
        sdoc = proc(sdoc)
    timed(ex.timings, "ner", t)
    return sdoc


def _add_anaphors(ex: Extractor, text: str, entities: Sequence[Entity], linked: list[Mention], key_of: dict) -> None:
    """The organisations referred back to (该服务中心), added to ``linked`` and ``key_of`` for the
    relation rules; one named only inside a longer name is referred back to as well (A公司工会主席…，
    该公司…)."""
    inner = [(m, e.key) for e in entities if e.label == "ORG" for m in e.mentions if m.source.startswith("nested")]
    keys = {**{(m.start, m.end, m.label): k for m, k in inner}, **key_of}
    heads = (*ex.resources.rules.heads["ORG"], *ex.relation_rules.anaphor_tails)
    found = anaphor_mentions(text, linked + [m for m, _ in inner], keys, ex.relation_rules.anaphors, heads,
                             tail_words=ex.relation_rules.anaphor_tail_words)
    found += bare_anaphors(text, linked + [m for m, _ in inner], keys, ex.relation_rules.bare_anaphors,
                           ex.resources.rules.roles, ex.resources.rules.heads["ORG"])
    for m, k in found:
        linked.append(m)
        key_of[(m.start, m.end, m.label)] = k


def extract(ex: Extractor, doc_id: str, source: str, raw: str, normalized: Normalized | None = None) -> Document:
    """Everything one input page yields (``normalized``: ``raw`` normalised already, when it was)."""
    t = time.perf_counter()
    if normalized is None:
        normalized = normalize(raw)
        t = timed(ex.timings, "normalise", t)
    text = normalized.text
    articles = split_articles(doc_id, text)
    t = timed(ex.timings, "split", t)

    sdoc = _ner(ex, text, articles)
    t = time.perf_counter()
    art = article_finder(articles)

    def with_article(ms: Iterable[Mention]) -> list[Mention]:
        return [Mention(m.start, m.end, m.text, m.label, m.source, art(m.start)) for m in ms]

    mentions, nested, places = with_article(sdoc._.mentions), with_article(sdoc._.nested), with_article(sdoc._.places)
    dates = [Mention(a, b, t, "DATE", "date", art(a)) for a, b, t in find_dates(text)]
    gaz = ex.resources.gazetteer
    all_mentions = sorted(set(mentions) | set(nested), key=lambda m: (m.start, m.end, m.label, m.source))
    entities = build_entities(all_mentions, article_regions(articles, places, gaz), gaz, ex.conventions)
    inner_programmes(text, entities, all_mentions, ex.resources.rules.programme.strong_heads)
    abbreviated_forms(text, entities)
    mentions += propagate_mentions(text, entities, mentions, art, ex.conventions.level_chars)
    t = timed(ex.timings, "canonicalise", t)

    key_of, linked = link_mentions(entities, mentions, places)
    rules = ex.relation_rules
    _add_anaphors(ex, text, entities, linked, key_of)
    scene = Scene(
        doc_id=doc_id, normalized=normalized, articles=articles, sentences=sdoc._.sentences,
        mentions=sorted(linked, key=lambda m: (m.start, m.end)), nested=nested, places=places,
        key_of={k: v for k, v in key_of.items() if v}, entities={e.key: e for e in entities},
        gazetteer=gaz, roles=ex.resources.rules.roles, joiners=rules.joiners, words=rules.words,
        dates=outside_names(dates, linked), timeless=load_dates().timeless_kinds,
    )
    relations = extract_relations(scene, rules.rules)
    timed(ex.timings, "relations", t)
    return Document(doc_id, source, normalized, articles, entities, relations, dates)


def outside_names(dates: Sequence[Mention], mentions: Iterable[Mention]) -> list[Mention]:
    """The ``dates`` that lie outside every one of ``mentions`` (2023年 in
    2023年武汉市家政服务业职业技能竞赛 is part of a name, and says nothing of when a fact was).

    >>> d = [Mention(0, 5, "2023年", "DATE", "date"), Mention(9, 13, "9月8日", "DATE", "date")]
    >>> [m.text for m in outside_names(d, [Mention(0, 8, "2023年武汉竞赛", "EVENT", "r")])]
    ['9月8日']
    """
    covered = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in covered]
    reach = list(accumulate((b for _, b in covered), max))  # the furthest end up to each mention
    out = []
    for d in dates:
        i = bisect.bisect_right(starts, d.start) - 1
        if i < 0 or reach[i] < d.end:
            out.append(d)
    return out


def _mention_evidence(doc: Document, m: Mention) -> dict:
    start, end = doc.normalized.raw_span(m.start, m.end)
    return {"article": m.article, "start": start, "end": end, "text": m.text, "rule": m.source}


def to_gold_format(doc: Document) -> dict:
    """The document in the format of the annotation guidelines, with evidence added.

    A gazetteer place goes by the form the page writes (:func:`~kg.entities.names.written_name`);
    its full name stays an alias. Besides the guidelines' fields: the articles (headline,
    authors with their role, dateline), the date expressions of the text, and for each relation
    the date its sentences state. This is the page's record as extracted; a build completes it
    with what the other pages decide (each entity's graph IRI, dates resolved against the
    publication date: :func:`kg.pipeline.records.complete_record`); until then each entity
    holds its canonical name under ``"key"``.
    """
    shown = {e.key: written_name(e) for e in doc.entities}
    entities = []
    for e in sorted(doc.entities, key=lambda e: (e.label, shown[e.key])):
        first = sorted(e.mentions, key=lambda m: (m.start, m.end, m.source))
        entities.append(
            {
                "label": e.label,
                "name": shown[e.key],
                "aliases": sorted({squash(a) for a in e.aliases}),
                **({"props": dict(sorted(e.props.items()))} if e.props else {}),
                "evidence": [_mention_evidence(doc, m) for m in first[:3]],
                "key": e.name,
            }
        )
    relations = []
    for r in doc.relations:
        ev = r.evidence
        relations.append(
            {
                "subject": shown.get(r.subject, r.subject[1]),
                "predicate": r.predicate,
                "object": shown.get(r.object, r.object[1]),
                **({"role": r.role} if r.role else {}),
                **({"date": ev.date} if ev.date else {}),
                "evidence": {"article": ev.article, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "rule": ev.rule},
            }
        )
    articles = [
        {"id": a.id, "title": a.title, "authors": [list(pair) for pair in a.authors], "dateline": a.dateline}
        for a in doc.articles
    ]
    dates = [{"text": d.text, "article": d.article, **dict(zip(("start", "end"), doc.normalized.raw_span(d.start, d.end)))}
             for d in doc.dates]
    return {"doc": doc.source, "articles": articles, "dates": dates, "entities": entities, "relations": relations}
