"""queries/*.rq on a small hand-made graph (exact rows) and on the graph of the seed pages.

On the seeds the expected answer is not written down, since the extraction keeps improving: each
query has an *oracle*, the same question answered in Python from the networkx graph that the same
build wrote as graph.graphml, and the query must give exactly the oracle's rows in the oracle's
order. The oracles also run on the hand-made graph, where the rows are written out.
"""
import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.export.graphml import write_graphml
from kg.graph import GAZETTEER_RULE, build_graph
from kg.export.rdf import ADMIN_LEVEL_TERMS, serialize_turtle, to_rdf, validate
from kg.export.sparql import run_query, run_sparql
from kg.export.store import ensure_store
from tests.test_graph import DIVISIONS, make_document

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
SEEDS = ROOT / "seeds"

#: The administrative levels in the order administrative_places.rq sorts them.
LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4}


# ---------------------------------------------------------------------------------------------
# The graph as plain facts, read back from graph.graphml
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    u: str
    v: str
    predicate: str
    role: str | None
    doc: str
    article: str
    start: int
    end: int
    sentence: str
    rule: str
    date: str = ""  # as written
    when: str = ""  # its value

    @property
    def from_gazetteer(self) -> bool:
        # kg.export.rdf types such evidence kg:GazetteerEvidence, anything else kg:TextEvidence.
        return self.rule == GAZETTEER_RULE and not self.doc


class Facts:
    """Nodes and edges of a graph written by kg.export.graphml.write_graphml."""

    def __init__(self, path: Path):
        graph = nx.read_graphml(path, force_multigraph=True)
        self.documents = json.loads(graph.graph.get("documents", "{}"))
        props = ("division_code", "admin_level", "org_type")  # plain attributes, as Gephi shows them
        self.nodes = {
            nid: {"label": data["type"], "name": data["label"], "props": {k: data[k] for k in props if k in data}}
            for nid, data in graph.nodes(data=True) if data["type"] != "ARTICLE"
        }
        # (a link from the division table has no evidence in the GraphML)
        self.edges = [
            Edge(u, v, d["predicate"], d["role"] or None, d.get("doc", ""), d.get("article", ""), int(d.get("start", 0)),
                 int(d.get("end", 0)), d.get("sentence", ""), d["rule"], d.get("date", ""), d.get("when", ""))
            for u, v, d in graph.edges(data=True) if d["predicate"] != "author_of"
        ]

    def article(self, edge: Edge) -> tuple[str | None, str | None, list[str]]:
        """The headline, date (its dateline's day, else the page's) and authors of the article
        ``edge`` was read in."""
        entry = self.documents[edge.doc]
        details = entry.get("details", {}).get(edge.article, {})
        date = details.get("date") or entry.get("meta", {}).get("published") or None
        return entry["articles"].get(edge.article) or None, date, [self.name(p) for _, _, p in details.get("authors", [])]

    def name(self, nid: str) -> str:
        return self.nodes[nid]["name"]

    def label(self, nid: str) -> str:
        return self.nodes[nid]["label"]

    def props(self, nid: str) -> dict:
        return self.nodes[nid]["props"]

    def of(self, predicate: str) -> list[Edge]:
        return [e for e in self.edges if e.predicate == predicate]

    def is_union(self, nid: str) -> bool:
        return self.props(nid).get("org_type") == "trade_union" or self.name(nid).endswith("工会")

    def is_province(self, nid: str) -> bool:
        return self.label(nid) == "PLACE" and self.props(nid).get("admin_level") == "province"

    def places_of(self, nid: str) -> set[str]:
        """The places ``nid`` is located in, and every place they are in, at any depth."""
        up = defaultdict(set)
        for e in self.of("located_in"):
            up[e.u].add(e.v)
        seen, todo = set(), list(up[nid])
        while todo:
            place = todo.pop()
            if place not in seen:
                seen.add(place)
                todo += up[place]
        return seen

    def roles_without_duplicates(self, predicate: str) -> set[tuple[str, str, str | None]]:
        """``(subject, object, role)`` of ``predicate``, leaving out a roleless one when the
        same two have a role."""
        facts = {(e.u, e.v, e.role) for e in self.of(predicate)}
        with_role = {(u, v) for u, v, role in facts if role}
        return {(u, v, role) for u, v, role in facts if role or (u, v) not in with_role}


