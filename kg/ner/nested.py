"""Mentions written inside a longer name: its places, its parent organisation, the event it is
part of, the organisations an event's name holds. They become entities of their own and let the
relation rules say where a body lies and whose part it is."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Collection, Iterable, Sequence

from ..model import Mention
from .heads import LEVEL_ENDS, ends_with_head
from .words import brackets_closed

__all__ = ["nested_mentions", "repeated_inner_events"]


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
    company_tails: tuple[str, ...] = (),
    trade_heads: Collection[str] = frozenset(),
    union_heads: Collection[str] = frozenset(),
    division_heads: Sequence[str] = (),
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
    the ``own_bodies`` an organisation has of its own (云南建投集团|工会); a run of heads after
    it that leaves a unit is its legal form (津药达仁堂集团|股份有限公司|药材公司). A company
    (ending in one of ``company_tails``) holds no site (天津铁路|信号有限责任公司), and a brand
    before a place in its name is its parent (中国电信|浙江|分公司). A parent ending in one of the
    ``trade_heads`` (快递, 物流) must be a name the tagger gives, and one ending in one of the
    ``union_heads`` (工会) must begin with a place (not 智慧工会 in 智慧工会建设工作小组).
    An event whose name starts with a place holds the body named from there
    (海南省工会第七届委员会|第一次会议).
    """
    ctx = _Inside.of(places, org_heads, model_orgs, place_heads, boundaries, event_heads, river_heads, own_bodies,
                     company_tails, trade_heads, union_heads, division_heads)
    out: list[Mention] = []
    for m in mentions:
        if m.label == "PLACE" and m.source == "gazetteer":
            continue
        out += _places_in(m, ctx)
        if m.label in {"PLACE", "ORG"} and ctx.place_heads:
            out += _site_in(m, ctx)
        if m.label == "EVENT" and ctx.event_heads:
            out += _event_in(m, ctx)
        if m.label == "EVENT":
            out += _body_in_event(m, ctx)
        if m.label in {"EVENT", "PROGRAMME"}:
            out += _orgs_in(m, ctx)
        if m.label == "ORG":
            out += _parent_of(m, ctx)
        elif m.label == "PLACE" and m.source.startswith("chunk:"):
            out += _owner_of_site(m, ctx)
    return out


def _owner_of_site(m: Mention, ctx: _Inside) -> list[Mention]:
    """The organisation a named site's name begins with (X快递有限公司|职工服务e站): a company,
    a union or a body the tagger names, with more than a bare two-character head after it
    (not 老挝区域工会|驿站, whose head is 工会驿站) and no bracketed city (国家会展中心（天津）)."""
    model = {(o.start, o.end) for o in ctx.model_orgs}
    out = []
    for p in _parent_of(m, ctx):
        rest = m.text[p.end - m.start:]
        owner = p.text.endswith(ctx.company_tails) or p.text.endswith(tuple(ctx.union_heads)) or (p.start, p.end) in model
        if owner and len(rest) > 2 and not rest.startswith(("（", "(")):
            out.append(p)
    return out


@dataclass(frozen=True)
class _Inside:
    """The candidates and heads of a page, with the lookups that a scan of every place or
    organisation of the page made quadratic."""

    places: list[Mention]  # by start, longest first
    starts: list[int]
    place_spans: set[tuple[int, int]]
    org_heads: tuple[str, ...]  # longest first
    place_heads: tuple[str, ...]
    event_heads: tuple[str, ...]
    rivers: set[str]
    model_orgs: list[Mention]
    model_order: list[int]  # model_orgs by start
    model_starts: list[int]
    boundaries: set[int] | None
    own_bodies: Collection[str]
    company_tails: tuple[str, ...]
    trade_heads: Collection[str]
    union_heads: Collection[str]
    division_heads: tuple[str, ...]
    #: the place and event heads of two characters or more (one-character heads, 山 and 河, end
    #: too many words to cut a name at)
    long_place_heads: tuple[str, ...] = ()
    long_event_heads: tuple[str, ...] = ()
    #: the one-character organisation heads (局, 院, 厂)
    short_org_heads: frozenset[str] = frozenset()

    @classmethod
    def of(cls, places, org_heads, model_orgs, place_heads, boundaries, event_heads, river_heads, own_bodies,
           company_tails=(), trade_heads=frozenset(), union_heads=frozenset(), division_heads=()) -> "_Inside":
        places = sorted(places, key=lambda p: (p.start, -(p.end - p.start)))
        model_orgs = list(model_orgs)
        model_order = sorted(range(len(model_orgs)), key=lambda k: model_orgs[k].start)
        place_heads, event_heads = _longest_first(place_heads), _longest_first(event_heads)
        return cls(places, [p.start for p in places], {(p.start, p.end) for p in places},
                   _longest_first(org_heads), place_heads, event_heads, set(river_heads), model_orgs, model_order,
                   [model_orgs[k].start for k in model_order], boundaries, own_bodies, tuple(company_tails), trade_heads,
                   union_heads, tuple(division_heads), tuple(h for h in place_heads if len(h) > 1),
                   tuple(h for h in event_heads if len(h) > 1), frozenset(h for h in org_heads if len(h) == 1))


