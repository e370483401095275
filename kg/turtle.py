"""A set of triples that writes the same Turtle as rdflib's ``longturtle``, in a fraction of the
time and memory.

rdflib's Memory store keeps several indexes of every triple (about 1 kB each), and its
serializer looks every node up again for each triple: a graph of a million triples takes some
20 s to fill and 30 s to write. :class:`Triples` keeps one dict per subject and writes the text
in one pass, following ``rdflib.plugins.serializers.longturtle`` step by step: the same subject
order (by how often a subject is an object, then by IRI), predicate order (``rdf:type``,
``rdfs:label``, then by IRI), object order (rdflib's own term ordering), prefixed names
(rdflib's ``compute_qname`` on a graph with the same prefixes bound) and literal forms
(rdflib's ``_literal_n3``). ``tests/test_turtle.py`` checks the bytes against rdflib.

Blank nodes are not supported (the project mints an IRI for everything, see :mod:`kg.rdf`);
:meth:`Triples.serialize` hands a set with blank nodes to rdflib.

>>> from rdflib import Literal, URIRef
>>> from kg.vocab import PREFIXES, RDF, FOAF, RDFS
>>> t = Triples(PREFIXES)
>>> t.add((URIRef("https://w3id.org/cnnewskg/id/person/王宏"), RDF.type, FOAF.Person))
>>> t.add((URIRef("https://w3id.org/cnnewskg/id/person/王宏"), RDFS.label, Literal("王宏", lang="zh")))
>>> print(t.serialize(format="longturtle"))
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX person: <https://w3id.org/cnnewskg/id/person/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
<BLANKLINE>
person:王宏
    a foaf:Person ;
    rdfs:label "王宏"@zh ;
.
<BLANKLINE>
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

__all__ = ["Triples", "graph_triples"]

#: ``RecursiveSerializer.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX``
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# plain strings of the terms the writer compares often: rdflib's term equality is Python code
_TYPE, _LABEL, _NIL = str(RDF.type), str(RDFS.label), str(RDF.nil)
_CLASS = str(RDFS.Class)
_INDENT = "    "


class Triples:
    """Triples of rdflib terms, kept once each (rdflib's term equality), with the prefixes of
    ``prefixes`` bound as :func:`kg.rdf.to_rdf` binds them.

    Quacks like the part of ``rdflib.Graph`` that :func:`kg.rdf.serialize_turtle` and the
    build report use: ``add``, ``len`` and ``serialize(format="longturtle")``.
    """

    def __init__(self, prefixes: Mapping[str, str]):
        self.prefixes = dict(prefixes)
        self._subjects: dict = {}  # subject -> {predicate: [objects]}
        self._terms: dict = {}  # one object per distinct term, so repeated IRIs cost nothing
        self._final = True
        self._count = 0

    def _term(self, node):
        return self._terms.setdefault(node, node)

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        term = self._terms.setdefault
        preds = self._subjects.get(s)
        if preds is None:
            preds = self._subjects[term(s, s)] = {}
        objs = preds.get(p)
        if objs is None:
            objs = preds[term(p, p)] = []
        objs.append(term(o, o))
        self._final = False

    def update(self, triples: Iterable[tuple]) -> None:
        for triple in triples:
            self.add(triple)

    def _finish(self) -> None:
        """Drop repeated triples (rdflib keeps a set) and count."""
        if self._final:
            return
        count = 0
        for preds in self._subjects.values():
            for p, objs in preds.items():
                if len(objs) > 1:
                    objs[:] = dict.fromkeys(objs)
                count += len(objs)
        self._count = count
        self._final = True

    def __len__(self) -> int:
        self._finish()
        return self._count

    def __iter__(self):
        self._finish()
        for s, preds in self._subjects.items():
            for p, objs in preds.items():
                for o in objs:
                    yield s, p, o

    def to_graph(self) -> Graph:
        """The same triples in an rdflib Graph (slow for large sets; for tests and fallbacks)."""
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace)
        for triple in self:
            graph.add(triple)
        return graph

    def serialize(self, format: str = "longturtle", **kwargs) -> str:
        """The triples as ``Graph.serialize(format="longturtle")`` would write them."""
        if format != "longturtle" or kwargs:
            return self.to_graph().serialize(format=format, **kwargs)
        self._finish()
        if any(isinstance(node, BNode) for node in self._terms):
            return self.to_graph().serialize(format="longturtle")
        return _LongTurtle(self).text()


class _LongTurtle:
    """One run of the writer (rdflib's ``LongTurtleSerializer`` without blank nodes or base)."""

    def __init__(self, triples: Triples):
        self.subjects = triples._subjects
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in triples.prefixes.items():
            graph.bind(prefix, namespace)
        self.graph = graph
        self.namespaces: dict[str, URIRef] = {}
        self.rewrite: dict[str, str] = {}
        self.pnames: dict = {}

    # -- LongTurtleSerializer.addNamespace / get_pname ---------------------------------------
    def _add_namespace(self, prefix: str, namespace) -> str:
        if (prefix > "" and prefix[0] == "_") or self.namespaces.get(prefix, namespace) != namespace:
            if prefix not in self.rewrite:
                p = "p" + prefix
                while p in self.namespaces:
                    p = "p" + p
                self.rewrite[prefix] = p
            prefix = self.rewrite.get(prefix, prefix)
        if prefix in self.namespaces and self.namespaces[prefix] != namespace:
            raise Exception(
                "Trying to override namespace prefix %s => %s, but it's already bound to %s"
                % (prefix, namespace, self.namespaces[prefix])
            )
        self.namespaces[prefix] = namespace
        return prefix

    def _pname(self, uri, gen_prefix: bool):
        """``get_pname``: the prefixed name of ``uri``, or None when it has none."""
        key = (uri, gen_prefix)
        if key in self.pnames:
            return self.pnames[key]
        text = None
        if isinstance(uri, URIRef):
            try:
                parts = self.graph.compute_qname(uri, generate=gen_prefix)
            except Exception:
                pfx = self.graph.store.prefix(uri)
                parts = (pfx, uri, "") if pfx is not None else None
            if parts is not None:
                prefix, namespace, local = parts
                local = local.replace("(", r"\(").replace(")", r"\)")
                local = _LONE_PERCENT.sub("\\%", local)
                if not local.endswith("."):
                    # once added, a namespace keeps its prefix: the text can be kept
                    text = "%s:%s" % (self._add_namespace(prefix, namespace), local)
        self.pnames[key] = text
        return text

    def _label(self, node, verb: bool = False) -> str:
        """``LongTurtleSerializer.label``."""
        if type(node) is URIRef:
            if str.__eq__(node, _NIL):
                return "()"
            if verb and str.__eq__(node, _TYPE):
                return "a"
        elif node == RDF.nil:
            return "()"
        elif verb and node == RDF.type:
            return "a"
        if isinstance(node, Literal):
            return node._literal_n3(use_plain=True, qname_callback=lambda dt: self._pname(dt, False))
        return self._pname(node, verb) or node.n3()

    def _labels(self) -> tuple[dict, dict, dict]:
        """The text of every subject, predicate and object, by ``id`` of the (shared) term
        object; this registers the prefixes the text uses, as ``preprocessTriple`` does
        (datatypes of literals included)."""
        subjects, verbs, objects = {}, {}, {}
        label, pname = self._label, self._pname
        for s, preds in self.subjects.items():
            pname(s, False)
            subjects[id(s)] = label(s)
            for p, objs in preds.items():
                if id(p) not in verbs:
                    if not (type(p) is URIRef and str.__eq__(p, _TYPE) or type(p) is not URIRef and p == RDF.type):
                        pname(p, True)
                    verbs[id(p)] = label(p, verb=True)
                for o in objs:
                    if id(o) not in objects:
                        pname(o, False)
                        if type(o) is not URIRef and isinstance(o, Literal) and o.datatype:
                            pname(o.datatype, False)
                        objects[id(o)] = label(o)
        return subjects, verbs, objects

    def _subject_order(self) -> list:
        """``orderSubjects``: members of rdfs:Class first, then by how often each is an object."""
        refs: dict = {}
        get = refs.get
        for preds in self.subjects.values():
            for objs in preds.values():
                for o in objs:
                    if type(o) is not Literal:
                        refs[o] = get(o, 0) + 1
        top = sorted(s for s, preds in self.subjects.items() if any(type(o) is URIRef and str.__eq__(o, _CLASS) for o in _types(preds)))
        seen = set(top)
        rest = [s for s in self.subjects if s not in seen]
        if all(type(s) is URIRef for s in rest):
            rest.sort(key=lambda s: (get(s, 0), str.__str__(s)))
        else:
            rest = [s for _, _, s in sorted((isinstance(s, BNode), get(s, 0), s) for s in rest)]
        return top + rest

    @staticmethod
    def _predicate_order(preds: dict) -> list:
        """``sortProperties``: rdf:type, rdfs:label, then the others by IRI."""
        first, rest = [], []
        for p in preds:
            if type(p) is URIRef and (str.__eq__(p, _TYPE) or str.__eq__(p, _LABEL)):
                first.append(p)
            else:
                rest.append(p)
        first.sort(key=lambda p: not str.__eq__(p, _TYPE))
        if all(type(p) is URIRef for p in rest):
            rest.sort(key=str.__str__)
        else:
            rest.sort()
        return first + rest

    def text(self) -> str:
        subject_text, verb_text, object_text = self._labels()
        out = ["PREFIX %s: <%s>\n" % item for item in sorted(self.namespaces.items())]
        between = " ,\n" + _INDENT * 2
        orders: dict = {}  # the same predicates in the same order for most subjects
        for s in self._subject_order():
            preds = self.subjects[s]
            shape = tuple(map(id, preds))
            order = orders.get(shape)
            if order is None:
                order = orders[shape] = self._predicate_order(preds)
            parts = []
            for p in order:
                objs = preds[p]
                if len(objs) > 1:
                    values = between.join([object_text[id(o)] for o in sorted(objs)])
                    parts.append(_INDENT + verb_text[id(p)] + "\n" + _INDENT * 2 + values)
                else:
                    parts.append(_INDENT + verb_text[id(p)] + " " + object_text[id(objs[0])])
            out.append("\n" + subject_text[id(s)] + "\n" + " ;\n".join(parts) + (" ;\n.\n" if parts else "\n.\n"))
        text = "".join(out)
        # rdflib writes through str.encode(..., "replace"): a lone surrogate becomes "?"
        return text.encode("utf-8", "replace").decode("utf-8")


def _types(preds: dict) -> list:
    for p, objs in preds.items():
        if type(p) is URIRef and str.__eq__(p, _TYPE) or type(p) is not URIRef and p == RDF.type:
            return objs
    return []


def graph_triples(graph) -> Triples:
    """The triples of :func:`kg.rdf.to_rdf` for a graph of :func:`kg.graph.build_graph`, made by
    the same functions, in a :class:`Triples`."""
    from .rdf import _document_triples, _entity_triples, _relation_triples
    from .vocab import PREFIXES

    triples = Triples(PREFIXES)
    for doc_id, entry in graph.graph.get("documents", {}).items():
        triples.update(_document_triples(doc_id, entry))
    for _, data in graph.nodes(data=True):
        triples.update(_entity_triples(data))
    for u, v, data in graph.edges(data=True):
        triples.update(_relation_triples(graph, u, v, data))
    return triples
