"""Extraction results kept between builds, one file per input page.

An entry is found by the hash of the pipeline version, the file's name and its bytes, so a page
is extracted again when it changes, when it is renamed (its name is its document id) and when
the pipeline changes. :func:`pipeline_version` hashes every file under ``kg/`` and
``pipelines/``, the versions of the packages that compute the results, and the pkuseg model
files (names, sizes and times): editing a rule, a lexicon or the code invalidates everything.

An entry holds what the outputs need and nothing else: the ``extract/*.json`` text as
extracted, and the parts of the :class:`~kg.model.Document` that :func:`kg.graph.build_graph`
and the report read (articles with titles, authors, datelines and texts, entities with their
aliases, props and the articles they are mentioned in, relations with their evidence), as a
:func:`slim` document, and the page's record for the browser view (its normalised text,
articles and mentions: :func:`kg.export.view.view_record`). The build holds none of the page
texts and mention offsets: that is what keeps its memory flat.

Layout: ``<folder>/<key[:2]>/<key>.entry``: five lines of JSON (the head: ids, articles,
counts, the input's encoding and a SHA-256 of the rest; the entities; the relations; the
articles' texts; the view record), then the extract text as written. A build reads the head of
each page, its view record and extract text once, and the rest only when it makes the graph.

The cache is an optimisation, never a cause of failure: an entry that cannot be read, is not an
entry of this format, or whose text does not match its hash (one character changed, a folder
where a file should be) is :class:`Damaged`; the build warns, naming it, and extracts the page
again. Entries are never changed in place, only replaced whole, so a build can link them into
its new output folder (:meth:`Cache.get` with ``into``) instead of copying them.

>>> from kg.model import Article, Document, Entity, Mention, Normalized
>>> doc = Document("d", "d.txt", Normalized("甲", "甲", (0, 1)), [Article("d#a1", 0, 1, "题")],
...                [Entity("PERSON", "王宏", {"王宏"}, [Mention(0, 2, "王宏", "PERSON", "r", "d#a1")])])
>>> entry = Entry(slim(doc), "{}\\n", 1, {"encoding": "UTF-8"}, '{"id":"d"}')
>>> Entry.from_text(entry.to_text()) == entry
True
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..config import ROOT
from ..io.atomic import write_atomic
from ..model import Article, Document, Entity, Evidence, Mention, Normalized, PageMeta, Relation
from .version import PACKAGES, model_folder, source_files

__all__ = ["FORMAT", "pipeline_version", "input_key", "slim", "Entry", "read_head", "StoredDoc", "Cache", "Damaged",
           "link_or_copy"]

#: Version of the entry layout; part of :func:`pipeline_version`.
FORMAT = 5
_EMPTY = Normalized("", "", (0,))


@lru_cache(maxsize=4)
def pipeline_version(root: Path = ROOT) -> str:
    """A hash of everything that decides what extraction returns (see the module docstring)."""
    h = hashlib.sha256(f"kg-cache {FORMAT}\n".encode())
    for top in ("kg", "pipelines"):
        for path in source_files(root / top):
            h.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
            h.update(path.read_bytes())
    for name in PACKAGES:
        try:
            h.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} missing\n".encode())
    model = model_folder(root)
    h.update(f"model {model}\n".encode())
    if model.is_dir():
        for path in source_files(model):
            st = path.stat()
            h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def input_key(version: str, name: str, data: bytes) -> str:
    """The key of an input file: pipeline version, file name (the document id) and bytes."""
    h = hashlib.sha256(version.encode())
    h.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
    h.update(data)
    return h.hexdigest()


def slim(doc: Document) -> Document:
    """``doc`` with only what the graph and the report read: no page text but each article's
    own (``Article.text``), each entity mentioned once per article it is mentioned in
    (``Mention.article``; the rest of the mention is empty)."""
    articles = [Article(a.id, 0, 0, a.title, a.bylines, a.authors, a.dateline, a.text_in(doc)) for a in doc.articles]
    entities = []
    for e in doc.entities:
        seen = sorted({m.article for m in e.mentions if m.article})
        entities.append(Entity(e.label, e.name, set(e.aliases), [Mention(0, 0, "", e.label, "", a) for a in seen], dict(e.props)))
    return Document(doc.id, doc.source, _EMPTY, articles, entities, list(doc.relations))


def _plain(value) -> bool:
    """Whether ``value`` comes back from JSON as it went in."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if type(value) is list:
        return all(map(_plain, value))
    if type(value) is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


