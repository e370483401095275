"""Organisations named by convention: union abbreviations (市总) and numbered units (炼油四部)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...model import Mention
from ..heads import ends_with_head
from ..settings import Rules
from ..words import Word

__all__ = ['abbreviation_mentions', 'numbered_units', 'split_glued', 'listed_bodies']


def abbreviation_mentions(text: str, rules: Rules, places: Iterable[Mention] = ()) -> list[Mention]:
    """Standard union abbreviations (市总, 省总 ...), alone or with their place (深圳市总)."""
    org = rules.org
    not_before = org.abbrev_not_before
    place_end = {}
    for p in places:
        if p.end - p.start > place_end.get(p.end, (0, 0))[1] - place_end.get(p.end, (0, 0))[0]:
            place_end[p.end] = (p.start, p.end)
    out = []
    for short in org.abbreviations_longest_first:
        for m in re.finditer(re.escape(short), text):
            after = text[m.end():m.end() + 2]
            if any(after.startswith(x) for x in not_before):
                continue
            start = m.start()
            # 深圳市总: the place ends on the level character the abbreviation starts with
            if m.start() + 1 in place_end:
                start = place_end[m.start() + 1][0]
            elif m.start() in place_end:
                continue
            out.append(Mention(start, m.end(), text[start:m.end()], "ORG", "abbrev:union"))
    return out


def numbered_units(text: str, words: Sequence[Word], rules: Rules) -> list[Mention]:
    """A numbered unit right after an organisation the tagger names: 广州石化|炼油|四部,
    X公司|第二|车间. The unit heads (``org.numbered_units``) follow an ordinal; up to
    ``org.numbered_unit_gap`` characters of field between them (炼油).

    >>> r = Rules({"org": {"numbered_units": ["部", "车间"], "numbered_unit_gap": 4}})
    >>> ws = [Word(0, 4, "临江石化", "ORG"), Word(4, 6, "炼油", "v"), Word(6, 8, "四部", "m"), Word(8, 10, "班长", "n")]
    >>> [m.text for m in numbered_units("临江石化炼油四部班长", ws, r)]
    ['临江石化炼油四部']
    >>> r = Rules({"org": {"numbered_units": ["部"], "numbered_unit_not_before": "门"}})
    >>> [m.text for m in numbered_units("临江市总工会等八部门", [Word(0, 6, "临江市总工会", "ORG")], r)]
    []
    """
    unit_re = rules.org.numbered_unit
    if unit_re is None:
        return []
    out = []
    for w in words:
        if w.tag != "ORG":
            continue
        m = unit_re.match(text, w.end)
        if m:
            out.append(Mention(w.start, m.end(), text[w.start:m.end()], "ORG", "chunk:unit"))
    return out


def with_legal_form(m: Mention, text: str, rules: Rules) -> Mention:
    """``m`` with the bracketed legal form (``org.bracketed_form``) written right after it, if
    there is one (内蒙古电力|（集团）有限责任公司: the tagger cuts it off as punctuation).

    >>> r = Rules({"org": {"bracketed_form": "[（(]集团[）)]有限(?:责任)?公司"}})
    >>> with_legal_form(Mention(0, 4, "临江电力", "ORG", "chunk:org"), "临江电力（集团）有限责任公司工程师", r).text
    '临江电力（集团）有限责任公司'
    """
    form = rules.org.bracketed.match(text, m.end) if rules.org.bracketed is not None else None
    if form is None:
        return m
    return Mention(m.start, form.end(), text[m.start:form.end()], m.label, m.source, m.article)


def split_glued(m: Mention, rules: Rules) -> list[Mention]:
    """An organisation the tagger or the chunker glued to the next one over a word of acting
    together (江西省总工会联合省司法厅) is two organisations, when both parts end in a head; such a
    word glued to its front (联合省人社厅) is no part of it.

    >>> r = Rules({"org": {"heads": ["总工会", "厅"]}, "chunk": {"glued_tails": ["联合"]}})
    >>> [x.text for x in split_glued(Mention(0, 11, "临江省总工会联合省司法厅", "ORG", "lac:ORG"), r)]
    ['临江省总工会', '省司法厅']
    >>> [x.text for x in split_glued(Mention(0, 6, "联合省司法厅", "ORG", "lac:ORG"), r)]
    ['省司法厅']
    """
    heads = rules.heads["ORG"]
    lead = next((g for g in rules.chunk.glued_tails if m.text.startswith(g) and len(g) > 1), None)
    if lead and len(m.text) - len(lead) >= 3 and ends_with_head(m.text, heads):
        # (联合|省人社厅: the word that joins it to the subject before, glued to its front)
        return split_glued(Mention(m.start + len(lead), m.end, m.text[len(lead):], m.label, m.source, m.article), rules)
    for glue in rules.chunk.glued_tails:
        k = m.text.find(glue, 2)
        rest = m.text[k + len(glue):] if k > 0 else ""
        if k > 0 and len(rest) >= 2 and ends_with_head(m.text[:k], heads) and ends_with_head(rest, heads):
            a, b = m.start + k, m.start + k + len(glue)
            return [Mention(m.start, a, m.text[:k], m.label, m.source, m.article), Mention(b, m.end, rest, m.label, m.source, m.article)]
    return [m]



def listed_bodies(text: str, rules: Rules, candidates: Sequence[Mention]) -> list[Mention]:
    """The items of a list that 等 and a kind of body close (美团、饿了么、滴滴出行等平台企业):
    when one item is an organisation already, the others are organisations too, even with no
    head (guidelines: companies are organisations). An item that ends with a kind word itself
    (国有企业、民营企业等) names a sort of body, and the first item starts at a pause or where an
    organisation candidate starts.

    >>> r = Rules({"org": {"list_kinds": ["平台企业", "企业"]}})
    >>> c = [Mention(2, 4, "美团", "ORG", "lac:ORG")]
    >>> [m.text for m in listed_bodies("联合美团、饿了么、货拉拉等平台企业开展", r, c)]
    ['饿了么', '货拉拉']
    """
    kinds = rules.org.list_kinds
    if not kinds:
        return []
    orgs = {(c.start, c.end) for c in candidates if c.label == "ORG"}
    starts = {c.end: c.start for c in candidates if c.label == "ORG"}
    taken = [(c.start, c.end) for c in candidates]
    pattern = re.compile(r"((?:[\u4e00-\u9fffA-Za-z0-9]{1,12}、)+[\u4e00-\u9fffA-Za-z0-9]{2,8})等(?:\d+|[一二三四五六七八九十几多]+)?[家个]?(?:%s)"
                         % "|".join(map(re.escape, sorted(kinds, key=len, reverse=True))))
    out = []
    for m in pattern.finditer(text):
        items, pos = [], m.start(1)
        for k, part in enumerate(m.group(1).split("、")):
            start, end = pos, pos + len(part)
            pos = end + 1
            if k == 0:
                # (the first item: where an organisation starts, else the whole part)
                start = starts.get(end, start)
            items.append((start, end))
        if not any(item in orgs for item in items):
            continue
        for start, end in items:
            name = text[start:end]
            if (start, end) in orgs or not 2 <= len(name) <= 8 or name.endswith(tuple(kinds)) or name in rules.generic["ORG"] \
                    or any(a < end and start < b for a, b in taken):
                continue
            out.append(Mention(start, end, name, "ORG", "listed:org"))
    return out


def shared_heads(text: str, rules: Rules, candidates: Sequence[Mention], places: Sequence[Mention]) -> list[Mention]:
    """Places of one level listed before a body that names the last of them with a head
    (西安市、宝鸡市总工会): each place before is that body of its own place. The mention spans the
    place, its source ``shared:HEAD`` (the canonical stage adds the head).

    >>> from kg.ner.settings import Rules
    >>> ps = [Mention(0, 3, "西安市", "PLACE", "gazetteer"), Mention(4, 7, "宝鸡市", "PLACE", "gazetteer")]
    >>> c = [Mention(4, 10, "宝鸡市总工会", "ORG", "chunk:org")]
    >>> [(m.text, m.source) for m in shared_heads("西安市、宝鸡市总工会要", Rules({"org": {"heads": ["总工会"]}}), c, ps)]
    [('西安市', 'shared:总工会')]
    """
    at = {p.start: p for p in places if p.source == "gazetteer"}
    ends = {p.end: p for p in places if p.source == "gazetteer"}
    out = []
    for c in candidates:
        place = at.get(c.start)
        if c.label != "ORG" or place is None or place.end >= c.end or not ends_with_head(c.text, rules.heads["ORG"]):
            continue
        head = c.text[len(place.text):]
        k = c.start
        while text[k - 1:k] == "、" and (before := ends.get(k - 1)) is not None and before.text[-1] == place.text[-1]:
            # (the same level: 市、市; a province before a city names no body)
            out.append(Mention(before.start, before.end, before.text, "ORG", "shared:" + head))
            k = before.start
    return out
