"""A set of triples that writes the same Turtle as rdflib's ``longturtle``, in a fraction of the
time and memory.

rdflib's Memory store keeps several indexes of every triple (about 1 kB each), and its
serializer looks every node up again for each triple: a graph of a million triples takes some
20 s to fill and 30 s to write. :class:`Triples` keeps one dict per subject and writes the text
in one pass, following ``rdflib.plugins.serializers.longturtle`` step by step: the same subject
order (by how often a subject is an object, then by IRI), predicate order (``rdf:type``,
``rdfs:label``, then by IRI), object order (rdflib's own term ordering), prefixed names
(rdflib's ``compute_qname`` on a graph with the same prefixes bound) and literal forms
(rdflib's ``_literal_n3``). ``tests/export/test_turtle.py`` checks the bytes against rdflib.

:func:`write_longturtle` writes the same bytes without holding the triples: it takes them a
subject at a time (:func:`kg.export.rdf.subject_groups` makes them so from the graph), writes each
subject's statement to a temporary file at once, and sorts the statements on disk once it
knows how often each IRI is an object. A graph of six million triples then needs memory for
its IRIs' counts (some 100 MB), not for its triples and text (several GB).

Blank nodes are not supported (the project mints an IRI for everything, see :mod:`kg.export.rdf`);
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

import heapq
import re
import struct
import tempfile
from os import PathLike
from typing import BinaryIO, Callable, Iterable, Iterator, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

__all__ = ["Triples", "write_longturtle", "Shard", "write_shard", "merge_shards"]

#: ``RecursiveSerializer.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX``
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# plain strings of the terms the writer compares often: rdflib's term equality is Python code
_TYPE, _LABEL, _NIL = str(RDF.type), str(RDFS.label), str(RDF.nil)
_CLASS = str(RDFS.Class)
_INDENT = "    "


class Triples:
    """Triples of rdflib terms, kept once each (rdflib's term equality), with the prefixes of
    ``prefixes`` bound as :func:`kg.export.rdf.to_rdf` binds them.

    Quacks like the part of ``rdflib.Graph`` that :func:`kg.export.rdf.serialize_turtle` and the
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


class _Unstreamable(Exception):
    """Raised by :func:`write_longturtle` for what only the whole-graph writer handles: blank
    nodes, subjects that are not IRIs, prefixes that rdflib would make up or rename."""


class _Names:
    """The text of terms (rdflib's ``LongTurtleSerializer.label`` and ``get_pname``), and the
    prefixes that the text has used.

    With ``limit``, at most that many prefixed names are remembered (rdflib's own cache of
    ``compute_qname`` is dropped with them), so that writing millions of distinct IRIs takes no
    memory; ``strict`` then refuses prefixes not bound in advance (a made-up ``ns1`` must keep
    its name for the whole run).
    """

    def __init__(self, prefixes: Mapping[str, str], limit: int | None = None, strict: bool = False):
        self.prefixes = dict(prefixes)
        self.limit, self.strict = limit, strict
        self.namespaces: dict[str, URIRef] = {}
        self.rewrite: dict[str, str] = {}
        self.literals: dict = {}  # (lexical form, datatype, language) -> text of a literal
        self._fresh()

    def _fresh(self) -> None:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace)
        self.graph = graph
        self.pnames: dict = {}
        self.verbs: dict = {}  # predicate IRI -> its text (registered once, its prefix kept)
        self.orders: dict = {}  # predicate IRIs of a statement -> their order

    # -- LongTurtleSerializer.addNamespace / get_pname ---------------------------------------
    def _add_namespace(self, prefix: str, namespace) -> str:
        if (prefix > "" and prefix[0] == "_") or self.namespaces.get(prefix, namespace) != namespace:
            if self.strict:
                raise _Unstreamable(f"prefix {prefix!r} would be renamed")
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

    def pname(self, uri, gen_prefix: bool):
        """``get_pname``: the prefixed name of ``uri``, or None when it has none."""
        if not isinstance(uri, URIRef):
            return None
        key = (str.__str__(uri), gen_prefix)  # rdflib's term equality is Python code
        text = self.pnames.get(key, self)
        if text is not self:
            return text
        if self.limit is not None and len(self.pnames) >= self.limit:
            self._fresh()
        text = None
        try:
            parts = self.graph.compute_qname(uri, generate=gen_prefix)
        except Exception:
            pfx = self.graph.store.prefix(uri)
            parts = (pfx, uri, "") if pfx is not None else None
        if parts is not None:
            prefix, namespace, local = parts
            if self.strict and prefix not in self.prefixes:
                raise _Unstreamable(f"no prefix bound for {namespace}")
            local = local.replace("(", r"\(").replace(")", r"\)")
            local = _LONE_PERCENT.sub("\\%", local)
            if not local.endswith("."):
                # once added, a namespace keeps its prefix: the text can be kept
                text = "%s:%s" % (self._add_namespace(prefix, namespace), local)
        self.pnames[key] = text
        return text

    def label(self, node, verb: bool = False) -> str:
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
            return node._literal_n3(use_plain=True, qname_callback=self._datatype_name)
        return self.pname(node, verb) or node.n3()

    # -- what preprocessTriple registers, and the text -----------------------------------------
    def subject_text(self, s) -> str:
        if type(s) is URIRef and not str.__eq__(s, _NIL):
            return self.pname(s, False) or s.n3()
        self.pname(s, False)
        return self.label(s)

    def verb_text(self, p) -> str:
        key = str.__str__(p) if type(p) is URIRef else None
        text = self.verbs.get(key)
        if text is None:
            if not _is_type(p):
                self.pname(p, True)
            text = self.label(p, verb=True)
            if key is not None:
                self.verbs[key] = text
        return text

    def predicate_order(self, preds: dict) -> list:
        """:func:`_predicate_order` of ``preds``, remembered for the same predicates in the
        same order (most subjects of a kind have the same)."""
        if not all(type(p) is URIRef for p in preds):
            return _predicate_order(preds)
        shape = tuple(map(str.__str__, preds))
        order = self.orders.get(shape)
        if order is None:
            order = self.orders[shape] = [shape.index(str.__str__(p)) for p in _predicate_order(preds)]
        keys = list(preds)
        return [keys[i] for i in order]

    def object_text(self, o) -> str:
        kind = type(o)
        if kind is URIRef and not str.__eq__(o, _NIL):
            return self.pname(o, False) or o.n3()
        if kind is Literal:
            key = (str.__str__(o), o.datatype, o.language)
            text = self.literals.get(key)
            if text is None:
                if len(self.literals) >= (self.limit or len(self.literals) + 1):
                    self.literals.clear()
                if o.datatype:
                    self.pname(o.datatype, False)
                text = self.literals[key] = o._literal_n3(use_plain=True, qname_callback=self._datatype_name)
            return text
        self.pname(o, False)
        if kind is not URIRef and isinstance(o, Literal) and o.datatype:
            self.pname(o.datatype, False)
        return self.label(o)

    def _datatype_name(self, datatype):
        return self.pname(datatype, False)

    def header(self) -> str:
        """The ``PREFIX`` lines of the namespaces used so far."""
        return "".join("PREFIX %s: <%s>\n" % item for item in sorted(self.namespaces.items()))


