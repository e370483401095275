"""Lexicons: reading the TSV word lists of ``pipelines/lexicons`` and finding their words in text.

The files are generated from registry packages by ``tools/build_lexicons.py``; each starts
with ``#`` lines naming its source. Matching is a dictionary lookup per start position and
candidate length, which keeps it linear in the text for a bounded longest word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["read_tsv", "Division", "Gazetteer", "WordIndex", "load_gazetteer"]


def read_tsv(path: str | Path) -> list[list[str]]:
    """Rows of a TSV lexicon, comment lines (``#``) and blank lines skipped.

    The first non-comment row is a header when it starts with a known column name
    (``code``, ``word``, ``name``, ``surname``); it is dropped too.
    """
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    if rows and rows[0] and rows[0][0] in {"code", "word", "name", "surname", "iso", "entity"}:
        rows = rows[1:]
    return rows


class WordIndex:
    """Finds every occurrence of a fixed set of words in a text.

    >>> idx = WordIndex({"云南省": 1, "云南": 2})
    >>> list(idx.finditer("在云南省"))
    [(1, 3, '云南'), (1, 4, '云南省')]
    """

    def __init__(self, words: Iterable[str] | dict):
        self.words = dict(words) if isinstance(words, dict) else {w: True for w in words}
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            if w:
                lengths.setdefault(w[0], set()).add(len(w))
        # the lengths of the words that start with each character: a gazetteer has forms of
        # 2 to 20 characters, but most characters start words of two or three lengths only
        self.first = {ch: sorted(ls) for ch, ls in lengths.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def get(self, word: str, default=None):
        return self.words.get(word, default)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, word)`` for every occurrence, by start then length."""
        words, first = self.words, self.first
        n = len(text)
        for i, ch in enumerate(text):
            lengths = first.get(ch)
            if lengths is None:
                continue
            for length in lengths:
                j = i + length
                if j > n:
                    break
                if text[i:j] in words:
                    yield i, j, text[i:j]


@dataclass(frozen=True)
class Division:
    """An administrative division (or a country, level 0) of the gazetteer."""

    code: str
    name: str
    level: int
    parent: str = ""


@dataclass
class Gazetteer:
    """Places by code, and the surface forms that name them.

    ``forms`` maps a surface form to the codes it may denote; a form naming several
    places is ambiguous and is resolved by context (or not at all).
    """

    by_code: dict[str, Division] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, division: Division, forms: Iterable[str]) -> None:
        self.by_code[division.code] = division
        for form in [division.name, *forms]:
            if len(form) < 2:
                continue
            codes = self.forms.get(form, ())
            if division.code not in codes:
                self.forms[form] = codes + (division.code,)

    def path(self, code: str) -> list[Division]:
        """The division and its parents, smallest first."""
        out, seen = [], set()
        while code and code in self.by_code and code not in seen:
            seen.add(code)
            d = self.by_code[code]
            out.append(d)
            code = d.parent
        return out

    def lookup(self, form: str) -> list[Division]:
        return [self.by_code[c] for c in self.forms.get(form, ())]


def load_gazetteer(divisions_tsv: str | Path, countries_tsv: str | Path | None = None) -> Gazetteer:
    """Gazetteer from ``divisions.tsv`` (code, name, level, parent_code, short) and
    ``countries.tsv`` (name, iso, short...)."""
    gaz = Gazetteer()
    for row in read_tsv(divisions_tsv):
        code, name, level, parent = row[0], row[1], int(row[2]), row[3] if len(row) > 3 else ""
        short = [s for s in (row[4].split(",") if len(row) > 4 and row[4] else []) if s]
        if level >= 4:
            # a township's short form is too often an ordinary word (新都桥, 普惠); only its
            # full name counts
            short = []
        gaz.add(Division(code, name, level, parent), short)
    if countries_tsv and Path(countries_tsv).exists():
        for row in read_tsv(countries_tsv):
            name, iso = row[0], row[1]
            short = [s for cell in row[2:] for s in cell.split(",") if s]
            gaz.add(Division("iso:" + iso, name, 0, ""), short)
    return gaz
