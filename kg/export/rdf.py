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
    schema:mentions person:王宏.7b3e5fd3 ;
.
<BLANKLINE>
person:王宏.7b3e5fd3
    a foaf:Person ;
    rdfs:label "王宏"@zh ;
    dcterms:isReferencedBy document:d1 ;
    skos:prefLabel "王宏"@zh ;
.
<BLANKLINE>
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from os import PathLike
from typing import BinaryIO

import networkx as nx
from rdflib import Graph, Literal, URIRef

from kg.config import SHAPES
from kg.graph import GAZETTEER_RULE
from kg.text.dates import XSD_TYPES
from kg.vocab import (
    DATASET,
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
    VOID,
    XSD,
    article_iri,
    assertion_iri,
    attribution_iri,
    build_iri,
    document_iri,
    entity_iri,
    evidence_iri,
    role_iri,
    software_iri,
)

__all__ = [
    "ENTITY_CLASSES",
    "ORG_TYPES",
    "ADMIN_LEVEL_TERMS",
    "ASSERTION_CLASSES",
    "SHAPES_PATH",
    "to_rdf",
    "iter_triples",
    "subject_groups",
    "write_turtle",
    "serialize_turtle",
    "validate",
]


class _Terms:
    """A namespace whose terms are made once: each ``KG.rule`` of a ``DefinedNamespace`` makes
    a new URIRef, and the triple functions below are called millions of times."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, FOAF, KG, ORG, PROV, RDF, RDFS, SDO, SKOS, VOID = map(_Terms, (DCTERMS, FOAF, KG, ORG, PROV, RDF, RDFS, SDO, SKOS, VOID))
# The IRIs of entities, documents and articles recur in many triples; iri_segment is Python.
_entity_iri, _document_iri, _article_iri, _role_iri = (
    lru_cache(maxsize=1 << 14)(f) for f in (entity_iri, document_iri, article_iri, role_iri)
)


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
SHAPES_PATH = SHAPES


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _date(value: str) -> Literal:
    """An ISO date at its precision as the XML Schema type of that precision.

    >>> [_date(v).datatype.rsplit("#", 1)[1] for v in ("2022-09-17", "2022-09", "2022")]
    ['date', 'gYearMonth', 'gYear']
    """
    precision = {10: "day", 7: "month", 4: "year"}[len(value)]
    return Literal(value, datatype=XSD[XSD_TYPES[precision]])


@lru_cache(maxsize=1 << 14)
def _iri(iri: str) -> URIRef:
    return URIRef(iri)


def _node_iri(data: dict) -> URIRef:
    """The IRI of an entity node: the one the graph gave it (:class:`kg.graph.Identity`)."""
    iri = data.get("iri")
    return _iri(iri) if iri else _entity_iri(data["label"], data["name"])


def _entity_triples(data: dict) -> list[tuple]:
    """Triples of one entity node: types, names, division code and level, and for a person the
    documents it appears in (its IRI is the subject of them all; the articles it is mentioned
    in are in :func:`_mention_triples`)."""
    label, name, props = data["label"], data["name"], data["props"]
    iri = _node_iri(data)
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
    if label == "PERSON":
        for doc_id in dict.fromkeys(doc_id for doc_id, _ in data["mentions"]):
            triples.append((iri, DCTERMS.isReferencedBy, _document_iri(doc_id)))
    return triples


def _source_iri(doc_id: str, article_id: str) -> URIRef:
    """The article something was read in, or its document when the article is not known."""
    return _article_iri(article_id) if article_id else _document_iri(doc_id)


def _mention_triples(source: URIRef, entities: Iterable[dict]) -> list[tuple]:
    """``source`` (an article or document) mentions each of the entity nodes ``entities``."""
    return [(source, SDO.mentions, _node_iri(data)) for data in entities]


def _document_triples(doc_id: str, entry: dict) -> list[tuple]:
    """Triples of one document: what is known of the page (its articles are in
    :func:`_article_triples`)."""
    doc = _document_iri(doc_id)
    meta = entry.get("meta", {})
    triples = [
        (doc, RDF.type, FOAF.Document),
        (doc, RDF.type, PROV.Entity),
        (doc, DCTERMS.identifier, Literal(doc_id)),
    ]
    if entry.get("source"):
        triples.append((doc, DCTERMS.source, Literal(entry["source"])))
    if meta.get("published"):
        triples.append((doc, SDO.datePublished, _date(meta["published"])))
    if meta.get("newspaper"):
        triples.append((doc, KG.newspaper, _zh(meta["newspaper"])))
    for key, term in (("edition", SDO.printEdition), ("page", SDO.printPage)):
        if meta.get(key):
            triples.append((doc, term, Literal(meta[key])))
    if meta.get("sha256"):
        triples.append((doc, KG.contentHash, Literal("sha256:" + meta["sha256"])))
    return triples


def _article_triples(article_id: str, title: str, doc_id: str, entry: dict | None = None,
                     graph: nx.MultiDiGraph | None = None) -> list[tuple]:
    """Triples of one article of document ``doc_id`` (``entry``, the document's entry in
    ``graph``, gives its authors, dateline, dates and text; the credits to its authors are in
    :func:`_attribution_groups`)."""
    article = _article_iri(article_id)
    triples = [
        (article, RDF.type, SDO.NewsArticle),
        (article, RDF.type, PROV.Entity),
        (article, DCTERMS.identifier, Literal(article_id)),
        (article, DCTERMS.isPartOf, _document_iri(doc_id)),
    ]
    if title:
        triples.append((article, SDO.headline, _zh(title)))
    entry = entry or {}
    details = entry.get("details", {}).get(article_id, {})
    published = entry.get("meta", {}).get("published")
    if published:
        triples.append((article, SDO.datePublished, _date(published)))
    if details.get("dateline"):
        triples.append((article, SDO.dateline, _zh(details["dateline"])))
    if details.get("date"):
        triples.append((article, SDO.dateCreated, _date(details["date"])))
    if details.get("text"):
        triples.append((article, SDO.articleBody, _zh(details["text"])))
    for name, role, person in details.get("authors", ()):
        person_iri = _author_iri(graph, person, name)
        triples.append((article, SDO.author, person_iri))
        triples.append((article, PROV.qualifiedAttribution, attribution_iri(article_id, str(person_iri), role)))
    return triples


def _author_iri(graph: nx.MultiDiGraph | None, node_id: str, name: str) -> URIRef:
    """The IRI of an author, the person node ``node_id`` of ``graph``."""
    if graph is not None and node_id in graph:
        return _node_iri(graph.nodes[node_id])
    return _entity_iri("PERSON", name)


def _attribution_groups(article_id: str, details: dict, graph: nx.MultiDiGraph | None = None) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The credit of an article to each of its authors: a ``prov:Attribution`` with the
    person and the byline role."""
    for name, role, person in details.get("authors", ()):
        person_iri = _author_iri(graph, person, name)
        node = attribution_iri(article_id, str(person_iri), role)
        triples = [(node, RDF.type, PROV.Attribution), (node, PROV.agent, person_iri)]
        if role:
            triples.append((node, PROV.hadRole, _role_iri(role)))
        yield node, triples


