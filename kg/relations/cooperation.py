"""Organisations that act together (partner_of)."""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Mention, Relation
from .rules import Cooperation
from .scene import Scene, index_before, list_after, list_before, relation

__all__ = ['cooperation', 'both_parties']


def cooperation(scene: Scene, rule: Cooperation) -> Iterable[Relation]:
    """Organisations joined by a word of cooperation act together, pairwise: a list before the
    word (A、B共同…), the bodies right after it (A联合B、C…), the subject of a clause the word
    opens (A开展…，联合B…), and the two bodies named together before a word for both of them
    (…A与B签订…，双方将共建…)."""
    text = scene.text
    seen = set()
    for wm in rule.word.finditer(text):
        idx = index_before(scene, wm.start())
        if idx < 0:
            continue
        last = scene.mentions[idx]
        if scene.label(last) == "PLACE" and last.end == wm.start() and text[last.start - 1:last.start] == "在" and idx > 0 \
                and scene.mentions[idx - 1].end == last.start - 1:
            # (A、B在青岛联合举办: the place is an adjunct, the bodies stand before it)
            idx -= 1
            last = scene.mentions[idx]
        s0, _ = scene.sentence_of(wm.start())
        after = scene.mentions[idx + 1] if idx + 1 < len(scene.mentions) and scene.mentions[idx + 1].start == wm.end() else None
        gap = text[max(s0, last.end):wm.start()]
        if last.end <= wm.start() and (rule.both_before.search(gap) or (wm.group() in rule.tail_words and rule.both_far.search(gap))):
            group = both_parties(scene, s0, wm.start())
        elif _opens_clause(text, wm.start(), scene.words.adverbs) and after is not None and scene.label(after) == "ORG" \
                and wm.group() in rule.leading:
            subject = next((m for m in scene.in_span(s0, wm.start()) if scene.label(m) == "ORG"), None)
            group = ([subject] if subject is not None else []) + list_after(scene, idx + 1, {"ORG"})
        elif last.end > wm.start() and wm.group() in rule.tail_words and scene.label(last) in rule.agreements \
                and last.text.rstrip("》").endswith(rule.agreement_heads):
            # A与B签署《…合作协议》: the signatories of a cooperation agreement cooperate
            group = _signatories(scene, rule, idx, s0)
        elif last.end > wm.start() or scene.label(last) != "ORG":
            continue
        elif wm.group() in rule.tail_words and _unnamed_agreement(text, rule, last.end, wm):
            # A与B签订战略合作协议: the two signatories of a cooperation agreement with no name
            group = _signed_with(scene, idx, s0)
        else:
            group = _cooperating(scene, rule, idx, wm, s0)
        yield from _pairs(scene, rule, group, seen)


def _opens_clause(text: str, pos: int, adverbs: str) -> bool:
    """True when the word at ``pos`` opens a clause, after up to three adverbs (，联合B; ，并联合B)."""
    head = text[max(0, pos - 4):pos]
    return head.rstrip(adverbs).endswith("，") and len(head) - len(head.rstrip(adverbs)) <= 3


def _cooperating(scene: Scene, rule: Cooperation, idx: int, wm: re.Match, s0: int) -> list[Mention]:
    """The organisations a word of cooperation joins, the last of them mention ``idx``."""
    text, last = scene.text, scene.mentions[idx]
    gap = text[last.end:wm.start()]
    nxt = scene.mentions[idx + 1] if idx + 1 < len(scene.mentions) else None
    if gap and not gap.strip(scene.words.adverbs) and len(gap) <= 3 and nxt is not None and nxt.start == wm.end():
        gap = ""  # A还联合B…: an adverb between
    if re.fullmatch(r"在[\u4e00-\u9fff]{1,10}", gap) and (nxt is None or nxt.start != wm.end()):
        gap = ""  # A、B在青岛联合举办: a place adjunct between
    group: list[Mention] = []
    if gap == "" or re.fullmatch(r"等[^，。；与同跟]{0,40}", gap):
        # (A、B等20家企业与高校签订合作协议: with 与 after 等 they cooperate with another, not each other)
        group = [m for m in list_before(scene, idx, {"ORG"}) if m.start >= s0]
    elif rule.tail_gap and wm.group() in rule.tail_words and rule.tail_gap.fullmatch(gap):
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
    return group


