"""Plain data passed between the stages. Depends on nothing else in the package.

Offsets: every ``start``/``end`` on an :class:`Article` or :class:`Mention` is a
half-open range in the *normalised* text of its document. :meth:`Normalized.raw_span`
maps such a range back to the raw input, which is what evidence records carry.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "LABELS",
    "PREDICATES",
    "SYMMETRIC",
    "ADMIN_LEVELS",
    "Normalized",
    "Article",
    "Mention",
    "Entity",
    "Evidence",
    "Relation",
    "PageMeta",
    "Document",
]

#: The six entity labels of the annotation guidelines.
LABELS = ("PERSON", "ORG", "PLACE", "PROGRAMME", "EVENT", "AWARD")

#: predicate -> (subject labels, object labels), as in the annotation guidelines.
PREDICATES = {
    "holds_position": ({"PERSON"}, {"ORG"}),
    "located_in": ({"ORG", "PLACE", "EVENT"}, {"PLACE"}),
    "sub_organization_of": ({"ORG"}, {"ORG"}),
    "organizes": ({"ORG"}, {"PROGRAMME", "EVENT"}),
    "partner_of": ({"ORG"}, {"ORG"}),
    "received_award": ({"PERSON", "ORG"}, {"AWARD"}),
    "participates_in": ({"PERSON", "ORG"}, {"EVENT", "PROGRAMME"}),
}

#: Predicates whose two ends may be swapped (A partner_of B is B partner_of A): a fact of one
#: is stated once, from the smaller end (in the graph, the smaller node id).
SYMMETRIC = frozenset({"partner_of"})

#: Level of an administrative division in the gazetteer (0 for countries) -> the value of an
#: entity's ``props["admin_level"]`` (and the skos:notation of its kg:AdministrativeLevel).
ADMIN_LEVELS = {0: "country", 1: "province", 2: "prefecture", 3: "county", 4: "township"}


@dataclass(frozen=True)
class Normalized:
    """Clean text and, for each of its characters, the index of the raw character it came from.

    ``offsets`` has ``len(text) + 1`` items; the last one is ``len(raw)`` so that an
    end offset maps too.
    """

    raw: str
    text: str
    offsets: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering clean ``text[start:end]``.

        >>> n = Normalized(raw="a b", text="ab", offsets=(0, 2, 3))
        >>> n.raw_span(0, 2)
        (0, 3)
        """
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Article:
    """One article of a page: a span of the normalised text.

    ``bylines`` are the names its credits give, ``authors`` the same names each with the role
    word written before it (``("陈曦", "记者")``), ``dateline`` the place and date its credits
    give (``福州9月17日电``, ``""`` without one). ``text`` is its text where its document holds
    none (a document slimmed for the cache, :func:`kg.pipeline.cache.slim`), else ``""``.
    """

    id: str
    start: int
    end: int
    title: str = ""
    bylines: tuple[str, ...] = ()
    authors: tuple[tuple[str, str], ...] = ()
    dateline: str = ""
    text: str = ""

    def text_in(self, doc: "Document") -> str:
        """The article's text: its own, or its range of ``doc``'s normalised text."""
        return self.text or doc.normalized.text[self.start:self.end]


@dataclass(frozen=True)
class Mention:
    """A labelled span of normalised text, with the rule or model that found it."""

    start: int
    end: int
    text: str
    label: str
    source: str
    article: str = ""


@dataclass
class Entity:
    """One thing: a canonical name, the forms the text uses, and where it is mentioned."""

    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: article, raw character range, the sentence (or sentences) that
    name both of its ends, and the rule; ``date``, the date expression those sentences state
    (``9月17日``, ``截至8月30日``; ``""`` when they state none), as written."""

    doc: str
    article: str
    start: int
    end: int
    sentence: str
    rule: str
    date: str = ""


@dataclass(frozen=True)
class Relation:
    """A typed link between two entities, given by their ``(label, name)`` keys."""

    subject: tuple[str, str]
    predicate: str
    object: tuple[str, str]
    role: str | None
    evidence: Evidence


@dataclass(frozen=True)
class PageMeta:
    """What is known of an input page besides its text (``""`` where nothing is): the
    newspaper, edition and page it was printed in, its publication date (ISO ``YYYY-MM-DD``),
    and the SHA-256 of its bytes. Given to a build (a manifest, the path), never guessed."""

    newspaper: str = ""
    edition: str = ""
    page: str = ""
    published: str = ""
    sha256: str = ""


@dataclass
class Document:
    """One input page and everything extracted from it.

    ``dates`` are the date expressions of its text, as mentions labelled ``DATE``; ``meta``
    is what the build was told of the page (:class:`PageMeta`).
    """

    id: str
    source: str
    normalized: Normalized
    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    meta: PageMeta = field(default_factory=PageMeta)
