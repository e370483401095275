"""Facts stated by a verb: a subject, a verb, its objects (organizes, received_award,
participates_in, located_in), the organisations listed before 主办/承办, and the agents of a passive
(X由A推出)."""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from ..model import Mention, Relation
from ..ner.words import clause_start
from .rules import PassiveAgent, RoleList, SubjectVerbObject
from .cooperation import both_parties
from .scene import Scene, index_before, last_before, list_after, list_before, relation

__all__ = ['role_list', 'passive_agent', 'subject_verb_object']


def role_list(scene: Scene, rule: RoleList) -> Iterable[Relation]:
    """由A、B主办，C承办: each listed organisation organises the sentence's event."""
    text = scene.text
    roles: dict[str, str] = rule.roles
    objects = rule.objects
    for vm in rule.verb.finditer(text):
        idx = index_before(scene, vm.start())
        if idx < 0:
            continue
        last = scene.mentions[idx]
        between = text[last.end:vm.start()]
        # (在A的指导下: A guides the event of the sentence)
        guided = between == "的" and text.startswith("下", vm.end())
        if scene.label(last) != "ORG" or not (guided or re.fullmatch(r"(?:(?:、?[\u4e00-\u9fff]{1,8})?等(?:单位|部门|机构|企业|组织)?)?(?:共同|联合)?", between)):
            continue
        orgs = list_before(scene, idx, {"ORG"})
        s0, s1 = scene.sentence_of(vm.start())
        targets = [m for m in scene.in_span(s0, s1) if scene.label(m) in objects]
        after = [m for m in targets if m.start >= vm.end()]
        before = [m for m in targets if m.end <= orgs[0].start]
        anaphor = any(a in text[s0:vm.start()] for a in rule.anaphors)
        here = scene.article_of(vm.start())
        prior = last_before(scene.mentions, idx, lambda m: scene.label(m) in objects and m.start < s0 and scene.article_of(m.start) == here) if anaphor else None
        if prior is not None:
            # 此次活动由…主办: the event is the one named before
            target = prior
        elif after and after[0].start - vm.end() <= 12:
            target = after[0]
        elif before:
            target = before[-1]
        elif after:
            target = after[0]
        elif text[vm.end():vm.end() + 1] in "，。；、" or text.startswith(("单位", *rule.anaphors), vm.end()):
            # (…大赛。A主办，B承办。 / B承办本次大会: a role verb that closes its clause, or whose
            # object refers back, names the event before; one with an object of its own, A牵头
            # 组建了B, does not)
            prior = last_before(scene.mentions, idx, lambda m: scene.label(m) == "EVENT" and scene.article_of(m.start) == here)
            if prior is None:
                continue
            target = prior
        else:
            continue
        role = roles[vm.group()]
        for org in orgs:
            rel = relation(scene, rule, scene.key(org), scene.key(target), role, org, target)
            if rel:
                yield rel


def passive_agent(scene: Scene, rule: PassiveAgent) -> Iterable[Relation]:
    """X由A、B联合推出 (the object right before the marker) and 由A、B共同打造的X (the object right
    after the verb and 的): each body listed after the marker organises X, within one clause."""
    text, ms = scene.text, scene.mentions
    for i, m in enumerate(ms):
        if scene.label(m) not in rule.agents or not text.endswith(rule.marker, 0, m.start):
            continue
        orgs = list_after(scene, i, set(rule.agents))
        pos = orgs[-1].end
        pos += next((len(w) for w in rule.between if text.startswith(w, pos)), 0)
        vm = rule.verb.match(text, pos)
        if vm is None:
            continue
        target = _passive_object(scene, rule, i, m.start - len(rule.marker), vm.end())
        if target is None:
            continue
        for org in orgs:
            rel = relation(scene, rule, scene.key(org), scene.key(target), None, org, target)
            if rel:
                yield rel


def _passive_object(scene: Scene, rule: PassiveAgent, i: int, marker: int, after_verb: int) -> Mention | None:
    """The object of a passive: the mention ending right before the marker (with a word of
    ``before_marker`` between), else the one starting right after the verb and 的."""
    text, ms = scene.text, scene.mentions
    prev = last_before(ms, i, lambda m: m.end <= marker)
    if prev is not None and scene.label(prev) in rule.objects:
        gap = text[prev.end:marker].lstrip("”’\"")  # (a quoted name's closing mark: “X”由A推出)
        if gap == "" or gap in rule.before_marker:
            return prev
    if text.startswith("的", after_verb):
        k = bisect.bisect_left(scene.starts, after_verb, i + 1)
        if k < len(ms) and ms[k].start == after_verb + 1 and scene.label(ms[k]) in rule.objects:
            return ms[k]
    return None


