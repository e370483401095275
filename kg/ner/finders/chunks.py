"""Name chunks that end in a head word (临江市|总工会, 2024年|…|技能|竞赛): the longest head decides
the label."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Iterable, Sequence

from ...model import Mention
from ..heads import LEVEL_ENDS, best_head, ends_with_head
from ..settings import Rules, TagSets
from ..words import Word, is_cjk_or_alnum, sentence_bounds, trim_tail

__all__ = ['CHUNK_LABELS', 'head_chunks']


def _left_extend(words: Sequence[Word], i: int, rules: Rules, text: str, start_limit: int = 0, event: bool = False) -> int:
    """Index of the first word of the name chunk that ends with ``words[i]`` (``event``: the
    chunk ends in an event's head, and may hold its edition, the verb of its purpose and the
    places it joins)."""
    j = i
    first = i
    while j - 1 >= 0:
        w = words[j - 1]
        if w.start < start_limit or words[i].end - w.start > rules.chunk.max_chars:
            break
        if event and _inside_event(words, j - 1, rules):
            j -= 1
            first = j
            continue
        if w.tag == "w" or w.tag == "c" or (w.tag == "p" and w.text in rules.chunk.inner_conjunctions):
            # (the tagger reads 与 as a preposition as often as a conjunction)
            # punctuation and conjunctions end a name, except the few that join its parts,
            # and the 、 of places named together at the start of an event (绵阳、北碚两地…座谈会)
            places_joined = event and w.text == "、" and j - 2 >= 0 and words[j - 2].tag in rules.tags.place_word and words[j].tag in rules.tags.place_word
            if w.text not in rules.chunk.inner_punct and not _joins_nouns(words, j - 1, rules) and not places_joined:
                break
        elif len(w.text) == 1 and w.tag in rules.chunk.fragment_tags and j - 2 >= 0 and len(words[j - 2].text) == 1 \
                and words[j - 2].tag in rules.tags.fragment_neighbours and words[j].tag in rules.tags.fragment_neighbours:
            # a piece of a word the tagger did not know (网|约|配送员)
            pass
        elif w.text in rules.chunk.inner_verbs and j - 2 >= 0 and words[j - 2].tag in rules.tags.verb_before and words[j].tag in rules.tags.verb_after:
            # a campaign named as "who goes where" (劳模工匠走进校园宣讲活动)
            pass
        elif (w.tag not in rules.chunk.name_tags and not (w.tag == "v" and w.text.endswith("性"))) or not is_cjk_or_alnum(w.text):
            # (words in -性 are adjectives whatever their tag: 全国引领性竞赛)
            break
        elif w.tag == "m" and rules.chunk.counter.search(w.text) and not (event and (rules.event.edition.fullmatch(w.text) or rules.event.phase.fullmatch(w.text))):
            # (an event's name holds its edition and a works project's phase: 中国工会第十七次
            # 全国代表大会, 昌赣高铁二期工程劳动竞赛)
            break
        if w.tag == "PER" and w.text[-1:] in rules.person.glued_conjunctions and len(w.text) >= 3:
            # a name with a conjunction glued to it joins two phrases (…副主席|钱江与|区人社局)
            break
        if w.text in rules.chunk.never_inside or w.text.endswith(rules.chunk.glued_tails):
            # (the tagger glues 等 or a verb onto a name: 云岩区总工会等|县市区总工会,
            # 福建省总工会联合|省人社厅)
            break
        if w.tag in rules.tags.between_nouns and w.text not in rules.chunk.never_start:
            # verbs, classifiers and localisers stand inside a name only between nouns
            if j - 2 < 0 or words[j - 2].tag not in rules.tags.noun_before:
                break
        j -= 1
        first = j
    while first < i and _no_start(words, first, rules, text, event):
        first += 1
    return first


def _inside_event(words: Sequence[Word], k: int, rules: Rules) -> bool:
    """Whether ``words[k]``, which would end a name elsewhere, stands inside an event's name: a
    plenary session numbered within its term (十五届|三次|全委会议) or a bracketed qualifier
    (全委|（扩大）|会议), the Party's congress or plenum (学习贯彻党|的|二十届三中全会精神…), the verb
    of the event's purpose (…协作|助力|成渝地区…座谈会, 学习|贯彻…)."""
    w = words[k]
    if _plenary(words, k) or (w.text == "的" and k >= 1 and words[k - 1].text == "党"):
        return True
    purposes = rules.event.purpose_verbs
    return w.text in purposes and (words[k + 1].tag in rules.tags.purpose_object or words[k + 1].text in purposes)


