"""Candidate mentions from rules: name chunks ending in a head word, quoted names, gazetteer
places, model persons. Pure functions over the text and a word layer; the word lists come
from ``pipelines/ner.toml`` through :class:`Rules`.

A *word layer* is a list of :class:`Word` (start, end, text, tag) covering the text, as the
LAC tagger produces it; the chunkers walk it leftwards from a head to find where a name starts.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..model import Mention
from .lexicon import Gazetteer, WordIndex

__all__ = [
    "Word",
    "Rules",
    "head_chunks",
    "quoted_names",
    "gazetteer_places",
    "model_mentions",
    "person_mentions",
    "award_mentions",
    "context_persons",
    "pattern_mentions",
    "book_titles",
    "coined_programmes",
    "distributive_mentions",
    "trim_roles",
    "drop_collectives",
    "drop_headless_orgs",
    "head_chunks",
    "abbreviation_mentions",
    "resolve",
]

CJK = re.compile(r"[\u3400-\u9fff]")
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    tag: str


@dataclass
class Rules:
    """The word lists of ``pipelines/ner.toml``, with the role and surname lexicons."""

    data: dict
    roles: WordIndex = field(default_factory=lambda: WordIndex({}))
    surnames: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def __post_init__(self):
        chunk = self.section("chunk")
        self.name_tags = set(chunk.get("name_tags", []))
        self.inner_punct = set(chunk.get("inner_punct", []))
        self.never_start = set(chunk.get("never_start", []))
        self.never_inside = set(chunk.get("never_inside", []))
        self.inner_verbs = set(chunk.get("inner_verbs", []))
        self.inner_conjunctions = set(chunk.get("inner_conjunctions", []))
        self.glued_tails = tuple(chunk.get("glued_tails", []))
        self.fragment_tags = set(chunk.get("fragment_tags", []))
        self.trim_tail = sorted(chunk.get("trim_tail", []), key=len, reverse=True)
        self.max_chars = int(chunk.get("max_chars", 32))
        self.heads = {
            label: tuple(sorted(set(self.section(sec).get("heads", [])), key=len, reverse=True))
            for label, sec in (("ORG", "org"), ("PLACE", "place"), ("PROGRAMME", "programme"), ("EVENT", "event"), ("AWARD", "award"))
        }
        self.generic = {
            label: set(self.section(sec).get("generic", []))
            for label, sec in (("ORG", "org"), ("PLACE", "place"), ("PROGRAMME", "programme"), ("EVENT", "event"), ("AWARD", "award"))
        }
        self.weak_heads = set(self.section("org").get("weak_heads", []))
        self.edition = re.compile(self.section("event").get("edition", r"(?!x)x"))
        self.counter = re.compile(chunk.get("counter", r"(?!x)x"))


# ---------------------------------------------------------------------------------------------
# word-layer helpers


def _is_cjk_or_alnum(text: str) -> bool:
    return all(CJK.match(c) or c.isalnum() for c in text)


_HEADS_BY_LAST: dict[tuple, dict[str, list[str]]] = {}
_HEADS_BY_ID: dict[int, tuple[Sequence[str], dict[str, list[str]]]] = {}


def _ends_with_head(text: str, heads: Sequence[str]) -> str | None:
    """The longest of ``heads`` that ends ``text`` (the heads are indexed by their last
    character once per list)."""
    if not text:
        return None
    # the rules pass the same few lists again and again: found by identity first (making and
    # hashing the tuple of a list of a hundred heads cost more than the lookup itself)
    held = _HEADS_BY_ID.get(id(heads))
    if held is not None and held[0] is heads:
        index = held[1]
    else:
        key = tuple(heads)
        index = _HEADS_BY_LAST.get(key)
        if index is None:
            index = {}
            for h in sorted(heads, key=len, reverse=True):
                if h:
                    index.setdefault(h[-1], []).append(h)
            _HEADS_BY_LAST[key] = index
        if type(heads) is tuple:  # immutable: its index stays right
            if len(_HEADS_BY_ID) >= 256:
                _HEADS_BY_ID.clear()
            _HEADS_BY_ID[id(heads)] = (heads, index)  # held, so that its id is not reused
    for h in index.get(text[-1], ()):
        if text.endswith(h):
            return h
    return None


def _left_extend(words: Sequence[Word], i: int, rules: Rules, text: str, start_limit: int = 0) -> int:
    """Index of the first word of the name chunk that ends with ``words[i]``."""
    j = i
    first = i
    while j - 1 >= 0:
        w = words[j - 1]
        if w.start < start_limit or words[i].end - w.start > rules.max_chars:
            break
        if w.tag == "w" or w.tag == "c":
            # punctuation and conjunctions end a name, except the few that join its parts
            if w.text not in rules.inner_punct and not _joins_nouns(words, j - 1, rules):
                break
        elif len(w.text) == 1 and w.tag in rules.fragment_tags and j - 2 >= 0 and len(words[j - 2].text) == 1 \
                and words[j - 2].tag in {"n", "nz", "vn"} and words[j].tag in {"n", "nz", "vn"}:
            # a piece of a word the tagger did not know (网|约|配送员)
            pass
        elif w.text in rules.inner_verbs and j - 2 >= 0 and words[j - 2].tag in {"n", "nz", "ORG", "j"} and words[j].tag in {"n", "nz", "LOC", "ORG", "s"}:
            # a campaign named as "who goes where" (劳模工匠走进校园宣讲活动)
            pass
        elif (w.tag not in rules.name_tags and not (w.tag == "v" and w.text.endswith("性"))) or not _is_cjk_or_alnum(w.text):
            # (words in -性 are adjectives whatever their tag: 全国引领性竞赛)
            break
        elif w.tag == "m" and rules.counter.search(w.text):
            break
        if w.text in rules.never_inside or w.text.endswith(rules.glued_tails):
            # (the tagger glues 等 or a verb onto a name: 云岩区总工会等|县市区总工会,
            # 福建省总工会联合|省人社厅)
            break
        if w.tag in {"v", "q", "f"} and w.text not in rules.never_start:
            # verbs, classifiers and localisers stand inside a name only between nouns
            if j - 2 < 0 or words[j - 2].tag not in {"n", "nz", "ORG", "LOC", "j", "vn", "m"}:
                break
        j -= 1
        first = j
    # never start on a function or generic word; drop them from the left
    while first < i and (words[first].text in rules.never_start or words[first].tag in {"w", "v", "f"}):
        first += 1
    return first


def _joins_nouns(words: Sequence[Word], k: int, rules: Rules) -> bool:
    """True when ``words[k]`` is a conjunction joining two plain nouns inside one name
    (劳动|和|技能竞赛): neither side a place, organisation or person, nor ending with a head."""
    if words[k].text not in rules.inner_conjunctions or k < 1 or k + 1 >= len(words):
        return False
    left, right = words[k - 1], words[k + 1]
    plain = {"n", "vn", "nz", "an"}
    if left.tag not in plain or right.tag not in plain:
        return False
    # a head on either side makes two names (区域|和|项目部)
    # (award titles are plain nouns here: 劳模和工匠人才创新工作室联盟)
    return not any(_ends_with_head(x.text, rules.heads[lab]) for x in (left, right) for lab in ("ORG", "PLACE", "PROGRAMME", "EVENT"))


def _proper(words: Sequence[Word], a: int, b: int) -> bool:
    """True when words[a:b] hold a proper part: a place, organisation, person, proper noun,
    abbreviation, or a number before the head word (a number that is the head word itself,
    as in 四部, makes no name)."""
    return any(w.tag in {"ORG", "LOC", "PER", "nz", "nw", "j", "m"} for w in words[a:b - 1]) or (
        b - 1 >= a and words[b - 1].tag in {"ORG", "LOC", "PER", "nz", "nw", "j"}
    )


CHUNK_LABELS = ("ORG", "PLACE", "PROGRAMME", "EVENT")


def _best_head(word: str, rules: Rules, labels: Sequence[str]) -> tuple[str | None, str | None]:
    """The longest head any label has that ends ``word``, and that label (first label wins
    a tie): 水电站 makes a place even though 站 alone would end an organisation."""
    best, best_label = None, None
    for label in labels:
        h = _ends_with_head(word, rules.heads[label])
        if h and (best is None or len(h) > len(best)):
            best, best_label = h, label
    return best, best_label


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, start) for c in "。！？\n") + 1
    ends = [i for i in (text.find(c, end) for c in "。！？\n") if i >= 0]
    return a, (min(ends) if ends else len(text))


def head_chunks(
    text: str,
    words: Sequence[Word],
    rules: Rules,
    label: str | None = None,
    places: Iterable[Mention] = (),
    common_words: set[str] | frozenset = frozenset(),
) -> list[Mention]:
    """Name chunks that end in a head word; the longest head decides the label.

    A chunk runs left from a word ending in a head over name-like words. It is kept when it
    is not generic and holds a proper part (a place, organisation, proper noun, number) or,
    for events, an edition mark. ``common_words`` are ordinary words that merely end like a
    head (干部 ends in 部, 大局 in 局): they end no name. A competition without an edition is
    a standing programme unless its sentence dates it (9月8日, 近日) as a one-off event.
    ``label`` limits the output to one label.
    """
    labels = CHUNK_LABELS
    generic = rules.generic
    place_forms = {m.text for m in places}
    place_starts = {m.start for m in places}
    competition = tuple(rules.section("event").get("competition_heads", []))
    item_tails = tuple(rules.section("event").get("competition_item_tails", []))
    dated = re.compile(rules.section("event").get("dated", r"(?!x)x"))
    site_heads = set(rules.section("place").get("site_when_placed", []))
    scope = tuple(rules.section("programme").get("scope_words", []))
    modifier_before = set(rules.section("org").get("modifier_before", []))
    # the last characters of all heads: a word ending in none of them ends no head
    head_ends = {h[-1] for lab in labels for h in rules.heads[lab] if h}
    out = []
    for i, w in enumerate(words):
        if w.tag == "w":
            continue
        if text[w.end - 1:w.end] in head_ends:  # the last character of the window below
            head, lab = _best_head(text[words[max(0, i - 3)].start:w.end], rules, labels)
        else:
            head, lab = None, None
        if head and len(head) < len(w.text) and not w.text.endswith(head):
            head = None
        if head and len(head) > len(w.text) and not head.endswith(w.text):
            head = None
        if head is None:
            if w.tag != "ORG":
                continue
            lab = "ORG"
        if head and w.text != head and w.text in common_words and w.tag not in {"ORG", "nz"}:
            continue
        # a head written over several words (成立|大会) is part of the name whatever its tags
        i0 = i
        if head:
            head_start = w.end - len(head)
            while i0 > 0 and words[i0].start > head_start:
                i0 -= 1
        first = _left_extend(words, i0, rules, text) if i0 == i or words[i0].start == w.end - len(head) else i0
        if lab not in {"EVENT", "PROGRAMME"}:
            # only a campaign's name holds a verb (a place after 走进 is where someone went)
            first = max([first] + [k + 1 for k in range(first, i0) if words[k].text in rules.inner_verbs])
        # a number or measure starts no name, but an edition (第二届, 2023年) starts an event
        while first < i and words[first].tag in {"m", "q", "TIME"}:
            # (a year before a standing programme dates a sentence: 自2017年|产业工人队伍建设改革启动)
            editioned = lab == "EVENT" or (lab == "PROGRAMME" and head is not None and head.endswith(competition))
            if editioned and rules.edition.match(text[words[first].start:w.end]):
                break
            first += 1
        start, end = words[first].start, w.end
        name = _trim_tail(text[start:end], rules)
        item = next((t for t in item_tails if name.endswith(t) and _ends_with_head(name[: -len(t)], competition)), None)
        if item:
            name = name[: -len(item)]
            head, lab = _ends_with_head(name, competition), "PROGRAMME"
        end = start + len(name)
        if len(name) < 2 or name in generic[lab] or name == head:
            continue
        proper = _proper(words, first, i + 1) or start in place_starts
        if first == i0 and i0 < i and not proper:
            continue
        if lab == "ORG":
            nxt = words[i + 1].text if i + 1 < len(words) else ""
            if w.tag != "ORG" and nxt in modifier_before:
                continue
            # a region's unions taken together (云南工会, 全省工会) are no organisation
            if name.endswith("工会") and name[: -len("工会")] in place_forms | {"全省", "全市", "全区", "全县"}:
                continue
            if not proper and w.tag != "ORG":
                continue
        elif lab in {"EVENT", "PROGRAMME"}:
            edition = rules.edition.search(name)
            if edition and edition.start() > 0:
                # a venue before an edition is where the event is held, not part of its name
                # (国家会展中心（天津）第二届全国技能大赛); a city before it is (长沙市首届…)
                prefix = name[: edition.start()]
                if prefix.endswith("）") or _ends_with_head(prefix, [h for h in rules.heads["PLACE"] if len(h) > 1]):
                    start += edition.start()
                    name = name[edition.start():]
                    edition = rules.edition.search(name)
            if not (edition or proper or name.startswith(scope) or _after_verb(text, start, name, head, rules)):
                continue
            counted = re.search(r"[一二三四五六七八九十两]+[大项个类]", name)
            if counted and counted.start() > 0 and _ends_with_head(name[:counted.start()], rules.heads[lab]):
                # 宣传周|六大主题日活动: a count after a whole name starts a description
                continue
            if head and head.endswith(competition):
                s0, s1 = _sentence_bounds(text, start, end)
                lab = "EVENT" if edition or dated.search(text[s0:s1]) else "PROGRAMME"
        elif not proper:
            continue
        # (an organisation inside makes it that organisation's programme; the tagger's ORG
        # words count only with an organisation head: 贝宁维达|海滨项目 is a site)
        if lab == "PLACE":
            # a venue named with its city in brackets (国家会展中心（天津）)
            paren = re.match(r"[（(]([^（）()]{2,8})[）)]", text[end:end + 11])
            if paren and paren.group(1) in place_forms:
                end += paren.end()
                name = text[start:end]
        if lab == "PROGRAMME" and head in site_heads and start in place_starts and not any(
            x.tag == "ORG" and _ends_with_head(x.text, rules.heads["ORG"]) for x in words[first:i + 1]
        ):
            lab = "PLACE"
        if label is None or lab == label:
            out.append(Mention(start, end, name, lab, f"chunk:{lab.lower()}"))
    return out


def _after_verb(text: str, start: int, name: str, head: str | None, rules: Rules) -> bool:
    """A long programme or meeting name with a strong head right after a verb that runs it
    (深入推进产业工人队伍建设改革, 召开普惠服务推进会)."""
    for section in ("programme", "event"):
        sec = rules.section(section)
        if not head or not head.endswith(tuple(sec.get("strong_heads", []))) or len(name) < int(sec.get("strong_min_chars", 6)):
            continue
        before = text[max(0, start - 4):start]
        if any(before.endswith(v) for v in sec.get("verbs", [])):
            return True
    return False


def pattern_mentions(text: str, rules: Rules) -> list[Mention]:
    """Names of a fixed form, from the ``patterns`` lists of the label sections."""
    out = []
    for label, sec in (("EVENT", "event"), ("PROGRAMME", "programme"), ("AWARD", "award"), ("ORG", "org")):
        for pattern in rules.section(sec).get("patterns", []):
            for m in re.finditer(pattern, text):
                out.append(Mention(m.start(), m.end(), m.group(), label, "pattern:" + label.lower()))
    return out


def book_titles(text: str, rules: Rules) -> list[Mention]:
    """Plans, schemes and proposals named in book-title marks: 《X规划（2021—2025年）》 gives
    the programme X规划 when X ends with a head of ``programme.book_heads``; a bracketed
    period at the end is left out of the name. Titles of laws, songs or books end otherwise.

    >>> r = Rules({"programme": {"book_heads": ["规划", "倡议书"]}})
    >>> [(m.text, m.label) for m in book_titles("发布《青山省工会技能规划（2021—2025年）》和《生日歌》", r)]
    [('青山省工会技能规划', 'PROGRAMME')]
    """
    heads = rules.section("programme").get("book_heads", [])
    out = []
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        inner = m.group(1)
        period = re.search(r"[（(][^（）()]*\d[^（）()]*[）)]$", inner)
        name = inner[: period.start()] if period else inner
        if _ends_with_head(name, heads) and len(name) > max(len(h) for h in heads if name.endswith(h)):
            start = m.start(1)
            out.append(Mention(start, start + len(name), name, "PROGRAMME", "book:programme"))
    return out


def coined_programmes(text: str, words: Sequence[Word], rules: Rules) -> list[Mention]:
    """Brand names coined from an ordinary word and a brand head (暖蜂|驿站): the tagger sees
    no proper part in them, but a page that writes the same two words together at least
    ``programme.coined_min_count`` times is naming a programme. The first word is a noun of
    two or more characters that is not one of ``programme.coined_not_modifiers`` (爱心, 职工:
    descriptions, not names).

    >>> r = Rules({"programme": {"coined_heads": ["驿站"], "coined_min_count": 2}})
    >>> ws = [Word(0, 2, "建成", "v"), Word(2, 4, "暖蜂", "n"), Word(4, 6, "驿站", "n"), Word(6, 7, "，", "w"),
    ...       Word(7, 9, "暖蜂", "n"), Word(9, 11, "驿站", "n")]
    >>> [(m.start, m.text) for m in coined_programmes("建成暖蜂驿站，暖蜂驿站", ws, r)]
    [(2, '暖蜂驿站'), (7, '暖蜂驿站')]
    """
    sec = rules.section("programme")
    heads = set(sec.get("coined_heads", []))
    not_modifiers = set(sec.get("coined_not_modifiers", []))
    min_count = int(sec.get("coined_min_count", 3))
    found: dict[str, list[int]] = defaultdict(list)
    for a, b in zip(words, words[1:]):
        if b.text in heads and b.start == a.end and a.tag in {"n", "nz"} and len(a.text) >= 2 \
                and CJK.match(a.text) and a.text not in not_modifiers and a.text not in rules.never_start:
            found[a.text + b.text].append(a.start)
    return [Mention(s0, s0 + len(name), name, "PROGRAMME", "coined:programme")
            for name, starts in sorted(found.items()) if len(starts) >= min_count for s0 in starts]


def _trim_tail(name: str, rules: Rules) -> str:
    changed = True
    while changed:
        changed = False
        for t in rules.trim_tail:
            if name.endswith(t) and len(name) > len(t) + 1:
                name = name[: -len(t)]
                changed = True
    return name


def quoted_names(text: str, rules: Rules) -> list[Mention]:
    """Programmes, events and awards written in quotation marks.

    ``“安康杯”竞赛`` gives a mention of the quoted name with its head word; the canonical
    stage decides whether the head belongs to the name. A quoted text after a programme verb
    and before a pause is a programme; after a conferment verb, an award. Sayings (holding
    sentence punctuation) and descriptions (…式, …型) are left out.
    """
    prog = rules.section("programme")
    max_quoted = int(prog.get("max_quoted", 40))
    quote_heads = sorted(prog.get("quote_heads", []), key=len, reverse=True)
    event_heads = sorted(rules.section("event").get("heads", []), key=len, reverse=True)
    competition = tuple(rules.section("event").get("competition_heads", []))
    dated = re.compile(rules.section("event").get("dated", r"(?!x)x"))
    award_heads = rules.heads["AWARD"]
    one_off = set(rules.section("event").get("one_off_heads", []))
    weak_tails = set(prog.get("quote_weak_tails", []))
    coined_heads = sorted(prog.get("coined_heads", []), key=len, reverse=True)
    programme_or_coined = (*rules.heads["PROGRAMME"], *coined_heads)
    counted = re.compile(r"^[一二三四五六七八九十两几多]+[种个项条类点大]")
    prog_verbs = prog.get("verbs", [])
    award_verbs = rules.section("award").get("verbs", [])
    not_names = tuple(prog.get("quote_not_endings", []))
    task_verbs = tuple(prog.get("quote_task_verbs", []))
    code_stops = list(prog_verbs) + list(prog.get("code_prefix_stops", []))
    out = []
    # double quotes may hold single ones (“暖‘新’集市”)
    quoted = re.compile(r"“((?:[^“”「」『』\"\n]){1,%d})”|[‘「『\"]([^“”‘’「」『』\"\n]{1,%d})[’」』\"]" % (max_quoted, max_quoted))
    for m in quoted.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        # sentence punctuation inside the quotes makes a saying, a comma or list a motto,
        # unless a head follows (“团结奋斗促跨越、咱们工人有力量”主题劳动和技能竞赛,
        # “致敬环卫工，传送石化情”慰问活动)
        if re.search(r"[。！？；：.!?;:…]", inner) or len(inner) < 2 or inner.endswith(not_names):
            continue
        if len(inner) >= 6 and inner.startswith(task_verbs):
            # “打造全市智慧工会统一工作平台”: a task set, not a name
            continue
        listy = bool(re.search(r"[、，,]", inner))
        q_start, q_end = m.start(), m.end()
        after = text[q_end:q_end + 14]
        before = text[max(0, q_start - 4):q_start]
        label, end = None, q_end
        all_heads = sorted(quote_heads + event_heads, key=len, reverse=True)
        tail = next((h for h in all_heads if after.startswith(h)), None)
        if tail is None:
            # a short description between the name and its head (“惠工爱心”公益体检活动)
            run = re.match(r"(?![等和与及的在])[\u4e00-\u9fff]{3,12}", after)
            if run:
                tail = next((run.group()[:k] for k in range(3, len(run.group()) + 1) if _ends_with_head(run.group()[:k], event_heads) and not run.group()[:k].startswith(("主题",))), None)
        if tail is None and after.startswith("主题"):
            # “X”主题征文大赛: a theme word before the head belongs to the name
            rest = next((h for h in all_heads if after.startswith(h, 2)), None)
            tail = "主题" + rest if rest else None
        if "+" in inner and all(len(part) <= 2 for part in inner.split("+")) and (tail is None or tail in weak_tails):
            # “线上+线下”模式, “互联网+”: a manner of working, not a name (“法院+工会”…机制 is one)
            continue
        if listy and (tail is None or tail in weak_tails):
            # a list of fields of work (“权益维护、帮扶服务…”工作) names nothing
            continue
        if counted.match(inner) and not _ends_with_head(inner, rules.heads["PROGRAMME"]) and tail is None:
            # a count of things (“四种能力”) is a description
            continue
        org_head = _starts_with_head(after, rules.heads["ORG"])
        if tail is not None and org_head and len(org_head) > len(tail):
            # “名家”工作室: the head is an organisation's (工作室), not 工作
            tail = None
            if not any(before.endswith(v) for v in prog_verbs):
                continue
        listed = _listed_before_head(text, q_end, all_heads)
        if tail is None and listed:
            label = "EVENT" if listed in event_heads and listed not in quote_heads else "PROGRAMME"
            out.append(Mention(q_start, q_end, text[q_start:q_end], label, "quote:" + label.lower()))
            continue
        if tail is not None:
            end = q_end + len(tail)
            full = inner + tail
            # a described tail (劳模大讲堂进基层宣讲) is of the kind of the head it ends with
            kind = tail if tail in all_heads else (_ends_with_head(tail, all_heads) or tail)
            if kind in event_heads and kind not in quote_heads:
                label = "EVENT"
            else:
                label = "PROGRAMME"
            if kind in one_off:
                label = "EVENT"
            elif tail.endswith(competition) or tail.endswith("活动"):
                s0, s1 = _sentence_bounds(text, q_start, end)
                label = "EVENT" if rules.edition.search(full) or dated.search(text[s0:s1]) else "PROGRAMME"
        elif any(s == 0 for s, _, _ in rules.roles.finditer(after[:6])) and not _ends_with_head(inner, rules.heads["PROGRAMME"]):
            # a quoted name before a post is the employer (“饿了么”骑手)
            out.append(Mention(q_start + 1, q_end - 1, inner, "ORG", "quote:org"))
            continue
        elif _ends_with_head(inner, award_heads) and any(before.endswith(v) for v in award_verbs):
            label = "AWARD"
        elif _ends_with_head(inner, rules.heads["EVENT"]) and (rules.edition.search(inner) or len(inner) >= 8):
            label = "EVENT"
        elif _ends_with_head(inner, rules.heads["PROGRAMME"]):
            label = "PROGRAMME"
        elif any(before.endswith(v) for v in prog_verbs) and (after[:1] in "，。、；）" or after.startswith(("等", "和", "“"))):
            label = "PROGRAMME"
        elif before.endswith("的") and after[:1] in "，。；" and _verb_opens_clause(text, q_start, prog_verbs) \
                and _ends_with_head(inner, programme_or_coined):
            # 打造线上线下相融合的“暖‘新’集市”: the object of a programme verb, described
            label = "PROGRAMME"
        if label is None and out and out[-1].label == "PROGRAMME" and text[out[-1].end:q_start] in ("", "、") \
                and (after[:1] in "等、“，。；" or not after) and not listy:
            # “公交地铁五折”“川工带川货”等: a quoted name listed right after one is of its kind
            label = "PROGRAMME"
        if label is None:
            continue
        if label == "PROGRAMME" and tail is not None and re.fullmatch(r"[0-9A-Za-z]+", inner):
            # a code in quotes (“12351”计划) is named with the words before it
            # (个人信息保护宣传“12351”计划), back to a verb, a preposition or a pause
            seg = re.split(r"[，。；：！？、\s]", text[max(0, q_start - 14):q_start])[-1]
            cut = max((seg.rfind(w) + len(w) for w in code_stops if w in seg), default=0)
            prefix = seg[cut:]
            if len(prefix) >= 2 and CJK.match(prefix[0]):
                q_start -= len(prefix)
        out.append(Mention(q_start, end, text[q_start:end], label, "quote:" + label.lower()))
    return out


def _verb_opens_clause(text: str, pos: int, verbs: Sequence[str]) -> bool:
    """True when the clause that ends at ``pos`` holds one of ``verbs`` within 16 characters."""
    clause = re.split(r"[，。；：！？、]", text[max(0, pos - 16):pos])[-1]
    return any(v in clause for v in verbs)


def _starts_with_head(text: str, heads: Sequence[str]) -> str | None:
    """The longest of ``heads`` that ``text`` starts with."""
    return max((h for h in heads if text.startswith(h)), key=len, default=None)


def _listed_before_head(text: str, pos: int, heads: Sequence[str]) -> str | None:
    """The head word of ``…“A”“B”等一批品牌`` when the quoted name ending at ``pos`` is an
    item of a list that the clause closes with 等 and a head word."""
    m = re.match(r"[^，。；！？：]{0,30}?等(?:[一二三四五六七八九十两几多\d]+[批项个类大种])?[^，。；！？“”]{0,4}?", text[pos:pos + 40])
    if not m:
        return None
    after = text[pos + m.end():pos + m.end() + 8]
    return next((h for h in heads if after.startswith(h)), None)


def distributive_mentions(text: str, rules: Rules) -> list[Mention]:
    """实施凝心聚魂、悉心赋能、暖心帮扶等“七心工程”: items listed before 等 and a programme
    head each name a programme; the mention is the item, its canonical name the item with
    the head (the source records the head: ``distributive:工程``)."""
    heads = sorted(rules.section("programme").get("distributive_heads", []), key=len, reverse=True)
    if not heads:
        return []
    out = []
    item = r"[\u4e00-\u9fff]{2,8}"
    # between 等 and the head only a short count or name (等三大提升工程, 等“七心工程”), not a
    # description (等一批标志性工程: those items are sites, not programmes)
    pattern = re.compile(rf"({item}(?:、{item}){{2,}})等“?([^，。；“”、]{{0,3}}?)({'|'.join(map(re.escape, heads))})”?")
    # a kind word between (等重点工程项目: fields of works) or after the head (…工程项目) makes
    # the items sorts of thing
    kinds = tuple(rules.section("programme").get("distributive_not_between", []))
    for m in pattern.finditer(text):
        head = m.group(3)
        if (kinds and m.group(2).startswith(kinds)) or text.startswith(kinds, m.end()):
            continue
        pos = m.start(1)
        parts = m.group(1).split("、")
        # the first item may carry the words before the list (深入实施凝心聚魂): items of
        # such lists are written alike, so it keeps the length of the second
        if len(parts[0]) > len(parts[1]):
            pos += len(parts[0]) - len(parts[1])
            parts[0] = parts[0][-len(parts[1]):]
        for part in parts:
            out.append(Mention(pos, pos + len(part), part, "PROGRAMME", "distributive:" + head))
            pos += len(part) + 1
    return out


def award_mentions(text: str, rules: Rules, places: Iterable[Mention] = (), persons: Sequence[Mention] = ()) -> list[Mention]:
    """Honour titles: a title word (劳动模范, 五一劳动奖章, 技术能手 ...) with the scope or
    place written right before it (全国, 湖北省), and a generic title word
    (``award.regional_titles``) with a two-character region before it when a person's name
    follows (荆楚工匠王效知).

    >>> r = Rules({"award": {"heads": ["工匠"], "generic": ["工匠"], "regional_titles": ["工匠"]}})
    >>> t = "姚婕，荆楚工匠王效知等劳模工匠"
    >>> [m.text for m in award_mentions(t, r, persons=[Mention(7, 10, "王效知", "PERSON", "lac:PER")])]
    ['荆楚工匠']
    """
    sec = rules.section("award")
    # a generic title (劳模, 工匠) still heads a name with a scope (全国劳模); alone it is none
    heads = [h for h in rules.heads["AWARD"] if h not in {"奖", "称号", "荣誉称号", "服务站点"}]
    scopes = sorted(sec.get("scope", []), key=len, reverse=True)
    place_end = {}
    for m in places:
        if m.end - m.start > len(place_end.get(m.end, "")):
            place_end[m.end] = m.text
    out = []
    pattern = re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))
    for m in pattern.finditer(text):
        start = m.start()
        if start in place_end:
            start -= len(place_end[start])
        else:
            scope = next((s for s in scopes if text.endswith(s, 0, start)), None)
            if scope:
                start -= len(scope)
        name = text[start:m.end()]
        if name in rules.generic["AWARD"]:
            continue
        out.append(Mention(start, m.end(), name, "AWARD", "title:award"))
    # a regional title written before a person's name (荆楚工匠王效知): the two characters
    # before a generic title word, when a list or clause starts there
    generic_titles = sec.get("regional_titles", [])
    if generic_titles and persons:
        regional = re.compile("(?:^|(?<=[，、。；：（\n]))([\u4e00-\u9fff]{2}(?:%s))$" % "|".join(map(re.escape, generic_titles)))
        for p in persons:
            m = regional.search(text, max(0, p.start - 8), p.start)
            if m and m.group(1)[:2] not in rules.never_start:
                out.append(Mention(m.start(1), m.end(1), m.group(1), "AWARD", "title:award"))
    return out


def gazetteer_places(text: str, gazetteer: Gazetteer, index: WordIndex, not_places: set[str], words: Sequence[Word] | None = None) -> list[Mention]:
    """Every form of a gazetteer place in the text (overlaps resolved later).

    With a word layer, a match must start where a word starts and end where a word ends, or
    inside a word the tagger marks as a name (贝宁共和国维达市): 开慧镇 in 宋开慧 or 普惠乡 in
    普惠乡村 is no place.
    """
    starts = ends = name_spans = None
    if words:
        starts = {w.start for w in words}
        ends = {w.end for w in words}
        name_spans = sorted((w.start, w.end) for w in words if w.tag in {"LOC", "ORG", "nz"})
        name_starts = [a for a, _ in name_spans]
        apart = all(b <= c for (_, b), (c, _) in zip(name_spans, name_spans[1:]))
    out = []
    chain_ends: set[int] = set()
    for start, end, form in index.finditer(text):
        if form in not_places:
            continue
        if starts is not None and (start not in starts or end not in ends):
            # inside a name word a place starts the word, follows another place, or is a
            # province or prefecture (中国石化广西石油 holds 广西, 浙江省金华市金东区总工会
            # holds 金东区; 贵安新区 does not hold 安新)
            codes = [c for c in gazetteer.forms.get(form, ()) if c in gazetteer.by_code]
            major = bool(codes) and min(gazetteer.by_code[c].level for c in codes) <= 2
            if apart:  # the one name word that can hold the match
                k = bisect.bisect_right(name_starts, start) - 1
                holders = name_spans[k:k + 1] if k >= 0 else []
            else:
                holders = name_spans
            if not any(a <= start and end <= b and (start == a or start in chain_ends or major) for a, b in holders):
                continue
        chain_ends.add(end)
        out.append(Mention(start, end, form, "PLACE", "gazetteer"))
    return out


def model_mentions(
    words: Sequence[Word],
    rules: Rules | None = None,
    place_words: set[str] | frozenset = frozenset(),
    org_words: set[str] | frozenset = frozenset(),
) -> list[Mention]:
    """The tagger's own ORG and LOC words as candidates (persons go through
    :func:`person_mentions`).

    Checked against the lexicons, since the tagger marks fragments too (新时代, 山东省外): a
    LOC word counts when a place lexicon has it or it ends with a geographic character
    (``loc_suffixes``); an ORG word when it ends with an organisation head, an organisation
    lexicon has it, or a list continues after it (美团、饿了么).
    """
    if rules is None:
        labels = {"ORG": "ORG", "LOC": "PLACE"}
        return [Mention(w.start, w.end, w.text, labels[w.tag], "lac:" + w.tag) for w in words if w.tag in labels]
    suffixes = set(rules.section("place").get("loc_suffixes", ""))
    heads = rules.heads["ORG"]
    out = []
    for i, w in enumerate(words):
        if w.tag == "ORG":
            nxt = words[i + 1].text if i + 1 < len(words) else ""
            name = _trim_tail(w.text, rules)
            if name in rules.generic["ORG"] and i + 1 < len(words) and words[i + 1].tag in {"n", "vn", "nz"}:
                # a kind of body modifying a noun (妇联组织, 工会干部), not one body
                continue
            if _ends_with_head(name, heads) or name in org_words or nxt in {"、", "等"}:
                out.append(Mention(w.start, w.start + len(name), name, "ORG", "lac:ORG"))
        elif w.tag == "LOC":
            if w.text in rules.generic["PLACE"]:
                continue
            if w.text in place_words or w.text[-1:] in suffixes:
                out.append(Mention(w.start, w.end, w.text, "PLACE", "lac:LOC"))
    return out


def person_mentions(text: str, words: Sequence[Word], rules: Rules, bylines: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """Persons: tagger PER words that look like a Chinese full name, and byline names.

    A name must begin with a surname of the surname lexicon, except a name that its context
    marks as a person: a post or one of ``person.before`` right before it (职工施丽鑫, 主席易杰),
    or, for a three-character name, one of ``person.after`` right after it (…认为) or 和/、
    joining it to a person already found (宋放之和鲁宏勋). A name the text continues into a
    longer name found elsewhere on the page (范世|刚 and 范世刚) is the longer one.
    """
    sec = rules.section("person")
    not_names = set(sec.get("not_names", []))
    tails = sec.get("honorific_tails", [])
    max_len = int(sec.get("max_len", 4))
    before_words = set(sec.get("before", []))
    after_words = tuple(sec.get("after", []))
    out = []
    for start, end, name in bylines:
        out.append(Mention(start, end, name, "PERSON", "byline"))
    unsure = []
    for i, w in enumerate(words):
        if w.tag != "PER":
            continue
        name = w.text
        if name.endswith("摄") and len(name) >= 3:
            # a photo credit glued to the name (吴凡摄)
            name = name[:-1]
        if not (2 <= len(name) <= max_len) or not all(CJK.match(c) for c in name):
            continue
        if name in not_names or any(name.endswith(t) and len(name) - len(t) <= 1 for t in tails):
            continue
        m = Mention(w.start, w.start + len(name), name, "PERSON", "lac:PER")
        if rules.surnames and name[0] not in rules.surnames and name[:2] not in rules.surnames:
            if len(name) in (2, 3):
                unsure.append((i, m))
            continue
        out.append(m)
    found = {m.text for m in out}
    for i, m in unsure:
        prev = words[i - 1].text if i > 0 else ""
        after = text[m.end:m.end + 4]
        joined = (i >= 2 and prev in {"和", "、", "与"} and words[i - 2].text in found) or (
            after[:1] in {"和", "、", "与"} and any(after[1:].startswith(f[:2]) for f in found))
        marked = prev in before_words or any(e == len(prev) for s0, e, _ in rules.roles.finditer(prev) if s0 == 0)
        if marked or len(m.text) == 3 and (after.startswith(after_words) or joined):
            out.append(m)
    # the tagger sometimes cuts a name short in one place (范世|刚) and not in another: a
    # name that the text continues into a longer name found on the page is that name
    names = sorted({m.text for m in out}, key=len, reverse=True)
    longer = []
    for m in out:
        full = next((n for n in names if len(n) > len(m.text) and n.startswith(m.text) and text.startswith(n, m.start)), None)
        longer.append(Mention(m.start, m.start + len(full), full, m.label, m.source, m.article) if full else m)
    return longer


def abbreviation_mentions(text: str, rules: Rules, places: Iterable[Mention] = ()) -> list[Mention]:
    """Standard union abbreviations (市总, 省总 ...), alone or with their place (深圳市总)."""
    org = rules.section("org")
    abbrev = org.get("abbreviations", {})
    not_before = org.get("abbrev_not_before", [])
    place_end = {}
    for p in places:
        if p.end - p.start > place_end.get(p.end, (0, 0))[1] - place_end.get(p.end, (0, 0))[0]:
            place_end[p.end] = (p.start, p.end)
    out = []
    for short in sorted(abbrev, key=len, reverse=True):
        for m in re.finditer(re.escape(short), text):
            after = text[m.end():m.end() + 2]
            if any(after.startswith(x) for x in not_before):
                continue
            start = m.start()
            # 深圳市总: the place ends on the level character the abbreviation starts with
            if m.start() + 1 in place_end:
                start = place_end[m.start() + 1][0]
            elif m.start() in place_end:
                continue
            out.append(Mention(start, m.end(), text[start:m.end()], "ORG", "abbrev:union"))
    return out


def context_persons(text: str, rules: Rules) -> list[Mention]:
    """Names the tagger missed, read from their context: a post or byline word right before
    (裁判长谈檀, 记者 吴凡 摄) and a boundary right after (punctuation, 摄, a speech verb).
    The first character must be a surname of the surname lexicon."""
    sec = rules.section("person")
    if not rules.surnames:
        return []
    after = sec.get("after", [])
    before = sorted(set(sec.get("before", [])), key=len, reverse=True)
    not_names = set(sec.get("not_names", []))
    out = []
    for role_start, role_end, _ in rules.roles.finditer(text):
        out += _name_after(text, role_end, rules, after, not_names)
    for b in before:
        for m in re.finditer(re.escape(b), text):
            pos = m.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
            out += _name_after(text, pos, rules, after, not_names)
    return out


def drop_word_persons(candidates: Sequence[Mention], words: Sequence[Word], tags: Iterable[str]) -> list[Mention]:
    """Leave out two-character names read from context (``context:person``) that the tagger
    reads as one ordinary word (工人|素质 with 素质 a noun): a name it missed it cuts or tags
    otherwise.

    >>> ws = [Word(0, 2, "工人", "n"), Word(2, 4, "素质", "n")]
    >>> drop_word_persons([Mention(2, 4, "素质", "PERSON", "context:person")], ws, ["n"])
    []
    """
    tags = set(tags)
    plain = {(w.start, w.end) for w in words if w.tag in tags}
    return [m for m in candidates if not (m.source == "context:person" and m.end - m.start == 2 and (m.start, m.end) in plain)]


def _name_after(text: str, pos: int, rules: Rules, after: Sequence[str], not_names: set[str]) -> list[Mention]:
    for length in (3, 2):
        name = text[pos:pos + length]
        if len(name) < length or not all(CJK.match(c) for c in name) or name in not_names:
            continue
        if any(name.endswith(a) for a in after):
            # the word after the name, not its last character (吴凡摄, 王五说)
            continue
        if name[0] not in rules.surnames and name[:2] not in rules.surnames:
            continue
        rest = text[pos + length:pos + length + 3]
        if rest == "" or rest[0] in "，。、；：！？（）” \n" or any(rest.startswith(a) for a in after):
            return [Mention(pos, pos + length, name, "PERSON", "context:person")]
    return []


def drop_collectives(candidates: Sequence[Mention], places: Iterable[Mention], counted: str = "") -> list[Mention]:
    """Leave out a region's unions taken together (云南工会, 四川工会, 全省工会) and the bodies of
    several regions counted in one name (大连和石河子两市工会, ``counted`` a pattern of the
    count before the head): the guidelines count them as no organisation."""
    place_forms = {p.text for p in places} | {"全省", "全市", "全区", "全县", "全国各级", "各级", "基层"}
    several = re.compile(counted) if counted else None
    return [m for m in candidates if not (m.label == "ORG" and (
        (m.text.endswith("工会") and m.text[:-2] in place_forms) or (several and several.search(m.text))))]


def numbered_units(text: str, words: Sequence[Word], rules: Rules) -> list[Mention]:
    """A numbered unit right after an organisation the tagger names: 广州石化|炼油|四部,
    X公司|第二|车间. The unit heads (``org.numbered_units``) follow an ordinal; up to
    ``org.numbered_unit_gap`` characters of field between them (炼油).

    >>> r = Rules({"org": {"numbered_units": ["部", "车间"], "numbered_unit_gap": 4}})
    >>> ws = [Word(0, 4, "临江石化", "ORG"), Word(4, 6, "炼油", "v"), Word(6, 8, "四部", "m"), Word(8, 10, "班长", "n")]
    >>> [m.text for m in numbered_units("临江石化炼油四部班长", ws, r)]
    ['临江石化炼油四部']
    >>> r = Rules({"org": {"numbered_units": ["部"], "numbered_unit_not_before": "门"}})
    >>> [m.text for m in numbered_units("临江市总工会等八部门", [Word(0, 6, "临江市总工会", "ORG")], r)]
    []
    """
    org = rules.section("org")
    units = org.get("numbered_units", [])
    if not units:
        return []
    gap = int(org.get("numbered_unit_gap", 4))
    after = org.get("numbered_unit_not_before", "")
    unit_re = re.compile("(?:(?![等和与及])[\u4e00-\u9fff]){0,%d}?第?(?:[一二三四五六七八九十]{1,3}|\\d{1,2})(?:%s)%s" % (
        gap, "|".join(map(re.escape, sorted(units, key=len, reverse=True))), f"(?![{re.escape(after)}])" if after else ""))
    out = []
    for w in words:
        if w.tag != "ORG":
            continue
        m = unit_re.match(text, w.end)
        if m:
            out.append(Mention(w.start, m.end(), text[w.start:m.end()], "ORG", "chunk:unit"))
    return out


def drop_kind_lists(text: str, candidates: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Leave out programme chunks that stand in a list of kinds of thing: counted before
    (建设一批职工书屋、爱心母婴室、户外职工爱心驿站等) by one of ``chunk.kind_list_counts`` and
    closed by 等, with no place inside. Such a list names sorts of facility or activity, not
    one programme.

    >>> r = Rules({"chunk": {"kind_list_counts": ["一批"]}})
    >>> t = "建设一批职工书屋、户外职工爱心驿站等阵地。"
    >>> [m.text for m in drop_kind_lists(t, [Mention(9, 17, "户外职工爱心驿站", "PROGRAMME", "chunk:programme")], r)]
    []
    >>> t = "开展户外职工爱心驿站等服务。"
    >>> [m.text for m in drop_kind_lists(t, [Mention(2, 10, "户外职工爱心驿站", "PROGRAMME", "chunk:programme")], r)]
    ['户外职工爱心驿站']
    """
    counts = rules.section("chunk").get("kind_list_counts", [])
    if not counts:
        return list(candidates)
    counted = re.compile("(?:%s)[^，。；：！？、]{0,20}(?:、[^，。；：！？、]{1,20})*、?$" % "|".join(map(re.escape, counts)))
    closed = re.compile(r"(?:、[^，。；：！？、]{1,20})*等")
    places = [(c.start, c.end) for c in candidates if c.label == "PLACE"]
    out = []
    for m in candidates:
        if m.label == "PROGRAMME" and m.source == "chunk:programme":
            left = text[max(0, m.start - 80):m.start]
            left = re.split(r"[，。；：！？\n]", left)[-1]
            if counted.search(left) and closed.match(text, m.end) and not any(m.start <= a and b <= m.end for a, b in places):
                continue
        out.append(m)
    return out


