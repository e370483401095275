"""Mentions -> entities: one canonical name per thing per document.

What it does, in order:

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
they are entities too.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .model import ADMIN_LEVELS, Article, Entity, Mention
from .ner.lexicon import Gazetteer

__all__ = [
    "Conventions",
    "squash",
    "Region",
    "article_regions",
    "canonical_name",
    "build_entities",
    "propagate_mentions",
    "org_type",
    "written_name",
]

_NOISE = re.compile(r"[\s“”\"'‘’「」『』]")
#: the level a bare level character stands for in an abbreviated name (省总工会, 市委, 区总工会)
LEVEL_CHARS = {"省": 1, "市": 2, "州": 2, "区": 3, "县": 3}
#: what a bare level character may stand before as a whole name (省委, 市委, 省总)
BARE_BODIES = {"委", "总", "府"}
#: 全省 / 全市 … at the start of a name: the whole region of that level
WHOLE_REGION = {"全省": 1, "全市": 2, "全州": 2, "全区": 3, "全县": 3}


def squash(name: str) -> str:
    """Name without spaces and quote marks.

    >>> squash("“产 改”")
    '产改'
    """
    return _NOISE.sub("", name or "")


@dataclass(frozen=True)
class Conventions:
    """The naming conventions read from ``pipelines/ner.toml``.

    ``abbreviations``: union abbreviations (市总 -> 市总工会); ``level_words``: ordinary words
    that begin with a level character (市场); ``category_tails``: words after a quoted name
    that are not part of it (“安康杯”竞赛 is 安康杯).
    """

    abbreviations: dict = field(default_factory=dict)
    level_words: dict = field(default_factory=dict)
    category_tails: tuple = ()
    full_form_heads: tuple = ()
    org_types: tuple = ()
    edition: str = r"(?!x)x"


@dataclass
class Region:
    """The divisions an article is about, by level (1 province, 2 prefecture, 3 county)."""

    by_level: dict[int, str] = field(default_factory=dict)

    def name(self, level: int, gazetteer: Gazetteer) -> str | None:
        code = self.by_level.get(level)
        return gazetteer.by_code[code].name if code else None


def _place_codes(form: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    return gazetteer.forms.get(form, ())


def _disambiguate(codes: Sequence[str], region: Region | None, gazetteer: Gazetteer) -> str | None:
    """Pick one division among those a form may denote: the one inside the article's region,
    else the highest-level one if it is the only one at that level."""
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0]
    if region:
        inside = [c for c in codes if any(d.code in region.by_level.values() for d in gazetteer.path(c)[1:])]
        if len(inside) == 1:
            return inside[0]
        same = [c for c in codes if c in region.by_level.values()]
        if len(same) == 1:
            return same[0]
    top = min(gazetteer.by_code[c].level for c in codes)
    tops = [c for c in codes if gazetteer.by_code[c].level == top]
    return tops[0] if len(tops) == 1 else None


def article_regions(articles: Sequence[Article], places: Iterable[Mention], gazetteer: Gazetteer) -> dict[str, Region]:
    """Each article's region: for each level, the division its place mentions name most
    (first mention breaks ties), filled upwards through the gazetteer's parents."""
    counts: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for m in places:
        codes = _place_codes(m.text, gazetteer)
        if len(codes) != 1:
            continue
        counts[m.article][codes[0]] += 1
        first[m.article].setdefault(codes[0], m.start)
    regions = {}
    for a in articles:
        region = Region()
        ranked = sorted(counts[a.id], key=lambda c: (-counts[a.id][c], first[a.id][c]))
        for code in ranked:
            d = gazetteer.by_code[code]
            if 1 <= d.level <= 3 and d.level not in region.by_level:
                # a lower division only counts when it lies in the province already chosen
                path = gazetteer.path(code)
                if region.by_level and not any(p.code in region.by_level.values() for p in path[1:]) and any(
                    lvl < d.level for lvl in region.by_level
                ):
                    continue
                region.by_level[d.level] = code
                for p in path[1:]:
                    region.by_level.setdefault(p.level, p.code)
        regions[a.id] = region
    return regions


