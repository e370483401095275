"""Each article's region: the province, prefecture and county it is about, from the places it
names; and which of the divisions a place name may denote it means."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..model import Article, Mention
from ..ner.lexicon import Gazetteer

__all__ = ['Region', 'place_codes', 'disambiguate', 'article_regions']


@dataclass
class Region:
    """The divisions an article is about, by level (1 province, 2 prefecture, 3 county), and
    the codes of those its text names (the others are filled in from the gazetteer)."""

    by_level: dict[int, str] = field(default_factory=dict)
    named: frozenset[str] = frozenset()

    def name(self, level: int, gazetteer: Gazetteer) -> str | None:
        """The name of the article's division at ``level``. The city of a text about a
        county-level city (义乌市) that never names its prefecture is that city: its 市总工会 is
        义乌市总工会, not 金华市总工会."""
        code = self.by_level.get(level)
        if code is None and level == 2:
            # a municipality (天津市) is a province-level city: its 市委 is 天津市委
            top = self.by_level.get(1)
            if top and gazetteer.by_code[top].name.endswith("市"):
                code = top
        county = self.by_level.get(3)
        if level == 2 and code not in self.named and county in self.named and gazetteer.by_code[county].name.endswith("市"):
            code = county
        return gazetteer.by_code[code].name if code else None


def place_codes(form: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The codes of the divisions a form may name."""
    return gazetteer.forms.get(form, ())


def disambiguate(codes: Sequence[str], region: Region | None, gazetteer: Gazetteer) -> str | None:
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
    (first mention breaks ties), filled upwards through the gazetteer's parents. A form that
    names several divisions counts for the one inside a division the article names without
    doubt."""
    counts: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, dict[str, int]] = defaultdict(dict)
    places = list(places)
    for m in places:
        codes = place_codes(m.text, gazetteer)
        if len(codes) != 1:
            continue
        counts[m.article][codes[0]] += 1
        first[m.article].setdefault(codes[0], m.start)
    for m in places:
        # a form several places share (普陀区) counts for the one inside a place the article
        # names without doubt (上海市)
        codes = place_codes(m.text, gazetteer)
        if len(codes) > 1:
            known = set(counts[m.article])
            inside = [c for c in codes if any(d.code in known for d in gazetteer.path(c)[1:])]
            if len(inside) == 1:
                counts[m.article][inside[0]] += 1
                first[m.article].setdefault(inside[0], m.start)
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
        region.named = frozenset(region.by_level.values()) & frozenset(counts[a.id])
        regions[a.id] = region
    return regions
