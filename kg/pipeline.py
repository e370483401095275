"""Composes the stages; the only place they meet.

``Extractor`` holds what is loaded once (the spaCy pipeline, the gazetteer, the relation
rules); :func:`extract` runs one document through normalisation, article splitting, NER,
canonical names and relation rules; :func:`build` runs a batch and writes every output.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import stat
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import errors
from .articles import split_articles
from .canonical import Conventions, article_regions, build_entities, propagate_mentions, squash
from .inputs import DEFAULT_MAX_BYTES, Decoded, as_written, decode
from .model import Document, Entity, Mention, Relation
from .normalize import normalize
from .relations import Scene, extract_relations

__all__ = ["Extractor", "extract", "to_gold_format", "collect_inputs", "read_input", "build", "STAGES", "INPUT_SUFFIXES"]

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "normalise", "split", "nlp", "canonicalise", "relations", "graph", "turtle", "write")


@dataclass
class Extractor:
    """The loaded pipeline."""

    nlp: object
    relation_rules: list[dict]
    joiners: tuple[str, ...]
    conventions: Conventions
    timings: Counter = field(default_factory=Counter)

    @classmethod
    def load(cls, root: Path = ROOT) -> "Extractor":
        from .nlp import build_nlp

        nlp = build_nlp()
        with open(root / "pipelines" / "relations.toml", "rb") as f:
            rel = tomllib.load(f)
        finder = nlp.get_pipe("kg_entities")
        org = finder.rules.section("org")
        conv = Conventions(
            abbreviations=org.get("abbreviations", {}),
            level_words=org.get("level_words", {}),
            category_tails=tuple(finder.rules.section("programme").get("quote_category_tails", [])),
            full_form_heads=tuple(org.get("full_form_heads", [])),
            org_types=tuple(org.get("types", [])),
            edition=finder.rules.section("event").get("edition", r"(?!x)x"),
        )
        return cls(nlp, rel["rule"], tuple(rel.get("list_joiners", ["、"])), conv)

    @property
    def finder(self):
        return self.nlp.get_pipe("kg_entities")


def _timed(timings: Counter, stage: str, t0: float) -> float:
    t1 = time.perf_counter()
    timings[stage] += t1 - t0
    return t1


def _byline_spans(text: str, articles) -> list[tuple[int, int, str]]:
    """Offsets of byline names: each name searched near its article's start."""
    spans = []
    for a in articles:
        pos = a.start
        window_end = min(a.end, a.start + 80)
        for name in a.bylines:
            i = text.find(name, pos, window_end + len(name))
            if i < 0:
                i = text.find(name, a.start, a.end)
            if i >= 0:
                spans.append((i, i + len(name), name))
                pos = i + len(name)
    return spans


def extract(ex: Extractor, doc_id: str, source: str, raw: str) -> Document:
    """Everything one input page yields."""
    t = time.perf_counter()
    normalized = normalize(raw)
    t = _timed(ex.timings, "normalise", t)
    text = normalized.text
    articles = split_articles(doc_id, text)
    t = _timed(ex.timings, "split", t)

    sdoc = ex.nlp.make_doc(text)
    sdoc._.bylines = _byline_spans(text, articles)
    for _, proc in ex.nlp.pipeline:
        sdoc = proc(sdoc)
    t = _timed(ex.timings, "nlp", t)

    def art(pos: int) -> str:
        for a in articles:
            if a.start <= pos < a.end:
                return a.id
        return articles[-1].id if articles else ""

    def with_article(ms: Iterable[Mention]) -> list[Mention]:
        return [Mention(m.start, m.end, m.text, m.label, m.source, art(m.start)) for m in ms]

    mentions = with_article(sdoc._.mentions)
    nested = with_article(sdoc._.nested)
    places = with_article(sdoc._.places)
    gaz = ex.finder.gazetteer
    regions = article_regions(articles, places, gaz)
    all_mentions = sorted(set(mentions) | set(nested), key=lambda m: (m.start, m.end, m.label, m.source))
    entities = build_entities(all_mentions, regions, gaz, ex.conventions)
    mentions += propagate_mentions(text, entities, mentions, art)
    t = _timed(ex.timings, "canonicalise", t)

    key_of = {}
    for e in entities:
        for m in e.mentions:
            key_of[(m.start, m.end, m.label)] = e.key
    # gazetteer places not kept as mentions still name their entity when one exists
    by_alias = {}
    for e in entities:
        if e.label == "PLACE":
            for a in e.aliases:
                by_alias.setdefault(a, e.key)
    for p in places:
        key_of.setdefault((p.start, p.end, "PLACE"), by_alias.get(p.text))
    # relation rules see labels as the entities finally have them
    relabelled = []
    for m in mentions:
        k = key_of.get((m.start, m.end, m.label))
        if k and k[0] != m.label:
            m = Mention(m.start, m.end, m.text, k[0], m.source, m.article)
            key_of[(m.start, m.end, m.label)] = k
        relabelled.append(m)
    scene = Scene(
        doc_id=doc_id,
        normalized=normalized,
        articles=articles,
        sentences=sdoc._.sentences,
        mentions=sorted(relabelled, key=lambda m: (m.start, m.end)),
        nested=nested,
        places=places,
        key_of={k: v for k, v in key_of.items() if v},
        entities={e.key: e for e in entities},
        gazetteer=gaz,
        roles=ex.finder.rules.roles,
        joiners=ex.joiners,
    )
    relations = extract_relations(scene, ex.relation_rules)
    _timed(ex.timings, "relations", t)
    return Document(doc_id, source, normalized, articles, entities, relations)