def subject_verb_object(scene: Scene, rule: SubjectVerbObject) -> Iterable[Relation]:
    """SUBJECT … verb OBJECT[、OBJECT…] within one sentence: the subject is the nearest
    mention of a subject label before the verb (:func:`_subject_of`), the objects those right
    after it (:func:`_objects_after`)."""
    text = scene.text
    for vm in rule.verb.finditer(text):
        s0, s1 = scene.sentence_of(vm.start())
        idx = index_before(scene, vm.start())
        # the verb must not sit inside a mention, nor be a noun of who does it (获得者, 参与者)
        if (idx >= 0 and scene.mentions[idx].end > vm.start()) or text.startswith("者", vm.end()):
            continue
        if _other_subject(scene, rule, idx, vm.start(), s0):
            continue
        found = _subject_of(scene, rule, vm, idx, s0)
        if found is None:
            continue
        subj, parties = found
        c0 = clause_start(text, vm.start())
        if subj.start < c0 and rule.clause_subject.match(text, c0):
            # (…举办竞赛，前三名将被授予“X”称号: the clause has a subject of its own)
            continue
        listed = _objects_after(scene, rule, vm, s1)
        if not listed:
            continue
        subjects_found = parties or (_co_subjects(scene, rule, subj, vm, s0) if rule.co_subjects else [subj])
        if rule.subject_lists and not parties and subj.start >= s0:
            # 张三、李四、王五荣获…: every name of the list that ends with the subject
            i = bisect.bisect_left(scene.starts, subj.start)
            while scene.mentions[i] is not subj:
                i += 1
            subjects_found = [m for m in list_before(scene, i, {scene.label(subj)}) if m.start >= s0]
            if scene.label(subj) == "PERSON" and len(subjects_found) == 1:
                # (A公司高级技师B、C集团桥吊司机D获评…: each person, whatever stands before each)
                subjects_found = _posted_persons_before(scene, subj, s0)
        role = _svo_role(text, subj, vm, rule.roles)
        for obj in listed:
            for sm in subjects_found:
                a, b = (obj, sm) if rule.inverse else (sm, obj)
                rel = relation(scene, rule, scene.key(a), scene.key(b), role, a, b)
                if rel:
                    yield rel


def _posted_persons_before(scene: Scene, person: Mention, s0: int) -> list[Mention]:
    """The persons listed before ``person`` with 、, each with an employer and a post before it
    (A公司高级技师B、C集团桥吊司机D), and ``person``."""
    text = scene.text
    out = [person]
    ends = {m.end: m for m in scene.in_span(s0, person.start) if scene.label(m) == "PERSON"}
    while True:
        k = text.rfind("、", s0, out[0].start)
        if k < 0 or re.search(r"[，。；：]", text[k:out[0].start]) or k not in ends:
            return out
        out.insert(0, ends[k])


