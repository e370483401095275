"""The candidate finders, filters and resolver of kg.ner on hand-made word layers (no model needed)."""
import tomllib

import pytest

from kg.model import Mention
from kg.ner.lexicon import Division, Gazetteer, WordIndex
from kg.ner.filters import drop_collectives, drop_headless_orgs, drop_unbalanced, trim_roles
from kg.ner.finders.awards import award_mentions, qualified_awards
from kg.ner.finders.chunks import head_chunks
from kg.ner.finders.orgs import abbreviation_mentions
from kg.ner.finders.persons import context_persons, person_mentions
from kg.ner.finders.places import gazetteer_places
from kg.ner.finders.events import framed_events
from kg.ner.finders.programmes import (book_titles, coined_programmes, distributive_mentions, joined_names, parts_of_joined, pattern_mentions,
                                       slogan_programmes)
from kg.ner.finders.quotes import quoted_names
from kg.ner.resolve import resolve
from kg.ner.settings import Rules
from kg.ner.words import Word
from kg.config import ROOT


@pytest.fixture(scope="module")
def rules():
    with open(ROOT / "pipelines" / "ner.toml", "rb") as f:
        data = tomllib.load(f)
    roles = WordIndex(["主席", "副主席", "党组书记", "快递员"])
    return Rules(data, roles=roles, surnames={"王": 1, "张": 1, "黄": 1})


def words_of(*pairs):
    """Word layer from (text, tag) pairs."""
    out, pos = [], 0
    for text, tag in pairs:
        out.append(Word(pos, pos + len(text), text, tag))
        pos += len(text)
    return out


def text_of(words):
    return "".join(w.text for w in words)


@pytest.mark.parametrize(
    "pairs, label, expected",
    [
        # a union after its place, the verb before it is left out
        ([("作为", "v"), ("临江市", "LOC"), ("总工会", "n"), ("推动", "v")], "ORG", ["临江市总工会"]),
        # a department of a named organisation stays whole
        ([("全国总工会", "ORG"), ("网络", "n"), ("工作部", "n"), ("、", "w")], "ORG", ["全国总工会", "全国总工会网络工作部"]),
        # a generic union is no name
        ([("各级", "r"), ("工会", "n"), ("积极", "ad")], "ORG", []),
        # numbers start no name
        ([("建成", "v"), ("1000个", "m"), ("基层", "n"), ("工会", "n")], "ORG", []),
        # the tagger's own organisation, with a role verb glued on, is trimmed
        ([("由", "p"), ("青山市妇联承办", "ORG")], "ORG", ["青山市妇联"]),
        # a site after its place
        ([("在", "p"), ("临江市", "LOC"), ("工人", "n"), ("文化宫", "n"), ("举办", "v")], "PLACE", ["临江市工人文化宫"]),
        # an event needs an edition or a proper part: a generic competition is none
        ([("开展", "v"), ("技能", "n"), ("竞赛", "vn")], "EVENT", []),
        ([("举办", "v"), ("2024年", "TIME"), ("临江市", "LOC"), ("焊工", "n"), ("技能", "n"), ("竞赛", "vn")], "EVENT", ["2024年临江市焊工技能竞赛"]),
        # two plain nouns joined by 和 share the head; a head before 和 ends the first name
        ([("临江市", "LOC"), ("港口", "n"), ("建设", "vn"), ("劳动", "vn"), ("和", "c"), ("技能", "n"), ("竞赛", "vn"), ("被", "p")], "PROGRAMME",
         ["临江市港口建设劳动和技能竞赛"]),
        ([("临江市", "LOC"), ("劳动", "vn"), ("竞赛", "vn"), ("和", "c"), ("技能", "n"), ("竞赛", "vn"), ("被", "p")], "PROGRAMME", ["临江市劳动竞赛"]),
        ([("在", "p"), ("临江", "LOC"), ("区域", "n"), ("和", "c"), ("项目部", "n"), ("开展", "v")], "ORG", []),
        # single-character pieces of a word the tagger did not know stay inside the name
        ([("举办", "v"), ("临江市", "LOC"), ("网", "n"), ("约", "d"), ("配送", "n"), ("员", "n"), ("技能", "n"), ("大赛", "n"), ("，", "w")], "PROGRAMME",
         ["临江市网约配送员技能大赛"]),
        # award titles joined by 和 are plain nouns inside an organisation's name
        ([("创建", "v"), ("临江市", "LOC"), ("劳模", "n"), ("和", "c"), ("工匠", "n"), ("人才", "n"), ("创新工作室联盟", "vn"), ("，", "w")], "ORG",
         ["临江市劳模和工匠人才创新工作室联盟"]),
        # a name the tagger glued 等 onto ends there, and the next name does not run over it
        ([("推动", "v"), ("临江市总工会等", "ORG"), ("县市区", "n"), ("总工会", "n"), ("开展", "v")], "ORG", ["临江市总工会"]),
        ([("由", "p"), ("临江市总工会联合", "ORG"), ("市人社厅", "ORG"), ("共同", "ad")], "ORG", ["临江市总工会", "市人社厅"]),
        # a year before a standing programme dates the sentence, it is no edition
        ([("自", "p"), ("2017年", "TIME"), ("临江", "LOC"), ("产业", "n"), ("改革", "vn"), ("启动", "v")], "PROGRAMME", ["临江产业改革"]),
        # a verb of improving or caring between two nouns stays inside a programme's name
        ([("实施", "v"), ("职工", "n"), ("素质", "n"), ("提升", "v"), ("工程", "n"), ("，", "w")], "PROGRAMME", ["职工素质提升工程"]),
        # the items of a competition (竞赛项目) are the competition
        ([("列为", "v"), ("全国", "n"), ("引领性", "v"), ("竞赛", "vn"), ("项目", "n"), ("。", "w")], "PROGRAMME", ["全国引领性竞赛"]),
        # an agreement signed, named without book-title marks; one of a kind only is none
        ([("签订", "v"), ("劳动", "vn"), ("争议", "vn"), ("诉调", "n"), ("对接", "vn"), ("合作", "vn"), ("协议", "n"), ("，", "w"),
          ("签订", "v"), ("战略", "n"), ("合作", "vn"), ("协议", "n")], "PROGRAMME", ["劳动争议诉调对接合作协议"]),
        # a term of art starts a name though its first word starts none (新|就业|形态); Party
        # building leading (党建引领) stands inside a meeting's name
        ([("联合", "vd"), ("举办", "v"), ("新", "a"), ("就业", "vn"), ("形态", "n"), ("劳动者", "n"), ("党建", "n"), ("引领", "v"),
          ("座谈会", "n"), ("。", "w")], "EVENT", ["新就业形态劳动者党建引领座谈会"]),
        # a lake named after a body's name the tagger ran together with it starts after the body
        ([("临江市公安局交通管理局东山湖", "ORG"), ("分局", "n")], "PLACE", ["东山湖"]),
        # a ceremony's or report meeting's name after the verb that holds it, 了 between
        ([("举办", "v"), ("了", "u"), ("职工", "n"), ("创新", "vn"), ("成果", "n"), ("签约", "vn"), ("仪式", "n"), ("。", "w")], "EVENT",
         ["职工创新成果签约仪式"]),
        # a long programme name before the time since it runs
        ([("职工", "n"), ("素质", "n"), ("提升", "v"), ("工程", "n"), ("实施", "v"), ("以来", "f"), ("，", "w")], "PROGRAMME",
         ["职工素质提升工程"]),
        # a document a meeting hears is no part of a name (…委员会工作报告和经费审查委员会)
        ([("审议", "v"), ("临江市", "LOC"), ("总工会", "n"), ("第十届", "m"), ("委员会", "n"), ("工作报告", "n"), ("和", "c"), ("经费", "n"),
          ("审查", "vn"), ("委员会", "n"), ("工作报告", "n")], "ORG", ["临江市总工会", "临江市总工会第十届委员会"]),
    ],
)
def test_head_chunks(rules, pairs, label, expected):
    words = words_of(*pairs)
    text = text_of(words)
    places = [Mention(w.start, w.end, w.text, "PLACE", "gazetteer") for w in words if w.tag == "LOC"]
    found = sorted({m.text for m in head_chunks(text, words, rules, label, places, frozenset({"干部"}))})
    assert found == sorted(expected)