def _has_longer_form(forms: Sequence[str], name: str) -> bool:
    """Whether the sorted ``forms`` hold one that begins with ``name`` and is longer (those
    that begin with it follow it in sorted order).

    >>> _has_longer_form(["中铁", "中铁大桥局", "云南"], "中铁"), _has_longer_form(["中铁", "云南"], "中铁")
    (True, False)
    """
    i = bisect.bisect_left(forms, name)
    if i < len(forms) and forms[i] == name:
        i += 1
    return i < len(forms) and forms[i].startswith(name)


def drop_headless_orgs(text: str, candidates: Sequence[Mention], rules: Rules, org_words: set[str] | frozenset = frozenset()) -> list[Mention]:
    """Leave out organisation chunks that end in no organisation head (the tagger marks
    fragments such as 新时代 or 新能源汽车 as ORG) unless something vouches for the name: an
    organisation lexicon has it, a longer organisation name begins with it (中铁 in 中铁大桥局),
    a post follows it (顺丰快递员), it stands in a list (美团、饿了么), or the page names it
    at least ``org.headless_min_count`` times. Otherwise the part up to the last head inside
    it, if any, stays.

    >>> r = Rules({"org": {"heads": ["局"], "headless_min_count": 3}})
    >>> t = "中铁大桥局和中铁。锻造新时代产业工人。"
    >>> c = [Mention(0, 5, "中铁大桥局", "ORG", "chunk:org"), Mention(6, 8, "中铁", "ORG", "chunk:org"),
    ...      Mention(11, 14, "新时代", "ORG", "chunk:org")]
    >>> [m.text for m in drop_headless_orgs(t, c, r)]
    ['中铁大桥局', '中铁']
    >>> [m.text for m in drop_headless_orgs("中铁大桥局新能源", [Mention(0, 8, "中铁大桥局新能源", "ORG", "chunk:org")], r)]
    ['中铁大桥局']
    """
    heads = rules.heads["ORG"]
    min_count = int(rules.section("org").get("headless_min_count", 3))
    starts: dict[int, int] = {}
    for m in candidates:
        if m.label == "ORG":
            starts[m.start] = max(starts.get(m.start, 0), m.end)
    forms = sorted({m.text for m in candidates if m.label == "ORG"})
    counts: dict[str, int] = {}

    def page_count(name: str) -> int:  # text.count once per name: it reads the whole page
        if name not in counts:
            counts[name] = text.count(name)
        return counts[name]

    out = []
    for m in candidates:
        if m.label == "ORG" and m.source in {"chunk:org", "lac:ORG"} and not _ends_with_head(m.text, heads) and m.text not in org_words:
            after = text[m.end:m.end + 6]
            vouched = (
                _has_longer_form(forms, m.text)
                or any(s == 0 for s, _, _ in rules.roles.finditer(after))
                or after[:1] in {"、", "等"}
                or text[m.start - 1:m.start] == "、"
                or page_count(m.text) >= min_count
            )
            if not vouched:
                # the part up to a head inside is a name of its own (重庆市北碚区职业教育中心|新能源)
                cut = next((k for k in range(len(m.text) - 1, 1, -1) if _ends_with_head(m.text[:k], heads)), 0)
                if cut and m.text[:cut] not in rules.generic["ORG"]:
                    out.append(Mention(m.start, m.start + cut, m.text[:cut], m.label, m.source, m.article))
                continue
        out.append(m)
    return out