def _longest_first(heads: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(heads), key=len, reverse=True))


def _places_in(m: Mention, ctx: _Inside) -> list[Mention]:
    """The places written inside ``m``, longest first and not overlapping; divisions and named
    sites are read separately, so that a site keeps the division its own name begins with
    (昆明 in 昆明西山森林公园)."""
    places, out = ctx.places, []
    if m.label not in {"ORG", "EVENT", "PLACE"}:
        # a programme or honour named after a place (深圳工匠) does not make it a topic
        i = len(places)
    else:
        i = bisect.bisect_left(ctx.starts, m.start)
        if m.label == "PLACE" and any(p.end == m.end and p.source == "gazetteer" for p in places[i:bisect.bisect_right(ctx.starts, m.start)]):
            # a division written whole holds no other inside its name (眉山 in 峨眉山)
            i = len(places)
    taken_end = {"gazetteer": m.start, "site": m.start}
    while i < len(places) and places[i].start < m.end:
        p = places[i]
        i += 1
        kind = "gazetteer" if p.source == "gazetteer" else "site"
        if p.start < taken_end[kind] or p.end > m.end or (p.start == m.start and p.end == m.end):
            continue
        if kind == "site" and any(q.start < p.start < q.end for q in out if q.source == "nested:gazetteer"):
            # (a site read from a word cut across a division: 鄞州|区首南街道)
            continue
        if kind == "site" and _quoted_in(m.text, p.start - m.start):
            # (第四届“海河工匠”颁奖典礼: a river in the quoted title of an honour, no place of the event)
            continue
        if m.label == "PLACE" and p.source == "gazetteer" and m.text[p.end - m.start:p.end - m.start + 1] in ctx.rivers \
                and p.text[-1:] not in LEVEL_ENDS + "镇乡村":
            # 澜沧江, 金沙江: a river named like a county is not in it
            continue
        out.append(Mention(p.start, p.end, p.text, "PLACE", "nested:" + p.source, m.article))
        taken_end[kind] = p.end
    return out


def _quoted_in(name: str, pos: int) -> bool:
    """Whether ``pos`` of ``name`` lies inside quotation marks of the name.

    >>> _quoted_in("第四届“海河工匠”颁奖典礼", 4), _quoted_in("天津海河工匠颁奖典礼", 2)
    (True, False)
    """
    return name.rfind("“", 0, pos) > name.rfind("”", 0, pos)


def _site_in(m: Mention, ctx: _Inside) -> list[Mention]:
    """The site or zone the name of a site or organisation begins with: its longest proper
    prefix ending with a place head of two characters or more. A company named after a site
    (天津铁路|信号有限责任公司) is not in it."""
    name = m.text
    if m.label == "ORG" and ctx.company_tails and name.endswith(ctx.company_tails):
        return []
    for cut in range(len(name) - 2, 2, -1):
        prefix = name[:cut]
        # one-character heads (山, 河) end too many words to cut a site name at
        if re.fullmatch(r"[（(][^（）()]+[）)]", name[cut:]):
            # 国家会展中心（天津）: the bracket says where the same site is
            break
        head = ends_with_head(prefix, ctx.long_place_heads)
        if head is not None and name[cut] in ctx.short_org_heads:
            # (中铁大桥|局: a one-character head right after it makes the body's own name)
            continue
        if head is not None and (m.start, m.start + cut) not in ctx.place_spans:
            first = _last_division(m.start, prefix, ctx) if prefix.endswith(ctx.division_heads or ("\0",)) else 0
            if first and (m.start + first, m.start + cut) in ctx.place_spans:
                return []
            return [Mention(m.start + first, m.start + cut, prefix[first:], "PLACE", "nested:site", m.article)]
    return []


def _last_division(start: int, prefix: str, ctx: _Inside) -> int:
    """Where the last division of a run of divisions (宁波市海曙区鼓楼街道|中山社区) begins in
    ``prefix``: after the last division head or full name of a gazetteer place (ending in its
    level: not 六安 in 六安经济技术开发区) that ends inside it, with two characters or more left."""
    cut = 0
    for k in range(2, len(prefix) - 1):
        placed = prefix[k - 1] in LEVEL_ENDS and any(p.end == start + k and p.start >= start for p in ctx.places[bisect.bisect_left(ctx.starts, start):bisect.bisect_left(ctx.starts, start + k)])
        if prefix[:k].endswith(ctx.division_heads) or placed:
            cut = k
    return cut


