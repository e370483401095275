"""Relation rules: mentions of one document -> relations, each naming the rule that made it.

The rules are data (``pipelines/relations.toml``): an id, a predicate, a *kind* and the
kind's word lists. A kind is one matching procedure below (``_kind_<name>``). All work on a
:class:`Scene`: the page text, its sentences, and the document's mentions with the entity
each one belongs to.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .text.articles import article_finder
from .model import ADMIN_LEVELS, SYMMETRIC, Article, Entity, Evidence, Mention, Normalized, Relation
from .ner.lexicon import Gazetteer, WordIndex
from .ner.heads import ends_with_head

__all__ = ["Scene", "extract_relations", "KINDS"]

Key = tuple[str, str]


@dataclass
class Scene:
    """Everything a rule may look at for one document."""

    doc_id: str
    normalized: Normalized
    articles: Sequence[Article]
    sentences: Sequence[tuple[int, int]]
    mentions: Sequence[Mention]          # resolved top-level mentions, sorted by start
    nested: Sequence[Mention]            # places and parents inside longer names
    places: Sequence[Mention]            # every gazetteer candidate (for written-together places)
    key_of: dict[tuple[int, int, str], Key]
    entities: dict[Key, Entity]
    gazetteer: Gazetteer
    roles: WordIndex
    joiners: Sequence[str] = ("、", "和", "与", "及")
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self._starts = [m.start for m in self.mentions]
        self._sent_starts = [a for a, _ in self.sentences]

    @property
    def text(self) -> str:
        return self.normalized.text

    def topic(self, article: str) -> Mention | None:
        """The organisation an article is about: the one it names most (at least twice),
        the earliest on a tie; the mention returned is its first in the article."""
        if not hasattr(self, "_topics"):
            counts: dict[str, dict[Key, list[Mention]]] = {}
            for m in self.mentions:
                k = self.key(m)
                if k and k[0] == "ORG":
                    counts.setdefault(m.article or self.article_of(m.start), {}).setdefault(k, []).append(m)
            self._topics = {}
            for art, by_key in counts.items():
                best = sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
                if best and len(best[0][1]) >= 2:
                    self._topics[art] = best[0][1][0]
        return self._topics.get(article)

    def key(self, m: Mention) -> Key | None:
        return self.key_of.get((m.start, m.end, m.label))

    def label(self, m: Mention) -> str | None:
        k = self.key(m)
        return k[0] if k else None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[max(i, 0)] if self.sentences else (0, len(self.text))

    def article_of(self, pos: int) -> str:
        """The id of the article that holds ``pos`` (see :func:`kg.text.articles.article_finder`)."""
        find = self.__dict__.get("_article_at")
        if find is None:
            find = self._article_at = article_finder(self.articles)
        return find(pos)

    def in_span(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def evidence(self, rule: str, *mentions: Mention) -> Evidence:
        start = min(m.start for m in mentions)
        end = max(m.end for m in mentions)
        s0, s1 = self.sentence_of(start)
        raw_start, raw_end = self.normalized.raw_span(start, end)
        return Evidence(self.doc_id, self.article_of(start), raw_start, raw_end, self.text[s0:s1].strip(), rule)


def anaphor_mentions(text: str, mentions: Sequence[Mention], key_of: dict, determiners: Sequence[str], heads: Sequence[str],
                     reach: int = 1500) -> list[tuple[Mention, Key]]:
    """Organisations referred back to as 该服务中心, 此联合会: a determiner and a tail of the name
    of an organisation named before in the same article (within ``reach`` characters), ending
    with one of its ``heads``. Each is returned with the key of that organisation, for the
    relation rules only (the entity keeps the names the text gives it).

    >>> ms = [Mention(0, 8, "临江市职工服务中心", "ORG", "t", "a1")]
    >>> key_of = {(0, 8, "ORG"): ("ORG", "临江市职工服务中心")}
    >>> t = "临江市职工服务中心揭牌。该服务中心推出“暖心集市”。"
    >>> [(m.text, k[1]) for m, k in anaphor_mentions(t, ms, key_of, ["该"], ["中心", "服务中心"])]
    [('该服务中心', '临江市职工服务中心')]
    """
    if not determiners or not heads:
        return []
    # by where they end, so that those within reach before a determiner are one slice
    orgs = sorted((m for m in mentions if m.label == "ORG" and key_of.get((m.start, m.end, m.label))), key=lambda m: (m.end, m.start))
    ends = [m.end for m in orgs]
    occupied = bytearray(len(text) + 1)
    for m in mentions:
        occupied[m.start:m.end] = b"\1" * (m.end - m.start)
    det = re.compile("|".join(map(re.escape, sorted(determiners, key=len, reverse=True))))
    out = []
    for dm in det.finditer(text):
        if occupied[dm.start()]:
            continue
        before = orgs[bisect.bisect_left(ends, dm.start() - reach):bisect.bisect_right(ends, dm.start())]
        if not before:
            continue
        best = None
        for k in range(10, 1, -1):
            tail = text[dm.end():dm.end() + k]
            if len(tail) < k or not ends_with_head(tail, heads) or any(occupied[dm.end():dm.end() + k]):
                continue
            ref = next((m for m in reversed(before) if m.text.endswith(tail) and len(m.text) > len(tail)
                        and m.article == (before[-1].article)), None)
            if ref is not None:
                best = (tail, ref)
                break
        if best:
            tail, ref = best
            m = Mention(dm.start(), dm.end() + len(tail), text[dm.start():dm.end() + len(tail)], "ORG", "anaphor", ref.article)
            out.append((m, key_of[(ref.start, ref.end, ref.label)]))
            occupied[m.start:m.end] = b"\1" * (m.end - m.start)
    return out


def _rel(scene: Scene, rule: dict, subj: Key | None, obj: Key | None, role: str | None, *ms: Mention) -> Relation | None:
    if not subj or not obj or subj == obj:
        return None
    return Relation(subj, rule["predicate"], obj, role or None, scene.evidence(rule["id"], *ms))


# ---------------------------------------------------------------------------------------------
# kinds


def _kind_name_place(scene: Scene, rule: dict) -> Iterable[Relation]:
    """A name that holds places lies in the most specific one (the last written). A name
    whose region was restored (省总工会 -> 云南省总工会) lies in the place its canonical name
    begins with, when that place is an entity of the document."""
    subjects = set(rule.get("subjects", []))
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
            # (an event's name must begin with a place, after a year or an edition at most:
            # 劳模工匠走进武汉…宣讲活动 is held in no place its name gives)
            lead = re.match(r"[“‘]?(?:\d{4}年)?(?:第[一二三四五六七八九十百\d]+[届次期]|首届)?", scene.text[m.start:m.end]).end()
            if inner and (key[0] != "EVENT" or min(n.start for n in inner) <= m.start + lead):
                last = max(inner, key=lambda n: (n.start, n.end))
                obj, where = scene.key_of.get((last.start, last.end, "PLACE")), m
                if obj:
                    break
        if obj is None and e.mentions:
            obj, where = _leading_place(key[1], scene.gazetteer, place_by_form), min(e.mentions, key=lambda m: m.start)
        if where is not None:
            rel = _rel(scene, rule, key, obj, None, where)
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


def _kind_adjacent_places(scene: Scene, rule: dict) -> Iterable[Relation]:
    """A smaller place written right after a larger one (广东省深圳市)."""
    gaz = scene.gazetteer
    by_start: dict[int, list[Mention]] = {}
    for p in scene.places:
        by_start.setdefault(p.start, []).append(p)
    for p in scene.places:
        for q in by_start.get(p.end, []):
            a, b = scene.key_of.get((p.start, p.end, "PLACE")), scene.key_of.get((q.start, q.end, "PLACE"))
            if not a or not b:
                continue
            la = _level(a, scene)
            lb = _level(b, scene)
            if la is not None and lb is not None and la < lb:
                rel = _rel(scene, rule, b, a, None, p, q)
                if rel:
                    yield rel


#: ``props["admin_level"]`` -> the level of the division table (smaller: larger place).
_LEVEL_OF = {name: level for level, name in ADMIN_LEVELS.items()}


def _level(key: Key, scene: Scene) -> int | None:
    e = scene.entities.get(key)
    if not e:
        return None
    return _LEVEL_OF.get(e.props.get("admin_level", ""))


def _kind_held_at(scene: Scene, rule: dict) -> Iterable[Relation]:
    """An event followed by 在 PLACE 举办: the event lies at the place; so does an event
    written right after 在 PLACE (在国家会展中心（天津）第二届全国技能大赛…现场)."""
    text = scene.text
    subjects, objects = set(rule["subjects"]), set(rule["objects"])
    for i, m in enumerate(scene.mentions[:-1]):
        nxt = scene.mentions[i + 1]
        if rule.get("venue_before") and scene.label(m) in objects and scene.label(nxt) in subjects and nxt.start == m.end \
                and any(text.endswith(b, 0, m.start) for b in rule["before"]):
            rel = _rel(scene, rule, scene.key(nxt), scene.key(m), None, m, nxt)
            if rel:
                yield rel
    for i, m in enumerate(scene.mentions):
        if scene.label(m) not in subjects:
            continue
        pos = m.end
        while pos < len(text) and text[pos] in "”’\"":
            pos += 1
        if not any(text.startswith(b, pos) for b in rule["before"]):
            continue
        pos += 1
        nxt = [n for n in scene.mentions[i + 1:i + 4] if n.start == pos and scene.label(n) in objects]
        if not nxt:
            continue
        place = nxt[0]
        # a chain of places (福建省福州市工人文化宫) ends in the one the event is at
        j = scene.mentions.index(place)
        while j + 1 < len(scene.mentions) and scene.mentions[j + 1].start == scene.mentions[j].end and scene.label(scene.mentions[j + 1]) in objects:
            j += 1
            place = scene.mentions[j]
        after = text[place.end:place.end + 4]
        if any(after.startswith(a) for a in rule["after"]):
            rel = _rel(scene, rule, scene.key(m), scene.key(place), None, m, place)
            if rel:
                yield rel


def _last_before(mentions: Sequence[Mention], idx: int, test: Callable[[Mention], bool]) -> Mention | None:
    """The last of ``mentions[:idx]`` that passes ``test`` (looked for from ``idx`` back)."""
    for i in range(idx - 1, -1, -1):
        if test(mentions[i]):
            return mentions[i]
    return None


def _kind_name_parent(scene: Scene, rule: dict) -> Iterable[Relation]:
    """The parent organisation written at the start of a longer name. A body of a kind the
    parent has too (``same_kind``: 云南建投集团柬埔寨区域工会) belongs to the parent's own
    body of that kind (云南建投集团工会) when the page names it."""
    kinds = tuple(rule.get("same_kind", []))
    for n in scene.nested:
        if n.label != "ORG":
            continue
        i = bisect.bisect_left(scene._starts, n.start)  # the mentions that start with it
        for m in scene.mentions[i:bisect.bisect_right(scene._starts, n.start)]:
            if m.start == n.start and m.end > n.end and scene.label(m) == "ORG":
                parent = scene.key_of.get((n.start, n.end, "ORG"))
                kind = next((k for k in kinds if m.text.endswith(k) and not n.text.endswith(k)), None)
                if parent and kind and ("ORG", parent[1] + kind) in scene.entities and ("ORG", parent[1] + kind) != scene.key(m):
                    parent = ("ORG", parent[1] + kind)
                rel = _rel(scene, rule, scene.key(m), parent, None, m)
                if rel:
                    yield rel
                break


def _role_segments(gap: str, scene: Scene, rule: dict) -> list[str] | None:
    """Split the text between an organisation and a name into posts, or None if it is not
    a list of posts (each must end with a post word). Quote marks closing the organisation's
    name (“饿了么”骑手) and spaces before the name (记者 牟宇) are not part of the posts."""
    gap = gap.lstrip("”’\"").rstrip(" ")
    if not gap or len(gap) > rule.get("max_role_chars", 16) * 2:
        return None
    parts = [p for p in re.split("|".join(map(re.escape, rule.get("role_separators", ["、"]))), gap) if p]
    roles = []
    for p in parts:
        if len(p) > rule.get("max_role_chars", 16) or re.search(r"[，。；：！？\s“”]", p):
            return None
        if not any(end == len(p) for _, end, _ in scene.roles.finditer(p)):
            return None
        roles.append(p)
    return roles or None


def _kind_org_role_person(scene: Scene, rule: dict) -> Iterable[Relation]:
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
            roles = _role_segments(text[org.end:right], scene, rule)
            if not roles:
                break
            for role in roles:
                rel = _rel(scene, rule, scene.key(person), scene.key(org), role, org, person)
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


def _kind_person_org_role(scene: Scene, rule: dict) -> Iterable[Relation]:
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
        if link not in rule["links"]:
            continue
        end = org.end
        stop = re.compile(r"[，。；：！？（）\n]")
        nxt = ms[i + 2].start if i + 2 < len(ms) else len(text)
        m = stop.search(text, end)
        limit = min(m.start() if m else len(text), nxt)
        roles = _role_segments(text[end:limit], scene, {**rule, "role_separators": ["、"]})
        for role in roles or []:
            rel = _rel(scene, rule, scene.key(person), scene.key(org), role, person, org)
            if rel:
                yield rel


def _list_before(scene: Scene, idx: int, labels: set[str]) -> list[Mention]:
    """Mentions of ``labels`` forming a list that ends with mention ``idx``."""
    ms, text = scene.mentions, scene.text
    out = [ms[idx]]
    j = idx
    while j - 1 >= 0:
        prev = ms[j - 1]
        gap = text[prev.end:ms[j].start]
        if scene.label(prev) in labels and gap in scene.joiners:
            out.insert(0, prev)
            j -= 1
        else:
            break
    return out


def _list_after(scene: Scene, idx: int, labels: set[str]) -> list[Mention]:
    """Mentions of ``labels`` listed from mention ``idx`` on: joined by a list joiner, written
    back to back (“A”“B”), with a short modifier after 、 before a quoted one (、女职工“B”),
    and the whole the list ends with (A、B等“C”)."""
    ms, text = scene.mentions, scene.text
    out = [ms[idx]]
    j = idx
    while j + 1 < len(ms):
        nxt = ms[j + 1]
        gap = text[ms[j].end:nxt.start]
        if scene.label(nxt) not in labels:
            break
        if gap in scene.joiners or gap == "" or gap == "等" or (
            gap.startswith("、") and len(gap) <= 5 and text[nxt.start] in "“‘" and not re.search(r"[，。；：！？]", gap)
        ):
            out.append(nxt)
            j += 1
        else:
            break
    return out


def _mention_index_before(scene: Scene, pos: int) -> int:
    return bisect.bisect_left(scene._starts, pos) - 1


def _kind_role_list(scene: Scene, rule: dict) -> Iterable[Relation]:
    """由A、B主办，C承办: each listed organisation organises the sentence's event."""
    text = scene.text
    roles: dict[str, str] = rule["roles"]
    objects = set(rule["objects"])
    pattern = re.compile("|".join(re.escape(v) for v in sorted(roles, key=len, reverse=True)))
    for vm in pattern.finditer(text):
        idx = _mention_index_before(scene, vm.start())
        if idx < 0:
            continue
        last = scene.mentions[idx]
        between = text[last.end:vm.start()]
        if scene.label(last) != "ORG" or not re.fullmatch(r"(?:(?:、?[\u4e00-\u9fff]{1,8})?等(?:单位|部门|机构|企业|组织)?)?(?:共同|联合)?", between):
            continue
        orgs = _list_before(scene, idx, {"ORG"})
        s0, s1 = scene.sentence_of(vm.start())
        targets = [m for m in scene.in_span(s0, s1) if scene.label(m) in objects]
        after = [m for m in targets if m.start >= vm.end()]
        before = [m for m in targets if m.end <= orgs[0].start]
        anaphor = any(a in text[s0:vm.start()] for a in rule.get("anaphors", []))
        here = scene.article_of(vm.start())
        prior = _last_before(scene.mentions, idx, lambda m: scene.label(m) in objects and m.start < s0 and scene.article_of(m.start) == here) if anaphor else None
        if prior is not None:
            # 此次活动由…主办: the event is the one named before
            target = prior
        elif after and after[0].start - vm.end() <= 12:
            target = after[0]
        elif before:
            target = before[-1]
        elif after:
            target = after[0]
        else:
            prior = _last_before(scene.mentions, idx, lambda m: scene.label(m) == "EVENT" and scene.article_of(m.start) == here)
            if prior is None:
                continue
            target = prior
        role = roles[vm.group()]
        for org in orgs:
            rel = _rel(scene, rule, scene.key(org), scene.key(target), role, org, target)
            if rel:
                yield rel


