"""Synthetic documents of any size for the graph and Turtle benchmarks (no model needed).

Each document has articles, people, organisations and places (with division codes) and the
relations of a news page (posts, located_in, sub_organization_of, partner_of, organizes,
participates_in), with evidence sentences of realistic length, so that the triples per document
resemble those of the real pages. :func:`documents` makes them, :func:`triples_per_document`
says how many triples one adds.
"""
from __future__ import annotations

import random

from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation

__all__ = ["documents"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂兰玉萍红华建国文辉鹏宇浩然子轩梓涵欣怡晨曦"
PROVINCES = ["北京市", "天津市", "河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
             "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省"]
ORG_TAILS = ["总工会", "教育工会", "人力资源和社会保障厅", "职工技协", "女职工委员会", "劳模协会", "产业工会"]
ROLES = ["党组书记", "副主席", "主席", "常务副主席", "一级巡视员", "副厅长", "秘书长"]
SENTENCE = "记者日前从{org}获悉，{person}介绍，该会在{place}组织开展了职工职业技能竞赛和劳模工匠进校园活动，累计服务职工逾万人次。"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def documents(count: int, seed: int = 0) -> list[Document]:
    """``count`` documents of 4 articles, each article with 3 people, 2 organisations, 2 places
    and 9 relations; names repeat across documents as in a real corpus (one in four is new)."""
    rng = random.Random(seed)
    people_pool = [_name(rng) for _ in range(max(50, count * 3))]
    docs = []
    for d in range(count):
        doc_id = f"syn{d:06d}"
        articles, entities, relations = [], {}, []
        for a in range(4):
            art = f"{doc_id}#a{a + 1}"
            articles.append(Article(art, a * 1000, (a + 1) * 1000, f"第{a + 1}篇 职工技能竞赛举行"))
            province = rng.choice(PROVINCES)
            city_code = f"{rng.randrange(11, 66)}{rng.randrange(1, 20):02d}00"
            city = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}市"
            places = [(province, f"{city_code[:2]}0000"), (city, city_code)]
            orgs = [f"{province}{rng.choice(ORG_TAILS)}", f"{city}{rng.choice(ORG_TAILS)}"]
            people = [rng.choice(people_pool) if rng.random() < 0.75 else _name(rng) for _ in range(3)]

            def ent(label, name, props=None):
                key = (label, name)
                if key not in entities:
                    entities[key] = Entity(label, name, {name}, [], dict(props or {}))
                e = entities[key]
                start = rng.randrange(0, 900)
                e.mentions.append(Mention(start, start + len(name), name, label, "synthetic", art))
                return key

            place_keys = [ent("PLACE", n, {"division_code": c}) for n, c in places]
            org_keys = [ent("ORG", n, {"org_type": "trade_union"}) for n in orgs]
            person_keys = [ent("PERSON", n) for n in people]
            event_key = ent("EVENT", f"{places[1][0]}第{rng.randrange(1, 9)}届职工职业技能大赛")
            facts = [
                (person_keys[0], "holds_position", org_keys[0], rng.choice(ROLES)),
                (person_keys[1], "holds_position", org_keys[0], rng.choice(ROLES)),
                (person_keys[2], "holds_position", org_keys[1], rng.choice(ROLES)),
                (org_keys[0], "located_in", place_keys[0], None),
                (org_keys[1], "located_in", place_keys[1], None),
                (place_keys[1], "located_in", place_keys[0], None),
                (org_keys[1], "sub_organization_of", org_keys[0], None),
                (org_keys[0], "organizes", event_key, None),
                (person_keys[2], "participates_in", event_key, None),
            ]
            for s, p, o, role in facts:
                start = a * 1000 + rng.randrange(0, 900)
                sentence = SENTENCE.format(org=o[1], person=s[1], place=places[1][0])
                relations.append(Relation(s, p, o, role, Evidence(doc_id, art, start, start + len(sentence), sentence, f"{p}.synthetic")))
        docs.append(Document(doc_id, f"{doc_id}.txt", Normalized("", "", (0,)), articles, list(entities.values()), relations))
    return docs
