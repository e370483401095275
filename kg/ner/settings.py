"""The entity rules of ``pipelines/ner.toml``, with the post and surname lexicons."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import WordIndex

__all__ = ["Rules"]


@dataclass
class Rules:
    """The word lists of ``pipelines/ner.toml``, with the role and surname lexicons."""

    data: dict
    roles: WordIndex = field(default_factory=lambda: WordIndex({}))
    surnames: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def __post_init__(self):
        chunk = self.section("chunk")
        self.name_tags = set(chunk.get("name_tags", []))
        self.inner_punct = set(chunk.get("inner_punct", []))
        self.never_start = set(chunk.get("never_start", []))
        self.never_inside = set(chunk.get("never_inside", []))
        self.inner_verbs = set(chunk.get("inner_verbs", []))
        self.inner_conjunctions = set(chunk.get("inner_conjunctions", []))
        self.glued_tails = tuple(chunk.get("glued_tails", []))
        self.fragment_tags = set(chunk.get("fragment_tags", []))
        self.trim_tail = sorted(chunk.get("trim_tail", []), key=len, reverse=True)
        self.max_chars = int(chunk.get("max_chars", 32))
        self.heads = {
            label: tuple(sorted(set(self.section(sec).get("heads", [])), key=len, reverse=True))
            for label, sec in (("ORG", "org"), ("PLACE", "place"), ("PROGRAMME", "programme"), ("EVENT", "event"), ("AWARD", "award"))
        }
        self.generic = {
            label: set(self.section(sec).get("generic", []))
            for label, sec in (("ORG", "org"), ("PLACE", "place"), ("PROGRAMME", "programme"), ("EVENT", "event"), ("AWARD", "award"))
        }
        self.weak_heads = set(self.section("org").get("weak_heads", []))
        self.edition = re.compile(self.section("event").get("edition", r"(?!x)x"))
        self.counter = re.compile(chunk.get("counter", r"(?!x)x"))