def _event_in(m: Mention, ctx: _Inside) -> list[Mention]:
    """An event named inside a longer one (2023年国家网络安全宣传周 in
    2023年国家网络安全宣传周个人信息保护主题日活动): the shortest such prefix, the event the
    longer one is part of. A quoted part of the name is one word: no cut inside it (2024年湖南省
    “技能比武|月”活动), unless the quotes hold the whole name."""
    name = m.text
    for cut in range(6, len(name) - 1):
        prefix = name[:cut]
        if _quoted_in(name, cut) and name[cut] != "”" and not name.startswith("“"):
            continue
        rest = name[cut:].strip("“”")
        # (not where only a head is left: 宣讲|活动 is one event)
        if ends_with_head(prefix, ctx.long_event_heads) and prefix.strip("“”") and rest not in ctx.event_heads and len(rest) > 2:
            start = m.start + (1 if name.startswith("“") else 0)
            text_ = prefix.lstrip("“")
            return [Mention(start, start + len(text_), text_, "EVENT", "nested:event", m.article)]
    return []


def _body_in_event(m: Mention, ctx: _Inside) -> list[Mention]:
    """The body named at the start of an event's name, from its place on (海南省工会第七届委员会|
    第一次会议, 重庆市劳模和工匠人才创新工作室联盟|成立大会): the longest proper prefix ending with an
    organisation head of two characters or more at a word boundary; a region's unions taken
    together (海南省|工会, 绵阳、北碚两地工会) are none."""
    if not any(p.start == m.start for p in ctx.places[bisect.bisect_left(ctx.starts, m.start):bisect.bisect_right(ctx.starts, m.start)]):
        return []
    name, long_heads = m.text, tuple(h for h in ctx.org_heads if len(h) > 1)
    body = next((name[:k] for k in range(len(name) - 3, 4, -1)
                 if name[:k].endswith(long_heads) and (ctx.boundaries is None or m.start + k in ctx.boundaries)), None)
    if body is None or (body.endswith("工会") and (m.start, m.start + len(body) - 2) in ctx.place_spans) or "、" in body:
        # (nor the unions of places listed together: 绵阳、北碚两地工会)
        return []
    return [Mention(m.start, m.start + len(body), body, "ORG", "nested:org", m.article)]


def _orgs_in(m: Mention, ctx: _Inside) -> list[Mention]:
    """The tagger's organisations named inside an event's or programme's name, before its end,
    in the order given."""
    inside = ctx.model_order[bisect.bisect_left(ctx.model_starts, m.start):bisect.bisect_right(ctx.model_starts, m.end)]
    out = []
    for o in (ctx.model_orgs[k] for k in sorted(inside)):
        # (one that ends the name is its head read as a body: 宁波职工|爱心驿站)
        if m.start <= o.start and o.end < m.end:
            out.append(Mention(o.start, o.end, o.text, "ORG", "nested:org", m.article))
    return out


def _parent_of(m: Mention, ctx: _Inside) -> list[Mention]:
    """The parent organisation at the start of an organisation's name (see :func:`nested_mentions`)."""
    name, heads = m.text, ctx.org_heads
    parent = None
    end_head = len(ends_with_head(name, heads) or "")
    own = next((b for b in ctx.own_bodies if name.endswith(b)), None)
    body_of = name[: len(name) - len(own)] if own else ""
    if len(body_of) >= 4 and ends_with_head(body_of, heads) and brackets_closed(body_of) and (m.start, m.start + len(body_of)) not in ctx.place_spans \
            and not ends_with_head(body_of, ctx.union_heads):
        # the body an organisation has of its own (工会, 党委) written after its whole name
        # (中国电建集团海外投资有限公司|工会): that organisation is the parent
        return [Mention(m.start, m.start + len(body_of), body_of, "ORG", "nested:parent", m.article)]
    # the shortest prefix that ends with a head and leaves a unit after it (not a bare
    # head, and not cutting into the head the whole name ends with)
    for cut in range(2, len(name) - max(end_head, 2) + 1):
        prefix, rest = name[:cut], name[cut:]
        # a bare head after the prefix continues the name (…工会|联合会), except the
        # bodies an organisation has of its own (云南建投集团|工会, 长庆油田|党委)
        if (_only_heads(rest, heads) and rest not in ctx.own_bodies) or len(rest) < 2:
            continue
        head = ends_with_head(prefix, heads)
        if head is None or not brackets_closed(prefix):
            # (nor one that leaves a bracket open: 玉溪仙福钢铁（集团|）有限公司)
            continue
        # a one-character head (科, 社, 部) ends a parent only where a word ends
        if len(head) == 1 and ctx.boundaries is not None and m.start + cut not in ctx.boundaries:
            continue
        if head in ctx.union_heads and not any(
                p.start == m.start for p in ctx.places[bisect.bisect_left(ctx.starts, m.start):bisect.bisect_right(ctx.starts, m.start)]):
            # a union named by a way of working (智慧工会|建设工作小组) is no parent: a parent union
            # begins with its place
            continue
        if head in ctx.trade_heads and prefix not in {o.text for o in ctx.model_orgs}:
            # a line of business (快递, 物流) ends a parent only that the tagger names as one
            # (not 福州市快递 in 福州市快递行业工会联合会)
            continue
        if (m.start, m.start + cut) not in ctx.place_spans:
            parent = _with_form_heads(prefix, rest, heads)
            break
    if parent is None:
        parent = _brand_before_place(m, ctx)
    if parent and (m.start, m.start + len(parent)) not in ctx.place_spans:
        return [Mention(m.start, m.start + len(parent), parent, "ORG", "nested:parent", m.article)]
    return []