def _no_start(words: Sequence[Word], k: int, rules: Rules, text: str, event: bool) -> bool:
    """Whether a chunk may not start on ``words[k]``: a function or generic word (not a term that
    begins with one: 新|就业|形态), unless it is the purpose that opens an event's name after the
    verb that holds it (召开|学习贯彻…报告会)."""
    w = words[k]
    if not (w.text in rules.chunk.never_start or w.tag in rules.tags.never_first) or text.startswith(rules.chunk.start_terms, w.start):
        return False
    return not (event and w.text in rules.event.purpose_verbs and k > 0 and words[k - 1].tag in rules.tags.purpose_openers)


def _competition_item(name: str, rules: Rules) -> int | None:
    """Where a competition's name ends in the name of one of its items (全国引领性劳动和技能竞赛|
    项目, 第二届全国技能大赛|焊接项目: up to six characters of the item's own before its tail),
    or None."""
    for tail in rules.event.competition_item_tails:
        if not name.endswith(tail):
            continue
        for k in range(len(name) - len(tail), max(1, len(name) - len(tail) - 6) - 1, -1):
            if ends_with_head(name[:k], rules.event.competition_heads):
                return k
    return None


def _plenary(words: Sequence[Word], k: int) -> bool:
    """True when ``words[k]`` is the number of a session within a term (十四届|五次) or part of a
    short bracketed qualifier of a meeting (（|扩大|）).

    >>> ws = [Word(0, 3, "十四届", "m"), Word(3, 5, "五次", "m"), Word(5, 6, "（", "w"), Word(6, 8, "扩大", "v"), Word(8, 9, "）", "w")]
    >>> [_plenary(ws, k) for k in range(5)]
    [False, True, True, True, True]
    """
    if re.fullmatch("[一二三四五六七八九十]+次", words[k].text):
        return k >= 1 and words[k - 1].text.endswith("届")
    return any(words[a].text == "（" and a + 2 < len(words) and words[a + 2].text == "）" and len(words[a + 1].text) <= 3
               for a in range(max(0, k - 2), k + 1))


def _joins_nouns(words: Sequence[Word], k: int, rules: Rules) -> bool:
    """True when ``words[k]`` is a conjunction joining two plain nouns inside one name
    (劳动|和|技能竞赛): neither side a place, organisation or person, nor ending with a head."""
    if words[k].text not in rules.chunk.inner_conjunctions or k < 1 or k + 1 >= len(words):
        return False
    left, right = words[k - 1], words[k + 1]
    if _joined_field(words, k, rules.chunk.joined_fields):
        return True
    plain = rules.tags.plain_nouns
    if left.tag not in plain or right.tag not in plain:
        return False
    # a head on either side makes two names (区域|和|项目部)
    # (award titles are plain nouns here: 劳模和工匠人才创新工作室联盟)
    return not any(ends_with_head(x.text, rules.heads[lab]) for x in (left, right) for lab in ("ORG", "PLACE", "PROGRAMME", "EVENT"))


def _joined_field(words: Sequence[Word], k: int, fields: Sequence[str]) -> bool:
    """True when the conjunction ``words[k]`` stands inside the name of a department's field
    (工业|和|信息化厅: 工业和信息化), whatever the tagger made of the words around it."""
    left = "".join(w.text for w in words[max(0, k - 3):k])
    right = "".join(w.text for w in words[k + 1:k + 4])
    joiner = words[k].text
    for f in fields:
        i = f.find(joiner)
        if i > 0 and left.endswith(f[:i]) and right.startswith(f[i + len(joiner):]):
            return True
    return False