def _kind_subject_verb_object(scene: Scene, rule: dict) -> Iterable[Relation]:
    """SUBJECT … verb OBJECT[、OBJECT…] within one sentence: the subject is the nearest
    mention of a subject label before the verb, the objects those right after it."""
    text = scene.text
    subjects, objects = set(rule["subjects"]), set(rule["objects"])
    max_gap = int(rule.get("max_gap", 20))
    pattern = re.compile("|".join(re.escape(v) for v in sorted(rule["verbs"], key=len, reverse=True)))
    for vm in pattern.finditer(text):
        s0, s1 = scene.sentence_of(vm.start())
        idx = _mention_index_before(scene, vm.start())
        # the verb must not sit inside a mention
        if idx >= 0 and scene.mentions[idx].end > vm.start():
            continue
        subj = None
        j = idx
        while j >= 0 and scene.mentions[j].start >= s0:
            m = scene.mentions[j]
            if scene.label(m) in subjects and not (rule.get("skip_agents") and text[m.start - 1:m.start] in ("被", "经")) \
                    and not _in_adjunct(text, m, s0):
                subj = m
                break
            # 被 AGENT 评为: the agent of a passive is not the subject; an object between them belongs to an earlier verb of the same subject
            # (X深化A，举办B，开展C): the search goes on past it
            j -= 1
        if subj is None and rule.get("fallback") == "article_topic" and not _has_subject_before(scene, vm.start(), s0):
            # a sentence with no subject of its own continues the article's organisation
            # (the organisation may be named first in the headline, after the body)
            subj = scene.topic(scene.article_of(vm.start()))
            if subj is None:
                continue
        elif subj is None:
            continue
        elif vm.start() - subj.end > max_gap:
            # far from its verb, a subject still counts when it is what the article is about
            topic = scene.topic(scene.article_of(vm.start())) if rule.get("fallback") == "article_topic" else None
            if topic is None or scene.key(topic) != scene.key(subj):
                continue
        k = bisect.bisect_left(scene._starts, vm.end())
        if k >= len(scene.mentions):
            continue
        first = scene.mentions[k]
        if first.start >= s1 or scene.label(first) not in objects:
            continue
        gap = text[vm.end():first.start]
        if len(gap) > 8 or re.search(r"[，。；：！？]", gap):
            continue
        subjects_found = [subj]
        joint = scene.mentions[:bisect.bisect_left(scene._starts, subj.start)]
        if rule.get("co_subjects") and joint and scene.label(joint[-1]) in subjects and text[joint[-1].end:subj.start] in ("联合", "会同", "携手"):
            # A联合B开展X: A acts too
            subjects_found.insert(0, joint[-1])
        elif subj.start > 0 and text[subj.start - 1] in "与和同跟" and rule.get("co_subjects"):
            # A…，与B联合推出X: A acts too
            co = [m for m in scene.in_span(s0, subj.start) if scene.label(m) == "ORG"]
            if co:
                subjects_found.insert(0, co[-1])
        role = _svo_role(text, subj, vm, rule.get("roles", []))
        for obj in _list_after(scene, k, objects):
            for sm in subjects_found:
                rel = _rel(scene, rule, scene.key(sm), scene.key(obj), role, sm, obj)
                if rel:
                    yield rel


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


