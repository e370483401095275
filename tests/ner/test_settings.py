"""kg.ner.settings: the tables of ner.toml, typed."""
import tomllib

import pytest

from kg.config import ROOT
from kg.ner.settings import Rules


def test_the_project_rules_load():
    with open(ROOT / "pipelines" / "ner.toml", "rb") as f:
        rules = Rules(tomllib.load(f))
    assert rules.priority["byline"] > rules.priority["lac:PER"]
    assert rules.names.level_chars["省"] == 1 and "工会" in rules.org.own_bodies
    assert rules.tags.counting == frozenset({"m", "q", "TIME"})


@pytest.mark.parametrize("data, message", [({"org": {"headz": []}}, "unknown key"), ({"orgs": {}}, "unknown table")])
def test_a_mistyped_key_is_an_error(data, message):
    with pytest.raises(ValueError, match=message):
        Rules(data)
