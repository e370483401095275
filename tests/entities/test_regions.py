"""kg.entities.regions: the region each article is about."""
import pytest

from kg.entities.regions import article_regions
from kg.model import Article, Mention
from tests.entities.samples import M, gazetteer


@pytest.fixture
def gaz():
    return gazetteer()


def test_article_regions_pick_most_named_division(gaz):
    arts = [Article("d#a1", 0, 100), Article("d#a2", 100, 200)]
    places = [M("青山省", "PLACE", 0), M("临江市", "PLACE", 10), M("临江", "PLACE", 20), M("白水", "PLACE", 110)]
    regions = article_regions(arts, [Mention(p.start, p.end, p.text, p.label, p.source, "d#a1" if p.start < 100 else "d#a2") for p in places], gaz)
    assert regions["d#a1"].by_level == {1: "990000", 2: "990100"}
    assert regions["d#a2"].by_level == {1: "980000"}
    # the divisions the text names, apart from those filled in from the gazetteer
    assert regions["d#a1"].named == {"990000", "990100"}
    east = article_regions([Article("d#a1", 0, 100)], [M("东湖区", "PLACE", 0)], gaz)["d#a1"]
    assert (east.by_level, east.named) == ({1: "990000", 2: "990100", 3: "990102"}, {"990102"})
