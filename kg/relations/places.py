"""Where things are (located_in): places written inside a name, places written together, an
event held at a place."""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..model import ADMIN_LEVELS, Mention, Relation
from ..ner.lexicon import Gazetteer
from ..ner.heads import ends_with_head
from ..ner.words import clause_end
from .rules import AdjacentPlaces, HeldAt, NamePlace, Respectively, VisitedIn
from .scene import Key, Scene, index_before, list_after, list_before, relation

__all__ = ['name_place', 'adjacent_places', 'held_at', 'visited_in', 'respectively']


def name_place(scene: Scene, rule: NamePlace) -> Iterable[Relation]:
    """A name that begins with a place lies in the most specific place it holds (the last
    written; a place in brackets says where: 国家会展中心（天津）); a place inside a name that
    begins otherwise gives nothing (中建钢构天津有限公司). A name whose region was restored
    (省总工会 -> 云南省总工会) lies in the place its canonical name begins with, when that place
    is an entity of the document."""
    subjects = rule.subjects
    place_by_form: dict[str, Key] = {}
    for key, e in scene.entities.items():
        if key[0] == "PLACE":
            for form in sorted(e.aliases | {e.name}):
                place_by_form.setdefault(form, key)
    nested_places = sorted((n for n in scene.nested if n.label == "PLACE"), key=lambda n: (n.start, n.end))
    starts = [n.start for n in nested_places]
    for key in sorted(scene.entities):
        if key[0] not in subjects:
            continue
        e = scene.entities[key]
        obj, where = None, None
        for m in sorted(e.mentions, key=lambda m: (m.start, m.end)):
            i = bisect.bisect_left(starts, m.start)
            inner = []
            while i < len(nested_places) and nested_places[i].start < m.end:
                n = nested_places[i]
                if n.end <= m.end and (n.end - n.start) < (m.end - m.start):
                    inner.append(n)
                i += 1
            # (a name must begin with a place, after a year or an edition at most: 劳模工匠走进
            # 武汉…宣讲活动 is held in no place its name gives)
            lead = re.match(r"[“‘]?(?:\d{4}年)?(?:第[一二三四五六七八九十百\d]+[届次期]|首届)?", scene.text[m.start:m.end]).end()
            bracketed = [n for n in inner if scene.text[n.start - 1:n.start] in "（(" and scene.text[n.end:n.end + 1] in "）)"]
            if inner and (min(n.start for n in inner) <= m.start + lead or bracketed):
                last = max(inner, key=lambda n: (n.start, n.end))
                obj, where = scene.key_of.get((last.start, last.end, "PLACE")), m
                if obj:
                    break
        if obj is None and e.mentions:
            obj, where = _leading_place(key[1], scene.gazetteer, place_by_form), min(e.mentions, key=lambda m: m.start)
        if where is not None:
            rel = relation(scene, rule, key, obj, None, where)
            if rel:
                yield rel


def _leading_place(name: str, gazetteer: Gazetteer, place_by_form: dict[str, Key]) -> Key | None:
    """The last of the places a name begins with, as a place entity of the document."""
    pos, last = 0, None
    while pos < len(name):
        form = next((name[pos:k] for k in range(len(name) - 1, pos + 1, -1) if name[pos:k] in gazetteer.forms), None)
        if form is None:
            break
        last = place_by_form.get(form) or last
        pos += len(form)
    return last


def adjacent_places(scene: Scene, rule: AdjacentPlaces) -> Iterable[Relation]:
    """A smaller place written right after a larger one (广东省深圳市); a place that is no
    division right after a division (普陀区长寿路街道); a neighbourhood (``division_heads``)
    right after another place (…街道新会路街区)."""
    spans = {(p.start, p.end): p for p in scene.places}
    for m in list(scene.mentions) + list(scene.nested):
        if m.label == "PLACE":
            spans.setdefault((m.start, m.end), m)
    by_start: dict[int, list[Mention]] = {}
    for p in spans.values():
        by_start.setdefault(p.start, []).append(p)
    for p in sorted(spans.values(), key=lambda m: (m.start, m.end)):
        for q in by_start.get(p.end, []):
            a, b = scene.key_of.get((p.start, p.end, "PLACE")), scene.key_of.get((q.start, q.end, "PLACE"))
            if not a or not b:
                continue
            la = _level(a, scene)
            lb = _level(b, scene)
            if (la is not None and lb is not None and la < lb) or (lb is None and la is not None and la >= 1) \
                    or (la is None and lb is None and ends_with_head(q.text, rule.division_heads)):
                rel = relation(scene, rule, b, a, None, p, q)
                if rel:
                    yield rel


#: ``props["admin_level"]`` -> the level of the division table (smaller: larger place).
_LEVEL_OF = {name: level for level, name in ADMIN_LEVELS.items()}


def _level(key: Key, scene: Scene) -> int | None:
    e = scene.entities.get(key)
    if not e:
        return None
    return _LEVEL_OF.get(e.props.get("admin_level", ""))


