"""Who holds which post where (holds_position), and titles written before a name or conferred on a
list (received_award)."""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from ..model import Mention, Relation
from ..ner.words import clause_end
from .rules import AwardMembers, Conferred, Elected, OrgRolePerson, PersonOrgRole, RoleChain, TitleBeforeName
from .scene import Scene, index_before, list_before, persons_listed_after, relation

__all__ = ['role_segments', 'org_role_person', 'person_org_role', 'title_before_name', 'role_chain', 'elected', 'award_members', 'conferred']


def role_segments(gap: str, scene: Scene, separators: Sequence[str], max_chars: int = 16) -> list[str] | None:
    """Split the text between an organisation and a name into posts, or None if it is not
    a list of posts (each must end with a post word). Quote marks closing the organisation's
    name (“饿了么”骑手), 的 after it and spaces before the name (记者 牟宇) are not part of the
    posts; a preposition after the name (A向员工B) makes none."""
    gap = _post_text(gap.lstrip("”’\"").rstrip(" "))
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
        while j >= 1 and scene.label(ms[j]) == "AWARD" and ms[j].end == right and text[ms[j].start - 1:ms[j].start] == "、":
            # an honour after the posts, before the name (A公司首席技师、全国劳动模范B)
            right = ms[j].start - 1
            j -= 1
        while j >= 0:
            org = ms[j]
            if scene.label(org) != "ORG":
                break
            roles = role_segments(text[org.end:right], scene, rule.role_separators, rule.max_role_chars)
            if not roles:
                break
            for role in roles:
                # (A公司焊工张三、李四: each person listed holds the post)
                for holder in (ms[k] for k in persons_listed_after(scene, i)):
                    rel = relation(scene, rule, scene.key(holder), scene.key(org), role, org, holder)
                    if rel:
                        yield rel
            # a further post in another organisation before this one, joined by 、 or a comma
            # (A党组成员、副主席，B会长C)
            if org.start > 0 and text[org.start - 1] in "、，" and j - 1 >= 0:
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
        # (刘芳，她是A公司的一名快递员: the pronoun stands for the person)
        link = re.sub(r"^，?[他她](?=是|为|系|任|现任|担任|作为)", "", text[person.end:org.start])
        if link not in rule.links:
            continue
        end = org.end
        owned = re.match(r"的(?:一名|一位|一个)?", text[end:end + 3])
        if owned and link != "，":
            # (…是A公司的一名快递员: the post after 的 and a count of one)
            end += owned.end()
        stop = re.compile(r"[，。；：！？（）\n]")
        nxt = ms[i + 2].start if i + 2 < len(ms) else len(text)
        m = stop.search(text, end)
        clause_end_at = m.start() if m else len(text)
        limit = min(clause_end_at, nxt)
        roles = role_segments(text[end:limit], scene, ("、",), rule.max_role_chars)
        if roles and any(scene.label(x) == "PERSON" for x in scene.in_span(org.end, clause_end_at)):
            # 桂晓燕，普陀区委副书记周艳 / 周艳，普陀区人大常委会副主任、区总主席姚军: the posts
            # are those of the person the clause names after them
            continue
        for role in roles or []:
            rel = relation(scene, rule, scene.key(person), scene.key(org), role, person, org)
            if rel:
                yield rel


def title_before_name(scene: Scene, rule: TitleBeforeName) -> Iterable[Relation]:
    """Award titles written before a name, as attributes: 全国劳动模范蒋秋香;
    全国五一劳动奖章获得者、全国技术能手、中国船舶集团首席技师朱先波 (a post in between);
    every person of a list that 等 closes (“海河工匠”赵博山、田立虎等获奖者)."""
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
            listed = persons_listed_after(scene, i)
            if not text.startswith("等", ms[listed[-1]].end):
                # (a list closed by 等 shares the title: “海河工匠”赵博山、田立虎等获奖者)
                listed = [i]
            for k in listed:
                rel = relation(scene, rule, scene.key(ms[k]), scene.key(ms[j]), None, ms[j], ms[k])
                if rel:
                    yield rel
            right = ms[j].start
            j -= 1


def _post_text(gap: str) -> str:
    """The posts written between an organisation and a name: after 的 (A公司的焊工班长B); none
    after a preposition (A公司向员工B支付: B holds no post named with A).

    >>> _post_text("的焊工班长"), _post_text("向员工"), _post_text("主席"), _post_text("的一名焊工")
    ('焊工班长', '', '主席', '焊工')
    """
    gap = gap[1:] if gap.startswith("的") else gap
    # (a count of one is no part of the post: A公司的一名焊工B)
    gap = re.sub(r"^(?:一名|一位|一个)", "", gap)
    return "" if gap[:1] and gap[0] in "向对为给与和同跟被把将" else gap


def _whole_role(segment: str, scene: Scene, max_chars: int) -> bool:
    """True when ``segment`` is one post of the role lexicon, ending where it ends, with at most
    a two-character qualifier before it (专职副主席, 挂职副主席)."""
    return 0 < len(segment) <= max_chars and not re.search(r"[，。；：、\s]", segment) and any(
        s <= 2 and e == len(segment) for s, e, _ in scene.roles.finditer(segment))