def canonical_name(mention: Mention, region: Region | None, gazetteer: Gazetteer, conv: Conventions = Conventions()) -> tuple[str, dict[str, str]]:
    """Canonical name of one mention and the properties it brings (division code, level).

    >>> from kg.ner.lexicon import Division
    >>> g = Gazetteer(); g.add(Division("530000", "云南省", 1), ["云南"])
    >>> r = Region({1: "530000"})
    >>> canonical_name(Mention(0, 4, "省总工会", "ORG", "x"), r, g)[0]
    '云南省总工会'
    >>> canonical_name(Mention(0, 2, "云南", "PLACE", "x"), r, g)[0]
    '云南省'
    >>> canonical_name(Mention(0, 7, "“安康杯”竞赛", "PROGRAMME", "quote:programme"), r, g, Conventions(category_tails=("竞赛",)))[0]
    '安康杯'
    """
    name = squash(mention.text)
    abbreviations, level_words = conv.abbreviations, conv.level_words
    props: dict[str, str] = {}
    if mention.source.startswith("distributive:"):
        head = mention.source.split(":", 1)[1]
        # the item may already end with the start of the head (职工素质提升 + 提升工程)
        k = next((k for k in range(len(head), 0, -1) if name.endswith(head[:k])), 0)
        return name + head[k:], props
    if mention.source.startswith("quote:"):
        quoted = re.match(r"^[“‘「『\"](.+?)[”’」』\"](.*)$", mention.text)
        if quoted and quoted.group(2) in conv.category_tails:
            return squash(quoted.group(1)), props
    if mention.label == "PLACE":
        code = _disambiguate(_place_codes(name, gazetteer), region, gazetteer)
        if code:
            d = gazetteer.by_code[code]
            name = d.name
            if not code.startswith("iso:"):
                props["division_code"] = code
            props["admin_level"] = ADMIN_LEVELS.get(d.level, "")
        return name, props
    if mention.source.startswith("book:"):
        # a title in book-title marks is quoted as published (《全省工会组织…若干措施》)
        return name, props
    if mention.label in {"ORG", "PROGRAMME", "EVENT"} and region and name[:2] in WHOLE_REGION:
        # 全省职工职业技能大赛 in a Yunnan article is 云南省职工职业技能大赛
        place = region.name(WHOLE_REGION[name[:2]], gazetteer)
        if place:
            name = place + name[2:]
    if mention.label == "ORG":
        for short in sorted(abbreviations, key=len, reverse=True):
            if name.endswith(short):
                name = name[: -len(short)] + abbreviations[short]
                break
        level = LEVEL_CHARS.get(name[:1])
        if level and region and (len(name) > 2 or name[1:] in BARE_BODIES) and not _starts_with_place(name, gazetteer):
            # a name that begins with a bare level character leaves its region out; where the
            # character starts an ordinary word (市场监管局), the whole name follows the region
            word_level = level_words.get(name[:2])
            if word_level:
                place = region.name(word_level, gazetteer)
                if place:
                    name = place + name
            else:
                place = region.name(level, gazetteer)
                if place and place.endswith(name[0]):
                    name = place + name[1:]
                elif place and name[0] == "州" and "州" in place:
                    name = place + name[1:]
    return name, props


def _starts_with_place(name: str, gazetteer: Gazetteer) -> bool:
    return any(name.startswith(form) for form in (name[:k] for k in range(2, min(len(name), 12))) if form in gazetteer.forms)


def _without_province(name: str, gazetteer: Gazetteer) -> str:
    """The name without the larger places written before a smaller one: a province (or
    country) always, a prefecture or county when the next place is written in full.
    福建省福州市工人文化宫 -> 福州市工人文化宫; 甘孜藏族自治州康定市汽车服务园区 ->
    康定市汽车服务园区; 昆明西山森林公园 keeps 昆明 (西山 is a short form)."""
    while True:
        form = next((name[:k] for k in range(len(name) - 1, 1, -1) if name[:k] in gazetteer.forms), None)
        if form is None:
            return name
        rest = name[len(form):]
        following = next((rest[:k] for k in range(min(len(rest), 12), 1, -1) if rest[:k] in gazetteer.forms), None)
        if following is None:
            return name
        level = min(gazetteer.by_code[c].level for c in gazetteer.forms[form])
        in_full = any(gazetteer.by_code[c].name == following for c in gazetteer.forms[following])
        if level > 1 and not in_full:
            return name
        name = rest