def _subject_of(scene: Scene, rule: SubjectVerbObject, vm: re.Match, idx: int, s0: int) -> tuple[Mention, list[Mention]] | None:
    """The subject of the verb ``vm`` and, where 双方 stands for two bodies, those two; None when
    the verb has none the rule takes (idx: the last mention before the verb)."""
    text = scene.text
    subj = None
    j = idx
    while j >= 0 and scene.mentions[j].start >= s0:
        m = scene.mentions[j]
        if scene.label(m) in rule.subjects and m.source != "byline" \
                and not (rule.skip_agents and text[m.start - 1:m.start] in scene.words.agent) \
                and not _in_adjunct(scene, j, s0) and not _caused(scene, j, vm.start(), s0):
            # (the reporter of a byline does nothing the article tells)
            subj = m
            break
        # 被 AGENT 评为: the agent of a passive is not the subject; an object between them belongs to an earlier verb of the same subject
        # (X深化A，举办B，开展C): the search goes on past it
        j -= 1
    carried = False
    if subj is not None and "ORG" in rule.subjects and (topic := _passive_topic(scene, rule, subj, vm.start(), s0)) is not None:
        # X由A、B共同创办，实施Y: X acts in the later clause, not the bodies that made it
        subj, carried = topic, True
    if subj is not None and rule.copula_subject:
        first = _copula_subject(scene, rule, subj, vm.start(), s0)
        carried, subj = first is not subj, first
    parties = _parties(scene, vm.start(), s0) if subj is None else []
    if subj is None and not parties and "PERSON" in rule.subjects:
        # 他带领团队参加了…: a personal pronoun opening the clause stands for the person named before
        # (however far back: the pronoun is the subject, next to its verb)
        subj = _pronoun_person(scene, vm.start(), s0)
        carried = subj is not None
    if parties:
        return parties[-1], parties
    if subj is None and rule.fallback == "article_topic" and not _has_subject_before(scene, vm.start(), s0) \
            and not _describes(text, vm.start()) and not text.startswith("的", vm.end()):
        # (在随后召开的X上: a verb that only describes its object has no subject to carry)
        # a sentence with no subject of its own continues the article's organisation
        # (the organisation may be named first in the headline, after the body)
        topic = scene.topic(scene.article_of(vm.start()))
        return (topic, []) if topic is not None else None
    if subj is None or (rule.causers and any(c in text[subj.end:vm.start()] for c in rule.causers)):
        # (A组织职工参加B: those A sends take part)
        return None
    if scene.label(subj) == "PERSON" and _says(text[subj.end:vm.start()], scene.words.speech):
        # (X介绍，该市已有3人荣获…: the speaker does not do what is said)
        return None
    if _bare_gap(scene, subj.end, vm.start()) > rule.max_gap and not carried:
        # far from its verb, a subject still counts when it is what the article is about
        topic = scene.topic(scene.article_of(vm.start())) if rule.fallback == "article_topic" else None
        if topic is None or scene.key(topic) != scene.key(subj):
            return None
    return subj, []


def _says(between: str, speech: Sequence[str]) -> bool:
    """True when a verb of saying and a comma or colon right after it stand in ``between``."""
    return any(re.search(re.escape(v) + "[，：]", between) for v in speech)


def _bare_gap(scene: Scene, start: int, end: int) -> int:
    """The characters between ``start`` and ``end`` that no mention covers: a long name the
    subject acted on before (X印发《…实施方案》，在全省组织开展Y) does not part it from its verb."""
    return end - start - sum(m.end - m.start for m in scene.in_span(start, end))


def _objects_after(scene: Scene, rule: SubjectVerbObject, vm: re.Match, s1: int) -> list[Mention]:
    """The objects listed right after the verb ``vm`` in its sentence (ending at ``s1``), or none."""
    text, objects = scene.text, rule.objects
    k = bisect.bisect_left(scene.starts, vm.end())
    if k + 1 < len(scene.mentions) and scene.label(scene.mentions[k]) == "PLACE" and scene.mentions[k + 1].start == scene.mentions[k].end \
            and scene.label(scene.mentions[k + 1]) in objects:
        # the place a programme is for, written before its name (推进温州“瓯工惠”平台建设)
        k += 1
    if k >= len(scene.mentions):
        return []
    first = scene.mentions[k]
    if first.start >= s1 or scene.label(first) not in objects:
        return []
    gap = text[vm.end():first.start]
    if len(gap) > 8 or re.search(r"[，。；：！？]", gap):
        return []
    listed = list_after(scene, k, objects)
    if rule.inverse:
        # (parts are listed with 、; 与 after the part joins a partner: X下属的A与B签订…)
        n = next((j + 1 for j, (a, b) in enumerate(zip(listed, listed[1:])) if text[a.end:b.start] != "、"), len(listed))
        listed = listed[:n]
    if text.startswith(rule.object_not_before, listed[-1].end):
        # 落实党的二十大精神: the object is what the name modifies, not the name
        return []
    return listed


def _passive_topic(scene: Scene, rule: SubjectVerbObject, subj: Mention, pos: int, s0: int) -> Mention | None:
    """The topic of a passive clause (X由A联合B共同创办，…) when ``subj`` is one of its agents and
    the verb at ``pos`` stands in a later clause: X; else None."""
    text = scene.text
    marker = text.rfind("由", s0, subj.start)
    if marker < 0 or re.search(r"[，。；：]", text[marker:subj.start]) or not re.search(r"[，；]", text[subj.end:pos]):
        return None
    k = index_before(scene, marker)
    topic = scene.mentions[k] if k >= 0 else None
    if topic is None or topic.start < s0 or scene.label(topic) not in rule.subjects \
            or text[topic.end:marker].strip(scene.words.adverbs + "是均") != "":
        return None
    return topic