def _mention_evidence(doc: Document, m: Mention) -> dict:
    start, end = doc.normalized.raw_span(m.start, m.end)
    return {"article": m.article, "start": start, "end": end, "text": m.text, "rule": m.source}


def to_gold_format(doc: Document) -> dict:
    """The document in the format of the annotation guidelines, with evidence added."""
    entities = []
    for e in sorted(doc.entities, key=lambda e: (e.label, e.name)):
        first = sorted(e.mentions, key=lambda m: (m.start, m.end, m.source))
        entities.append(
            {
                "label": e.label,
                "name": e.name,
                "aliases": sorted({squash(a) for a in e.aliases}),
                **({"props": dict(sorted(e.props.items()))} if e.props else {}),
                "evidence": [_mention_evidence(doc, m) for m in first[:3]],
            }
        )
    relations = []
    for r in doc.relations:
        ev = r.evidence
        relations.append(
            {
                "subject": r.subject[1],
                "predicate": r.predicate,
                "object": r.object[1],
                **({"role": r.role} if r.role else {}),
                "evidence": {"article": ev.article, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "rule": ev.rule},
            }
        )
    return {"doc": doc.source, "entities": entities, "relations": relations}


#: Suffixes of the files taken from a folder (in any case).
INPUT_SUFFIXES = (".txt", ".htm", ".html")


