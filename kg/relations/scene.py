"""What the relation rules look at: a :class:`Scene` of one document (its text, sentences,
mentions and the entity of each), and the walks over its mentions that several kinds share."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..model import Article, Entity, Evidence, Mention, Normalized, Relation
from ..ner.lexicon import Gazetteer, WordIndex
from ..text.articles import article_finder
from .rules import FunctionWords, Rule

__all__ = ['Key', 'Scene', 'relation', 'index_before', 'last_before', 'list_before', 'list_after', 'persons_listed_after']

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
    words: FunctionWords = field(default_factory=FunctionWords)  # grammar words of relations.toml
    dates: Sequence[Mention] = ()        # date expressions outside names, sorted by start
    timeless: frozenset[str] = frozenset()  # rule kinds whose facts take no date (dates.toml)
    starts: list[int] = field(default_factory=list)  # where each mention starts
    #: the relations the rules before have found, by key (filled by the engine as it runs them)
    found: dict = field(default_factory=dict)

    def __post_init__(self):
        self.starts = [m.start for m in self.mentions]
        self._sent_starts = [a for a, _ in self.sentences]
        self._date_starts = [d.start for d in self.dates]

    @property
    def text(self) -> str:
        return self.normalized.text

    def topic(self, article: str) -> Mention | None:
        """The organisation an article is about: the one it names most (at least twice); on a
        tie a union (the news is the unions'), then the earliest; the mention returned is its
        first in the article."""
        if not hasattr(self, "_topics"):
            counts: dict[str, dict[Key, list[Mention]]] = {}
            for m in self.mentions:
                k = self.key(m)
                if k and k[0] == "ORG":
                    counts.setdefault(m.article or self.article_of(m.start), {}).setdefault(k, []).append(m)
            self._topics = {}
            for art, by_key in counts.items():
                best = sorted(by_key.items(), key=lambda kv: (-len(kv[1]), not self._union(kv[0]), kv[1][0].start))
                if best and len(best[0][1]) >= 2:
                    self._topics[art] = best[0][1][0]
        return self._topics.get(article)

    def _union(self, key: Key) -> bool:
        e = self.entities.get(key)
        return e is not None and e.props.get("org_type") == "trade_union"

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
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def lead_event(self, article: str, reach: int) -> Mention | None:
        """The event an article reports: the first event named in its first ``reach``
        sentences (line breaks, sentences of their own, do not count); of a series and its
        occasion joined by a dash, the occasion."""
        art = next((a for a in self.articles if a.id == article), None)
        if art is None:
            return None
        k = bisect.bisect_left(self._sent_starts, art.start)
        limit, seen = art.end, 0
        for a, b in self.sentences[k:]:
            seen += bool(self.text[a:b].strip())
            if seen == reach:
                limit = b
                break
        events = [m for m in self.in_span(art.start, min(art.end, limit)) if self.label(m) == "EVENT"]
        if not events:
            return None
        first = events[0]
        for m in events[1:]:
            # a series and its edition written with a dash (2024年全国行业职业技能竞赛——第三届…大赛总决赛):
            # the one after the dash is the occasion reported
            if self.text[first.end:m.start] in ("——", "—", "－－"):
                first = m
        return first

    def sentence_index(self, pos: int) -> int:
        """The index in :attr:`sentences` of the sentence that holds ``pos`` (0 without any)."""
        return max(bisect.bisect_right(self._sent_starts, pos) - 1, 0)

    def evidence(self, rule: str, *mentions: Mention, ends: tuple[Key, Key] | None = None, dated: bool = True) -> Evidence:
        """Where a fact was read from ``mentions``: the sentence, or the run of sentences,
        that names both of its ``ends`` (the subject's and the object's key).

        Each end is looked for first in the sentences of ``mentions``; an end those sentences
        do not name (an organisation named sentences before, a region prefix the text left
        out) is taken from the sentence nearest to them that names it, in the same article
        where one does. The range is that of the two ends' mentions in those sentences, so it
        never runs past them. Without ``ends``, or when an end is named nowhere, the sentence
        of the first mention and the range of all of them. The date is that of :meth:`date_in`
        (none unless ``dated``).
        """
        passage = self._passage(mentions, ends) if ends else None
        if passage is None:
            start = min(m.start for m in mentions)
            end = max(m.end for m in mentions)
            first = last = self.sentence_index(start)
        else:
            (first, last), (start, end) = passage
        if self.sentences:
            sentence = "".join(self.text[a:b].strip() for a, b in self.sentences[first:last + 1])
            lo, hi = self.sentences[first][0], self.sentences[last][1]
        else:
            sentence, lo, hi = self.text.strip(), 0, len(self.text)
        raw_start, raw_end = self.normalized.raw_span(start, end)
        date = self.date_in(lo, end) if dated else ""
        return Evidence(self.doc_id, self.article_of(start), raw_start, raw_end, sentence, rule, date)

    def date_in(self, lo: int, pos: int) -> str:
        """The date the text from ``lo`` states for what is read up to ``pos``: the last date
        expression that starts in ``[lo, pos)`` (``""`` if none). A time phrase comes before
        the verb it dates (9月17日，…在…举行); a date after what was read is about something
        else (…副主席张驰介绍，2016年以来，…)."""
        i, j = bisect.bisect_left(self._date_starts, lo), bisect.bisect_left(self._date_starts, pos)
        return self.dates[j - 1].text if j > i else ""

    def _named(self, key: Key) -> list[tuple[int, int, int]]:
        """``(sentence, start, end)`` of every mention of ``key`` (mentions, anaphors, names and
        gazetteer places inside longer names), in text order."""
        index = self.__dict__.get("_named_index")
        if index is None:
            index = self._named_index = {}
            for m in (*self.mentions, *self.nested, *self.places):
                k = self.key(m)
                if k:
                    index.setdefault(k, set()).add((self.sentence_index(m.start), m.start, m.end))
            for k, spans in index.items():
                index[k] = sorted(spans)
        return index.get(key, [])

    def _passage(self, mentions: Sequence[Mention], ends: tuple[Key, Key]) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """``((first sentence, last sentence), (start, end))`` of :meth:`evidence`, or None."""
        anchors = sorted({self.sentence_index(m.start) for m in mentions})
        lo, hi = self._article_range(min(m.start for m in mentions))
        where = []  # for each end: sentence -> the span of its first mention there
        for key in ends:
            spans = self._named(key)
            spans = [s for s in spans if lo <= s[1] < hi] or spans
            if not spans:
                return None
            first_in: dict[int, tuple[int, int]] = {}
            for i, start, end in spans:
                first_in.setdefault(i, (start, end))
            where.append(first_in)
        pair = _nearest_pair(anchors, where[0], where[1])
        chosen = []
        for key, first_in, i in zip(ends, where, pair):
            # the mention the rule read, where it lies in that sentence, else the first there
            given = [(m.start, m.end) for m in mentions if self.key(m) == key and self.sentence_index(m.start) == i]
            chosen.append(given[0] if given else first_in[i])
        return (min(pair), max(pair)), (min(c[0] for c in chosen), max(c[1] for c in chosen))

    def _article_range(self, pos: int) -> tuple[int, int]:
        """The range of the article that holds ``pos`` (the whole text without articles)."""
        ranges = self.__dict__.get("_article_ranges")
        if ranges is None:
            ranges = self._article_ranges = {a.id: (a.start, a.end) for a in self.articles}
        return ranges.get(self.article_of(pos), (0, len(self.text)))


def _nearest_pair(anchors: Sequence[int], subject: dict[int, object], obj: dict[int, object]) -> tuple[int, int]:
    """The sentences ``(i, j)`` of the subject and the object to cite: one of them a sentence
    of the rule's mentions (``anchors``) that names its end, the other the nearest sentence
    that names the other end; the closest such pair, one in which both are anchors on a tie.
    When no anchor names either end, the sentence of each nearest to the anchors.

    >>> _nearest_pair([5], {5: 0}, {1: 0, 4: 0, 9: 0})
    (5, 4)
    >>> _nearest_pair([2, 7], {2: 0}, {7: 0, 3: 0})
    (2, 3)
    >>> _nearest_pair([3], {1: 0}, {6: 0})
    (1, 6)
    """
    best = None
    for a in anchors:
        for i_here, here, there in ((0, subject, obj), (1, obj, subject)):
            if a not in here:
                continue
            j = min(there, key=lambda j: (abs(j - a), j))
            pair = (a, j) if i_here == 0 else (j, a)
            cost = (abs(j - a), j not in anchors, min(pair), max(pair), pair)
            best = cost if best is None else min(best, cost)
    if best is not None:
        return best[-1]
    return tuple(min(named, key=lambda j: (min(abs(j - a) for a in anchors), j)) for named in (subject, obj))


def relation(scene: Scene, rule: Rule, subj: Key | None, obj: Key | None, role: str | None, *ms: Mention) -> Relation | None:
    """The relation a rule states between two entities, read from mentions ``ms`` (None when an
    end is missing or both are one entity)."""
    if not subj or not obj or subj == obj:
        return None
    evidence = scene.evidence(rule.id, *ms, ends=(subj, obj), dated=rule.kind not in scene.timeless)
    return Relation(subj, rule.predicate, obj, role or None, evidence)


def index_before(scene: Scene, pos: int) -> int:
    """The index of the last mention that starts before ``pos`` (-1 if none)."""
    return bisect.bisect_left(scene.starts, pos) - 1


def last_before(mentions: Sequence[Mention], idx: int, test: Callable[[Mention], bool]) -> Mention | None:
    """The last of ``mentions[:idx]`` that passes ``test`` (looked for from ``idx`` back)."""
    for i in range(idx - 1, -1, -1):
        if test(mentions[i]):
            return mentions[i]
    return None


def list_before(scene: Scene, idx: int, labels: set[str]) -> list[Mention]:
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


def list_after(scene: Scene, idx: int, labels: set[str]) -> list[Mention]:
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


def persons_listed_after(scene: Scene, idx: int) -> list[int]:
    """Indices of the persons listed from mention ``idx`` on (张三、李四和王五)."""
    ms, text = scene.mentions, scene.text
    out = [idx]
    while out[-1] + 1 < len(ms):
        nxt = ms[out[-1] + 1]
        if scene.label(nxt) != "PERSON" or text[ms[out[-1]].end:nxt.start] not in ("、", "和", "及", "与"):
            break
        out.append(out[-1] + 1)
    return out