def _is_type(p) -> bool:
    return type(p) is URIRef and str.__eq__(p, _TYPE) or type(p) is not URIRef and p == RDF.type


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


def _block(subject: str, parts: list[str]) -> str:
    """One subject's statement: its text, then ``parts`` (predicate and objects) one a line."""
    return "\n" + subject + "\n" + " ;\n".join(parts) + (" ;\n.\n" if parts else "\n.\n")


def _part(verb: str, objects: list[str]) -> str:
    """One predicate of a statement with the text of its objects (already in order)."""
    if len(objects) > 1:
        return _INDENT + verb + "\n" + _INDENT * 2 + (" ,\n" + _INDENT * 2).join(objects)
    return _INDENT + verb + " " + objects[0]


def _is_class(preds: dict) -> bool:
    """Whether the subject of ``preds`` is a member of rdfs:Class (written first)."""
    return any(type(o) is URIRef and str.__eq__(o, _CLASS) for o in _types(preds))


class _LongTurtle:
    """One run of the writer (rdflib's ``LongTurtleSerializer`` without blank nodes or base)."""

    def __init__(self, triples: Triples):
        self.subjects = triples._subjects
        self.names = _Names(triples.prefixes)

    def _labels(self) -> tuple[dict, dict, dict]:
        """The text of every subject, predicate and object, by ``id`` of the (shared) term
        object; this registers the prefixes the text uses, as ``preprocessTriple`` does
        (datatypes of literals included)."""
        subjects, verbs, objects = {}, {}, {}
        names = self.names
        for s, preds in self.subjects.items():
            subjects[id(s)] = names.subject_text(s)
            for p, objs in preds.items():
                if id(p) not in verbs:
                    verbs[id(p)] = names.verb_text(p)
                for o in objs:
                    if id(o) not in objects:
                        objects[id(o)] = names.object_text(o)
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
        top = sorted(s for s, preds in self.subjects.items() if _is_class(preds))
        seen = set(top)
        rest = [s for s in self.subjects if s not in seen]
        if all(type(s) is URIRef for s in rest):
            rest.sort(key=lambda s: (get(s, 0), str.__str__(s)))
        else:
            rest = [s for _, _, s in sorted((isinstance(s, BNode), get(s, 0), s) for s in rest)]
        return top + rest

    def text(self) -> str:
        subject_text, verb_text, object_text = self._labels()
        out = [self.names.header()]
        orders: dict = {}  # the same predicates in the same order for most subjects
        for s in self._subject_order():
            preds = self.subjects[s]
            shape = tuple(map(id, preds))
            order = orders.get(shape)
            if order is None:
                order = orders[shape] = _predicate_order(preds)
            parts = [_part(verb_text[id(p)], [object_text[id(o)] for o in sorted(preds[p])]) for p in order]
            out.append(_block(subject_text[id(s)], parts))
        text = "".join(out)
        # rdflib writes through str.encode(..., "replace"): a lone surrogate becomes "?"
        return text.encode("utf-8", "replace").decode("utf-8")