def order(rows, key=lambda row: row):
    """``rows`` in SPARQL ORDER BY order: unbound first, then the values (as ``key`` arranges them)."""
    def value(x):
        return (0, "") if x is None else (1, x)
    return sorted(rows, key=lambda row: tuple(value(x) for x in key(row)))


# ---------------------------------------------------------------------------------------------
# Oracles: each query's question answered in Python
# ---------------------------------------------------------------------------------------------


def provincial_union_posts(f: Facts):
    rows = set()
    for e in f.of("holds_position"):
        if f.is_union(e.v):
            for loc in f.of("located_in"):
                if loc.u == e.v and f.is_province(loc.v):
                    rows.add((f.name(loc.v), f.name(e.v), f.name(e.u), e.role))
    return order(rows)


def union_programmes_by_province(f: Facts):
    rows = set()
    for org, work, role in f.roles_without_duplicates("organizes"):
        if f.label(work) == "PROGRAMME" and f.is_union(org):
            for place in f.places_of(org):
                if f.is_province(place):
                    rows.add((f.name(place), f.name(org), f.name(work), role))
    return order(rows)


def award_recipients(f: Facts):
    rows = {
        (f.name(e.v), f.name(e.u), "person" if f.label(e.u) == "PERSON" else "organisation")
        for e in f.of("received_award")
    }
    return order(rows)


def co_organisers(f: Facts):
    facts = f.roles_without_duplicates("organizes")
    organisers = defaultdict(set)
    for org, work, _ in facts:
        organisers[work].add(org)
    rows = {
        (f.name(work), f.name(org), role) for org, work, role in facts if len(organisers[work]) > 1
    }
    return order(rows, key=lambda row: (row[0], row[2], row[1]))


def fact_evidence(f: Facts, subject: str, obj: str):
    rows = set()
    for e in f.edges:
        if (f.name(e.u), f.name(e.v)) != (subject, obj):
            continue
        if e.doc:
            passage = (e.doc, e.article or e.doc, str(e.start), str(e.end))
            sentence = e.sentence
        else:
            passage, sentence = (None, None, None, None), None
        rows.add((subject, e.predicate, obj, e.role, *passage, e.rule, sentence))

    def key(row):
        number = (lambda x: None if x is None else int(x))
        return (row[1], row[3], row[4], number(row[6]), number(row[7]), row[5], row[8], row[9])

    return order(rows, key)


def organisation_timeline(f: Facts, organisation: str):
    rows = set()
    for e in f.edges:
        ends = [n for n in (e.u, e.v) if f.label(n) == "ORG" and f.name(n) == organisation]
        if not ends or not e.doc:
            continue
        headline, article_date, authors = f.article(e)
        for author in authors or [None]:
            rows.add((e.when or None, e.date or None, f.name(e.u), e.predicate, f.name(e.v), e.role, article_date,
                      headline, author))

    def key(row):  # by the fact's date, else the article's; undated last
        when = row[0] or row[6]
        return (when is None, when or "", *((x is None, x or "") for x in (row[2], row[3], row[4], row[5], row[1], row[7], row[8])))

    return sorted(rows, key=key)


def partner_counts(f: Facts):
    partners = defaultdict(set)
    for e in f.of("partner_of"):
        partners[e.u].add(e.v)
        partners[e.v].add(e.u)
    rows = [(f.name(org), len(others)) for org, others in partners.items()]
    return [(name, str(n)) for name, n in order(rows, key=lambda row: (-row[1], row[0]))]


def administrative_places(f: Facts):
    sources = defaultdict(set)
    for e in f.of("located_in"):
        sources[e.u, e.v].add("gazetteer" if e.from_gazetteer else "text")
    rows = set()
    for nid in f.nodes:
        props = f.props(nid)
        code = props.get("division_code") or None
        level = props.get("admin_level") if props.get("admin_level") in ADMIN_LEVEL_TERMS else None
        if f.label(nid) != "PLACE" or not (code or level):
            continue
        within = [(f.name(v), source) for (u, v), kinds in sources.items() if u == nid for source in kinds]
        for parent, source in within or [(None, None)]:
            rows.add((f.name(nid), code, level, parent, source))

    def key(row):
        return (LEVEL_RANK.get(row[2], 9), row[1], row[0], row[3], row[4])

    return order(rows, key)


