"""Honour titles (全国劳动模范, 荆楚工匠)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...model import Mention
from ..settings import Rules

__all__ = ['award_mentions', 'qualified_awards']


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
        start = modified = _modifiers_start(text, m.start(), sec.modifiers)
        if start in place_end:
            start -= len(place_end[start])
        else:
            scope = next((s for s in scopes if text.endswith(s, 0, start)), None)
            if scope:
                start -= len(scope)
        if start == modified and m.group() in rules.generic["AWARD"]:
            start = m.start()  # (青年|工匠 with no scope names no honour)
        name = text[start:m.end()]
        if name in rules.generic["AWARD"] or (sec.compound_tails and text.startswith(sec.compound_tails, m.end())):
            # (技能大师|工作室: the title is a modifier of a compound)
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
    out += _counted_regional(text, rules)
    # the short form of a title right before a name (劳模马生龙): conferred, and named so
    for short in sec.short_forms:
        for p in persons:
            if text.endswith(short, 0, p.start) and p.start - len(short) not in place_end:
                out.append(Mention(p.start - len(short), p.start, short, "AWARD", "title:award"))
    return out


#: a count of holders: 12名, 三位
_COUNT = r"(?:\d+|[一二两三四五六七八九十百几多]+)[名位人]"


def _counted_regional(text: str, rules: Rules) -> list[Mention]:
    """A regional title counted in a list of honours (培养出全国技术能手5名、八桂工匠12名; 评出10名
    荆楚工匠): two characters of a region and a generic title (``award.regional_titles``) where a
    list item or clause starts, with a count of holders after it, or right after such a count.

    >>> r = Rules({"award": {"regional_titles": ["工匠"], "modifiers": ["青年"]}})
    >>> [m.text for m in _counted_regional("培养出技术能手5名、八桂工匠12名，评出10名荆楚工匠。有青年工匠3名、大学工匠", r)]
    ['八桂工匠', '荆楚工匠']
    """
    sec = rules.award
    if sec.counted_regional is None:
        return []
    not_regions = {*rules.chunk.never_start, *sec.modifiers, *sec.qualifiers, *sec.scopes}
    out = []
    for m in sec.counted_regional.finditer(text):
        item = text[m.start() - 1:m.start()] in "，、：；"
        counted_after = re.match(_COUNT, text[m.end():])
        counted_before = re.search(_COUNT + "$", text[max(0, m.start() - 6):m.start()])
        if (item and counted_after or counted_before and text[m.end():m.end() + 1] in "，。；、") \
                and m.group()[:2] not in not_regions:
            out.append(Mention(m.start(), m.end(), m.group(), "AWARD", "title:award"))
    return out


def _modifiers_start(text: str, pos: int, modifiers: Sequence[str]) -> int:
    """Where the honour's modifiers written right before ``pos`` start (湖北省|五一巾帼|标兵).

    >>> _modifiers_start("湖北省五一巾帼标兵", 7, ["五一", "巾帼"])
    3
    """
    moved = True
    while moved:
        moved = False
        for w in modifiers:
            if text.endswith(w, 0, pos):
                pos -= len(w)
                moved = True
                break
    return pos


def qualified_awards(text: str, rules: Rules, places: Iterable[Mention] = ()) -> list[Mention]:
    """Honour titles built from a qualifier and a title word (``award.qualifiers``,
    ``award.title_heads``): 优秀工会工作者, 模范职工之家, 先进集体, with the place or scope
    written right before them (海南省优秀工会工作者) or before a field of work written before the
    qualifier (全省|工会工作|先进单位). Up to ``award.max_between`` characters stand between the
    qualifier and the title word, and as many in such a field; a title with no scope or place is
    none.

    >>> r = Rules({"award": {"qualifiers": ["优秀"], "title_heads": ["工作者"], "scope": ["全国"]}})
    >>> [m.text for m in qualified_awards("表彰全国优秀工会工作者朱某", r)]
    ['全国优秀工会工作者']
    >>> r = Rules({"award": {"qualifiers": ["先进"], "title_heads": ["单位"], "scope": ["全省"]}})
    >>> [m.text for m in qualified_awards("表彰全省工会工作先进单位，", r)]
    ['全省工会工作先进单位']
    """
    sec = rules.award
    pattern = sec.qualified
    if pattern is None:
        return []
    place_end = {}
    for p in places:
        if p.end - p.start > len(place_end.get(p.end, "")):
            place_end[p.end] = p.text
    out = []
    bodies = sec.honoured_body.finditer(text) if sec.honoured_body is not None else ()
    for m in [*pattern.finditer(text), *bodies]:
        start = _scope_start(text, m.start(), sec, place_end)
        if start is None:
            # (全省|工会工作|先进单位: a field of work between the scope and the qualifier)
            start = next((s for k in range(2, sec.max_between + 1) if _FIELD.fullmatch(text, m.start() - k, m.start())
                          and (s := _scope_start(text, m.start() - k, sec, place_end)) is not None), None)
        if start is not None:
            out.append(Mention(start, m.end(), text[start:m.end()], "AWARD", "title:award"))
    out += _field_titles(text, sec, place_end)
    return out


#: the characters of a field of work inside an honour's name: no function word, no pause
_FIELD = re.compile(r"(?:(?![的与及和在为是等])[\u4e00-\u9fff])+")


def _scope_start(text: str, pos: int, sec, place_end: dict[int, str]) -> int | None:
    """Where the place or scope written right before ``pos`` starts, or None."""
    if pos in place_end:
        return pos - len(place_end[pos])
    scope = next((s for s in sec.scopes if text.endswith(s, 0, pos)), None)
    return pos - len(scope) if scope else None


def _field_titles(text: str, sec, place_end: dict[int, str]) -> list[Mention]:
    """Honours of a post or unit in a field of work (全国|职工书屋|示范点, 青山省|女职工建功立业|示范岗):
    one of ``award.field_titles`` after two to ``award.max_between`` characters of the field, with
    the nearest scope or place before them.

    >>> from kg.ner.settings import Rules
    >>> r = Rules({"award": {"field_titles": ["示范点"], "scope": ["全国"], "max_between": 6}})
    >>> [m.text for m in _field_titles("建成全国职工书屋示范点186家，建成职工书屋示范点", r.award, {})]
    ['全国职工书屋示范点']
    """
    if not sec.field_titles:
        return []
    out = []
    for m in sec.field_title.finditer(text):
        for k in range(m.start() - 2, max(-1, m.start() - sec.max_between - 1), -1):
            if not re.fullmatch(r"[\u4e00-\u9fff]+", text[k:m.start()]) or re.search("[的和与及在为是等]", text[k:m.start()]):
                break
            scope = place_end.get(k) or next((s for s in sec.scopes if text.endswith(s, 0, k)), None)
            if scope and text[k] != "级":
                # (省|级…示范企业 is a level of designation, no honour's name)
                out.append(Mention(k - len(scope), m.end(), text[k - len(scope):m.end()], "AWARD", "title:award"))
                break
    return out

