"""Further occurrences on a page of the names its entities already have."""
from __future__ import annotations

from collections import defaultdict
from typing import Collection, Iterable, Sequence

from ..model import Entity, Mention
from ..ner.lexicon import WordIndex
from ..ner.words import covered
from .merge import abbreviates
from .names import NOISE

__all__ = ['propagate_mentions', 'abbreviated_forms', 'inner_programmes']


def propagate_mentions(text: str, entities: Sequence[Entity], mentions: Iterable[Mention], article_of, level_chars: Collection[str] = (),
                       labels=("PROGRAMME", "EVENT", "ORG", "AWARD", "PERSON")) -> list[Mention]:
    """Further occurrences of the names the page already gave its entities.

    Once 产改 is known as a programme, a bare 产改 elsewhere on the page is a mention of it too.
    Forms that begin with a bare level character (one of ``level_chars``: 省总工会) depend on their article's region
    and are not spread; a form shared by two entities is ambiguous and not spread either. New
    mentions never overlap the existing ones; they are added to their entity and returned.
    """
    owners: dict[str, set] = defaultdict(set)
    for e in entities:
        if e.label not in labels:
            continue
        for form in e.aliases | {e.name}:
            if len(form) >= 2 and form[0] not in level_chars and not NOISE.search(form):
                owners[form].add(e.key)
    index = WordIndex({f: next(iter(k)) for f, k in owners.items() if len(k) == 1})
    if not index.words:
        return []
    occupied = covered(text, mentions)
    by_key = {e.key: e for e in entities}
    found = sorted(index.finditer(text), key=lambda x: (-(x[1] - x[0]), x[0]))
    out = []
    for start, end, form in found:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\1" * (end - start)
        key = index.get(form)
        m = Mention(start, end, form, key[0], "propagated", article_of(start))
        by_key[key].mentions.append(m)
        out.append(m)
    return sorted(out, key=lambda m: (m.start, m.end))


def abbreviated_forms(text: str, entities: Sequence[Entity], min_len: int = 6) -> None:
    """Give a programme the two-character short form the page uses for it (产改 for
    产业工人队伍建设改革: its first character and one of its last two), as an alias that
    :func:`propagate_mentions` then finds; a form two programmes share is left alone.

    >>> e = Entity("PROGRAMME", "产业工人队伍建设改革")
    >>> abbreviated_forms("推进产改工作。", [e]); sorted(e.aliases)
    ['产改']
    """
    owners: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if e.label == "PROGRAMME" and len(e.name) >= min_len:
            for short in sorted({e.name[0] + e.name[-1], e.name[0] + e.name[-2]}):
                if abbreviates(short, e.name) and short in text:
                    owners[short].append(e)
    for short, es in owners.items():
        if len(es) == 1:
            es[0].aliases.add(short)



def inner_programmes(text: str, entities: list[Entity], mentions: Iterable[Mention], heads: Sequence[str], min_len: int = 6) -> None:
    """Add the programme named inside an event's name when the page also runs it under its short
    form (安徽省产业工人队伍建设改革推进会 and, elsewhere, a bare 产改: guidelines, a part the
    text runs elsewhere as a programme of its own is an entity of its own). The programme is the
    part of the event's name from the short form's first character to a programme head
    (``heads``: 改革, 工程 ...); its name (written inside the event's) and its short form are its
    aliases, which :func:`propagate_mentions` finds.

    >>> es = [Entity("EVENT", "青山省产业工人队伍建设改革推进会")]
    >>> inner_programmes("召开青山省产业工人队伍建设改革推进会。产改成效", es, [Mention(2, 18, "x", "EVENT", "chunk:event")], ["改革"])
    >>> [(e.label, e.name, sorted(e.aliases)) for e in es[1:]]
    [('PROGRAMME', '产业工人队伍建设改革', ['产业工人队伍建设改革', '产改'])]
    >>> es = [Entity("EVENT", "青山省产业工人队伍建设改革推进会"), Entity("PROGRAMME", "产改", {"产改", "产改工作"})]
    >>> inner_programmes("召开青山省产业工人队伍建设改革推进会。产改成效", es, [Mention(2, 18, "x", "EVENT", "chunk:event")], ["改革"])
    >>> [(e.label, e.name, sorted(e.aliases)) for e in es[1:]]
    [('PROGRAMME', '产业工人队伍建设改革', ['产业工人队伍建设改革', '产改', '产改工作'])]
    """
    events = [e for e in entities if e.label == "EVENT"]
    if not events:
        return
    taken = covered(text, mentions)
    # the two-character forms written outside every mention, once for the page
    free = {text[i:i + 2] for i in range(len(text) - 1) if not taken[i] and not taken[i + 1]}
    have = {e.name for e in entities if e.label == "PROGRAMME"}
    for e in events:
        found = _inner_programme(e.name, heads, free, min_len)
        if found and found[0] not in have:
            have.add(found[0])
            new = Entity("PROGRAMME", found[0], {found[0], found[1]})
            # the short form found as a programme of its own (“产改”工作) is this one
            short = next((o for o in entities if o.key == ("PROGRAMME", found[1])), None)
            if short is not None:
                entities.remove(short)
                new.aliases |= short.aliases
                new.mentions += short.mentions
            entities.append(new)


def _inner_programme(name: str, heads: Sequence[str], free: set[str], min_len: int) -> tuple[str, str] | None:
    """``(programme, short form)`` for an event's ``name`` (see :func:`inner_programmes`), the short
    form one of the page's ``free`` two-character forms, or None."""
    for k in range(len(name) - 1, min_len - 1, -1):
        if not name[:k].endswith(tuple(heads)):
            continue
        for j in range(0, k - min_len + 1):
            part = name[j:k]
            for short in sorted({part[0] + part[-1], part[0] + part[-2]}):
                if short in free and abbreviates(short, part):
                    return part, short
    return None