def test_person_without_a_listed_surname_needs_context(rules):
    # 佘 is not among the fixture's surnames
    words = words_of(("主席", "n"), ("佘立", "PER"), ("说", "v"), ("，", "w"), ("佘立新", "PER"), ("走", "v"),
                     ("。", "w"), ("王小川", "PER"), ("和", "c"), ("佘大海", "PER"), ("到", "v"), ("。", "w"), ("佘小山", "PER"), ("走", "v"))
    text = text_of(words)
    found = [m.text for m in person_mentions(text, words, rules)]
    # a post before it; joined to a known person; no context at all
    assert "佘立" in found and "佘大海" in found and "王小川" in found
    assert "佘立新" not in found and "佘小山" not in found


def test_a_title_or_a_post_around_a_name_marks_it(rules):
    # 佘 and 巴 are not among the fixture's surnames
    words = words_of(("全国", "n"), ("劳动模", "n"), ("范巴图", "PER"), ("发言", "v"), ("，", "w"), ("佘立新", "PER"), ("副主席", "n"),
                     ("说", "v"), ("，", "w"), ("佘小山", "PER"), ("走", "v"))
    found = [(m.start, m.text) for m in person_mentions(text_of(words), words, rules)]
    assert found == [(6, "巴图"), (11, "佘立新")]
    # a four-character name with no surname (次仁多吉) after a post
    words = words_of(("主席", "n"), ("次仁多吉", "PER"), ("出席", "v"), ("，", "w"), ("次仁多吉", "PER"))
    assert [m.start for m in person_mentions(text_of(words), words, rules)] == [2]
    # a two-character name between two names of a list
    words = words_of(("王小川", "PER"), ("、", "w"), ("佘丽", "PER"), ("、", "w"), ("王大海", "PER"), ("当选", "v"))
    assert sorted(m.text for m in person_mentions(text_of(words), words, rules)) == sorted(["王小川", "佘丽", "王大海"])
    # a word ending in a programme's head is a brand, no person (齐鲁工惠)
    words = words_of(("王临工惠", "PER"), ("上线", "v"))
    assert person_mentions(text_of(words), words, rules) == []


def test_a_name_read_after_a_post_ends_where_a_word_of_what_follows_begins(rules):
    # (李伟|正在: 正在 begins at the third character, so the name has two)
    assert [m.text for m in context_persons("快递员王伟正在给电动车充电。", rules)] == ["王伟"]
    assert [m.text for m in context_persons("快递员王大海在驿站休息。", rules)] == ["王大海"]


def test_person_cut_short_takes_the_longer_name_of_the_page(rules):
    words = words_of(("职工", "n"), ("黄世", "PER"), ("刚", "d"), ("说", "v"), ("，", "w"), ("让", "v"), ("黄世刚", "PER"), ("和", "c"))
    found = [(m.start, m.text) for m in person_mentions(text_of(words), words, rules)]
    assert found == [(2, "黄世刚"), (8, "黄世刚")]