@dataclass
class Entry:
    """One input's results: the slim document, the extract text, the length of the raw text,
    how the input was decoded (``encoding``, and ``html``/``traditional`` when true), and the
    view record (one line of JSON)."""

    doc: Document
    record: str
    characters: int
    input: dict
    view: str = "{}"

    def cacheable(self) -> bool:
        """Whether :meth:`to_text` / :meth:`from_text` give this entry back exactly."""
        d = self.doc
        return (
            _plain(self.input)
            and all(type(e.aliases) is set and all(type(a) is str for a in e.aliases) and _plain(e.props) for e in d.entities)
            and all(
                type(r.subject) is tuple and type(r.object) is tuple and _plain([*r.subject, r.predicate, *r.object, r.role])
                and _plain(list(vars(r.evidence).values()))
                for r in d.relations
            )
        )

    def head(self) -> dict:
        """What :func:`read_head` gives of this entry's text: ids, characters, input, articles,
        the label of each entity and the predicate of each relation."""
        d = self.doc
        return {
            "format": FORMAT,
            "id": d.id,
            "source": d.source,
            "characters": self.characters,
            "input": self.input,
            "articles": [[a.id, a.title, [list(pair) for pair in a.authors], a.dateline] for a in d.articles],
            "labels": [e.label for e in d.entities],
            "predicates": [r.predicate for r in d.relations],
        }

    def to_text(self) -> str:
        d = self.doc
        entities = [[e.label, e.name, sorted(e.aliases), e.props, [m.article for m in e.mentions]] for e in d.entities]
        relations = [[*r.subject, r.predicate, *r.object, r.role, *(getattr(r.evidence, f) for f in _EVIDENCE)] for r in d.relations]
        texts = [a.text for a in d.articles]
        body = "".join(json.dumps(part, ensure_ascii=False, separators=(",", ":")) + "\n" for part in (entities, relations, texts)) + self.view + "\n" + self.record
        head = {**self.head(), "sha256": _digest(body)}
        return json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n" + body

    @classmethod
    def from_text(cls, text: str) -> "Entry":
        head, entities, relations, texts, view, record = _lines(text)
        articles = _articles(head, json.loads(texts))
        doc = Document(head["id"], head["source"], _EMPTY, articles, _entities(json.loads(entities)), _relations(json.loads(relations)))
        return cls(doc, record, head["characters"], head["input"], view)


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _lines(text: str) -> tuple[dict, str, str, str, str, str]:
    parts = text.split("\n", 5)
    if len(parts) != 6:
        raise ValueError("incomplete cache entry")
    head, entities, relations, texts, view, record = parts
    return _head(head), entities, relations, texts, view, record


def _head(line: str) -> dict:
    head = json.loads(line)
    if type(head) is not dict or head.get("format") != FORMAT:
        raise ValueError("not a cache entry of this format")
    return head


def read_head(text: str) -> tuple[dict, str, str]:
    """The head of an entry's text (id, source, characters, input, articles, the label of each
    entity and the predicate of each relation), its view record and its extract text;
    ``ValueError`` when the text is not a whole entry of this format, exactly as written."""
    head, *_, view, record = _lines(text)
    if head.get("sha256") != _digest(text[text.index("\n") + 1:]):
        raise ValueError("its text does not match its hash")
    if not all(type(head.get(k)) is list for k in ("articles", "labels", "predicates")):
        raise ValueError("incomplete cache entry")
    return head, view, record


def _articles(head: dict, texts: list[str] | None = None) -> list[Article]:
    """The articles of an entry's head (with their texts, when given)."""
    texts = texts or [""] * len(head["articles"])
    return [Article(i, 0, 0, title, tuple(name for name, _ in authors), tuple(map(tuple, authors)), dateline, text)
            for (i, title, authors, dateline), text in zip(head["articles"], texts)]