def people_with_several_posts(f: Facts):
    posts = defaultdict(set)
    for e in f.of("holds_position"):
        posts[e.u].add((e.v, e.role))
    rows = {
        (f.name(person), f.name(org), role)
        for person, held in posts.items() if len(held) > 1 for org, role in held
    }
    return order(rows)


def organisation_units(f: Facts):
    parents, children = defaultdict(set), defaultdict(set)
    for e in f.of("sub_organization_of"):
        parents[e.u].add(e.v)
        children[e.v].add(e.u)
    rows = set()
    for top in [nid for nid in children if not parents[nid]]:
        seen, todo = set(), list(children[top])
        while todo:
            unit = todo.pop()
            if unit not in seen:
                seen.add(unit)
                todo += children[unit]
        rows |= {(f.name(top), f.name(unit), f.name(p)) for unit in seen for p in parents[unit]}
    return order(rows)


# ---------------------------------------------------------------------------------------------
# The hand-made graph
# ---------------------------------------------------------------------------------------------

#: test_graph's division table plus a second province.
Q_DIVISIONS = {**DIVISIONS, "620000": ("甘肃省", 1, "")}

UNION = "云南省总工会"
GANSU_UNION = "甘肃省教科文卫工委"  # a union by its type only: the name does not end in 工会
WUHUA_UNION = "五华区总工会"
KUNMING_UNION = "昆明市总工会"
PEOPLES_CONGRESS = "云南省人大常委会"
YN_HRSS = "云南省人社厅"
WUHAN_UNION = "湖北省武汉市总工会"
CONTEST = "2023年武汉市家政服务业职业技能竞赛"


