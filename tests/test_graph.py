"""kg.graph on small hand-made documents (also used by the tests of tests/export/)."""
import doctest
import json

import networkx as nx
import pytest

import kg.graph
from kg.export.graphml import graphml_ready, read_graphml, split_names, write_graphml
from kg.graph import GAZETTEER_RULE, build_graph, node_id
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation

#: A tiny division table: code -> (name, level, parent code).
DIVISIONS = {
    "530000": ("云南省", 1, ""),
    "530100": ("昆明市", 2, "530000"),
    "530102": ("五华区", 3, "530100"),
    "530102005": ("普吉街道", 4, "530102"),
}

#: A name that Turtle and GraphML must escape: quotes, backslash, braces, angle brackets, newline.
NASTY = 'A"B\\C{D}<E>\nF\'工会'


def make_document(doc_id, sentences, entities, relations):
    """A one-article document whose text is ``sentences``; relations are
    ``(subject key, predicate, object key, role, sentence index, rule)``."""
    text = "".join(sentences)
    article = f"{doc_id}#a1"
    starts = [sum(len(s) for s in sentences[:i]) for i in range(len(sentences))]
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        normalized=Normalized(text, text, tuple(range(len(text) + 1))),
        articles=[Article(article, 0, len(text), title=f"{doc_id} 标题")],
        entities=[
            Entity(label, name, set(aliases), [Mention(0, len(name), name, label, "test", article)],
                   dict(props))
            for label, name, aliases, props in entities
        ],
        relations=[
            Relation(subject, predicate, obj, role, Evidence(
                doc_id, article, starts[i], starts[i] + len(sentences[i]), sentences[i], rule))
            for subject, predicate, obj, role, i, rule in relations
        ],
    )


WANG = ("PERSON", "王宏")
YN_UNION = ("ORG", "云南省总工会")
ACFTU = ("ORG", "全国总工会")
ACFTU_NET = ("ORG", "全国总工会网络工作部")
WUHAN_UNION = ("ORG", "湖北省武汉市总工会")
CONTEST = ("EVENT", "2023年武汉市家政服务业职业技能竞赛")
FJ_UNION = ("ORG", "福建省总工会")
FJ_HRSS = ("ORG", "福建省人社厅")
QIU = ("PERSON", "邱辉")
MEDAL = ("AWARD", "广东省五一劳动奖章")
SCHOOL = ("ORG", "曲靖市麒麟职业教育集团")
REFORM = ("PROGRAMME", "产业工人队伍建设改革")
YUNNAN = ("PLACE", "云南省")
KUNMING = ("PLACE", "昆明市")
PUJI = ("PLACE", "普吉街道")
ODD = ("ORG", NASTY)