def test_a_campaign_name_may_hold_a_verb_a_place_name_may_not(rules):
    words = words_of(("劳模", "n"), ("工匠", "n"), ("走进", "v"), ("临江市", "LOC"), ("宣讲", "vn"), ("活动", "n"), ("，", "w"),
                     ("职工", "n"), ("走进", "v"), ("临江市", "LOC"), ("工人", "n"), ("文化宫", "n"))
    text = text_of(words)
    found = {(m.text, m.label) for m in head_chunks(text, words, rules)}
    assert ("劳模工匠走进临江市宣讲活动", "EVENT") in found
    assert ("临江市工人文化宫", "PLACE") in found and not any(t.startswith("职工走进") for t, _ in found)


def test_common_word_ending_like_a_head_is_no_name(rules):
    words = words_of(("临江市", "LOC"), ("工会", "n"), ("干部", "n"))
    text = text_of(words)
    found = [m.text for m in head_chunks(text, words, rules, "ORG", [], frozenset({"干部"}))]
    assert "临江市工会干部" not in found


def test_a_head_written_over_several_words_ends_a_name_whatever_its_last_word(rules):
    # 大厅 alone is a common word ending like 厅; 网上|服务|大厅 is a programme's head
    words = words_of(("开通", "v"), ("临江工会", "ORG"), ("网上", "s"), ("服务", "vn"), ("大厅", "n"), ("。", "w"))
    found = [(m.text, m.label) for m in head_chunks(text_of(words), words, rules, None, [], frozenset({"大厅"}))]
    assert ("临江工会网上服务大厅", "PROGRAMME") in found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("大力开展“青松杯”竞赛，", [("“青松杯”竞赛", "PROGRAMME")]),
        ("推出“暖心驿站”，", [("“暖心驿站”", "PROGRAMME")]),
        ("举办“2024年临江市职工运动会”。", [("“2024年临江市职工运动会”", "EVENT")]),
        ("荣获“最美职工”称号", [("“最美职工”", "AWARD")]),  # a quoted title after a conferment verb
        ("等5家单位“临江工人先锋号”称号", [("“临江工人先锋号”", "AWARD")]),  # 称号 says it is a title
        ("公布“青山大工匠”名单，", [("“青山大工匠”", "AWARD")]),  # a region's 大工匠 in quotes
        ("命名临江书屋等30个单位为“市级职工书屋示范点”", [("“市级职工书屋示范点”", "AWARD")]),  # a count of holders
        ("他说：“工会就是我们的家。”", []),  # a saying
        ("这是“加油站”。", []),  # a metaphor with no programme verb or head
        ("以“安全生产、技能提升、关爱帮扶”工作为重点", []),  # a list of fields of work
        ("提升服务、创新的“三种本领”，坚持", []),  # a count of things describes
        ("推动数据保护的“群众智慧”，营造", []),  # described after 的, but no programme head
        ("打造线上线下相融合的“暖心集市”，", [("“暖心集市”", "PROGRAMME")]),
        ("利用“线上+线下”模式培训", []),  # a manner of working
        # a code in quotes is named with the words before it
        ("按照安全宣传“12351”计划，组织", [("安全宣传“12351”计划", "PROGRAMME")]),
        # an edition before the quote makes a competition an event
        ("承办了第五届“临江工匠”技能大赛。", [("第五届“临江工匠”技能大赛", "EVENT")]),
        # a fund set up under a quoted name, after a programme verb and 了
        ("设立了“临江职工法律援助基金”。", [("“临江职工法律援助基金”", "PROGRAMME")]),
        # a title conferred after 为, whatever it ends with
        ("命名张三、李四等20人为“临江工匠之星”。", [("“临江工匠之星”", "AWARD")]),
        # an edition before a whole event's name in quotes is part of it
        ("举办第四届“青山工匠创新交流大会”。", [("第四届“青山工匠创新交流大会”", "EVENT")]),
        # a quote after the kind of thing it names, in a clause a programme verb opens
        ("率先推出网约配送员专属职工互助保障产品“星河骑手保”。", [("“星河骑手保”", "PROGRAMME")]),
        ("这是一款产品“星河骑手保”。", []),
        # a quoted name listed right after a programme is one too
        ("持续推进“临江惠工”“青山带青货”等服务项目", [("“临江惠工”", "PROGRAMME"), ("“青山带青货”", "PROGRAMME")]),
        # ... also where each item has words of its own after its quote
        ("推出“临工惠”普惠服务、“工会有我”线上课堂和“职工有约”心理疏导，",
         [("“临工惠”", "PROGRAMME"), ("“工会有我”", "PROGRAMME"), ("“职工有约”", "PROGRAMME")]),
        ("推出“临工惠”、“工会有我”线上课堂，", [("“临工惠”", "PROGRAMME"), ("“工会有我”", "PROGRAMME")]),
        ("他说“谢谢”大家、“再见”朋友们。", []),
        # an item the quote is only about (“两癌”筛查) is no programme of the list
        ("推出“三高”筛查、“职工小屋”建设等六项举措", [("“职工小屋”", "PROGRAMME")]),
        ("围绕“打造全市智慧工会统一工作平台”等任务", []),  # a task set
        ("推行“法院+工会”机制，", [("“法院+工会”机制", "PROGRAMME")]),
        # a count of sites after the quoted name built (建成“X”42个): a brand of sites
        ("已建成“司机小屋”42个", [("“司机小屋”", "PROGRAMME")]),
        ("全省已建成“妈咪小屋”1200余家", [("“妈咪小屋”", "PROGRAMME")]),  # an approximate count
        # a series of activities with no edition is a standing programme, dated sentence or not
        ("今年，推出了“临江惠享”系列优惠活动，", [("“临江惠享”系列优惠活动", "PROGRAMME")]),
        # a quoted name with no head spoken of as a thing run or used
        ("“暖心同行”上线以来，", [("“暖心同行”", "PROGRAMME")]),
        ("“暖心同行”自2021年正式上线，", [("“暖心同行”", "PROGRAMME")]),
        ("市总工会推出的“暖心同行”深受职工欢迎。", [("“暖心同行”", "PROGRAMME")]),
        ("依托“暖心同行”为职工提供普惠服务。", [("“暖心同行”", "PROGRAMME")]),
        ("职工可在“暖心同行”上申请帮扶。", [("“暖心同行”", "PROGRAMME")]),
        ("推出“暖心同行”为职工提供服务。", [("“暖心同行”", "PROGRAMME")]),
        ("他说“暖心同行”是一句口号。", []),
        # after a verb of running, whatever follows; not an open formula or a code
        ("推出“法援临江”职工法律援助服务品牌，", [("“法援临江”", "PROGRAMME")]),
        ("推进“互联网+”工会服务", []),
        ("持续推进“临江惠工”和“青山带青货”，", [("“临江惠工”", "PROGRAMME"), ("“青山带青货”", "PROGRAMME")]),
        # a word of recurrence makes a quoted activity a standing campaign, dated sentence or not
        ("3月5日，会议要求持续开展“我为职工办实事”实践活动，", [("“我为职工办实事”实践活动", "PROGRAMME")]),
        ("3月5日，市总工会开展“我为职工办实事”实践活动，", [("“我为职工办实事”实践活动", "EVENT")]),
        # ... and so does one after the name, in a clause the name opens
        ("据介绍，“青山工匠”选树活动已连续开展五年。", [("“青山工匠”选树活动", "PROGRAMME")]),
        ("“青山杯”竞赛自2019年起每年举办一次，", [("“青山杯”竞赛", "PROGRAMME")]),
        ("9月1日，他说“青山工匠”选树活动已连续开展五年。", [("“青山工匠”选树活动", "EVENT")]),
        # a school a body runs under a quoted name is a training brand; its opening ceremony an event
        ("依托职业学院成立“临江工匠学院”，", [("“临江工匠学院”", "PROGRAMME")]),
        ("打造“青山工匠”学院，", [("“青山工匠”学院", "PROGRAMME")]),
        ("9月15日，举办“青山工匠”学院揭牌仪式。", [("“青山工匠”学院揭牌仪式", "EVENT")]),
        # a year of an edition may be written 年度
        ("日前，开展2024年度“青山工匠”选树活动，", [("2024年度“青山工匠”选树活动", "EVENT")]),
        # a project of a kind a union runs, not a works site; a way of working together
        ("总结了女职工“两癌”筛查公益项目的开展情况", [("“两癌”筛查公益项目", "PROGRAMME")]),
        ("建立“工会+仲裁”联合调解机制。", [("“工会+仲裁”联合调解机制", "PROGRAMME")]),
        ("推行“职工健康小屋”建设，", [("“职工健康小屋”", "PROGRAMME")]),  # the building of it
        ("他说“健康小屋”建设得好，", []),
        # a working method or product after a short description of it
        ("推出“李大姐”调解工作法，", [("“李大姐”调解工作法", "PROGRAMME")]),
        ("推出“临工贷”金融产品，", [("“临工贷”金融产品", "PROGRAMME")]),
        # a theme word and a short description before the head (“X”主题宣传活动)
        ("近日，举办“工会进万家”主题宣传活动，", [("“工会进万家”主题宣传活动", "EVENT")]),
        # a quoted activity its sentence does not date is a standing campaign (开展“金秋助学”活动)
        ("每到秋季，市总工会开展“金秋助学”活动，", [("“金秋助学”活动", "PROGRAMME")]),
        # the meeting or ceremony held for what the head names is the name's end
        ("“青山杯”劳动竞赛推进会召开", [("“青山杯”劳动竞赛推进会", "EVENT")]),
        ("举办“工会进万家”主题宣传活动启动仪式，", [("“工会进万家”主题宣传活动启动仪式", "EVENT")]),
        ("他说“谢谢”3次", []),
        # a described tail is of the kind of the head it ends with
        ("举办“青春向党”劳模大讲堂进社区宣讲6场", [("“青春向党”劳模大讲堂进社区宣讲", "EVENT")]),
    ],
)
def test_quoted_names(rules, text, expected):
    assert [(m.text, m.label) for m in quoted_names(text, rules)] == expected


