"""kg.turtle writes the bytes of rdflib's longturtle, for the project's graphs and for the
awkward terms rdflib treats specially (no prefixed name, escaped local names, literal kinds)."""
import random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph import build_graph
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation
from kg.rdf import serialize_turtle, to_rdf
from kg.turtle import Triples, graph_triples
from kg.vocab import KG, PREFIXES, RDF, RDFS, SKOS, entity_iri

DIVISIONS = {"530000": ("云南省", 1, ""), "530100": ("昆明市", 2, "530000"), "530102": ("五华区", 3, "530100")}
NAMES = ["王宏", "张驰", "国家会展中心（天津）", 'a "b"/c%', "A.", "x(y)", "昆明市", "云南省总工会", "ü\\n", "𠀀字"]


def documents(count: int, seed: int = 1) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for d in range(count):
        doc_id = f"d{d:03d}"
        sentence = rng.choice(['他说："好"。\n换行\\反斜杠', "王宏任云南省总工会党组书记", "'单引号'\t制表"])
        ents = [
            Entity("PERSON", rng.choice(NAMES[:6]), {rng.choice(NAMES)}, [Mention(0, 1, "x", "PERSON", "r", f"{doc_id}#a1")]),
            Entity("ORG", rng.choice(NAMES[6:]) + "工会", {"工会", "总工会"}, [], {"org_type": rng.choice(["trade_union", "company", ""])}),
            Entity("PLACE", "昆明市", {"昆明"}, [Mention(0, 1, "x", "PLACE", "r", f"{doc_id}#a2")], {"division_code": "530100"}),
            Entity("PLACE", "五华区", set(), [], {"division_code": "530102"}),
        ]
        rels = [
            Relation(ents[0].key, "holds_position", ents[1].key, rng.choice(["主席", None, "副主席（兼）"]),
                     Evidence(doc_id, f"{doc_id}#a1", rng.randrange(9), rng.randrange(10, 99), sentence, "post")),
            Relation(ents[1].key, "located_in", ents[2].key, None, Evidence(doc_id, "", 0, 5, sentence, "place")),
            Relation(ents[1].key, "partner_of", ents[1].key, None, Evidence(doc_id, f"{doc_id}#a2", 1, 2, "", "p")),
        ]
        docs.append(Document(doc_id, f"{doc_id}.txt", Normalized("", "", (0,)),
                             [Article(f"{doc_id}#a1", 0, 1, rng.choice(["", "题（一）"])), Article(f"{doc_id}#a2", 1, 2)], ents, rels))
    return docs


@pytest.mark.parametrize("count", [1, 7, 40])
def test_graph_triples_write_what_rdflib_writes(count):
    graph = build_graph(documents(count), DIVISIONS)
    rdf = to_rdf(graph)
    triples = graph_triples(graph)
    assert len(triples) == len(rdf)
    assert set(triples) == set(rdf)
    assert serialize_turtle(triples) == serialize_turtle(rdf)


def rdflib_text(triples) -> str:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for t in triples:
        graph.add(t)
    return graph.serialize(format="longturtle")


AWKWARD = [
    (URIRef("http://example.org/no/prefix"), RDF.type, KG.Award),  # no prefixed name: <...>
    (entity_iri("PERSON", "王宏"), SKOS.altLabel, Literal("王宏", lang="zh")),
    (entity_iri("PERSON", "王宏"), SKOS.altLabel, Literal("Wang", lang="en")),
    (entity_iri("PERSON", "王宏"), SKOS.altLabel, Literal("plain")),
    (entity_iri("PERSON", "王宏"), KG.startOffset, Literal(10)),
    (entity_iri("PERSON", "王宏"), KG.startOffset, Literal(9)),
    (entity_iri("PERSON", "王宏"), KG.startOffset, Literal("1.5", datatype=XSD.decimal)),
    (entity_iri("PERSON", "王宏"), KG.startOffset, Literal(True)),
    (entity_iri("PERSON", "王宏"), KG.rule, Literal('多行\n"引号"\\')),
    (entity_iri("PERSON", "王宏"), RDFS.label, Literal("王宏", lang="zh")),
    (entity_iri("PERSON", "王宏"), RDF.type, URIRef("http://example.org/Thing")),
    (URIRef("https://w3id.org/cnnewskg/id/person/ends."), RDFS.label, Literal("x")),  # a pname cannot end in "."
    (URIRef("https://w3id.org/cnnewskg/id/person/a(b)"), RDFS.label, Literal("x")),  # escaped parentheses
    (URIRef("https://w3id.org/cnnewskg/id/person/50%"), RDFS.label, Literal("x")),  # a lone % is escaped
    (URIRef("https://w3id.org/cnnewskg/id/person/"), RDFS.label, Literal("the namespace itself")),
    (URIRef("https://w3id.org/cnnewskg/id/person/p"), URIRef("http://example.org/ns#pred"), RDF.nil),  # generated ns1
    (URIRef("https://w3id.org/cnnewskg/id/person/p"), RDF.type, RDFS.Class),  # members of rdfs:Class come first
]


@pytest.mark.parametrize("order", [1, -1])
def test_awkward_terms(order):
    triples = Triples(PREFIXES)
    triples.update(AWKWARD[::order] + AWKWARD[:3])  # repeated triples are kept once
    assert len(triples) == len(AWKWARD)
    assert triples.serialize(format="longturtle") == rdflib_text(AWKWARD)


def test_other_formats_go_through_rdflib():
    triples = Triples(PREFIXES)
    triples.update(AWKWARD[1:3])
    assert Graph().parse(data=triples.serialize(format="nt"), format="nt").isomorphic(triples.to_graph())