def query_documents():
    """Two pages: posts in provincial and city unions and elsewhere, unions placed directly and
    through the division table, programmes and an event organised by several organisations with
    and without roles, awards, partners, sub-organisations two deep, divisions of every level."""
    P, O, PL, PR, E, A = "PERSON", "ORG", "PLACE", "PROGRAMME", "EVENT", "AWARD"
    entities = [
        (P, "王宏", [], {}), (P, "王树芬", [], {}), (P, "李四", [], {}), (P, "刘虎林", [], {}),
        (P, "张三", [], {}), (P, "邱辉", [], {}), (P, "李万君", [], {}),
        (O, UNION, ["省总工会"], {}),
        (O, GANSU_UNION, [], {"org_type": "trade_union"}),
        (O, WUHUA_UNION, [], {}), (O, KUNMING_UNION, [], {}), (O, PEOPLES_CONGRESS, [], {}),
        (O, YN_HRSS, [], {"org_type": "government"}), (O, WUHAN_UNION, [], {}),
        (O, "武汉市家庭服务业协会", [], {}), (O, "武汉市商贸金融烟草工会", [], {}),
        (O, "福建省总工会", [], {}), (O, "福建省人社厅", [], {}), (O, "福建省教育厅", [], {}),
        (O, "福建省财政厅", [], {}), (O, "全国总工会", [], {}), (O, "全国总工会网络工作部", [], {}),
        (O, "全国总工会网络工作部宣传处", [], {}), (O, "云南建投集团", [], {}),
        (O, "云南建投集团工会", [], {}), (O, "云南建投集团柬埔寨区域工会", [], {}),
        (PL, "中华人民共和国", ["中国"], {"admin_level": "country"}),
        (PL, "云南省", ["云南"], {"division_code": "530000", "admin_level": "province"}),
        (PL, "甘肃省", [], {"division_code": "620000", "admin_level": "province"}),
        (PL, "五华区", [], {"division_code": "530102"}),
        (PL, "普吉街道", [], {"division_code": "530102005", "admin_level": "township"}),
        (PL, "武汉市", [], {}), (PL, "长三角", [], {}),
        (PR, "数字工会", [], {}), (PR, "工会有约", [], {}), (PR, "送清凉", [], {}),
        (E, CONTEST, [], {}),
        (A, "广东省五一劳动奖章", [], {}), (A, "全国劳动模范", [], {}),
        (A, "最美工会户外劳动者服务站点", [], {}),
    ]
    k = {name: (label, name) for label, name, *_ in entities}
    doc1 = make_document(
        "101_qqqq",
        [
            "云南省总工会党组书记、常务副主席王宏介绍。",  # 0
            "云南省总工会主席王树芬，云南省人大常委会副主任王树芬。",  # 1
            "云南省总工会、云南省人大常委会位于云南省。",  # 2
            "昆明市总工会主席李四。",  # 3
            "五华区总工会位于五华区，普吉街道属五华区。",  # 4
            "五华区总工会主办“工会有约”，并开展工会有约活动。",  # 5
            "云南省总工会与云南省人社厅推出数字工会。",  # 6
            "甘肃省教科文卫工委主席刘虎林、干部张三开展送清凉活动。",  # 7
            "甘肃省教科文卫工委位于甘肃省。",  # 8
        ],
        entities,
        [
            (k["王宏"], "holds_position", k[UNION], "党组书记", 0, "post"),
            (k["王宏"], "holds_position", k[UNION], "常务副主席", 0, "post"),
            (k["王树芬"], "holds_position", k[UNION], "主席", 1, "post"),
            (k["王树芬"], "holds_position", k[PEOPLES_CONGRESS], "副主任", 1, "post"),
            (k[UNION], "located_in", k["云南省"], None, 2, "located"),
            (k[PEOPLES_CONGRESS], "located_in", k["云南省"], None, 2, "located"),
            (k["李四"], "holds_position", k[KUNMING_UNION], "主席", 3, "post"),
            (k[WUHUA_UNION], "located_in", k["五华区"], None, 4, "located"),
            (k["普吉街道"], "located_in", k["五华区"], None, 4, "located"),
            (k[WUHUA_UNION], "organizes", k["工会有约"], "主办", 5, "organizes.role"),
            (k[WUHUA_UNION], "organizes", k["工会有约"], None, 5, "organizes"),
            (k[UNION], "organizes", k["数字工会"], None, 6, "organizes"),
            (k[YN_HRSS], "organizes", k["数字工会"], None, 6, "organizes"),
            (k["刘虎林"], "holds_position", k[GANSU_UNION], "主席", 7, "post"),
            (k["张三"], "holds_position", k[GANSU_UNION], None, 7, "post"),
            (k[GANSU_UNION], "organizes", k["送清凉"], None, 7, "organizes"),
            (k[GANSU_UNION], "located_in", k["甘肃省"], None, 8, "located"),
        ],
    )
    doc2 = make_document(
        "102_rrrr",
        [
            "云南省总工会党组书记王宏出席。",  # 0
            "湖北省武汉市总工会主办、武汉市家庭服务业协会和武汉市商贸金融烟草工会承办2023年武汉市家政服务业职业技能竞赛。",  # 1
            "湖北省武汉市总工会举办2023年武汉市家政服务业职业技能竞赛。",  # 2
            "湖北省武汉市总工会位于武汉市。",  # 3
            "邱辉荣获广东省五一劳动奖章，全国劳动模范李万君。",  # 4
            "全国总工会被评为最美工会户外劳动者服务站点。",  # 5
            "福建省总工会与福建省人社厅、福建省教育厅、福建省财政厅合作，福建省人社厅与福建省教育厅共建。",  # 6
            "福建省教育厅与福建省总工会携手。",  # 7
            "全国总工会网络工作部宣传处隶属全国总工会网络工作部，后者隶属全国总工会。",  # 8
            "云南建投集团柬埔寨区域工会隶属云南建投集团工会，云南建投集团工会隶属云南建投集团。",  # 9
        ],
        [(label, name, aliases, props) for label, name, aliases, props in entities
         if name in {"王宏", UNION, WUHAN_UNION, CONTEST, "武汉市"}],
        [
            (k["王宏"], "holds_position", k[UNION], "党组书记", 0, "post"),
            (k[WUHAN_UNION], "organizes", k[CONTEST], "主办", 1, "organizes.role"),
            (k["武汉市家庭服务业协会"], "organizes", k[CONTEST], "承办", 1, "organizes.role"),
            (k["武汉市商贸金融烟草工会"], "organizes", k[CONTEST], "承办", 1, "organizes.role"),
            (k[WUHAN_UNION], "organizes", k[CONTEST], None, 2, "organizes"),
            (k[WUHAN_UNION], "located_in", k["武汉市"], None, 3, "located"),
            (k["邱辉"], "received_award", k["广东省五一劳动奖章"], None, 4, "award"),
            (k["李万君"], "received_award", k["全国劳动模范"], None, 4, "award"),
            (k["全国总工会"], "received_award", k["最美工会户外劳动者服务站点"], None, 5, "award"),
            (k["福建省总工会"], "partner_of", k["福建省人社厅"], None, 6, "partner"),
            (k["福建省总工会"], "partner_of", k["福建省教育厅"], None, 6, "partner"),
            (k["福建省总工会"], "partner_of", k["福建省财政厅"], None, 6, "partner"),
            (k["福建省人社厅"], "partner_of", k["福建省教育厅"], None, 6, "partner"),
            (k["福建省教育厅"], "partner_of", k["福建省总工会"], None, 7, "partner"),
            (k["全国总工会网络工作部宣传处"], "sub_organization_of", k["全国总工会网络工作部"], None, 8, "sub"),
            (k["全国总工会网络工作部"], "sub_organization_of", k["全国总工会"], None, 8, "sub"),
            (k["云南建投集团柬埔寨区域工会"], "sub_organization_of", k["云南建投集团工会"], None, 9, "sub"),
            (k["云南建投集团工会"], "sub_organization_of", k["云南建投集团"], None, 9, "sub"),
        ],
    )
    return [doc1, doc2, dated_document()]


