"""Canonical names: region prefixes, abbreviations, place names, merging of forms."""
import pytest

from kg.canonical import Conventions, _abbreviates, article_regions, build_entities, canonical_name, squash
from kg.ner.nested import nested_mentions
from kg.model import Article, Mention
from kg.ner.lexicon import Division, Gazetteer

CONV = Conventions({"省总": "省总工会", "市总": "市总工会", "区总": "区总工会"}, {"市场": 2}, ("竞赛",), ("总工会", "委"))


@pytest.fixture
def gaz():
    g = Gazetteer()
    g.add(Division("990000", "青山省", 1), ["青山"])
    g.add(Division("990100", "临江市", 2, "990000"), ["临江"])
    g.add(Division("990102", "东湖区", 3, "990100"), ["东湖"])
    g.add(Division("980000", "白水省", 1), ["白水"])
    g.add(Division("980100", "东湖市", 2, "980000"), [])
    return g


def M(text, label, start=0, source="x", article="d#a1"):
    return Mention(start, start + len(text), text, label, source, article)


@pytest.mark.parametrize(
    "surface, label, expected",
    [
        ("省总工会", "ORG", "青山省总工会"),
        ("市总工会", "ORG", "临江市总工会"),
        ("区总", "ORG", "东湖区总工会"),
        ("临江市总", "ORG", "临江市总工会"),
        ("省人社厅", "ORG", "青山省人社厅"),
        ("人社厅", "ORG", "人社厅"),          # only a region prefix is restored
        ("市场监管局", "ORG", "临江市市场监管局"),   # 市场 is a word: the region goes before it
        ("青山", "PLACE", "青山省"),
        ("东湖", "PLACE", "东湖区"),
        ("“产 改”", "PROGRAMME", "产改"),
    ],
)
def test_canonical_name(gaz, surface, label, expected):
    from kg.canonical import Region

    region = Region({1: "990000", 2: "990100", 3: "990102"})
    assert canonical_name(M(surface, label), region, gaz, CONV)[0] == expected


def test_place_props_carry_code_and_level(gaz):
    name, props = canonical_name(M("临江", "PLACE"), None, gaz, CONV)
    assert (name, props) == ("临江市", {"division_code": "990100", "admin_level": "prefecture"})


def test_ambiguous_form_resolved_by_region(gaz):
    from kg.canonical import Region

    gaz.add(Division("980102", "东湖区", 3, "980100"), ["东湖"])
    assert canonical_name(M("东湖", "PLACE"), Region({1: "980000"}), gaz, CONV)[1]["division_code"] == "980102"
    assert canonical_name(M("东湖", "PLACE"), Region({1: "990000"}), gaz, CONV)[1]["division_code"] == "990102"


def test_article_regions_pick_most_named_division(gaz):
    arts = [Article("d#a1", 0, 100), Article("d#a2", 100, 200)]
    places = [M("青山省", "PLACE", 0), M("临江市", "PLACE", 10), M("临江", "PLACE", 20), M("白水", "PLACE", 110)]
    regions = article_regions(arts, [Mention(p.start, p.end, p.text, p.label, p.source, "d#a1" if p.start < 100 else "d#a2") for p in places], gaz)
    assert regions["d#a1"].by_level == {1: "990000", 2: "990100"}
    assert regions["d#a2"].by_level == {1: "980000"}


def test_build_entities_merges_forms(gaz):
    from kg.canonical import Region

    ms = [
        M("青山省临江市总工会", "ORG", 0),
        M("临江市总工会", "ORG", 20),
        M("产业工人队伍建设改革", "PROGRAMME", 40),
        M("产改", "PROGRAMME", 60),
        M("省总工会", "ORG", 70),
        M("青山省总工会", "ORG", 80),
    ]
    ents = build_entities(ms, {"d#a1": Region({1: "990000", 2: "990100"})}, gaz, CONV)
    names = {(e.label, e.name): sorted(e.aliases) for e in ents}
    assert names[("ORG", "青山省临江市总工会")] == ["临江市总工会", "青山省临江市总工会"]
    assert names[("PROGRAMME", "产业工人队伍建设改革")] == ["产业工人队伍建设改革", "产改"]
    assert names[("ORG", "青山省总工会")] == ["省总工会", "青山省总工会"]
    assert len(ents) == 3


def test_one_label_per_name_quoted_wins(gaz):
    ms = [M("数字工会", "ORG", 0, "chunk:org"), M("数字工会", "PROGRAMME", 10, "quote:programme")]
    ents = build_entities(ms, {}, gaz, CONV)
    assert [(e.label, e.name) for e in ents] == [("PROGRAMME", "数字工会")]