def _copula_subject(scene: Scene, rule: SubjectVerbObject, subj: Mention, pos: int, s0: int) -> Mention:
    """The subject of a sentence that opens ``X是…的Y，`` when the clause of the verb at ``pos``
    names no subject of its own: X (吴某是A公司的一名高级技师，曾获…: 吴某, not A公司); else ``subj``."""
    text = scene.text
    c0 = max(text.rfind(c, s0, pos) for c in "，；")
    if c0 < 0 or subj.end > c0:
        return subj
    first = next((m for m in scene.in_span(s0, c0) if scene.label(m) in rule.subjects), None)
    # (the subject may have modifiers before it in its clause: 今年52岁的刘某是…)
    if first is None or first is subj or re.search(r"[，；：]", text[s0:first.start]) or not text.startswith("是", first.end):
        return subj
    return first


def _pronoun_person(scene: Scene, pos: int, s0: int) -> Mention | None:
    """The person a personal pronoun opening the clause of ``pos`` stands for (他, 她; not 他们,
    他人): the last person named before it in its article, not in a byline; else None."""
    text = scene.text
    clause = max(text.rfind(c, s0, pos) for c in "，。；：")
    at = clause + 1 if clause >= s0 else s0
    if text[at:at + 1] not in ("他", "她") or text[at + 1:at + 2] in ("们", "人"):
        return None
    art = scene.article_of(at)
    k = index_before(scene, at)
    while k >= 0:
        p = scene.mentions[k]
        if scene.article_of(p.start) != art:
            return None
        if scene.label(p) == "PERSON" and p.source != "byline":
            return p
        k -= 1
    return None


def _parties(scene: Scene, pos: int, s0: int) -> list[Mention]:
    """The two organisations a word for both (双方) opening the clause of the verb at ``pos``
    stands for (…A与B…，双方签订了《…协议》), or none."""
    both, text = scene.words.both, scene.text
    c0 = max(s0, max(text.rfind(c, s0, pos) for c in "，。；：") + 1)
    # (the word opens the verb's clause, or the sentence whose later clause it is: 双方围绕…
    # 交流了意见，签订了《…》)
    if not both or not (text.startswith(both, c0) or text.startswith(both, s0 + (text[s0] in "\n "))):
        return []
    return both_parties(scene, s0, pos)


def _other_subject(scene: Scene, rule: SubjectVerbObject, idx: int, pos: int, s0: int) -> bool:
    """True when a name of another label stands right before the verb at ``pos`` (4个X驿站获评…,
    only adverbs between): it is the verb's subject, and no person or organisation further back."""
    if idx < 0 or scene.mentions[idx].start < s0 or scene.label(scene.mentions[idx]) in rule.subjects:
        return False
    m, text = scene.mentions[idx], scene.text
    # (a place or recipient adjunct is none: 还在“爱心驿站”开展了…)
    adjunct = text[max(0, m.start - 3):m.start].rstrip("“‘\"")[-1:] in scene.words.adjunct
    gap = text[m.end:pos].strip("”’\"")
    return not adjunct and gap.strip(scene.words.adverbs) == ""


#: what closes a list of subjects before its verb: 等, a count and a kind (A、B等13个设区市总工会签订),
#: or a place adjunct with a word of acting together (A、B在青岛联合举办)
_LIST_CLOSE = re.compile(r"等(?:\d+|[一二两三四五六七八九十百几多]+)?[个家所支名位]?[\u4e00-\u9fff]{0,6}?(?:共同|联合|一起|一道|携手)?"
                         r"|在[\u4e00-\u9fff]{1,10}?(?:共同|联合|一起|一道|携手)")