def test_a_quoted_card_is_a_programme_and_a_preposition_after_it_opens_no_body(rules):
    """“X卡”由A发行: the card is a programme; the words after the quote up to 总工会 hold a
    preposition, so they name no body “X卡”由A."""
    words = words_of(("“", "w"), ("临江工惠卡", "nz"), ("”", "w"), ("由", "p"), ("临江市总工会", "ORG"), ("发行", "v"), ("。", "w"))
    assert [(m.text, m.label) for m in quoted_names(text_of(words), rules, words=words)] == [("“临江工惠卡”", "PROGRAMME")]
    assert quoted_names("“卡”", rules) == []  # the head word alone names nothing


def test_an_honour_conferred_at_an_occasion_joined_by_ji_names_the_event(rules):
    text = "2024年青山省“临江工匠”命名表彰暨职工创新成果展示活动在临江举行，“临江工匠”暨其他"
    cands = [Mention(5, 8, "青山省", "PLACE", "gazetteer"), Mention(8, 14, "“临江工匠”", "AWARD", "quote:award")]
    found = [(m.text, m.label) for m in joined_names(text, rules, cands)]
    assert found == [("2024年青山省“临江工匠”命名表彰暨职工创新成果展示活动", "EVENT")]
    # an honour right before 暨, with no act of the occasion between, joins nothing
    cands = [Mention(38, 44, "“临江工匠”", "AWARD", "quote:award")]
    assert joined_names(text, rules, cands) == []


def test_a_one_character_head_inside_a_longer_word_is_no_head(rules):
    words = words_of(("依托", "v"), ("“", "w"), ("临江之家", "nz"), ("”", "w"), ("网上", "n"), ("服务", "vn"), ("平台", "n"),
                     ("，", "w"), ("开通", "v"), ("“", "w"), ("临江工会", "nz"), ("”", "w"), ("网", "n"), ("，", "w"))
    found = [(m.text, m.label) for m in quoted_names(text_of(words), rules, words=words)]
    assert found == [("“临江之家”网上服务平台", "PROGRAMME"), ("“临江工会”网", "PROGRAMME")]