def test_nested_places_and_parent(gaz):
    org = M("青山省临江市总工会网络工作部", "ORG", 0)
    places = [M("青山省", "PLACE", 0, "gazetteer"), M("青山", "PLACE", 0, "gazetteer"), M("临江市", "PLACE", 3, "gazetteer")]
    nested = nested_mentions([org], places, ["总工会", "工会", "部"])
    assert sorted((m.text, m.label) for m in nested) == [("临江市", "PLACE"), ("青山省", "PLACE"), ("青山省临江市总工会", "ORG")]


def test_river_named_like_a_county_and_site_with_its_city_in_brackets():
    river = M("临江江流域", "PLACE", 0)
    nested = nested_mentions([river], [M("临江", "PLACE", 0, "gazetteer")], [], place_heads=["江", "流域"], river_heads=["江"])
    assert nested == []
    site = M("临江会展中心（东湖）", "PLACE", 0)
    nested = nested_mentions([site], [M("临江", "PLACE", 0, "gazetteer"), M("东湖", "PLACE", 7, "gazetteer")], [], place_heads=["会展中心"])
    assert sorted(m.text for m in nested) == ["东湖", "临江"]


def test_no_parent_with_an_open_bracket():
    org = M("临江钢铁（集团）有限公司", "ORG", 0)
    assert [m.text for m in nested_mentions([org], [], ["集团", "有限公司", "公司"])] == []


def test_no_parent_when_rest_is_a_bare_head():
    org = M("临江市互联网行业工会联合会", "ORG", 0)
    assert nested_mentions([org], [], ["工会", "联合会", "工会联合会"]) == []


@pytest.mark.parametrize(
    "short, long, expected",
    [("产改", "产业工人队伍建设改革", True), ("职教集团", "职业教育集团", True), ("改产", "产业改革", False), ("产业", "产业", False)],
)
def test_abbreviates(short, long, expected):
    assert _abbreviates(short, long) is expected


def test_squash():
    assert squash(" “暖‘新’集市” ") == "暖新集市"


def test_companies_keep_only_their_last_place(gaz):
    from kg.canonical import Region

    ents = build_entities([M("青山省临江市瑞信纺织有限公司", "ORG", 0)], {"d#a1": Region({1: "990000"})}, gaz, CONV)
    assert [e.name for e in ents] == ["临江市瑞信纺织有限公司"]
    ents = build_entities([M("临江东湖森林公园", "PLACE", 0)], {}, gaz, CONV)
    assert [e.name for e in ents] == ["临江东湖森林公园"]  # a city before its district stays


@pytest.mark.parametrize(
    "name, expected",
    [("临江市总工会", "trade_union"), ("临江市委网信办", "party"), ("临江市人社局", "government"), ("临江职业技术学院", "school"), ("临江钢铁有限公司", "company"), ("临江市家政协会", "association"), ("顺风", None)],
)
def test_org_type_from_the_rules(name, expected):
    import tomllib

    from kg.canonical import org_type
    from kg.config import ROOT

    with open(ROOT / "pipelines" / "ner.toml", "rb") as f:
        types = tomllib.load(f)["org"]["types"]
    assert org_type(name, types) == expected


def test_known_names_spread_over_the_page(gaz):
    from kg.canonical import propagate_mentions

    text = "推进“产改”。产改工作见效，省总工会牵头。"
    ms = [M("“产改”", "PROGRAMME", 2, "quote:programme"), M("省总工会", "ORG", 14)]
    ents = build_entities(ms, {}, gaz, CONV)
    new = propagate_mentions(text, ents, ms, lambda pos: "d#a1")
    # the bare 产改 becomes a mention; 省总工会 depends on its article's region and is not spread
    assert [(m.text, m.start, m.label) for m in new] == [("产改", 7, "PROGRAMME")]


def test_book_title_keeps_its_words(gaz):
    from kg.canonical import Region

    region = Region({1: "990000", 2: "990100"})
    book = Mention(0, 10, "全省工会参与试点工作措施", "PROGRAMME", "book:programme", "d#a1")
    assert canonical_name(book, region, gaz, CONV)[0] == "全省工会参与试点工作措施"
    chunk = Mention(0, 8, "全省职工技能大赛", "PROGRAMME", "chunk:programme", "d#a1")
    assert canonical_name(chunk, region, gaz, CONV)[0] == "青山省职工技能大赛"
