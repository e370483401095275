"""Programmes and events named by their form: fixed patterns, plans in book-title marks, brands
coined from an ordinary word, and the items of a list sharing one head."""
from __future__ import annotations

import dataclasses
import itertools
import re
from collections import defaultdict
from typing import Iterable, Sequence

from ...model import Mention
from ..heads import ends_with_head
from ..settings import Rules
from ..words import CJK, Word, sentence_bounds

__all__ = ['pattern_mentions', 'book_titles', 'coined_programmes', 'slogan_programmes', 'distributive_mentions', 'coordinated_names', 'joined_names', 'parts_of_joined']


def pattern_mentions(text: str, rules: Rules) -> list[Mention]:
    """Names of a fixed form, from the ``patterns`` lists of the label sections, and the
    national strategies of ``programme.strategies`` (source ``strategy:programme``)."""
    out = []
    for label, sec in (("EVENT", rules.event), ("PROGRAMME", rules.programme), ("AWARD", rules.award), ("ORG", rules.org)):
        for pattern in sec.patterns:
            for m in re.finditer(pattern, text):
                out.append(Mention(m.start(), m.end(), m.group(), label, "pattern:" + label.lower()))
    for pattern in rules.programme.strategies:
        for m in re.finditer(pattern, text):
            out.append(Mention(m.start(), m.end(), m.group(), "PROGRAMME", "strategy:programme"))
    return out


def book_titles(text: str, rules: Rules) -> list[Mention]:
    """Plans, schemes and proposals named in book-title marks: 《X规划（2021—2025年）》 gives
    the programme X规划 when X ends with a head of ``programme.book_heads``; a bracketed
    period at the end is left out of the name. Titles of laws, songs or books end otherwise.
    A short title followed by one of ``programme.book_category_tails`` (服务手册) names the
    brand it stands for.

    >>> r = Rules({"programme": {"book_heads": ["规划", "倡议书"]}})
    >>> [(m.text, m.label) for m in book_titles("发布《青山省工会技能规划（2021—2025年）》和《生日歌》", r)]
    [('青山省工会技能规划', 'PROGRAMME')]
    """
    heads = rules.programme.book_heads
    category = rules.programme.book_category_tails
    out = []
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        inner = m.group(1)
        period = re.search(r"[（(][^（）()]*\d[^（）()]*[）)]$", inner)
        name = inner[: period.start()] if period else inner
        if category and text.startswith(category, m.end()) and len(name) <= 12:
            # the brand of a publication or service (《暖“新”医靠》服务手册 is 暖新医靠)
            out.append(Mention(m.start(1), m.start(1) + len(name), name, "PROGRAMME", "book:programme"))
        elif ends_with_head(name, heads) and len(name) > max(len(h) for h in heads if name.endswith(h)):
            start = m.start(1)
            out.append(Mention(start, start + len(name), name, "PROGRAMME", "book:programme"))
    return out


def coined_programmes(text: str, words: Sequence[Word], rules: Rules) -> list[Mention]:
    """Brand names coined from an ordinary word and a brand head (暖蜂|驿站): the tagger sees
    no proper part in them, but a page that writes the same two words together at least
    ``programme.coined_min_count`` times is naming a programme. The first word is a noun of
    two or more characters that is not one of ``programme.coined_not_modifiers`` (爱心, 职工:
    descriptions, not names).

    >>> r = Rules({"programme": {"coined_heads": ["驿站"], "coined_min_count": 2}, "tags": {"coined_nouns": ["n", "nz"]}})
    >>> ws = [Word(0, 2, "建成", "v"), Word(2, 4, "暖蜂", "n"), Word(4, 6, "驿站", "n"), Word(6, 7, "，", "w"),
    ...       Word(7, 9, "暖蜂", "n"), Word(9, 11, "驿站", "n")]
    >>> [(m.start, m.text) for m in coined_programmes("建成暖蜂驿站，暖蜂驿站", ws, r)]
    [(2, '暖蜂驿站'), (7, '暖蜂驿站')]
    """
    sec = rules.programme
    heads, not_modifiers, min_count = set(sec.coined_heads), sec.coined_not_modifiers, sec.coined_min_count
    found: dict[str, list[int]] = defaultdict(list)
    for a, b in zip(words, words[1:]):
        if b.text in heads and b.start == a.end and a.tag in rules.tags.coined_nouns and len(a.text) >= 2 \
                and CJK.match(a.text) and a.text not in not_modifiers and a.text not in rules.chunk.never_start:
            found[a.text + b.text].append(a.start)
    return [Mention(s0, s0 + len(name), name, "PROGRAMME", "coined:programme")
            for name, starts in sorted(found.items()) if len(starts) >= min_count for s0 in starts]