def _proper(words: Sequence[Word], a: int, b: int, tags: TagSets) -> bool:
    """True when words[a:b] hold a proper part: a place, organisation, person, proper noun,
    abbreviation, or a number before the head word (a number that is the head word itself,
    as in 四部, makes no name)."""
    return any(w.tag in tags.proper for w in words[a:b - 1]) or (
        b - 1 >= a and words[b - 1].tag in tags.proper_last
    )


#: the labels a name chunk may take, in the order a tie of heads is won
CHUNK_LABELS = ("ORG", "PLACE", "PROGRAMME", "EVENT")


@dataclass(frozen=True)
class _Page:
    """What the chunker reads of one page, besides each word."""

    text: str
    words: Sequence[Word]
    rules: Rules
    place_forms: set[str]
    place_starts: set[int]
    common_words: Collection[str]
    #: the last characters of all heads: a word ending in none of them ends no head
    head_ends: set[str]


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
    places = list(places)
    page = _Page(text, words, rules, {m.text for m in places}, {m.start for m in places}, common_words,
                 {h[-1] for lab in CHUNK_LABELS for h in rules.heads[lab] if h})
    out = []
    for i in range(len(words)):
        found = _head(page, i)
        if found is None:
            continue
        head, lab = found
        i0, first = _first_word(page, i, head, lab)
        chunk = _named(page, i, i0, first, head, lab)
        if chunk is None:
            continue
        start, end, name, lab = chunk
        if label is None or lab == label:
            out.append(Mention(start, end, name, lab, f"chunk:{lab.lower()}"))
    return out


def _head(page: _Page, i: int) -> tuple[str | None, str] | None:
    """The head word that ``words[i]`` ends and its label (no head for a word the tagger
    marks ORG: then the label is ORG), or None when the word can end no name."""
    text, words, rules = page.text, page.words, page.rules
    w = words[i]
    if w.tag == "w" or (w.tag == "PER" and len(w.text) <= rules.person.max_len):
        # (a person's name that ends like a head is no name of a place or body: 赵博山; a
        # longer PER word is the tagger's mistake for a name: 邱辉创新创效工作室)
        return None
    if text[w.end - 1:w.end] in page.head_ends:  # the last character of the window below
        head, lab = best_head(text[words[max(0, i - 3)].start:w.end], rules.heads, CHUNK_LABELS)
    else:
        head, lab = None, None
    if head and len(head) < len(w.text) and not w.text.endswith(head):
        head = None
    if head and len(head) > len(w.text) and not head.endswith(w.text):
        head = None
    if head is not None and w.tag in rules.tags.verb and 0 < len(w.text) - len(head) <= 2:
        # a verb with its object (出席会议, 召开大会) names nothing
        return None
    if head is None:
        if w.tag != "ORG" or w.text in rules.chunk.never_start:
            # (the tagger marks a word of acting together as a body: 市总工会将|联合|市人社局)
            return None
        lab = "ORG"
    if head and len(head) < len(w.text) and w.text in page.common_words and w.tag not in rules.tags.named_word:
        # (a common word that merely ends like a head, 大局; a head written over several words,
        # 网上|服务|大厅, is one whatever its last word)
        return None
    return head, lab