def _co_subjects(scene: Scene, rule: SubjectVerbObject, subj: Mention, vm: re.Match, s0: int) -> list[Mention]:
    """The subjects acting with ``subj``: the list it closes right before the verb (A、B共同打造X,
    A、B等13个设区市总工会签订X);
    the organisation before a word of acting together (A联合B开展X, A还联合B…); the subject
    of the sentence before 与 (A…，与B联合推出X)."""
    text, words = scene.text, scene.words
    found = [subj]
    # (adverbs may stand first: A、B将共同开展X)
    between = text[subj.end:vm.start()].lstrip(words.adverbs)
    if between in ("", *words.together) or _LIST_CLOSE.fullmatch(between):
        found = [m for m in list_before(scene, scene.mentions.index(subj), rule.subjects) if m.start >= s0] or found
    lead = found[0]
    joint = scene.mentions[:bisect.bisect_left(scene.starts, lead.start)]
    gap = text[joint[-1].end:lead.start] if joint else ""
    if joint and scene.label(joint[-1]) in rule.subjects and joint[-1].start >= s0 \
            and gap.lstrip(words.adverbs) in words.joint and len(gap) - len(gap.lstrip(words.adverbs)) <= 3:
        found.insert(0, joint[-1])
    elif len(found) == 1 and subj.start > 0 and text[subj.start - 1] in words.with_:
        co = [m for m in scene.in_span(s0, subj.start) if scene.label(m) == "ORG"]
        if co:
            found.insert(0, co[-1])
    return found


def _svo_role(text: str, subj: Mention, vm: re.Match, roles: Sequence[str]) -> str | None:
    """The role a subject plays: the verb itself when it is one of ``roles`` (X指导Y), or a
    role verb opening a clause between the subject and the verb (X…，指导各级工会…，形成Y)."""
    if vm.group() in roles:
        return vm.group()
    if subj.end > vm.start():
        return None
    between = text[subj.end:vm.start()]
    for clause in re.split(r"[，,]", between)[1:]:
        role = next((r for r in roles if clause.startswith(r)), None)
        if role:
            return role
    return None


def _in_adjunct(scene: Scene, j: int, s0: int) -> bool:
    """True when mention ``j`` stands in a place or list adjunct rather than as a subject: in a
    list closed by 等 that a preposition opens (在A、B等18个地区开展…; but A、B等20家单位获评… is
    the subject), in a list a verb of visiting opens (走进A、B), or right after a preposition of
    place or recipient (在/向/为/给/对 B)."""
    text, m, words = scene.text, scene.mentions[j], scene.words
    first = list_before(scene, j, {"ORG", "PLACE", "PERSON"})[0]
    if _visited(scene, first, s0):
        # (调研组先后走进A、B: the bodies visited)
        return True
    if text.startswith("等", m.end):
        return first.start > s0 and text[first.start - 1] in words.clause_adjunct
    return m.start > s0 and text[m.start - 1] in words.adjunct


def _caused(scene: Scene, j: int, pos: int, s0: int) -> bool:
    """True when mention ``j`` is in a list a causative verb opens (推动A、B等平台企业建立工会)
    and a clause break stands between it and the verb at ``pos``: the later clause (，开展X)
    continues the subject of the causative verb, not the bodies it moves."""
    text, causative = scene.text, scene.words.causative
    m = scene.mentions[j]
    if not causative or not re.search(r"[，；]", text[m.end:pos]):
        return False
    first = list_before(scene, j, {"ORG", "PLACE", "PERSON"})[0]
    return text[max(s0, first.start - 4):first.start].endswith(causative)


def _describes(text: str, pos: int) -> bool:
    """True when the verb at ``pos`` stands in a description, not as what someone did: its
    clause says what something is (今年也是实施“十四五”规划…的关键之年)."""
    return "是" in text[clause_start(text, pos):pos]


def _has_subject_before(scene: Scene, pos: int, s0: int) -> bool:
    """True when the clause before ``pos`` names a person or organisation (so the sentence
    has a subject of its own)."""
    ms = scene.mentions
    for k in range(bisect.bisect_left(scene.starts, s0), len(ms)):
        if ms[k].start >= pos:
            return False
        if ms[k].end <= pos and scene.label(ms[k]) in {"PERSON", "ORG"} \
                and not _visited(scene, list_before(scene, k, {"ORG", "PLACE", "PERSON"})[0], s0):
            return True
    return False


def _visited(scene: Scene, first: Mention, s0: int) -> bool:
    """True when a verb of visiting (走进, 走访) opens the list that ``first`` begins."""
    visit = scene.words.visit
    return bool(visit) and scene.text[max(s0, first.start - 6):first.start].rstrip("先后分别一同").endswith(visit)