#: The organisation that organisation_timeline.rq asks about.
TIMELINE_ORG = UNION


def dated_document():
    """A page of a known day (from a manifest) with a dateline and two reporters, where 云南省总工会
    organises two events: one on a day of the text (今天, the dateline's), one in a part of a
    month (9月中旬), and no other query sees either."""
    from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, PageMeta, Relation

    sentences = ["本报昆明9月17日电（记者张明 通讯员王芳）今天上午，2022年云南省职工职业技能大赛开幕，云南省总工会主办。",
                 "9月中旬，云南省总工会还将举办彩云工匠论坛。"]
    text, article = "".join(sentences), "103_ssss#a1"
    contest, forum = ("EVENT", "2022年云南省职工职业技能大赛"), ("EVENT", "彩云工匠论坛")
    entities = [Entity(label, name, {name}, [Mention(0, 1, name, label, "t", article)])
                for label, name in (("PERSON", "张明"), ("PERSON", "王芳"), ("ORG", UNION), contest, forum)]
    relations = [
        Relation(("ORG", UNION), "organizes", contest, "主办",
                 Evidence("103_ssss", article, 0, len(sentences[0]), sentences[0], "organizes.role", "今天")),
        Relation(("ORG", UNION), "organizes", forum, None,
                 Evidence("103_ssss", article, len(sentences[0]), len(text), sentences[1], "organizes", "9月中旬")),
    ]
    return Document("103_ssss", "103_ssss.txt", Normalized(text, text, tuple(range(len(text) + 1))),
                    [Article(article, 0, len(text), "云南职工技能大赛开幕", ("张明", "王芳"), (("张明", "记者"), ("王芳", "通讯员")),
                             "昆明9月17日电")],
                    entities, relations, meta=PageMeta("工人日报", "A", "1", "2022-09-18", "0" * 64))


#: The sentences that give 王宏 his posts: the first of each page, so their offsets start at 0.
_POST_SENTENCE = "云南省总工会党组书记、常务副主席王宏介绍。"
_POST_SENTENCE_2 = "云南省总工会党组书记王宏出席。"

