"""Overlapping candidates -> the mentions of a page, and what the page as a whole says of them
afterwards (a longer form written elsewhere, a programme referred to as one occasion)."""
from __future__ import annotations

import bisect
from typing import Iterable, Mapping, Sequence

from ..model import Mention
from .heads import ends_with_head
from .settings import Rules

__all__ = ['resolve', 'longer_page_forms', 'referred_one_offs', 'listed_kinds']


def resolve(candidates: Iterable[Mention], priority: Mapping[str, int]) -> list[Mention]:
    """Non-overlapping mentions: longer first, then by source ``priority`` (``[priority]`` of
    ``pipelines/ner.toml``: a source not listed counts as its family, the part before ``:``),
    then leftmost.

    >>> a = Mention(0, 3, "云南省", "ORG", "chunk:org")
    >>> b = Mention(0, 3, "云南省", "PLACE", "gazetteer")
    >>> c = Mention(0, 2, "云南", "PLACE", "gazetteer")
    >>> [(m.text, m.label) for m in resolve([c, b, a], {"chunk:org": 6, "gazetteer": 4})]
    [('云南省', 'ORG')]
    """
    ordered = sorted(
        set(candidates),
        key=lambda m: (-(m.end - m.start), -priority.get(m.source, priority.get(m.source.split(":")[0], 0)), m.start, m.label, m.source),
    )
    taken: list[Mention] = []
    occupied = bytearray()
    for m in ordered:
        if len(occupied) < m.end:
            occupied.extend(b"\0" * (m.end - len(occupied)))
        if any(occupied[m.start:m.end]):
            continue
        occupied[m.start:m.end] = b"\1" * (m.end - m.start)
        taken.append(m)
    return sorted(taken, key=lambda m: (m.start, m.end))