def _first_word(page: _Page, i: int, head: str | None, lab: str) -> tuple[int, int]:
    """The word the head begins in, and the first word of the chunk that ends with ``words[i]``."""
    text, words, rules = page.text, page.words, page.rules
    w = words[i]
    # a head written over several words (成立|大会) is part of the name whatever its tags
    i0 = i
    if head:
        head_start = w.end - len(head)
        while i0 > 0 and words[i0].start > head_start:
            i0 -= 1
    first = _left_extend(words, i0, rules, text, event=lab == "EVENT") if i0 == i or words[i0].start == w.end - len(head) else i0
    if lab not in {"EVENT", "PROGRAMME"}:
        # only a campaign's name holds a verb (a place after 走进 is where someone went)
        first = max([first] + [k + 1 for k in range(first, i0) if words[k].text in rules.chunk.inner_verbs])
    elif lab == "PROGRAMME":
        # a verb of visiting or inspecting ends what went before (赴赣州市调研|产业工人…改革工作);
        # only a meeting's name holds one (…调研座谈会)
        first = max([first] + [k + 1 for k in range(first, i0) if words[k].text in rules.programme.not_inside])
    # a number or measure starts no name, but an edition (第二届, 2023年) starts an event
    competition = rules.event.competition_heads
    while first < i and words[first].tag in rules.tags.counting:
        # (a year before a standing programme dates a sentence: 自2017年|产业工人队伍建设改革启动)
        editioned = lab == "EVENT" or (lab == "PROGRAMME" and head is not None and (
            head.endswith(competition) or _competition_item(text[words[first].start:w.end], rules) is not None))
        if editioned and rules.event.edition.match(text[words[first].start:w.end]):
            break
        first += 1
    if lab == "EVENT" and first > 0 and words[first - 1].text in rules.event.whole_scopes:
        # the whole region an event covers starts its name (全区工会…推进会)
        first -= 1
    return i0, first


def _named(page: _Page, i: int, i0: int, first: int, head: str | None, lab: str) -> tuple[int, int, str, str] | None:
    """``(start, end, name, label)`` of the chunk of ``words[first:i + 1]``, or None when it
    names nothing."""
    text, words, rules = page.text, page.words, page.rules
    w = words[i]
    competition = rules.event.competition_heads
    start = words[first].start
    name = trim_tail(text[start:w.end], rules.chunk.trim_tails)
    cut = _competition_item(name, rules)
    if cut is not None:
        name = name[:cut]
        head, lab = ends_with_head(name, competition), "PROGRAMME"
    end = start + len(name)
    if len(name) < 2 or name in rules.generic[lab] or name == head and not (lab == "ORG" and name in rules.org.standalone_heads):
        return None
    proper = _proper(words, first, i + 1, rules.tags) or start in page.place_starts or (
        # a bare level before a department (省|自然资源和规划厅, 市|文化和旅游局) stands for the
        # region the article is about, which the canonical stage restores
        lab == "ORG" and first < i and words[first].text in rules.names.level_chars and words[i].text.endswith(rules.org.departments)) or (
        # a national department is named by its field alone (人力资源和社会保障部)
        lab == "ORG" and any(f in name for f in rules.chunk.joined_fields) and name.endswith((*rules.org.departments, "部", "委")))
    if first == i0 and i0 < i and not proper:
        return None
    if lab == "ORG":
        if not _is_org(page, i, name, proper):
            return None
    elif lab in {"EVENT", "PROGRAMME"}:
        found = _event_or_programme(page, start, end, name, head, lab, proper)
        if found is None:
            return None
        start, name, lab = found
    elif not proper:
        return None
    return _placed(page, i, first, start, end, name, head, lab)


def _is_org(page: _Page, i: int, name: str, proper: bool) -> bool:
    """Whether an organisation chunk ending with ``words[i]`` names one."""
    words, rules = page.words, page.rules
    w = words[i]
    nxt = words[i + 1].text if i + 1 < len(words) else ""
    if w.tag != "ORG" and nxt in rules.org.modifier_before:
        return False
    # a region's unions taken together (云南工会, 全省工会) are no organisation
    if name.endswith("工会") and name[: -len("工会")] in page.place_forms | rules.chunk.collective_regions:
        return False
    return proper or w.tag == "ORG"