#: query file -> its rows on the hand-made graph.
HAND_MADE = {
    "provincial_union_posts": [
        ("云南省", UNION, "王宏", "党组书记"),
        ("云南省", UNION, "王宏", "常务副主席"),
        ("云南省", UNION, "王树芬", "主席"),
        ("甘肃省", GANSU_UNION, "刘虎林", "主席"),
        ("甘肃省", GANSU_UNION, "张三", None),
    ],
    "union_programmes_by_province": [
        ("云南省", UNION, "数字工会", None),
        # 五华区 -> 昆明市 -> 云南省 come from the division table; the roleless 开展 is left out.
        ("云南省", "五华区总工会", "工会有约", "主办"),
        ("甘肃省", GANSU_UNION, "送清凉", None),
    ],
    "award_recipients": [
        ("全国劳动模范", "李万君", "person"),
        ("广东省五一劳动奖章", "邱辉", "person"),
        ("最美工会户外劳动者服务站点", "全国总工会", "organisation"),
    ],
    "co_organisers": [
        (CONTEST, WUHAN_UNION, "主办"),
        (CONTEST, "武汉市商贸金融烟草工会", "承办"),
        (CONTEST, "武汉市家庭服务业协会", "承办"),
        ("数字工会", YN_HRSS, None),
        ("数字工会", UNION, None),
    ],
    "fact_evidence": [
        ("王宏", "holds_position", UNION, "党组书记", "101_qqqq", "101_qqqq#a1", "0",
         str(len(_POST_SENTENCE)), "post", _POST_SENTENCE),
        ("王宏", "holds_position", UNION, "党组书记", "102_rrrr", "102_rrrr#a1", "0",
         str(len(_POST_SENTENCE_2)), "post", _POST_SENTENCE_2),
        ("王宏", "holds_position", UNION, "常务副主席", "101_qqqq", "101_qqqq#a1", "0",
         str(len(_POST_SENTENCE)), "post", _POST_SENTENCE),
    ],
    "organisation_timeline": [
        ("2022-09", "9月中旬", UNION, "organizes", "彩云工匠论坛", None, "2022-09-17", "云南职工技能大赛开幕", "张明"),
        ("2022-09", "9月中旬", UNION, "organizes", "彩云工匠论坛", None, "2022-09-17", "云南职工技能大赛开幕", "王芳"),
        ("2022-09-17", "今天", UNION, "organizes", "2022年云南省职工职业技能大赛", "主办", "2022-09-17", "云南职工技能大赛开幕", "张明"),
        ("2022-09-17", "今天", UNION, "organizes", "2022年云南省职工职业技能大赛", "主办", "2022-09-17", "云南职工技能大赛开幕", "王芳"),
        (None, None, UNION, "located_in", "云南省", None, None, "101_qqqq 标题", None),
        (None, None, UNION, "organizes", "数字工会", None, None, "101_qqqq 标题", None),
        (None, None, "王宏", "holds_position", UNION, "党组书记", None, "101_qqqq 标题", None),
        (None, None, "王宏", "holds_position", UNION, "党组书记", None, "102_rrrr 标题", None),
        (None, None, "王宏", "holds_position", UNION, "常务副主席", None, "101_qqqq 标题", None),
        (None, None, "王树芬", "holds_position", UNION, "主席", None, "101_qqqq 标题", None),
    ],
    "partner_counts": [
        ("福建省总工会", "3"),
        ("福建省人社厅", "2"),
        ("福建省教育厅", "2"),
        ("福建省财政厅", "1"),
    ],
    "administrative_places": [
        ("中华人民共和国", None, "country", None, None),
        ("云南省", "530000", "province", None, None),
        ("甘肃省", "620000", "province", None, None),
        ("昆明市", "530100", "prefecture", "云南省", "gazetteer"),
        ("五华区", "530102", "county", "昆明市", "gazetteer"),
        ("普吉街道", "530102005", "township", "五华区", "text"),
    ],
    "people_with_several_posts": [
        ("王宏", UNION, "党组书记"),
        ("王宏", UNION, "常务副主席"),
        ("王树芬", PEOPLES_CONGRESS, "副主任"),
        ("王树芬", UNION, "主席"),
    ],
    "organisation_units": [
        ("云南建投集团", "云南建投集团工会", "云南建投集团"),
        ("云南建投集团", "云南建投集团柬埔寨区域工会", "云南建投集团工会"),
        ("全国总工会", "全国总工会网络工作部", "全国总工会"),
        ("全国总工会", "全国总工会网络工作部宣传处", "全国总工会网络工作部"),
    ],
}

