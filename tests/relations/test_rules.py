"""kg.relations.rules: the rules of relations.toml, typed by kind."""
import pytest

from kg.config import RELATIONS
from kg.relations.engine import KINDS, load_rule_set
from kg.relations.rules import RULE_KINDS, make_rule


def test_every_rule_of_the_file_loads_as_its_kind():
    rules = load_rule_set(RELATIONS)
    assert rules.rules and all(type(r) is RULE_KINDS[r.kind] for r in rules.rules)
    assert set(RULE_KINDS) == set(KINDS)


@pytest.mark.parametrize("row, message", [
    ({"id": "x", "predicate": "located_in", "kind": "no_such_kind"}, "unknown kind"),
    ({"id": "x", "predicate": "located_in", "kind": "held_at", "verbs": ["在"]}, "unknown key"),
])
def test_a_mistyped_rule_is_an_error(row, message):
    with pytest.raises(ValueError, match=message):
        make_rule(row)
