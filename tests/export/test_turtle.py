"""kg.export.turtle writes the bytes of rdflib's longturtle, for the project's graphs and for the
awkward terms rdflib treats specially (no prefixed name, escaped local names, literal kinds),
holding all triples (Triples) or a subject at a time (write_longturtle, kg.export.rdf.write_turtle)."""
import io
import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph import build_graph
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation
from kg.export.rdf import iter_triples, serialize_turtle, subject_groups, to_rdf, write_turtle
from kg.export.turtle import Triples, merge_shards, write_longturtle, write_shard
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
    triples = Triples(PREFIXES)
    triples.update(iter_triples(graph))
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


def write(groups, **kwargs) -> tuple[int, bytes]:
    """What kg.export.turtle.write_longturtle writes for ``groups``, and its count."""
    out = io.BytesIO()
    count = write_longturtle(groups, out, PREFIXES, **kwargs)
    return count, out.getvalue()


def by_subject(triples) -> list[tuple]:
    """``(subject, triples)`` groups of ``triples``, in the order first given."""
    groups = {}
    for t in triples:
        groups.setdefault(t[0], []).append(t)
    return list(groups.items())


@pytest.mark.parametrize("count", [1, 7, 40])
def test_streamed_turtle_is_what_rdflib_writes(count, tmp_path):
    graph = build_graph(documents(count), DIVISIONS)
    rdf = to_rdf(graph)
    expected = serialize_turtle(rdf).encode("utf-8")
    out = io.BytesIO()
    assert write_turtle(graph, out, tmp_path) == len(rdf)
    assert out.getvalue() == expected
    # statements sorted in many runs kept in files, then merged
    assert write(lambda: subject_groups(graph), spill_dir=tmp_path, run_bytes=300) == (len(rdf), expected)
    assert not list(tmp_path.iterdir())  # the temporary files are gone


@pytest.mark.parametrize("parts", [1, 2, 5])
def test_shards_of_the_subjects_merge_into_the_same_bytes(parts, tmp_path):
    """Statements written per part of the subjects (as workers could, each its own part), then
    merged: the bytes of the whole, whatever the parts."""
    graph = build_graph(documents(40), DIVISIONS)
    expected = serialize_turtle(to_rdf(graph)).encode("utf-8")
    groups = list(subject_groups(graph))
    random.Random(parts).shuffle(groups)
    files = [open(tmp_path / f"part{k}", "w+b") for k in range(parts)]
    try:
        shards = [write_shard(groups[k::parts], PREFIXES, files[k]) for k in range(parts)]
        out = io.BytesIO()
        assert merge_shards(shards, out, tmp_path, run_bytes=500) == len(to_rdf(graph))
    finally:
        for f in files:
            f.close()
    assert out.getvalue() == expected


def test_subject_groups_hold_each_subject_once_with_all_its_triples():
    graph = build_graph(documents(40), DIVISIONS)
    seen, triples = set(), set()
    for subject, group in subject_groups(graph):
        assert subject not in seen
        seen.add(subject)
        assert all(t[0] == subject for t in group)
        triples.update(group)
    assert triples == set(to_rdf(graph))


@pytest.mark.parametrize("order", [1, -1])
def test_streamed_awkward_terms(order, monkeypatch):
    # ns1, a prefix rdflib makes up, takes the writer that holds everything: the same bytes
    groups = by_subject(AWKWARD[::order])
    assert write(lambda: iter(groups)) == (len(AWKWARD), rdflib_text(AWKWARD).encode("utf-8"))

    def boom(*args, **kwargs):
        raise AssertionError("not streamed")

    monkeypatch.setattr(Triples, "serialize", boom)
    for triples in (AWKWARD[:-2], AWKWARD[:-2] + AWKWARD[-1:]):  # without ns1; a member of rdfs:Class
        groups = by_subject(triples[::order])
        assert write(lambda: iter(groups)) == (len(triples), rdflib_text(triples).encode("utf-8"))


def test_streamed_blank_nodes_and_surrogates():
    person = entity_iri("PERSON", "王宏")
    triples = [(person, SKOS.altLabel, Literal("lone \ud800 surrogate")), (person, KG.rule, Literal("x"))]
    assert write(lambda: iter(by_subject(triples))) == (2, rdflib_text(triples).encode("utf-8"))
    triples.append((person, KG.object, BNode("b1")))
    assert write(lambda: iter(by_subject(triples))) == (3, rdflib_text(triples).encode("utf-8"))


def test_a_group_with_another_subject_is_an_error():
    person = entity_iri("PERSON", "王宏")
    with pytest.raises(ValueError, match="in the group of"):
        write(lambda: iter([(person, [(entity_iri("PERSON", "张驰"), RDFS.label, Literal("x"))])]))


def test_streamed_turtle_with_small_caches(monkeypatch, tmp_path):
    """The writer forgets prefixed names, verbs and literal texts whenever its caches fill
    (here after 5); the bytes are the same."""
    import kg.export.turtle

    monkeypatch.setattr(kg.export.turtle, "NAME_CACHE", 5)
    graph = build_graph(documents(7), DIVISIONS)
    expected = serialize_turtle(to_rdf(graph)).encode("utf-8")
    out = io.BytesIO()
    write_turtle(graph, out, tmp_path)
    assert out.getvalue() == expected
