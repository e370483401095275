"""Places of the gazetteer, where the text writes them."""
from __future__ import annotations

import bisect
from typing import Collection, Sequence

from ...model import Mention
from ..heads import LEVEL_ENDS
from ..lexicon import Gazetteer, WordIndex
from ..words import Word

__all__ = ['gazetteer_places']

#: the last characters of a division's full name, towns and townships included
_LEVELS = LEVEL_ENDS + "镇乡"


def gazetteer_places(text: str, gazetteer: Gazetteer, index: WordIndex, not_places: set[str], words: Sequence[Word] | None = None,
                     holders: Collection[str] = frozenset(), not_before: Sequence[str] = ()) -> list[Mention]:
    """Every form of a gazetteer place in the text (overlaps resolved later).

    A short form (one that does not end in its level, 省市县区…) right before one of
    ``not_before`` is part of a smaller place's name (中山社区, 中山路), no place of its own.

    With a word layer, a match must start where a word starts and end where a word ends, or
    inside a word the tagger marks as a name (贝宁共和国维达市; its tag one of ``holders``):
    开慧镇 in 宋开慧 or 普惠乡 in 普惠乡村 is no place.
    """
    starts = ends = name_spans = None
    if words:
        starts = {w.start for w in words}
        ends = {w.end for w in words}
        name_spans = sorted((w.start, w.end) for w in words if w.tag in holders)
        name_starts = [a for a, _ in name_spans]
        apart = all(b <= c for (_, b), (c, _) in zip(name_spans, name_spans[1:]))
    out = []
    chain_ends: set[int] = set()
    for start, end, form in index.finditer(text):
        if form in not_places or (not_before and form[-1] not in _LEVELS and text.startswith(tuple(not_before), end)):
            continue
        if starts is not None and (start not in starts or end not in ends):
            # inside a name word a place starts the word, follows another place, or is a
            # province or prefecture (中国石化广西石油 holds 广西, 浙江省金华市金东区总工会
            # holds 金东区; 贵安新区 does not hold 安新)
            codes = [c for c in gazetteer.forms.get(form, ()) if c in gazetteer.by_code]
            major = bool(codes) and min(gazetteer.by_code[c].level for c in codes) <= 2
            if apart:  # the one name word that can hold the match
                k = bisect.bisect_right(name_starts, start) - 1
                holders = name_spans[k:k + 1] if k >= 0 else []
            else:
                holders = name_spans
            if not any(a <= start and end <= b and (start == a or start in chain_ends or major) for a, b in holders):
                continue
        chain_ends.add(end)
        out.append(Mention(start, end, form, "PLACE", "gazetteer"))
    return out
