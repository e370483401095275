"""kg.export.rdf and kg.export.sparql on the hand-made documents of tests/test_graph.py."""
import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic

import kg.export.rdf
import kg.export.sparql
from kg.graph import build_graph
from kg.model import Document, Entity, Normalized
from kg.export.rdf import serialize_turtle, to_rdf, validate
from kg.export.results import format_table
from kg.export.sparql import run_query
from kg.vocab import FOAF, KG, ORG, PROV, RDF, SKOS, entity_iri, role_iri
from tests.test_graph import DIVISIONS, NASTY, sample_documents

ROOT = Path(__file__).resolve().parents[2]

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/cnnewskg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

POSTS = PREFIXES + """
SELECT ?person ?post ?org WHERE {
    ?m a org:Membership ;
        org:member/skos:prefLabel ?person ;
        org:organization/skos:prefLabel ?org ;
        org:role/skos:prefLabel ?post .
}
ORDER BY ?person ?org ?post
"""


@pytest.fixture(scope="module")
def rdf():
    return to_rdf(build_graph(sample_documents(), DIVISIONS))


def test_doctests():
    assert doctest.testmod(kg.export.rdf).failed == 0
    assert doctest.testmod(kg.export.sparql).failed == 0


def test_turtle_parses_back_to_the_same_graph(rdf):
    back = Graph().parse(data=serialize_turtle(rdf), format="turtle")
    assert len(back) == len(rdf)
    assert isomorphic(back, rdf)


def test_turtle_is_byte_identical_across_runs(rdf):
    text = serialize_turtle(rdf)
    assert serialize_turtle(to_rdf(build_graph(reversed(sample_documents()), DIVISIONS))) == text
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests'];"
        "from test_graph import DIVISIONS, sample_documents;"
        "from kg.graph import build_graph; from kg.export.rdf import serialize_turtle, to_rdf;"
        "graph = build_graph(sample_documents(), DIVISIONS);"
        "sys.stdout.buffer.write(serialize_turtle(to_rdf(graph)).encode())"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, str(ROOT)], env=env,
                             capture_output=True, check=True).stdout
        assert out == text.encode("utf-8")


def test_no_blank_nodes(rdf):
    assert not [t for t in rdf if any(isinstance(term, BNode) for term in t)]


def test_nasty_names_survive(rdf):
    odd = entity_iri("ORG", NASTY)
    back = Graph().parse(data=serialize_turtle(rdf), format="turtle")
    assert back.value(odd, SKOS.prefLabel) == Literal(NASTY, lang="zh")
    assert set(back.objects(odd, SKOS.altLabel)) == {
        Literal('“A"B”工会', lang="zh"), Literal("back\\slash", lang="zh")
    }
    assert not set(str(odd)) & set(' "<>{}\\\n|^`')


def test_any_name_gives_valid_turtle():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.text(min_size=1, max_size=12),
                      st.sets(st.text(min_size=1, max_size=6), max_size=3))
    def check(name, aliases):
        entities = [Entity("ORG", name, aliases)]
        doc = Document("d", "d.txt", Normalized("", "", (0,)), entities=entities)
        rdf = to_rdf(build_graph([doc]))
        assert isomorphic(Graph().parse(data=serialize_turtle(rdf), format="turtle"), rdf)

    check()


def test_conforms_to_shapes(rdf):
    conforms, report = validate(rdf)
    assert conforms, report


def test_entities(rdf):
    union = entity_iri("ORG", "云南省总工会")
    assert {ORG.Organization, KG.TradeUnion} <= set(rdf.objects(union, RDF.type))
    # The alias equal to the name is not an altLabel (SKOS forbids it).
    assert set(rdf.objects(union, SKOS.altLabel)) == {Literal("省总工会", lang="zh")}
    yunnan = entity_iri("PLACE", "云南省")
    assert rdf.value(yunnan, KG.divisionCode) == Literal("530000")
    assert rdf.value(yunnan, KG.administrativeLevel) == KG.Province
    columns, rows = run_query(rdf, PREFIXES + """
        SELECT ?where WHERE { ?where schema:mentions ?u . ?u skos:prefLabel "云南省总工会"@zh }
        ORDER BY ?where""")
    assert [row[0].rsplit("/", 1)[1] for row in rows] == ["001_aaaa%23a1", "002_bbbb%23a1"]


def test_who_holds_which_post_in_which_org(rdf):
    columns, rows = run_query(rdf, POSTS)
    assert columns == ["person", "post", "org"]
    assert rows == [("王宏", "党组书记", "云南省总工会"), ("王宏", "常务副主席", "云南省总工会")]
    assert format_table(columns, rows).splitlines()[0] == "person | post       | org"


