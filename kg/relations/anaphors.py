"""Organisations referred back to (该服务中心, 此联合会), for the relation rules."""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from ..model import Mention
from ..ner.heads import ends_with_head
from ..ner.words import covered
from .scene import Key

__all__ = ['anaphor_mentions', 'bare_anaphors']


def anaphor_mentions(text: str, mentions: Sequence[Mention], key_of: dict, determiners: Sequence[str], heads: Sequence[str],
                     reach: int = 1500, tail_words: Sequence[str] = ()) -> list[tuple[Mention, Key]]:
    """Organisations referred back to as 该服务中心, 此联合会: a determiner and a tail of the name
    of an organisation named before in the same article (within ``reach`` characters), ending
    with one of its ``heads``. Each is returned with the key of that organisation, for the
    relation rules only (the entity keeps the names the text gives it). A one-character head
    (该会) counts unless it begins one of ``tail_words`` there (该会议 is this meeting).

    >>> ms = [Mention(0, 8, "临江市职工服务中心", "ORG", "t", "a1")]
    >>> key_of = {(0, 8, "ORG"): ("ORG", "临江市职工服务中心")}
    >>> t = "临江市职工服务中心揭牌。该服务中心推出“暖心集市”。"
    >>> [(m.text, k[1]) for m, k in anaphor_mentions(t, ms, key_of, ["该"], ["中心", "服务中心"])]
    [('该服务中心', '临江市职工服务中心')]
    >>> ms = [Mention(0, 6, "临江市总工会", "ORG", "t", "a1")]
    >>> t = "临江市总工会召开会议。该会议指出，该会推出“暖心集市”。"
    >>> [(m.text, k[1]) for m, k in anaphor_mentions(t, ms, {(0, 6, "ORG"): ("ORG", "临江市总工会")}, ["该"], ["总工会", "会"], tail_words=["会议"])]
    [('该会', '临江市总工会')]
    """
    if not determiners or not heads:
        return []
    # by where they end, so that those within reach before a determiner are one slice
    orgs = sorted((m for m in mentions if m.label == "ORG" and key_of.get((m.start, m.end, m.label))), key=lambda m: (m.end, m.start))
    ends = [m.end for m in orgs]
    occupied = covered(text, mentions)
    det = re.compile("|".join(map(re.escape, sorted(determiners, key=len, reverse=True))))
    out = []
    for dm in det.finditer(text):
        if occupied[dm.start()]:
            continue
        before = orgs[bisect.bisect_left(ends, dm.start() - reach):bisect.bisect_right(ends, dm.start())]
        if not before:
            continue
        best = None
        for k in range(10, 0, -1):
            tail = text[dm.end():dm.end() + k]
            if len(tail) < k or not ends_with_head(tail, heads) or any(occupied[dm.end():dm.end() + k]):
                continue
            if k == 1 and text.startswith(tuple(tail_words), dm.end()):
                continue
            ref = next((m for m in reversed(before) if m.text.endswith(tail) and len(m.text) > len(tail)
                        and m.article == (before[-1].article)), None)
            if ref is not None:
                best = (tail, ref)
                break
        if best:
            tail, ref = best
            m = Mention(dm.start(), dm.end() + len(tail), text[dm.start():dm.end() + len(tail)], "ORG", "anaphor", ref.article)
            out.append((m, key_of[(ref.start, ref.end, ref.label)]))
            occupied[m.start:m.end] = b"\1" * (m.end - m.start)
    return out


def bare_anaphors(text: str, mentions: Sequence[Mention], key_of: dict, kinds: Sequence[str], posts, org_heads: Sequence[str],
                  reach: int = 300) -> list[tuple[Mention, Key]]:
    """Bodies referred back to by their kind alone before a post (…来到A科技有限公司，与公司党委副书记
    B座谈): a word of ``kinds`` outside any mention, opening a clause or after 与/和/、, followed by a
    post of ``posts`` (a :class:`~kg.ner.lexicon.WordIndex`) or by an organisation head and a post
    (公司工会主席), stands for the last organisation of its paragraph, within ``reach`` characters
    before, whose name ends with that word.

    >>> from kg.ner.lexicon import WordIndex
    >>> ms = [Mention(2, 10, "临江港务有限公司", "ORG", "t", "a1")]
    >>> t = "来到临江港务有限公司，与公司工会主席王五座谈，公司发展很快。"
    >>> [(m.text, k[1]) for m, k in bare_anaphors(t, ms, {(2, 10, "ORG"): ("ORG", "临江港务有限公司")}, ["公司"], WordIndex(["主席"]), ["工会"])]
    [('公司', '临江港务有限公司')]
    """
    if not kinds:
        return []
    occupied = covered(text, mentions)
    orgs = sorted((m for m in mentions if m.label == "ORG" and key_of.get((m.start, m.end, m.label))), key=lambda m: m.end)
    out = []
    for km in re.finditer("|".join(map(re.escape, kinds)), text):
        a, b = km.start(), km.end()
        if occupied[a] or (a > 0 and text[a - 1] not in "，。；：、与和同\n"):
            continue
        rest = text[b:b + 8]
        head = next((h for h in org_heads if rest.startswith(h)), "")
        if not any(s0 == len(head) for s0, _, _ in posts.finditer(rest)):
            continue
        para = text.rfind("\n", 0, a) + 1
        ref = next((m for m in reversed(orgs) if max(para, a - reach) <= m.start and m.end <= a and m.text.endswith(km.group())), None)
        if ref is not None:
            out.append((Mention(a, b, km.group(), "ORG", "anaphor", ref.article), key_of[(ref.start, ref.end, ref.label)]))
    return out
