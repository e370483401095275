"""Mentions written inside a longer name: its places, its parent organisation, the event it is
part of, the organisations an event's name holds. They become entities of their own and let the
relation rules say where a body lies and whose part it is."""
from __future__ import annotations

import bisect
import re
from typing import Collection, Iterable, Sequence

from ..model import Mention

__all__ = ["nested_mentions"]



def nested_mentions(
    mentions: Iterable[Mention],
    places: Iterable[Mention],
    org_heads: Sequence[str],
    model_orgs: Iterable[Mention] = (),
    place_heads: Sequence[str] = (),
    boundaries: set[int] | None = None,
    event_heads: Sequence[str] = (),
    river_heads: Sequence[str] = (),
    own_bodies: Collection[str] = frozenset(),
) -> list[Mention]:
    """Places and parent organisations written inside a longer name.

    A county named like a river (澜沧 in 澜沧江, with ``river_heads`` 江, 河) is not read
    inside the river's name: the river runs through many places.

    Places: the place candidates inside a kept mention, longest first and not overlapping
    (湖北省武汉市总工会 holds 湖北省 and 武汉市; 中国石化广西石油 holds 中国 and 广西). A named
    site or organisation also holds the site or zone its name begins with
    (昆明西山森林公园游客中心职工驿站 holds 昆明西山森林公园, 六安经济技术开发区工会 holds
    六安经济技术开发区): the longest proper prefix ending with a place head.
    Parent: the longest proper prefix of an organisation name that ends with an organisation
    head and leaves more than a bare head after it (全国总工会 in 全国总工会网络工作部; not
    镇江市互联网行业工会 in …工会联合会). With ``boundaries`` (the word starts of the text),
    a parent ending in a one-character head ends where a word ends: 江苏瑞祥科 is no parent
    of 江苏瑞祥科技集团. A bare head after the prefix continues the name (…工会|联合会), except
    the ``own_bodies`` an organisation has of its own (云南建投集团|工会).
    """
    kept = list(mentions)
    places = sorted(places, key=lambda p: (p.start, -(p.end - p.start)))
    starts = [p.start for p in places]
    heads = sorted(set(org_heads), key=len, reverse=True)
    pheads = sorted(set(place_heads), key=len, reverse=True)
    eheads = sorted(set(event_heads), key=len, reverse=True)
    rivers = set(river_heads)
    model_orgs = list(model_orgs)
    # lookups that a scan of every place or organisation of the page made quadratic
    place_spans = {(p.start, p.end) for p in places}
    model_order = sorted(range(len(model_orgs)), key=lambda k: model_orgs[k].start)
    model_starts = [model_orgs[k].start for k in model_order]
    out = []
    for m in kept:
        if m.label == "PLACE" and m.source == "gazetteer":
            continue
        if m.label not in {"ORG", "EVENT", "PLACE"}:
            # a programme or honour named after a place (深圳工匠) does not make it a topic
            i = len(places)
        else:
            i = bisect.bisect_left(starts, m.start)
        # divisions and named sites are read separately, so that a site keeps the division
        # its own name begins with (昆明 in 昆明西山森林公园)
        taken_end = {"gazetteer": m.start, "site": m.start}
        while i < len(places) and places[i].start < m.end:
            p = places[i]
            i += 1
            kind = "gazetteer" if p.source == "gazetteer" else "site"
            if p.start < taken_end[kind] or p.end > m.end or (p.start == m.start and p.end == m.end):
                continue
            if m.label == "PLACE" and p.source == "gazetteer" and m.text[p.end - m.start:p.end - m.start + 1] in rivers \
                    and p.text[-1:] not in "省市县区州旗盟镇乡村":
                # 澜沧江, 金沙江: a river named like a county is not in it
                continue
            out.append(Mention(p.start, p.end, p.text, "PLACE", "nested:" + p.source, m.article))
            taken_end[kind] = p.end
        name = m.text
        if m.label in {"PLACE", "ORG"} and pheads:
            for cut in range(len(name) - 2, 2, -1):
                prefix = name[:cut]
                # one-character heads (山, 河) end too many words to cut a site name at
                if re.fullmatch(r"[（(][^（）()]+[）)]", name[cut:]):
                    # 国家会展中心（天津）: the bracket says where the same site is
                    break
                if any(prefix.endswith(h) for h in pheads if len(h) > 1) and (m.start, m.start + cut) not in place_spans:
                    out.append(Mention(m.start, m.start + cut, prefix, "PLACE", "nested:site", m.article))
                    break
        if m.label == "EVENT" and eheads:
            # an event named inside a longer one (2023年国家网络安全宣传周 in
            # 2023年国家网络安全宣传周个人信息保护主题日活动)
            # the shortest such prefix: the event the longer one is part of
            for cut in range(6, len(name) - 1):
                prefix = name[:cut]
                rest = name[cut:].strip("“”")
                # (not where only a head is left: 宣讲|活动 is one event)
                if any(prefix.endswith(h) for h in eheads if len(h) > 1) and prefix.strip("“”") and rest not in eheads and len(rest) > 2:
                    start = m.start + (1 if name.startswith("“") else 0)
                    text_ = prefix.lstrip("“")
                    out.append(Mention(start, start + len(text_), text_, "EVENT", "nested:event", m.article))
                    break
        if m.label in {"EVENT", "PROGRAMME"}:
            # organisations named inside an event's name are entities too
            inside = model_order[bisect.bisect_left(model_starts, m.start):bisect.bisect_right(model_starts, m.end)]
            for o in (model_orgs[k] for k in sorted(inside)):  # in the order given
                if m.start <= o.start and o.end <= m.end and (o.end - o.start) < (m.end - m.start):
                    out.append(Mention(o.start, o.end, o.text, "ORG", "nested:org", m.article))
        if m.label != "ORG":
            continue
        parent = None
        end_head = max((len(h) for h in heads if name.endswith(h)), default=0)
        # the shortest prefix that ends with a head and leaves a unit after it (not a bare
        # head, and not cutting into the head the whole name ends with)
        for cut in range(2, len(name) - max(end_head, 2) + 1):
            prefix, rest = name[:cut], name[cut:]
            # a bare head after the prefix continues the name (…工会|联合会), except the
            # bodies an organisation has of its own (云南建投集团|工会, 长庆油田|党委)
            if (rest in heads and rest not in own_bodies) or len(rest) < 2:
                continue
            head = next((h for h in heads if prefix.endswith(h)), None)
            if head is None or prefix.count("（") + prefix.count("(") != prefix.count("）") + prefix.count(")"):
                # (nor one that leaves a bracket open: 玉溪仙福钢铁（集团|）有限公司)
                continue
            # a one-character head (科, 社, 部) ends a parent only where a word ends
            if len(head) == 1 and boundaries is not None and m.start + cut not in boundaries:
                continue
            if (m.start, m.start + cut) not in place_spans:
                parent = prefix
                break
        if parent and (m.start, m.start + len(parent)) not in place_spans:
            out.append(Mention(m.start, m.start + len(parent), parent, "ORG", "nested:parent", m.article))
    return out