def _types(preds: dict) -> list:
    for p, objs in preds.items():
        if _is_type(p):
            return objs
    return []


def _gather(subject, triples: Iterable[tuple]) -> dict:
    """``{predicate: [objects]}`` of the triples of one subject, each triple once, in the order
    first given."""
    preds: dict = {}
    for s, p, o in triples:
        if s is not subject and s != subject:
            raise ValueError(f"triple {(s, p, o)!r} in the group of {subject!r}")
        objs = preds.get(p)
        if objs is None:
            objs = preds[p] = {}
        objs[o] = None
    return {p: list(objs) for p, objs in preds.items()}


#: Bytes of statements held before they are sorted into a run file (:func:`write_longturtle`).
RUN_BYTES = 32 << 20
#: Prefixed names remembered while streaming (:class:`_Names`).
NAME_CACHE = 1 << 16
_RECORD = struct.Struct("<II")


def write_longturtle(groups: Callable[[], Iterable[tuple]], out: BinaryIO, prefixes: Mapping[str, str],
                     spill_dir: str | PathLike | None = None, run_bytes: int = RUN_BYTES) -> int:
    """Write the UTF-8 bytes of ``Graph.serialize(format="longturtle")`` of some triples to the
    binary file ``out``, holding only one subject's triples at a time; return the number of
    (distinct) triples.

    ``groups()`` gives ``(subject, triples)`` pairs, each subject once with every triple it is
    the subject of (as :func:`kg.export.rdf.subject_groups` does). Each subject's statement is written
    to a temporary file (in ``spill_dir``) as it comes, while the writer counts how often each
    IRI is an object: longturtle writes the subjects in that order (then by IRI), known only at
    the end. The statements are then sorted by that key in runs of ``run_bytes``, kept in
    temporary files too, and the runs merged. What stays in memory is the count per IRI and one
    run. (The two steps are :func:`write_shard` and :func:`merge_shards`: the first can run on
    several parts of the subjects at once, elsewhere, and the second join them.)

    Triples with blank nodes, subjects that are literals, or IRIs whose prefix rdflib would make
    up are written by :class:`Triples` (all in memory; ``groups()`` is called again) instead,
    so the bytes are the same.
    """
    start = out.tell()
    try:
        with tempfile.TemporaryFile(dir=spill_dir, buffering=1 << 20) as pending:
            shard = write_shard(groups(), prefixes, pending)
            return merge_shards([shard], out, spill_dir, run_bytes)
    except _Unstreamable:
        pass
    out.seek(start)
    out.truncate()
    triples = Triples(prefixes)
    for _, group in groups():
        triples.update(group)
    out.write(triples.serialize(format="longturtle").encode("utf-8"))
    return len(triples)


class Shard:
    """The statements of some subjects as :func:`write_shard` wrote them to ``file``: how many
    distinct triples they hold (``count``), how often each IRI is their object (``refs``), and
    the prefixes their text uses (``namespaces``)."""

    def __init__(self, file: BinaryIO, count: int, refs: dict, namespaces: dict):
        self.file, self.count, self.refs, self.namespaces = file, count, refs, namespaces


def write_shard(groups: Iterable[tuple], prefixes: Mapping[str, str], file: BinaryIO) -> Shard:
    """Write the statement of each subject of ``groups`` to the binary ``file`` (records keyed
    by the subject, in the order given): the first step of :func:`write_longturtle`, for a part
    of the subjects (every subject in one part only). :func:`merge_shards` makes the Turtle of
    several parts, the same bytes as of all their subjects in one."""
    names = _Names(prefixes, limit=NAME_CACHE, strict=True)
    count, refs = _write_statements(groups, names, file)
    return Shard(file, count, refs, dict(names.namespaces))


