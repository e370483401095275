"""Programmes and events named by their form: fixed patterns, plans in book-title marks, brands
coined from an ordinary word, and the items of a list sharing one head."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

from ...model import Mention
from ..heads import ends_with_head
from ..settings import Rules
from ..words import CJK, Word

__all__ = ['pattern_mentions', 'book_titles', 'coined_programmes', 'distributive_mentions']


def pattern_mentions(text: str, rules: Rules) -> list[Mention]:
    """Names of a fixed form, from the ``patterns`` lists of the label sections."""
    out = []
    for label, sec in (("EVENT", rules.event), ("PROGRAMME", rules.programme), ("AWARD", rules.award), ("ORG", rules.org)):
        for pattern in sec.patterns:
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
    heads = rules.programme.book_heads
    out = []
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        inner = m.group(1)
        period = re.search(r"[（(][^（）()]*\d[^（）()]*[）)]$", inner)
        name = inner[: period.start()] if period else inner
        if ends_with_head(name, heads) and len(name) > max(len(h) for h in heads if name.endswith(h)):
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