def _core(name: str, gazetteer: Gazetteer) -> str:
    """The name with all but the last of its leading places removed: 湖北省武汉市总工会 and
    武汉市总工会 share the core 武汉市总工会."""
    places = []
    pos = 0
    while True:
        forms = [name[pos:k] for k in range(len(name) - 1, pos + 1, -1) if name[pos:k] in gazetteer.forms]
        if not forms:
            break
        places.append(pos)
        pos += len(forms[0])
    if len(places) >= 2:
        return name[places[-1]:]
    return name


def org_type(name: str, types: Sequence[dict]) -> str | None:
    """The subtype an organisation's name makes certain, by the first matching row.

    >>> org_type("云南省总工会", [{"type": "trade_union", "endswith": ["工会"]}])
    'trade_union'
    """
    for row in types:
        if any(part in name for part in row.get("contains", ())) or name.endswith(tuple(row.get("endswith", ()))):
            return row["type"]
    return None


def _abbreviates(short: str, long: str) -> bool:
    """True when ``short`` abbreviates ``long``: it shares the first character and keeps the
    order of the characters it takes, leaving out at least two separate pieces (产改 /
    产业工人队伍建设改革, 职教集团 / 职业教育集团). One piece left out is no abbreviation but
    another name (青山省总工会 / 青山省临江市总工会).

    >>> _abbreviates("职教集团", "职业教育集团"), _abbreviates("省总工会", "省委总工会")
    (True, False)
    """
    if len(short) >= len(long) or len(short) < 2 or short[0] != long[0]:
        return False
    gaps, i, in_gap = 0, 0, False
    for c in long:
        if i < len(short) and c == short[i]:
            i += 1
            in_gap = False
        elif not in_gap:
            gaps += 1
            in_gap = True
    return i == len(short) and gaps >= 2


def build_entities(mentions: Sequence[Mention], regions: dict[str, Region], gazetteer: Gazetteer, conv: Conventions = Conventions()) -> list[Entity]:
    """Entities of one document from its resolved (and nested) mentions."""
    named = []
    for m in mentions:
        name, props = canonical_name(m, regions.get(m.article), gazetteer, conv)
        if m.label == "PLACE" and not props or m.label == "ORG" and not name.endswith(conv.full_form_heads):
            # a named site, company or school drops the province written before its city
            # (福建省福州市工人文化宫 is 福州市工人文化宫); unions and government bodies keep
            # their full form (湖北省武汉市总工会)
            name = _without_province(name, gazetteer)
        if len(name) < 2:
            continue
        named.append((m, name, props))

    # one label per name: the label its strongest mentions give it
    votes: dict[str, Counter] = defaultdict(Counter)
    for m, name, _ in named:
        votes[name][m.label] += 3 if m.source.startswith(("quote:", "title:", "byline")) else 1
    label_of = {name: max(sorted(c), key=lambda lab: c[lab]) for name, c in votes.items()}

    entities: dict[tuple[str, str], Entity] = {}
    for m, name, props in named:
        label = label_of[name]
        e = entities.setdefault((label, name), Entity(label, name))
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
    _merge(entities, lambda e: (e.label, edition.sub("", _core(e.name, gazetteer)) if e.label == "EVENT" else _core(e.name, gazetteer)) if e.label in {"ORG", "EVENT", "PROGRAMME"} else None)
    _merge_abbreviations(entities, edition)
    for e in entities.values():
        if e.label == "ORG":
            kind = org_type(e.name, conv.org_types)
            if kind:
                e.props["org_type"] = kind
    return sorted(entities.values(), key=lambda e: (e.label, e.name))


