"""Mentions -> entities: one canonical name per thing per document.

What :func:`build_entities` does, in order:

1. strips layout noise (spaces, quote marks) from each surface form;
2. finds each article's region (its province, prefecture and county) from the places it names;
3. restores a region prefix the text leaves out (省总工会 in a Yunnan article is 云南省总工会,
   市总 is 市总工会) and gives gazetteer places their full administrative name;
4. merges forms of one thing: a name and the same name with larger places before it
   (武汉市总工会, 湖北省武汉市总工会), and a short form that abbreviates a longer one of the
   same label on the page (产改, 产业工人队伍建设改革), the longer becoming the name;
5. gives one label per name on the page.

The places and parents named inside a name (the places of 云南省总工会, the parent of
全国总工会网络工作部) come as mentions from :func:`kg.ner.nested.nested_mentions`, so that
they are entities too."""
from __future__ import annotations

import functools
import itertools
import re
from collections import Counter, defaultdict
from typing import Sequence

from ..model import Entity, Mention
from ..ner.lexicon import Gazetteer
from .names import Conventions, canonical_name, core_name, org_type, squash, without_province
from .regions import Region

__all__ = ['abbreviates', 'build_entities']


def abbreviates(short: str, long: str) -> bool:
    """True when ``short`` abbreviates ``long``: it shares the first character and keeps the
    order of the characters it takes, leaving out at least two separate pieces (产改 /
    产业工人队伍建设改革, 职教集团 / 职业教育集团). One piece left out is no abbreviation but
    another name (青山省总工会 / 青山省临江市总工会).

    >>> abbreviates("职教集团", "职业教育集团"), abbreviates("省总工会", "省委总工会")
    (True, False)
    >>> abbreviates("临江省工会", "临江省总工会第六届委员会"), abbreviates("产改", "产业工人队伍建设改革")
    (False, True)
    """
    if len(short) >= len(long) or len(short) < 2 or short[0] != long[0]:
        return False
    gaps, i, in_gap, tail = 0, 0, False, 0
    for c in long:
        if i < len(short) and c == short[i]:
            i += 1
            in_gap, tail = False, 0
        else:
            gaps += not in_gap
            in_gap, tail = True, tail + 1
    # (the head stays: a short form that leaves the tail of a name out, 海南省工会 beside
    # 海南省总工会第六届委员会, is no abbreviation of it)
    return i == len(short) and gaps >= 2 and tail <= 1


def build_entities(mentions: Sequence[Mention], regions: dict[str, Region], gazetteer: Gazetteer, conv: Conventions = Conventions()) -> list[Entity]:
    """Entities of one document from its resolved (and nested) mentions."""
    named = []
    for m in mentions:
        name, props = canonical_name(m, regions.get(m.article), gazetteer, conv)
        site = m.label == "PLACE" and bool(conv.whole_site_heads) and name.endswith(conv.whole_site_heads)
        if m.label == "PLACE" and not props and not site or m.label == "ORG" and not name.endswith(conv.full_form_heads):
            # a named site, company or school drops the province written before its city
            # (福建省福州市工人文化宫 is 福州市工人文化宫); unions and government bodies keep
            # their full form (湖北省武汉市总工会), and so do service points and project sites
            name = without_province(name, gazetteer)
        if len(name) < 2:
            continue
        named.append((m, name, props))

    # one label per name: the label its strongest mentions give it
    # (on a tie, the label of the first mention: the text introduces a thing before it refers to it)
    votes: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for m, name, _ in named:
        votes[name][m.label] += 3 if m.source.startswith(("quote:", "title:", "byline")) else 1
        first[name][m.label] = min(first[name].get(m.label, m.start), m.start)
    label_of = {name: max(sorted(c), key=lambda lab: (c[lab], -first[name][lab])) for name, c in votes.items()}

    entities: dict[tuple[str, str], Entity] = {}
    for m, name, props in named:
        label = label_of[name]
        e = entities.setdefault((label, name), Entity(label, name))
        if not m.source.startswith("shared:"):
            # (a place that shares a body's head with the next one is no form of the body)
            e.aliases.add(squash(m.text))
        e.aliases.add(name)
        quoted = re.match(r"^[“‘「『\"](.+?)[”’」』\"]", m.text) if m.source.startswith("quote:") else None
        if quoted:
            e.aliases.add(squash(quoted.group(1)))
        e.mentions.append(m)
        e.props.update(props)

    edition = re.compile(conv.edition)
    # one thing under longer and shorter forms: larger places before it (湖北省武汉市总工会,
    # 武汉市总工会), or an event's edition mark (长沙市首届职工运动会, 长沙市职工运动会)
    _merge(entities, lambda e: (e.label, edition.sub("", core_name(e.name, gazetteer)) if e.label == "EVENT" else core_name(e.name, gazetteer)) if e.label in {"ORG", "EVENT", "PROGRAMME"} else None)
    _merge_abbreviations(entities, edition, gazetteer)
    _merge_category_tails(entities, conv.category_tails)
    _merge_quoted_kinds(entities)
    _merge_quoted_descriptions(entities)
    _merge_appositions(entities, conv.apposition_kinds)
    # a plenary session under its full and its short name (…第七届委员会第一次会议, 省总七届一次全委会)
    _merge(entities, lambda e: ("EVENT", key) if e.label == "EVENT" and (key := plenary_key(e.name)) else None)
    for e in entities.values():
        if e.label == "ORG":
            kind = org_type(e.name, conv.org_types)
            if kind:
                e.props["org_type"] = kind
    return sorted(entities.values(), key=lambda e: (e.label, e.name))