def _signatories(scene: Scene, rule: Cooperation, idx: int, s0: int) -> list[Mention]:
    """The organisations listed right before the verb of signing that has agreement ``idx`` as
    object (A、B签署…, A与B共同签订了…), or none."""
    text, ms = scene.text, scene.mentions
    k = idx - 1
    if k < 0 or ms[k].start < s0 or scene.label(ms[k]) != "ORG" or not rule.signing.fullmatch(text[ms[k].end:ms[idx].start]):
        return []
    group = [m for m in list_before(scene, k, {"ORG"}) if m.start >= s0]
    if len(group) == 1:
        # (A与B签署…, A则与B签署…)
        group = _signed_with(scene, k, s0)
    return group if len(group) > 1 else []


def _unnamed_agreement(text: str, rule: Cooperation, pos: int, wm: re.Match) -> bool:
    """Whether a verb of signing, up to four characters of its kind (战略, 框架) and the word of
    cooperation ``wm`` followed by an agreement's head stand from ``pos`` on (签订战略合作协议)."""
    sign = rule.signing.match(text, pos)
    return sign is not None and wm.start() - sign.end() <= 4 and not re.search(r"[，。；、《》“”]", text[sign.end():wm.start()]) \
        and text.startswith(rule.agreement_heads, wm.end())


def _signed_with(scene: Scene, idx: int, s0: int) -> list[Mention]:
    """Mention ``idx`` and the organisation joined to it by 与/和/同 right before (A与B, A还与B)."""
    ms, text = scene.mentions, scene.text
    if idx > 0 and ms[idx - 1].start >= s0 and scene.label(ms[idx - 1]) == "ORG" \
            and text[ms[idx - 1].end:ms[idx].start].lstrip(scene.words.adverbs) in scene.words.with_:
        return [ms[idx - 1], ms[idx]]
    return []


def both_parties(scene: Scene, s0: int, pos: int) -> list[Mention]:
    """The last two organisations joined by 与/和/同 (an adverb before it: A还与B) before ``pos``,
    in its sentence or the one before it and in its article (the two that 双方 stands for); else
    the two whose officials the article names (:func:`_posted_pair`)."""
    ms, text = scene.mentions, scene.text
    prev0, _ = scene.sentence_of(max(0, s0 - 1))
    art = scene.article_of(pos)
    k = index_before(scene, pos)
    while k >= 1 and ms[k].start >= prev0:
        a, b = ms[k - 1], ms[k]
        if scene.label(a) == scene.label(b) == "ORG" and text[a.end:b.start].lstrip(scene.words.adverbs) in scene.words.with_ \
                and scene.article_of(a.start) == art and scene.key(a) != scene.key(b):
            return [a, b]
        k -= 1
    return _posted_pair(scene, pos)


def _posted_pair(scene: Scene, pos: int) -> list[Mention]:
    """The two organisations whose officials the article names before ``pos`` (A党组书记刘某，
    B党组书记张某出席会议。…双方…), when exactly two are: the parties of its meeting."""
    text, art = scene.text, scene.article_of(pos)
    found: dict = {}
    for m in scene.mentions[:index_before(scene, pos) + 1]:
        if scene.label(m) != "ORG" or scene.article_of(m.start) != art or scene.key(m) in found:
            continue
        if any(s == 0 for s, _, _ in scene.roles.finditer(text[m.end:m.end + 8])):
            found[scene.key(m)] = m
    return list(found.values()) if len(found) == 2 else []


def _pairs(scene: Scene, rule: Cooperation, group: list[Mention], seen: set) -> Iterable[Relation]:
    """One relation for each pair of the group's organisations not yet related."""
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
