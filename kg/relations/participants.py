"""Who takes part in what (participates_in): competitors and delegates by their title, units and
persons counted in a list."""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Relation
from .rules import CountedUnits, ParticipantRole
from .scene import Scene, list_before, relation

__all__ = ['participant_role', 'counted_units']


def participant_role(scene: Scene, rule: ParticipantRole) -> Iterable[Relation]:
    """A person introduced by a competitor's or delegate's title takes part in the event:
    the event named in the title (党的二十大代表、…姚婕), else the nearest one named before in
    the article, or before the article when it names none (集成电路工程技术项目选手邱文挺,
    after 第二届全国技能大赛)."""
    text = scene.text
    words, objects = rule.titles, rule.objects
    for i, person in enumerate(scene.mentions):
        if scene.label(person) != "PERSON":
            continue
        s0, _ = scene.sentence_of(person.start)
        before = text[max(s0, person.start - rule.window):person.start]
        clause = re.split(r"[，。；：！？]", before)[-1]
        # titles before the name may be listed: 党的二十大代表、全国劳模、…站长姚婕
        for part in clause.split("、"):
            word = next((w for w in words if part.endswith(w)), None)
            if word is None:
                continue
            named = [m for m in scene.in_span(person.start - len(before), person.start) if scene.label(m) in objects and text[m.end:m.end + len(word)] == word]
            if named:
                target = named[-1]
            else:
                before_person = [m for m in scene.mentions[:i] if scene.label(m) in objects]
                same = [m for m in before_person if scene.article_of(m.start) == scene.article_of(person.start)]
                # an article continued from another page (上接…) has its event on the page before
                prior = same or before_person
                if not prior or not rule.article_event:
                    continue
                target = prior[-1]
            rel = relation(scene, rule, scene.key(person), scene.key(target), None, target, person)
            if rel:
                yield rel
            break


def _number(text: str | None) -> int | None:
    """An Arabic or a small Chinese number (4, 十二), or None."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    digits = dict(zip("一二两三四五六七八九", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9)))
    if text in digits:
        return digits[text]
    m = re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", text)
    if m:
        return (digits.get(m.group(1), 1)) * 10 + digits.get(m.group(2), 0)
    return None


def counted_units(scene: Scene, rule: CountedUnits) -> Iterable[Relation]:
    """已有A、B、C等10家单位共1500余人完成体检: organisations listed before 等 and a count of
    units take part in the event their article is about (the one event named before them in
    the article)."""
    text = scene.text
    objects, subjects, count = rule.objects, rule.subjects, rule.count
    for i, m in enumerate(scene.mentions):
        cm = count.match(text, m.end + 1) if scene.label(m) in subjects and text.startswith("等", m.end) else None
        if cm is None:
            continue
        s0, _ = scene.sentence_of(m.start)
        if rule.whole_sentence:
            # persons introduced with their titles (A，全国技术能手B，…C等4位劳模): every one
            # the sentence names, when the count written says as many
            orgs = [x for x in scene.in_span(s0, m.end) if scene.label(x) in subjects]
            written = _number(cm.group(1)) if cm.groups() else None
            if written != len({scene.key(x) for x in orgs}):
                continue
        else:
            orgs = list_before(scene, i, subjects)
        art = scene.article_of(m.start)
        # (an event in the sentence itself is part of a title: 党的二十大代表)
        before = [e for e in scene.mentions[:i] if scene.label(e) in objects and scene.article_of(e.start) == art and e.end <= s0]
        if len({scene.key(e) for e in before}) != 1:
            continue
        target = before[-1]
        for org in orgs:
            rel = relation(scene, rule, scene.key(org), scene.key(target), None, org, target)
            if rel:
                yield rel