#: a run of name characters: no punctuation, and none of the function words that end a name
_NAME_RUN = re.compile(r"(?:(?![的和与及等在是为将把被对从向了着也都还又])[\u4e00-\u9fff]){4,24}")


def slogan_programmes(text: str, words: Sequence[Word], rules: Rules) -> list[Mention]:
    """Campaigns named by a phrase with a verb and its object inside (开展|劳模工匠走进校园宣讲活动):
    after one of ``programme.slogan_verbs``, the run of name characters up to a pause, when it
    ends with one of ``programme.slogan_heads``, is ``slogan_min_chars`` long or more, and holds a
    verb (tag ``v``) followed by another word before the last word of the name.

    >>> r = Rules({"programme": {"slogan_verbs": ["开展"], "slogan_heads": ["活动"], "slogan_min_chars": 10}})
    >>> ws = [Word(0, 2, "开展", "v"), Word(2, 4, "劳模", "n"), Word(4, 6, "工匠", "n"), Word(6, 8, "走进", "v"),
    ...       Word(8, 10, "校园", "n"), Word(10, 12, "宣讲", "vn"), Word(12, 14, "活动", "n"), Word(14, 15, "。", "w")]
    >>> [m.text for m in slogan_programmes("开展劳模工匠走进校园宣讲活动。", ws, r)]
    ['劳模工匠走进校园宣讲活动']
    """
    sec = rules.programme
    if sec.slogan_verb is None or not sec.slogan_heads:
        return []
    starts = {w.start: k for k, w in enumerate(words)}
    out = []
    for vm in sec.slogan_verb.finditer(text):
        run = _NAME_RUN.match(text, vm.end())
        if run is None or run.end() - run.start() < sec.slogan_min_chars or not run.group().endswith(tuple(sec.slogan_heads)) \
                or vm.end() not in starts or run.end() < len(text) and text[run.end()] not in "，。；、！？）\n":
            continue
        # (the words of the run only: the page's words are in order)
        inside = list(itertools.takewhile(lambda w: w.end <= run.end(), words[starts[vm.end()]:]))
        if inside and inside[-1].end == run.end() and any(w.tag == "v" for w in inside[:-2]):
            out.append(Mention(run.start(), run.end(), run.group(), "PROGRAMME", "slogan:programme"))
    return out


def distributive_mentions(text: str, rules: Rules) -> list[Mention]:
    """实施凝心聚魂、悉心赋能、暖心帮扶等“七心工程”: items listed before 等 and a programme
    head each name a programme; the mention is the item, its canonical name the item with
    the head (the source records the head: ``distributive:工程``)."""
    pattern = rules.programme.distributive
    if pattern is None:
        return []
    out = []
    # a kind word between (等重点工程项目: fields of works) or after the head (…工程项目) makes
    # the items sorts of thing
    kinds = rules.programme.distributive_not_between
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


def coordinated_names(text: str, words: Sequence[Word], rules: Rules, candidates: Sequence[Mention]) -> list[Mention]:
    """Names listed with a programme or event name (A竞赛、B大赛和C竞赛): a run of name words
    right after a list joiner that ends with a head of the same label is a name of that label,
    even with no proper part of its own (民宿女管家技能大赛 beside 工业机器人…竞赛); not a name
    that modifies a noun after it (职工学堂|阵地) nor one of a list of sorts closed by 等.

    >>> r = Rules({"event": {"heads": ["大赛", "竞赛"]}, "chunk": {"name_tags": ["n", "nz", "a"], "list_joiners": ["、"]},
    ...            "tags": {"modified_nouns": ["n", "vn"]}})
    >>> ws = [Word(0, 4, "机器人赛", "nz"), Word(4, 6, "竞赛", "n"), Word(6, 7, "、", "w"), Word(7, 9, "管家", "n"), Word(9, 11, "大赛", "n")]
    >>> [m.text for m in coordinated_names("机器人赛竞赛、管家大赛", ws, r, [Mention(0, 6, "机器人赛竞赛", "EVENT", "chunk:event")])]
    ['管家大赛']
    """
    joiners = rules.chunk.list_joiners
    starts = {w.start: k for k, w in enumerate(words)}
    taken = {(c.start, c.end) for c in candidates}
    out: list[Mention] = []
    todo = [c for c in candidates if c.label in {"EVENT", "PROGRAMME"} and not c.source.startswith(("nested", "coordinated"))]
    while todo:
        c = todo.pop()
        k = starts.get(c.end)
        if k is None or words[k].text not in joiners:
            continue
        m = _listed_name(text, words, rules, k + 1, c.label)
        if m is not None and (m.start, m.end) not in taken:
            taken.add((m.start, m.end))
            out.append(m)
            todo.append(m)
    return out


