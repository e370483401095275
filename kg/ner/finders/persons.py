"""Persons: the tagger's names that look like names, byline names, and names read from their
context (a post or byline word before them)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...model import Mention
from ..settings import Rules
from ..words import CJK, Word

__all__ = ['person_mentions', 'context_persons']


def person_mentions(text: str, words: Sequence[Word], rules: Rules, bylines: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """Persons: tagger PER words that look like a Chinese full name, and byline names.

    A name must begin with a surname of the surname lexicon, except a name that its context
    marks as a person: a post or one of ``person.before`` right before it (职工施丽鑫, 主席易杰),
    or, for a three-character name, one of ``person.after`` right after it (…认为) or 和/、
    joining it to a person already found (宋放之和鲁宏勋). A name the text continues into a
    longer name found elsewhere on the page (范世|刚 and 范世刚) is the longer one.
    """
    sec = rules.person
    not_names, tails, max_len = sec.not_names, sec.honorific_tails, sec.max_len
    before_words, after_words = set(sec.before), sec.after
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


def context_persons(text: str, rules: Rules) -> list[Mention]:
    """Names the tagger missed, read from their context: a post or byline word right before
    (裁判长谈檀, 记者 吴凡 摄) and a boundary right after (punctuation, 摄, a speech verb).
    The first character must be a surname of the surname lexicon."""
    sec = rules.person
    if not rules.surnames:
        return []
    after, before, not_names = sec.after, sec.before_longest_first, sec.not_names
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