def merge_shards(shards: list[Shard], out: BinaryIO, spill_dir: str | PathLike | None = None,
                 run_bytes: int = RUN_BYTES) -> int:
    """Write the Turtle of the subjects of ``shards`` to ``out``: the prefixes they use, then
    every statement in longturtle's order (members of rdfs:Class, then by how often the subject
    is an object in any shard, then by IRI); the number of triples."""
    refs = shards[0].refs if len(shards) == 1 else {}
    if len(shards) > 1:
        for shard in shards:
            for iri, n in shard.refs.items():
                refs[iri] = refs.get(iri, 0) + n
    namespaces: dict = {}
    for shard in shards:
        namespaces.update(shard.namespaces)
    with _Runs(run_bytes, spill_dir) as runs:
        for shard in shards:
            shard.file.seek(0)
            for key, block in _read_records(shard.file):
                if key[:1] == b"\1":  # not a member of rdfs:Class: by references, then by IRI
                    iri = key[1:].decode("utf-8", "surrogatepass")
                    key = b"\1" + refs.pop(iri, 0).to_bytes(8, "big") + key[1:]
                runs.add(key, block)
        del refs
        out.write("".join("PREFIX %s: <%s>\n" % item for item in sorted(namespaces.items())).encode("utf-8", "replace"))
        for block in runs.merged():
            out.write(block)
    return sum(shard.count for shard in shards)


def _write_statements(groups: Iterable[tuple], names: _Names, f: BinaryIO) -> tuple[int, dict]:
    """Write the statement of each subject of ``groups`` to ``f``, as a record keyed by
    whether it is a member of rdfs:Class and its IRI. Return the number of distinct triples,
    and how many have each IRI as their object."""
    count, refs = 0, {}
    get = refs.get
    for s, triples in groups:
        if type(s) is not URIRef:
            raise _Unstreamable("a subject that is not an IRI")
        preds = _gather(s, triples)
        for objs in preds.values():
            count += len(objs)
            for o in objs:
                kind = type(o)
                if kind is URIRef:
                    o = str.__str__(o)
                    refs[o] = get(o, 0) + 1
                elif kind is not Literal:
                    raise _Unstreamable("a blank node")
        key = (b"\0" if _is_class(preds) else b"\1") + str.__str__(s).encode("utf-8", "surrogatepass")
        _write_record(f, key, _statement(names, s, preds).encode("utf-8", "replace"))
    return count, refs


def _statement(names: _Names, subject, preds: dict) -> str:
    """The text of one subject with its predicates and objects (``{predicate: [objects]}``)."""
    parts = []
    for p in names.predicate_order(preds):
        parts.append(_part(names.verb_text(p), [names.object_text(o) for o in sorted(preds[p])]))
    return _block(names.subject_text(subject), parts)


def _write_record(f: BinaryIO, key: bytes, data: bytes) -> None:
    f.write(_RECORD.pack(len(key), len(data)))
    f.write(key)
    f.write(data)


def _read_records(f: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """The records that :func:`_write_record` wrote to ``f``, from where it stands."""
    size = _RECORD.size
    while True:
        head = f.read(size)
        if not head:
            return
        key_length, data_length = _RECORD.unpack(head)
        yield f.read(key_length), f.read(data_length)


class _Runs:
    """``(key, bytes)`` records, given in any order and read back in order of their (distinct)
    keys: sorted in memory up to ``limit`` bytes at a time, each sorted run kept in a temporary
    file, the runs merged."""

    def __init__(self, limit: int, folder: str | PathLike | None = None):
        self.limit, self.folder = limit, folder
        self.records: list[tuple[bytes, bytes]] = []
        self.size = 0
        self.files: list = []

    def __enter__(self) -> "_Runs":
        return self

    def __exit__(self, *exc) -> None:
        for f in self.files:
            f.close()
        self.files = []

    def add(self, key: bytes, data: bytes) -> None:
        self.records.append((key, data))
        self.size += len(key) + len(data)
        if self.size >= self.limit:
            self._spill()

    def _spill(self) -> None:
        f = tempfile.TemporaryFile(dir=self.folder, buffering=1 << 20)
        self.files.append(f)
        self.records.sort()
        for key, data in self.records:
            _write_record(f, key, data)
        self.records, self.size = [], 0

    def merged(self) -> Iterator[bytes]:
        """The records' bytes, in order of their keys."""
        self.records.sort()
        if not self.files:
            for _, data in self.records:
                yield data
            return
        for f in self.files:
            f.seek(0)
        streams = [_read_records(f) for f in self.files] + [iter(self.records)]
        for _, data in heapq.merge(*streams):
            yield data