def _dataset_triples(graph: nx.MultiDiGraph) -> list[tuple]:
    """The dataset's description of itself (VoID, PROV): the build that made it, from which
    inputs (by their hashes), with which software and pipeline; no time stamps."""
    about = graph.graph.get("dataset")
    if not about:
        return []
    documents = graph.graph.get("documents", {})
    hashes = sorted(entry.get("meta", {}).get("sha256", "") for entry in documents.values())
    build = build_iri(about["pipeline"], *hashes)
    name, _, version = about["software"].partition(" ")
    software = software_iri(name, version)
    triples = [
        (DATASET, RDF.type, VOID.Dataset),
        (DATASET, RDF.type, PROV.Entity),
        (DATASET, VOID.entities, Literal(graph.number_of_nodes())),
        (DATASET, VOID.uriSpace, Literal(str(PREFIXES["organization"]).rsplit("organization/", 1)[0])),
        (DATASET, PROV.wasGeneratedBy, build),
        (build, RDF.type, PROV.Activity),
        (build, KG.pipelineVersion, Literal(about["pipeline"])),
        (build, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDFS.label, Literal(about["software"])),
        (software, SDO.softwareVersion, Literal(version)),
    ]
    triples += [(build, PROV.used, _document_iri(doc_id)) for doc_id in documents]
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


