"""The entity rules of ``pipelines/ner.toml``, typed: one dataclass per table of the file, with
the post and surname lexicons.

Each table becomes its dataclass with the values converted once (lists to tuples or sets,
patterns compiled); a key the file leaves out takes the field's default, and a key no field
has is an error. What the finders want derived from the lists (longest first, one pattern of
all of them) is made on first use and kept, not made again for every page.

>>> rules = Rules({"org": {"heads": ["工会", "总工会"], "headless_min_count": 2}, "tags": {"counting": ["m"]}})
>>> rules.org.headless_min_count, rules.heads["ORG"], rules.tags.counting, rules.event.dated.pattern
(2, ('总工会', '工会'), frozenset({'m'}), '(?!x)x')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from ..config import from_table
from .lexicon import WordIndex

__all__ = [
    "NEVER",
    "ChunkRules",
    "OrgRules",
    "PlaceRules",
    "ProgrammeRules",
    "EventRules",
    "AwardRules",
    "PersonRules",
    "TagSets",
    "NameRules",
    "QuoteWords",
    "Rules",
    "longest_first",
]

#: A pattern that matches nothing: the default of a pattern the rules leave out.
NEVER = re.compile(r"(?!x)x")


def longest_first(words) -> tuple[str, ...]:
    """``words`` longest first (a stable sort: equal lengths keep their order).

    >>> longest_first(["部", "总工会", "工会"])
    ('总工会', '工会', '部')
    """
    return tuple(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class ChunkRules:
    """``[chunk]``: what may stand inside a name that a head word ends."""

    name_tags: frozenset[str] = frozenset()
    inner_punct: frozenset[str] = frozenset()
    max_chars: int = 32
    common_word_min_freq: int = 0
    counter: re.Pattern = NEVER
    #: terms that begin with a word no name starts with, and start names all the same (新就业形态)
    start_terms: tuple[str, ...] = ()
    never_start: frozenset[str] = frozenset()
    inner_conjunctions: frozenset[str] = frozenset()
    joined_fields: tuple[str, ...] = ()
    fragment_tags: frozenset[str] = frozenset()
    inner_verbs: frozenset[str] = frozenset()
    kind_list_counts: tuple[str, ...] = ()
    glued_tails: tuple[str, ...] = ()
    post_bodies: tuple[str, ...] = ()
    never_inside: frozenset[str] = frozenset()
    trim_tail: tuple[str, ...] = ()
    collective_regions: frozenset[str] = frozenset()
    list_joiners: frozenset[str] = frozenset()

    @cached_property
    def trim_tails(self) -> tuple[str, ...]:
        """:attr:`trim_tail`, longest first."""
        return longest_first(self.trim_tail)

    @cached_property
    def kind_list(self) -> re.Pattern | None:
        """A clause before a name that opens a list of kinds of thing (一批A、B、…)."""
        if not self.kind_list_counts:
            return None
        return re.compile("(?:%s)[^，。；：！？、]{0,20}(?:、[^，。；：！？、]{1,20})*、?$" % "|".join(map(re.escape, self.kind_list_counts)))


@dataclass(frozen=True)
class OrgRules:
    """``[org]``: organisation heads, generic names, abbreviations, subtypes."""

    collective_count: str = ""
    bracketed_form: str = ""
    departments: tuple[str, ...] = ()
    standalone_heads: frozenset[str] = frozenset()
    list_kinds: tuple[str, ...] = ()
    list_body_types: tuple[str, ...] = ()
    collective_words: frozenset[str] = frozenset()
    numbered_units: tuple[str, ...] = ()
    numbered_unit_gap: int = 4
    numbered_unit_not_before: str = ""
    heads: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    weak_heads: frozenset[str] = frozenset()
    trade_heads: frozenset[str] = frozenset()
    union_heads: frozenset[str] = frozenset()
    modifier_before: frozenset[str] = frozenset()
    abbreviations: dict = field(default_factory=dict)
    full_form_heads: tuple[str, ...] = ()
    level_words: dict = field(default_factory=dict)
    headless_min_count: int = 3
    abbrev_not_before: tuple[str, ...] = ()
    own_bodies: frozenset[str] = frozenset()
    types: tuple[dict, ...] = ()
    patterns: tuple[str, ...] = ()

    @cached_property
    def list_body_ends(self) -> tuple[str, ...]:
        """The name endings of the subtypes in :attr:`list_body_types`."""
        return tuple(e for row in self.types if row["type"] in self.list_body_types for e in row.get("endswith", ()))

    @cached_property
    def collective(self) -> re.Pattern | None:
        """:attr:`collective_count` compiled (None when empty)."""
        return re.compile(self.collective_count) if self.collective_count else None

    @cached_property
    def bracketed(self) -> re.Pattern | None:
        """:attr:`bracketed_form` compiled (None when empty)."""
        return re.compile(self.bracketed_form) if self.bracketed_form else None

    @cached_property
    def abbreviations_longest_first(self) -> tuple[str, ...]:
        return longest_first(self.abbreviations)

    @cached_property
    def numbered_unit(self) -> re.Pattern | None:
        """A numbered unit right after an organisation's name, up to ``numbered_unit_gap``
        characters of field between (None without ``numbered_units``)."""
        if not self.numbered_units:
            return None
        after = self.numbered_unit_not_before
        return re.compile("(?:(?![等和与及])[\u4e00-\u9fff]){0,%d}?第?(?:[一二三四五六七八九十]{1,3}|\\d{1,2})(?:%s)%s" % (
            self.numbered_unit_gap, "|".join(map(re.escape, longest_first(self.numbered_units))), f"(?![{re.escape(after)}])" if after else ""))


@dataclass(frozen=True)
class PlaceRules:
    """``[place]``: site heads, words that are no places, rivers."""

    loc_suffixes: frozenset[str] = frozenset()
    heads: tuple[str, ...] = ()
    river_heads: tuple[str, ...] = ()
    division_heads: tuple[str, ...] = ()
    no_site_in: tuple[str, ...] = ()
    site_when_placed: frozenset[str] = frozenset()
    generic: tuple[str, ...] = ()
    not_places: frozenset[str] = frozenset()
    short_form_not_before: tuple[str, ...] = ()
    works_heads: tuple[str, ...] = ()
    works_nouns: tuple[str, ...] = ()
    works_building: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeRules:
    """``[programme]``: programme heads, quoted names, coined brands, lists, plans."""

    heads: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    not_inside: frozenset[str] = frozenset()
    quote_as_words: tuple[str, ...] = ()
    strong_heads: tuple[str, ...] = ()
    strong_min_chars: int = 6
    object_markers: tuple[str, ...] = ()
    scope_words: tuple[str, ...] = ()
    distributive_heads: tuple[str, ...] = ()
    distributive_not_between: tuple[str, ...] = ()
    quote_heads: tuple[str, ...] = ()
    coined_heads: tuple[str, ...] = ()
    coined_min_count: int = 3
    coined_not_modifiers: frozenset[str] = frozenset()
    book_heads: tuple[str, ...] = ()
    book_category_tails: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    max_quoted: int = 40
    quote_task_verbs: tuple[str, ...] = ()
    code_prefix_stops: tuple[str, ...] = ()
    quote_not_endings: tuple[str, ...] = ()
    quote_weak_tails: frozenset[str] = frozenset()
    quote_category_tails: tuple[str, ...] = ()
    quote_not_bodies: tuple[str, ...] = ()
    quote_way_heads: tuple[str, ...] = ()
    quote_product_heads: tuple[str, ...] = ()
    quote_described_heads: tuple[str, ...] = ()
    quote_launch_verbs: tuple[str, ...] = ()
    quote_made_verbs: tuple[str, ...] = ()
    quote_means_verbs: tuple[str, ...] = ()
    quote_building_words: tuple[str, ...] = ()
    quote_kind_before: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    #: national strategies, found by pattern (助力乡村振兴): programmes nobody on the page runs
    strategies: tuple[str, ...] = ()
    #: campaigns named by a phrase with a verb of its own (劳模工匠走进校园宣讲活动), after a verb
    #: that runs them
    slogan_verbs: tuple[str, ...] = ()
    slogan_heads: tuple[str, ...] = ()
    slogan_min_chars: int = 10

    @cached_property
    def slogan_verb(self) -> re.Pattern | None:
        """One of ``slogan_verbs``, the longest first."""
        return re.compile("|".join(map(re.escape, longest_first(self.slogan_verbs)))) if self.slogan_verbs else None

    @cached_property
    def quoted(self) -> re.Pattern:
        """A quoted text of at most ``max_quoted`` characters (double quotes may hold single ones:
        “暖‘新’集市”)."""
        n = self.max_quoted
        return re.compile(r"“((?:[^“”「」『』\"\n]){1,%d})”|[‘「『\"]([^“”‘’「」『』\"\n]{1,%d})[’」』\"]" % (n, n))

    @cached_property
    def distributive(self) -> re.Pattern | None:
        """Three or more items listed before 等 and a distributive head (None without heads)."""
        if not self.distributive_heads:
            return None
        item = r"[\u4e00-\u9fff]{2,8}"
        heads = "|".join(map(re.escape, longest_first(self.distributive_heads)))
        # between 等 and the head only a short count or name (等三大提升工程, 等“七心工程”), not a
        # description (等一批标志性工程: those items are sites, not programmes)
        return re.compile(rf"({item}(?:、{item}){{2,}})等“?([^，。；“”、]{{0,3}}?)({heads})”?")


@dataclass(frozen=True)
class EventRules:
    """``[event]``: event heads, editions, dates, one-off activities."""

    #: acts of an occasion written after an honour conferred at it (命名表彰暨…)
    occasion_acts: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    not_inside: frozenset[str] = frozenset()
    quote_as_words: tuple[str, ...] = ()
    strong_heads: tuple[str, ...] = ()
    strong_min_chars: int = 6
    object_markers: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    one_off_heads: frozenset[str] = frozenset()
    one_off_refs: tuple[str, ...] = ()
    occasion_heads: tuple[str, ...] = ()
    one_off_ref_reach: int = 800
    competition_item_tails: tuple[str, ...] = ()
    competition_heads: tuple[str, ...] = ()
    dated: re.Pattern = NEVER
    recurring: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    edition: re.Pattern = NEVER
    phase: re.Pattern = NEVER
    purpose_verbs: frozenset[str] = frozenset()
    whole_scopes: frozenset[str] = frozenset()
    frames: tuple[str, ...] = ()

    @cached_property
    def frame_patterns(self) -> tuple[re.Pattern, ...]:
        """:attr:`frames` compiled: the sentences that name an occasion (group ``name``)."""
        return tuple(re.compile(f) for f in self.frames)

    @cached_property
    def one_off_ref(self) -> re.Pattern:
        """A reference word (此次) and the run of name characters after it."""
        return re.compile("(?:%s)([\u4e00-\u9fff·]{1,30})" % "|".join(map(re.escape, self.one_off_refs)))

    @cached_property
    def edition_at_end(self) -> re.Pattern:
        """:attr:`edition` where a text ends."""
        return re.compile("(?:%s)$" % self.edition.pattern)

    def edition_before(self, text: str, pos: int) -> int:
        """The length of the edition mark (2023年, 第四届) that ends at ``pos`` of ``text``, or 0."""
        m = self.edition_at_end.search(text[max(0, pos - 12):pos])
        return m.end() - m.start() if m else 0


@dataclass(frozen=True)
class AwardRules:
    """``[award]``: honour titles, their scopes, conferment verbs."""

    #: honours of a post or unit named with its field after a scope (全国职工书屋示范点)
    field_titles: tuple[str, ...] = ()
    #: verbs that confer a title written after 为 (命名…为“X”)
    conferring: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    not_titles: frozenset[str] = frozenset()
    regional_titles: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    title_heads: tuple[str, ...] = ()
    max_between: int = 6
    body_qualifiers: tuple[str, ...] = ()
    body_heads: tuple[str, ...] = ()
    body_max_between: int = 12
    short_forms: dict = field(default_factory=dict)
    compound_tails: tuple[str, ...] = ()
    quoted_regional: bool = False
    modifiers: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()

    @cached_property
    def title(self) -> re.Pattern:
        """Any title word but those that are no title alone (``not_titles``), longest first."""
        heads = [h for h in longest_first(set(self.heads)) if h not in self.not_titles]
        return re.compile("|".join(re.escape(h) for h in longest_first(heads)))

    @cached_property
    def scopes(self) -> tuple[str, ...]:
        return longest_first(self.scope)

    @cached_property
    def field_title(self) -> re.Pattern:
        """Any of :attr:`field_titles`, longest first."""
        return re.compile("|".join(map(re.escape, longest_first(self.field_titles))))

    @cached_property
    def qualified(self) -> re.Pattern | None:
        """A qualifier, up to ``max_between`` characters, and a title word (优秀|工会|工作者)."""
        if not self.qualifiers or not self.title_heads:
            return None
        alt = lambda words: "|".join(map(re.escape, longest_first(words)))  # noqa: E731
        return re.compile("(?:%s)[\u4e00-\u9fff]{0,%d}?(?:%s)" % (alt(self.qualifiers), self.max_between, alt(self.title_heads)))

    @cached_property
    def honoured_body(self) -> re.Pattern | None:
        """A qualifier of an honoured body, up to ``body_max_between`` characters without a
        function word, and a body's head (示范性|劳模和工匠人才创新|工作室)."""
        if not self.body_qualifiers or not self.body_heads:
            return None
        alt = lambda words: "|".join(map(re.escape, longest_first(words)))  # noqa: E731
        return re.compile("(?:%s)(?:(?![的与及在为是等])[\u4e00-\u9fff]){0,%d}?(?:%s)"
                          % (alt(self.body_qualifiers), self.body_max_between, alt(self.body_heads)))

    @cached_property
    def regional(self) -> re.Pattern | None:
        """Two characters of a region and a generic title, where a list or clause starts."""
        if not self.regional_titles:
            return None
        return re.compile("(?:^|(?<=[，、。；：（\n]))([\u4e00-\u9fff]{2}(?:%s))$" % "|".join(map(re.escape, self.regional_titles)))

    @cached_property
    def counted_regional(self) -> re.Pattern | None:
        """Two characters of a region and a generic title, anywhere (the finder checks the count)."""
        if not self.regional_titles:
            return None
        return re.compile(r"[\u4e00-\u9fff]{2}(?:%s)" % "|".join(map(re.escape, longest_first(self.regional_titles))))


