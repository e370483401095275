"""Who holds which post where (holds_position), and titles written before a name (received_award)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..model import Relation
from .rules import OrgRolePerson, PersonOrgRole, TitleBeforeName
from .scene import Scene, relation

__all__ = ['role_segments', 'org_role_person', 'person_org_role', 'title_before_name']


def role_segments(gap: str, scene: Scene, separators: Sequence[str], max_chars: int = 16) -> list[str] | None:
    """Split the text between an organisation and a name into posts, or None if it is not
    a list of posts (each must end with a post word). Quote marks closing the organisation's
    name (“饿了么”骑手) and spaces before the name (记者 牟宇) are not part of the posts."""
    gap = gap.lstrip("”’\"").rstrip(" ")
    if not gap or len(gap) > max_chars * 2:
        return None
    parts = [p for p in re.split("|".join(map(re.escape, separators)), gap) if p]
    roles = []
    for p in parts:
        if len(p) > max_chars or re.search(r"[，。；：！？\s“”]", p):
            return None
        if not any(end == len(p) for _, end, _ in scene.roles.finditer(p)):
            return None
        roles.append(p)
    return roles or None


def org_role_person(scene: Scene, rule: OrgRolePerson) -> Iterable[Relation]:
    """ORG role[、role] PERSON, and chains ORG1 role1、ORG2 role2 PERSON."""
    text = scene.text
    ms = scene.mentions
    for i, person in enumerate(ms):
        if scene.label(person) != "PERSON":
            continue
        j = i - 1
        right = person.start
        while j >= 0:
            org = ms[j]
            if scene.label(org) != "ORG":
                break
            roles = role_segments(text[org.end:right], scene, rule.role_separators, rule.max_role_chars)
            if not roles:
                break
            for role in roles:
                rel = relation(scene, rule, scene.key(person), scene.key(org), role, org, person)
                if rel:
                    yield rel
            # a further post in another organisation before this one, joined by 、
            if org.start > 0 and text[org.start - 1] == "、" and j - 1 >= 0:
                right = org.start - 1
                j -= 1
                # the earlier organisation must end where its posts begin
                while j >= 0 and scene.label(ms[j]) != "ORG":
                    j -= 1
                continue
            break


def person_org_role(scene: Scene, rule: PersonOrgRole) -> Iterable[Relation]:
    """PERSON，ORG role (王洪涛，镇江市委网信办副主任)."""
    text = scene.text
    ms = scene.mentions
    for i, person in enumerate(ms[:-1]):
        if scene.label(person) != "PERSON":
            continue
        org = ms[i + 1]
        if scene.label(org) != "ORG":
            continue
        link = text[person.end:org.start]
        if link not in rule.links:
            continue
        end = org.end
        stop = re.compile(r"[，。；：！？（）\n]")
        nxt = ms[i + 2].start if i + 2 < len(ms) else len(text)
        m = stop.search(text, end)
        limit = min(m.start() if m else len(text), nxt)
        roles = role_segments(text[end:limit], scene, ("、",), rule.max_role_chars)
        for role in roles or []:
            rel = relation(scene, rule, scene.key(person), scene.key(org), role, person, org)
            if rel:
                yield rel


def title_before_name(scene: Scene, rule: TitleBeforeName) -> Iterable[Relation]:
    """Award titles written before a name, as attributes: 全国劳动模范蒋秋香;
    全国五一劳动奖章获得者、全国技术能手、中国船舶集团首席技师朱先波 (a post in between)."""
    text = scene.text
    ms = scene.mentions
    joiners = rule.joiners
    for i, person in enumerate(ms):
        if scene.label(person) != "PERSON":
            continue
        j = i - 1
        right = person.start
        # step over "ORG post" right before the name
        if j >= 0 and scene.label(ms[j]) == "ORG" and role_segments(text[ms[j].end:right], scene, ("、",)):
            right = ms[j].start
            j -= 1
        while j >= 0 and scene.label(ms[j]) == "AWARD":
            gap = text[ms[j].end:right]
            if gap not in joiners and gap.rstrip("、") not in joiners:
                break
            rel = relation(scene, rule, scene.key(person), scene.key(ms[j]), None, ms[j], person)
            if rel:
                yield rel
            right = ms[j].start
            j -= 1