def _edge_direct_triples(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> list:
    """:func:`_direct_triples` of one edge."""
    s_data, o_data = graph.nodes[u], graph.nodes[v]
    s, o = _node_iri(s_data), _node_iri(o_data)
    return _direct_triples(data["predicate"], s, o, s_data["label"], o_data["label"])


#: The attributes of an edge that say where it was read (:class:`kg.model.Evidence`).
_EVIDENCE = ("doc", "article", "start", "end", "sentence", "rule")


def _evidence_triples(data: dict) -> tuple[URIRef, list[tuple]]:
    """The evidence node of one edge and its triples."""
    fields = [data[name] for name in _EVIDENCE]
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
    if data.get("date"):
        triples.append((iri, KG.dateText, _zh(data["date"])))
    if data.get("when"):
        triples.append((iri, KG.date, _date(data["when"])))
    # What is missing is left out, for the shapes to report, rather than minted from "".
    if doc_id:
        triples.append((iri, KG.inDocument, _document_iri(doc_id)))
        triples.append((iri, PROV.wasQuotedFrom, _source_iri(doc_id, article_id)))
    return iri, triples


def _role_triples(role: str) -> tuple[URIRef, list[tuple]]:
    """The node of a post (the role of a ``holds_position`` edge) and its triples."""
    post = _role_iri(role)
    return post, [(post, RDF.type, ORG.Role), (post, SKOS.prefLabel, _zh(role)), (post, RDFS.label, _zh(role))]


def _assertion_triples(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> tuple[URIRef, list[tuple]]:
    """The assertion node of one edge and its triples (edges with the same subject, predicate,
    object and role make one assertion)."""
    predicate, role = data["predicate"], data["role"] or None
    s, o = _node_iri(graph.nodes[u]), _node_iri(graph.nodes[v])
    node = assertion_iri(u, predicate, v, role)
    triples = [
        (node, RDF.type, KG.Assertion),
        (node, RDF.type, ASSERTION_CLASSES[predicate]),
        (node, KG.subject, s),
        (node, KG.object, o),
        (node, PROV.wasDerivedFrom, evidence_iri(*(data[name] for name in _EVIDENCE))),
    ]
    if role:
        triples.append((node, KG.roleLabel, _zh(role)))
    if predicate == "holds_position":
        triples += [(node, ORG.member, s), (node, ORG.organization, o)]
        if role:
            triples.append((node, ORG.role, _role_iri(role)))
    return node, triples


def _relation_triples(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> list[tuple]:
    """Triples of one edge: its evidence, its assertion, the post, the direct triple(s)."""
    triples = _evidence_triples(data)[1] + _assertion_triples(graph, u, v, data)[1]
    if data["predicate"] == "holds_position" and data["role"]:
        triples += _role_triples(data["role"])[1]
    return triples + _edge_direct_triples(graph, u, v, data)


def iter_triples(graph: nx.MultiDiGraph) -> Iterator[tuple]:
    """The triples of :func:`to_rdf`, made document by document, node by node and edge by edge
    (some more than once). :func:`subject_groups` makes the same triples grouped by subject."""
    yield from _dataset_triples(graph)
    for doc_id, entry in graph.graph.get("documents", {}).items():
        yield from _document_triples(doc_id, entry)
        for article_id, title in entry.get("articles", {}).items():
            yield from _article_triples(article_id, title, doc_id, entry, graph)
            for _, triples in _attribution_groups(article_id, entry.get("details", {}).get(article_id, {}), graph):
                yield from triples
    for _, data in graph.nodes(data=True):
        yield from _entity_triples(data)
        for doc_id, article_id in data["mentions"]:
            yield from _mention_triples(_source_iri(doc_id, article_id), [data])
    for u, v, data in graph.edges(data=True):
        yield from _relation_triples(graph, u, v, data)
    for _, triples in _byline_role_groups(graph):
        yield from triples


def subject_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The triples of :func:`to_rdf` (of :func:`iter_triples`), subject by subject:
    ``(subject, triples)`` pairs, each subject once and with every triple it is the subject of
    (some more than once).

    Made from the graph a piece at a time, so that a writer can go through millions of triples
    without holding them: documents and their articles (with what they mention), entities
    (with the direct triples of their edges), the assertions of each pair of nodes, the
    evidence of each document, and the posts. The order is fixed by the graph.

    >>> from kg.graph import build_graph
    >>> from kg.model import Document, Entity, Normalized
    >>> doc = Document("d1", "d1.txt", Normalized("", "", (0,)), entities=[Entity("PERSON", "王宏")])
    >>> [(str(s), len(triples)) for s, triples in subject_groups(build_graph([doc]))]
    [('https://w3id.org/cnnewskg/id/document/d1', 5), ('https://w3id.org/cnnewskg/id/person/王宏.7b3e5fd3', 4)]
    """
    dataset = _dataset_triples(graph)
    for subject in dict.fromkeys(t[0] for t in dataset):
        yield subject, [t for t in dataset if t[0] == subject]
    yield from _document_groups(graph)
    yield from _entity_groups(graph)
    yield from _assertion_groups(graph)
    yield from _evidence_groups(graph)
    yield from _role_groups(graph)


def _document_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """Each document and article, with the entities it mentions."""
    mentioned: dict[tuple[str, str], list[dict]] = {}  # (doc, article) -> entity nodes
    for _, data in graph.nodes(data=True):
        for pair in data["mentions"]:
            mentioned.setdefault(pair, []).append(data)
    for doc_id, entry in graph.graph.get("documents", {}).items():
        doc = _document_iri(doc_id)
        entities = mentioned.pop((doc_id, ""), ())
        yield doc, _document_triples(doc_id, entry) + _mention_triples(doc, entities)
        for article_id, title in entry.get("articles", {}).items():
            article = _article_iri(article_id)
            entities = mentioned.pop((doc_id, article_id), ())
            yield article, _article_triples(article_id, title, doc_id, entry, graph) + _mention_triples(article, entities)
            yield from _attribution_groups(article_id, entry.get("details", {}).get(article_id, {}), graph)
    # a mention of a document or article that is not listed (build_graph lists them all)
    rest: dict[URIRef, list[dict]] = {}
    for (doc_id, article_id), entities in mentioned.items():
        rest.setdefault(_source_iri(doc_id, article_id), []).extend(entities)
    for source, entities in rest.items():
        yield source, _mention_triples(source, entities)


def _entity_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """Each entity, with the direct triples of its edges that have it as their subject."""
    for nid, data in graph.nodes(data=True):
        triples = _entity_triples(data)
        iri = triples[0][0]
        for edges in (graph.out_edges(nid, data=True), graph.in_edges(nid, data=True)):
            for u, v, edge in edges:
                triples += [t for t in _edge_direct_triples(graph, u, v, edge) if t[0] == iri]
        yield iri, triples


def _assertion_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The assertions of the edges between each pair of nodes (one per predicate and role)."""
    for u, neighbours in graph.adjacency():
        for v, edges in neighbours.items():
            groups: dict[URIRef, list[tuple]] = {}
            for data in edges.values():
                node, triples = _assertion_triples(graph, u, v, data)
                groups.setdefault(node, []).extend(triples)
            yield from groups.items()


def _evidence_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The evidence nodes of the edges, document by document (an evidence IRI hashes its
    document with the rest, so edges of two documents never share one)."""
    by_doc: dict[str, list[dict]] = {}
    for _, _, data in graph.edges(data=True):
        by_doc.setdefault(data["doc"], []).append(data)
    for edges in by_doc.values():
        groups: dict[URIRef, list[tuple]] = {}
        for data in edges:
            iri, triples = _evidence_triples(data)
            if iri not in groups:  # the same fields, the same triples
                groups[iri] = triples
        yield from groups.items()


def _role_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The posts held in ``holds_position`` edges, and the byline roles of authors."""
    roles = {}
    for _, _, data in graph.edges(data=True):
        if data["predicate"] == "holds_position" and data["role"]:
            roles[data["role"]] = None
    roles.update(dict.fromkeys(_byline_roles(graph)))
    for role in roles:
        yield _role_triples(role)


def _byline_roles(graph: nx.MultiDiGraph) -> list[str]:
    """The roles of the articles' authors (记者, 通讯员), in order of first use."""
    roles = {}
    for entry in graph.graph.get("documents", {}).values():
        for details in entry.get("details", {}).values():
            roles.update((role, None) for _, role, _ in details.get("authors", ()) if role)
    return list(roles)


def _byline_role_groups(graph: nx.MultiDiGraph) -> Iterator[tuple[URIRef, list[tuple]]]:
    """The byline roles as posts (for :func:`iter_triples`; :func:`_role_groups` has them too)."""
    for role in _byline_roles(graph):
        yield _role_triples(role)


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
    for triple in iter_triples(graph):
        rdf.add(triple)
    return rdf


def write_turtle(graph: nx.MultiDiGraph, out: BinaryIO, spill_dir: str | PathLike | None = None) -> int:
    """Write the Turtle of :func:`to_rdf` of ``graph`` (the bytes of :func:`serialize_turtle`
    in UTF-8) to the binary file ``out``; return the number of triples.

    The triples are made subject by subject (:func:`subject_groups`) and written by
    :func:`kg.export.turtle.write_longturtle`: memory grows with the number of IRIs, not of triples
    (temporary files go to ``spill_dir``).
    """
    from kg.export.turtle import write_longturtle

    return write_longturtle(lambda: subject_groups(graph), out, PREFIXES, spill_dir)


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