def longer_page_forms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """An organisation cut short where the tagger split its name differently (中国石化|广西|石油
    against 中国石化|广西石油 elsewhere) takes the longer name the page gives it, when the text
    there goes on with it and no other mention stands in the way. ``mentions`` are resolved
    (none overlaps another).

    >>> t = "临江石化沿海石油联合开展。据悉，临江石化沿海石油通过。"
    >>> ms = [Mention(0, 8, "临江石化沿海石油", "ORG", "chunk:org"), Mention(16, 22, "临江石化沿海", "ORG", "chunk:org")]
    >>> [m.text for m in longer_page_forms(t, ms)]
    ['临江石化沿海石油', '临江石化沿海石油']
    >>> ms = [Mention(0, 8, "临江石化沿海石油", "ORG", "chunk:org"), Mention(16, 20, "临江石化", "ORG", "chunk:org"),
    ...       Mention(20, 22, "沿海", "PLACE", "gazetteer")]
    >>> [m.text for m in longer_page_forms(t, ms)]
    ['临江石化沿海石油', '临江石化沿海石油']
    """
    forms = {m.text for m in mentions if m.label == "ORG"}
    # the longer forms of each form, longest first (one pass over the prefixes of each form)
    longer_of: dict[str, list[str]] = {}
    for f in sorted(forms, key=len, reverse=True):
        for k in range(1, len(f)):
            if f[:k] in forms:
                longer_of.setdefault(f[:k], []).append(f)
    spans = sorted((m.start, m.end, m.label) for m in mentions)
    starts = [a for a, _, _ in spans]
    out, swallowed = [], set()
    for m in mentions:
        if m.label == "ORG" and m.text in longer_of and (m.start, m.end, m.label) not in swallowed:
            longer = next((f for f in longer_of[m.text] if text.startswith(f, m.start)), None)
            end = m.start + len(longer) if longer else m.end
            # (the mentions do not overlap: those in the way start inside the longer name)
            inside = spans[bisect.bisect_left(starts, m.end):bisect.bisect_left(starts, end)]
            # a place written inside the longer name becomes part of it (中国石化|广西|石油)
            if longer and all(lab == "PLACE" and b <= end for _, b, lab in inside):
                swallowed.update(inside)
                m = Mention(m.start, end, longer, m.label, m.source, m.article)
        out.append(m)
    return [m for m in out if (m.start, m.end, m.label) not in swallowed]


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def referred_one_offs(text: str, mentions: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Programmes that the text later calls "this one" become events.

    ``此次两地…协作行动开始前`` after ``…技术创新协作行动`` says the action was one occasion:
    a reference word (``event.one_off_refs``) and a tail of the name, ending with its head
    word, within ``event.one_off_ref_reach`` characters after it. The reference goes to the
    nearest programme before it with that tail; events and other labels stay as they are.

    >>> rules = Rules({"programme": {"heads": ["行动"]}, "event": {"one_off_refs": ["此次"]}})
    >>> t = "开展协作行动。此次协作行动开始前，双方沟通。"
    >>> [(m.text, m.label) for m in referred_one_offs(t, [Mention(2, 6, "协作行动", "PROGRAMME", "chunk:programme")], rules)]
    [('协作行动', 'EVENT')]
    >>> t = "开展协作行动。此次会议开始前，双方沟通。"
    >>> [(m.text, m.label) for m in referred_one_offs(t, [Mention(2, 6, "协作行动", "PROGRAMME", "chunk:programme")], rules)]
    [('协作行动', 'PROGRAMME')]
    """
    reach = rules.event.one_off_ref_reach
    if not rules.event.one_off_refs:
        return list(mentions)
    heads = rules.heads["PROGRAMME"]
    programmes = [i for i, m in enumerate(mentions) if m.label == "PROGRAMME" and ends_with_head(m.text, heads)]
    if not programmes:
        return list(mentions)
    out = list(mentions)
    for r in rules.event.one_off_ref.finditer(text):
        run = r.group(1)
        best = None
        for i in programmes:
            m = mentions[i]
            if m.end > r.start() or r.start() - m.end > reach:
                continue
            head = ends_with_head(m.text, heads)
            # a prefix of the run ending with the head that is a tail of the name (此次协作行动)
            # or to it but a short qualifier (此次两地劳模工匠技术创新协作行动; not 本次大赛…技术项目)
            found = any(run[:k].endswith(head) and _common_tail(run[:k], m.text) >= max(k - 2, len(head) + (k > len(head)) * 2)
                        for k in range(len(head), len(run) + 1))
            if found and (best is None or m.end > mentions[best].end):
                best = i
        if best is not None:
            m = out[best]
            out[best] = Mention(m.start, m.end, m.text, "EVENT", m.source, m.article)
    return out


#: what joins two items of a list
_LIST_MARKS = ("、", "和", "及", "以及")
#: sources of organisations read from the word chunks or the tagger alone
_WEAK_ORG_SOURCES = ("chunk:org", "lac:ORG")


def listed_kinds(text: str, mentions: Sequence[Mention], place_starts: Iterable[int] = (),
                 body_kinds: Sequence[str] = (), body_ends: Sequence[str] = ()) -> list[Mention]:
    """Items of a list are of one kind: in a list that a programme opens and 等 closes (A、B、C等),
    an organisation found by the chunker or the tagger alone is a programme too (“X”服务平台、
    Y工匠学院、Z等阵地: the services listed, not bodies). Where a kind of body follows 等
    (``body_kinds``: 等单位, 等企业) the items stay bodies; so does an item that opens with a place
    written in full (``place_starts``: a region's body, 临江市总工会) or ends like a body for
    certain (``body_ends``: …银行, …有限公司).

    >>> t = "“甲”服务平台、乙工匠学院、丙之家等阵地"
    >>> ms = [Mention(0, 7, "“甲”服务平台", "PROGRAMME", "quote:programme"), Mention(8, 13, "乙工匠学院", "ORG", "chunk:org"),
    ...       Mention(14, 17, "丙之家", "ORG", "lac:ORG")]
    >>> [m.label for m in listed_kinds(t, ms)]
    ['PROGRAMME', 'PROGRAMME', 'PROGRAMME']
    >>> [m.label for m in listed_kinds(t, ms, {8})], [m.label for m in listed_kinds(t.replace("阵地", "单位"), ms, (), ["单位"])]
    (['PROGRAMME', 'ORG', 'PROGRAMME'], ['PROGRAMME', 'ORG', 'ORG'])
    >>> [m.label for m in listed_kinds(t, ms, body_ends=["之家"])]
    ['PROGRAMME', 'PROGRAMME', 'ORG']
    """
    placed, kinds, ends = set(place_starts), tuple(body_kinds), tuple(body_ends)
    out = list(mentions)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and text[out[j].end:out[j + 1].start] in _LIST_MARKS:
            j += 1
        close = out[j].end
        if out[i].label == "PROGRAMME" and j > i and text.startswith("等", close) and not text.startswith(kinds, close + 1):
            for k in range(i + 1, j + 1):
                m = out[k]
                if m.label == "ORG" and m.source in _WEAK_ORG_SOURCES and m.start not in placed and not m.text.endswith(ends):
                    out[k] = Mention(m.start, m.end, m.text, "PROGRAMME", m.source, m.article)
        i = j + 1
    return out