@dataclass(frozen=True)
class PersonRules:
    """``[person]``: what marks a name before and after it, and what no name is."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    max_len: int = 4
    not_names: frozenset[str] = frozenset()
    word_tags: frozenset[str] = frozenset()
    honorific_tails: tuple[str, ...] = ()
    glued_adverbs: str = ""
    glued_conjunctions: str = ""

    @cached_property
    def before_longest_first(self) -> tuple[str, ...]:
        return longest_first(set(self.before))


@dataclass(frozen=True)
class TagSets:
    """``[tags]``: the word-layer tags (Baidu LAC's tag set) the rules test words against."""

    fragment_neighbours: frozenset[str] = frozenset()
    verb_before: frozenset[str] = frozenset()
    verb_after: frozenset[str] = frozenset()
    between_nouns: frozenset[str] = frozenset()
    noun_before: frozenset[str] = frozenset()
    never_first: frozenset[str] = frozenset()
    plain_nouns: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    proper_last: frozenset[str] = frozenset()
    counting: frozenset[str] = frozenset()
    named_word: frozenset[str] = frozenset()
    place_holders: frozenset[str] = frozenset()
    modified_nouns: frozenset[str] = frozenset()
    coined_nouns: frozenset[str] = frozenset()
    site_owner: frozenset[str] = frozenset()
    purpose_object: frozenset[str] = frozenset()
    purpose_openers: frozenset[str] = frozenset()
    place_word: frozenset[str] = frozenset()
    verb: frozenset[str] = frozenset()
    body_breaks: frozenset[str] = frozenset()
    topic_nouns: frozenset[str] = frozenset()
    owner_words: frozenset[str] = frozenset()
    after_glued: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NameRules:
    """``[names]``: conventions of canonical names (bare level characters, whole regions)."""

    level_chars: dict = field(default_factory=dict)
    bare_bodies: frozenset[str] = frozenset()
    whole_region: dict = field(default_factory=dict)
    autonomous: dict = field(default_factory=dict)
    brackets: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteWords:
    """The word lists the quoted-name finder reads, in the order it reads them (made once from
    ``[programme]``, ``[event]`` and the heads)."""

    quote_heads: tuple[str, ...]  # longest first
    event_heads: tuple[str, ...]  # longest first
    all_heads: tuple[str, ...]  # both, longest first
    programme_or_coined: tuple[str, ...]  # the programme heads, then the coined heads longest first
    code_stops: tuple[str, ...]  # programme verbs and code_prefix_stops
    described_heads: tuple[str, ...]  # event heads and strong programme heads, after a description
    body_heads: tuple[str, ...]  # organisation heads of two or more characters but the weak ones
    occasion_heads: tuple[str, ...] = ()  # meetings and ceremonies held for what a quoted name names


#: Table of ner.toml -> its dataclass.
_TABLES = {"chunk": ChunkRules, "org": OrgRules, "place": PlaceRules, "programme": ProgrammeRules, "event": EventRules,
           "award": AwardRules, "person": PersonRules, "tags": TagSets, "names": NameRules}
#: Entity label -> the table of its heads and generic names.
_LABEL_TABLES = (("ORG", "org"), ("PLACE", "place"), ("PROGRAMME", "programme"), ("EVENT", "event"), ("AWARD", "award"))


class Rules:
    """The rules of ``pipelines/ner.toml`` (``data``, the parsed file), with the post (``roles``)
    and surname lexicons. Each table is an attribute (``rules.org``, ``rules.chunk`` ...);
    ``heads`` and ``generic`` gather the heads (longest first) and generic names by label,
    ``priority`` the source priorities of the overlap resolver."""

    def __init__(self, data: Mapping[str, Any], roles: WordIndex | None = None, surnames: dict | None = None):
        self.roles = roles if roles is not None else WordIndex({})
        self.surnames = surnames if surnames is not None else {}
        unknown = sorted(set(data) - set(_TABLES) - {"version", "priority"})
        if unknown:
            raise ValueError(f"pipelines/ner.toml: unknown table(s) {unknown}")
        self.chunk: ChunkRules = from_table(ChunkRules, data.get("chunk"), "pipelines/ner.toml [chunk]")
        self.org: OrgRules = from_table(OrgRules, data.get("org"), "pipelines/ner.toml [org]")
        self.place: PlaceRules = from_table(PlaceRules, data.get("place"), "pipelines/ner.toml [place]")
        self.programme: ProgrammeRules = from_table(ProgrammeRules, data.get("programme"), "pipelines/ner.toml [programme]")
        self.event: EventRules = from_table(EventRules, data.get("event"), "pipelines/ner.toml [event]")
        self.award: AwardRules = from_table(AwardRules, data.get("award"), "pipelines/ner.toml [award]")
        self.person: PersonRules = from_table(PersonRules, data.get("person"), "pipelines/ner.toml [person]")
        self.tags: TagSets = from_table(TagSets, data.get("tags"), "pipelines/ner.toml [tags]")
        self.names: NameRules = from_table(NameRules, data.get("names"), "pipelines/ner.toml [names]")
        #: source -> priority of a candidate in a tie of equal length (higher wins)
        self.priority: dict[str, int] = {k: int(v) for k, v in data.get("priority", {}).items()}
        tables = {label: getattr(self, name) for label, name in _LABEL_TABLES}
        self.heads = {label: longest_first(set(t.heads)) for label, t in tables.items()}
        self.generic = {label: set(t.generic) for label, t in tables.items()}

    @cached_property
    def quote_words(self) -> QuoteWords:
        """The word lists of :func:`kg.ner.finders.quotes.quoted_names`."""
        prog = self.programme
        quote_heads, event_heads = longest_first(prog.quote_heads), longest_first(self.event.heads)
        return QuoteWords(
            quote_heads=quote_heads,
            event_heads=event_heads,
            all_heads=longest_first(quote_heads + event_heads),
            programme_or_coined=(*self.heads["PROGRAMME"], *longest_first(prog.coined_heads)),
            code_stops=prog.verbs + prog.code_prefix_stops,
            described_heads=longest_first(event_heads + prog.strong_heads + prog.quote_described_heads),
            body_heads=tuple(h for h in self.heads["ORG"] if len(h) > 1 and h not in self.org.weak_heads),
            occasion_heads=longest_first(self.event.occasion_heads),
        )
