"""kg.ner.nested: places, parents and events written inside a longer name."""
from kg.model import Mention
from kg.ner.nested import nested_mentions


def M(text, label, start=0, source="x", article="d#a1"):
    return Mention(start, start + len(text), text, label, source, article)


def test_nested_places_and_parent():
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

def test_a_site_in_the_quoted_title_inside_an_event_name_is_no_place_of_it():
    event = M("第四届“青河工匠”颁奖典礼", "EVENT", 0)
    places = [M("青河", "PLACE", 4, "chunk:place")]
    assert nested_mentions([event], places, []) == []
    event = M("青河工匠颁奖典礼", "EVENT", 0)
    assert [m.text for m in nested_mentions([event], [M("青河", "PLACE", 0, "chunk:place")], [])] == ["青河"]

def test_the_own_body_of_a_whole_company_name_belongs_to_that_company():
    org = M("临江电建集团海外投资有限公司工会", "ORG", 0)
    nested = nested_mentions([org], [], ["集团", "有限公司", "公司", "工会"], own_bodies={"工会"})
    assert [m.text for m in nested if m.label == "ORG"] == ["临江电建集团海外投资有限公司"]

def test_a_division_written_whole_holds_no_other_inside_its_name():
    place = M("青眉山", "PLACE", 0, "chunk:place")
    places = [M("青眉山", "PLACE", 0, "gazetteer"), M("眉山", "PLACE", 1, "gazetteer")]
    assert nested_mentions([place], places, []) == []
    site = M("临江市工人文化宫", "PLACE", 0, "chunk:place")
    assert [m.text for m in nested_mentions([site], [M("临江市", "PLACE", 0, "gazetteer")], [])] == ["临江市"]


def test_the_unions_of_a_region_taken_together_are_no_body_inside_an_event_name():
    from kg.config import load_settings
    from kg.ner.find import find_mentions
    from kg.ner.resources import resources_for
    from kg.ner.words import Word
    text = "恩施州总工会召开全州工会工作会议。"  # (全州 is also a county's short name)
    words = [Word(0, 6, "恩施州总工会", "ORG"), Word(6, 8, "召开", "v"), Word(8, 12, "全州工会", "ORG"), Word(12, 16, "工作会议", "n"),
             Word(16, 17, "。", "w")]
    mentions, nested, _ = find_mentions(text, words, resources_for(load_settings()))
    assert [(m.text, m.label) for m in mentions] == [("恩施州总工会", "ORG"), ("全州工会工作会议", "EVENT")]
    assert [m.text for m in nested if m.label == "ORG"] == []


def test_a_site_head_right_before_a_one_character_body_head_is_the_bodys_name():
    org = M("临江大桥局集团", "ORG", 0)
    nested = nested_mentions([org], [], ["集团", "局"], place_heads=["大桥"])
    assert [m for m in nested if m.label == "PLACE"] == []
    org = M("临江大桥管理处", "ORG", 0)
    nested = nested_mentions([org], [], ["管理处", "处"], place_heads=["大桥"])
    assert [m.text for m in nested if m.label == "PLACE"] == ["临江大桥"]


def test_the_brand_before_a_bracketed_region_of_a_company_is_its_parent():
    org = M("星河速运（临江）有限公司", "ORG", 0)
    nested = nested_mentions([org], [M("临江", "PLACE", 5, "gazetteer")], ["有限公司", "公司"], company_tails=["有限公司", "公司"])
    assert [(m.text, m.label) for m in nested if m.label == "ORG"] == [("星河速运", "ORG")]


def test_an_event_inside_a_longer_one_is_cut_inside_quotes_only_where_they_hold_the_whole_name():
    whole = M("“2024年临江安全周职工主题日活动”", "EVENT", 0)
    assert [m.text for m in nested_mentions([whole], [], [], event_heads=["安全周", "活动"])] == ["2024年临江安全周"]
    part = M("2024年青山省“技能比武月”活动", "EVENT", 0)
    assert nested_mentions([part], [], [], event_heads=["比武", "活动"]) == []