def sample_documents():
    """Two pages: a person with two posts in a union, an org in a place, a sub-organisation,
    an event organised with role 主办, a partner pair, an award, a pilot unit, a nasty name;
    the second page mentions the union and one post again and names a sub-district."""
    doc1 = make_document(
        "001_aaaa",
        [
            "云南省总工会党组书记、常务副主席王宏介绍。",  # 0
            "云南省总工会位于昆明市，昆明市是云南省省会。",  # 1
            "全国总工会网络工作部负责此事。",  # 2
            "湖北省武汉市总工会主办2023年武汉市家政服务业职业技能竞赛。",  # 3
            "福建省总工会与福建省人社厅联合开展活动。",  # 4
            "邱辉荣获广东省五一劳动奖章。",  # 5
            "曲靖市麒麟职业教育集团是产改试点单位。",  # 6
            "“A\"B”工会位于昆明市。",  # 7
        ],
        [
            ("PERSON", "王宏", [], {}),
            ("ORG", "云南省总工会", ["省总工会", "云南省总工会"], {"org_type": "trade_union"}),
            ("ORG", "全国总工会", [], {"org_type": "trade_union"}),
            ("ORG", "全国总工会网络工作部", [], {}),
            ("ORG", "湖北省武汉市总工会", ["武汉市总工会"], {"org_type": "trade_union"}),
            ("EVENT", CONTEST[1], [], {}),
            ("ORG", "福建省总工会", [], {"org_type": "trade_union"}),
            ("ORG", "福建省人社厅", [], {"org_type": "government"}),
            ("PERSON", "邱辉", [], {}),
            ("AWARD", "广东省五一劳动奖章", [], {}),
            ("ORG", "曲靖市麒麟职业教育集团", ["曲靖市麒麟职教集团"], {"org_type": "school"}),
            ("PROGRAMME", "产业工人队伍建设改革", ["产改"], {}),
            ("PLACE", "云南省", ["云南"], {"division_code": "530000", "admin_level": "province"}),
            ("PLACE", "昆明市", ["昆明"], {"division_code": "530100", "admin_level": "prefecture"}),
            ("ORG", NASTY, ['“A"B”工会', "back\\slash"], {}),
        ],
        [
            (WANG, "holds_position", YN_UNION, "党组书记", 0, "post.org_title_name"),
            (WANG, "holds_position", YN_UNION, "常务副主席", 0, "post.org_title_name"),
            (YN_UNION, "located_in", KUNMING, None, 1, "located.weiyu"),
            (KUNMING, "located_in", YUNNAN, None, 1, "located.capital"),
            (ACFTU_NET, "sub_organization_of", ACFTU, None, 2, "suborg.prefix"),
            (WUHAN_UNION, "organizes", CONTEST, "主办", 3, "organizes.zhuban"),
            # Written from the larger node id: build_graph turns it round.
            (FJ_UNION, "partner_of", FJ_HRSS, None, 4, "partner.lianhe"),
            (QIU, "received_award", MEDAL, None, 5, "award.ronghuo"),
            (SCHOOL, "participates_in", REFORM, None, 6, "participates.pilot"),
            (ODD, "located_in", KUNMING, None, 7, "located.weiyu"),
        ],
    )
    doc2 = make_document(
        "002_bbbb",
        ["云南省总工会党组书记王宏到普吉街道调研。"],
        [
            ("PERSON", "王宏", ["王宏"], {}),
            ("ORG", "云南省总工会", ["云南省总工会"], {"org_type": "trade_union"}),
            ("PLACE", "普吉街道", [], {"division_code": "530102005", "admin_level": "township"}),
        ],
        [(WANG, "holds_position", YN_UNION, "党组书记", 0, "post.org_title_name")],
    )
    return [doc1, doc2]


@pytest.fixture
def graph():
    return build_graph(sample_documents(), DIVISIONS)


def nid(graph, key):
    """The node of ``key``: a person's node id carries a tag (kg.graph.Identity), found by its
    name; another node's is :func:`node_id` of its key."""
    if key[0] != "PERSON":
        return node_id(key)
    (found,) = [n for n, data in graph.nodes(data=True) if (data["label"], data["name"]) == key]
    return found


def edges(graph, predicate):
    return sorted(
        (u, v, data["role"]) for u, v, data in graph.edges(data=True)
        if data["predicate"] == predicate
    )


def test_doctests():
    assert doctest.testmod(kg.graph).failed == 0


def test_nodes_are_keyed_by_label_and_name(graph):
    expected = {node_id(key) for key in (
        YN_UNION, ACFTU, ACFTU_NET, WUHAN_UNION, CONTEST, FJ_UNION, FJ_HRSS, MEDAL,
        SCHOOL, REFORM, YUNNAN, KUNMING, PUJI, ODD, ("PLACE", "五华区"),
    )}
    people = {nid(graph, WANG), nid(graph, QIU)}
    assert set(graph.nodes) == expected | people
    assert all(n.startswith(node_id(key) + ".") for n, key in zip(sorted(people), (WANG, QIU)))
    data = graph.nodes[node_id(SCHOOL)]
    assert (data["label"], data["name"]) == SCHOOL
    assert data["aliases"] == ["曲靖市麒麟职教集团"]
    assert data["props"] == {"org_type": "school"}


def test_same_entity_from_two_documents_is_one_node(graph):
    union = graph.nodes[node_id(YN_UNION)]
    assert union["aliases"] == ["云南省总工会", "省总工会"]
    assert union["mentions"] == [("001_aaaa", "001_aaaa#a1"), ("002_bbbb", "002_bbbb#a1")]


