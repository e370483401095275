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

__all__ = ['Key', 'Scene', 'relation', 'index_before', 'last_before', 'list_before', 'list_after', 'clause_end', 'persons_listed_after']

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
    starts: list[int] = field(default_factory=list)  # where each mention starts

    def __post_init__(self):
        self.starts = [m.start for m in self.mentions]
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
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def lead_event(self, article: str, reach: int) -> Mention | None:
        """The event an article reports: the first event named in its first ``reach``
        sentences (line breaks, sentences of their own, do not count)."""
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
        return next((m for m in self.in_span(art.start, min(art.end, limit)) if self.label(m) == "EVENT"), None)

    def evidence(self, rule: str, *mentions: Mention) -> Evidence:
        start = min(m.start for m in mentions)
        end = max(m.end for m in mentions)
        s0, s1 = self.sentence_of(start)
        raw_start, raw_end = self.normalized.raw_span(start, end)
        return Evidence(self.doc_id, self.article_of(start), raw_start, raw_end, self.text[s0:s1].strip(), rule)


def relation(scene: Scene, rule: Rule, subj: Key | None, obj: Key | None, role: str | None, *ms: Mention) -> Relation | None:
    """The relation a rule states between two entities, read from mentions ``ms`` (None when an
    end is missing or both are one entity)."""
    if not subj or not obj or subj == obj:
        return None
    return Relation(subj, rule.predicate, obj, role or None, scene.evidence(rule.id, *ms))


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


def clause_end(text: str, pos: int) -> int:
    """Where the clause that holds ``pos`` ends (at ，。；！？ or a line break)."""
    return min([i for i in (text.find(c, pos) for c in "，。；！？\n") if i >= 0] or [len(text)])


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

