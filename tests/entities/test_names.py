"""kg.entities.names: canonical names (region prefixes, abbreviations, place names), the forms
an entity goes by."""
import pytest

from kg.entities.names import canonical_name, org_type, squash
from kg.entities.regions import Region
from kg.model import Mention
from kg.ner.lexicon import Division
from tests.entities.samples import CONV, M, gazetteer


@pytest.fixture
def gaz():
    return gazetteer()


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
        ("全省职工运动会", "EVENT", "青山省职工运动会"),
        ("2024年全省职工运动会", "EVENT", "2024年青山省职工运动会"),  # after a year
        ("第三届全市职工运动会", "EVENT", "第三届临江市职工运动会"),  # after an edition
        ("全省工会工作先进单位", "AWARD", "青山省工会工作先进单位"),  # an honour of the whole region
    ],
)
def test_canonical_name(gaz, surface, label, expected):
    region = Region({1: "990000", 2: "990100", 3: "990102"})
    assert canonical_name(M(surface, label), region, gaz, CONV)[0] == expected

def test_place_props_carry_code_and_level(gaz):
    name, props = canonical_name(M("临江", "PLACE"), None, gaz, CONV)
    assert (name, props) == ("临江市", {"division_code": "990100", "admin_level": "prefecture"})

def test_ambiguous_form_resolved_by_region(gaz):
    gaz.add(Division("980102", "东湖区", 3, "980100"), ["东湖"])
    assert canonical_name(M("东湖", "PLACE"), Region({1: "980000"}), gaz, CONV)[1]["division_code"] == "980102"
    assert canonical_name(M("东湖", "PLACE"), Region({1: "990000"}), gaz, CONV)[1]["division_code"] == "990102"

def test_squash():
    assert squash(" “暖‘新’集市” ") == "暖新集市"

@pytest.mark.parametrize(
    "name, expected",
    [("临江市总工会", "trade_union"), ("临江市委网信办", "party"), ("临江市人社局", "government"), ("临江职业技术学院", "school"), ("临江钢铁有限公司", "company"), ("临江市家政协会", "association"), ("顺风", None)],
)
def test_org_type_from_the_rules(name, expected):
    import tomllib

    from kg.config import ROOT

    with open(ROOT / "pipelines" / "ner.toml", "rb") as f:
        types = tomllib.load(f)["org"]["types"]
    assert org_type(name, types) == expected

def test_book_title_keeps_its_words(gaz):
    region = Region({1: "990000", 2: "990100"})
    book = Mention(0, 10, "全省工会参与试点工作措施", "PROGRAMME", "book:programme", "d#a1")
    assert canonical_name(book, region, gaz, CONV)[0] == "全省工会参与试点工作措施"
    chunk = Mention(0, 8, "全省职工技能大赛", "PROGRAMME", "chunk:programme", "d#a1")
    assert canonical_name(chunk, region, gaz, CONV)[0] == "青山省职工技能大赛"

def test_the_city_of_a_text_about_a_county_level_city_is_that_city(gaz):
    gaz.add(Division("990181", "石湾市", 3, "990100"), ["石湾"])
    # the text names the county-level city and never its prefecture: 市 is the county-level city
    about_county = Region({1: "990000", 2: "990100", 3: "990181"}, named=frozenset({"990181"}))
    assert canonical_name(M("市总工会", "ORG"), about_county, gaz, CONV)[0] == "石湾市总工会"
    assert canonical_name(M("全市职工运动会", "EVENT"), about_county, gaz, CONV)[0] == "石湾市职工运动会"
    # ... where it names the prefecture too, or the county is a district, 市 is the prefecture
    both = Region({1: "990000", 2: "990100", 3: "990181"}, named=frozenset({"990100", "990181"}))
    assert canonical_name(M("市总工会", "ORG"), both, gaz, CONV)[0] == "临江市总工会"
    district = Region({1: "990000", 2: "990100", 3: "990102"}, named=frozenset({"990102"}))
    assert canonical_name(M("市总工会", "ORG"), district, gaz, CONV)[0] == "临江市总工会"