@pytest.mark.parametrize(
    "predicate, expected",
    [
        ("holds_position", [
            (WANG, YN_UNION, "党组书记"),
            (WANG, YN_UNION, "党组书记"),
            (WANG, YN_UNION, "常务副主席"),
        ]),
        ("sub_organization_of", [(ACFTU_NET, ACFTU, None)]),
        ("organizes", [(WUHAN_UNION, CONTEST, "主办")]),
        ("partner_of", [(FJ_HRSS, FJ_UNION, None)]),
        ("received_award", [(QIU, MEDAL, None)]),
        ("participates_in", [(SCHOOL, REFORM, None)]),
    ],
)
def test_one_edge_per_relation(graph, predicate, expected):
    assert edges(graph, predicate) == [(nid(graph, u), nid(graph, v), role) for u, v, role in expected]


def test_edges_carry_evidence(graph):
    (data,) = graph.get_edge_data(nid(graph, QIU), node_id(MEDAL)).values()
    assert data == {
        "predicate": "received_award",
        "role": None,
        "doc": "001_aaaa",
        "article": "001_aaaa#a1",
        "start": data["start"],
        "end": data["start"] + len("邱辉荣获广东省五一劳动奖章。"),
        "sentence": "邱辉荣获广东省五一劳动奖章。",
        "rule": "award.ronghuo",
        "date": "",
        "when": "",
    }


def test_documents_and_articles_are_listed(graph):
    documents = graph.graph["documents"]
    assert {d: (e["source"], e["articles"]) for d, e in documents.items()} == {
        "001_aaaa": ("001_aaaa.txt", {"001_aaaa#a1": "001_aaaa 标题"}),
        "002_bbbb": ("002_bbbb.txt", {"002_bbbb#a1": "002_bbbb 标题"}),
    }
    assert documents["002_bbbb"]["details"] == {
        "002_bbbb#a1": {"authors": [], "dateline": "", "date": "", "text": "云南省总工会党组书记王宏到普吉街道调研。"},
    }
    assert "meta" not in documents["002_bbbb"]  # nothing known of the page


def test_gazetteer_adds_missing_links_up_the_hierarchy(graph):
    located = {
        (u, v): data["rule"] for u, v, data in graph.edges(data=True)
        if data["predicate"] == "located_in"
    }
    assert located == {
        (node_id(YN_UNION), node_id(KUNMING)): "located.weiyu",
        (node_id(ODD), node_id(KUNMING)): "located.weiyu",
        # The text says it: no second, gazetteer edge.
        (node_id(KUNMING), node_id(YUNNAN)): "located.capital",
        (node_id(PUJI), "PLACE:五华区"): GAZETTEER_RULE,
        ("PLACE:五华区", node_id(KUNMING)): GAZETTEER_RULE,
    }
    (link,) = graph.get_edge_data(node_id(PUJI), "PLACE:五华区").values()
    assert (link["doc"], link["article"], link["sentence"]) == ("", "", "")
    added = graph.nodes["PLACE:五华区"]
    assert added["props"] == {"admin_level": "county", "division_code": "530102"}
    assert added["mentions"] == []


def test_gazetteer_finds_parents_by_code_and_fills_levels():
    """A place goes by its code's name in the table; the forms the page writes are aliases."""
    doc = make_document("d", ["昆明市。"], [
        ("PLACE", "昆明", [], {"division_code": "530100", "admin_level": ""}),
        ("PLACE", "云南", [], {"division_code": "530000"}),
    ], [])
    graph = build_graph([doc], {code: (n, str(lv), p) for code, (n, lv, p) in DIVISIONS.items()})
    assert edges(graph, "located_in") == [("PLACE:昆明市", "PLACE:云南省", None)]
    assert graph.nodes["PLACE:昆明市"]["props"]["admin_level"] == "prefecture"
    assert graph.nodes["PLACE:云南省"]["props"]["admin_level"] == "province"
    assert graph.nodes["PLACE:昆明市"]["aliases"] == ["昆明"]