def written_name(entity: Entity) -> str:
    """The name a page's extract gives ``entity``: its canonical name, except for a gazetteer
    place the page never writes in full, which keeps the form the page writes most (ties: the
    longer, then the first in code-point order). The graph still keys the place by its full
    name; an extract records what its page says, and the full name stays among the aliases.

    >>> from kg.model import Mention
    >>> m = lambda text: Mention(0, len(text), text, "PLACE", "x")
    >>> written_name(Entity("PLACE", "南宁市", {"南宁", "南宁市"}, [m("南宁")], {"admin_level": "prefecture"}))
    '南宁'
    >>> written_name(Entity("PLACE", "云南省", {"云南", "云南省"}, [m("云南"), m("云南省")], {"admin_level": "province"}))
    '云南省'
    >>> written_name(Entity("PLACE", "黄河流域", {"黄河流域"}, [m("黄河流域")]))
    '黄河流域'
    """
    if entity.label != "PLACE" or "admin_level" not in entity.props:
        return entity.name
    forms = Counter(squash(m.text) for m in entity.mentions if m.text)
    if not forms or entity.name in forms:
        return entity.name
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


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


def _absorb(entities: dict, keep, other) -> None:
    a, b = entities[keep], entities.pop(other)
    a.aliases |= b.aliases
    a.mentions += b.mentions
    for k, v in b.props.items():
        a.props.setdefault(k, v)


def _merge_abbreviations(entities: dict, edition: re.Pattern | None = None) -> None:
    """Merge a short form into the one longer name of its label it abbreviates. The two must
    end alike (麒麟职教集团, 麒麟职业教育集团), except for two-character programme names
    (产改) and honours, whose short forms drop words inside (全国劳模, 全国劳动模范)."""
    for label in ("PROGRAMME", "ORG", "EVENT", "AWARD"):
        keys = sorted((k for k in sorted(entities) if k[0] == label), key=lambda k: len(k[1]))
        for k in keys:
            if k not in entities:
                continue
            candidates = sorted(o for o in entities if o[0] == label and _abbreviates(k[1], o[1]))
            if label == "PROGRAMME" and edition is not None:
                # a competition's headline form (武汉家政服务业技能竞赛) abbreviates its dated
                # edition (2023年武汉市家政服务业职业技能竞赛)
                candidates += sorted(o for o in entities if o[0] == "EVENT" and _abbreviates(k[1], edition.sub("", o[1])) and o[1][-2:] == k[1][-2:])
            longer = [o for o in candidates if o[1][-1] == k[1][-1]]
            if label == "PROGRAMME" and len(k[1]) == 2 or label == "AWARD":
                longer = candidates
            if len(longer) == 1:
                _absorb(entities, longer[0], k)


def propagate_mentions(text: str, entities: Sequence[Entity], mentions: Iterable[Mention], article_of, labels=("PROGRAMME", "EVENT", "ORG", "AWARD", "PERSON")) -> list[Mention]:
    """Further occurrences of the names the page already gave its entities.

    Once 产改 is known as a programme, a bare 产改 elsewhere on the page is a mention of it too.
    Forms that begin with a bare level character (省总工会) depend on their article's region
    and are not spread; a form shared by two entities is ambiguous and not spread either. New
    mentions never overlap the existing ones; they are added to their entity and returned.
    """
    from .ner.lexicon import WordIndex

    owners: dict[str, set] = defaultdict(set)
    for e in entities:
        if e.label not in labels:
            continue
        for form in e.aliases | {e.name}:
            if len(form) >= 2 and form[0] not in LEVEL_CHARS and not _NOISE.search(form):
                owners[form].add(e.key)
    index = WordIndex({f: next(iter(k)) for f, k in owners.items() if len(k) == 1})
    if not index.words:
        return []
    occupied = bytearray(len(text) + 1)
    for m in mentions:
        occupied[m.start:m.end] = b"\1" * (m.end - m.start)
    by_key = {e.key: e for e in entities}
    found = sorted(index.finditer(text), key=lambda x: (-(x[1] - x[0]), x[0]))
    out = []
    for start, end, form in found:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\1" * (end - start)
        key = index.get(form)
        m = Mention(start, end, form, key[0], "propagated", article_of(start))
        by_key[key].mentions.append(m)
        out.append(m)
    return sorted(out, key=lambda m: (m.start, m.end))
