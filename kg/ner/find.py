"""One page's mentions: every candidate finder, the filters, the overlap resolver, in order.

>>> from kg.ner.resources import resources_for
>>> from kg.config import load_settings
>>> from kg.ner.words import Word
>>> text = "云南省总工会"
>>> mentions, nested, places = find_mentions(text, [Word(0, 3, "云南省", "LOC"), Word(3, 6, "总工会", "n")],
...                                          resources_for(load_settings()))
>>> [(m.text, m.label) for m in mentions], [(m.text, m.source) for m in nested]
([('云南省总工会', 'ORG')], [('云南省', 'nested:gazetteer')])
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..model import Mention
from . import filters
from .finders import awards, chunks, events, orgs, persons, places as place_finders, programmes, quotes, tagged
from .nested import nested_mentions, repeated_inner_events
from .resolve import listed_kinds, longer_page_forms, referred_one_offs, resolve
from .resources import Resources
from .settings import Rules
from .words import Word, brackets_closed

__all__ = ["find_mentions"]


def candidates_of(text: str, words: Sequence[Word], res: Resources, places: list[Mention],
                  bylines: Iterable[tuple[int, int, str]] = ()) -> list[Mention]:
    """Every candidate mention of the page, from each finder in turn (the award finder reads
    the persons found before it)."""
    rules = res.rules
    found = list(places)
    found += tagged.model_mentions(words, rules, res.place_words, res.org_words)
    found += persons.person_mentions(text, words, rules, bylines)
    found += persons.dotted_persons(text, words, rules, places)
    found += chunks.head_chunks(text, words, rules, None, places, res.common_words)
    found += awards.award_mentions(text, rules, places, [c for c in found if c.label == "PERSON"])
    found += awards.qualified_awards(text, rules, places)
    found += quotes.quoted_names(text, rules, places, words)
    found += orgs.abbreviation_mentions(text, rules, places)
    found += filters.drop_word_persons(persons.context_persons(text, rules), words, rules.person.word_tags)
    found += events.framed_events(text, rules)
    found += programmes.pattern_mentions(text, rules)
    found += programmes.book_titles(text, rules)
    found += programmes.coined_programmes(text, words, rules)
    found += programmes.slogan_programmes(text, words, rules)
    found += programmes.distributive_mentions(text, rules)
    found += orgs.numbered_units(text, words, rules)
    found += programmes.coordinated_names(text, words, rules, found)
    joined = programmes.joined_names(text, rules, found)
    found = programmes.parts_of_joined(found, joined) + joined
    found += orgs.listed_bodies(text, rules, found)
    found += orgs.shared_heads(text, rules, found, places)
    return [x for c in found for x in (orgs.split_glued(orgs.with_legal_form(c, text, rules), rules) if c.label == "ORG" else [c])]


def filtered(text: str, candidates: list[Mention], res: Resources, places: list[Mention]) -> list[Mention]:
    """The candidates less what is no name (or more than the name)."""
    rules = res.rules
    candidates = filters.drop_unbalanced(filters.trim_roles(text, candidates, rules), rules)
    candidates = filters.drop_collectives(candidates, places, rules, text)
    candidates = filters.drop_quoted_persons(text, filters.drop_kind_lists(text, candidates, rules))
    return filters.drop_headless_orgs(text, candidates, rules, res.org_words)


def split_post_bodies(words: Sequence[Word], rules: Rules) -> list[Word]:
    """The word layer with each committee-and-post word cut in two (省委书记 -> 省委 | 书记): a word
    that begins with one of ``chunk.post_bodies`` and goes on with a post of the roles list.

    >>> from kg.ner.lexicon import WordIndex
    >>> r = Rules({"chunk": {"post_bodies": ["省委"]}}, roles=WordIndex(["书记"]))
    >>> [(w.text, w.tag) for w in split_post_bodies([Word(0, 2, "辽宁", "LOC"), Word(2, 6, "省委书记", "n")], r)]
    [('辽宁', 'LOC'), ('省委', 'n'), ('书记', 'n')]
    """
    bodies = rules.chunk.post_bodies
    if not bodies:
        return list(words)
    firsts = {b[0] for b in bodies}
    out = []
    for w in words:
        body = None
        if w.text[:1] in firsts and len(w.text) > 2:
            body = next((b for b in bodies if w.text.startswith(b) and w.text[len(b):] in rules.roles), None)
        if body:
            k = w.start + len(body)
            out += [Word(w.start, k, body, "n"), Word(k, w.end, w.text[len(body):], "n")]
        else:
            out.append(w)
    return out


def split_brackets(words: Sequence[Word]) -> list[Word]:
    """The word layer with each bracket a word of its own where a word holds half a bracket
    (顺丰速运（海南 | ）有限公司 -> 顺丰速运 | （ | 海南 | ） | 有限公司): the tagger sometimes glues a
    bracket of a name onto a word. A piece keeps its word's tag, except a piece of punctuation's
    word (the name after ）), which is a noun.

    >>> [(w.text, w.tag) for w in split_brackets([Word(0, 7, "顺丰速运（海南", "ORG"), Word(7, 12, "）有限公司", "w")])]
    [('顺丰速运', 'ORG'), ('（', 'w'), ('海南', 'ORG'), ('）', 'w'), ('有限公司', 'n')]
    """
    out = []
    for w in words:
        if len(w.text) < 2 or brackets_closed(w.text):
            # (a word that holds a whole bracket, 天津港（集团）有限公司, stays whole)
            out.append(w)
            continue
        pos = w.start
        for piece in re.findall(r"[（）()]|[^（）()]+", w.text):
            tag = "w" if piece in "（）()" else ("n" if w.tag == "w" else w.tag)
            out.append(Word(pos, pos + len(piece), piece, tag))
            pos += len(piece)
    return out


def find_mentions(text: str, words: Sequence[Word], res: Resources, bylines: Iterable[tuple[int, int, str]] = (),
                  token_starts: Iterable[int] | None = None) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """The resolved mentions, the mentions nested in them, and every gazetteer place of a page.

    ``words`` is the tagger's word layer, ``bylines`` the ``(start, end, name)`` of the byline
    names, ``token_starts`` where the segmenter's tokens start (a parent organisation named
    with a one-character head ends at a word boundary of either segmenter).
    """
    rules = res.rules
    words = split_post_bodies(split_brackets(words), rules)
    places = place_finders.gazetteer_places(text, res.gazetteer, res.place_index, set(), words, rules.tags.place_holders,
                                            rules.place.short_form_not_before)
    candidates = filtered(text, candidates_of(text, words, res, places, bylines), res, places)
    mentions = referred_one_offs(text, longer_page_forms(text, resolve(candidates, rules.priority)), rules)
    # (the places written in full, 临江市, not 临江: a list item that opens with one is a body)
    full = {p.start for p in places if any(d.name == p.text for d in res.gazetteer.lookup(p.text))}
    mentions = listed_kinds(text, mentions, full, rules.org.list_kinds, rules.org.list_body_ends)
    model_orgs = [m for m in candidates if m.source == "lac:ORG"]
    inner_places = places + [c for c in candidates if c.label == "PLACE" and c.source == "chunk:place"]
    # word boundaries of both segmenters: LAC keeps 中央网信办数据与技术 whole, pkuseg
    # cuts it after 网信办
    boundaries = {w.start for w in words} | set(token_starts or ()) | {len(text)}
    nested = nested_mentions(mentions, inner_places, rules.heads["ORG"], model_orgs, rules.heads["PLACE"], boundaries, rules.heads["EVENT"],
                             rules.place.river_heads, rules.org.own_bodies, rules.place.no_site_in, rules.org.trade_heads,
                             rules.org.union_heads, rules.place.division_heads)
    # an event named only inside another's name is none of its own; the unions of a region taken
    # together (全州工会|工作会议) are no body inside one either
    nested = repeated_inner_events(text, nested, rules.event.edition, rules.programme.scope_words, places)
    nested = filters.drop_collectives(nested, places, rules, text)
    return mentions, nested, places
