"""Who runs or pilots a programme: pilot units and the body whose pilots they are, the
organisations an example sentence names, and the body written right before what it runs."""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from ..model import Relation
from .rules import Deployed, Examples, OwnerBefore, PilotOrganiser, PilotUnit
from .scene import Scene, index_before, list_after, list_before, relation

__all__ = ['pilot_unit', 'pilot_organiser', 'owner_before', 'examples', 'deployed']


def pilot_unit(scene: Scene, rule: PilotUnit) -> Iterable[Relation]:
    """作为…PROGRAMME试点单位，ORG… / ORG是…PROGRAMME试点单位: each unit of the list there."""
    text = scene.text
    for wm in rule.word.finditer(text):
        idx = index_before(scene, wm.start())
        if idx < 0:
            continue
        prog = scene.mentions[idx]
        if scene.label(prog) not in {"PROGRAMME"} or wm.start() - prog.end > 2:
            continue
        s0, s1 = scene.sentence_of(wm.start())
        # (each unit of a list: 其中包括A、B等; A、B是…试点单位)
        ms = scene.mentions
        if "作为" in text[s0:prog.start]:
            k = next((k for k in range(bisect.bisect_left(scene.starts, wm.end()), len(ms))
                      if ms[k].start >= s1 or scene.label(ms[k]) == "ORG"), len(ms))
            units = list_after(scene, k, {"ORG"}) if k < len(ms) and ms[k].start < s1 else []
        else:
            k = next((k for k in range(idx - 1, -1, -1) if ms[k].start < s0 or scene.label(ms[k]) == "ORG"), -1)
            units = [m for m in list_before(scene, k, {"ORG"}) if m.start >= s0] if k >= 0 and ms[k].start >= s0 else []
            if units and _designates(text[units[-1].end:prog.start], rule.designating):
                # (A确定了60家…试点企业: A picks the pilots)
                units = []
        for unit in units:
            rel = relation(scene, rule, scene.key(unit), scene.key(prog), None, unit, prog)
            if rel:
                yield rel


def _designates(between: str, verbs: Sequence[str]) -> bool:
    """True when ``between`` holds a verb of picking pilots not made passive by 被 (确定了60家,
    not 被确定为)."""
    for verb in verbs:
        i = between.find(verb)
        if i >= 0 and not between.endswith("被", 0, i):
            return True
    return False


def pilot_organiser(scene: Scene, rule: PilotOrganiser) -> Iterable[Relation]:
    """全国总工会第二批产业工人队伍建设改革试点单位: the organisation whose pilot units they
    are runs the programme."""
    text = scene.text
    for wm in rule.word.finditer(text):
        idx = index_before(scene, wm.start())
        if idx < 1:
            continue
        prog, org = scene.mentions[idx], scene.mentions[idx - 1]
        if scene.label(prog) != "PROGRAMME" or wm.start() - prog.end > 2 or scene.label(org) != "ORG":
            continue
        if rule.between.fullmatch(text[org.end:prog.start]):
            rel = relation(scene, rule, scene.key(org), scene.key(prog), None, org, prog)
            if rel:
                yield rel


def owner_before(scene: Scene, rule: OwnerBefore) -> Iterable[Relation]:
    """临江市总工会“暖心”行动, 市总工会2024年工作会议: an organisation written right before the
    name of a programme or event (``objects``), nothing between, runs it."""
    mentions = scene.mentions
    for org, obj in zip(mentions, mentions[1:]):
        if org.end == obj.start and scene.label(org) == "ORG" and scene.label(obj) in rule.objects:
            rel = relation(scene, rule, scene.key(org), scene.key(obj), None, org, obj)
            if rel:
                yield rel


def examples(scene: Scene, rule: Examples) -> Iterable[Relation]:
    """例如，A、B合力推动…；C深化…: the organisations that open the clauses of an example
    sentence run the programme that the sentence before it carries forward (推动“P”…落实).

    The sentence before must name one programme or event right after one of ``verbs``; each
    clause of the example sentence (up to its 。) must begin with a list of organisations
    followed by a word of acting together (``together``) or one of ``verbs``.
    """
    text = scene.text
    objects, acting, verb_re, opener_re = rule.objects, rule.acting, rule.verb, rule.opener
    for om in opener_re.finditer(text):
        end = min([i for i in (text.find(c, om.end()) for c in "。！？") if i >= 0] or [len(text)])
        p0 = max(text.rfind(c, 0, om.start() - 1) for c in "。！？\n") + 1
        prior = scene.in_span(p0, om.start())
        targets = set()
        for vm in verb_re.finditer(text, p0, om.start()):
            k = bisect.bisect_left(scene.starts, vm.end())
            if k < len(scene.mentions) and scene.label(scene.mentions[k]) in objects and scene.mentions[k] in prior:
                gap = text[vm.end():scene.mentions[k].start]
                if len(gap) <= 2 and not re.search(r"[，。；]", gap):
                    targets.add(k)
        if len({scene.key(scene.mentions[k]) for k in targets}) != 1:
            continue
        target = scene.mentions[min(targets)]
        if scene.article_of(target.start) != scene.article_of(om.start()):
            continue
        pos = om.end()
        for clause in re.split(r"(?<=；)", text[om.end():end]):
            c0 = pos + len(clause) - len(clause.lstrip("，, "))
            pos += len(clause)
            k = bisect.bisect_left(scene.starts, c0)
            if k >= len(scene.mentions) or scene.mentions[k].start != c0 or scene.label(scene.mentions[k]) != "ORG":
                continue
            orgs = list_after(scene, k, {"ORG"})
            if not text.startswith(acting, orgs[-1].end):
                continue
            for org in orgs:
                rel = relation(scene, rule, scene.key(org), scene.key(target), None, org, target)
                if rel:
                    yield rel


def deployed(scene: Scene, rule: Deployed) -> Iterable[Relation]:
    """A、B对X的部署 (按照省委、省政府对产改的部署要求): the bodies that deploy a programme lead it."""
    text, ms = scene.text, scene.mentions
    for i, obj in enumerate(ms):
        if scene.label(obj) not in rule.objects or not text.startswith("的", obj.end) or not text.startswith(rule.nouns_longest_first, obj.end + 1):
            continue
        if i == 0 or text[obj.start - 1:obj.start] != "对" or scene.label(ms[i - 1]) != "ORG" or ms[i - 1].end != obj.start - 1:
            continue
        for org in list_before(scene, i - 1, {"ORG"}):
            rel = relation(scene, rule, scene.key(org), scene.key(obj), None, org, obj)
            if rel:
                yield rel