def _kind_of_body(run: str, label: str, rules: Rules) -> bool:
    """Whether ``run`` is a head of ``label`` after a bare organisation head (工会改革,
    企业计划): the kind of a body's work, no name.

    >>> r = Rules({"programme": {"heads": ["改革"]}, "org": {"heads": ["工会"]}})
    >>> _kind_of_body("工会改革", "PROGRAMME", r), _kind_of_body("国企国资改革", "PROGRAMME", r)
    (True, False)
    """
    bodies = set(rules.heads["ORG"])
    return any(run.endswith(h) and run[:-len(h)] in bodies for h in rules.heads[label])


def _listed_name(text: str, words: Sequence[Word], rules: Rules, k: int, label: str) -> Mention | None:
    """The name of ``label`` that the words from ``words[k]`` on make, up to eight words."""
    for j in range(k, min(len(words), k + 8)):
        w = words[j]
        if w.tag not in rules.chunk.name_tags or w.tag == "w" or w.text in rules.chunk.list_joiners:
            return None
        run = text[words[k].start:w.end]
        nxt = words[j + 1] if j + 1 < len(words) else None
        free = nxt is None or not (nxt.tag in rules.tags.modified_nouns or nxt.text == "等")
        if ends_with_head(run, rules.heads[label]) and len(run) >= 4 and free and not _kind_of_body(run, label, rules):
            return Mention(words[k].start, w.end, run, label, "coordinated:" + label.lower())
    return None



def joined_names(text: str, rules: Rules, candidates: Sequence[Mention]) -> list[Mention]:
    """One occasion or campaign under two titles joined by 暨 (“A”启动仪式暨B颁奖活动): an event or
    programme candidate that ends right before 暨, and the words after it up to the last head
    before a pause, make one name (guidelines: "A暨B" is one entity under its full name), an
    event when the second title ends in an event's head.

    >>> r = Rules({"event": {"heads": ["仪式", "活动"]}, "programme": {"heads": ["工程"]}})
    >>> c = [Mention(0, 8, "“关爱”启动仪式", "EVENT", "quote:event")]
    >>> [(m.text, m.label) for m in joined_names("“关爱”启动仪式暨技能大赛颁奖活动在南京举行", r, c)]
    [('“关爱”启动仪式暨技能大赛颁奖活动', 'EVENT')]
    """
    ends: dict[int, Mention] = {}
    for c in candidates:
        if c.label in {"EVENT", "PROGRAMME", "AWARD"} and (c.end not in ends or c.start < ends[c.end].start):
            ends[c.end] = c
    place_end = {c.end: c.start for c in candidates if c.label == "PLACE" and c.source == "gazetteer"}
    acts = tuple(rules.event.occasion_acts)
    out = []
    for m in re.finditer("暨", text):
        # the first title may end in a head of its own after a candidate (…篮球赛|闭幕式暨…), or
        # in an act of the occasion after an honour conferred there (“X工匠”|命名表彰暨…)
        left = ends.get(m.start()) or next((ends[k] for k in range(m.start() - 1, max(0, m.start() - 6), -1)
                                            if k in ends and (text[k:m.start()] in rules.heads["EVENT"]
                                                              or text[k:m.start()] in acts)), None)
        if left is None:
            # (“X”户外劳动者常态化关爱服务活动暨…: a quoted name opens a longer first title)
            left = _opened_title(text, m.start(), candidates, rules)
        if left is None:
            # (庆祝中华全国总工会成立100周年暨…座谈会: an anniversary celebrated opens the name)
            start = _anniversary_start(text, m.start(), rules.event.purpose_verbs)
            if start is None:
                continue
            left = Mention(start, m.start(), text[start:m.start()], "EVENT", "joined:event")
        if left.label == "AWARD" and text[left.end:m.start()] not in acts:
            continue
        start = left.start
        if left.label == "AWARD" or text[start:start + 1] == "“":
            # (2024年青山省|“X工匠”命名表彰暨…, 广西|“八桂工匠”培育工程暨…: the year and place before
            # the quoted first title start the name)
            start = place_end.get(start, start)
            start -= rules.event.edition_before(text, start)
        right = re.match(r"[^，。；！？：、\n]{2,40}", text[m.end():])
        if right is None:
            continue
        part = right.group()
        # the second title found as a name of its own (…暨“Y”活动); else the longest stretch that
        # ends in a head, before the verb or place the sentence goes on with
        own = max((c.end - m.end() for c in candidates if c.start == m.end() and c.label in {"EVENT", "PROGRAMME"}), default=0)
        end = own or max((k for k in range(2, len(part) + 1) if _titled(part[:k], rules)), default=0)
        if end < 4:
            continue
        label = "EVENT" if ends_with_head(part[:end], rules.heads["EVENT"]) else "PROGRAMME"
        s0, s1 = sentence_bounds(text, start, m.end() + end)
        if label == "EVENT" and any(w in text[s0:s1] for w in rules.event.recurring):
            # (常态化开展A活动暨“Y”活动: a campaign its sentence says recurs is a standing one)
            label = "PROGRAMME"
        if left.label == "AWARD" and label != "EVENT":
            continue
        stop = m.end() + end
        out.append(Mention(start, stop, text[start:stop], label, "joined:" + label.lower()))
    return out