def test_one_assertion_per_fact_with_all_its_evidence(rdf):
    columns, rows = run_query(rdf, PREFIXES + """
        SELECT ?post ?article ?rule ?start ?end WHERE {
            ?m a org:Membership, kg:Assertion ; kg:roleLabel ?post ; prov:wasDerivedFrom ?e .
            ?e a kg:TextEvidence ; prov:wasQuotedFrom/dcterms:identifier ?article ;
               kg:rule ?rule ; kg:startOffset ?start ; kg:endOffset ?end .
        } ORDER BY ?post ?article""")
    assert rows == [
        ("党组书记", "001_aaaa#a1", "post.org_title_name", "0", "21"),
        ("党组书记", "002_bbbb#a1", "post.org_title_name", "0", "20"),
        ("常务副主席", "001_aaaa#a1", "post.org_title_name", "0", "21"),
    ]
    memberships = set(rdf.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 2
    assert {rdf.value(m, ORG.role) for m in memberships} == {role_iri("党组书记"), role_iri("常务副主席")}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?s org:memberOf ?o", [("王宏", "云南省总工会")]),
        ("?s org:subOrganizationOf ?o", [("全国总工会网络工作部", "全国总工会")]),
        ("?s schema:containedInPlace ?o", [
            ("五华区", "昆明市"), ("普吉街道", "五华区"), ("昆明市", "云南省")
        ]),
        ("?s schema:location ?o", [(NASTY, "昆明市"), ("云南省总工会", "昆明市")]),
        ("?s kg:organizes ?o", [("湖北省武汉市总工会", "2023年武汉市家政服务业职业技能竞赛")]),
        ("?o schema:organizer ?s", [("湖北省武汉市总工会", "2023年武汉市家政服务业职业技能竞赛")]),
        ("?s kg:partnerOf ?o", [("福建省人社厅", "福建省总工会")]),
        ("?s schema:award ?o", [("邱辉", "广东省五一劳动奖章")]),
        ("?s kg:participatesIn ?o", [("曲靖市麒麟职业教育集团", "产业工人队伍建设改革")]),
    ],
)
def test_direct_triples(rdf, query, expected):
    _, rows = run_query(rdf, PREFIXES + f"""
        SELECT ?sn ?on WHERE {{ {query} . ?s skos:prefLabel ?sn . ?o skos:prefLabel ?on }}
        ORDER BY ?sn ?on""")
    assert rows == sorted(expected)


def test_organizes_keeps_its_role(rdf):
    _, rows = run_query(rdf, PREFIXES + """
        SELECT ?role WHERE { ?a a kg:Organizing ; kg:roleLabel ?role }""")
    assert rows == [("主办",)]


def test_gazetteer_links_are_marked(rdf):
    _, rows = run_query(rdf, PREFIXES + """
        SELECT ?sn ?on ?rule WHERE {
            ?a a kg:Containment ; kg:subject/skos:prefLabel ?sn ; kg:object/skos:prefLabel ?on ;
               prov:wasDerivedFrom ?e .
            ?e a kg:GazetteerEvidence ; kg:rule ?rule .
            FILTER NOT EXISTS { ?e prov:wasQuotedFrom ?any }
        } ORDER BY ?sn""")
    assert rows == [("五华区", "昆明市", "gazetteer"), ("普吉街道", "五华区", "gazetteer")]


def person(g, name):
    """The IRI of the one person called ``name`` (a person's IRI carries a tag)."""
    (found,) = [s for s in g.subjects(SKOS.prefLabel, Literal(name, lang="zh")) if (s, RDF.type, FOAF.Person) in g]
    return found


def _drop(g, s, p):
    for o in list(g.objects(s, p)):
        g.remove((s, p, o))


def _first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def _break_evidence_link(g):
    _drop(g, _first(g, KG.Assertion), PROV.wasDerivedFrom)


def _break_name(g):
    _drop(g, person(g, "王宏"), SKOS.prefLabel)


def _break_member(g):
    m = _first(g, ORG.Membership)
    _drop(g, m, ORG.member)
    g.add((m, ORG.member, entity_iri("ORG", "福建省总工会")))


def _break_offsets(g):
    e = _first(g, KG.TextEvidence)
    _drop(g, e, KG.startOffset)
    g.add((e, KG.startOffset, Literal(10_000)))


def _break_rule(g):
    _drop(g, _first(g, KG.Evidence), KG.rule)


def _break_kind(g):
    g.add((person(g, "王宏"), RDF.type, ORG.Organization))


def _break_award(g):
    a = _first(g, KG.AwardReceipt)
    _drop(g, a, KG.object)
    g.add((a, KG.object, person(g, "王宏")))


@pytest.mark.parametrize(
    "breakage, component",
    [
        (_break_evidence_link, "MinCountConstraintComponent"),
        (_break_name, "MinCountConstraintComponent"),
        (_break_member, "ClassConstraintComponent"),
        (_break_offsets, "LessThanOrEqualsConstraintComponent"),
        (_break_rule, "MinCountConstraintComponent"),
        (_break_kind, "XoneConstraintComponent"),
        (_break_award, "ClassConstraintComponent"),
    ],
)
def test_broken_graph_does_not_conform(rdf, breakage, component):
    broken = Graph()
    for triple in rdf:
        broken.add(triple)
    breakage(broken)
    conforms, report = validate(broken)
    assert not conforms
    assert f"Constraint Violation in {component} " in report


def test_unexpected_organizing_role_is_only_a_warning(rdf):
    g = Graph()
    for triple in rdf:
        g.add(triple)
    a = _first(g, KG.Organizing)
    _drop(g, a, KG.roleLabel)
    g.add((a, KG.roleLabel, Literal("举办", lang="zh")))
    conforms, report = validate(g)
    assert conforms
    assert "Warning" in report
