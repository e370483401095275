"""``kg stats``: what a build found, read from its files (``graph.graphml``, ``report.json``),
not by extracting again.

:func:`build_stats` gives the figures as data (``kg stats --json``), :func:`format_stats` as
text: entities per label, facts per predicate, the most connected entities of each label, the
entities and facts of each document and article, the inputs that failed, and the rules that
produced the most facts.

A *fact* is one (subject, predicate, object, role); a *reading* is one piece of evidence for a
fact (a sentence and the rule that read it), so a fact read twice has two readings. Links that
the division table adds (rule ``gazetteer``) are facts without readings from the text.
"""
from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from kg import errors
from kg.export.graphml import read_graphml
from kg.graph import GAZETTEER_RULE
from kg.model import LABELS, PREDICATES

__all__ = ["TOP", "read_build", "build_stats", "format_stats"]

#: How many entities per label, articles and rules the text lists.
TOP = 10


def read_build(build: Path) -> tuple[nx.MultiDiGraph, dict]:
    """The graph and the report of the build folder ``build``; E120 when either is missing,
    E121 when it cannot be read."""
    graph_path, report_path = build / "graph.graphml", build / "report.json"
    for path in (graph_path, report_path):
        if not path.is_file():
            raise errors.KGError(errors.E120.format(path=build, missing=path.name))
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        graph = read_graphml(graph_path)
    except (ValueError, KeyError, OSError, SyntaxError) as exc:  # (ElementTree's ParseError is a SyntaxError)
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise errors.KGError(errors.E121.format(path=build, reason=reason)) from None
    return graph, report


def _ordered(counts: Counter, known) -> dict:
    """``counts`` with the known keys first, in their order, then the others by name."""
    return {k: counts[k] for k in [*known, *sorted(set(counts) - set(known))] if counts[k]}


def _facts(graph: nx.MultiDiGraph) -> dict[tuple, list[dict]]:
    """Each fact (subject, predicate, object, role) -> its edges (readings)."""
    facts = defaultdict(list)
    for u, v, d in graph.edges(data=True):
        facts[(u, d["predicate"], v, d.get("role") or "")].append(d)
    return facts


def _most_connected(graph: nx.MultiDiGraph, facts: dict, top: int) -> dict[str, list[dict]]:
    """The ``top`` entities of each label in the most facts (ties by name)."""
    degree = Counter()
    for u, _, v, _ in facts:
        degree[u] += 1
        degree[v] += 1
    by_label = defaultdict(list)
    for nid, data in graph.nodes(data=True):
        by_label[data["label"]].append((-degree[nid], data["name"], nid))
    return {label: [{"name": name, "facts": -n} for n, name, _ in sorted(rows)[:top]]
            for label, rows in sorted(by_label.items(), key=lambda kv: _rank(kv[0]))}


def _rank(label: str) -> tuple:
    return (LABELS.index(label), "") if label in LABELS else (len(LABELS), label)


def _documents(graph: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Entities and facts of each document and each article (facts by where they were read)."""
    ents_doc, ents_art = defaultdict(set), defaultdict(set)
    for nid, data in graph.nodes(data=True):
        for doc, article in data["mentions"]:
            ents_doc[doc].add(nid)
            if article:
                ents_art[article].add(nid)
    facts_doc, facts_art = defaultdict(set), defaultdict(set)
    for u, v, d in graph.edges(data=True):
        fact = (u, d["predicate"], v, d.get("role") or "")
        if d.get("doc"):
            facts_doc[d["doc"]].add(fact)
        if d.get("article"):
            facts_art[d["article"]].add(fact)
    documents, articles = [], []
    for doc, entry in graph.graph.get("documents", {}).items():
        documents.append({"document": doc, "source": entry.get("source", ""), "articles": len(entry.get("articles", {})),
                          "entities": len(ents_doc[doc]), "facts": len(facts_doc[doc])})
        for article, title in entry.get("articles", {}).items():
            articles.append({"article": article, "title": title, "entities": len(ents_art[article]),
                             "facts": len(facts_art[article])})
    return documents, articles


def build_stats(build: Path, top: int = TOP) -> dict:
    """The figures of the build in ``build`` (see the module docstring), as plain data."""
    graph, report = read_build(build)
    facts = _facts(graph)
    from_text = {k: v for k, v in facts.items() if any(d.get("rule") != GAZETTEER_RULE or d.get("doc") for d in v)}
    documents, articles = _documents(graph)
    rules = Counter(d["rule"] for *_, d in graph.edges(data=True))
    return {
        "build": str(build),
        "documents": len(documents),
        "articles": len(articles),
        "entities": _ordered(Counter(d["label"] for _, d in graph.nodes(data=True)), LABELS),
        "facts": _ordered(Counter(p for _, p, _, _ in facts), PREDICATES),
        "facts_from_text": _ordered(Counter(p for _, p, _, _ in from_text), PREDICATES),
        "readings": graph.number_of_edges() - rules[GAZETTEER_RULE],
        "most_connected": _most_connected(graph, facts, top),
        "per_document": documents,
        "per_article": articles,
        "failed": report.get("failed", []),
        "rules": dict(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def _table(columns: list[str], rows: list[list]) -> str:
    from kg.export.results import format_table

    return format_table(columns, [tuple(f"{v:,}" if isinstance(v, int) else str(v) for v in row) for row in rows])


def _spread(values: list[int]) -> str:
    if not values:
        return "-"
    return f"{min(values)} to {max(values)}, median {statistics.median(values):g}"


def format_stats(stats: dict, top: int = TOP) -> str:
    """The figures of :func:`build_stats` as text for a terminal."""
    total = lambda counts: sum(counts.values())  # noqa: E731
    parts = [
        f"{stats['build']}: {stats['documents']:,} documents, {stats['articles']:,} articles, "
        f"{total(stats['entities']):,} entities, {total(stats['facts']):,} facts "
        f"({total(stats['facts_from_text']):,} read from the text in {stats['readings']:,} readings)",
        _table(["label", "entities"], [[k, v] for k, v in stats["entities"].items()]),
        _table(["predicate", "facts", "from text"],
               [[k, v, stats["facts_from_text"].get(k, 0)] for k, v in stats["facts"].items()]),
        "\n".join([f"Most connected entities (by facts), {top} per label:"] + [
            f"  {label}: " + ", ".join(f"{r['name']} ({r['facts']})" for r in rows)
            for label, rows in stats["most_connected"].items()]),
    ]
    parts.append(_table(["document", "source", "articles", "entities", "facts"],
                        [[d["document"], d["source"], d["articles"], d["entities"], d["facts"]] for d in stats["per_document"]]))
    arts = stats["per_article"]
    parts.append(f"Per article: entities {_spread([a['entities'] for a in arts])}; facts {_spread([a['facts'] for a in arts])}. "
                 f"The {min(top, len(arts))} with the most facts:")
    busiest = sorted(arts, key=lambda a: (-a["facts"], -a["entities"], a["article"]))[:top]
    parts.append(_table(["article", "title", "entities", "facts"], [[a["article"], a["title"], a["entities"], a["facts"]] for a in busiest]))
    rules = list(stats["rules"].items())
    parts.append(f"Rules that produced the most readings ({min(top, len(rules))} of {len(rules)}):")
    parts.append(_table(["rule", "readings"], [list(r) for r in rules[:top]]))
    failed = stats["failed"]
    parts.append(f"Inputs that failed: {len(failed)}" + "".join(f"\n  {f['input']}: {f['error']}" for f in failed))
    return "\n\n".join(parts)