def _entities(rows: list) -> list[Entity]:
    return [Entity(label, name, set(aliases), [Mention(0, 0, "", label, "", a) for a in arts], props)
            for label, name, aliases, props, arts in rows]


def _relations(rows: list) -> list[Relation]:
    return [Relation((sl, sn), p, (ol, on), role, Evidence(*ev)) for sl, sn, p, ol, on, role, *ev in rows]


class StoredDoc:
    """The slim document of an entry file, its entities and relations read again each time
    they are wanted (each from its own line): a build holds only the ids, sources and articles
    of its pages while it extracts the others, not their entities and relations.

    Has what :func:`kg.graph.build_graph` reads of a :class:`~kg.model.Document`.
    """

    __slots__ = ("id", "source", "articles", "path", "meta")

    def __init__(self, path: Path, head: dict):
        self.id, self.source, self.path = head["id"], head["source"], Path(path)
        self.articles = _articles(head)
        self.meta = PageMeta()  # what the build is told of the page (not cached)

    def _line(self, n: int):
        with open(self.path, encoding="utf-8") as f:
            for _ in range(n):
                f.readline()
            return json.loads(f.readline())

    @property
    def entities(self) -> list[Entity]:
        return _entities(self._line(1))

    @property
    def relations(self) -> list[Relation]:
        return _relations(self._line(2))

    @property
    def texts(self) -> list[str]:
        """The text of each article, in order."""
        return self._line(3)


_EVIDENCE = ("doc", "article", "start", "end", "sentence", "rule", "date")


class Damaged(Exception):
    """A cache entry that is there but cannot be used (``path``, ``reason``)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def link_or_copy(src: Path, dst: Path) -> None:
    """``dst`` as a second name of the file ``src`` (a copy where links are not possible)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        shutil.copyfile(src, dst)


class Cache:
    """Entries in ``folder``, for pipeline ``version``.

    With ``into`` (a folder), the entries this build uses are found in ``folder`` but kept in
    ``into``: new ones written there, found ones linked there. ``folder`` itself never
    changes, so a build that fails or is killed leaves it as it was, and ``into`` holds exactly
    the entries of this build (the default cache lives in the output folder, and ``into`` in
    the new output folder that replaces it). Without ``into``, new entries go into ``folder``
    and nothing is removed from it.
    """

    def __init__(self, folder: str | Path, version: str, into: str | Path | None = None):
        self.folder = Path(folder)
        self.version = version
        self.into = Path(into) if into else None
        self.new: list[str] = []
        self.hits = 0
        self.misses = 0

    def key(self, name: str, data: bytes) -> str:
        return input_key(self.version, name, data)

    def path(self, key: str, folder: Path | None = None) -> Path:
        return (folder or self.folder) / key[:2] / f"{key}.entry"

    def get(self, key: str) -> tuple[Path, dict, str, str] | None:
        """The file, head, view record and extract text of the entry of ``key``, or None when
        there is none; :class:`Damaged` when there is one that cannot be used (a miss too)."""
        path = self.path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.misses += 1
            raise Damaged(path, getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)) from None
        try:
            head, view, record = read_head(text)
        except (ValueError, TypeError, AttributeError) as exc:
            self.misses += 1
            raise Damaged(path, _reason(exc)) from None
        self.hits += 1
        if self.into is not None:
            link_or_copy(path, self.path(key, self.into))
            path = self.path(key, self.into)
        return path, head, view, record

    def put(self, key: str, text: str) -> Path:
        """Keep ``text`` as the entry of ``key``; return its file."""
        target = self.path(key, self.into)
        if target.is_dir() and not target.is_symlink():  # a folder where an entry should be
            shutil.rmtree(target)
        write_atomic(target, text, durable=False)
        self.new.append(key)
        return target

    def carry_over(self) -> None:
        """Link every entry of ``folder`` into ``into`` (a build without the cache keeps it)."""
        if self.into is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.entry"):
            if path.is_file() and not path.is_symlink():
                link_or_copy(path, self.into / path.parent.name / path.name)


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"