def test_a_numbered_quoted_name_takes_the_field_before_it(rules):
    words = words_of(("对接", "v"), ("智能", "n"), ("制造", "vn"), ("“", "w"), ("一号", "m"), ("工程", "n"), ("”", "w"), ("，", "w"),
                     ("实施", "v"), ("“", "w"), ("二号", "m"), ("工程", "n"), ("”", "w"))
    found = [(m.text, m.label) for m in quoted_names(text_of(words), rules, words=words)]
    assert found == [("智能制造“一号工程”", "PROGRAMME"), ("“二号工程”", "PROGRAMME")]


@pytest.mark.parametrize(
    "text, places, expected",
    [
        ("获评全国五一劳动奖章", [], ["全国五一劳动奖章"]),
        ("被评为青山省劳动模范", [("青山省", 3, 6)], ["青山省劳动模范"]),
        ("一名三八红旗手", [], ["三八红旗手"]),
        ("获得一等奖", [], []),
        # an honour's modifiers between its place and its title word (五一, 巾帼)
        ("表彰青山省五一巾帼标兵岗和青山省五一巾帼标兵", [("青山省", 2, 5), ("青山省", 13, 16)],
         ["青山省五一巾帼标兵岗", "青山省五一巾帼标兵"]),
        ("培养青年工匠", [], []),  # a modifier and a bare title word with no scope name no honour
        ("表彰了一批先进集体和先进个人", [], []),  # kinds of honoured, no title
        ("获评青山省工人先锋号", [("青山省", 2, 5)], ["青山省工人先锋号"]),  # a team's honour
        ("获评青山省女职工建功立业示范岗", [("青山省", 2, 5)], []),  # words between that are no modifier: no bare 示范岗
        ("建立了青山省劳模工匠人才库", [("青山省", 3, 6)], []),  # 劳模工匠 a compound: no honour
    ],
)
def test_award_mentions(rules, text, places, expected):
    ps = [Mention(a, b, t, "PLACE", "gazetteer") for t, a, b in places]
    assert [m.text for m in award_mentions(text, rules, ps)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("表彰青山省优秀工会工作者", ["青山省优秀工会工作者"]),
        ("建成全国职工书屋示范点186家", ["全国职工书屋示范点"]),  # the field between scope and title
        ("确定为省级产改示范企业", []),  # a level of designation
        ("建成职工书屋示范点", []),  # no scope
        # an honoured body: a qualifier, its kind and a body's head (the chunk reads a body)
        ("命名青山省示范性劳模和工匠人才创新工作室50家", ["青山省示范性劳模和工匠人才创新工作室"]),
        ("建成劳模和工匠人才创新工作室56家", []),  # no qualifier, no scope: the body itself
        # a field of work between the scope and the qualifier
        ("表彰了2024年度全省工会工作先进单位，", ["全省工会工作先进单位"]),
        ("表彰了工会工作先进单位，", []),  # no scope
    ],
)
def test_qualified_and_field_awards(rules, text, expected):
    places = [Mention(2, 5, "青山省", "PLACE", "gazetteer")] if "青山省" in text else []
    assert [m.text for m in qualified_awards(text, rules, places)] == expected


def test_person_mentions_checks_surname_and_byline(rules):
    words = words_of(("记者", "n"), ("黄小明", "PER"), ("和", "c"), ("刘师傅", "PER"), ("、", "w"), ("欧阳", "PER"))
    text = text_of(words)
    found = person_mentions(text, words, rules, bylines=[(2, 5, "黄小明")])
    assert {(m.text, m.source) for m in found} == {("黄小明", "byline"), ("黄小明", "lac:PER")}


@pytest.mark.parametrize(
    "text, places, expected",
    [
        ("临江市总近年来", [("临江市", 0, 3)], ["临江市总"]),
        ("市总还推出", [], ["市总"]),
        ("市总工会", [], []),
        ("全市总量", [], []),
    ],
)
def test_abbreviation_mentions(rules, text, places, expected):
    ps = [Mention(a, b, t, "PLACE", "gazetteer") for t, a, b in places]
    assert [m.text for m in abbreviation_mentions(text, rules, ps)] == expected


def test_gazetteer_places_finds_every_form():
    g = Gazetteer()
    g.add(Division("990000", "青山省", 1), ["青山"])
    idx = WordIndex(g.forms)
    found = [(m.start, m.text) for m in gazetteer_places("在青山省青山", g, idx, set())]
    assert found == [(1, "青山"), (1, "青山省"), (4, "青山")]


def test_resolve_prefers_longer_then_priority(rules):
    a = Mention(0, 6, "临江市总工会", "ORG", "chunk:org")
    b = Mention(0, 3, "临江市", "PLACE", "gazetteer")
    c = Mention(6, 8, "王五", "PERSON", "lac:PER")
    d = Mention(6, 8, "王五", "PERSON", "byline")
    assert [(m.text, m.source) for m in resolve([b, a, c, d], rules.priority)] == [("临江市总工会", "chunk:org"), ("王五", "byline")]


def test_distributive_list_of_kinds_names_nothing(rules):
    assert distributive_mentions("在建筑、水利、交通等重点工程项目推进建会", rules) == []


def test_distributive_lists(rules):
    text = "深入实施凝心铸魂、匠心传承、暖心服务等“三心工程”。"
    found = [(m.text, m.source) for m in distributive_mentions(text, rules)]
    assert found == [("凝心铸魂", "distributive:工程"), ("匠心传承", "distributive:工程"), ("暖心服务", "distributive:工程")]


