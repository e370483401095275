"""kg.entities.propagate: names an entity has, found again on the page."""
import pytest

from kg.entities.merge import build_entities
from kg.entities.propagate import propagate_mentions
from tests.entities.samples import CONV, M, gazetteer


@pytest.fixture
def gaz():
    return gazetteer()


def test_known_names_spread_over_the_page(gaz):
    text = "推进“产改”。产改工作见效，省总工会牵头。"
    ms = [M("“产改”", "PROGRAMME", 2, "quote:programme"), M("省总工会", "ORG", 14)]
    ents = build_entities(ms, {}, gaz, CONV)
    new = propagate_mentions(text, ents, ms, lambda pos: "d#a1", CONV.level_chars)
    # the bare 产改 becomes a mention; 省总工会 depends on its article's region and is not spread
    assert [(m.text, m.start, m.label) for m in new] == [("产改", 7, "PROGRAMME")]
