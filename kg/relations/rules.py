"""The relation rules of ``pipelines/relations.toml``, typed: one dataclass per kind of rule.

Each ``[[rule]]`` has an ``id`` (every relation it makes records it), a ``predicate`` and a
``kind``; its other keys are the settings of that kind, here the fields of the kind's class, with
their defaults. A key the class has no field for is an error. Patterns made from the word lists
are made on first use and kept.

>>> rule = make_rule({"id": "x.verb", "predicate": "located_in", "kind": "subject_verb_object",
...                   "subjects": ["ORG"], "objects": ["PLACE"], "verbs": ["位于", "地处"]})
>>> rule.max_gap, sorted(rule.subjects), rule.verb.pattern
(20, ['ORG'], '位于|地处')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from ..config import from_table
from ..ner.settings import longest_first

__all__ = [
    "Rule",
    "NamePlace",
    "AdjacentPlaces",
    "HeldAt",
    "NameParent",
    "OrgRolePerson",
    "PersonOrgRole",
    "TitleBeforeName",
    "RoleList",
    "SubjectVerbObject",
    "Cooperation",
    "PilotUnit",
    "PilotOrganiser",
    "Examples",
    "ParticipantRole",
    "CountedUnits",
    "VisitedIn",
    "Respectively",
    "RoleChain",
    "Elected",
    "EventPresence",
    "ListedParticipants",
    "AwardMembers",
    "Deployed",
    "FunctionWords",
    "RULE_KINDS",
    "make_rule",
]


def _alternatives(words) -> re.Pattern:
    """One pattern of ``words``, the longest first (so that the longest wins where several
    start at one place)."""
    return re.compile("|".join(map(re.escape, longest_first(words))))


@dataclass(frozen=True)
class Rule:
    """What every rule has: its id, the predicate of its relations, its kind."""

    id: str
    predicate: str
    kind: str


@dataclass(frozen=True)
class NamePlace(Rule):
    subjects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AdjacentPlaces(Rule):
    division_heads: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeldAt(Rule):
    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    venue_before: bool = False
    #: adverbs that may stand between the place and the verb (在P隆重举行)
    between: tuple[str, ...] = ()

    def verb_at(self, text: str, pos: int) -> str | None:
        """The verb of ``after`` at ``pos``, with an adverb of ``between`` before it, or None."""
        adverb = next((a for a in self.between if text.startswith(a, pos)), "")
        verb = next((a for a in self.after if text.startswith(a, pos + len(adverb))), None)
        return adverb + verb if verb is not None else None


@dataclass(frozen=True)
class NameParent(Rule):
    same_kind: tuple[str, ...] = ()
    legal_forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OrgRolePerson(Rule):
    role_separators: tuple[str, ...] = ("、",)
    max_role_chars: int = 16


@dataclass(frozen=True)
class PersonOrgRole(Rule):
    links: tuple[str, ...] = ()
    max_role_chars: int = 16


@dataclass(frozen=True)
class TitleBeforeName(Rule):
    joiners: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoleList(Rule):
    roles: dict = field(default_factory=dict)
    objects: frozenset[str] = frozenset()
    anaphors: tuple[str, ...] = ()

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.roles)


@dataclass(frozen=True)
class SubjectVerbObject(Rule):
    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    verbs: tuple[str, ...] = ()
    max_gap: int = 20
    roles: tuple[str, ...] = ()
    fallback: str = ""
    co_subjects: bool = False
    skip_agents: bool = False
    object_not_before: tuple[str, ...] = ()
    #: the relation runs from the object to the subject (X下设Y: Y is part of X)
    inverse: bool = False
    #: a list of names that ends with the subject is the subject (张三、李四荣获…)
    subject_lists: bool = False
    #: a clause with no subject after X是…的Y，continues X (吴某是A公司的高级技师，曾获…)
    copula_subject: bool = False
    #: verbs that make others the doers between the subject and the verb (A组织职工参加B: the
    #: workers take part, not A)
    causers: tuple[str, ...] = ()
    #: what opens a clause as its own subject though it names no entity (前三名, 第一名将被授予…):
    #: a subject named before that clause is not the verb's
    clause_subject: re.Pattern = re.compile(r"(?!x)x")

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.verbs)


@dataclass(frozen=True)
class PassiveAgent(Rule):
    """X由A、B联合推出 / 由A、B共同打造的X: the bodies after the agent marker run X."""

    objects: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    verbs: tuple[str, ...] = ()
    #: the marker of the agent (由) and what may stand between the object and it (是, 均)
    marker: str = "由"
    before_marker: tuple[str, ...] = ()
    #: what may stand between the last body and the verb (等单位, 共同, 联合)
    between: tuple[str, ...] = ()

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.verbs)


@dataclass(frozen=True)
class Cooperation(Rule):
    words: tuple[str, ...] = ()
    tail_words: frozenset[str] = frozenset()
    tail_verbs: tuple[str, ...] = ()
    leading: frozenset[str] = frozenset()
    both: tuple[str, ...] = ()
    #: the label and heads of an agreement whose name holds a tail word (《…合作协议》), and what
    #: stands between its signatories and it (签署了)
    agreements: frozenset[str] = frozenset()
    agreement_heads: tuple[str, ...] = ()
    signing_words: tuple[str, ...] = ()

    @cached_property
    def signing(self) -> re.Pattern:
        """An adverb of togetherness or none, a verb of signing, 了 or none (共同签署了)."""
        verbs = "|".join(map(re.escape, longest_first(self.signing_words))) or "(?!x)x"
        return re.compile("(?:共同|联合|正式|现场)?(?:%s)了?《?" % verbs)

    @cached_property
    def both_before(self) -> re.Pattern:
        """A word for the two bodies named before (双方), a few characters before the word."""
        return re.compile("(?:%s)[^，。；]{0,3}$" % "|".join(map(re.escape, self.both or ("(?!x)x",))))

    @cached_property
    def both_far(self) -> re.Pattern:
        """双方 as the subject of a clause whose verb takes their cooperation as object
        (双方将在…等方面深化合作, 双方围绕深化两地工会合作…): a verb of ``tail_verbs`` before the word,
        up to six characters of what is deepened between."""
        return re.compile("(?:%s)[^，。；]{0,30}(?:%s)[^，。；]{0,6}$" % ("|".join(map(re.escape, self.both or ("(?!x)x",))),
                                                        "|".join(map(re.escape, self.tail_verbs or ("(?!x)x",)))))

    @cached_property
    def word(self) -> re.Pattern:
        return _alternatives(self.words)

    @cached_property
    def tail_gap(self) -> re.Pattern | None:
        """A tail verb and what follows it up to a pause (A、B深化…方面的合作)."""
        if not self.tail_verbs:
            return None
        return re.compile("(?:%s)[^，。；：]{0,30}" % "|".join(map(re.escape, self.tail_verbs)))


@dataclass(frozen=True)
class PilotUnit(Rule):
    words: tuple[str, ...] = ()
    designating: tuple[str, ...] = ()

    @cached_property
    def word(self) -> re.Pattern:
        return _alternatives(self.words)


@dataclass(frozen=True)
class PilotOrganiser(Rule):
    words: tuple[str, ...] = ()
    between: re.Pattern = re.compile(r"(?:第[一二三四五六七八九十\d]+批)?")

    @cached_property
    def word(self) -> re.Pattern:
        return _alternatives(self.words)


@dataclass(frozen=True)
class OwnerBefore(Rule):
    objects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Examples(Rule):
    openers: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    verbs: tuple[str, ...] = ()
    together: tuple[str, ...] = ()

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.verbs)

    @cached_property
    def acting(self) -> tuple[str, ...]:
        """The words of acting together and the verbs, longest first."""
        return longest_first(list(self.together) + list(longest_first(self.verbs)))

    @cached_property
    def opener(self) -> re.Pattern:
        """An opener of an example sentence (例如，) right after a sentence end."""
        return re.compile("(?<=[。！？])\\s*(?:%s)[，,：:]" % "|".join(map(re.escape, self.openers)))


@dataclass(frozen=True)
class ParticipantRole(Rule):
    words: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset({"EVENT"})
    window: int = 16
    article_event: bool = False
    #: the heads of the events a title belongs to, where the article names several (代表: a
    #: congress of delegates)
    title_events: dict = field(default_factory=dict)

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return longest_first(self.words)


@dataclass(frozen=True)
class CountedUnits(Rule):
    count: re.Pattern = re.compile(r"(?!x)x")
    objects: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset({"ORG"})
    whole_sentence: bool = False
    not_before: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()


@dataclass(frozen=True)
class VisitedIn(Rule):
    verbs: tuple[str, ...] = ()

    @cached_property
    def visit(self) -> re.Pattern:
        """A few words and a verb of visiting after the place (在安顺|先后走进|…)."""
        return re.compile("[^，。；：！？]{0,8}?(?:%s)了?" % "|".join(map(re.escape, longest_first(self.verbs))))


@dataclass(frozen=True)
class Respectively(Rule):
    words: tuple[str, ...] = ()
    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()

    @cached_property
    def word(self) -> re.Pattern:
        return _alternatives(self.words)


@dataclass(frozen=True)
class RoleChain(Rule):
    clause_marks: tuple[str, ...] = ("，", "；")
    max_role_chars: int = 8


@dataclass(frozen=True)
class Elected(Rule):
    verbs: tuple[str, ...] = ()
    max_role_chars: int = 8

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.verbs)


@dataclass(frozen=True)
class EventPresence(Rule):
    words: tuple[str, ...] = ()
    lead_sentences: int = 3
    org_words: tuple[str, ...] = ()
    acting_for: tuple[str, ...] = ()
    #: what may close a list of organisations before a verb of reporting (等12家单位, 分别)
    org_list_end: str = ""
    #: a placing an organisation's team won (代表队获得男子组冠军): it competed
    org_placing: str = ""
    #: words opening a clause that place it at the meeting the article reports (会上), and the
    #: heads that make an event a meeting
    at_meeting: tuple[str, ...] = ()
    meeting_heads: tuple[str, ...] = ()
    #: what the two bodies a word for both stands for do at a meeting they take part in
    party_words: tuple[str, ...] = ()

    @cached_property
    def org_report(self) -> re.Pattern:
        """The close of a list, then a verb of reporting (等12家单位|作了交流发言), or a placing."""
        words = "|".join(map(re.escape, longest_first(self.org_words)))
        return re.compile("(?:%s)(?:%s)" % (self.org_list_end, words + ("|" + self.org_placing if self.org_placing else "")))


@dataclass(frozen=True)
class CeremonyRecipients(Rule):
    #: heads of a ceremony named after the honour it confers (…颁奖典礼, …表彰大会)
    heads: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListedParticipants(Rule):
    words: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    subjects: frozenset[str] = frozenset({"ORG", "PERSON"})
    objects: frozenset[str] = frozenset({"EVENT"})
    lead_sentences: int = 2

    @cached_property
    def word(self) -> re.Pattern:
        return _alternatives(self.words)

    @cached_property
    def links_longest_first(self) -> tuple[str, ...]:
        return longest_first(self.links)


@dataclass(frozen=True)
class Conferred(Rule):
    """授予A等10人“X”称号: the persons or bodies listed between the verb and the honour."""

    verbs: tuple[str, ...] = ()
    recipients: frozenset[str] = frozenset({"PERSON", "ORG"})

    @cached_property
    def verb(self) -> re.Pattern:
        return _alternatives(self.verbs)


@dataclass(frozen=True)
class AwardMembers(Rule):
    verbs: tuple[str, ...] = ()
    intro: tuple[str, ...] = ()
    reach: int = 12
    #: words after an honour that announce the roll of its holders (名单): the list may follow in
    #: the next sentence
    rolls: tuple[str, ...] = ()

    @cached_property
    def introduction(self) -> re.Pattern:
        return _alternatives(self.intro)

    @cached_property
    def conferred(self) -> re.Pattern:
        """A conferment verb (and 了) ending the text before an honour."""
        return re.compile("(?:%s)了?$" % "|".join(map(re.escape, longest_first(self.verbs))))


@dataclass(frozen=True)
class Deployed(Rule):
    objects: frozenset[str] = frozenset()
    nouns: tuple[str, ...] = ()

    @cached_property
    def nouns_longest_first(self) -> tuple[str, ...]:
        return longest_first(self.nouns)


@dataclass(frozen=True)
class FunctionWords:
    """``[words]`` of relations.toml: the grammar words the kinds read."""

    with_: frozenset[str] = frozenset()
    joint: frozenset[str] = frozenset()
    agent: frozenset[str] = frozenset()
    adjunct: frozenset[str] = frozenset()
    clause_adjunct: frozenset[str] = frozenset()
    together: tuple[str, ...] = ()
    adverbs: str = ""
    visit: tuple[str, ...] = ()
    both: tuple[str, ...] = ()
    causative: tuple[str, ...] = ()
    speech: tuple[str, ...] = ()

    @classmethod
    def from_table(cls, table: Mapping[str, Any] | None) -> "FunctionWords":
        """From the ``[words]`` table (``with`` is a Python keyword: the field is ``with_``)."""
        table = {("with_" if k == "with" else k): v for k, v in (table or {}).items()}
        return from_table(cls, table, "pipelines/relations.toml [words]")


#: kind -> the class of its settings.
RULE_KINDS: dict[str, type[Rule]] = {
    "name_place": NamePlace,
    "adjacent_places": AdjacentPlaces,
    "held_at": HeldAt,
    "name_parent": NameParent,
    "org_role_person": OrgRolePerson,
    "person_org_role": PersonOrgRole,
    "title_before_name": TitleBeforeName,
    "role_list": RoleList,
    "subject_verb_object": SubjectVerbObject,
    "passive_agent": PassiveAgent,
    "cooperation": Cooperation,
    "pilot_unit": PilotUnit,
    "pilot_organiser": PilotOrganiser,
    "owner_before": OwnerBefore,
    "examples": Examples,
    "participant_role": ParticipantRole,
    "counted_units": CountedUnits,
    "visited_in": VisitedIn,
    "respectively": Respectively,
    "role_chain": RoleChain,
    "elected": Elected,
    "event_presence": EventPresence,
    "ceremony_recipients": CeremonyRecipients,
    "listed_participants": ListedParticipants,
    "award_members": AwardMembers,
    "conferred": Conferred,
    "deployed": Deployed,
}


def make_rule(row: Mapping[str, Any]) -> Rule:
    """The typed rule of one ``[[rule]]`` table. Raises ValueError for an unknown kind or key."""
    cls = RULE_KINDS.get(row.get("kind"))
    if cls is None:
        raise ValueError(f"relation rule {row.get('id')!r}: unknown kind {row.get('kind')!r}")
    return from_table(cls, row, f"relation rule {row.get('id')!r} of kind {row['kind']!r}")
