"""The relation rules run over a document's :class:`~kg.relations.scene.Scene`.

The rules are data (``pipelines/relations.toml``): an id, a predicate, a *kind* and the
kind's word lists. A kind is one matching procedure (:data:`KINDS`), in the module of its
family (places, structure, posts, verbs, cooperation, programmes, participants). Each relation
names the rule that made it.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..config import RELATIONS
from ..model import PREDICATES, SYMMETRIC, Relation
from .cooperation import cooperation
from .participants import ceremony_recipients, counted_units, event_presence, listed_participants, participant_role
from .places import adjacent_places, held_at, name_place, respectively, visited_in
from .posts import award_members, conferred, elected, org_role_person, person_org_role, role_chain, title_before_name
from .programmes import deployed, examples, owner_before, pilot_organiser, pilot_unit
from .rules import FunctionWords, Rule, make_rule
from .scene import Scene
from .structure import name_parent
from .verbs import passive_agent, role_list, subject_verb_object

__all__ = ["KINDS", "RuleSet", "load_rule_set", "extract_relations"]


KINDS: dict[str, Callable[[Scene, Rule], Iterable[Relation]]] = {
    "counted_units": counted_units,
    "examples": examples,
    "name_place": name_place,
    "adjacent_places": adjacent_places,
    "held_at": held_at,
    "name_parent": name_parent,
    "org_role_person": org_role_person,
    "person_org_role": person_org_role,
    "role_list": role_list,
    "subject_verb_object": subject_verb_object,
    "conferred": conferred,
    "passive_agent": passive_agent,
    "cooperation": cooperation,
    "title_before_name": title_before_name,
    "pilot_unit": pilot_unit,
    "participant_role": participant_role,
    "pilot_organiser": pilot_organiser,
    "owner_before": owner_before,
    "visited_in": visited_in,
    "respectively": respectively,
    "role_chain": role_chain,
    "elected": elected,
    "event_presence": event_presence,
    "ceremony_recipients": ceremony_recipients,
    "listed_participants": listed_participants,
    "award_members": award_members,
    "deployed": deployed,
}


@dataclass(frozen=True)
class RuleSet:
    """The relation rules of ``pipelines/relations.toml``: the rules in order, the words that
    join a list of names, and the determiners that refer back to an organisation (该服务中心)."""

    rules: tuple[Rule, ...]
    joiners: tuple[str, ...] = ("、",)
    anaphors: tuple[str, ...] = ()
    words: FunctionWords = FunctionWords()
    #: tails besides the organisation heads that a determiner takes (该会: a union or association)
    anaphor_tails: tuple[str, ...] = ()
    #: words a one-character tail begins, where the determiner is no anaphor (该会议)
    anaphor_tail_words: tuple[str, ...] = ()
    #: kinds of body that, bare before a post, stand for the last such body named (公司党委书记X)
    bare_anaphors: tuple[str, ...] = ()


def load_rule_set(path: str | Path = RELATIONS) -> RuleSet:
    """The :class:`RuleSet` of a relations file."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return RuleSet(tuple(make_rule(row) for row in data["rule"]), tuple(data.get("list_joiners", ["、"])),
                   tuple(data.get("anaphor_determiners", [])), FunctionWords.from_table(data.get("words")),
                   tuple(data.get("anaphor_tails", [])), tuple(data.get("anaphor_tail_words", [])),
                   tuple(data.get("bare_anaphors", [])))


def _allowed(rel: Relation) -> bool:
    subj_ok, obj_ok = PREDICATES[rel.predicate]
    return rel.subject[0] in subj_ok and rel.object[0] in obj_ok


def _strategies(scene: Scene) -> set:
    """The entities named only as national strategies (source ``strategy:``): the state runs
    them, so a body that serves one neither organises nor takes part in it."""
    return {k for k, e in scene.entities.items()
            if e.mentions and all(m.source.startswith("strategy:") for m in e.mentions)}


def extract_relations(scene: Scene, rules: Sequence[Rule]) -> list[Relation]:
    """Run every rule; keep relations whose ends have the labels the predicate allows and
    whose object is no national strategy, once per (subject, predicate, object, role) with the
    first evidence found, in a stable order."""
    seen: dict = scene.found  # (the rules after may read what the rules before found)
    seen.clear()
    strategies = _strategies(scene)
    for rule in rules:
        kind = KINDS.get(rule.kind)
        if kind is None:
            raise ValueError(f"relation rule {rule.id!r}: unknown kind {rule.kind!r}")
        for rel in kind(scene, rule):
            if not _allowed(rel) or rel.object in strategies:
                continue
            key = (rel.subject, rel.predicate, rel.object, rel.role)
            if rel.predicate in SYMMETRIC:
                a, b = sorted([rel.subject, rel.object])
                key = (a, rel.predicate, b, rel.role)
            seen.setdefault(key, rel)
    # a fact found with its role makes the same fact without one redundant
    with_role = {(r.subject, r.predicate, r.object) for r in seen.values() if r.role}
    kept = [r for r in seen.values() if r.role or (r.subject, r.predicate, r.object) not in with_role]
    return sorted(kept, key=lambda r: (r.predicate, r.subject, r.object, r.role or "", r.evidence.start))