def _event_or_programme(page: _Page, start: int, end: int, name: str, head: str | None, lab: str,
                        proper: bool) -> tuple[int, str, str] | None:
    """``(start, name, label)`` of an event or programme chunk (a venue before its edition
    left out; a competition an event when its edition or sentence dates it), or None."""
    text, rules = page.text, page.rules
    edition = rules.event.edition.search(name)
    if edition and edition.start() > 0:
        # a venue before an edition is where the event is held, not part of its name
        # (国家会展中心（天津）第二届全国技能大赛); a city before it is (长沙市首届…)
        prefix = name[: edition.start()]
        if prefix.endswith("）") or ends_with_head(prefix, [h for h in rules.heads["PLACE"] if len(h) > 1]):
            start += edition.start()
            name = name[edition.start():]
            edition = rules.event.edition.search(name)
    if not (edition or proper or name.startswith(rules.programme.scope_words) or _after_verb(text, start, name, head, rules)):
        return None
    counted = re.search(r"[一二三四五六七八九十两]+[大项个类]", name)
    if counted and counted.start() > 0 and ends_with_head(name[:counted.start()], rules.heads[lab]):
        # 宣传周|六大主题日活动: a count after a whole name starts a description
        return None
    if head and head.endswith(rules.event.competition_heads):
        s0, s1 = sentence_bounds(text, start, end)
        lab = "EVENT" if edition or rules.event.dated.search(text[s0:s1]) else "PROGRAMME"
    if lab == "PROGRAMME" and head and head.endswith(rules.programme.strong_heads):
        # a body written before a reform or plan it runs is no part of its name (全国总工会|产业
        # 工人队伍建设改革调研组): the programme starts after the body's head
        unions = tuple(rules.org.union_heads)
        cut = max((k for k in range(3, len(name) - 5) if name[:k].endswith(unions)), default=0)
        if cut:
            start, name = start + cut, name[cut:]
    return start, name, lab


def _placed(page: _Page, i: int, first: int, start: int, end: int, name: str, head: str | None,
            lab: str) -> tuple[int, int, str, str]:
    """The chunk with a venue's city in brackets added to a site, and a station or project
    whose name begins with a place made a site."""
    text, words, rules = page.text, page.words, page.rules
    # (an organisation inside makes it that organisation's programme; the tagger's ORG
    # words count only with an organisation head: 贝宁维达|海滨项目 is a site)
    if lab == "PLACE" and head in rules.place.division_heads:
        # divisions written one after the other (长寿路街道新会路街区) are places of their own:
        # the name starts after the last one that ends inside it
        cut = max((k for k in range(3, len(name) - 2) if ends_with_head(name[:k], rules.place.division_heads)), default=0)
        if cut:
            start, name = start + cut, name[cut:]
        # ... and so are divisions written after the full name of a larger one (昆明市五华区|
        # 普吉街道, 仓山区|东韵社区)
        cut = _after_division(name, page.place_forms)
        if cut:
            start, name = start + cut, name[cut:]
    if lab == "PLACE" and head is not None and len(head) == 1:
        # a lake, hill or river named after a body's name is none: such a place starts after the
        # last head of a body inside (南昌市公安局交通管理局|青山湖, a word the tagger ran together)
        cut = max((k for k in range(3, len(name) - 2) if ends_with_head(name[:k], rules.heads["ORG"])), default=0)
        if cut:
            start, name = start + cut, name[cut:]
    if lab == "PLACE":
        # a venue named with its city in brackets (国家会展中心（天津）)
        paren = re.match(r"[（(]([^（）()]{2,8})[）)]", text[end:end + 11])
        if paren and paren.group(1) in page.place_forms:
            end += paren.end()
            name = text[start:end]
    if lab == "PROGRAMME" and head in rules.place.site_when_placed and start in page.place_starts and not _counted(text, start):
        owned = any(x.tag in rules.tags.site_owner and ends_with_head(x.text, rules.heads["ORG"]) for x in words[first:i + 1])
        if _list_item(text, start, end) or not owned:
            lab = "PLACE"
    if lab == "PROGRAMME" and _works(name, head, rules):
        lab = "PLACE"
    close = start - 1 if text[start - 1:start] == "”" else start - 2 if text[start - 2:start] == "”杯" else -1
    if lab == "EVENT" and close > 0:
        # a quoted theme right before an event's name is part of it (“…”女职工…启动仪式), and so is
        # a quoted cup (“巴渝工匠”杯职业技能大赛)
        opening = text.rfind("“", max(0, close - 30), close)
        if opening >= 0 and not re.search(r"[。！？；：”]", text[opening + 1:close]):
            start, name = opening, text[opening:end]
            # ... with the edition written before the quote (2024年“齐鲁工匠杯”…大赛), or the place
            # (广东省“南粤工匠杯”…总决赛)
            start -= rules.event.edition_before(text, start)
            place = max((f for f in page.place_forms if len(f) >= 2 and text.endswith(f, 0, start)), key=len, default="")
            start -= len(place)
            start -= rules.event.edition_before(text, start) if place else 0
            name = text[start:end]
    return start, end, name, lab