def test_gazetteer_links_each_namesake_to_its_own_parent():
    divisions = {**DIVISIONS, "320106": ("鼓楼区", 3, "320100"), "320100": ("南京市", 2, ""),
                 "350102": ("鼓楼区", 3, "350100"), "350102001": ("某街道", 4, "350102")}
    doc = make_document("d", ["x"], [
        ("PLACE", "鼓楼区", [], {"division_code": "320106"}),
        ("PLACE", "某街道", [], {"division_code": "350102001"}),
    ], [])
    graph = build_graph([doc], divisions)
    assert edges(graph, "located_in") == [
        ("PLACE:某街道", "PLACE:鼓楼区.350102", None), ("PLACE:鼓楼区.320106", "PLACE:南京市", None),
    ]


def test_without_divisions_no_gazetteer_edges():
    graph = build_graph(sample_documents())
    assert not [1 for *_, rule in graph.edges(data="rule") if rule == GAZETTEER_RULE]
    assert "PLACE:五华区" not in graph


def test_order_of_documents_does_not_matter():
    forward = build_graph(sample_documents(), DIVISIONS)
    backward = build_graph(reversed(sample_documents()), DIVISIONS)
    assert list(forward.nodes(data=True)) == list(backward.nodes(data=True))
    assert list(forward.edges(keys=True, data=True)) == list(backward.edges(keys=True, data=True))
    assert forward.graph == backward.graph


def test_duplicate_relation_is_kept_once_and_missing_ends_get_nodes():
    doc = make_document("d", ["甲与乙合作。"], [("ORG", "甲", [], {})], [
        (("ORG", "甲"), "partner_of", ("ORG", "乙"), None, 0, "r"),
        (("ORG", "甲"), "partner_of", ("ORG", "乙"), None, 0, "r"),
    ])
    graph = build_graph([doc])
    assert edges(graph, "partner_of") == [("ORG:乙", "ORG:甲", None)]
    assert graph.nodes["ORG:乙"]["mentions"] == [("d", "d#a1")]


def test_unknown_predicate_is_an_error():
    doc = make_document("d", ["x"], [], [(WANG, "knows", QIU, None, 0, "r")])
    with pytest.raises(ValueError, match="knows"):
        build_graph([doc])


def test_graphml_read_by_networkx_has_plain_names_types_and_attributes(graph, tmp_path):
    """What Gephi, yEd or networkx see: each node labelled by its name, its type, division code,
    organisation type and aliases as plain attributes; division-table links without offsets."""
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=True)
    articles = {"001_aaaa#a1", "002_bbbb#a1"}  # each article a node too
    assert set(back.nodes) == set(graph.nodes) | articles
    assert {back.nodes[a]["type"] for a in articles} == {"ARTICLE"}
    assert back.nodes["002_bbbb#a1"]["text"] == "云南省总工会党组书记王宏到普吉街道调研。"
    assert back.number_of_edges() == graph.number_of_edges()
    for node, data in graph.nodes(data=True):
        assert (back.nodes[node]["label"], back.nodes[node]["type"]) == (data["name"], data["label"])
    union = back.nodes[node_id(YN_UNION)]
    assert union["org_type"] == "trade_union" and union["aliases"] == "云南省总工会|省总工会"
    assert union["mentioned_in"] == "001_aaaa#a1|002_bbbb#a1"
    assert back.nodes[node_id(YUNNAN)]["division_code"] == "530000"
    assert back.nodes[node_id(YUNNAN)]["admin_level"] == "province"
    assert "aliases" not in back.nodes[nid(graph, QIU)]  # none
    odd = back.nodes[node_id(ODD)]
    assert odd["label"] == NASTY and split_names(odd["aliases"]) == ["back\\slash", '“A"B”工会']
    assert not any(isinstance(v, str) and v.startswith(("[", "{")) for _, d in back.nodes(data=True) for v in d.values())
    gazetteer = [d for *_, d in back.edges(data=True) if d["rule"] == GAZETTEER_RULE]
    assert gazetteer and all(set(d) == {"predicate", "role", "rule"} for d in gazetteer)
    texts = [d for *_, d in back.edges(data=True) if d["rule"] != GAZETTEER_RULE]
    assert all(isinstance(d["start"], int) and d["end"] > d["start"] and d["sentence"] for d in texts)
    documents = json.loads(back.graph["documents"])
    assert {d: e["articles"] for d, e in documents.items()} == {d: e["articles"] for d, e in graph.graph["documents"].items()}
    assert read_graphml(path).graph == graph.graph  # the texts back from the article nodes
    roles = sorted(data["role"] for *_, data in back.edges(data=True))
    assert roles.count("") == graph.number_of_edges() - 4
    first = path.read_bytes()
    write_graphml(build_graph(reversed(sample_documents()), DIVISIONS), path)
    assert path.read_bytes() == first


