"""The tagger's own organisations and places, checked against the lexicons."""
from __future__ import annotations

from typing import Sequence

from ...model import Mention
from ..heads import best_head, ends_with_head
from ..settings import Rules
from ..words import Word, trim_tail

__all__ = ['model_mentions']


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
    suffixes = rules.place.loc_suffixes
    heads = rules.heads["ORG"]
    out = []
    for i, w in enumerate(words):
        if w.tag == "ORG":
            nxt = words[i + 1].text if i + 1 < len(words) else ""
            name = trim_tail(w.text, rules.chunk.trim_tails)
            if name in rules.generic["ORG"] and i + 1 < len(words) and words[i + 1].tag in rules.tags.modified_nouns:
                # a kind of body modifying a noun (妇联组织, 工会干部), not one body
                continue
            if best_head(name, rules.heads, ("ORG", "PLACE", "PROGRAMME"))[1] in {"PLACE", "PROGRAMME"} and name not in org_words:
                # a venue or a brand the tagger takes for a body (南京国际博览中心, 爱心驿站): its
                # head says a place or a programme
                continue
            if ends_with_head(name, heads) or name in org_words or nxt in {"、", "等"}:
                out.append(Mention(w.start, w.start + len(name), name, "ORG", "lac:ORG"))
        elif w.tag == "LOC":
            if w.text in rules.generic["PLACE"]:
                continue
            if w.text in place_words or w.text[-1:] in suffixes:
                out.append(Mention(w.start, w.end, w.text, "PLACE", "lac:LOC"))
    return out
