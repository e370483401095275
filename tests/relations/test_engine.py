"""Each relation rule kind on hand-made scenes: text, mentions and entities written here."""
import tomllib

import pytest

from kg.model import Article, Entity, Mention, Normalized
from kg.ner.lexicon import Division, Gazetteer, WordIndex
from kg.ner.tagger import sentence_spans
from kg.config import RELATIONS, ROOT
from kg.relations.engine import extract_relations, load_rule_set
from kg.relations.rules import make_rule
from kg.relations.scene import Scene


@pytest.fixture(scope="module")
def rules():
    with open(ROOT / "pipelines" / "relations.toml", "rb") as f:
        return tomllib.load(f)


def scene(text, marks, nested=(), places=(), props=None):
    """A scene of ``text`` whose mentions are the first occurrences (after the previous
    mark) of each (surface, label) in ``marks``; the entity of a mention is its surface."""
    gaz = Gazetteer()
    gaz.add(Division("990000", "青山省", 1), ["青山"])
    gaz.add(Division("990100", "临江市", 2, "990000"), ["临江"])
    mentions, pos = [], 0
    for surface, label in marks:
        i = text.index(surface, pos)
        mentions.append(Mention(i, i + len(surface), surface, label, "test", "d#a1"))
        pos = i + len(surface)
    nested_ms = []
    for surface, label, start in nested:
        nested_ms.append(Mention(start, start + len(surface), surface, label, "nested", "d#a1"))
    place_ms = [Mention(s, s + len(t), t, "PLACE", "gazetteer", "d#a1") for t, s in places]
    entities, key_of = {}, {}
    for m in mentions + nested_ms + place_ms:
        key = (m.label, m.text)
        e = entities.setdefault(key, Entity(m.label, m.text, {m.text}))
        e.mentions.append(m)
        e.props.update((props or {}).get(m.text, {}))
        key_of[(m.start, m.end, m.label)] = key
    return Scene(
        doc_id="d",
        normalized=Normalized(text, text, tuple(range(len(text) + 1))),
        articles=[Article("d#a1", 0, len(text))],
        sentences=sentence_spans(text),
        mentions=sorted(mentions, key=lambda m: (m.start, m.end)),
        nested=nested_ms,
        places=place_ms,
        key_of=key_of,
        entities=entities,
        gazetteer=gaz,
        roles=WordIndex(["主席", "副主席", "党组书记", "站长", "副主任", "快递员"]),
        words=load_rule_set(RELATIONS).words,
    )


def run(rules, sc, rule_id):
    chosen = [make_rule(r) for r in rules["rule"] if r["id"] == rule_id]
    assert chosen, rule_id
    return {(r.subject[1], r.predicate, r.object[1], r.role) for r in extract_relations(sc, chosen)}


def test_org_role_person_chain(rules):
    sc = scene("临江市人大常委会副主任、临江市总工会主席王五出席。", [("临江市人大常委会", "ORG"), ("临江市总工会", "ORG"), ("王五", "PERSON")])
    assert run(rules, sc, "holds_position.org-role-person") == {
        ("王五", "holds_position", "临江市总工会", "主席"),
        ("王五", "holds_position", "临江市人大常委会", "副主任"),
    }


def test_a_post_after_de_and_none_after_a_preposition(rules):
    sc = scene("临江港务集团的快递员王五说。临江港务集团向快递员赵六付款。", [("临江港务集团", "ORG"), ("王五", "PERSON"), ("临江港务集团", "ORG"), ("赵六", "PERSON")])
    expected = {("王五", "holds_position", "临江港务集团", "快递员")}
    assert run(rules, sc, "holds_position.org-role-person") == expected
    assert run(rules, sc, "holds_position.role-chain") <= expected


def test_org_role_person_needs_a_post(rules):
    sc = scene("临江市总工会慰问王五。", [("临江市总工会", "ORG"), ("王五", "PERSON")])
    assert run(rules, sc, "holds_position.org-role-person") == set()


def test_person_org_role(rules):
    sc = scene("赵六，临江地铁1号线站长。", [("赵六", "PERSON"), ("临江地铁1号线", "ORG")])
    assert run(rules, sc, "holds_position.person-org-role") == {("赵六", "holds_position", "临江地铁1号线", "站长")}


def test_role_list_with_roles_and_anaphor(rules):
    text = "“临江读书节”开幕。此次活动由青山省总工会指导，临江市总工会、临江市图书馆承办。"
    sc = scene(text, [("“临江读书节”", "EVENT"), ("青山省总工会", "ORG"), ("临江市总工会", "ORG"), ("临江市图书馆", "ORG")])
    assert run(rules, sc, "organizes.role-list") == {
        ("青山省总工会", "organizes", "“临江读书节”", "指导"),
        ("临江市总工会", "organizes", "“临江读书节”", "承办"),
        ("临江市图书馆", "organizes", "“临江读书节”", "承办"),
    }


def test_role_list_through_a_listed_tail(rules):
    text = "由青山省总工会主办，临江市总工会、临江港务集团、临江码头等单位承办的“港城杯”技能比武举行。"
    sc = scene(text, [("青山省总工会", "ORG"), ("临江市总工会", "ORG"), ("临江港务集团", "ORG"), ("“港城杯”技能比武", "EVENT")])
    assert run(rules, sc, "organizes.role-list") == {
        ("青山省总工会", "organizes", "“港城杯”技能比武", "主办"),
        ("临江市总工会", "organizes", "“港城杯”技能比武", "承办"),
        ("临江港务集团", "organizes", "“港城杯”技能比武", "承办"),
    }


def test_an_event_lies_only_in_a_place_its_name_begins_with(rules):
    text = "劳模走进临江市宣讲活动和2024年临江市职工运动会举行。"
    sc = scene(text, [("劳模走进临江市宣讲活动", "EVENT"), ("2024年临江市职工运动会", "EVENT")],
               nested=[("临江市", "PLACE", 4), ("临江市", "PLACE", text.index("2024年") + 5)])
    assert run(rules, sc, "located_in.name-place") == {("2024年临江市职工运动会", "located_in", "临江市", None)}


def test_subject_verb_object_with_list(rules):
    sc = scene("临江市总工会推出“暖心驿站”、“匠人学堂”。", [("临江市总工会", "ORG"), ("“暖心驿站”", "PROGRAMME"), ("“匠人学堂”", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {
        ("临江市总工会", "organizes", "“暖心驿站”", None),
        ("临江市总工会", "organizes", "“匠人学堂”", None),
    }


def test_subject_verb_object_joint_subject_and_adjuncts(rules):
    text = "临江市总工会联合临江港务集团工会开展“清凉送岗”慰问活动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江港务集团工会", "ORG"), ("“清凉送岗”慰问活动", "EVENT")])
    assert run(rules, sc, "organizes.subject-verb") == {
        ("临江市总工会", "organizes", "“清凉送岗”慰问活动", None),
        ("临江港务集团工会", "organizes", "“清凉送岗”慰问活动", None),
    }
    # a unit listed in a place adjunct (在A、B等地开展) is not the subject
    text = "青山省总工会在临江市、青山钢铁集团等12个单位开展试点，实施“百千万”计划。"
    sc = scene(text, [("青山省总工会", "ORG"), ("临江市", "PLACE"), ("青山钢铁集团", "ORG"), ("“百千万”计划", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("青山省总工会", "organizes", "“百千万”计划", None)}


def test_subjectless_sentence_continues_the_article_organisation(rules):
    text = "临江市总工会今年成立十周年。临江市总工会还表彰了职工。同时，大力开展“技能临江”行动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江市总工会", "ORG"), ("“技能临江”行动", "PROGRAMME")])
    assert ("临江市总工会", "organizes", "“技能临江”行动", None) in run(rules, sc, "organizes.subject-verb")


