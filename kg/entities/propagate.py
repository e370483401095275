"""Further occurrences on a page of the names its entities already have."""
from __future__ import annotations

from collections import defaultdict
from typing import Collection, Iterable, Sequence

from ..model import Entity, Mention
from ..ner.lexicon import WordIndex
from .names import NOISE

__all__ = ['propagate_mentions']


def propagate_mentions(text: str, entities: Sequence[Entity], mentions: Iterable[Mention], article_of, level_chars: Collection[str] = (),
                       labels=("PROGRAMME", "EVENT", "ORG", "AWARD", "PERSON")) -> list[Mention]:
    """Further occurrences of the names the page already gave its entities.

    Once 产改 is known as a programme, a bare 产改 elsewhere on the page is a mention of it too.
    Forms that begin with a bare level character (one of ``level_chars``: 省总工会) depend on their article's region
    and are not spread; a form shared by two entities is ambiguous and not spread either. New
    mentions never overlap the existing ones; they are added to their entity and returned.
    """
    owners: dict[str, set] = defaultdict(set)
    for e in entities:
        if e.label not in labels:
            continue
        for form in e.aliases | {e.name}:
            if len(form) >= 2 and form[0] not in level_chars and not NOISE.search(form):
                owners[form].add(e.key)
    index = WordIndex({f: next(iter(k)) for f, k in owners.items() if len(k) == 1})
    if not index.words:
        return []
    occupied = bytearray(len(text) + 1)
    for m in mentions:
        occupied[m.start:m.end] = b"\1" * (m.end - m.start)
    by_key = {e.key: e for e in entities}
    found = sorted(index.finditer(text), key=lambda x: (-(x[1] - x[0]), x[0]))
    out = []
    for start, end, form in found:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\1" * (end - start)
        key = index.get(form)
        m = Mention(start, end, form, key[0], "propagated", article_of(start))
        by_key[key].mentions.append(m)
        out.append(m)
    return sorted(out, key=lambda m: (m.start, m.end))