def _brand_before_place(m: Mention, ctx: _Inside) -> str | None:
    """The brand before a place in a company's name: the parent of its regional company
    (中国电信|浙江|分公司, 中建钢构|天津|有限公司; guidelines: 中国石化 in 中国石化广西石油)."""
    if not ctx.company_tails or not m.text.endswith(ctx.company_tails):
        return None
    k = bisect.bisect_left(ctx.starts, m.start + 2)
    inner = next((p for p in ctx.places[k:] if p.start < m.end and p.source == "gazetteer" and p.end < m.end - 1), None)
    # (顺丰速运（海南）有限公司: the brand before the bracket)
    return m.text[: inner.start - m.start].rstrip("（(") if inner is not None else None


def _with_form_heads(prefix: str, rest: str, heads: Sequence[str]) -> str:
    """The parent named at the start of a longer name, with the heads of its legal form that
    follow it (津药达仁堂集团|股份有限公司|药材公司: the parent is 津药达仁堂集团股份有限公司),
    as long as a unit is left after them.

    >>> _with_form_heads("某某集团", "股份有限公司药材公司", ["股份有限公司", "公司", "集团"])
    '某某集团股份有限公司'
    """
    for k in range(len(rest) - 2, 1, -1):
        if _only_heads(rest[:k], heads) and not _only_heads(rest[k:], heads):
            return prefix + rest[:k]
    return prefix


def _only_heads(rest: str, heads: Sequence[str]) -> bool:
    """True when ``rest`` is made of heads only (集团|有限公司): it continues a name, it names
    no unit of its own.

    >>> _only_heads("集团有限公司", ["集团", "有限公司"]), _only_heads("网络工作部", ["部"])
    (True, False)
    """
    while rest:
        head = ends_with_head(rest, heads)
        if head is None:
            return False
        rest = rest[: -len(head)]
    return True


def repeated_inner_events(text: str, nested: Sequence[Mention], edition: re.Pattern, scopes: Sequence[str],
                          places: Iterable[Mention] = ()) -> list[Mention]:
    """Keep an event named inside a longer event's name (``nested:event``) only where the text
    also names it on its own: its name without a leading edition, place or scope word
    (2023年国家|网络安全宣传周) occurs outside the longer name. An event named only inside
    another's name is not one of its own (浙江省职工英语竞赛 in …竞赛杭州选拔赛).

    >>> t = "2023年国家安全周主题日活动举行。安全周期间"
    >>> inner = [Mention(0, 10, "2023年国家安全周", "EVENT", "nested:event")]
    >>> [m.text for m in repeated_inner_events(t, inner, re.compile(r"\\d{4}年"), ["国家"])]
    ['2023年国家安全周']
    >>> [m.text for m in repeated_inner_events(t[:15], inner, re.compile(r"\\d{4}年"), ["国家"])]
    []
    """
    scopes = tuple(sorted(scopes, key=len, reverse=True))
    place_forms = sorted({p.text for p in places}, key=len, reverse=True)
    out = []
    for n in nested:
        if n.source != "nested:event":
            out.append(n)
            continue
        core = re.sub("^(?:%s)+" % edition.pattern, "", n.text)
        lead = next((f for f in place_forms if core.startswith(f)), None) or next((s for s in scopes if core.startswith(s)), "")
        core = core[len(lead):]
        if len(core) >= 3 and any(i < n.start or i >= n.end for i in _find_all(text, core)):
            out.append(n)
    return out


def _find_all(text: str, word: str) -> Iterable[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)

