"""kg.entities.merge: the entities of a document, one label per name, forms of one thing merged."""
import dataclasses

import pytest

from kg.entities.merge import abbreviates, build_entities
from kg.entities.regions import Region
from tests.entities.samples import CONV, M, gazetteer


@pytest.fixture
def gaz():
    return gazetteer()


def test_build_entities_merges_forms(gaz):
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


def test_on_a_tie_the_first_mention_gives_the_label(gaz):
    ms = [M("临江职工服务e站", "PROGRAMME", 0, "chunk:programme"), M("临江职工服务e站", "PLACE", 30, "chunk:place")]
    assert [e.label for e in build_entities(ms, {}, gaz, CONV)] == ["PROGRAMME"]
    ms = [M("临江职工服务e站", "PLACE", 0, "chunk:place"), M("临江职工服务e站", "PROGRAMME", 30, "chunk:programme")]
    assert [e.label for e in build_entities(ms, {}, gaz, CONV)] == ["PLACE"]

def test_a_programme_and_a_word_of_its_kind_is_the_programme(gaz):
    ms = [M("临工惠", "PROGRAMME", 0, "chunk:programme"), M("临工惠竞赛", "PROGRAMME", 10, "chunk:programme"),
          M("青山杯竞赛", "PROGRAMME", 20, "chunk:programme")]
    ents = build_entities(ms, {}, gaz, CONV)
    assert [(e.name, sorted(e.aliases)) for e in ents] == [("临工惠", ["临工惠", "临工惠竞赛"]), ("青山杯竞赛", ["青山杯竞赛"])]

def test_a_quoted_brand_and_its_description_is_the_description_named_alone(gaz):
    ms = [M("临江职工技能提升行动", "PROGRAMME", 0, "chunk:programme"),
          M("“技能临江”临江职工技能提升行动", "PROGRAMME", 20, "quote:programme")]
    ents = build_entities(ms, {}, gaz, CONV)
    assert [(e.name, sorted(e.aliases)) for e in ents] == [
        ("技能临江临江职工技能提升行动", sorted(["技能临江", "技能临江临江职工技能提升行动", "临江职工技能提升行动"]))]

def test_a_quoted_name_with_its_head_and_with_a_longer_description_of_that_head_is_one(gaz):
    ms = [M("“法援临江”专项行动", "PROGRAMME", 0, "quote:programme"),
          M("“法援临江”法律援助专项行动", "PROGRAMME", 20, "quote:programme"),
          M("“法援临江”劳动竞赛", "PROGRAMME", 40, "quote:programme")]
    ents = build_entities(ms, {}, gaz, CONV)
    assert sorted(e.name for e in ents) == ["法援临江劳动竞赛", "法援临江法律援助专项行动"]

def test_an_edition_before_the_quote_of_the_shorter_name_ends_what_stands_before_the_longer(gaz):
    ms = [M("第二届“临江工匠”技能大赛", "EVENT", 0, "quote:event"),
          M("青山省第二届“临江工匠”职工职业技能大赛", "EVENT", 20, "quote:event"),
          M("第三届“临江工匠”技能大赛", "EVENT", 50, "quote:event")]
    ents = build_entities(ms, {}, gaz, CONV)
    # (another edition is another event)
    assert sorted(e.name for e in ents) == ["第三届临江工匠技能大赛", "青山省第二届临江工匠职工职业技能大赛"]

@pytest.mark.parametrize(
    "short, long, expected",
    [("产改", "产业工人队伍建设改革", True), ("职教集团", "职业教育集团", True), ("改产", "产业改革", False), ("产业", "产业", False)],
)
def testabbreviates(short, long, expected):
    assert abbreviates(short, long) is expected

def test_companies_keep_only_their_last_place(gaz):
    ents = build_entities([M("青山省临江市瑞信纺织有限公司", "ORG", 0)], {"d#a1": Region({1: "990000"})}, gaz, CONV)
    assert [e.name for e in ents] == ["临江市瑞信纺织有限公司"]
    ents = build_entities([M("临江东湖森林公园", "PLACE", 0)], {}, gaz, CONV)
    assert [e.name for e in ents] == ["临江东湖森林公园"]  # a city before its district stays


def test_a_description_of_its_kind_right_before_a_quoted_programme_is_that_programme(gaz):
    ms = [M("临江工会会员服务平台", "PROGRAMME", 0, "chunk:programme"), M("“临工惠”", "PROGRAMME", 10, "quote:programme"),
          M("临江工会会员服务平台", "PROGRAMME", 40, "chunk:programme")]
    ents = build_entities(ms, {}, gaz, dataclasses.replace(CONV, apposition_kinds=("平台",)))
    assert [(e.name, sorted(e.aliases)) for e in ents] == [("临工惠", sorted(["临工惠", "临江工会会员服务平台"]))]


def test_a_citys_union_is_no_short_form_of_its_districts_union(gaz):
    ms = [M("临江市总工会", "ORG", 0, "chunk:org"), M("青山省临江市东湖区总工会", "ORG", 20, "chunk:org")]
    assert sorted(e.name for e in build_entities(ms, {}, gaz, CONV)) == ["临江市总工会", "青山省临江市东湖区总工会"]