_PLENARY = re.compile(r"第?([一二三四五六七八九十]+)届(?:委员会|执委会)?第?([一二三四五六七八九十]+)次(?:全委|全体|执委)?(?:（扩大）)?(?:会议|会)$")


def plenary_key(name: str) -> tuple[str, str] | None:
    """The term and the session of a plenary meeting of a body's committee, however written.

    >>> plenary_key("海南省工会第七届委员会第一次会议"), plenary_key("省总七届一次全委会")
    (('七', '一'), ('七', '一'))
    >>> plenary_key("第七次代表大会") is None
    True
    """
    m = _PLENARY.search(name)
    return (m.group(1), m.group(2)) if m else None


def _merge(entities: dict, key_of) -> None:
    groups = defaultdict(list)
    for k, e in entities.items():
        key = key_of(e)
        if key is not None:
            groups[key].append(k)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        keep = max(keys, key=lambda k: (len(k[1]), k[1]))
        for k in keys:
            if k != keep:
                _absorb(entities, keep, k)


def _merge_category_tails(entities: dict, tails: Sequence[str]) -> None:
    """A programme named as another programme and a word of its kind (鄂工惠平台 beside 鄂工惠,
    X服务卡 beside X) is that programme, under the shorter name."""
    longest_first = sorted(tails, key=len, reverse=True)
    for k in sorted(entities):
        if k[0] != "PROGRAMME" or k not in entities:
            continue
        tail = next((t for t in longest_first if k[1].endswith(t) and len(k[1]) - len(t) >= 2), None)
        if tail and ("PROGRAMME", k[1][:-len(tail)]) in entities:
            _absorb(entities, ("PROGRAMME", k[1][:-len(tail)]), k)


def _merge_quoted_kinds(entities: dict) -> None:
    """A programme or event written as its quoted brand and a description (“技能贵州”职工技能
    提升行动) is the one the page also names by the description alone (职工技能提升行动, in a
    headline), under the full name."""
    for k in sorted(entities):
        if k not in entities or k[0] not in {"PROGRAMME", "EVENT"}:
            continue
        for m in entities[k].mentions:
            quoted = re.match(r"^[“‘](.+?)[”’](.{4,})$", m.text) if m.source.startswith("quote:") else None
            if quoted and (k[0], quoted.group(2)) in entities and (k[0], quoted.group(2)) != k:
                _absorb(entities, k, (k[0], quoted.group(2)))
                break


