"""Canonical names: one name per mention, with a region prefix the text leaves out restored
(省总工会 in a Yunnan article is 云南省总工会, 市总 is 市总工会) and gazetteer places under their
full administrative name; and the forms an entity goes by."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..model import ADMIN_LEVELS, Entity, Mention
from ..ner.lexicon import Gazetteer
from ..ner.settings import Rules
from .regions import Region, disambiguate, place_codes

__all__ = ['NOISE', 'Conventions', 'squash', 'canonical_name', 'without_province', 'core_name', 'org_type', 'written_name']

#: spaces and quote marks: layout noise in a surface form
NOISE = re.compile(r"[\s“”\"'‘’「」『』]")


def squash(name: str) -> str:
    """Name without spaces and quote marks.

    >>> squash("“产 改”")
    '产改'
    """
    return NOISE.sub("", name or "")


@dataclass(frozen=True)
class Conventions:
    """The naming conventions read from ``pipelines/ner.toml``.

    ``abbreviations``: union abbreviations (市总 -> 市总工会); ``level_words``: ordinary words
    that begin with a level character (市场); ``category_tails``: words after a quoted name
    that are not part of it (“安康杯”竞赛 is 安康杯); ``level_chars``: the level a bare level
    character stands for in an abbreviated name (省总工会, 市委); ``bare_bodies``: what such a
    character may stand before as a whole name (省委, 省总); ``whole_region``: 全省, 全市 … at
    the start of a name, the whole region of that level; ``autonomous``: the kinds of
    autonomous division named alone (自治区总工会) and their levels; ``award_short_forms``:
    short forms of honours and the titles they stand for (劳模: 劳动模范); ``whole_site_heads``:
    heads of service points and project sites, whose names keep every place written before them
    (福州市仓山区东韵社区职工服务e站); ``apposition_kinds``: kinds of product or platform whose
    description right before a quoted name is that name's (…会员服务平台“X”).
    """

    abbreviations: dict = field(default_factory=dict)
    level_words: dict = field(default_factory=dict)
    category_tails: tuple = ()
    full_form_heads: tuple = ()
    org_types: tuple = ()
    edition: str = r"(?!x)x"
    level_chars: dict = field(default_factory=dict)
    bare_bodies: frozenset = frozenset()
    whole_region: dict = field(default_factory=dict)
    autonomous: dict = field(default_factory=dict)
    award_short_forms: dict = field(default_factory=dict)
    whole_site_heads: tuple = ()
    apposition_kinds: tuple = ()
    #: a year or an edition that may open an event's name before its region (2024年, 第三届)
    edition_lead: str = r"(?:\d{4}年度?|第[一二三四五六七八九十百\d]+届|首届)"

    @classmethod
    def from_rules(cls, rules: Rules) -> "Conventions":
        """The conventions that the entity rules of ``pipelines/ner.toml`` state."""
        org = rules.org
        return cls(
            abbreviations=org.abbreviations,
            level_words=org.level_words,
            category_tails=rules.programme.quote_category_tails,
            apposition_kinds=rules.programme.quote_kind_before,
            full_form_heads=org.full_form_heads,
            org_types=org.types,
            edition=rules.event.edition.pattern,
            level_chars=rules.names.level_chars,
            bare_bodies=rules.names.bare_bodies,
            whole_region=rules.names.whole_region,
            autonomous=rules.names.autonomous,
            award_short_forms=rules.award.short_forms,
            whole_site_heads=tuple(sorted(rules.place.site_when_placed)),
        )


def canonical_name(mention: Mention, region: Region | None, gazetteer: Gazetteer, conv: Conventions = Conventions()) -> tuple[str, dict[str, str]]:
    """Canonical name of one mention and the properties it brings (division code, level).

    >>> from kg.ner.lexicon import Division
    >>> g = Gazetteer(); g.add(Division("530000", "云南省", 1), ["云南"])
    >>> r = Region({1: "530000"})
    >>> canonical_name(Mention(0, 4, "省总工会", "ORG", "x"), r, g, Conventions(level_chars={"省": 1}))[0]
    '云南省总工会'
    >>> canonical_name(Mention(0, 2, "云南", "PLACE", "x"), r, g)[0]
    '云南省'
    >>> canonical_name(Mention(0, 7, "“安康杯”竞赛", "PROGRAMME", "quote:programme"), r, g, Conventions(category_tails=("竞赛",)))[0]
    '安康杯'
    """
    name = squash(mention.text)
    abbreviations, level_words = conv.abbreviations, conv.level_words
    props: dict[str, str] = {}
    if mention.source.startswith(("distributive:", "shared:")):
        head = mention.source.split(":", 1)[1]
        # the item may already end with the start of the head (职工素质提升 + 提升工程)
        k = next((k for k in range(len(head), 0, -1) if name.endswith(head[:k])), 0)
        return name + head[k:], props
    if mention.source.startswith("quote:"):
        quoted = re.match(r"^[“‘「『\"](.+?)[”’」』\"](.*)$", mention.text)
        if quoted and quoted.group(2) in conv.category_tails:
            return squash(quoted.group(1)), props
    if mention.label == "AWARD":
        # an honour's short form stands for its full title (劳模 is 劳动模范, 全国劳模 全国劳动模范)
        short = next((k for k in sorted(conv.award_short_forms, key=len, reverse=True) if name.endswith(k)), None)
        if short:
            name = name[: -len(short)] + conv.award_short_forms[short]
        level = conv.level_chars.get(name[:1])
        place = region.name(level, gazetteer) if level and region else None
        if place and place.endswith(name[0]) and len(name) > 2 and not _starts_with_place(name, gazetteer):
            # the region of an honour named by its level alone (省劳模 in a Yunnan article is
            # 云南省劳动模范: guidelines, a region prefix is restored)
            name = place + name[1:]
        elif region:
            # ... or by the whole region (全省工会工作先进单位 in a Shandong article)
            name = _whole_region_named(name, "AWARD", region, gazetteer, conv)
        return name, props
    if mention.label == "PLACE":
        code = disambiguate(place_codes(name, gazetteer), region, gazetteer)
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
    if mention.label in {"ORG", "PROGRAMME", "EVENT"} and region:
        name = _whole_region_named(name, mention.label, region, gazetteer, conv)
    if mention.label == "ORG":
        for short in sorted(abbreviations, key=len, reverse=True):
            if name.endswith(short):
                name = name[: -len(short)] + abbreviations[short]
                break
        restored = _autonomous(name, region, gazetteer, conv)
        if restored:
            return restored, props
        level = conv.level_chars.get(name[:1])
        if level and region and (len(name) > 2 or name[1:] in conv.bare_bodies) and not _starts_with_place(name, gazetteer):
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


def _whole_region_named(name: str, label: str, region: Region, gazetteer: Gazetteer, conv: Conventions) -> str:
    """The name with a word for the whole region at its start (全省, 全市: also after an event's
    year or edition, 2024年全省…会议) replaced by the region's name: 全省职工职业技能大赛 in a
    Yunnan article is 云南省职工职业技能大赛."""
    lead = re.match(conv.edition_lead, name) if label == "EVENT" else None
    k = lead.end() if lead else 0
    if name[k:k + 2] not in conv.whole_region:
        return name
    place = region.name(_whole_level(name[k:k + 2], region, gazetteer, conv), gazetteer)
    return name[:k] + place + name[k + 2:] if place else name


def _whole_level(word: str, region: Region, gazetteer: Gazetteer, conv: Conventions) -> int:
    """The level of the whole region a word like 全省 or 全区 stands for: 全区 in an autonomous
    region (宁夏回族自治区) is the whole of it, elsewhere a district."""
    top = region.name(1, gazetteer)
    kind = next((k for k, level in conv.autonomous.items() if level == 1), None)
    if kind and top and top.endswith(kind) and kind.endswith(word[1:]):
        return 1
    return conv.whole_region[word]


def _autonomous(name: str, region: Region | None, gazetteer: Gazetteer, conv: Conventions) -> str | None:
    """The full name of a body named by the kind of its autonomous division alone (自治区总工会 in
    a Xinjiang article is 新疆维吾尔自治区总工会), or None."""
    kind = next((k for k in conv.autonomous if name.startswith(k)), None)
    place = region.name(conv.autonomous[kind], gazetteer) if kind and region else None
    if place and place.endswith(kind) and not _starts_with_place(name, gazetteer):
        return place + name[len(kind):]
    return None


def _starts_with_place(name: str, gazetteer: Gazetteer) -> bool:
    return any(name.startswith(form) for form in (name[:k] for k in range(2, min(len(name), 12))) if form in gazetteer.forms)


def without_province(name: str, gazetteer: Gazetteer) -> str:
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


def core_name(name: str, gazetteer: Gazetteer) -> str:
    """The name with all but the last of its leading places removed, and that one in its full
    form where it names one place only: 湖北省武汉市总工会 and 武汉市总工会 share the core
    武汉市总工会, 恩施州总工会 and 恩施土家族苗族自治州总工会 the core 恩施土家族苗族自治州总工会."""
    places = []
    pos = 0
    last = ""
    while True:
        forms = [name[pos:k] for k in range(len(name) - 1, pos + 1, -1) if name[pos:k] in gazetteer.forms]
        if not forms:
            break
        places.append(pos)
        last = forms[0]
        pos += len(forms[0])
    if not places:
        return name
    codes = gazetteer.forms[last]
    full = gazetteer.by_code[codes[0]].name if len(codes) == 1 else last
    return full + name[pos:]


def org_type(name: str, types: Sequence[dict]) -> str | None:
    """The subtype an organisation's name makes certain, by the first matching row.

    >>> org_type("云南省总工会", [{"type": "trade_union", "endswith": ["工会"]}])
    'trade_union'
    """
    for row in types:
        if any(part in name for part in row.get("contains", ())) or name.endswith(tuple(row.get("endswith", ()))):
            return row["type"]
    return None


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
