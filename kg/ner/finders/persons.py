"""Persons: the tagger's names that look like names, byline names, and names read from their
context (a post or byline word before them)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...model import Mention
from ..settings import Rules
from ..words import CJK, Word

__all__ = ['person_mentions', 'context_persons', 'dotted_persons']


def person_mentions(text: str, words: Sequence[Word], rules: Rules, bylines: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """Persons: tagger PER words that look like a Chinese full name, and byline names.

    A name must begin with a surname of the surname lexicon, except a name that its context
    marks as a person (:func:`_marked`). A name the text continues into a longer name found
    elsewhere on the page (范世|刚 and 范世刚) is the longer one.
    """
    out = [Mention(start, end, name, "PERSON", "byline") for start, end, name in bylines]
    unsure = []
    # an honour title of two or more characters right before a name marks it (全国劳动模范巴图);
    # a word ending in a programme's head is a brand (齐鲁工惠)
    titles = tuple(h for h in rules.award.heads if len(h) >= 2)
    brands = tuple(h for h in rules.heads["PROGRAMME"] if len(h) >= 2 and CJK.match(h))
    for i, w in enumerate(words):
        if w.tag != "PER":
            continue
        m, cut = _tagged_name(text, words, i, rules, titles, brands)
        if m is None:
            continue
        if cut or rules.surnames and m.text[0] not in rules.surnames and m.text[:2] not in rules.surnames:
            if len(m.text) in (2, 3, 4):
                unsure.append((i, m))
            continue
        out.append(m)
    found = {m.text for m in out}
    out += [m for i, m in unsure if _marked(text, words, i, m, rules, found, titles)]
    # the tagger sometimes cuts a name short in one place (范世|刚) and not in another: a
    # name that the text continues into a longer name found on the page is that name
    names = sorted({m.text for m in out}, key=len, reverse=True)
    longer = []
    for m in out:
        full = next((n for n in names if len(n) > len(m.text) and n.startswith(m.text) and text.startswith(n, m.start)), None)
        longer.append(Mention(m.start, m.start + len(full), full, m.label, m.source, m.article) if full else m)
    return longer


def _tagged_name(text: str, words: Sequence[Word], i: int, rules: Rules, titles: tuple[str, ...],
                 brands: tuple[str, ...]) -> tuple[Mention | None, int]:
    """The name the tagger's PER word ``words[i]`` gives, without what it glued on (吴凡|摄,
    杨波|也, 钱江|与, 劳动模|范巴图), and how many characters of a title it cut off its front; None
    for no name (too long, not Han, a word of ``person.not_names``, a title, a brand: 齐鲁工惠)."""
    sec, w = rules.person, words[i]
    name = w.text
    nxt = words[i + 1].tag if i + 1 < len(words) else None
    if name.endswith("摄") and len(name) >= 3:
        # a photo credit glued to the name (吴凡摄)
        name = name[:-1]
    elif len(name) >= 3 and name[-1] in sec.glued_adverbs and nxt in rules.tags.after_glued:
        # an adverb glued to the name before its verb (杨波也|在现场发言)
        name = name[:-1]
    elif len(name) >= 3 and name[-1] in sec.glued_conjunctions and nxt in rules.tags.proper:
        # a conjunction glued to the name before the next name (钱江与|区人社局)
        name = name[:-1]
    start = w.start
    cut = next((k for k in (1, 2) if len(name) - k >= 2 and text.endswith(titles, 0, start + k)), 0)
    if cut:
        # the tagger cut the title before the name short (劳动模|范巴图): the name starts after it
        start, name = start + cut, name[cut:]
    if not (2 <= len(name) <= sec.max_len) or not all(CJK.match(c) for c in name) or name in sec.not_names \
            or any(name.endswith(t) and len(name) - len(t) <= 1 for t in sec.honorific_tails) or name.endswith(brands):
        # (a word ending in a programme's head is a brand: 齐鲁工惠)
        return None, cut
    return Mention(start, start + len(name), name, "PERSON", "lac:PER"), cut


def _marked(text: str, words: Sequence[Word], i: int, m: Mention, rules: Rules, found: set[str], titles: tuple[str, ...]) -> bool:
    """Whether the context marks ``m`` (of ``words[i]``), a name with no listed surname, as a
    person: a post, an honour title or one of ``person.before`` right before it (职工施丽鑫,
    主席易杰, 全国劳动模范巴图); a place in a list between names already ``found`` (李建国、韦丽、
    蒙志强); or, for a three-character name, one of ``person.after`` or a post right after it
    (…认为, 习近平总书记) or 和/、 joining it to a name found (宋放之和鲁宏勋)."""
    prev = words[i - 1].text if i > 0 else ""
    after = text[m.end:m.end + 4]
    joined = (i >= 2 and prev in {"和", "、", "与"} and words[i - 2].text in found) or (
        after[:1] in {"和", "、", "与"} and any(after[1:].startswith(f[:2]) for f in found))
    marked = prev in rules.person.before or any(e == len(prev) for s0, e, _ in rules.roles.finditer(prev) if s0 == 0) \
        or text.endswith(titles, 0, m.start)
    posted = any(s0 == 0 for s0, _, _ in rules.roles.finditer(text[m.end:m.end + 6]))
    listed = joined and after[:1] in {"、", "和", "与"} and i + 2 < len(words) and words[i + 2].tag == "PER"
    return marked or listed or len(m.text) == 3 and (after.startswith(rules.person.after) or joined or posted)


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
        if any(name.endswith(a) for a in after) or (length == 3 and name[-1] in rules.person.glued_adverbs):
            # the word after the name, not its last character (吴凡摄, 王五说, 杨波也在…)
            continue
        if length == 3 and any(len(a) > 1 and text.startswith(a, pos + 2) for a in after):
            # (李伟|正在: a two-character word of what follows begins at the third character)
            continue
        if name[0] not in rules.surnames and name[:2] not in rules.surnames:
            continue
        rest = text[pos + length:pos + length + 3]
        if rest == "" or rest[0] in "，。、；：！？（）” \n" or any(rest.startswith(a) for a in after):
            return [Mention(pos, pos + length, name, "PERSON", "context:person")]
    return []


def dotted_persons(text: str, words: Sequence[Word], rules: Rules, places: Iterable[Mention] = ()) -> list[Mention]:
    """Names written with a middle dot (艾麦尔·图尔荪, 保罗·贝尔纳): a tagger PER word of Han
    parts joined by ·, or such a run right after a post or a ``person.before`` word, its last
    part ending where a word ends. Places joined by a dot (大连·石河子) are not names.

    >>> r = Rules({"person": {"before": ["司机"]}})
    >>> [m.text for m in dotted_persons("网约车司机艾麦尔·图尔荪则", [], r)]
    ['艾麦尔·图尔荪则']
    >>> [m.text for m in dotted_persons("网约车司机艾麦尔·图尔荪则", [Word(5, 12, "艾麦尔·图尔荪", "PER")], r)]
    ['艾麦尔·图尔荪']
    >>> r = Rules({"person": {"before": ["焊工"], "after": ["提出", "出席"]}})
    >>> [m.text for m in dotted_persons("焊工阿不都热合曼·吐尔逊获奖，焊工古丽娜尔·买买提出席", [Word(6, 12, "合曼·吐尔逊", "PER")], r)]
    ['阿不都热合曼·吐尔逊', '古丽娜尔·买买提']
    """
    before, after = tuple(rules.person.before), tuple(rules.person.after)
    place_forms = {p.text for p in places}
    tagged = {(w.start, w.end) for w in words if w.tag == "PER" and _DOTTED.fullmatch(w.text)}
    found = set()
    word_ends = sorted({w.end for w in words})
    for m in _DOTTED.finditer(text):
        own = [(a, b) for a, b in tagged if a < m.end() and m.start() < b]
        last_dot = m.start() + m.group().rindex("·")
        # the last part ends before a word that follows names (买买提|出席), else where a word
        # ends (图尔荪|则)
        # (the last such word: 买买|提出|席 holds 提出, 买买提|出席 the word that follows)
        end = max((e for e in range(last_dot + 2, m.end() + 1) if text.startswith(after, e)), default=None) \
            or next((e for e in word_ends if last_dot + 2 <= e <= m.end()), m.end())
        # the name starts after the word that introduces it (司机|艾麦尔·图尔荪, 焊工|阿不都热合曼·…)
        start = next((k for k in range(m.start(), m.start() + m.group().index("·"))
                      if text[max(0, k - 6):k].endswith(before)
                      or any(e == len(text[max(0, k - 6):k]) for _, e, _ in rules.roles.finditer(text[max(0, k - 6):k]))), None)
        if own and start is None:
            found.update(own)  # (the tagger's own reading, when the text gives no other)
        elif start is not None:
            found.add((start, max([end] + [b for _, b in own])))
    return [Mention(a, b, text[a:b], "PERSON", "dotted:person") for a, b in sorted(found)
            if not any(part in place_forms for part in text[a:b].split("·"))]


#: Han parts joined by middle dots
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+")