def test_a_described_list_is_no_programme(rules):
    assert distributive_mentions("推动甲坝、乙站、丙路等一批标志性工程建成", rules) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("打造了“青山技工”“临江工匠”等一批工作品牌。", [("“青山技工”", "PROGRAMME"), ("“临江工匠”", "PROGRAMME")]),
        ("“快送达”快递员王五说", [("快送达", "ORG")]),
        # a quoted theme of a one-off activity is an event, dated or not
        ("开展“惠民暖心”公益体检活动。", [("“惠民暖心”公益体检活动", "EVENT")]),
        ("8月2日，开展“惠民暖心”公益体检活动。", [("“惠民暖心”公益体检活动", "EVENT")]),
    ],
)
def test_quoted_names_in_context(rules, text, expected):
    assert [(m.text, m.label) for m in quoted_names(text, rules)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a quoted theme before a kind of one-off activity is an event, dated or not
        ("开展了“清风送暖，情系工友”慰问活动。", [("“清风送暖，情系工友”慰问活动", "EVENT")]),
        ("开展“讲好劳动故事”演讲比赛、", [("“讲好劳动故事”演讲比赛", "EVENT")]),
        # before a series head it stays a programme unless dated
        ("开展“青松杯”劳动和技能竞赛，", [("“青松杯”劳动和技能竞赛", "PROGRAMME")]),
    ],
)
def test_quoted_theme_of_one_off_activity(rules, text, expected):
    assert [(m.text, m.label) for m in quoted_names(text, rules)] == expected


def test_headless_organisation_chunks_need_support(rules):
    text = "临江大桥局和临江。打造新时代产业。星河快递员王五说。星河、月湾等企业。青山职业教育中心新能源汽修"
    def org(s):
        a = text.index(s)
        return Mention(a, a + len(s), s, "ORG", "chunk:org")
    candidates = [org("临江大桥局"), org("临江"), org("新时代"), org("星河"), org("月湾"), org("青山职业教育中心新能源")]
    kept = [m.text for m in drop_headless_orgs(text, candidates, rules)]
    # a parent name, a post after it, a list vouch; a fragment goes; a head inside cuts the chunk
    assert kept == ["临江大桥局", "临江", "星河", "月湾", "青山职业教育中心"]
    assert "新时代" in [m.text for m in drop_headless_orgs(text, candidates, rules, frozenset({"新时代"}))]
    # the first words of a quoted name are no body, however often the page writes them
    text = "推出“星河骑手保”。“星河骑手保”由星河、月湾推出。"
    cands = [Mention(a, a + 2, "星河", "ORG", "chunk:org") for a in (3, 11, 18)]
    assert [m.start for m in drop_headless_orgs(text, cands, rules)] == [18]


def test_book_titles_name_plans_not_laws(rules):
    text = "印发《临江市职工技能提升三年行动计划（2024—2026年）》，学习《临江市职工权益保障条例》，发出《共建数字工会倡议书》"
    assert [(m.text, m.label) for m in book_titles(text, rules)] == [
        ("临江市职工技能提升三年行动计划", "PROGRAMME"), ("共建数字工会倡议书", "PROGRAMME")]
    assert [m.text for m in book_titles("印发《临江市职工技能提升三年行动》", rules)] == ["临江市职工技能提升三年行动"]


def test_coined_brand_needs_repetition_and_a_naming_noun(rules):
    def layer(*pairs):
        return words_of(*pairs)
    once = layer(("建成", "v"), ("青鸟", "n"), ("驿站", "n"), ("。", "w"))
    assert coined_programmes(text_of(once), once, rules) == []
    thrice = layer(*[p for _ in range(3) for p in (("推进", "v"), ("青鸟", "n"), ("驿站", "n"), ("，", "w"))])
    assert [m.text for m in coined_programmes(text_of(thrice), thrice, rules)] == ["青鸟驿站"] * 3
    described = layer(*[p for _ in range(3) for p in (("推进", "v"), ("爱心", "n"), ("驿站", "n"), ("，", "w"))])
    assert coined_programmes(text_of(described), described, rules) == []


def test_party_congress_pattern(rules):
    assert [(m.text, m.label) for m in pattern_mentions("党的二十大代表", rules)] == [("党的二十大", "EVENT")]
    assert [m.text for m in pattern_mentions("学习党的二十届三中全会精神", rules)] == ["党的二十届三中全会"]
    assert [m.text for m in pattern_mentions("十四届全国人大二次会议和全国政协十四届二次会议", rules)] == [
        "十四届全国人大二次会议", "全国政协十四届二次会议"]


def test_a_hotline_known_by_its_number_is_a_programme(rules):
    found = [(m.text, m.label) for m in pattern_mentions("开通12351职工服务热线，拨打123456789热线", rules)]
    assert found == [("12351职工服务热线", "PROGRAMME")]


def test_national_strategies_are_programmes_named_after_the_verb_serving_them(rules):
    text = "助力青山地区双城经济圈建设，以推动高质量发展建设共同富裕示范区为主线，推进国家级示范区建设，助力乡村振兴"
    found = [(m.text, m.source) for m in pattern_mentions(text, rules)]
    assert found == [("乡村振兴", "strategy:programme"), ("青山地区双城经济圈建设", "strategy:programme"),
                     ("高质量发展建设共同富裕示范区", "strategy:programme")]
    # a zone of a level only, and a general aim, name no strategy
    assert pattern_mentions("推进国家级示范区建设，推动区域协同发展", rules) == []