def _after_division(name: str, place_forms: Collection[str]) -> int:
    """Where the name of a division begins after the full names of the larger divisions written
    before it (0 when none is): a division's full name ends in its level (省市县区州旗盟), and at
    least three characters are left after it.

    >>> _after_division("福州市东湖社区", {"福州市"}), _after_division("昆明西山社区", {"昆明"})
    (3, 0)
    """
    cut = 0
    for k in range(2, len(name) - 2):
        if name[k - 1] in LEVEL_ENDS and any(name[j:k] in place_forms for j in range(cut, k - 1)):
            cut = k
    return cut


def _works(name: str, head: str | None, rules: Rules) -> bool:
    """Whether a project or works is named after what it builds (…船闸项目, …中心建设项目):
    a site, not a programme.

    >>> r = Rules({"place": {"works_heads": ["项目"], "works_nouns": ["船闸", "中心"], "works_building": ["建设"]}})
    >>> _works("临江船闸项目", "项目", r), _works("临江指挥中心建设项目", "项目", r), _works("职工疗休养项目", "项目", r)
    (True, True, False)
    """
    place = rules.place
    if head not in place.works_heads or not name.endswith(head):
        return False
    body = name[: -len(head)]
    building = next((b for b in place.works_building if body.endswith(b)), "")
    body = body[: len(body) - len(building)]
    return len(body) > 2 and body.endswith(place.works_nouns)


def _list_item(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is an item of a list (…：A、B、C): after a colon or a
    list comma, or before a list comma.

    >>> _list_item("分别是：甲站、乙站", 4, 6), _list_item("建设甲站，", 2, 4)
    (True, False)
    """
    return text[start - 1:start] in ("、", "：") or text[end:end + 1] == "、"


def _counted(text: str, start: int) -> bool:
    """Whether a count of things stands right before ``start`` (6个X站: several of a kind,
    a network, not one site).

    >>> _counted("推荐的6个福州站", 5), _counted("推荐的福州站", 3)
    (True, False)
    """
    return re.search(r"(?:\d+|[一二两三四五六七八九十百千几多]+)[个家处座所]$", text[max(0, start - 6):start]) is not None


def _after_verb(text: str, start: int, name: str, head: str | None, rules: Rules) -> bool:
    """A long programme or meeting name with a strong head right after a verb that runs it, or
    an object marker, or a programme's after a verb of visiting, or before the time since it runs
    (深入推进产业工人队伍建设改革, 召开普惠服务推进会, 把…建设改革引向深入, 赴赣州调研产业工人队伍
    建设改革工作, 职工素质提升工程实施以来)."""
    for sec in (rules.programme, rules.event):
        if not head or not head.endswith(sec.strong_heads) or len(name) < sec.strong_min_chars:
            continue
        before = text[max(0, start - 5):start].removesuffix("了")  # (举办了…签约仪式)
        visiting = tuple(rules.programme.not_inside) if sec is rules.programme else ()
        if before.endswith((*sec.verbs, *sec.object_markers, *visiting)):
            return True
        # ... or the subject of the time since it runs (职工素质提升工程实施以来)
        if sec is rules.programme and re.match(r"(?:[\u4e00-\u9fff]{0,2}?)(?:%s)以来" % "|".join(map(re.escape, sec.verbs)),
                                                 text[start + len(name):start + len(name) + 6]):
            return True
    return False
