"""Who takes part in what (participates_in): competitors and delegates by their title, units and
persons counted in a list, the recipients of the honour a ceremony confers."""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..model import Mention, Relation
from ..ner.words import clause_end, clause_start
from .rules import CeremonyRecipients, CountedUnits, EventPresence, ListedParticipants, ParticipantRole
from .cooperation import both_parties
from .scene import Scene, index_before, list_after, list_before, relation

__all__ = ['participant_role', 'counted_units', 'event_presence', 'listed_participants', 'ceremony_recipients']


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
                # (a delegate is at the congress, not at a committee's meeting named since)
                kinds = tuple(rule.title_events.get(word, ()))
                fitting = [m for m in prior if kinds and m.text.endswith(kinds)]
                target = (fitting or prior)[-1]
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
    the article); with ``verbs``, only when one of them follows the count (A、B等院校参赛)."""
    text = scene.text
    objects, subjects, count = rule.objects, rule.subjects, rule.count
    for i, m in enumerate(scene.mentions):
        cm = count.match(text, m.end + 1) if scene.label(m) in subjects and text.startswith("等", m.end) else None
        rest = text[cm.end():clause_end(text, cm.end())].lstrip(scene.words.adverbs) if cm is not None else ""
        if cm is None or rest.startswith(rule.not_before) or (rule.verbs and not rest.startswith(rule.verbs)):
            # (A等10家单位获评…: an honour, no taking part; with ``verbs``, one of them must follow)
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
        # (an event in the clause itself is part of a title: 党的二十大代表; one in an earlier
        # clause is what the list takes part in: …参与“安康杯”竞赛，A、B等企业积极参赛)
        c0 = max(s0, text.rfind("，", s0, orgs[0].start) + 1)
        before = [e for e in scene.mentions[:i] if scene.label(e) in objects and scene.article_of(e.start) == art and e.end < c0]
        if len({scene.key(e) for e in before}) != 1:
            continue
        target = before[-1]
        for org in orgs:
            rel = relation(scene, rule, scene.key(org), scene.key(target), None, org, target)
            if rel:
                yield rel


def event_presence(scene: Scene, rule: EventPresence) -> Iterable[Relation]:
    """Persons present at the event an article reports (:meth:`Scene.lead_event`): a person whose
    clause says they attended, spoke, presided or received something there (``words``) takes
    part in it, unless the clause names another event. A list of persons with their posts
    (A，B出席…) shares the verb of its last item."""
    text, leads = scene.text, {}
    for i, p in enumerate(scene.mentions):
        if scene.label(p) != "PERSON" or p.source == "byline":
            continue
        lead = _lead(scene, rule, leads, p.start)
        event = _at_meeting(scene, rule, p.start, lead) or _event_of_paragraph(scene, i) or lead
        c0 = clause_start(text, p.start)
        c1 = _clause_with_verb(scene, p, c0, rule.words)
        if c1 is None:
            continue
        event = _event_in_clause(scene, p, c0, c1, event)
        if event is None:
            continue
        rel = relation(scene, rule, scene.key(p), scene.key(event), None, p, event)
        if rel:
            yield rel
    yield from _reporting_bodies(scene, rule, leads)
    yield from _parties_at_meeting(scene, rule, leads)


def _event_in_clause(scene: Scene, p: Mention, c0: int, c1: int, event: Mention | None) -> Mention | None:
    """The event person ``p`` is at when the clause ``c0:c1`` names events: the one named after
    the person and before the next person (A、B在大会开幕式上和C在全委会上的讲话: C at the
    全委会, A and B at the article's ``event``), else ``event`` when the clause names no other
    before the person, else None."""
    ms = scene.in_span(c0, c1)
    nxt = next((m.start for m in ms if m.start >= p.end and scene.label(m) == "PERSON"), c1)
    after = [m for m in ms if p.end <= m.start < nxt and scene.label(m) == "EVENT"]
    if after:
        return after[0]
    if event is None or any(scene.label(m) == "EVENT" and scene.key(m) != scene.key(event) and m.end <= p.start for m in ms):
        return None
    return event


def _reporting_bodies(scene: Scene, rule: EventPresence, leads: dict) -> Iterable[Relation]:
    """Organisations listed right before a verb of reporting (A、B作交流发言) take part in the
    event: they report themselves, or through a named person acting for them (A代表、高级技师B作
    典型发言, B代表A致辞; guidelines: an organisation takes part where it reports)."""
    text, ms = scene.text, scene.mentions
    for i, m in enumerate(ms):
        if scene.label(m) != "ORG":
            continue
        if rule.org_report.match(text, m.end):
            group = list_before(scene, i, {"ORG"})
        elif text.startswith(rule.acting_for, m.end) and _reports_for(scene, rule, i):
            group = [m]
        elif _acted_for(scene, rule, i):
            group = [m]
        else:
            continue
        lead = _lead(scene, rule, leads, m.start)
        event = _at_meeting(scene, rule, m.start, lead) or _event_of_paragraph(scene, i) or lead
        if event is None:
            continue
        for org in group:
            rel = relation(scene, rule, scene.key(org), scene.key(event), None, org, event)
            if rel:
                yield rel


def _parties_at_meeting(scene: Scene, rule: EventPresence, leads: dict) -> Iterable[Relation]:
    """The two bodies a word for both (双方) stands for take part in the meeting their article
    reports when the sentence has them act there (双方…交流了意见，签订了《…》): they sign or
    speak themselves."""
    text, both = scene.text, scene.words.both
    if not both or not rule.party_words:
        return
    for bm in re.finditer("|".join(map(re.escape, both)), text):
        s0, s1 = scene.sentence_of(bm.start())
        if not any(w in text[bm.end():s1] for w in rule.party_words):
            continue
        event = _lead(scene, rule, leads, bm.start())
        if not _is_meeting(rule, event):
            continue
        for org in both_parties(scene, s0, bm.start()):
            rel = relation(scene, rule, scene.key(org), scene.key(event), None, org, event)
            if rel:
                yield rel


def _reports_for(scene: Scene, rule: EventPresence, i: int) -> bool:
    """Whether the first person named after organisation ``i`` in its clause (within its titles:
    A代表、高级技师B) reports right after the name (作典型发言)."""
    text, ms = scene.text, scene.mentions
    end = clause_end(text, ms[i].end)
    person = next((p for p in ms[i + 1:] if p.start < end and scene.label(p) == "PERSON"), None)
    return person is not None and person.start - ms[i].end <= 16 and text.startswith(rule.org_words, person.end)


def _lead(scene: Scene, rule: EventPresence, leads: dict, pos: int) -> Mention | None:
    """The event the article of ``pos`` reports (:meth:`Scene.lead_event`), found once per article
    (``leads``: article -> its event)."""
    art = scene.article_of(pos)
    if art not in leads:
        leads[art] = scene.lead_event(art, rule.lead_sentences)
    return leads[art]


def _is_meeting(rule: EventPresence, event: Mention | None) -> bool:
    """Whether ``event`` is a meeting (its name ends in one of ``meeting_heads``)."""
    return event is not None and event.text.endswith(tuple(rule.meeting_heads))


def _at_meeting(scene: Scene, rule: EventPresence, pos: int, lead: Mention | None) -> Mention | None:
    """The meeting the article reports (``lead``) when the sentence of ``pos`` opens with a word
    of ``at_meeting`` (会上，…) and ``lead`` is a meeting; else None."""
    if not rule.at_meeting or not _is_meeting(rule, lead):
        return None
    s0, _ = scene.sentence_of(pos)
    return lead if scene.text[s0:pos].lstrip("\n ").startswith(tuple(rule.at_meeting)) else None


def _acted_for(scene: Scene, rule: EventPresence, i: int) -> bool:
    """Whether a person right before organisation ``i`` acts for it there (B代表A致辞): 代表
    between them, and a word of presence in the rest of the clause."""
    text, ms = scene.text, scene.mentions
    if i == 0 or scene.label(ms[i - 1]) != "PERSON" or text[ms[i - 1].end:ms[i].start] != "代表":
        return False
    rest = text[ms[i].end:clause_end(text, ms[i].end)]
    return any(w in rest for w in rule.words)


def _event_of_paragraph(scene: Scene, i: int) -> Mention | None:
    """The last event named before mention ``i`` in its paragraph: the one a person further on
    in the paragraph is at, where an article reports several."""
    text, ms = scene.text, scene.mentions
    start = text.rfind("\n", 0, ms[i].start) + 1
    for j in range(i - 1, -1, -1):
        if ms[j].start < start:
            return None
        if scene.label(ms[j]) == "EVENT":
            return ms[j]
    return None


def _clause_with_verb(scene: Scene, p: Mention, c0: int, words) -> int | None:
    """Where the clause of person ``p`` that holds one of ``words`` ends: its own clause, or,
    when the person ends it (浙江省总工会副主席A，), the clauses after it that go on listing
    persons, up to three; None when none holds one."""
    text = scene.text
    c1 = clause_end(text, p.end)
    if any(w in text[c0:c1] for w in words):
        return c1
    for _ in range(3):
        if text[p.end:c1].strip("等") or text[c1:c1 + 1] != "，":
            return None
        nxt = clause_end(text, c1 + 1)
        persons = [m for m in scene.in_span(c1, nxt) if scene.label(m) == "PERSON"]
        if not persons:
            return None
        c1 = nxt
        if any(w in text[c0:c1] for w in words):
            return c1
        p = persons[-1]
    return None


def listed_participants(scene: Scene, rule: ListedParticipants) -> Iterable[Relation]:
    """Units or persons introduced as competitors (参赛企业有A、B、C; A、B等参赛单位) take part
    in the event of their sentence, else the one their article reports."""
    text, ms = scene.text, scene.mentions
    for wm in rule.word.finditer(text):
        pos = wm.end()
        link = next((l for l in rule.links_longest_first if text.startswith(l, pos)), "")
        k = bisect.bisect_left(scene.starts, pos + len(link))
        listed: list[Mention] = []
        if k < len(ms) and ms[k].start == pos + len(link) and scene.label(ms[k]) in rule.subjects:
            listed = list_after(scene, k, rule.subjects)
        else:
            idx = index_before(scene, wm.start())
            if idx >= 0 and scene.label(ms[idx]) in rule.subjects and re.fullmatch(r"等?(?:[\d一二三四五六七八九十百]+[家个名位支])?", text[ms[idx].end:wm.start()]):
                listed = list_before(scene, idx, rule.subjects)
        if not listed:
            continue
        s0, s1 = scene.sentence_of(wm.start())
        here = [m for m in scene.in_span(s0, s1) if scene.label(m) in rule.objects]
        event = here[0] if here else scene.lead_event(scene.article_of(wm.start()), rule.lead_sentences)
        if event is None:
            continue
        for m in listed:
            rel = relation(scene, rule, scene.key(m), scene.key(event), None, m, event)
            if rel:
                yield rel



def ceremony_recipients(scene: Scene, rule: CeremonyRecipients) -> Iterable[Relation]:
    """A ceremony named after the honour it confers (第四届“海河工匠”颁奖典礼, …劳动模范…表彰大会)
    has as participants those its article says received that honour (the received_award
    relations the rules before found)."""
    awards = [e for k, e in scene.entities.items() if k[0] == "AWARD"]
    received = [r for r in scene.found.values() if r.predicate == "received_award"]
    if not awards or not received:
        return
    first_in: dict = {}  # (key, article) -> the first mention of that entity in that article
    for p in scene.mentions:
        first_in.setdefault((scene.key(p), scene.article_of(p.start)), p)
    for m in scene.mentions:
        key = scene.key(m)
        if key is None or key[0] != "EVENT" or not key[1].endswith(rule.heads):
            continue
        honours = {(a.label, a.name) for a in awards if any(n in key[1] for n in (a.name, *a.aliases))}
        art = scene.article_of(m.start)
        for r in received:
            if r.object in honours and r.evidence.article == art:
                subj = first_in.get((r.subject, art))
                rel = relation(scene, rule, r.subject, key, None, *([subj] if subj else []), m)
                if rel:
                    yield rel