def test_a_national_strategy_is_no_object_of_a_body_serving_it(rules):
    text = "临江市总工会以推动青山经济圈建设为主线。临江市总工会推动“技能临江”行动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("青山经济圈建设", "PROGRAMME"), ("临江市总工会", "ORG"),
                      ("“技能临江”行动", "PROGRAMME")])
    assert len(run(rules, sc, "organizes.subject-verb")) == 2
    sc.entities[("PROGRAMME", "青山经济圈建设")].mentions[0] = Mention(9, 16, "青山经济圈建设", "PROGRAMME", "strategy:programme", "d#a1")
    assert run(rules, sc, "organizes.subject-verb") == {("临江市总工会", "organizes", "“技能临江”行动", None)}


def test_cooperation_pairs(rules):
    sc = scene("临江市人社局、临江市总工会、临江市财政局联合发放补贴。", [("临江市人社局", "ORG"), ("临江市总工会", "ORG"), ("临江市财政局", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == {
        ("临江市人社局", "partner_of", "临江市总工会", None),
        ("临江市人社局", "partner_of", "临江市财政局", None),
        ("临江市总工会", "partner_of", "临江市财政局", None),
    }


def test_signatories_of_an_unnamed_cooperation_agreement_are_partners(rules):
    sc = scene("临江市总工会还与临江大学签订战略合作协议，共建工匠学院。", [("临江市总工会", "ORG"), ("临江大学", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江大学", "partner_of", "临江市总工会", None)}
    # a cooperation that is no agreement's, after a verb of signing, joins nobody
    sc = scene("临江市总工会与临江大学签订合作意向后发言。", [("临江市总工会", "ORG"), ("临江大学", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == set()


def test_listed_without_cooperation_word_are_no_partners(rules):
    sc = scene("临江市人社局、临江市总工会主办。", [("临江市人社局", "ORG"), ("临江市总工会", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == set()


def test_award_by_verb_and_by_title(rules):
    text = "王五荣获青山省五一劳动奖章。全国劳动模范赵六、青山省技术能手获得者钱七参加。"
    sc = scene(text, [("王五", "PERSON"), ("青山省五一劳动奖章", "AWARD"), ("全国劳动模范", "AWARD"), ("赵六", "PERSON"), ("青山省技术能手", "AWARD"), ("钱七", "PERSON")])
    assert run(rules, sc, "received_award.verb") == {("王五", "received_award", "青山省五一劳动奖章", None)}
    assert run(rules, sc, "received_award.title-before-name") == {
        ("赵六", "received_award", "全国劳动模范", None),
        ("钱七", "received_award", "青山省技术能手", None),
    }


def test_participation_and_pilot(rules):
    text = "王五参加“临江杯”竞赛。作为临江改革试点单位，临江职业学院开设新课。"
    sc = scene(text, [("王五", "PERSON"), ("“临江杯”竞赛", "PROGRAMME"), ("临江改革", "PROGRAMME"), ("临江职业学院", "ORG")])
    assert run(rules, sc, "participates_in.subject-verb") == {("王五", "participates_in", "“临江杯”竞赛", None)}
    assert run(rules, sc, "participates_in.pilot") == {("临江职业学院", "participates_in", "临江改革", None)}
    # every unit of a list
    text = "确定50家企业作为临江改革试点单位，其中包括临江港务集团、临江银行等。临江大学、临江医院是临江改革试点单位。"
    sc = scene(text, [("临江改革", "PROGRAMME"), ("临江港务集团", "ORG"), ("临江银行", "ORG"), ("临江大学", "ORG"), ("临江医院", "ORG"),
                      ("临江改革", "PROGRAMME")])
    assert {r[0] for r in run(rules, sc, "participates_in.pilot")} == {"临江港务集团", "临江银行", "临江大学", "临江医院"}
    # who picks the pilots is none of them; who is picked is
    text = "临江市总工会在全市确定了60家临江改革试点企业。临江银行被确定为临江改革试点单位。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江改革", "PROGRAMME"), ("临江银行", "ORG"), ("临江改革", "PROGRAMME")])
    assert run(rules, sc, "participates_in.pilot") == {("临江银行", "participates_in", "临江改革", None)}


def test_name_place_and_parent(rules):
    text = "临江市总工会宣传部发布倡议。"
    sc = scene(
        text,
        [("临江市总工会宣传部", "ORG")],
        nested=[("临江市", "PLACE", 0), ("临江市总工会", "ORG", 0)],
    )
    assert run(rules, sc, "located_in.name-place") == {
        ("临江市总工会宣传部", "located_in", "临江市", None),
        ("临江市总工会", "located_in", "临江市", None),
    }
    assert run(rules, sc, "sub_organization_of.name-parent") == {("临江市总工会宣传部", "sub_organization_of", "临江市总工会", None)}
    # a committee named only inside a meeting's name, and its parent inside it too
    text = "临江市总工会第五届委员会第三次全体会议召开。"
    sc = scene(text, [("临江市总工会第五届委员会第三次全体会议", "EVENT")],
               nested=[("临江市总工会", "ORG", 0), ("临江市总工会第五届委员会", "ORG", 0)])
    assert run(rules, sc, "sub_organization_of.name-parent") == {("临江市总工会第五届委员会", "sub_organization_of", "临江市总工会", None)}


def test_a_union_of_part_of_a_company_belongs_to_the_company_union(rules):
    text = "临江港务集团工会成立。临江港务集团东区工会开展活动。"
    marks = [("临江港务集团工会", "ORG"), ("临江港务集团东区工会", "ORG")]
    sc = scene(text, marks, nested=[("临江港务集团", "ORG", 0), ("临江港务集团", "ORG", 11)])
    assert run(rules, sc, "sub_organization_of.name-parent") == {
        ("临江港务集团工会", "sub_organization_of", "临江港务集团", None),
        ("临江港务集团东区工会", "sub_organization_of", "临江港务集团工会", None),
    }
    # without the company's union on the page, the company is the parent
    sc = scene("临江港务集团东区工会开展活动。", [("临江港务集团东区工会", "ORG")], nested=[("临江港务集团", "ORG", 0)])
    assert run(rules, sc, "sub_organization_of.name-parent") == {("临江港务集团东区工会", "sub_organization_of", "临江港务集团", None)}
    # the company's legal form between is no part: its union belongs to the company
    text = "临江港务集团工会成立。临江港务集团有限公司工会开展活动。"
    sc = scene(text, [("临江港务集团工会", "ORG"), ("临江港务集团有限公司工会", "ORG")],
               nested=[("临江港务集团", "ORG", 0), ("临江港务集团", "ORG", 11)])
    assert ("临江港务集团有限公司工会", "sub_organization_of", "临江港务集团", None) in run(rules, sc, "sub_organization_of.name-parent")


def test_places_written_together(rules):
    text = "在青山省临江市举行。"
    sc = scene(
        text,
        [("青山省", "PLACE"), ("临江市", "PLACE")],
        places=[("青山省", 1), ("临江市", 4)],
        props={"青山省": {"admin_level": "province"}, "临江市": {"admin_level": "prefecture"}},
    )
    assert run(rules, sc, "located_in.written-together") == {("临江市", "located_in", "青山省", None)}


def test_held_at(rules):
    sc = scene("“临江读书节”在临江市图书馆举行。", [("“临江读书节”", "EVENT"), ("临江市图书馆", "PLACE")])
    assert run(rules, sc, "located_in.held-at") == {("“临江读书节”", "located_in", "临江市图书馆", None)}
    sc = scene("在临江会展中心（临江）第三届青山技能大赛现场，选手比拼。", [("临江会展中心（临江）", "PLACE"), ("第三届青山技能大赛", "EVENT")])
    assert run(rules, sc, "located_in.held-at") == {("第三届青山技能大赛", "located_in", "临江会展中心（临江）", None)}
    # without 在 the place before an event is no venue
    sc = scene("临江会展中心（临江）第三届青山技能大赛现场", [("临江会展中心（临江）", "PLACE"), ("第三届青山技能大赛", "EVENT")])
    assert run(rules, sc, "located_in.held-at") == set()
    # hosts acting together between the place and the verb (在P联合举办X)
    sc = scene("甲、乙在临江联合举办第三届青山技能大赛。", [("临江", "PLACE"), ("第三届青山技能大赛", "EVENT")])
    assert run(rules, sc, "located_in.held-at") == {("第三届青山技能大赛", "located_in", "临江", None)}


def test_relations_keep_the_predicates_labels(rules):
    # a person cannot lie in a place: the rule's output is filtered by the predicate table
    sc = scene("王五位于临江市。", [("王五", "PERSON"), ("临江市", "PLACE")])
    assert run(rules, sc, "located_in.verb") == set()


def test_participant_titles(rules):
    text = "第三届临江技能大赛开幕。青山省临江市代表团领队、焊接项目选手王五说，很激动。党的二十大代表、临江市总工会主席赵六出席。"
    sc = scene(text, [("第三届临江技能大赛", "EVENT"), ("王五", "PERSON"), ("党的二十大", "EVENT"), ("临江市总工会", "ORG"), ("赵六", "PERSON")])
    assert run(rules, sc, "participates_in.participant-title") == {
        ("王五", "participates_in", "第三届临江技能大赛", None),
        ("赵六", "participates_in", "党的二十大", None),
    }


def test_the_agent_of_a_passive_receives_nothing(rules):
    sc = scene("王五被临江市总工会评为青山省劳动模范。", [("王五", "PERSON"), ("临江市总工会", "ORG"), ("青山省劳动模范", "AWARD")])
    assert run(rules, sc, "received_award.verb") == {("王五", "received_award", "青山省劳动模范", None)}


def test_an_organisation_written_right_before_a_programme_or_event_runs_it(rules):
    text = "临江市总工会“暖心”行动启动，市总工会2024年工作会议召开，临江银行、“暖心”行动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("“暖心”行动", "PROGRAMME"), ("市总工会", "ORG"), ("2024年工作会议", "EVENT"),
                      ("临江银行", "ORG"), ("“暖心”行动", "PROGRAMME")])
    # (not across a list mark)
    assert run(rules, sc, "organizes.owner-before") == {("临江市总工会", "organizes", "“暖心”行动", None),
                                                         ("市总工会", "organizes", "2024年工作会议", None)}


def test_pilot_organiser(rules):
    sc = scene("作为临江市总工会第三批临江改革试点单位，临江职业学院开设新课。", [("临江市总工会", "ORG"), ("临江改革", "PROGRAMME"), ("临江职业学院", "ORG")])
    assert run(rules, sc, "organizes.pilot-organiser") == {("临江市总工会", "organizes", "临江改革", None)}
    assert run(rules, sc, "participates_in.pilot") == {("临江职业学院", "participates_in", "临江改革", None)}
    # every unit of a list
    text = "确定50家企业作为临江改革试点单位，其中包括临江港务集团、临江银行等。临江大学、临江医院是临江改革试点单位。"
    sc = scene(text, [("临江改革", "PROGRAMME"), ("临江港务集团", "ORG"), ("临江银行", "ORG"), ("临江大学", "ORG"), ("临江医院", "ORG"),
                      ("临江改革", "PROGRAMME")])
    assert {r[0] for r in run(rules, sc, "participates_in.pilot")} == {"临江港务集团", "临江银行", "临江大学", "临江医院"}
    # who picks the pilots is none of them; who is picked is
    text = "临江市总工会在全市确定了60家临江改革试点企业。临江银行被确定为临江改革试点单位。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江改革", "PROGRAMME"), ("临江银行", "ORG"), ("临江改革", "PROGRAMME")])
    assert run(rules, sc, "participates_in.pilot") == {("临江银行", "participates_in", "临江改革", None)}


def test_example_sentence_clauses_run_the_programme_before(rules):
    text = ("临江市总工会与各成员单位加强配合，推动“技能临江”行动落实。例如，临江市人社局、临江市教育局合力推动校企合作；"
            "临江市财政局联合发放补贴，形成合力。")
    marks = [("临江市总工会", "ORG"), ("“技能临江”行动", "PROGRAMME"), ("临江市人社局", "ORG"), ("临江市教育局", "ORG"), ("临江市财政局", "ORG")]
    assert run(rules, scene(text, marks), "organizes.examples") == {
        ("临江市人社局", "organizes", "“技能临江”行动", None),
        ("临江市教育局", "organizes", "“技能临江”行动", None),
        ("临江市财政局", "organizes", "“技能临江”行动", None),
    }
    # without a programme carried forward in the sentence before, the examples link nothing
    text = "临江市总工会与各成员单位加强配合。例如，临江市人社局、临江市教育局合力推动校企合作。"
    marks = [("临江市总工会", "ORG"), ("临江市人社局", "ORG"), ("临江市教育局", "ORG")]
    assert run(rules, scene(text, marks), "organizes.examples") == set()
    # a clause that does not open with the organisations acting is no example of them
    text = "临江市总工会推动“技能临江”行动落实。例如，据临江市人社局统计，补贴已发放。"
    marks = [("临江市总工会", "ORG"), ("“技能临江”行动", "PROGRAMME"), ("临江市人社局", "ORG")]
    assert run(rules, scene(text, marks), "organizes.examples") == set()


def test_a_role_verb_opening_a_clause_gives_the_role(rules):
    text = "临江市总工会深化劳动竞赛，指导各级工会推出竞赛项目，形成“临江工匠”等品牌。"
    sc = scene(text, [("临江市总工会", "ORG"), ("“临江工匠”", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("临江市总工会", "organizes", "“临江工匠”", "指导")}
    sc = scene("临江市总工会指导“临江工匠”评选。", [("临江市总工会", "ORG"), ("“临江工匠”", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("临江市总工会", "organizes", "“临江工匠”", "指导")}
    sc = scene("临江市总工会推出“临江工匠”。", [("临江市总工会", "ORG"), ("“临江工匠”", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("临江市总工会", "organizes", "“临江工匠”", None)}


def test_units_counted_after_a_list_take_part_in_the_articles_event(rules):
    text = "临江市总工会开展“清凉送岗”慰问活动。目前已有临江港务集团、青山钢铁集团等12家单位共500余人参加。"
    marks = [("临江市总工会", "ORG"), ("“清凉送岗”慰问活动", "EVENT"), ("临江港务集团", "ORG"), ("青山钢铁集团", "ORG")]
    assert run(rules, scene(text, marks), "participates_in.counted-units") == {
        ("临江港务集团", "participates_in", "“清凉送岗”慰问活动", None),
        ("青山钢铁集团", "participates_in", "“清凉送岗”慰问活动", None),
    }
    # with no count of units after 等, or two events before, nothing is said
    text = "临江市总工会开展“清凉送岗”慰问活动。临江港务集团、青山钢铁集团等也参加。"
    assert run(rules, scene(text, marks), "participates_in.counted-units") == set()
    text = "开展“清凉送岗”慰问活动和“金秋助学”活动。临江港务集团、青山钢铁集团等12家单位参加。"
    marks = [("“清凉送岗”慰问活动", "EVENT"), ("“金秋助学”活动", "EVENT"), ("临江港务集团", "ORG"), ("青山钢铁集团", "ORG")]
    assert run(rules, scene(text, marks), "participates_in.counted-units") == set()


def test_a_clause_with_a_counted_subject_of_its_own_gives_the_honour_to_no_body_before_it(rules):
    text = "临江市总工会举办临江市职工技能竞赛，120名选手参赛，前三名将被授予“临江市技术能手”称号。"
    marks = [("临江市总工会", "ORG"), ("临江市职工技能竞赛", "EVENT"), ("“临江市技术能手”", "AWARD")]
    assert run(rules, scene(text, marks), "received_award.verb") == set()
    text = "临江市总工会举办职工技能竞赛，张三荣获“临江市技术能手”称号。"
    marks = [("临江市总工会", "ORG"), ("张三", "PERSON"), ("“临江市技术能手”", "AWARD")]
    assert run(rules, scene(text, marks), "received_award.verb") == {("张三", "received_award", "“临江市技术能手”", None)}


def test_units_counted_after_a_list_that_took_up_an_honour_receive_it(rules):
    text = "会议表彰了青山省工会工作先进单位，临江市总工会、东湖区总工会等16个单位获此殊荣。"
    marks = [("青山省工会工作先进单位", "AWARD"), ("临江市总工会", "ORG"), ("东湖区总工会", "ORG")]
    sc = scene(text, marks)
    assert run(rules, sc, "received_award.counted-units") == {("临江市总工会", "received_award", "青山省工会工作先进单位", None),
                                                              ("东湖区总工会", "received_award", "青山省工会工作先进单位", None)}
    # ... and take part in nothing for it
    sc = scene("召开全委会议。会议表彰了先进单位，" + text[17:], [("全委会议", "EVENT"), *marks[1:]])
    assert run(rules, sc, "participates_in.counted-units") == set()


def test_persons_counted_after_their_titles_take_part(rules):
    text = ("临江市总工会举办“劳模进校园”宣讲活动。现场邀请了全国劳模、党的二十大代表王五，全国技术能手张三，"
            "青山工匠李四等3位劳模工匠宣讲。")
    marks = [("临江市总工会", "ORG"), ("“劳模进校园”宣讲活动", "EVENT"), ("党的二十大", "EVENT"), ("王五", "PERSON"), ("张三", "PERSON"), ("李四", "PERSON")]
    assert run(rules, scene(text, marks), "participates_in.counted-persons") == {
        ("王五", "participates_in", "“劳模进校园”宣讲活动", None),
        ("张三", "participates_in", "“劳模进校园”宣讲活动", None),
        ("李四", "participates_in", "“劳模进校园”宣讲活动", None),
    }
    # a count that does not match the persons named says nothing about them
    text = text.replace("3位", "5位")
    assert run(rules, scene(text, marks), "participates_in.counted-persons") == set()


def test_listed_organisations_deepening_their_cooperation_are_partners(rules):
    text = "临江市人社局、临江市总工会深化技能竞赛、工匠培育等方面的合作。"
    sc = scene(text, [("临江市人社局", "ORG"), ("临江市总工会", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江市人社局", "partner_of", "临江市总工会", None)}
    # one organisation deepening cooperation names no partner
    sc = scene("临江市总工会深化技能竞赛方面的合作。", [("临江市总工会", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == set()


# --- kinds added for issue 19: each on a scene written here, with names of its own ---


def test_role_chain_carries_the_organisation_over_the_clauses(rules):
    text = "临江市政协社法委主任甲乙丙带队，专职副主任丁戊，副主任己庚、辛壬参加。"
    sc = scene(text, [("临江市政协社法委", "ORG"), ("甲乙丙", "PERSON"), ("丁戊", "PERSON"), ("己庚", "PERSON"), ("辛壬", "PERSON")])
    sc.roles = WordIndex(["主任", "副主任"])
    got = run(rules, sc, "holds_position.role-chain")
    assert got == {("甲乙丙", "holds_position", "临江市政协社法委", "主任")}
    text = "临江市政协社法委专职副主任丁戊，副主任己庚、辛壬参加调研。"
    sc = scene(text, [("临江市政协社法委", "ORG"), ("丁戊", "PERSON"), ("己庚", "PERSON"), ("辛壬", "PERSON")])
    sc.roles = WordIndex(["主任", "副主任"])
    assert run(rules, sc, "holds_position.role-chain") == {
        ("丁戊", "holds_position", "临江市政协社法委", "专职副主任"),
        ("己庚", "holds_position", "临江市政协社法委", "副主任"),
        ("辛壬", "holds_position", "临江市政协社法委", "副主任"),
    }


def test_elected_posts_continue_the_organisation_named_before(rules):
    text = "会上，甲乙当选为青山省总工会主席，丙丁当选为常务副主席，戊己、庚辛当选为兼职副主席。"
    sc = scene(text, [("甲乙", "PERSON"), ("青山省总工会", "ORG"), ("丙丁", "PERSON"), ("戊己", "PERSON"), ("庚辛", "PERSON")])
    sc.roles = WordIndex(["主席", "副主席", "常务副主席"])
    assert run(rules, sc, "holds_position.elected") == {
        ("甲乙", "holds_position", "青山省总工会", "主席"),
        ("丙丁", "holds_position", "青山省总工会", "常务副主席"),
        ("戊己", "holds_position", "青山省总工会", "兼职副主席"),
        ("庚辛", "holds_position", "青山省总工会", "兼职副主席"),
    }


def test_presence_at_the_event_the_article_reports(rules):
    text = "9月1日，临江市第五届职工运动会开幕。市总工会主席甲乙出席并致辞，丙丁在开幕式上讲话。戊己认为运动会办得好。"
    sc = scene(text, [("临江市第五届职工运动会", "EVENT"), ("甲乙", "PERSON"), ("丙丁", "PERSON"), ("戊己", "PERSON")])
    assert run(rules, sc, "participates_in.presence") == {
        ("甲乙", "participates_in", "临江市第五届职工运动会", None),
        ("丙丁", "participates_in", "临江市第五届职工运动会", None),
    }


def test_competitors_listed_take_part(rules):
    text = "临江市第五届职工运动会开幕。参赛单位有临江港务集团、青山钢铁集团。"
    sc = scene(text, [("临江市第五届职工运动会", "EVENT"), ("临江港务集团", "ORG"), ("青山钢铁集团", "ORG")])
    assert run(rules, sc, "participates_in.competitors") == {
        ("临江港务集团", "participates_in", "临江市第五届职工运动会", None),
        ("青山钢铁集团", "participates_in", "临江市第五届职工运动会", None),
    }


def test_winners_listed_after_an_honour(rules):
    text = "本届共有5人荣获“临江工匠”称号，其中包括临江港务集团甲乙、青山钢铁集团丙丁等。"
    sc = scene(text, [("临江工匠", "AWARD"), ("临江港务集团", "ORG"), ("甲乙", "PERSON"), ("青山钢铁集团", "ORG"), ("丙丁", "PERSON")])
    assert run(rules, sc, "received_award.listed-winners") == {
        ("甲乙", "received_award", "临江工匠", None),
        ("丙丁", "received_award", "临江工匠", None),
    }


def test_events_held_respectively(rules):
    text = "焊工竞赛、电工竞赛和车工竞赛也分别在临江市、青山和临江港务集团开赛。"
    sc = scene(text, [("焊工竞赛", "EVENT"), ("电工竞赛", "EVENT"), ("车工竞赛", "EVENT"), ("临江市", "PLACE"), ("青山", "PLACE"),
                      ("临江港务集团", "ORG")])
    assert run(rules, sc, "located_in.respectively") == {
        ("焊工竞赛", "located_in", "临江市", None),
        ("电工竞赛", "located_in", "青山", None),
    }


def test_bodies_visited_in_a_place(rules):
    text = "调研组在临江先后走进临江港务集团、青山钢铁集团，察看用工情况。"
    sc = scene(text, [("临江", "PLACE"), ("临江港务集团", "ORG"), ("青山钢铁集团", "ORG")])
    assert run(rules, sc, "located_in.visited") == {
        ("临江港务集团", "located_in", "临江", None),
        ("青山钢铁集团", "located_in", "临江", None),
    }


def test_both_parties_of_an_agreement_cooperate(rules):
    text = "会上，临江市总工会与青山职业技术学院签订了《技能人才合作协议》，双方将共建实训基地。"
    sc = scene(text, [("临江市总工会", "ORG"), ("青山职业技术学院", "ORG"), ("技能人才合作协议", "PROGRAMME")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江市总工会", "partner_of", "青山职业技术学院", None)}
    assert run(rules, sc, "organizes.subject-verb") == {
        ("临江市总工会", "organizes", "技能人才合作协议", None),
        ("青山职业技术学院", "organizes", "技能人才合作协议", None),
    }


def test_deployment_and_the_name_a_verb_only_modifies(rules):
    text = "按照青山省委、青山省政府对产改的部署要求，抓实各项任务。"
    sc = scene(text, [("青山省委", "ORG"), ("青山省政府", "ORG"), ("产改", "PROGRAMME")])
    assert run(rules, sc, "organizes.deployed") == {
        ("青山省委", "organizes", "产改", None),
        ("青山省政府", "organizes", "产改", None),
    }
    text = "临江市总工会表示，要贯彻落实党的二十大精神。"
    sc = scene(text, [("临江市总工会", "ORG"), ("党的二十大", "EVENT")])
    assert run(rules, sc, "organizes.subject-verb") == set()


def test_the_bodies_after_the_agent_marker_of_a_passive_run_the_programme(rules):
    text = "“临江工惠卡”由临江市总工会与临江银行联合发行。由青山省总工会、青山省教育厅共同打造的“匠心学堂”上线。"
    sc = scene(text, [("“临江工惠卡”", "PROGRAMME"), ("临江市总工会", "ORG"), ("临江银行", "ORG"),
                      ("青山省总工会", "ORG"), ("青山省教育厅", "ORG"), ("“匠心学堂”", "PROGRAMME")])
    assert run(rules, sc, "organizes.passive") == {
        ("临江市总工会", "organizes", "“临江工惠卡”", None),
        ("临江银行", "organizes", "“临江工惠卡”", None),
        ("青山省总工会", "organizes", "“匠心学堂”", None),
        ("青山省教育厅", "organizes", "“匠心学堂”", None),
    }
    # a quoted name whose mention is the inside of the quotes
    text = "“临江骑手保”由临江市总工会联合推出。"
    sc = scene(text, [("临江骑手保", "PROGRAMME"), ("临江市总工会", "ORG")])
    assert run(rules, sc, "organizes.passive") == {("临江市总工会", "organizes", "临江骑手保", None)}
    # the body after 由 with no verb of running it, or an object not next to the passive
    text = "“临江工惠卡”深受欢迎，由临江市总工会负责解释。活动由临江市总工会主办。"
    sc = scene(text, [("“临江工惠卡”", "PROGRAMME"), ("临江市总工会", "ORG"), ("临江市总工会", "ORG")])
    assert run(rules, sc, "organizes.passive") == set()


def test_bodies_reporting_at_the_meeting_take_part(rules):
    text = "9月1日，临江市总工会第五次代表大会召开。临江港务集团、临江银行在会上作了交流发言。"
    sc = scene(text, [("临江市总工会第五次代表大会", "EVENT"), ("临江港务集团", "ORG"), ("临江银行", "ORG")])
    assert {r[0] for r in run(rules, sc, "participates_in.presence")} == {"临江港务集团", "临江银行"}


def test_bodies_listed_before_a_report_take_part_past_a_count_of_units(rules):
    text = "9月1日，临江市总工会第五次代表大会召开。临江港务集团、临江码头公司等12家单位作了交流发言。临江银行作了贡献。"
    sc = scene(text, [("临江市总工会第五次代表大会", "EVENT"), ("临江港务集团", "ORG"), ("临江码头公司", "ORG"), ("临江银行", "ORG")])
    assert run(rules, sc, "participates_in.presence") == {
        ("临江港务集团", "participates_in", "临江市总工会第五次代表大会", None),
        ("临江码头公司", "participates_in", "临江市总工会第五次代表大会", None),
    }


def test_an_honour_conferred_on_a_list_goes_to_its_persons_or_bodies(rules):
    text = "青山省总工会授予临江港务集团高级技师王五、赵六等10人“临江工匠”称号，授予临江码头公司等5家单位“青山省工人先锋号”称号。"
    sc = scene(text, [("青山省总工会", "ORG"), ("临江港务集团", "ORG"), ("王五", "PERSON"), ("赵六", "PERSON"), ("“临江工匠”", "AWARD"),
                      ("临江码头公司", "ORG"), ("“青山省工人先锋号”", "AWARD")])
    assert run(rules, sc, "received_award.conferred") == {
        ("王五", "received_award", "“临江工匠”", None),
        ("赵六", "received_award", "“临江工匠”", None),
        ("临江码头公司", "received_award", "“青山省工人先锋号”", None),
    }
    # the one who confers receives nothing, by this rule or by the verb rule
    assert run(rules, sc, "received_award.verb") == set()


def test_those_a_ceremony_honours_take_part_in_it(rules):
    """A ceremony named after the honour it confers: the persons the article says received it
    take part (read from the received_award relations found before); another honour gives none."""
    text = "5月11日，第二届临江工匠颁奖典礼举行。王五、赵六荣获“临江工匠”称号，孙七荣获“青山省劳动模范”称号。"
    sc = scene(text, [("第二届临江工匠颁奖典礼", "EVENT"), ("王五", "PERSON"), ("赵六", "PERSON"), ("“临江工匠”", "AWARD"),
                      ("孙七", "PERSON"), ("“青山省劳动模范”", "AWARD")])
    sc.entities[("AWARD", "“临江工匠”")].aliases.add("临江工匠")
    chosen = [make_rule(r) for r in rules["rule"] if r["id"] in ("received_award.verb", "participates_in.ceremony")]
    found = {(r.subject[1], r.predicate, r.object[1]) for r in extract_relations(sc, chosen)}
    assert {f for f in found if f[1] == "participates_in"} == {
        ("王五", "participates_in", "第二届临江工匠颁奖典礼"),
        ("赵六", "participates_in", "第二届临江工匠颁奖典礼"),
    }
    assert ("孙七", "received_award", "“青山省劳动模范”") in found


def test_every_name_of_a_listed_subject_receives_or_takes_part(rules):
    text = "王五、赵六、孙七荣获青山省五一劳动奖章。临江港务集团和临江银行参加临江读书节。"
    sc = scene(text, [("王五", "PERSON"), ("赵六", "PERSON"), ("孙七", "PERSON"), ("青山省五一劳动奖章", "AWARD"),
                      ("临江港务集团", "ORG"), ("临江银行", "ORG"), ("临江读书节", "EVENT")])
    assert {r[0] for r in run(rules, sc, "received_award.verb")} == {"王五", "赵六", "孙七"}
    assert {r[0] for r in run(rules, sc, "participates_in.subject-verb")} == {"临江港务集团", "临江银行"}


def test_bodies_listed_before_sending_competitors_take_part(rules):
    text = "9月1日，临江市第三届职工运动会开幕。临江港务集团、临江码头公司等单位派出了参赛队伍。"
    sc = scene(text, [("临江市第三届职工运动会", "EVENT"), ("临江港务集团", "ORG"), ("临江码头公司", "ORG")])
    assert run(rules, sc, "participates_in.presence") == {
        ("临江港务集团", "participates_in", "临江市第三届职工运动会", None),
        ("临江码头公司", "participates_in", "临江市第三届职工运动会", None),
    }


def test_the_signatories_of_a_cooperation_agreement_are_partners(rules):
    text = "临江市中级人民法院与临江市总工会签署了《劳动争议诉调对接合作协议》。临江银行签署了《临江市服务协议》。"
    sc = scene(text, [("临江市中级人民法院", "ORG"), ("临江市总工会", "ORG"), ("《劳动争议诉调对接合作协议》", "PROGRAMME"),
                      ("临江银行", "ORG"), ("《临江市服务协议》", "PROGRAMME")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江市中级人民法院", "partner_of", "临江市总工会", None)}


def test_a_pronoun_opening_the_clause_stands_for_the_person_named_before(rules):
    text = "本报记者张三\n李四是一名老焊工。去年，他带领团队参加了临江市第二届职工技能大赛。他们还参加了临江读书节。"
    sc = scene(text, [("张三", "PERSON"), ("李四", "PERSON"), ("临江市第二届职工技能大赛", "EVENT"), ("临江读书节", "EVENT")])
    assert run(rules, sc, "participates_in.subject-verb") == {("李四", "participates_in", "临江市第二届职工技能大赛", None)}


def test_a_body_whose_team_won_a_placing_took_part(rules):
    text = "10月26日，临江市第二届职工篮球赛闭幕。临江港务集团代表队获得男子组冠军，临江银行赞助了比赛。"
    sc = scene(text, [("临江市第二届职工篮球赛", "EVENT"), ("临江港务集团", "ORG"), ("临江银行", "ORG")])
    assert run(rules, sc, "participates_in.presence") == {("临江港务集团", "participates_in", "临江市第二届职工篮球赛", None)}


def test_the_occasion_after_a_dash_is_the_event_an_article_reports(rules):
    text = "11月12日，2024年临江市行业职业技能竞赛——第三届临江市焊工大赛总决赛落幕。赵六出席闭幕式并致辞。"
    sc = scene(text, [("2024年临江市行业职业技能竞赛", "EVENT"), ("第三届临江市焊工大赛总决赛", "EVENT"), ("赵六", "PERSON")])
    assert run(rules, sc, "participates_in.presence") == {("赵六", "participates_in", "第三届临江市焊工大赛总决赛", None)}


def test_the_roll_of_an_honour_lists_its_holders_in_the_next_sentence(rules):
    text = "青山省总工会公布2024年“临江大工匠”名单，共有3人入选。他们是：甲乙（临江港务集团）、丙丁（青山钢铁集团）等。戊己说。"
    sc = scene(text, [("青山省总工会", "ORG"), ("临江大工匠", "AWARD"), ("甲乙", "PERSON"), ("临江港务集团", "ORG"),
                      ("丙丁", "PERSON"), ("青山钢铁集团", "ORG"), ("戊己", "PERSON")])
    assert run(rules, sc, "received_award.listed-winners") == {
        ("甲乙", "received_award", "临江大工匠", None),
        ("丙丁", "received_award", "临江大工匠", None),
    }


def test_bodies_listed_before_another_party_do_not_partner_each_other(rules):
    text = "临江港务集团、临江银行等20家企业与高校签订了技术合作协议。临江港务集团、临江银行等单位和部门共同建设服务中心。"
    sc = scene(text, [("临江港务集团", "ORG"), ("临江银行", "ORG"), ("临江港务集团", "ORG"), ("临江银行", "ORG")])
    found = run(rules, sc, "partner_of.list-cooperation")
    assert found == {("临江港务集团", "partner_of", "临江银行", None)}
    assert all(r.evidence.start > text.index("。") for r in extract_relations(sc, [make_rule(r) for r in rules["rule"] if r["id"] == "partner_of.list-cooperation"]))


def test_a_body_a_named_person_speaks_for_takes_part(rules):
    text = "9月1日，临江市总工会第五次代表大会开幕。甲乙代表青山省总工会致贺词。丙丁代表临江银行捐了款。"
    sc = scene(text, [("临江市总工会第五次代表大会", "EVENT"), ("甲乙", "PERSON"), ("青山省总工会", "ORG"), ("丙丁", "PERSON"),
                      ("临江银行", "ORG")])
    assert run(rules, sc, "participates_in.presence") == {
        ("甲乙", "participates_in", "临江市总工会第五次代表大会", None),
        ("青山省总工会", "participates_in", "临江市总工会第五次代表大会", None),
    }


def test_signatories_with_an_adverb_before_with(rules):
    text = "临江市总工会则与临江仲裁委员会签署《劳动争议调解合作协议》。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江仲裁委员会", "ORG"), ("《劳动争议调解合作协议》", "PROGRAMME")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江仲裁委员会", "partner_of", "临江市总工会", None)}


def test_at_the_meeting_is_the_meeting_the_article_reports(rules):
    text = "临江市总工会召开十届三次全委会议。会议要求，办好第二届临江市职工运动会。会上，临江银行作交流发言。"
    sc = scene(text, [("临江市总工会", "ORG"), ("十届三次全委会议", "EVENT"), ("第二届临江市职工运动会", "EVENT"), ("临江银行", "ORG")])
    assert run(rules, sc, "participates_in.presence") == {("临江银行", "participates_in", "十届三次全委会议", None)}


def test_a_body_that_sends_others_to_an_event_takes_no_part_itself(rules):
    text = "临江市总工会组织职工参加“书香临江”征文大赛。临江银行参加了“书香临江”征文大赛。"
    sc = scene(text, [("临江市总工会", "ORG"), ("“书香临江”征文大赛", "EVENT"), ("临江银行", "ORG"), ("“书香临江”征文大赛", "EVENT")])
    assert run(rules, sc, "participates_in.subject-verb") == {("临江银行", "participates_in", "“书香临江”征文大赛", None)}


def test_a_clause_with_no_subject_after_a_copula_continues_its_subject(rules):
    text = "张三是临江钢铁集团有限公司的一名高级技师，曾获全国五一劳动奖章。"
    sc = scene(text, [("张三", "PERSON"), ("临江钢铁集团有限公司", "ORG"), ("全国五一劳动奖章", "AWARD")])
    assert run(rules, sc, "received_award.verb") == {("张三", "received_award", "全国五一劳动奖章", None)}


def test_a_role_verb_with_an_object_of_its_own_names_no_earlier_event(rules):
    text = "临江市第五届职工运动会开幕。临江市总工会承办。青山市总工会牵头组建了工匠联盟。"
    sc = scene(text, [("临江市第五届职工运动会", "EVENT"), ("临江市总工会", "ORG"), ("青山市总工会", "ORG")])
    assert run(rules, sc, "organizes.role-list") == {("临江市总工会", "organizes", "临江市第五届职工运动会", "承办")}


def test_in_a_bodys_guidance_it_guides_the_event(rules):
    text = "在临江市人社局的指导下，临江市总工会承办了临江市第五届职工技能大赛。"
    sc = scene(text, [("临江市人社局", "ORG"), ("临江市总工会", "ORG"), ("临江市第五届职工技能大赛", "EVENT")])
    assert run(rules, sc, "organizes.role-list") == {
        ("临江市人社局", "organizes", "临江市第五届职工技能大赛", "指导"),
        ("临江市总工会", "organizes", "临江市第五届职工技能大赛", "承办"),
    }


def test_both_parties_that_sign_at_the_meeting_take_part(rules):
    text = "3月14日，临江、青山两地工会座谈会召开。临江市总工会主席甲乙，青山市总工会主席丙丁出席。座谈会上，双方交流了意见，签订了《合作协议》。"
    sc = scene(text, [("临江、青山两地工会座谈会", "EVENT"), ("临江市总工会", "ORG"), ("甲乙", "PERSON"), ("青山市总工会", "ORG"),
                      ("丙丁", "PERSON"), ("《合作协议》", "PROGRAMME")])
    found = {r[0] for r in run(rules, sc, "participates_in.presence")}
    assert {"临江市总工会", "青山市总工会"} <= found


def test_a_delegate_is_at_the_congress_not_at_a_meeting_named_since(rules):
    text = "临江市工会第五次代表大会闭幕。随后召开经费审查委员会第一次会议。职工代表王五作为代表发言。"
    sc = scene(text, [("临江市工会第五次代表大会", "EVENT"), ("经费审查委员会第一次会议", "EVENT"), ("王五", "PERSON")])
    assert run(rules, sc, "participates_in.participant-title") == {("王五", "participates_in", "临江市工会第五次代表大会", None)}


def test_a_person_who_is_a_titled_holder_received_the_title(rules):
    text = "今年52岁的张三是临江钢铁集团有限公司高级技师，也是青山省“临江工匠”。李四是全国劳动模范。"
    sc = scene(text, [("张三", "PERSON"), ("临江钢铁集团有限公司", "ORG"), ("青山省“临江工匠”", "AWARD"), ("李四", "PERSON"),
                      ("全国劳动模范", "AWARD")])
    assert run(rules, sc, "received_award.verb") == {("张三", "received_award", "青山省“临江工匠”", None),
                                                     ("李四", "received_award", "全国劳动模范", None)}


def test_a_long_name_the_subject_acted_on_before_does_not_part_it_from_its_next_verb(rules):
    text = "临江市总工会印发《关于开展新就业形态劳动者暖心服务季活动的实施方案》，在全市组织开展“暖心”行动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("《关于开展新就业形态劳动者暖心服务季活动的实施方案》", "PROGRAMME"),
                      ("“暖心”行动", "PROGRAMME")])
    found = run(rules, sc, "organizes.subject-verb")
    assert ("临江市总工会", "organizes", "“暖心”行动", None) in found


def test_a_doer_noun_is_no_verb(rules):
    text = "临江市总工会举办临江市第五届职工技能大赛，一等奖获得者可申报青山省五一劳动奖章。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江市第五届职工技能大赛", "EVENT"), ("青山省五一劳动奖章", "AWARD")])
    assert run(rules, sc, "received_award.verb") == set()


def test_bodies_a_causative_verb_moves_are_not_the_subject_of_the_next_clause(rules):
    text = "临江市总工会推动临江快递、青山外卖等平台企业建立工会组织，开展“暖心驿站”建设。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江快递", "ORG"), ("青山外卖", "ORG"), ("“暖心驿站”", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("临江市总工会", "organizes", "“暖心驿站”", None)}


def test_a_clause_opened_by_an_adverb_and_a_word_of_acting_together_joins_its_subject(rules):
    text = "临江市总工会今年实施暖心行动，并联合临江市人社局开展骑手技能培训。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江市人社局", "ORG")])
    assert run(rules, sc, "partner_of.list-cooperation") == {("临江市人社局", "partner_of", "临江市总工会", None)}


def test_a_body_named_to_an_honour_receives_it(rules):
    text = "临江重工张三劳模创新工作室被命名为青山省示范性劳模和工匠人才创新工作室。"
    sc = scene(text, [("临江重工张三劳模创新工作室", "ORG"), ("青山省示范性劳模和工匠人才创新工作室", "AWARD")])
    assert run(rules, sc, "received_award.verb") == {("临江重工张三劳模创新工作室", "received_award", "青山省示范性劳模和工匠人才创新工作室", None)}


def test_the_topic_of_a_passive_clause_acts_in_the_next_clause(rules):
    text = "临江工匠学院由临江市总工会联合临江职业技术学院共同创办，五年来实施“临江工匠”培育计划。"
    sc = scene(text, [("临江工匠学院", "ORG"), ("临江市总工会", "ORG"), ("临江职业技术学院", "ORG"), ("“临江工匠”培育计划", "PROGRAMME")])
    assert run(rules, sc, "organizes.subject-verb") == {("临江工匠学院", "organizes", "“临江工匠”培育计划", None)}


def test_a_list_of_subjects_acts_together_with_an_adverb_before_the_word(rules):
    text = "临江市总工会、团市委、临江市妇联将共同开展“送温暖”活动。"
    sc = scene(text, [("临江市总工会", "ORG"), ("团市委", "ORG"), ("临江市妇联", "ORG"), ("“送温暖”活动", "PROGRAMME")])
    assert {r[0] for r in run(rules, sc, "organizes.subject-verb")} == {"临江市总工会", "团市委", "临江市妇联"}


def test_an_honour_between_the_posts_and_the_name_leaves_the_posts_whole(rules):
    text = "临江重工集团有限公司站长、全国劳动模范张三发言。"
    sc = scene(text, [("临江重工集团有限公司", "ORG"), ("全国劳动模范", "AWARD"), ("张三", "PERSON")])
    assert run(rules, sc, "holds_position.org-role-person") == {("张三", "holds_position", "临江重工集团有限公司", "站长")}


def test_posts_in_two_bodies_joined_by_a_comma_are_one_persons(rules):
    text = "临江市总工会党组书记、副主席，临江市劳模协会主席李四出席。"
    sc = scene(text, [("临江市总工会", "ORG"), ("临江市劳模协会", "ORG"), ("李四", "PERSON")])
    assert run(rules, sc, "holds_position.org-role-person") == {
        ("李四", "holds_position", "临江市总工会", "党组书记"), ("李四", "holds_position", "临江市总工会", "副主席"),
        ("李四", "holds_position", "临江市劳模协会", "主席")}


def test_each_person_listed_after_a_post_holds_it(rules):
    text = "临江重工集团有限公司快递员张三、李四获得一等奖。"
    sc = scene(text, [("临江重工集团有限公司", "ORG"), ("张三", "PERSON"), ("李四", "PERSON")])
    assert run(rules, sc, "holds_position.org-role-person") == {("张三", "holds_position", "临江重工集团有限公司", "快递员"),
                                                                ("李四", "holds_position", "临江重工集团有限公司", "快递员")}


def test_a_speaker_does_not_do_what_is_said(rules):
    text = "临江市总工会副主席张三介绍，该市已有3人荣获全国技术能手称号。李四荣获全国技术能手称号。"
    sc = scene(text, [("临江市总工会", "ORG"), ("张三", "PERSON"), ("全国技术能手", "AWARD"), ("李四", "PERSON"), ("全国技术能手", "AWARD")])
    assert run(rules, sc, "received_award.verb") == {("李四", "received_award", "全国技术能手", None)}


def test_each_person_of_a_conferment_list_receives_the_title_whatever_stands_before_each(rules):
    text = "青山省总工会授予临江重工快递员张三、青山港务集团站长李四等10人“青山大工匠”称号。"
    sc = scene(text, [("青山省总工会", "ORG"), ("临江重工", "ORG"), ("张三", "PERSON"), ("青山港务集团", "ORG"), ("李四", "PERSON"),
                      ("“青山大工匠”", "AWARD")])
    assert {r[0] for r in run(rules, sc, "received_award.conferred")} == {"张三", "李四"}


def test_each_person_of_a_list_with_posts_receives_what_the_verb_gives(rules):
    text = "临江重工快递员张三、青山港务集团站长李四获评全国技术能手。"
    sc = scene(text, [("临江重工", "ORG"), ("张三", "PERSON"), ("青山港务集团", "ORG"), ("李四", "PERSON"), ("全国技术能手", "AWARD")])
    assert {r[0] for r in run(rules, sc, "received_award.verb")} == {"张三", "李四"}


def test_a_listed_kind_takes_part_in_the_programme_of_an_earlier_clause(rules):
    text = "本报讯（记者 王五）全省已有3200家企业参与“青山杯”竞赛，临江重工、青山港务集团等企业积极参赛。"
    sc = scene(text, [("王五", "PERSON"), ("“青山杯”竞赛", "PROGRAMME"), ("临江重工", "ORG"), ("青山港务集团", "ORG")])
    assert {r[0] for r in run(rules, sc, "participates_in.listed-kind")} == {"临江重工", "青山港务集团"}


def test_the_reporter_of_a_byline_is_no_subject(rules):
    text = "本报讯（记者 王五）今年以来，全省已有3200家企业参与“青山杯”竞赛。"
    sc = scene(text, [("王五", "PERSON"), ("“青山杯”竞赛", "PROGRAMME")])
    sc.mentions[0] = Mention(sc.mentions[0].start, sc.mentions[0].end, "王五", "PERSON", "byline", "d#a1")
    sc.key_of[(sc.mentions[0].start, sc.mentions[0].end, "PERSON")] = ("PERSON", "王五")
    assert run(rules, sc, "participates_in.subject-verb") == set()


def test_on_a_tie_the_article_is_about_the_union(rules):
    text = "美团骑手王五说很好。临江市总工会联合美团开设骑手之家。临江市总工会还推出新举措。全市已建成“暖心驿站”20个。"
    sc = scene(text, [("美团", "ORG"), ("王五", "PERSON"), ("临江市总工会", "ORG"), ("美团", "ORG"), ("临江市总工会", "ORG"),
                      ("“暖心驿站”", "PROGRAMME")], props={"临江市总工会": {"org_type": "trade_union"}})
    found = {r for r in run(rules, sc, "organizes.subject-verb") if r[2] == "“暖心驿站”"}
    assert found == {("临江市总工会", "organizes", "“暖心驿站”", None)}