def _in_adjunct(text: str, m: Mention, s0: int) -> bool:
    """True when mention ``m`` stands in a place or list adjunct rather than as a subject:
    listed before 等 (在A、B等18个地区开展…), or right after a preposition of place or
    recipient (在/向/为/给/对 B)."""
    if text.startswith("等", m.end):
        return True
    return m.start > s0 and text[m.start - 1] in "在向为给对"


def _has_subject_before(scene: Scene, pos: int, s0: int) -> bool:
    """True when the clause before ``pos`` names a person or organisation (so the sentence
    has a subject of its own)."""
    return any(scene.label(m) in {"PERSON", "ORG"} for m in scene.in_span(s0, pos))


def _kind_cooperation(scene: Scene, rule: dict) -> Iterable[Relation]:
    """Organisations joined by a word of cooperation act together, pairwise."""
    text = scene.text
    words = sorted(rule["words"], key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    tail_words = set(rule.get("tail_words", []))
    verbs = rule.get("tail_verbs", [])
    tail_gap = re.compile("(?:%s)[^，。；：]{0,30}" % "|".join(map(re.escape, verbs))) if verbs else None
    seen = set()
    for wm in pattern.finditer(text):
        idx = _mention_index_before(scene, wm.start())
        if idx < 0:
            continue
        last = scene.mentions[idx]
        if last.end > wm.start() or scene.label(last) != "ORG":
            continue
        s0, _ = scene.sentence_of(wm.start())
        gap = text[last.end:wm.start()]
        group: list[Mention] = []
        if gap == "" or re.fullmatch(r"等[^，。；]{0,40}", gap):
            group = [m for m in _list_before(scene, idx, {"ORG"}) if m.start >= s0]
        elif tail_gap and wm.group() in tail_words and tail_gap.fullmatch(gap):
            # A、B深化技能竞赛等方面的合作: a listed subject whose object is its cooperation
            group = [m for m in _list_before(scene, idx, {"ORG"}) if m.start >= s0]
            group = group if len(group) > 1 else []
        # A联合B / A携手B: the organisation right after the word
        k = idx + 1
        if k < len(scene.mentions) and scene.mentions[k].start == wm.end() and scene.label(scene.mentions[k]) == "ORG" and gap == "":
            group = group + _list_after(scene, k, {"ORG"})
        # A与B一道 / A与B共同 / A…，与B联合…: the subject before 与 joins the group
        if len(group) == 1 and last.start > 0 and text[last.start - 1] in "与和同跟":
            before = [m for m in scene.in_span(s0, last.start) if scene.label(m) == "ORG"]
            if before:
                group = [before[-1]] + group
        keys = []
        for m in group:
            k2 = scene.key(m)
            if k2 and k2 not in [x[0] for x in keys]:
                keys.append((k2, m))
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                (ka, ma), (kb, mb) = keys[a], keys[b]
                pair = tuple(sorted([ka, kb]))
                if pair in seen:
                    continue
                seen.add(pair)
                rel = _rel(scene, rule, pair[0], pair[1], None, ma, mb)
                if rel:
                    yield rel


def _kind_title_before_name(scene: Scene, rule: dict) -> Iterable[Relation]:
    """Award titles written before a name, as attributes: 全国劳动模范蒋秋香;
    全国五一劳动奖章获得者、全国技术能手、中国船舶集团首席技师朱先波 (a post in between)."""
    text = scene.text
    ms = scene.mentions
    joiners = set(rule["joiners"])
    for i, person in enumerate(ms):
        if scene.label(person) != "PERSON":
            continue
        j = i - 1
        right = person.start
        # step over "ORG post" right before the name
        if j >= 0 and scene.label(ms[j]) == "ORG" and _role_segments(text[ms[j].end:right], scene, {"role_separators": ["、"]}):
            right = ms[j].start
            j -= 1
        while j >= 0 and scene.label(ms[j]) == "AWARD":
            gap = text[ms[j].end:right]
            if gap not in joiners and gap.rstrip("、") not in joiners:
                break
            rel = _rel(scene, rule, scene.key(person), scene.key(ms[j]), None, ms[j], person)
            if rel:
                yield rel
            right = ms[j].start
            j -= 1


def _kind_pilot_unit(scene: Scene, rule: dict) -> Iterable[Relation]:
    """作为…PROGRAMME试点单位，ORG… / ORG是…PROGRAMME试点单位."""
    text = scene.text
    pattern = re.compile("|".join(re.escape(w) for w in sorted(rule["words"], key=len, reverse=True)))
    for wm in pattern.finditer(text):
        idx = _mention_index_before(scene, wm.start())
        if idx < 0:
            continue
        prog = scene.mentions[idx]
        if scene.label(prog) not in {"PROGRAMME"} or wm.start() - prog.end > 2:
            continue
        s0, s1 = scene.sentence_of(wm.start())
        if "作为" in text[s0:prog.start]:
            after = [m for m in scene.in_span(wm.end(), s1) if scene.label(m) == "ORG"]
            unit = after[0] if after else None
        else:
            before = [m for m in scene.in_span(s0, prog.start) if scene.label(m) == "ORG"]
            unit = before[-1] if before else None
        if unit is not None:
            rel = _rel(scene, rule, scene.key(unit), scene.key(prog), None, unit, prog)
            if rel:
                yield rel


def _kind_pilot_organiser(scene: Scene, rule: dict) -> Iterable[Relation]:
    """全国总工会第二批产业工人队伍建设改革试点单位: the organisation whose pilot units they
    are runs the programme."""
    text = scene.text
    pattern = re.compile("|".join(re.escape(w) for w in sorted(rule["words"], key=len, reverse=True)))
    for wm in pattern.finditer(text):
        idx = _mention_index_before(scene, wm.start())
        if idx < 1:
            continue
        prog, org = scene.mentions[idx], scene.mentions[idx - 1]
        if scene.label(prog) != "PROGRAMME" or wm.start() - prog.end > 2 or scene.label(org) != "ORG":
            continue
        if re.fullmatch(rule.get("between", r"(?:第[一二三四五六七八九十\d]+批)?"), text[org.end:prog.start]):
            rel = _rel(scene, rule, scene.key(org), scene.key(prog), None, org, prog)
            if rel:
                yield rel


def _kind_participant_role(scene: Scene, rule: dict) -> Iterable[Relation]:
    """A person introduced by a competitor's or delegate's title takes part in the event:
    the event named in the title (党的二十大代表、…姚婕), else the nearest one named before in
    the article, or before the article when it names none (集成电路工程技术项目选手邱文挺,
    after 第二届全国技能大赛)."""
    text = scene.text
    words = sorted(rule["words"], key=len, reverse=True)
    objects = set(rule.get("objects", ["EVENT"]))
    for i, person in enumerate(scene.mentions):
        if scene.label(person) != "PERSON":
            continue
        s0, _ = scene.sentence_of(person.start)
        before = text[max(s0, person.start - int(rule.get("window", 16))):person.start]
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
                if not prior or not rule.get("article_event"):
                    continue
                target = prior[-1]
            rel = _rel(scene, rule, scene.key(person), scene.key(target), None, target, person)
            if rel:
                yield rel
            break


def _kind_examples(scene: Scene, rule: dict) -> Iterable[Relation]:
    """例如，A、B合力推动…；C深化…: the organisations that open the clauses of an example
    sentence run the programme that the sentence before it carries forward (推动“P”…落实).

    The sentence before must name one programme or event right after one of ``verbs``; each
    clause of the example sentence (up to its 。) must begin with a list of organisations
    followed by a word of acting together (``together``) or one of ``verbs``.
    """
    text = scene.text
    objects = set(rule["objects"])
    verbs = sorted(rule["verbs"], key=len, reverse=True)
    acting = tuple(sorted(list(rule.get("together", [])) + verbs, key=len, reverse=True))
    verb_re = re.compile("|".join(map(re.escape, verbs)))
    opener_re = re.compile("(?<=[。！？])\\s*(?:%s)[，,：:]" % "|".join(map(re.escape, rule["openers"])))
    for om in opener_re.finditer(text):
        end = min([i for i in (text.find(c, om.end()) for c in "。！？") if i >= 0] or [len(text)])
        p0 = max(text.rfind(c, 0, om.start() - 1) for c in "。！？\n") + 1
        prior = scene.in_span(p0, om.start())
        targets = set()
        for vm in verb_re.finditer(text, p0, om.start()):
            k = bisect.bisect_left(scene._starts, vm.end())
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
            k = bisect.bisect_left(scene._starts, c0)
            if k >= len(scene.mentions) or scene.mentions[k].start != c0 or scene.label(scene.mentions[k]) != "ORG":
                continue
            orgs = _list_after(scene, k, {"ORG"})
            if not text.startswith(acting, orgs[-1].end):
                continue
            for org in orgs:
                rel = _rel(scene, rule, scene.key(org), scene.key(target), None, org, target)
                if rel:
                    yield rel


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


def _kind_counted_units(scene: Scene, rule: dict) -> Iterable[Relation]:
    """已有A、B、C等10家单位共1500余人完成体检: organisations listed before 等 and a count of
    units take part in the event their article is about (the one event named before them in
    the article)."""
    text = scene.text
    objects = set(rule["objects"])
    subjects = set(rule.get("subjects", ["ORG"]))
    count = re.compile(rule["count"])
    for i, m in enumerate(scene.mentions):
        cm = count.match(text, m.end + 1) if scene.label(m) in subjects and text.startswith("等", m.end) else None
        if cm is None:
            continue
        s0, _ = scene.sentence_of(m.start)
        if rule.get("whole_sentence"):
            # persons introduced with their titles (A，全国技术能手B，…C等4位劳模): every one
            # the sentence names, when the count written says as many
            orgs = [x for x in scene.in_span(s0, m.end) if scene.label(x) in subjects]
            written = _number(cm.group(1)) if cm.groups() else None
            if written != len({scene.key(x) for x in orgs}):
                continue
        else:
            orgs = _list_before(scene, i, subjects)
        art = scene.article_of(m.start)
        # (an event in the sentence itself is part of a title: 党的二十大代表)
        before = [e for e in scene.mentions[:i] if scene.label(e) in objects and scene.article_of(e.start) == art and e.end <= s0]
        if len({scene.key(e) for e in before}) != 1:
            continue
        target = before[-1]
        for org in orgs:
            rel = _rel(scene, rule, scene.key(org), scene.key(target), None, org, target)
            if rel:
                yield rel


KINDS: dict[str, Callable[[Scene, dict], Iterable[Relation]]] = {
    "counted_units": _kind_counted_units,
    "examples": _kind_examples,
    "name_place": _kind_name_place,
    "adjacent_places": _kind_adjacent_places,
    "held_at": _kind_held_at,
    "name_parent": _kind_name_parent,
    "org_role_person": _kind_org_role_person,
    "person_org_role": _kind_person_org_role,
    "role_list": _kind_role_list,
    "subject_verb_object": _kind_subject_verb_object,
    "cooperation": _kind_cooperation,
    "title_before_name": _kind_title_before_name,
    "pilot_unit": _kind_pilot_unit,
    "participant_role": _kind_participant_role,
    "pilot_organiser": _kind_pilot_organiser,
}


def _allowed(rel: Relation) -> bool:
    from .model import PREDICATES

    subj_ok, obj_ok = PREDICATES[rel.predicate]
    return rel.subject[0] in subj_ok and rel.object[0] in obj_ok


def extract_relations(scene: Scene, rules: Sequence[dict]) -> list[Relation]:
    """Run every rule; keep relations whose ends have the labels the predicate allows, once
    per (subject, predicate, object, role) with the first evidence found, in a stable order."""
    seen: dict = {}
    for rule in rules:
        kind = KINDS.get(rule["kind"])
        if kind is None:
            raise ValueError(f"relation rule {rule.get('id')!r}: unknown kind {rule['kind']!r}")
        for rel in kind(scene, rule):
            if not _allowed(rel):
                continue
            key = (rel.subject, rel.predicate, rel.object, rel.role)
            if rel.predicate in SYMMETRIC:
                a, b = sorted([rel.subject, rel.object])
                key = (a, rel.predicate, b, rel.role)
            seen.setdefault(key, rel)
    # a fact found with its role makes the same fact without one redundant
    with_role = {(r.subject, r.predicate, r.object) for r in seen.values() if r.role}
    kept = [r for r in seen.values() if r.role or (r.subject, r.predicate, r.object) not in with_role]
    return sorted(kept, key=lambda r: (r.predicate, r.subject, r.object, r.role or "", r.evidence.start))