def test_collectives_and_posts_are_cut(rules):
    places = [Mention(0, 2, "青山", "PLACE", "gazetteer")]
    cands = [Mention(0, 4, "青山工会", "ORG", "chunk:org"), Mention(5, 11, "临江钢铁集团", "ORG", "chunk:org")]
    assert [m.text for m in drop_collectives(cands, places, rules)] == ["临江钢铁集团"]
    cands = [Mention(0, 6, "临江两市工会", "ORG", "chunk:org"), Mention(7, 13, "临江市场监管局", "ORG", "chunk:org")]
    assert [m.text for m in drop_collectives(cands, [], rules)] == ["临江市场监管局"]
    # the unions of a region of several provinces
    assert drop_collectives([Mention(0, 5, "长三角工会", "ORG", "chunk:org")], [], rules) == []
    text = "顺风快递员王五"
    trimmed = trim_roles(text, [Mention(0, 4, "顺风快递", "ORG", "lac:ORG")], rules)
    assert [m.text for m in trimmed] == ["顺风"]
    # a post that begins with a body's head: cut after the head when nothing before it is a body
    text = "临江市网约车行业党组书记王五，临江市总工会党组书记赵六"
    cands = [Mention(0, 10, "临江市网约车行业党组", "ORG", "chunk:org"), Mention(15, 23, "临江市总工会党组", "ORG", "chunk:org")]
    assert [m.text for m in trim_roles(text, cands, rules)] == ["临江市网约车行业党组", "临江市总工会"]


def test_a_name_cut_inside_brackets_or_quotes_is_no_name(rules):
    text = "福州市于山风景名胜公园管理处（厦门国际银行）职工服务e站，国家会展中心（天津）举办“技能大赛"
    cut = [Mention(0, 21, text[0:21], "ORG", "head_chunk"),  # opens （ and stops before ）
           Mention(15, 28, text[15:28], "ORG", "head_chunk"),  # closes ） it did not open
           Mention(29, 39, text[29:39], "PLACE", "head_chunk"),  # whole: 国家会展中心（天津）
           Mention(41, 46, text[41:46], "EVENT", "quoted")]  # an opening quote only
    assert [m.text for m in drop_unbalanced(cut, rules)] == ["国家会展中心（天津）"]


def test_an_events_topic_nouns_after_its_edition_and_scope_are_in_its_name(rules):
    """2023年全省|职工|“五小”创新大赛: the nouns between the scope and the quote belong to the
    event's name; a verb there does not (全市工会开展“X”活动 is no 全市工会开展…)."""
    words = words_of(("2023年", "TIME"), ("全省", "n"), ("职工", "n"), ("“", "w"), ("五小", "nz"), ("”", "w"), ("创新大赛", "n"), ("举行", "v"))
    assert [(m.text, m.label) for m in quoted_names(text_of(words), rules, words=words)] == [("2023年全省职工“五小”创新大赛", "EVENT")]
    words = words_of(("全市", "n"), ("工会", "n"), ("开展", "v"), ("“", "w"), ("送清凉", "nz"), ("”", "w"), ("慰问活动", "n"), ("。", "w"))
    assert [m.text for m in quoted_names(text_of(words), rules, words=words)] == ["“送清凉”慰问活动"]


@pytest.mark.parametrize(
    "pairs, expected",
    [
        # a campaign named by a phrase with a verb and its object
        ((("深化", "v"), ("新", "a"), ("就业", "vn"), ("形态", "n"), ("劳动者", "n"), ("建", "v"), ("会", "v"), ("入", "v"),
          ("会", "v"), ("集中", "vd"), ("行动", "v"), ("，", "w")), ["新就业形态劳动者建会入会集中行动"]),
        # a general activity is shorter, and has no verb before its last words
        ((("开展", "v"), ("工资", "n"), ("集体", "n"), ("协商", "v"), ("要约", "n"), ("活动", "n"), ("。", "w")), []),
        ((("开展", "v"), ("职工", "n"), ("思想", "n"), ("政治", "n"), ("理论", "n"), ("引领", "v"), ("活动", "n"), ("。", "w")), []),
        # the run must end at a pause: a name that goes on is another finder's
        ((("开展", "v"), ("劳模", "n"), ("工匠", "n"), ("走进", "v"), ("校园", "n"), ("宣讲", "vn"), ("活动", "n"), ("试点", "n"),
          ("。", "w")), []),
    ],
)
def test_slogan_programmes(rules, pairs, expected):
    words = words_of(*pairs)
    assert [m.text for m in slogan_programmes(text_of(words), words, rules)] == expected


def test_a_meeting_name_may_join_two_topics_with_yu(rules):
    # the tagger reads 与 as a preposition: it joins two plain nouns inside the name
    words = words_of(("主办", "v"), ("的", "u"), ("全省", "n"), ("技能", "n"), ("人才", "n"), ("评价", "vn"), ("与", "p"), ("职工", "n"),
                     ("技能", "n"), ("提升", "vn"), ("现场", "s"), ("推进", "v"), ("会", "v"), ("在", "p"))
    found = [(m.text, m.label) for m in head_chunks(text_of(words), words, rules)]
    assert ("全省技能人才评价与职工技能提升现场推进会", "EVENT") in found


def test_a_place_before_a_quoted_series_starts_the_events_name(rules):
    words = words_of(("7月15日", "TIME"), ("，", "w"), ("青山省", "LOC"), ("“", "w"), ("临江", "LOC"), ("工匠杯", "n"), ("”", "w"), ("工业机器人", "nz"),
                     ("职业", "n"), ("技能", "n"), ("竞赛", "vn"), ("总决赛", "n"), ("在", "p"))
    text = text_of(words)
    places = [Mention(6, 9, "青山省", "PLACE", "gazetteer")]
    found = [(m.text, m.label) for m in head_chunks(text, words, rules, None, places)]
    assert ("青山省“临江工匠杯”工业机器人职业技能竞赛总决赛", "EVENT") in found


