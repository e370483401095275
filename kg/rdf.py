"""networkx graph (from :func:`kg.graph.build_graph`) -> rdflib Graph / Turtle, and SHACL checks.

ontology/kg.ttl explains the model: entities typed with W3C and schema.org classes, one qualified
``kg:Assertion`` node per fact next to the direct triple, one ``kg:Evidence`` node per place a
fact was read. Every IRI comes from :mod:`kg.vocab`, and none is a blank node, so the Turtle is the
same bytes on every run.

>>> from kg.graph import build_graph
>>> from kg.model import Document, Entity, Normalized
>>> doc = Document("d1", "d1.txt", Normalized("", "", (0,)), entities=[Entity("PERSON", "王宏")])
>>> print(serialize_turtle(to_rdf(build_graph([doc]))))
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX document: <https://w3id.org/cnnewskg/id/document/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX person: <https://w3id.org/cnnewskg/id/person/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
<BLANKLINE>
document:d1
    a
        prov:Entity ,
        foaf:Document ;
    dcterms:identifier "d1" ;
    dcterms:source "d1.txt" ;
    schema:mentions person:王宏 ;
.
<BLANKLINE>
person:王宏
    a foaf:Person ;
    rdfs:label "王宏"@zh ;
    skos:prefLabel "王宏"@zh ;
.
<BLANKLINE>
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef

from kg.graph import GAZETTEER_RULE
from kg.vocab import (
    DCTERMS,
    FOAF,
    KG,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    article_iri,
    assertion_iri,
    document_iri,
    entity_iri,
    evidence_iri,
    role_iri,
)

__all__ = [
    "ENTITY_CLASSES",
    "ORG_TYPES",
    "ADMIN_LEVEL_TERMS",
    "ASSERTION_CLASSES",
    "SHAPES_PATH",
    "to_rdf",
    "serialize_turtle",
    "validate",
]

#: Entity label -> its classes.
ENTITY_CLASSES = {
    "PERSON": FOAF.Person,
    "ORG": ORG.Organization,
    "PLACE": SDO.Place,
    "PROGRAMME": KG.Programme,
    "EVENT": SDO.Event,
    "AWARD": KG.Award,
}

#: ``props["org_type"]`` -> subclass of org:Organization. Other values add no class.
ORG_TYPES = {
    "trade_union": KG.TradeUnion,
    "government": KG.GovernmentBody,
    "party": KG.PartyBody,
    "company": KG.Company,
    "school": KG.School,
    "association": KG.Association,
}

#: ``props["admin_level"]`` -> kg:AdministrativeLevel. Other values are left out.
ADMIN_LEVEL_TERMS = {
    "country": KG.Country,
    "province": KG.Province,
    "prefecture": KG.Prefecture,
    "county": KG.County,
    "township": KG.Township,
}

#: Predicate -> class of its assertion nodes (besides kg:Assertion).
ASSERTION_CLASSES = {
    "holds_position": ORG.Membership,
    "located_in": KG.Containment,
    "sub_organization_of": KG.Subordination,
    "organizes": KG.Organizing,
    "partner_of": KG.Partnership,
    "received_award": KG.AwardReceipt,
    "participates_in": KG.Participation,
}

#: The SHACL shapes of ontology/shapes.ttl.
SHAPES_PATH = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _entity_triples(data: dict) -> list[tuple]:
    """Triples of one entity node: types, names, division code and level, where it is mentioned."""
    label, name, props = data["label"], data["name"], data["props"]
    iri = entity_iri(label, name)
    triples = [
        (iri, RDF.type, ENTITY_CLASSES[label]),
        (iri, SKOS.prefLabel, _zh(name)),
        (iri, RDFS.label, _zh(name)),
    ]
    # SKOS forbids the same label as both preferred and alternative.
    triples += [(iri, SKOS.altLabel, _zh(alias)) for alias in data["aliases"] if alias != name]
    if label == "ORG" and props.get("org_type") in ORG_TYPES:
        triples.append((iri, RDF.type, ORG_TYPES[props["org_type"]]))
    if label == "PLACE":
        level = ADMIN_LEVEL_TERMS.get(props.get("admin_level"))
        if props.get("division_code"):
            triples.append((iri, KG.divisionCode, Literal(props["division_code"])))
        if level:
            triples.append((iri, KG.administrativeLevel, level))
        if level or props.get("division_code"):
            triples.append((iri, RDF.type, SDO.AdministrativeArea))
    for doc_id, article_id in data["mentions"]:
        source = article_iri(article_id) if article_id else document_iri(doc_id)
        triples.append((source, SDO.mentions, iri))
    return triples


def _document_triples(doc_id: str, entry: dict) -> list[tuple]:
    """Triples of one document and its articles."""
    doc = document_iri(doc_id)
    triples = [
        (doc, RDF.type, FOAF.Document),
        (doc, RDF.type, PROV.Entity),
        (doc, DCTERMS.identifier, Literal(doc_id)),
    ]
    if entry.get("source"):
        triples.append((doc, DCTERMS.source, Literal(entry["source"])))
    for article_id, title in entry.get("articles", {}).items():
        article = article_iri(article_id)
        triples += [
            (article, RDF.type, SDO.NewsArticle),
            (article, RDF.type, PROV.Entity),
            (article, DCTERMS.identifier, Literal(article_id)),
            (article, DCTERMS.isPartOf, doc),
        ]
        if title:
            triples.append((article, SDO.headline, _zh(title)))
    return triples


def _direct_triples(predicate: str, s: URIRef, o: URIRef, s_label: str, o_label: str) -> list:
    """The plain triple(s) stating a relation, for queries that do not need its evidence."""
    if predicate == "holds_position":
        return [(s, ORG.memberOf, o)]
    if predicate == "located_in":
        # schema:containedInPlace is for places; organisations and events have a schema:location.
        return [(s, SDO.containedInPlace if s_label == "PLACE" else SDO.location, o)]
    if predicate == "sub_organization_of":
        return [(s, ORG.subOrganizationOf, o)]
    if predicate == "organizes":
        return [(s, KG.organizes, o)] + ([(o, SDO.organizer, s)] if o_label == "EVENT" else [])
    if predicate == "partner_of":
        return [(s, KG.partnerOf, o)]
    if predicate == "received_award":
        return [(s, SDO.award, o)]
    if predicate == "participates_in":
        return [(s, KG.participatesIn, o)]
    raise ValueError(f"unknown predicate {predicate!r}")


def _evidence_triples(data: dict) -> tuple[URIRef, list[tuple]]:
    """The evidence node of one edge and its triples."""
    fields = [data[name] for name in ("doc", "article", "start", "end", "sentence", "rule")]
    iri = evidence_iri(*fields)
    doc_id, article_id, start, end, sentence, rule = fields
    triples = [(iri, RDF.type, KG.Evidence), (iri, KG.rule, Literal(rule))]
    if rule == GAZETTEER_RULE and not doc_id:
        return iri, triples + [(iri, RDF.type, KG.GazetteerEvidence)]
    triples += [
        (iri, RDF.type, KG.TextEvidence),
        (iri, KG.startOffset, Literal(start)),
        (iri, KG.endOffset, Literal(end)),
        (iri, KG.sentence, _zh(sentence)),
    ]
    # What is missing is left out, for the shapes to report, rather than minted from "".
    if doc_id:
        triples.append((iri, KG.inDocument, document_iri(doc_id)))
        source = article_iri(article_id) if article_id else document_iri(doc_id)
        triples.append((iri, PROV.wasQuotedFrom, source))
    return iri, triples


def _relation_triples(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> list[tuple]:
    """Triples of one edge: the assertion node, its evidence, the direct triple(s)."""
    predicate, role = data["predicate"], data["role"] or None
    s_data, o_data = graph.nodes[u], graph.nodes[v]
    s = entity_iri(s_data["label"], s_data["name"])
    o = entity_iri(o_data["label"], o_data["name"])
    node = assertion_iri(u, predicate, v, role)
    evidence, triples = _evidence_triples(data)
    triples += [
        (node, RDF.type, KG.Assertion),
        (node, RDF.type, ASSERTION_CLASSES[predicate]),
        (node, KG.subject, s),
        (node, KG.object, o),
        (node, PROV.wasDerivedFrom, evidence),
    ]
    if role:
        triples.append((node, KG.roleLabel, _zh(role)))
    if predicate == "holds_position":
        triples += [(node, ORG.member, s), (node, ORG.organization, o)]
        if role:
            post = role_iri(role)
            triples += [
                (node, ORG.role, post),
                (post, RDF.type, ORG.Role),
                (post, SKOS.prefLabel, _zh(role)),
                (post, RDFS.label, _zh(role)),
            ]
    return triples + _direct_triples(predicate, s, o, s_data["label"], o_data["label"])


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The RDF form of a graph made by :func:`kg.graph.build_graph`.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Entity nodes, relation edges and ``graph.graph["documents"]``.

    Returns
    -------
    rdflib.Graph
        With the prefixes of :data:`kg.vocab.PREFIXES` bound and no blank nodes. Edges with the
        same subject, predicate, object and role make one assertion with one piece of evidence
        per edge.

    Examples
    --------
    >>> from kg.graph import build_graph
    >>> from kg.model import Document, Entity, Evidence, Normalized, Relation
    >>> doc = Document("d1", "d1.txt", Normalized("", "", (0,)),
    ...     entities=[Entity("ORG", "甲工会"), Entity("ORG", "乙工会")],
    ...     relations=[Relation(("ORG", "甲工会"), "partner_of", ("ORG", "乙工会"), None,
    ...                         Evidence("d1", "d1#a1", 0, 9, "甲工会与乙工会合作。", "partner"))])
    >>> rdf = to_rdf(build_graph([doc]))
    >>> [rdf.qname(p) for p in sorted(rdf.predicates(entity_iri("ORG", "乙工会"), None))]
    ['rdf:type', 'rdfs:label', 'skos:prefLabel', 'kg:partnerOf']
    """
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    for doc_id, entry in graph.graph.get("documents", {}).items():
        for triple in _document_triples(doc_id, entry):
            rdf.add(triple)
    for _, data in graph.nodes(data=True):
        for triple in _entity_triples(data):
            rdf.add(triple)
    for u, v, data in graph.edges(data=True):
        for triple in _relation_triples(graph, u, v, data):
            rdf.add(triple)
    return rdf


def serialize_turtle(rdf_graph: Graph) -> str:
    """``rdf_graph`` as Turtle, the same text for the same triples on every run.

    rdflib's ``longturtle`` writes subjects, predicates and objects sorted and only the prefixes
    it uses; without blank nodes that is all it takes.
    """
    return rdf_graph.serialize(format="longturtle")


def validate(rdf_graph: Graph, shapes_path: str | PathLike = SHAPES_PATH) -> tuple[bool, str]:
    """Check ``rdf_graph`` against the SHACL shapes; return ``(conforms, report text)``.

    Warnings (``sh:Warning``) appear in the report but do not make the graph fail.
    """
    from pyshacl import validate as shacl_validate  # slow to import, needed only here

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, _, text = shacl_validate(
        rdf_graph, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    return bool(conforms), text
