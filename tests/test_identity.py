"""One node per real thing across documents (kg.graph.Identity): places by division code,
Traditional and Simplified names as one, people by the evidence their pages give."""
import dataclasses

import pytest
from rdflib import Graph, Literal, URIRef

from kg.export.rdf import serialize_turtle, to_rdf, validate
from kg.graph import Identity, build_graph, identify
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, PageMeta, Relation
from kg.vocab import DCTERMS, KG, SKOS, document_iri, entity_iri
from tests.test_graph import DIVISIONS


def page(doc_id, entities, relations=(), authors=(), meta=PageMeta()):
    """A one-article page: ``entities`` as (label, name, props), relations as (subject key,
    predicate, object key, role), the article's ``authors`` as (name, role)."""
    text = "。".join(name for _, name, _ in entities) + "。"
    article = f"{doc_id}#a1"
    return Document(
        doc_id, f"{doc_id}.txt", Normalized(text, text, tuple(range(len(text) + 1))),
        [Article(article, 0, len(text), "标题", tuple(n for n, _ in authors), tuple(authors))],
        [Entity(label, name, {name}, [Mention(0, len(name), name, label, "t", article)], dict(props))
         for label, name, props in entities],
        [Relation(s, p, o, role, Evidence(doc_id, article, 0, len(text), text, "t")) for s, p, o, role in relations],
        meta=meta,
    )


def persons(graph, name):
    return sorted(nid for nid, data in graph.nodes(data=True) if data["label"] == "PERSON" and data["name"] == name)


LI = ("PERSON", "李明")
YN = ("ORG", "云南省总工会")
SC = ("ORG", "四川华西建筑有限公司")


def test_two_different_li_ming_are_two_nodes_each_with_its_documents():
    yunnan = page("2022-09-18/page01", [("PERSON", "李明", {}), ("ORG", YN[1], {})], [(LI, "holds_position", YN, "主席")])
    sichuan = page("2022-09-19/page01", [("PERSON", "李明", {}), ("ORG", SC[1], {})], [(LI, "holds_position", SC, "工程师")])
    graph = build_graph([yunnan, sichuan])
    first, second = persons(graph, "李明")
    assert {d for d, _ in graph.nodes[first]["mentions"]} != {d for d, _ in graph.nodes[second]["mentions"]}
    assert graph.nodes[first]["iri"] != graph.nodes[second]["iri"]
    rdf = to_rdf(graph)
    for nid, doc_id in ((n, graph.nodes[n]["mentions"][0][0]) for n in (first, second)):
        assert set(rdf.objects(URIRef(graph.nodes[nid]["iri"]), DCTERMS.isReferencedBy)) == {document_iri(doc_id)}


def test_one_li_ming_with_the_same_post_on_two_pages_is_one_node():
    pages = [page(f"2022-09-{d}/page01", [("PERSON", "李明", {}), ("ORG", YN[1], {})], [(LI, "holds_position", YN, "主席")])
             for d in (18, 20)]
    graph = build_graph(pages)
    (node,) = persons(graph, "李明")
    assert [d for d, _ in graph.nodes[node]["mentions"]] == ["2022-09-18/page01", "2022-09-20/page01"]


def test_the_same_name_without_evidence_is_one_node_per_page():
    pages = [page(f"p{n}", [("PERSON", "李明", {})]) for n in (1, 2)]
    assert len(persons(build_graph(pages), "李明")) == 2


def test_evidence_links_pages_through_a_third():
    """A and C share nothing, but each shares an organisation with B: one person."""
    other = ("ORG", "昆明市总工会")
    a = page("a", [("PERSON", "李明", {})], [(LI, "holds_position", YN, "主席")])
    b = page("b", [("PERSON", "李明", {})], [(LI, "holds_position", YN, "主席"), (LI, "holds_position", other, "顾问")])
    c = page("c", [("PERSON", "李明", {})], [(LI, "holds_position", other, "顾问")])
    assert len(persons(build_graph([a, b, c]), "李明")) == 1


@pytest.mark.parametrize("newspapers, nodes", [(("工人日报", "工人日报"), 1), (("工人日报", "人民日报"), 2), (("", ""), 2)])
def test_a_reporter_is_one_person_at_one_known_newspaper(newspapers, nodes):
    pages = [page(f"p{n}", [("PERSON", "张明", {})], authors=[("张明", "记者")], meta=PageMeta(newspaper=paper))
             for n, paper in enumerate(newspapers)]
    graph = build_graph(pages)
    assert len(persons(graph, "张明")) == nodes
    authors = [details["authors"][0][2] for entry in graph.graph["documents"].values() for details in entry["details"].values()]
    assert sorted(set(authors)) == persons(graph, "张明")


