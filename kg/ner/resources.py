"""What the entity rules read, loaded once: the rules of ``pipelines/ner.toml`` with the post and
surname lexicons, the gazetteer, and the word lists of ``pipelines/lexicons``.

:func:`load_resources` keeps what it loaded, so the spaCy component (built from the paths in
``nlp.cfg``) and the stages after it (handed the same :class:`Resources` by
:class:`kg.pipeline.extract.Extractor`) share one copy.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import Gazetteer, WordIndex, load_gazetteer, read_tsv
from .settings import Rules

__all__ = ["Resources", "load_resources", "resources_for"]


@dataclass(frozen=True)
class Resources:
    """The rules and lexicons of the entity stage.

    Attributes
    ----------
    rules : Rules
        ``pipelines/ner.toml``, with the posts (``roles.txt``) and surnames.
    gazetteer : Gazetteer
        Divisions and countries, by code and by surface form.
    place_index : WordIndex
        The gazetteer's forms, less ``place.not_places``.
    common_words : frozenset
        Ordinary words ending like a one-character head (干部, 大局), at least
        ``chunk.common_word_min_freq`` times in jieba's dictionary.
    place_words, org_words : frozenset
        Place and organisation names of the jieba and MSRA lexicons.
    """

    rules: Rules
    gazetteer: Gazetteer
    place_index: WordIndex
    common_words: frozenset
    place_words: frozenset
    org_words: frozenset


def _read_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def _rules(ner_toml: Path, roles_txt: Path, surnames_tsv: Path) -> Rules:
    with open(ner_toml, "rb") as f:
        data = tomllib.load(f)
    roles = WordIndex(_read_lines(roles_txt))
    surnames = {}
    if surnames_tsv.exists():
        surnames = {row[0]: row[1] if len(row) > 1 else "" for row in read_tsv(surnames_tsv)}
    return Rules(data, roles=roles, surnames=surnames)


def _words(folder: Path, *names: str) -> frozenset:
    """The first column of those of the lexicons ``names`` that exist."""
    words: set[str] = set()
    for name in names:
        if (folder / name).exists():
            words |= {row[0] for row in read_tsv(folder / name)}
    return frozenset(words)


def _common_words(folder: Path, heads: set[str], min_freq: int) -> frozenset:
    path = folder / "common_words.tsv"
    if not path.exists():
        return frozenset()
    return frozenset(row[0] for row in read_tsv(path) if row[0][-1:] in heads and int(row[1]) >= min_freq)


@lru_cache(maxsize=4)
def load_resources(ner_toml: Path, roles_txt: Path, lexicons: Path) -> Resources:
    """The :class:`Resources` of these files (loaded once per set of paths)."""
    rules = _rules(ner_toml, roles_txt, lexicons / "surnames.tsv")
    gaz = load_gazetteer(lexicons / "divisions.tsv", lexicons / "countries.tsv")
    not_places = rules.place.not_places
    index = WordIndex({form: True for form in gaz.forms if form not in not_places})
    single_heads = {h for lab in ("ORG", "PLACE") for h in rules.heads[lab] if len(h) == 1}
    min_freq = rules.chunk.common_word_min_freq
    return Resources(
        rules=rules,
        gazetteer=gaz,
        place_index=index,
        common_words=_common_words(lexicons, single_heads, min_freq),
        place_words=_words(lexicons, "jieba_ns.tsv", "msra_loc.tsv"),
        org_words=_words(lexicons, "jieba_nt.tsv", "msra_org.tsv"),
    )


def resources_for(settings) -> Resources:
    """The :class:`Resources` of a :class:`kg.config.Settings` (the files its ``nlp.cfg`` names)."""
    return load_resources(settings.ner_rules, settings.roles, settings.lexicons)
