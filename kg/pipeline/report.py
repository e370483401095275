"""``report.json``: what a build read and made, how long each stage took, and what failed.

>>> s = Summary()
>>> s.add({"source": "a.txt", "articles": [["a#a1", ""]], "labels": ["ORG", "ORG"], "predicates": [],
...        "characters": 10, "input": {"encoding": "utf-8"}})
>>> s.documents, dict(s.entities), s.read_as
(1, {'ORG': 2}, {'a.txt': {'encoding': 'utf-8'}})
"""
from __future__ import annotations

from collections import Counter

__all__ = ["Summary", "make_report"]


class Summary:
    """The parts of the report read from the pages, added up as they come."""

    def __init__(self):
        self.documents = self.articles = self.characters = 0
        self.entities: Counter = Counter()
        self.relations: Counter = Counter()
        self.per_document: dict[str, dict] = {}
        self.read_as: dict[str, dict] = {}

    def add(self, head: dict) -> None:
        """Count one page, from the head of its entry (see :func:`kg.pipeline.cache.read_head`)."""
        source, articles, labels, predicates = head["source"], len(head["articles"]), head["labels"], head["predicates"]
        self.documents += 1
        self.articles += articles
        self.characters += head["characters"]
        self.entities.update(labels)
        self.relations.update(predicates)
        self.per_document[source] = {"articles": articles, "entities": len(labels), "relations": len(predicates)}
        self.read_as[source] = head["input"]


def make_report(summary: Summary, failures: list, timings: Counter, load_seconds: float, total_seconds: float,
                graph, triples: int, workers: int, cache: dict | None, warnings: list[str] | None = None) -> dict:
    """The report of a build (seconds rounded to milliseconds)."""
    report = {
        "documents": summary.documents,
        "articles": summary.articles,
        "characters": summary.characters,
        "entities": dict(sorted(summary.entities.items())),
        "relations": dict(sorted(summary.relations.items())),
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "triples": triples},
        "seconds": {"load": round(load_seconds, 3), "total": round(total_seconds, 3), **{k: round(v, 3) for k, v in sorted(timings.items())}},
        "failed": failures,
        "warnings": list(warnings or []),
        "per_document": summary.per_document,
    }
    report["inputs"] = dict(sorted(summary.read_as.items()))
    report["workers"] = workers
    if cache is not None:
        report["cache"] = cache
    return report