def trim_roles(text: str, candidates: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Cut a post off the end of an organisation candidate: 顺丰快递|员 -> 顺丰 when 快递员
    is a post, 云南省总工会党组|书记 -> 云南省总工会 when 党组书记 is one."""
    out = []
    for m in candidates:
        if m.label == "ORG":
            for cut in range(max(m.start + 2, m.end - 3), m.end):
                if any(s == 0 and e > m.end - cut for s, e, _ in rules.roles.finditer(text[cut:cut + 6])):
                    m = Mention(m.start, cut, text[m.start:cut], m.label, m.source, m.article)
                    break
        out.append(m)
    return out


# ---------------------------------------------------------------------------------------------
# overlap resolution

#: which source wins a tie between overlapping candidates of equal length
PRIORITY = {
    "byline": 9,
    "quote:programme": 8,
    "quote:event": 8,
    "quote:award": 8,
    "quote:org": 8,
    "chunk:event": 7,
    "chunk:award": 6,
    "title:award": 6,
    "pattern:event": 8,
    "distributive": 8,
    "pattern:programme": 8,
    "book:programme": 8,
    "coined:programme": 5,
    "pattern:award": 8,
    "pattern:org": 8,
    "chunk:org": 6,
    "lac:ORG": 5,
    "chunk:programme": 5,
    "chunk:place": 5,
    "gazetteer": 4,
    "abbrev:union": 7,
    "lac:PER": 3,
    "context:person": 3,
    "lac:LOC": 2,
}


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def longer_page_forms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """An organisation cut short where the tagger split its name differently (中国石化|广西|石油
    against 中国石化|广西石油 elsewhere) takes the longer name the page gives it, when the text
    there goes on with it and no other mention stands in the way. ``mentions`` are resolved
    (none overlaps another).

    >>> t = "临江石化沿海石油联合开展。据悉，临江石化沿海石油通过。"
    >>> ms = [Mention(0, 8, "临江石化沿海石油", "ORG", "chunk:org"), Mention(16, 22, "临江石化沿海", "ORG", "chunk:org")]
    >>> [m.text for m in longer_page_forms(t, ms)]
    ['临江石化沿海石油', '临江石化沿海石油']
    >>> ms = [Mention(0, 8, "临江石化沿海石油", "ORG", "chunk:org"), Mention(16, 20, "临江石化", "ORG", "chunk:org"),
    ...       Mention(20, 22, "沿海", "PLACE", "gazetteer")]
    >>> [m.text for m in longer_page_forms(t, ms)]
    ['临江石化沿海石油', '临江石化沿海石油']
    """
    forms = {m.text for m in mentions if m.label == "ORG"}
    # the longer forms of each form, longest first (one pass over the prefixes of each form)
    longer_of: dict[str, list[str]] = {}
    for f in sorted(forms, key=len, reverse=True):
        for k in range(1, len(f)):
            if f[:k] in forms:
                longer_of.setdefault(f[:k], []).append(f)
    spans = sorted((m.start, m.end, m.label) for m in mentions)
    starts = [a for a, _, _ in spans]
    out, swallowed = [], set()
    for m in mentions:
        if m.label == "ORG" and m.text in longer_of and (m.start, m.end, m.label) not in swallowed:
            longer = next((f for f in longer_of[m.text] if text.startswith(f, m.start)), None)
            end = m.start + len(longer) if longer else m.end
            # (the mentions do not overlap: those in the way start inside the longer name)
            inside = spans[bisect.bisect_left(starts, m.end):bisect.bisect_left(starts, end)]
            # a place written inside the longer name becomes part of it (中国石化|广西|石油)
            if longer and all(lab == "PLACE" and b <= end for _, b, lab in inside):
                swallowed.update(inside)
                m = Mention(m.start, end, longer, m.label, m.source, m.article)
        out.append(m)
    return [m for m in out if (m.start, m.end, m.label) not in swallowed]


def referred_one_offs(text: str, mentions: Sequence[Mention], rules: Rules) -> list[Mention]:
    """Programmes that the text later calls "this one" become events.

    ``此次两地…协作行动开始前`` after ``…技术创新协作行动`` says the action was one occasion:
    a reference word (``event.one_off_refs``) and a tail of the name, ending with its head
    word, within ``event.one_off_ref_reach`` characters after it. The reference goes to the
    nearest programme before it with that tail; events and other labels stay as they are.

    >>> rules = Rules({"programme": {"heads": ["行动"]}, "event": {"one_off_refs": ["此次"]}})
    >>> t = "开展协作行动。此次协作行动开始前，双方沟通。"
    >>> [(m.text, m.label) for m in referred_one_offs(t, [Mention(2, 6, "协作行动", "PROGRAMME", "chunk:programme")], rules)]
    [('协作行动', 'EVENT')]
    >>> t = "开展协作行动。此次会议开始前，双方沟通。"
    >>> [(m.text, m.label) for m in referred_one_offs(t, [Mention(2, 6, "协作行动", "PROGRAMME", "chunk:programme")], rules)]
    [('协作行动', 'PROGRAMME')]
    """
    section = rules.section("event")
    refs = section.get("one_off_refs", [])
    reach = int(section.get("one_off_ref_reach", 800))
    if not refs:
        return list(mentions)
    heads = rules.heads["PROGRAMME"]
    programmes = [i for i, m in enumerate(mentions) if m.label == "PROGRAMME" and _ends_with_head(m.text, heads)]
    if not programmes:
        return list(mentions)
    out = list(mentions)
    ref = re.compile("(?:%s)([\u4e00-\u9fff·]{1,30})" % "|".join(map(re.escape, refs)))
    for r in ref.finditer(text):
        run = r.group(1)
        best = None
        for i in programmes:
            m = mentions[i]
            if m.end > r.start() or r.start() - m.end > reach:
                continue
            head = _ends_with_head(m.text, heads)
            # a prefix of the run ending with the head that is a tail of the name (此次协作行动)
            # or to it but a short qualifier (此次两地劳模工匠技术创新协作行动; not 本次大赛…技术项目)
            found = any(run[:k].endswith(head) and _common_tail(run[:k], m.text) >= max(k - 2, len(head) + (k > len(head)) * 2)
                        for k in range(len(head), len(run) + 1))
            if found and (best is None or m.end > mentions[best].end):
                best = i
        if best is not None:
            m = out[best]
            out[best] = Mention(m.start, m.end, m.text, "EVENT", m.source, m.article)
    return out


def resolve(candidates: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longer first, then by source priority, then leftmost.

    >>> a = Mention(0, 6, "云南省总工会", "ORG", "chunk:org")
    >>> b = Mention(0, 3, "云南省", "PLACE", "gazetteer")
    >>> [m.text for m in resolve([b, a])]
    ['云南省总工会']
    """
    ordered = sorted(
        set(candidates),
        key=lambda m: (-(m.end - m.start), -PRIORITY.get(m.source, PRIORITY.get(m.source.split(":")[0], 0)), m.start, m.label, m.source),
    )
    taken: list[Mention] = []
    occupied = bytearray()
    for m in ordered:
        if len(occupied) < m.end:
            occupied.extend(b"\0" * (m.end - len(occupied)))
        if any(occupied[m.start:m.end]):
            continue
        occupied[m.start:m.end] = b"\1" * (m.end - m.start)
        taken.append(m)
    return sorted(taken, key=lambda m: (m.start, m.end))