def parts_of_joined(candidates: Sequence[Mention], joined: Sequence[Mention]) -> list[Mention]:
    """The candidates, those that name a part of a standing campaign joined by 暨 (A暨“Y”活动,
    a ``joined:programme``) relabelled as programmes: the part run on its own elsewhere is of the
    campaign's kind, not a one-off.

    >>> j = [Mention(0, 11, "“甲”常态化服务活动暨“乙”活动", "PROGRAMME", "joined:programme")]
    >>> [m.label for m in parts_of_joined([Mention(20, 25, "“乙”活动", "EVENT", "quote:event")], j)]
    ['PROGRAMME']
    """
    parts = {part for j in joined if j.label == "PROGRAMME" for part in j.text.split("暨")}
    return [dataclasses.replace(c, label="PROGRAMME", source="quote:programme") if c.label == "EVENT" and c.source == "quote:event"
            and c.text in parts else c for c in candidates]


def _opened_title(text: str, pos: int, candidates: Sequence[Mention], rules: Rules) -> Mention | None:
    """A first title before 暨 at ``pos`` that a quoted candidate opens and a head ends, with no
    pause between (“X”户外劳动者常态化关爱服务活动暨…), as a mention of its own; or None.

    >>> r = Rules({"event": {"heads": ["活动"]}})
    >>> c = [Mention(0, 4, "“关爱”", "PROGRAMME", "quote:programme")]
    >>> _opened_title("“关爱”职工服务活动暨", 10, c, r).text
    '“关爱”职工服务活动'
    """
    for c in sorted(candidates, key=lambda c: -c.start):
        if c.label not in {"EVENT", "PROGRAMME"} or not c.source.startswith("quote:") or not (pos - 30 <= c.start and c.end < pos):
            continue
        title = text[c.start:pos]
        if not re.search("[，。；！？：、\n]", title) and _titled(title, rules):
            return Mention(c.start, pos, title, c.label, c.source, c.article)
    return None


def _titled(title: str, rules: Rules) -> bool:
    """Whether ``title`` ends with the head of an event or a programme (a title joined by 暨)."""
    return ends_with_head(title, rules.heads["EVENT"]) is not None or ends_with_head(title, rules.heads["PROGRAMME"]) is not None


def _anniversary_start(text: str, pos: int, purposes: Iterable[str]) -> int | None:
    """Where a purpose written right before ``pos`` starts: an anniversary celebrated (庆祝…成立
    100周年) or a spirit studied (学习宣传贯彻…精神), with a place before it; or None.

    >>> _anniversary_start("，庆祝临江市总工会成立70周年暨", 15, ["庆祝"])
    1
    >>> _anniversary_start("，临江市学习贯彻中国工会十八大精神暨", 17, ["学习", "贯彻"])
    1
    """
    verbs = "|".join(map(re.escape, sorted(purposes, key=len, reverse=True)))
    if not verbs:
        return None
    m = re.search(r"(?:[\u4e00-\u9fff]{2,8}?[省市区县州])?(?:%s)+[^，。；！？：、\n“”]{2,30}?(?:(?:\d+|[一二三四五六七八九十百]+)周年|精神)$"
                  % verbs, text[max(0, pos - 50):pos])
    return max(0, pos - 50) + m.start() if m else None
