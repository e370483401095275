"""The word layer and the small text tests the finders share.

A *word layer* is a list of :class:`Word` (start, end, text, tag) covering the text, as the
LAC tagger produces it (:mod:`kg.ner.tagger`); the chunkers walk it leftwards from a head to find
where a name starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = ["CJK", "Word", "is_cjk_or_alnum", "sentence_bounds", "trim_tail", "covered", "brackets_closed"]

CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Word:
    """One word of the word layer: a span of the page text and its tag."""

    start: int
    end: int
    text: str
    tag: str


def is_cjk_or_alnum(text: str) -> bool:
    """Whether every character of ``text`` is Chinese, a letter or a digit."""
    return all(CJK.match(c) or c.isalnum() for c in text)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (up to 。！？ or a line break) around ``text[start:end]``."""
    a = max(text.rfind(c, 0, start) for c in "。！？\n") + 1
    ends = [i for i in (text.find(c, end) for c in "。！？\n") if i >= 0]
    return a, (min(ends) if ends else len(text))


def clause_start(text: str, pos: int) -> int:
    """Where the clause that holds ``pos`` starts (after ，。；！？ or a line break).

    >>> clause_start("甲乙，丙丁", 4), clause_start("甲乙", 1)
    (3, 0)
    """
    return max(text.rfind(c, 0, pos) for c in "，。；！？\n") + 1


def clause_end(text: str, pos: int) -> int:
    """Where the clause that holds ``pos`` ends (at ，。；！？ or a line break).

    >>> clause_end("甲乙，丙丁", 0), clause_end("甲乙", 1)
    (2, 2)
    """
    return min([i for i in (text.find(c, pos) for c in "，。；！？\n") if i >= 0] or [len(text)])


def covered(text: str, spans: Iterable) -> bytearray:
    """One byte per character of ``text`` (and one more), set where one of ``spans`` (anything
    with ``start`` and ``end``: mentions, words) covers it.

    >>> list(covered("甲乙丙", [Word(1, 2, "乙", "n")]))
    [0, 1, 0, 0]
    """
    out = bytearray(len(text) + 1)
    for s in spans:
        out[s.start:s.end] = b"\1" * (s.end - s.start)
    return out


def brackets_closed(name: str) -> bool:
    """Whether ``name`` closes as many brackets, full- or half-width, as it opens.

    >>> brackets_closed("临江（集团）有限公司"), brackets_closed("临江（海南")
    (True, False)
    """
    return name.count("（") + name.count("(") == name.count("）") + name.count(")")


def trim_tail(name: str, tails: Sequence[str]) -> str:
    """``name`` without the ``tails`` (longest first) glued onto its end, a character at least left.

    >>> trim_tail("青山市妇联承办", ["承办", "等"])
    '青山市妇联'
    """
    changed = True
    while changed:
        changed = False
        for t in tails:
            if name.endswith(t) and len(name) > len(t) + 1:
                name = name[: -len(t)]
                changed = True
    return name
