"""Organisations that act together (partner_of)."""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Mention, Relation
from .rules import Cooperation
from .scene import Scene, index_before, list_after, list_before, relation

__all__ = ['cooperation']


def cooperation(scene: Scene, rule: Cooperation) -> Iterable[Relation]:
    """Organisations joined by a word of cooperation act together, pairwise."""
    text = scene.text
    tail_words, tail_gap = rule.tail_words, rule.tail_gap
    seen = set()
    for wm in rule.word.finditer(text):
        idx = index_before(scene, wm.start())
        if idx < 0:
            continue
        last = scene.mentions[idx]
        if last.end > wm.start() or scene.label(last) != "ORG":
            continue
        s0, _ = scene.sentence_of(wm.start())
        gap = text[last.end:wm.start()]
        group: list[Mention] = []
        if gap == "" or re.fullmatch(r"等[^，。；]{0,40}", gap):
            group = [m for m in list_before(scene, idx, {"ORG"}) if m.start >= s0]
        elif tail_gap and wm.group() in tail_words and tail_gap.fullmatch(gap):
            # A、B深化技能竞赛等方面的合作: a listed subject whose object is its cooperation
            group = [m for m in list_before(scene, idx, {"ORG"}) if m.start >= s0]
            group = group if len(group) > 1 else []
        # A联合B / A携手B: the organisation right after the word
        k = idx + 1
        if k < len(scene.mentions) and scene.mentions[k].start == wm.end() and scene.label(scene.mentions[k]) == "ORG" and gap == "":
            group = group + list_after(scene, k, {"ORG"})
        # A与B一道 / A与B共同 / A…，与B联合…: the subject before 与 joins the group
        if len(group) == 1 and last.start > 0 and text[last.start - 1] in scene.words.with_:
            before = [m for m in scene.in_span(s0, last.start) if scene.label(m) == "ORG"]
            if before:
                group = [before[-1]] + group
        keys = []
        for m in group:
            k2 = scene.key(m)
            if k2 and k2 not in [x[0] for x in keys]:
                keys.append((k2, m))
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                (ka, ma), (kb, mb) = keys[a], keys[b]
                pair = tuple(sorted([ka, kb]))
                if pair in seen:
                    continue
                seen.add(pair)
                rel = relation(scene, rule, pair[0], pair[1], None, ma, mb)
                if rel:
                    yield rel