def _merge_quoted_descriptions(entities: dict) -> None:
    """A quoted name with a head (“X”专项行动, in a headline) and the same quoted name with a
    longer description ending in that head (“X”法律援助专项行动) are one, under the longer name;
    so are the two where what stands before the quote in the shorter one (an edition: 第二届“X”
    技能大赛) ends what stands before it in the longer one (陕西省第二届“X”职工职业技能大赛)."""
    tails: dict[tuple[str, str], dict[tuple[str, str], tuple]] = defaultdict(dict)
    for k in sorted(entities):
        if k[0] not in {"PROGRAMME", "EVENT"}:
            continue
        for m in entities[k].mentions:
            quoted = re.match(r"^([^“‘]*)[“‘](.+?)[”’](.{2,})$", m.text) if m.source.startswith("quote:") else None
            if quoted:
                tails[(k[0], squash(quoted.group(2)))].setdefault((squash(quoted.group(1)), squash(quoted.group(3))), k)
    for found in tails.values():
        for short, long in itertools.combinations(sorted(found, key=lambda f: (len(f[0]) + len(f[1]), f)), 2):
            a, b = found[long], found[short]
            if long[0].endswith(short[0]) and long[1].endswith(short[1]) and a != b and a in entities and b in entities:
                _absorb(entities, a, b)


def _merge_appositions(entities: dict, kinds: Sequence[str]) -> None:
    """A description of a programme's kind written right before its quoted name (江苏工会会员服务
    平台“苏工惠”) is that programme: the quoted one keeps its name, the description is an alias."""
    if not kinds:
        return
    quoted_at = {m.start: k for k, e in entities.items() if k[0] == "PROGRAMME"
                 for m in e.mentions if m.source.startswith("quote:") and m.text[:1] in "“‘"}
    for k in sorted(entities):
        if k not in entities or k[0] != "PROGRAMME":
            continue
        keep = next((quoted_at[m.end] for m in entities[k].mentions if m.end in quoted_at and not m.source.startswith("quote:")
                     and m.text.endswith(tuple(kinds))), None)
        if keep is not None and keep != k and keep in entities:
            _absorb(entities, keep, k)


def _absorb(entities: dict, keep, other) -> None:
    a, b = entities[keep], entities.pop(other)
    a.aliases |= b.aliases
    a.mentions += b.mentions
    for k, v in b.props.items():
        a.props.setdefault(k, v)


def _committee(name: str) -> str:
    """The name as its abbreviations end it: a committee (委员会) is a 委.

    >>> _committee("贵州省政协社会与法制委员会")
    '贵州省政协社会与法制委'
    """
    return name[:-2] if name.endswith("委员会") else name


def _merge_abbreviations(entities: dict, edition: re.Pattern | None = None, gazetteer: Gazetteer | None = None) -> None:
    """Merge a short form into the one longer name of its label it abbreviates. The two must
    end alike (麒麟职教集团, 麒麟职业教育集团), except for two-character programme names
    (产改) and honours, whose short forms drop words inside (全国劳模, 全国劳动模范). Bodies
    are compared after their places (:func:`core_name`): a city's union abbreviates none of its
    districts' (福州市总工会, 福建省福州市晋安区总工会)."""
    # (once per name: the test below runs for every pair of names of a label)
    core = functools.cache(lambda name: core_name(name, gazetteer)) if gazetteer is not None else (lambda name: name)
    for label in ("PROGRAMME", "ORG", "EVENT", "AWARD"):
        keys = sorted((k for k in sorted(entities) if k[0] == label), key=lambda k: len(k[1]))
        for k in keys:
            if k not in entities:
                continue
            # (a committee's short name ends in 委: 社法委 for 社会与法制委员会)
            short = core(k[1]) if label == "ORG" else k[1]
            candidates = sorted(o for o in entities if o[0] == label
                                and abbreviates(short, core(_committee(o[1])) if label == "ORG" else _committee(o[1])))
            if label in {"PROGRAMME", "EVENT"} and edition is not None:
                # a competition's headline form (武汉家政服务业技能竞赛) abbreviates its dated
                # edition (2023年武汉市家政服务业职业技能竞赛)
                candidates += sorted(o for o in entities if o[0] == "EVENT" and abbreviates(k[1], edition.sub("", o[1])) and o[1][-2:] == k[1][-2:])
            # (a name both lists find is one candidate)
            candidates = sorted(set(candidates))
            longer = [o for o in candidates if _committee(o[1])[-1] == k[1][-1]]
            if label == "PROGRAMME" and len(k[1]) == 2 or label == "AWARD":
                longer = candidates
            if len(longer) == 1:
                _absorb(entities, longer[0], k)