#: query file -> oracle. fact_evidence's oracle takes the two names of the query's VALUES.
ORACLES = {
    "provincial_union_posts": provincial_union_posts,
    "union_programmes_by_province": union_programmes_by_province,
    "award_recipients": award_recipients,
    "co_organisers": co_organisers,
    "fact_evidence": fact_evidence,
    "partner_counts": partner_counts,
    "administrative_places": administrative_places,
    "people_with_several_posts": people_with_several_posts,
    "organisation_units": organisation_units,
    "organisation_timeline": organisation_timeline,
}

QUERY_NAMES = sorted(ORACLES)

#: The one-line VALUES of fact_evidence.rq that names the fact.
_FACT_VALUES = re.compile(r'VALUES \(\?subject \?object\) \{ \("([^"]*)"@zh "([^"]*)"@zh\) \}')


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def asked_fact(text: str) -> tuple[str, str]:
    match = _FACT_VALUES.search(text)
    assert match, "fact_evidence.rq names its fact in one VALUES line"
    return match.groups()


def ask_about(text: str, subject: str, obj: str) -> str:
    """fact_evidence.rq asking about another fact."""
    def literal(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"@zh'
    values = f"VALUES (?subject ?object) {{ ({literal(subject)} {literal(obj)}) }}"
    return _FACT_VALUES.sub(lambda _: values, text)


def asked_organisation(text: str) -> str:
    match = re.search(r'VALUES \?organisation \{ "([^"]*)"@zh \}', text)
    assert match, "organisation_timeline.rq names its organisation in one VALUES line"
    return match.group(1)


def expected(name: str, facts: Facts):
    if name == "fact_evidence":
        return fact_evidence(facts, *asked_fact(query_text(name)))
    if name == "organisation_timeline":
        return organisation_timeline(facts, asked_organisation(query_text(name)))
    return ORACLES[name](facts)


@dataclass
class Built:
    rdf: Graph
    facts: Facts
    store: Path  # the pyoxigraph store that `kg sparql` queries


def store_rows(store: Path, text: str) -> list[tuple]:
    """The rows of a query as `kg sparql` answers it (on the store, W3C JSON), as text."""
    out = io.StringIO()
    run_sparql(store, text, out, "json")
    answer = json.loads(out.getvalue())
    names = answer["head"]["vars"]
    return [tuple(b[v]["value"] if v in b else None for v in names) for b in answer["results"]["bindings"]]


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    out = tmp_path_factory.mktemp("hand_made")
    graph = build_graph(query_documents(), Q_DIVISIONS)
    (out / "graph.ttl").write_text(serialize_turtle(to_rdf(graph)), encoding="utf-8")
    write_graphml(graph, out / "graph.graphml")
    return Built(Graph().parse(out / "graph.ttl", format="turtle"), Facts(out / "graph.graphml"), ensure_store(out / "graph.ttl"))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    from kg.pipeline.batch import build

    top = tmp_path_factory.mktemp("seeds")
    (top / ".started").touch()  # beside the build: kg build writes only into a folder of its own
    out = top / "build"
    build([SEEDS], out)
    return out


def _sources_changed_since(stamp: Path) -> list[Path]:
    """Files of the package, rules or ontology edited after ``stamp`` (while the tests ran)."""
    since = stamp.stat().st_mtime
    return [path for folder in ("kg", "pipelines", "ontology") for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix != ".pyc" and path.stat().st_mtime > since]


@pytest.fixture(scope="session")
def seeds(seed_build):
    rdf = Graph().parse(seed_build / "graph.ttl", format="turtle")
    return Built(rdf, Facts(seed_build / "graph.graphml"), ensure_store(seed_build / "graph.ttl"))


# ---------------------------------------------------------------------------------------------
# The query files
# ---------------------------------------------------------------------------------------------


def test_every_query_file_has_an_oracle_and_hand_made_rows():
    files = sorted(path.stem for path in QUERIES.glob("*.rq"))
    assert len(files) >= 8
    assert files == QUERY_NAMES == sorted(HAND_MADE)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_file_states_its_question_and_orders_its_rows(name):
    text = query_text(name)
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, "the file starts with comment lines"
    question = " ".join(header)
    assert "?" in question and re.search(r"[a-z]{3,} [a-z]{3,}", question), "the question in English"
    assert "？" in question and re.search(r"[\u4e00-\u9fff]{4,}", question), "the question in Chinese"
    assert "ORDER BY" in text
    assert "PREFIX kg:" in text or "kg:" not in text, "declares the ontology's prefixes it uses"


# ---------------------------------------------------------------------------------------------
# Hand-made graph: exact rows
# ---------------------------------------------------------------------------------------------


def test_hand_made_graph_conforms(hand_made):
    conforms, report = validate(hand_made.rdf)
    assert conforms, report


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_on_hand_made_graph(hand_made, name):
    columns, rows = run_query(hand_made.rdf, query_text(name))
    assert rows == HAND_MADE[name]
    assert len(columns) == len(rows[0])
    assert store_rows(hand_made.store, query_text(name)) == rows  # kg sparql: the same rows


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_oracle_on_hand_made_graph(hand_made, name):
    """The oracles that check the seed graph give the hand-written rows here."""
    assert expected(name, hand_made.facts) == HAND_MADE[name]


def test_fact_evidence_of_a_gazetteer_link(hand_made):
    text = ask_about(query_text("fact_evidence"), "五华区", "昆明市")
    _, rows = run_query(hand_made.rdf, text)
    assert rows == [("五华区", "located_in", "昆明市", None, None, None, None, None, GAZETTEER_RULE, None)]


def test_fact_evidence_of_an_organising_role(hand_made):
    text = ask_about(query_text("fact_evidence"), WUHAN_UNION, CONTEST)
    _, rows = run_query(hand_made.rdf, text)
    assert [(row[3], row[5], row[8]) for row in rows] == [
        (None, "102_rrrr#a1", "organizes"), ("主办", "102_rrrr#a1", "organizes.role"),
    ]


# ---------------------------------------------------------------------------------------------
# Seed graph: what the oracle computes from the same build
# ---------------------------------------------------------------------------------------------


@pytest.mark.model
def test_seed_graph_parses_and_conforms(seeds):
    assert len(seeds.rdf) > 1000
    conforms, report = validate(seeds.rdf)
    assert conforms, report


@pytest.mark.model
def test_seed_graph_is_byte_identical_on_a_second_build(seed_build, tmp_path):
    """A second build, in another process with another hash seed, writes the same bytes."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") == "0" else "0"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(tmp_path), "--quiet"],
                   env=env, check=True, capture_output=True)
    changed = _sources_changed_since(seed_build.parent / ".started")
    if changed:
        pytest.skip(f"the two builds ran different code: {', '.join(map(str, changed[:3]))} changed")
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / name).read_bytes() == (seed_build / name).read_bytes(), name


@pytest.mark.model
@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_on_seed_graph(seeds, name):
    _, rows = run_query(seeds.rdf, query_text(name))
    assert rows == expected(name, seeds.facts)
    assert store_rows(seeds.store, query_text(name)) == rows  # kg sparql, on the store it makes at its first query


@pytest.mark.model
def test_fact_evidence_on_seed_graph_for_every_kind_of_fact(seeds):
    """The evidence query, asked about the first fact of each predicate and of the gazetteer."""
    text = query_text("fact_evidence")
    firsts = {}
    for e in sorted(seeds.facts.edges, key=lambda e: (e.u, e.v, e.role or "")):
        firsts.setdefault((e.predicate, e.from_gazetteer), e)
    assert firsts
    for e in firsts.values():
        subject, obj = seeds.facts.name(e.u), seeds.facts.name(e.v)
        _, rows = run_query(seeds.rdf, ask_about(text, subject, obj))
        assert rows and rows == fact_evidence(seeds.facts, subject, obj)
        assert store_rows(seeds.store, ask_about(text, subject, obj)) == rows
