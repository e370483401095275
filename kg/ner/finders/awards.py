"""Honour titles (全国劳动模范, 荆楚工匠)."""
from __future__ import annotations

from typing import Iterable, Sequence

from ...model import Mention
from ..settings import Rules

__all__ = ['award_mentions']


def award_mentions(text: str, rules: Rules, places: Iterable[Mention] = (), persons: Sequence[Mention] = ()) -> list[Mention]:
    """Honour titles: a title word (劳动模范, 五一劳动奖章, 技术能手 ...) with the scope or
    place written right before it (全国, 湖北省), and a generic title word
    (``award.regional_titles``) with a two-character region before it when a person's name
    follows (荆楚工匠王效知).

    >>> r = Rules({"award": {"heads": ["工匠"], "generic": ["工匠"], "regional_titles": ["工匠"]}})
    >>> t = "姚婕，荆楚工匠王效知等劳模工匠"
    >>> [m.text for m in award_mentions(t, r, persons=[Mention(7, 10, "王效知", "PERSON", "lac:PER")])]
    ['荆楚工匠']
    """
    sec = rules.award
    # a generic title (劳模, 工匠) still heads a name with a scope (全国劳模); alone it is none
    scopes = sec.scopes
    place_end = {}
    for m in places:
        if m.end - m.start > len(place_end.get(m.end, "")):
            place_end[m.end] = m.text
    out = []
    for m in sec.title.finditer(text):
        start = m.start()
        if start in place_end:
            start -= len(place_end[start])
        else:
            scope = next((s for s in scopes if text.endswith(s, 0, start)), None)
            if scope:
                start -= len(scope)
        name = text[start:m.end()]
        if name in rules.generic["AWARD"]:
            continue
        out.append(Mention(start, m.end(), name, "AWARD", "title:award"))
    # a regional title written before a person's name (荆楚工匠王效知): the two characters
    # before a generic title word, when a list or clause starts there
    regional = sec.regional
    if regional is not None and persons:
        for p in persons:
            m = regional.search(text, max(0, p.start - 8), p.start)
            if m and m.group(1)[:2] not in rules.chunk.never_start:
                out.append(Mention(m.start(1), m.end(1), m.group(1), "AWARD", "title:award"))
    return out