def test_person_iris_are_stable():
    """A person's IRI comes from its own evidence: the same on every run, and the same when
    pages about others are added."""
    mine = page("p1", [("PERSON", "李明", {}), ("ORG", YN[1], {})], [(LI, "holds_position", YN, "主席")])
    alone = page("p2", [("PERSON", "李明", {})])
    others = page("p3", [("PERSON", "王芳", {})])
    first = build_graph([mine, alone])
    second = build_graph([others, alone, mine])
    assert {first.nodes[n]["iri"] for n in persons(first, "李明")} == {second.nodes[n]["iri"] for n in persons(second, "李明")}


def test_traditional_and_simplified_names_are_one_node():
    simplified = page("s", [("ORG", "云南省总工会", {}), ("PROGRAMME", "技能强省行动", {}),
                            ("PLACE", "云南省", {"division_code": "530000"}), ("PLACE", "云南", {"division_code": "530000"})])
    traditional = page("t", [("ORG", "雲南省總工會", {}), ("PROGRAMME", "技能強省行動", {}),
                             ("PLACE", "雲南省", {"division_code": "530000"})])
    graph = build_graph([traditional, simplified], DIVISIONS)
    assert graph.nodes["ORG:云南省总工会"]["aliases"] == sorted(["云南省总工会", "雲南省總工會"])
    assert graph.nodes["PROGRAMME:技能强省行动"]["aliases"] == sorted(["技能强省行动", "技能強省行動"])
    assert graph.nodes["PLACE:云南省"]["aliases"] == sorted(["云南", "云南省", "雲南省"])
    assert [n for n in graph if n.startswith("PLACE:")] == ["PLACE:云南省"]
    assert sorted(d for d, _ in graph.nodes["ORG:云南省总工会"]["mentions"]) == ["s", "t"]


def test_a_place_goes_by_the_division_table_and_namesakes_stay_apart():
    divisions = {**DIVISIONS, "350100": ("福州市", 2, ""), "350102": ("鼓楼区", 3, "350100"),
                 "320100": ("南京市", 2, ""), "320106": ("鼓楼区", 3, "320100")}
    doc = page("d", [("PLACE", "鼓楼", {"division_code": "350102"}), ("PLACE", "鼓楼区", {"division_code": "320106"}),
                     ("PLACE", "昆明", {"division_code": "530100"})])
    graph = build_graph([doc], divisions)
    assert {n for n in graph if "鼓楼" in n} == {"PLACE:鼓楼区.350102", "PLACE:鼓楼区.320106"}
    assert graph.nodes["PLACE:鼓楼区.350102"]["iri"].endswith("/place/鼓楼区.350102")
    links = {(u, v) for u, v, p in graph.edges(data="predicate") if p == "located_in"}
    assert {("PLACE:鼓楼区.350102", "PLACE:福州市"), ("PLACE:鼓楼区.320106", "PLACE:南京市"),
            ("PLACE:昆明市", "PLACE:云南省")} <= links


def test_identity_answers_for_any_entity_of_a_page():
    identity = identify([page("d", [("PERSON", "李明", {})])], DIVISIONS)
    assert identity.node("d", "PLACE", "昆明", {"division_code": "530100"})[:3] == ("PLACE:昆明市", "PLACE", "昆明市")
    assert identity.node("d", "ORG", "雲南省總工會")[0] == "ORG:云南省总工会"
    person = identity.node("d", "PERSON", "李明")
    assert person[0] == f"PERSON:李明.{person[3]}" and len(person[3]) == 8
    assert isinstance(Identity(), Identity)


def test_shapes_allow_one_node_per_division_code():
    graph = build_graph([page("d", [("PLACE", "云南省", {"division_code": "530000"})])], DIVISIONS)
    rdf = to_rdf(graph)
    assert validate(rdf)[0]
    # a second node with the code: what the graph made before there was one node per code
    twin = entity_iri("PLACE", "雲南省")
    for triple in [(twin, p, o) for _, p, o in rdf.triples((entity_iri("PLACE", "云南省"), None, None))]:
        rdf.add(triple)
    conforms, report = validate(rdf)
    assert not conforms and "division code" in report


def test_graph_with_pages_in_dated_folders_is_byte_identical():
    pages = [page("2022-09-18/page01", [("ORG", YN[1], {})]), page("2022-09-19/page01", [("ORG", YN[1], {})])]
    first = serialize_turtle(to_rdf(build_graph(pages)))
    assert first == serialize_turtle(to_rdf(build_graph(list(reversed(pages)))))
    assert "document:2022-09-18%2Fpage01" in first