def _walk(top: Path, problems: list | None) -> list[Path]:
    """Input files under ``top``: symlinked folders followed, each real folder once."""
    found: list[Path] = []
    visited: set[str] = set()

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems.append((Path(exc.filename), _os_reason(exc)))

    for folder, subfolders, names in os.walk(top, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:  # reached again through a symlink: a loop, or a second way in
            subfolders[:] = []
            continue
        visited.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += (Path(folder, n) for n in names if not n.startswith(".") and n.lower().endswith(INPUT_SUFFIXES))
    return sorted(found)


def collect_inputs(paths: Sequence[str | Path], problems: list | None = None) -> list[Path]:
    """Input files: files as given, folders searched for ``*.txt`` and ``*.html`` (sorted, no
    duplicates).

    Folders are walked with symlinks followed but each real folder entered once, so a symlink
    loop ends; hidden files and folders (``.name``) are skipped. A path that does not exist,
    a dangling or looping symlink, and a file that is not regular are returned, so that
    reading them reports them. A folder that cannot be listed is appended to ``problems`` as
    ``(path, reason)`` when a list is given.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += _walk(p, problems)
        else:
            files.append(p)
    seen, out = set(), []
    for f in files:
        try:
            key = f.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            key = f
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder: check the path"
    return exc.strerror or str(exc)


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """One input file, decoded by :func:`kg.inputs.decode`.

    Raises :class:`errors.KGError` naming the file and the reason when it cannot be used:
    missing or unreadable, not a regular file (a FIFO would block), over ``max_bytes`` (checked
    before reading, and no more than ``max_bytes + 1`` bytes are ever read), or refused by
    :func:`kg.inputs.decode`.
    """
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise errors.KGError(errors.E034.format(path=path))
        if st.st_size > max_bytes:
            raise errors.KGError(errors.E030.format(path=path, size=st.st_size, limit=max_bytes))
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise errors.KGError(errors.E003.format(path=path, reason=_os_reason(exc))) from None
    if len(data) > max_bytes:  # the file grew after the check
        raise errors.KGError(errors.E030.format(path=path, size=len(data), limit=max_bytes))
    return decode(data, str(path))


_TEMP_NAME = re.compile(r"\..+\.(\d+)\.[0-9a-f]{8}\.tmp")


def _stage(path: Path, write: Callable[[Path], None]) -> Path:
    """Make the next content of ``path`` in a hidden sibling with ``write(sibling)``, flushed to
    disk, and return the sibling; ``path`` itself does not change. On failure the sibling goes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide the mode (mkstemp would make it 0600)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _text_writer(data: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)

    return write


def _atomic_write(path: Path, data: str) -> None:
    """Write ``data`` to ``path``: a reader sees the old content or the new, never a part."""
    os.replace(_stage(path, _text_writer(data)), path)


def _remove_stale_temps(folder: Path) -> None:
    """Remove the temporary files that killed builds left (their process is gone)."""
    for tmp in folder.glob(".*.tmp"):
        m = _TEMP_NAME.fullmatch(tmp.name)
        if not m:
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (PermissionError, OverflowError):
            pass


def _exception_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:299] + "…"


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    extractor: Extractor | None = None,
    progress=None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    debug: bool = False,
) -> dict:
    """Extract every input, then write ``extract/*.json``, ``graph.ttl``, ``graph.graphml``,
    ``neo4j/`` and ``report.json`` under ``out_dir``. Returns the report.

    A bad input (unreadable, too large, binary, undetectable encoding, or one whose extraction
    raises) is listed in ``report["failed"]`` and skipped; the others still build. With
    ``debug``, an extraction error is raised instead.

    Nothing under ``out_dir`` changes until every output has been made: each file is written to
    a hidden temporary sibling, and the renames over the old files come last. So an error or a
    kill before then leaves the previous build as it was, and the next run starts clean.
    Raises :class:`errors.KGError` when no input is found, or none can be used (nothing is
    written then).
    """
    from .graph import build_graph, write_graphml
    from .rdf import serialize_turtle, to_rdf

    out = Path(out_dir)
    t_start = time.perf_counter()
    problems: list[tuple[Path, str]] = []
    files = collect_inputs(inputs, problems)
    if not files and not problems:
        raise errors.KGError(errors.E002.format(paths=", ".join(map(str, inputs))))
    failures = [{"input": str(p), "error": errors.E003.format(path=p, reason=r)} for p, r in problems]
    ex = extractor
    if ex is not None:
        ex.timings.clear()
    load_seconds = 0.0
    documents: list[Document] = []
    decoded_of: dict[str, Decoded] = {}
    records: list[tuple[Path, str]] = []
    owner: dict[str, Path] = {}
    for f in files:
        t = time.perf_counter()
        try:
            if f.stem in owner:
                raise errors.KGError(errors.E036.format(path=f, other=owner[f.stem]))
            decoded = read_input(f, max_bytes)
        except errors.KGError as exc:
            failures.append({"input": str(f), "error": str(exc)})
            continue
        read_seconds = time.perf_counter() - t
        owner[f.stem] = f
        if ex is None:  # loaded at the first usable input, so that bad inputs fail fast
            ex = Extractor.load()
            load_seconds = time.perf_counter() - t - read_seconds
            ex.timings.clear()
        ex.timings["read"] += read_seconds
        try:
            doc = extract(ex, f.stem, f.name, decoded.matching)
            if decoded.traditional:
                doc = as_written(doc, decoded.text)
            records.append((out / "extract" / f"{f.stem}.json", json.dumps(to_gold_format(doc), ensure_ascii=False, indent=1) + "\n"))
        except Exception as exc:  # one page that breaks a stage must not stop the batch
            if debug:
                raise
            failures.append({"input": str(f), "error": errors.E035.format(path=f, reason=_exception_line(exc))})
            continue
        documents.append(doc)
        decoded_of[doc.source] = decoded
        if progress:
            progress(f)
    if not documents:
        raise errors.KGError(errors.E037.format(count=len(failures), first=failures[0]["error"], out=out))
    t = time.perf_counter()
    divisions = {code: (d.name, d.level, d.parent) for code, d in ex.finder.gazetteer.by_code.items() if not code.startswith("iso:")}
    graph = build_graph(documents, divisions=divisions)
    t = _timed(ex.timings, "graph", t)
    rdf_graph = to_rdf(graph)
    turtle = serialize_turtle(rdf_graph)
    t = _timed(ex.timings, "turtle", t)

    for folder in (out, out / "extract"):
        _remove_stale_temps(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, record in records:
            staged.append((_stage(path, _text_writer(record)), path))
        staged.append((_stage(out / "graph.ttl", _text_writer(turtle)), out / "graph.ttl"))
        staged.append((_stage(out / "graph.graphml", lambda tmp: write_graphml(graph, tmp)), out / "graph.graphml"))
        _timed(ex.timings, "write", t)
        report = _report(documents, failures, ex.timings, load_seconds, time.perf_counter() - t_start, graph, len(rdf_graph))
        report["inputs"] = {
            source: {"encoding": d.encoding, **({"html": True} if d.html else {}), **({"traditional": True} if d.traditional else {})}
            for source, d in sorted(decoded_of.items())
        }
        staged.append((_stage(out / "report.json", _text_writer(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")), out / "report.json"))
        from .neo4j_export import write_export  # the offline Neo4j forms: CSV files, load.cypher
        write_export(graph, out / "neo4j")  # swaps its folder whole
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return report


def _report(documents, failures, timings, load_seconds, total_seconds, graph, triples) -> dict:
    entities = Counter()
    relations = Counter()
    for d in documents:
        entities.update(e.label for e in d.entities)
        relations.update(r.predicate for r in d.relations)
    return {
        "documents": len(documents),
        "articles": sum(len(d.articles) for d in documents),
        "characters": sum(len(d.normalized.raw) for d in documents),
        "entities": dict(sorted(entities.items())),
        "relations": dict(sorted(relations.items())),
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "triples": triples},
        "seconds": {"load": round(load_seconds, 3), "total": round(total_seconds, 3), **{k: round(v, 3) for k, v in sorted(timings.items())}},
        "failed": failures,
        "per_document": {
            d.source: {"articles": len(d.articles), "entities": len(d.entities), "relations": len(d.relations)} for d in documents
        },
    }