def test_read_graphml_gives_back_the_graph(graph, tmp_path):
    """kg neo4j load and kg stats read a build this way: the graph that build_graph made."""
    write_graphml(graph, tmp_path / "graph.graphml")
    back = read_graphml(tmp_path / "graph.graphml")
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    def edges(g):
        return sorted(repr((u, v, sorted(d.items()))) for u, v, d in g.edges(data=True))

    assert edges(back) == edges(graph)
    assert back.graph == graph.graph


def test_graphml_ready_leaves_the_graph_alone(graph):
    before = dict(graph.nodes[node_id(YN_UNION)])
    graphml_ready(graph)
    assert graph.nodes[node_id(YN_UNION)] == before


def awkward_graph() -> nx.MultiDiGraph:
    """Attributes GraphML keys by name and type (the same name with two types), values to
    escape, an element without attributes, ids that are not strings."""
    g = nx.MultiDiGraph(documents={"d&1": {"source": "<a>"}}, count=3)
    g.add_node("ORG:甲", label="ORG", name='A"B\\C<D>&\r\n\t', aliases=["乙"], props={}, mentions=[("d", "")])
    g.add_node(7, label=5, name=1.5, flag=True, missing=None)
    g.add_node("bare\ud800")
    g.add_edge("ORG:甲", 7, role=None, start=0, sentence="")
    g.add_edge("ORG:甲", 7, role="主席", start="0", sentence="x > y & z")
    g.add_edge(7, "bare\ud800")
    return g


@pytest.mark.parametrize("make", [lambda: build_graph(sample_documents(), DIVISIONS), awkward_graph,
                                  nx.MultiDiGraph, lambda: nx.MultiDiGraph(documents={})])
def test_graphml_is_what_networkx_writes(make, tmp_path):
    write_graphml(make(), tmp_path / "streamed.graphml")
    nx.write_graphml_xml(graphml_ready(make()), tmp_path / "networkx.graphml", encoding="utf-8")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "networkx.graphml").read_bytes()


def test_repeated_strings_are_held_once():
    """Two pages read separately (as from the cache) give equal strings that are not the same
    objects; the graph keeps one of each."""
    def page(doc_id):
        text = json.loads(json.dumps("云南省总工会党组书记王宏。"))  # a new string object each time
        return make_document(doc_id, [text], [("PERSON", "王宏", [], {}), ("ORG", "云南省总工会", [], {})],
                             [(WANG, "holds_position", YN_UNION, json.loads('"党组书记"'), 0, "post")])

    graph = build_graph([page("d1"), page("d2")])
    first, second = (data for *_, data in graph.edges(data=True))
    assert first["sentence"] == second["sentence"] and first["sentence"] is second["sentence"]
    assert first["role"] is second["role"] and first["rule"] is second["rule"]
    assert graph.nodes[nid(graph, WANG)]["mentions"] == [("d1", "d1#a1"), ("d2", "d2#a1")]


def test_a_body_named_from_its_level_alone_is_one_node_per_page():
    """市总工会 on two pages that name no city are two unions; 云南省总工会 on two pages is one."""
    docs = [make_document(d, ["市总工会和云南省总工会开展活动。"],
                          [("ORG", "市总工会", ["市总工会"], {}), ("ORG", "云南省总工会", ["云南省总工会"], {})], [])
            for d in ("001_aaaa", "002_bbbb")]
    graph = build_graph(docs)
    city = sorted(n for n, data in graph.nodes(data=True) if data["name"] == "市总工会")
    assert len(city) == 2 and all(n.startswith(node_id(("ORG", "市总工会")) + ".") for n in city)
    assert sorted(graph.nodes[n]["mentions"] for n in city) == [[("001_aaaa", "001_aaaa#a1")], [("002_bbbb", "002_bbbb#a1")]]
    assert node_id(("ORG", "云南省总工会")) in graph
