"""Filters over the candidates of a page: what is cut off a name, and what is no name at all."""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from ..model import Mention
from .heads import ends_with_head
from .settings import Rules
from .words import Word

__all__ = ['trim_roles', 'drop_collectives', 'drop_kind_lists', 'drop_headless_orgs', 'drop_word_persons', 'drop_quoted_persons', 'balanced',
           'drop_unbalanced']


def balanced(name: str, pairs: Iterable[str]) -> bool:
    """Whether every bracket or quote of ``pairs`` (two characters each: open, close) that
    ``name`` opens it also closes, in order.

    >>> pairs = ["（）", "“”"]
    >>> balanced("国家会展中心（天津）", pairs), balanced("福州职工服务e站（工会", pairs), balanced("银行）职工服务e站", pairs)
    (True, False, False)
    """
    for pair in pairs:
        depth = 0
        for ch in name:
            depth += (ch == pair[0]) - (ch == pair[1])
            if depth < 0:
                return False
        if depth:
            return False
    return True


def drop_unbalanced(candidates: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Leave out a candidate that opens a bracket or quote of ``names.brackets`` and does not
    close it, or closes one it did not open: it was cut in the wrong place."""
    pairs = rules.names.brackets
    return [m for m in candidates if balanced(m.text, pairs)]


def trim_roles(text: str, candidates: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Cut a post off the end of an organisation candidate: 顺丰快递|员 -> 顺丰 when 快递员
    is a post, 云南省总工会党组|书记 -> 云南省总工会 when 党组书记 is one."""
    out = []
    heads = rules.heads["ORG"]
    bodies = set(heads) - set(rules.org.weak_heads)
    unions = set(rules.org.union_heads)
    for m in candidates:
        if m.label == "ORG":
            for cut in range(max(m.start + 2, m.end - 3), m.end):
                if any(s == 0 and e > m.end - cut for s, e, _ in rules.roles.finditer(text[cut:cut + 6])):
                    if text[cut:m.end] in bodies and (not ends_with_head(text[m.start:cut], heads) or text[cut:m.end] in unions):
                        # (福州市网约车行业党委|书记: the body's head stays, the post is 书记's; a
                        # firm's union holds its chair: X公司工会|主席, not X公司|工会主席)
                        break
                    m = Mention(m.start, cut, text[m.start:cut], m.label, m.source, m.article)
                    break
        out.append(m)
    return out


def drop_collectives(candidates: Sequence[Mention], places: Iterable[Mention], rules: Rules, text: str = "") -> list[Mention]:
    """Leave out a region's unions taken together (云南工会, 四川工会, 全省工会: a place of the page
    or one of ``org.collective_words`` before 工会) and the bodies of several regions counted in
    one name or right before it (大连和石河子两市工会, 13个设区|市总工会; ``org.collective_count``
    the pattern of the count before the head): the guidelines count them as no organisation."""
    place_forms = {p.text for p in places} | rules.org.collective_words
    several = rules.org.collective

    def counted(m: Mention) -> bool:
        if several is None:
            return False
        before = text[max(0, m.start - 6):m.start] if text else ""
        return any(c.end() > len(before) for c in several.finditer(before + m.text))

    return [m for m in candidates if not (m.label == "ORG" and (
        (m.text.endswith("工会") and m.text[:-2] in place_forms) or counted(m)))]


def drop_kind_lists(text: str, candidates: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Leave out programme chunks that stand in a list of kinds of thing: counted before
    (建设一批职工书屋、爱心母婴室、户外职工爱心驿站等) by one of ``chunk.kind_list_counts`` and
    closed by 等, with no place inside. Such a list names sorts of facility or activity, not
    one programme.

    >>> r = Rules({"chunk": {"kind_list_counts": ["一批"]}})
    >>> t = "建设一批职工书屋、户外职工爱心驿站等阵地。"
    >>> [m.text for m in drop_kind_lists(t, [Mention(9, 17, "户外职工爱心驿站", "PROGRAMME", "chunk:programme")], r)]
    []
    >>> t = "开展户外职工爱心驿站等服务。"
    >>> [m.text for m in drop_kind_lists(t, [Mention(2, 10, "户外职工爱心驿站", "PROGRAMME", "chunk:programme")], r)]
    ['户外职工爱心驿站']
    """
    counted = rules.chunk.kind_list
    if counted is None:
        return list(candidates)
    closed = re.compile(r"(?:、[^，。；：！？、]{1,20})*等")
    places = [(c.start, c.end) for c in candidates if c.label == "PLACE"]
    out = []
    for m in candidates:
        if m.label == "PROGRAMME" and m.source == "chunk:programme":
            left = text[max(0, m.start - 80):m.start]
            left = re.split(r"[，。；：！？\n]", left)[-1]
            if counted.search(left) and closed.match(text, m.end) and not any(m.start <= a and b <= m.end for a, b in places):
                continue
        out.append(m)
    return out


def _has_longer_form(forms: Sequence[str], name: str) -> bool:
    """Whether the sorted ``forms`` hold one that begins with ``name`` and is longer (those
    that begin with it follow it in sorted order).

    >>> _has_longer_form(["中铁", "中铁大桥局", "云南"], "中铁"), _has_longer_form(["中铁", "云南"], "中铁")
    (True, False)
    """
    i = bisect.bisect_left(forms, name)
    if i < len(forms) and forms[i] == name:
        i += 1
    return i < len(forms) and forms[i].startswith(name)


def _listed_with_bodies(text: str, m: Mention, org_spans: set[tuple[int, int]], kinds: Sequence[str]) -> bool:
    """Whether ``m`` stands in a list of bodies: next to another organisation candidate across a
    list comma (美团、饿了么), or before 等 and a kind of body (…等平台企业); not an item of a list
    of fields (维权、帮扶、普惠等12类服务).

    >>> t = "美团、饿了么等平台企业，维权、普惠等服务"
    >>> _listed_with_bodies(t, Mention(0, 2, "美团", "ORG", "x"), {(3, 6)}, ["平台企业"])
    True
    >>> _listed_with_bodies(t, Mention(15, 17, "普惠", "ORG", "x"), {(0, 2), (3, 6)}, ["平台企业"])
    False
    """
    before = text[m.start - 1:m.start] == "、" and any(b == m.start - 1 for _, b in org_spans)
    after = text[m.end:m.end + 1] == "、" and any(a == m.end + 1 for a, _ in org_spans)
    closing = re.match(r"等(?:[0-9一二三四五六七八九十两百多]+[家个])?", text[m.end:m.end + 6])
    kind = closing is not None and bool(kinds) and text.startswith(tuple(kinds), m.end + closing.end())
    return before or after or kind


def drop_headless_orgs(text: str, candidates: Sequence[Mention], rules: Rules, org_words: set[str] | frozenset = frozenset()) -> list[Mention]:
    """Leave out organisation chunks that end in no organisation head (the tagger marks
    fragments such as 新时代 or 新能源汽车 as ORG) unless something vouches for the name: an
    organisation lexicon has it, a longer organisation name begins with it (中铁 in 中铁大桥局),
    a post follows it (顺丰快递员), it stands in a list (美团、饿了么), or the page names it
    at least ``org.headless_min_count`` times; nothing vouches for the first words of a quoted
    name (羊城 in “羊城骑手保”). Otherwise the part up to the last head inside it, if any, stays.

    >>> r = Rules({"org": {"heads": ["局"], "headless_min_count": 3}})
    >>> t = "中铁大桥局和中铁。锻造新时代产业工人。"
    >>> c = [Mention(0, 5, "中铁大桥局", "ORG", "chunk:org"), Mention(6, 8, "中铁", "ORG", "chunk:org"),
    ...      Mention(11, 14, "新时代", "ORG", "chunk:org")]
    >>> [m.text for m in drop_headless_orgs(t, c, r)]
    ['中铁大桥局', '中铁']
    >>> [m.text for m in drop_headless_orgs("中铁大桥局新能源", [Mention(0, 8, "中铁大桥局新能源", "ORG", "chunk:org")], r)]
    ['中铁大桥局']
    """
    heads = rules.heads["ORG"]
    min_count = rules.org.headless_min_count
    starts: dict[int, int] = {}
    for m in candidates:
        if m.label == "ORG":
            starts[m.start] = max(starts.get(m.start, 0), m.end)
    forms = sorted({m.text for m in candidates if m.label == "ORG"})
    org_spans = {(m.start, m.end) for m in candidates if m.label == "ORG"}
    counts: dict[str, int] = {}

    def page_count(name: str) -> int:  # text.count once per name: it reads the whole page
        if name not in counts:
            counts[name] = text.count(name)
        return counts[name]

    out = []
    for m in candidates:
        if m.label == "ORG" and m.source in {"chunk:org", "lac:ORG"} and not ends_with_head(m.text, heads) and m.text not in org_words:
            after = text[m.end:m.end + 6]
            # (the first words of a quoted name, 羊城 in “羊城骑手保”, are no body whatever vouches)
            opens_quote = m.start > 0 and text[m.start - 1] in "“‘" and text[m.end:m.end + 1] not in "”’"
            vouched = not opens_quote and (
                _has_longer_form(forms, m.text)
                or any(s == 0 for s, _, _ in rules.roles.finditer(after))
                or _listed_with_bodies(text, m, org_spans, rules.org.list_kinds)
                or page_count(m.text) >= min_count
            )
            if not vouched:
                # the part up to a head inside is a name of its own (重庆市北碚区职业教育中心|新能源)
                cut = next((k for k in range(len(m.text) - 1, 1, -1) if ends_with_head(m.text[:k], heads)), 0)
                if cut and m.text[:cut] not in rules.generic["ORG"]:
                    out.append(Mention(m.start, m.start + cut, m.text[:cut], m.label, m.source, m.article))
                continue
        out.append(m)
    return out


def drop_word_persons(candidates: Sequence[Mention], words: Sequence[Word], tags: Iterable[str]) -> list[Mention]:
    """Leave out two-character names read from context (``context:person``) that the tagger
    reads as one ordinary word (工人|素质 with 素质 a noun): a name it missed it cuts or tags
    otherwise.

    >>> ws = [Word(0, 2, "工人", "n"), Word(2, 4, "素质", "n")]
    >>> drop_word_persons([Mention(2, 4, "素质", "PERSON", "context:person")], ws, ["n"])
    []
    """
    tags = set(tags)
    plain = {(w.start, w.end) for w in words if w.tag in tags}
    return [m for m in candidates if not (m.source == "context:person" and m.end - m.start == 2 and (m.start, m.end) in plain)]


def drop_quoted_persons(text: str, candidates: Sequence[Mention]) -> list[Mention]:
    """Leave out person names written whole in quotation marks: news quotes the nickname of a
    service or a brand (“洪小工”智能客服, “郝大姐”调解工作法), not a person's name.

    >>> drop_quoted_persons("上线“洪小工”客服", [Mention(3, 6, "洪小工", "PERSON", "lac:PER")])
    []
    """
    return [m for m in candidates if not (m.label == "PERSON" and text[m.start - 1:m.start] in "“‘" and m.start > 0
                                          and text[m.end:m.end + 1] in "”’" and m.end < len(text))]