def test_a_meeting_named_for_studying_the_partys_plenum_is_named_whole(rules):
    words = words_of(("召开", "v"), ("学习", "v"), ("贯彻", "v"), ("党", "n"), ("的", "u"), ("二十届", "m"), ("三中", "nz"),
                     ("全会", "n"), ("精神", "n"), ("宣讲", "vn"), ("报告会", "n"), ("。", "w"))
    found = [(m.text, m.label) for m in head_chunks(text_of(words), words, rules)]
    assert ("学习贯彻党的二十届三中全会精神宣讲报告会", "EVENT") in found


def test_an_anniversary_celebrated_opens_an_a_ji_b_meeting(rules):
    text = "，庆祝临江市总工会成立70周年暨新时代工会工作座谈会在临江召开。"
    found = [(m.text, m.label) for m in joined_names(text, rules, [])]
    assert found == [("庆祝临江市总工会成立70周年暨新时代工会工作座谈会", "EVENT")]


def test_a_word_of_acting_together_the_tagger_marks_as_a_body_is_none(rules):
    words = words_of(("市总工会", "ORG"), ("将", "d"), ("联合", "ORG"), ("市人社局", "ORG"), ("开展", "v"))
    found = [m.text for m in head_chunks(text_of(words), words, rules)]
    assert "联合" not in found and "市人社局" in found


def test_a_youth_league_committee_is_a_body_by_its_head_alone(rules):
    words = words_of(("省总工会", "ORG"), ("、", "w"), ("团", "n"), ("省委", "ORG"), ("、", "w"), ("省妇联", "ORG"))
    found = [m.text for m in head_chunks(text_of(words), words, rules)]
    assert "团省委" in found


def test_a_place_before_a_quoted_first_title_and_a_studied_spirit_open_an_a_ji_b_name(rules):
    text = "，青山“临江工匠”培育工程暨职工技能提升行动推进会召开。青山省学习贯彻中国工会十八大精神暨改革工作推进会召开。"
    cands = [Mention(3, 13, "“临江工匠”培育工程", "PROGRAMME", "quote:programme")]
    places = [Mention(1, 3, "青山", "PLACE", "gazetteer")]
    found = [m.text for m in joined_names(text, rules, cands + places)]
    assert found == ["青山“临江工匠”培育工程暨职工技能提升行动推进会", "青山省学习贯彻中国工会十八大精神暨改革工作推进会"]


def test_a_quoted_name_opening_a_longer_first_title_joins_the_second_title_found_on_its_own(rules):
    text = "日前，启动“暖心行”户外职工关爱服务活动暨“夏送清凉”活动走进环卫服务站，送去清凉。"
    cands = [Mention(5, 10, "“暖心行”", "PROGRAMME", "quote:programme"), Mention(21, 29, "“夏送清凉”活动", "EVENT", "quote:event")]
    joined = joined_names(text, rules, cands)
    # the second title ends where the name found there ends, not at the last head of the clause
    assert [(m.text, m.label) for m in joined] == [("“暖心行”户外职工关爱服务活动暨“夏送清凉”活动", "EVENT")]
    # a campaign its sentence says recurs is a standing one, and so are its parts run alone
    text = "市总工会常态化开展“暖心行”户外职工关爱服务活动暨“夏送清凉”活动。“夏送清凉”活动将持续到9月底。"
    cands = [Mention(9, 14, "“暖心行”", "PROGRAMME", "quote:programme"), Mention(25, 33, "“夏送清凉”活动", "EVENT", "quote:event"),
             Mention(34, 42, "“夏送清凉”活动", "EVENT", "quote:event")]
    joined = joined_names(text, rules, cands)
    assert [(m.text, m.label) for m in joined] == [("“暖心行”户外职工关爱服务活动暨“夏送清凉”活动", "PROGRAMME")]
    assert [m.label for m in parts_of_joined(cands, joined)] == ["PROGRAMME", "PROGRAMME", "PROGRAMME"]


def test_a_body_before_a_reform_it_runs_is_no_part_of_the_reforms_name(rules):
    words = words_of(("全国总工会", "ORG"), ("产业", "n"), ("工人", "n"), ("队伍", "n"), ("建设", "vn"), ("改革", "vn"), ("调研组", "n"),
                     ("赴", "v"))
    found = [(m.text, m.label) for m in head_chunks(text_of(words), words, rules) if m.label == "PROGRAMME"]
    assert found == [("产业工人队伍建设改革", "PROGRAMME")]


def test_a_quoted_body_takes_the_body_it_belongs_to_written_before_it(rules):
    words = words_of(("，", "w"), ("临江", "LOC"), ("重工", "n"), ("公司", "n"), ("“", "w"), ("金牌", "n"), ("工匠", "n"), ("”", "w"),
                     ("创新", "vn"), ("工作室", "n"), ("成立", "v"))
    found = [(m.text, m.label) for m in quoted_names(text_of(words), rules, words=words)]
    assert found == [("临江重工公司“金牌工匠”创新工作室", "ORG")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the subject of the verb that holds the occasion, a list in it
        ("近日，临江市快递员、外卖送餐员等新就业形态劳动者集中入会仪式在市工人文化宫举行。",
         ["临江市快递员、外卖送餐员等新就业形态劳动者集中入会仪式"]),
        ("9月1日，临江市“暖心”行动启动仪式日前在文化宫隆重举行。", ["临江市“暖心”行动启动仪式"]),
        # what follows the verb and 的
        ("在线上举行的临江市货车司机、家政服务员专场招聘会上，", ["临江市货车司机、家政服务员专场招聘会"]),
        # a body as the subject, or a name with no event head, names no occasion
        ("近日，临江市总工会在文化宫举行仪式。", []),
        ("近日，临江市快递员、外卖送餐员代表在文化宫举行座谈。", []),
        # a quote the name opens and does not close
        ("，“暖心”行动启动仪式，“我们在现场举行", []),
    ],
)
def test_framed_events(rules, text, expected):
    assert [m.text for m in framed_events(text, rules)] == expected
