"""Each mention linked to the entity it names, for the relation rules.

>>> from kg.model import Entity, Mention
>>> m = Mention(0, 4, "省总工会", "ORG", "chunk:org", "d#a1")
>>> p = Mention(0, 1, "省", "PLACE", "gazetteer", "d#a1")
>>> key_of, mentions = link_mentions([Entity("ORG", "云南省总工会", {"省总工会"}, [m])], [m], [p])
>>> key_of[(0, 4, "ORG")], key_of[(0, 1, "PLACE")], [x.text for x in mentions]
(('ORG', '云南省总工会'), None, ['省总工会'])
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Entity, Mention

__all__ = ["Key", "SpanKey", "link_mentions"]

#: An entity's ``(label, name)``.
Key = tuple[str, str]
#: A mention's ``(start, end, label)``.
SpanKey = tuple[int, int, str]


def _keys(entities: Sequence[Entity], places: Iterable[Mention]) -> dict[SpanKey, Key | None]:
    """The entity of each mention of an entity, and of each gazetteer place (None when no
    place entity goes by its form)."""
    key_of: dict[SpanKey, Key | None] = {}
    for e in entities:
        for m in e.mentions:
            key_of[(m.start, m.end, m.label)] = e.key
    # gazetteer places not kept as mentions still name their entity when one exists
    by_alias: dict[str, Key] = {}
    for e in entities:
        if e.label == "PLACE":
            for a in e.aliases:
                by_alias.setdefault(a, e.key)
    for p in places:
        key_of.setdefault((p.start, p.end, "PLACE"), by_alias.get(p.text))
    return key_of


def link_mentions(entities: Sequence[Entity], mentions: Iterable[Mention], places: Iterable[Mention]
                  ) -> tuple[dict[SpanKey, Key | None], list[Mention]]:
    """The entity key of each mention and gazetteer place, by ``(start, end, label)``, and the
    mentions with the label their entity finally has (the relation rules see that label; the
    key is then also found under it)."""
    key_of = _keys(entities, places)
    relabelled = []
    for m in mentions:
        k = key_of.get((m.start, m.end, m.label))
        if k and k[0] != m.label:
            m = Mention(m.start, m.end, m.text, k[0], m.source, m.article)
            key_of[(m.start, m.end, m.label)] = k
        relabelled.append(m)
    return key_of, relabelled