def role_chain(scene: Scene, rule: RoleChain) -> Iterable[Relation]:
    """Posts in one organisation listed with their holders: ORG role A、B，role C、D
    (省政协社法委主任韩力争…；专职副主任鞠霓，副主任彭德全、王伟): every person listed after a
    post holds it, and a post that opens the next clause of the sentence is in the same
    organisation."""
    text, ms = scene.text, scene.mentions
    for i, org in enumerate(ms):
        if scene.label(org) != "ORG" or i + 1 >= len(ms) or scene.label(ms[i + 1]) != "PERSON":
            continue
        role = _post_text(text[org.end:ms[i + 1].start].strip())
        if not _whole_role(role, scene, rule.max_role_chars):
            continue
        _, s1 = scene.sentence_of(org.start)
        k = i + 1
        while k < len(ms) and ms[k].start < s1:
            listed = persons_listed_after(scene, k)
            for p in listed:
                rel = relation(scene, rule, scene.key(ms[p]), scene.key(org), role, org, ms[p])
                if rel:
                    yield rel
            nxt = listed[-1] + 1
            if nxt >= len(ms) or scene.label(ms[nxt]) != "PERSON":
                break
            gap = text[ms[listed[-1]].end:ms[nxt].start]
            if gap[:1] not in rule.clause_marks or not _whole_role(gap[1:].strip(), scene, rule.max_role_chars):
                break
            role, k = gap[1:].strip(), nxt


def elected(scene: Scene, rule: Elected) -> Iterable[Relation]:
    """A、B当选为ORG role: each person listed right before the verb holds the post; a clause
    that names no organisation (王全当选为常务副主席) continues the one the sentence named last
    in the same way (陆志远当选为海南省总工会主席，…)."""
    text, ms = scene.text, scene.mentions
    carried: tuple[int, Mention] | None = None  # (sentence start, organisation)
    for vm in rule.verb.finditer(text):
        idx = index_before(scene, vm.start())
        if idx < 0 or ms[idx].end != vm.start() or scene.label(ms[idx]) != "PERSON":
            continue
        persons = list_before(scene, idx, {"PERSON"})
        s0, s1 = scene.sentence_of(vm.start())
        end = min(clause_end(text, vm.end()), s1)
        k = bisect.bisect_left(scene.starts, vm.end())
        org = ms[k] if k < len(ms) and ms[k].start == vm.end() and scene.label(ms[k]) == "ORG" else None
        role = text[org.end if org is not None else vm.end():end].strip()
        if org is None and carried is not None and carried[0] == s0:
            org = carried[1]
        if org is None or not _whole_role(role, scene, rule.max_role_chars):
            continue
        carried = (s0, org)
        for p in persons:
            rel = relation(scene, rule, scene.key(p), scene.key(org), role, p, org)
            if rel:
                yield rel


def award_members(scene: Scene, rule: AwardMembers) -> Iterable[Relation]:
    """The winners listed after an honour conferred (荣获“海河工匠”称号，其中包括A公司张三、B公司
    李四等): each person of the list receives it, or each organisation when it names no person."""
    text, ms = scene.text, scene.mentions
    for award in ms:
        if scene.label(award) != "AWARD":
            continue
        s0, s1 = scene.sentence_of(award.start)
        before = text[max(s0, award.start - 6):award.start].rstrip("“")
        # (公布“X”名单，…他们是：A、B: the roll of its holders)
        roll = text.startswith(rule.rolls, award.end + (text[award.end:award.end + 1] == "”"))
        if not rule.conferred.search(before) and not roll:
            continue
        im = rule.introduction.search(text, award.end, award.end + rule.reach if roll else min(s1, award.end + rule.reach))
        if im is None:
            continue
        listed = scene.in_span(im.end(), scene.sentence_of(im.start())[1])
        winners = [m for m in listed if scene.label(m) == "PERSON"] or [m for m in listed if scene.label(m) == "ORG"]
        for m in winners:
            rel = relation(scene, rule, scene.key(m), scene.key(award), None, award, m)
            if rel:
                yield rel



def conferred(scene: Scene, rule: Conferred) -> Iterable[Relation]:
    """授予A、B等10人“X”称号 / 命名A等30个单位为“X”: the honour is the first named after the verb
    in its clause, and the recipients the persons or bodies listed right before it, after the
    verb (an employer before a person's post is none: 授予A公司高级技师B)."""
    text, ms = scene.text, scene.mentions
    for vm in rule.verb.finditer(text):
        end = clause_end(text, vm.end())
        i = bisect.bisect_left(scene.starts, vm.end())
        stop = bisect.bisect_left(scene.starts, end, i)
        award = next((j for j in range(i, stop) if scene.label(ms[j]) == "AWARD"), None)
        if award is None:
            continue
        last = next((j for j in range(award - 1, i - 1, -1) if scene.label(ms[j]) in rule.recipients), None)
        if last is None:
            continue
        group = [m for m in list_before(scene, last, {scene.label(ms[last])}) if m.start >= vm.end()]
        if scene.label(ms[last]) == "PERSON":
            # (授予A公司高级技师B、C集团桥吊司机D等10人: each person of the list, whatever post
            # and employer stand before each)
            group += [ms[j] for j in range(i, last) if scene.label(ms[j]) == "PERSON" and text[ms[j].end:ms[j].end + 1] == "、"
                      and ms[j] not in group]
        for m in group:
            rel = relation(scene, rule, scene.key(m), scene.key(ms[award]), None, m, ms[award])
            if rel:
                yield rel