def held_at(scene: Scene, rule: HeldAt) -> Iterable[Relation]:
    """An event followed by 在 PLACE 举办: the event lies at the place; so does an event
    written right after 在 PLACE (在国家会展中心（天津）第二届全国技能大赛…现场) or after
    在 PLACE 举办."""
    text = scene.text
    subjects, objects = rule.subjects, rule.objects
    for i, m in enumerate(scene.mentions[:-1]):
        nxt = scene.mentions[i + 1]
        if rule.venue_before and scene.label(m) in objects and scene.label(nxt) in subjects and nxt.start == m.end \
                and any(text.endswith(b, 0, m.start) for b in rule.before):
            rel = relation(scene, rule, scene.key(nxt), scene.key(m), None, m, nxt)
            if rel:
                yield rel
    for i, m in enumerate(scene.mentions):
        if scene.label(m) not in subjects:
            continue
        pos = m.end
        while pos < len(text) and text[pos] in "”’\"":
            pos += 1
        word = next((b for b in rule.before if text.startswith(b, pos)), None)
        if word is None:
            continue
        pos += len(word)
        nxt = [n for n in scene.mentions[i + 1:i + 4] if n.start == pos and scene.label(n) in objects]
        if not nxt:
            continue
        place = nxt[0]
        # a chain of places (福建省福州市工人文化宫) ends in the one the event is at
        j = scene.mentions.index(place)
        while j + 1 < len(scene.mentions) and scene.mentions[j + 1].start == scene.mentions[j].end and scene.label(scene.mentions[j + 1]) in objects:
            j += 1
            place = scene.mentions[j]
        if rule.verb_at(text, place.end) is not None:
            rel = relation(scene, rule, scene.key(m), scene.key(place), None, m, place)
            if rel:
                yield rel
    yield from _held_before(scene, rule)


def _held_before(scene: Scene, rule: HeldAt) -> Iterable[Relation]:
    """在 PLACE 举办 EVENT: the event named right after the verb (or 了) lies at the place."""
    text, ms = scene.text, scene.mentions
    for i, place in enumerate(ms[:-1]):
        if scene.label(place) not in rule.objects:
            continue
        # (the larger places written before it: 位于上海市普陀区长寿路街道|新会路街区的…)
        j = i
        while j > 0 and ms[j - 1].end == ms[j].start and scene.label(ms[j - 1]) in rule.objects:
            j -= 1
        if not any(text.endswith(b, 0, ms[j].start) for b in rule.before):
            continue
        verb = rule.verb_at(text, place.end)
        if verb is None:
            continue
        pos = place.end + len(verb)
        pos += text.startswith("了", pos)
        event = next((n for n in ms[i + 1:i + 4] if n.start == pos and scene.label(n) in rule.subjects), None)
        if event is not None:
            rel = relation(scene, rule, scene.key(event), scene.key(place), None, event, place)
            if rel:
                yield rel


def visited_in(scene: Scene, rule: VisitedIn) -> Iterable[Relation]:
    """Bodies visited in a place (调研组在安顺先后走进A、B和C): each lies in the place, when the
    clause names the place after 在 and the bodies right after a verb of visiting."""
    text, ms = scene.text, scene.mentions
    for place in ms:
        if scene.label(place) != "PLACE" or text[place.start - 1:place.start] != "在":
            continue
        m = rule.visit.match(text, place.end, clause_end(text, place.end))
        if m is None:
            continue
        k = bisect.bisect_left(scene.starts, m.end())
        if k >= len(ms) or ms[k].start != m.end() or scene.label(ms[k]) != "ORG":
            continue
        for org in list_after(scene, k, {"ORG"}):
            rel = relation(scene, rule, scene.key(org), scene.key(place), None, place, org)
            if rel:
                yield rel


def respectively(scene: Scene, rule: Respectively) -> Iterable[Relation]:
    """A、B和C分别在P、Q和R举行: each event of the list lies in the place of the same rank, when
    both lists are as long (a body as the venue gives no place)."""
    text, ms = scene.text, scene.mentions
    for wm in rule.word.finditer(text):
        idx = index_before(scene, wm.start())
        if idx < 0 or scene.label(ms[idx]) not in rule.subjects or not re.fullmatch(r"[也都还将]?", text[ms[idx].end:wm.start()]):
            continue
        k = bisect.bisect_left(scene.starts, wm.end())
        if k >= len(ms) or ms[k].start != wm.end():
            continue
        events = list_before(scene, idx, rule.subjects)
        venues = list_after(scene, k, rule.objects | {"ORG"})
        if len(events) < 2 or len(events) != len(venues):
            continue
        for e, v in zip(events, venues):
            if scene.label(v) in rule.objects:
                rel = relation(scene, rule, scene.key(e), scene.key(v), None, e, v)
                if rel:
                    yield rel

