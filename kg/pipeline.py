"""Composes the stages; the only place they meet.

``Extractor`` holds what is loaded once (the spaCy pipeline, the gazetteer, the relation
rules); :func:`extract` runs one document through normalisation, article splitting, NER,
canonical names and relation rules; :func:`build` runs a batch and writes every output.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from . import errors
from .config import ROOT, load_settings
from .text.articles import article_finder, split_articles
from .entities.link import link_mentions
from .entities.merge import build_entities
from .entities.names import Conventions, squash, written_name
from .entities.propagate import propagate_mentions
from .entities.regions import article_regions
from .io import atomic
from .io.decode import Decoded, decode
from .io.files import DEFAULT_MAX_BYTES, collect_inputs, read_bytes
from .io.traditional import as_written
from .model import Document, Mention
from .ner.resources import Resources, resources_for
from .text.normalize import normalize
from .relations.anaphors import anaphor_mentions
from .relations.engine import extract_relations
from .relations.scene import Scene

__all__ = ["Extractor", "extract", "to_gold_format", "build", "STAGES"]

#: Stages timed in ``report["seconds"]``: ``segment`` is the spaCy tokenizer (pkuseg), ``ner``
#: the rest of the spaCy pipeline (sentences, LAC, rules); ``turtle`` makes and writes the triples.
STAGES = ("read", "normalise", "split", "segment", "ner", "canonicalise", "relations", "graph", "turtle", "write", "neo4j")


@dataclass
class Extractor:
    """The loaded pipeline."""

    nlp: object
    #: the rules and lexicons of the entity stage (those of the pipeline's kg_entities)
    resources: Resources
    relation_rules: list[dict]
    joiners: tuple[str, ...]
    conventions: Conventions
    timings: Counter = field(default_factory=Counter)
    #: determiners that refer back to an organisation (该服务中心), from relations.toml
    anaphors: tuple[str, ...] = ()

    #: pkuseg in a child process (:class:`kg.ner.segmenter.SegmenterProcess`), when loaded so
    segmenter: object = None

    @classmethod
    def load(cls, root: Path = ROOT, separate_segmenter: bool = False) -> "Extractor":
        """The pipeline of ``pipelines/``. With ``separate_segmenter``, pkuseg loads and runs in a
        child process (see :mod:`kg.ner.segmenter`), started before anything else loads, and
        possibly still loading when this returns (see :meth:`wait`); it ends with :meth:`close`."""
        settings = load_settings(root / "pipelines" / "nlp.cfg", root)
        segmenter = None
        if separate_segmenter:
            from .ner.segmenter import SegmenterProcess

            segmenter = SegmenterProcess(settings.pkuseg_model, settings.pkuseg_user_dict)
        try:
            from .ner.nlp import build_nlp

            resources = resources_for(settings)  # the same objects as the pipeline's kg_entities has
            nlp = build_nlp(settings, segmenter=segmenter)
            with open(root / "pipelines" / "relations.toml", "rb") as f:
                rel = tomllib.load(f)
            rules = resources.rules
            org = rules.section("org")
            conv = Conventions(
                abbreviations=org.get("abbreviations", {}),
                level_words=org.get("level_words", {}),
                category_tails=tuple(rules.section("programme").get("quote_category_tails", [])),
                full_form_heads=tuple(org.get("full_form_heads", [])),
                org_types=tuple(org.get("types", [])),
                edition=rules.section("event").get("edition", r"(?!x)x"),
            )
            from .ner.tagger import load_lac

            load_lac()  # now rather than at the first page: while pkuseg loads, if it loads apart
        except BaseException:
            if segmenter is not None:
                segmenter.close()
            raise
        return cls(nlp, resources, rel["rule"], tuple(rel.get("list_joiners", ["、"])), conv, anaphors=tuple(rel.get("anaphor_determiners", [])),
                   segmenter=segmenter)

    def wait(self) -> None:
        """Return when the segmenter process, if there is one, has loaded its model (its first
        page waits otherwise). Raises :class:`errors.KGError` when it could not."""
        if self.segmenter is not None:
            self.segmenter.wait()

    def close(self) -> None:
        """End the segmenter process, if there is one (the rest is memory)."""
        if self.segmenter is not None:
            self.segmenter.close()



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
    from .ner.doc import keep_text

    t = time.perf_counter()
    normalized = normalize(raw)
    t = _timed(ex.timings, "normalise", t)
    text = normalized.text
    articles = split_articles(doc_id, text)
    t = _timed(ex.timings, "split", t)

    sdoc = keep_text(ex.nlp.make_doc(text), text)
    t = _timed(ex.timings, "segment", t)
    sdoc._.bylines = _byline_spans(text, articles)
    for _, proc in ex.nlp.pipeline:
        sdoc = proc(sdoc)
    t = _timed(ex.timings, "ner", t)

    art = article_finder(articles)

    def with_article(ms: Iterable[Mention]) -> list[Mention]:
        return [Mention(m.start, m.end, m.text, m.label, m.source, art(m.start)) for m in ms]

    mentions = with_article(sdoc._.mentions)
    nested = with_article(sdoc._.nested)
    places = with_article(sdoc._.places)
    gaz = ex.resources.gazetteer
    regions = article_regions(articles, places, gaz)
    all_mentions = sorted(set(mentions) | set(nested), key=lambda m: (m.start, m.end, m.label, m.source))
    entities = build_entities(all_mentions, regions, gaz, ex.conventions)
    mentions += propagate_mentions(text, entities, mentions, art)
    t = _timed(ex.timings, "canonicalise", t)

    key_of, relabelled = link_mentions(entities, mentions, places)
    # 该服务中心: the organisation named before, for the relation rules
    for m, k in anaphor_mentions(text, relabelled, key_of, ex.anaphors, ex.resources.rules.heads["ORG"]):
        relabelled.append(m)
        key_of[(m.start, m.end, m.label)] = k
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
        roles=ex.resources.rules.roles,
        joiners=ex.joiners,
    )
    relations = extract_relations(scene, ex.relation_rules)
    _timed(ex.timings, "relations", t)
    return Document(doc_id, source, normalized, articles, entities, relations)


def _mention_evidence(doc: Document, m: Mention) -> dict:
    start, end = doc.normalized.raw_span(m.start, m.end)
    return {"article": m.article, "start": start, "end": end, "text": m.text, "rule": m.source}


def to_gold_format(doc: Document) -> dict:
    """The document in the format of the annotation guidelines, with evidence added.

    A gazetteer place goes by the form the page writes (:func:`~kg.entities.names.written_name`);
    its full name stays an alias.
    """
    shown = {e.key: written_name(e) for e in doc.entities}
    entities = []
    for e in sorted(doc.entities, key=lambda e: (e.label, shown[e.key])):
        first = sorted(e.mentions, key=lambda m: (m.start, m.end, m.source))
        entities.append(
            {
                "label": e.label,
                "name": shown[e.key],
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
                "subject": shown.get(r.subject, r.subject[1]),
                "predicate": r.predicate,
                "object": shown.get(r.object, r.object[1]),
                **({"role": r.role} if r.role else {}),
                "evidence": {"article": ev.article, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "rule": ev.rule},
            }
        )
    return {"doc": doc.source, "entities": entities, "relations": relations}


def _exception_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:299] + "…"


# --- build: many inputs, from the cache or extracted (in worker processes with --workers) ---


def _input_info(decoded: Decoded) -> dict:
    """How an input was read, for ``report["inputs"]``."""
    return {
        "encoding": decoded.encoding,
        **({"html": True} if decoded.html else {}),
        **({"traditional": True} if decoded.traditional else {}),
    }


@dataclass(frozen=True)
class _Job:
    """One input to extract: what a worker needs and no more."""

    path: str
    matching: str
    written: str | None  # the page as written, when it is Traditional Chinese
    input: dict


def _timing_delta(timings: Counter, before: Counter) -> dict:
    return {k: v - before.get(k, 0.0) for k, v in timings.items() if v != before.get(k, 0.0)}


def _run_job(ex: Extractor, job: _Job, debug: bool) -> tuple[str, object, dict]:
    """Extract one input: ``("ok", entry, timings)`` or ``("failed", failure, timings)``.

    The entry is the text of a :class:`~kg.cache.Entry`, so that a fresh result goes through
    the same reading as a cached one (an entry that JSON cannot carry exactly is passed as is).
    """
    from .cache import Entry, slim

    path = Path(job.path)
    before = Counter(ex.timings)
    try:
        doc = extract(ex, path.stem, path.name, job.matching)
        if job.written is not None:
            doc = as_written(doc, job.written)
        record = json.dumps(to_gold_format(doc), ensure_ascii=False, indent=1) + "\n"
    except Exception as exc:  # one page that breaks a stage must not stop the batch
        if debug:
            raise
        failure = {"input": job.path, "error": errors.E035.format(path=path, reason=_exception_line(exc))}
        return "failed", failure, _timing_delta(ex.timings, before)
    entry = Entry(slim(doc), record, len(doc.normalized.raw), job.input)
    return "ok", (entry.to_text() if entry.cacheable() else entry), _timing_delta(ex.timings, before)


#: (extractor, debug) in a worker process.
_WORKER: tuple | None = None


def _worker_init(ex: Extractor | None, debug: bool) -> None:
    global _WORKER
    if ex is None:  # a spawned worker: it keeps its pipeline to the end (see _Extraction)
        ex = Extractor.load()
        gc.collect()
        gc.freeze()
    _WORKER = (ex, debug)


def _worker_job(job: _Job) -> tuple:
    ex, debug = _WORKER
    return _run_job(ex, job, debug)


class _Extraction:
    """Runs jobs in this process, or in ``workers`` processes that share the loaded pipeline.

    Where ``fork`` is available (Linux) the workers are forked after the pipeline is loaded, so
    they start at once and share its memory copy-on-write; elsewhere each worker loads its own.

    What is loaded (model, lexicons, rules) is frozen out of the garbage collector
    (``gc.freeze``) until :meth:`close`: it lives as long as the extraction, each full pass of
    the collector walked all of it (some 3% of the extraction time in one process), and in
    forked workers it would copy the shared pages it touches.
    """

    def __init__(self, ex: Extractor | None, workers: int, debug: bool):
        import multiprocessing

        self.ex, self.debug, self.pool, self.frozen = ex, debug, None, False
        fork = _can_fork()
        if ex is not None and (workers == 1 or fork):
            if workers > 1:
                gc.collect()  # what forked workers share stays compact (0.2 s: not for one)
            gc.freeze()
            self.frozen = True
        if workers > 1:
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self.pool = context.Pool(workers, initializer=_worker_init, initargs=(ex if fork else None, debug))

    def submit(self, job: _Job):
        """The outcome, or a handle with ``ready()`` and ``get()`` when a worker runs it."""
        if self.pool is None:
            return _run_job(self.ex, job, self.debug)
        return self.pool.apply_async(_worker_job, (job,))

    def close(self, ok: bool) -> None:
        if self.pool is not None:
            if ok:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
            self.pool = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


class _Spool:
    """A folder beside ``out`` for the files of a build in progress (extract texts, new cache
    entries), made when first needed: ``out`` itself changes only when the build succeeds.
    A killed build's spool is removed by the next build into the same folder."""

    def __init__(self, out: Path):
        self.out = out
        self.path: Path | None = None

    def file(self, *parts: str) -> Path:
        if self.path is None:
            out = self.out.absolute()
            atomic.remove_stale(out.parent, "spool", name=out.name)
            try:
                self.path = atomic.sibling(out, "spool")
                self.path.mkdir()
            except OSError:  # no such folder yet, or not writable
                import tempfile

                self.path = Path(tempfile.mkdtemp(prefix="kg-spool-"))
        path = self.path.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def remove(self) -> None:
        if self.path is not None:
            import shutil

            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None


def division_table(root: Path = ROOT) -> dict[str, tuple[str, int, str]]:
    """code -> (name, level, parent) of ``divisions.tsv`` in the lexicons of the pipeline: the
    table of the gazetteer that the entity finder loads (countries left out), read without
    loading the pipeline, so that a build served from the cache needs no model."""
    from .ner.lexicon import read_tsv

    folder = load_settings(root / "pipelines" / "nlp.cfg", root).lexicons
    table = {}
    for row in read_tsv(folder / "divisions.tsv"):
        table[row[0]] = (row[1], int(row[2]), row[3] if len(row) > 3 else "")
    return {code: value for code, value in table.items() if not code.startswith("iso:")}


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def _write_turtle(graph, path: Path) -> tuple[int, Path, float]:
    """Stage ``graph.ttl`` (see :func:`kg.io.atomic.stage`): the triple count, the staged file, the seconds.

    The triples are made and written a subject at a time (:func:`kg.export.rdf.write_turtle`, its
    temporary files beside ``path``), never all held at once."""
    from .export import rdf

    t = time.perf_counter()
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        with open(tmp, "wb") as f:
            count = rdf.write_turtle(graph, f, tmp.parent)

    staged = atomic.stage(path, write)
    return count, staged, time.perf_counter() - t


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    extractor: Extractor | None = None,
    progress=None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    debug: bool = False,
    workers: int = 1,
    cache: bool = True,
    cache_dir: str | Path | None = None,
) -> dict:
    """Extract every input, then write ``extract/*.json``, ``graph.ttl``, ``graph.graphml``,
    ``neo4j/`` and ``report.json`` under ``out_dir``. Returns the report.

    A bad input (unreadable, too large, binary, undetectable encoding, or one whose extraction
    raises) is listed in ``report["failed"]`` and skipped; the others still build. With
    ``debug``, an extraction error is raised instead.

    Results are kept in a cache (:mod:`kg.cache`; ``out_dir/.cache`` unless ``cache_dir``,
    none with ``cache=False``): an input whose bytes, name and pipeline have not changed is not
    extracted again, and the pipeline is not even loaded when nothing needs extracting. With
    ``workers`` > 1 the inputs are extracted by that many processes; either way the results are
    taken in input order, so the outputs are the same bytes whatever the workers or the cache.
    Only what the outputs need is kept of each document while the others are extracted (its
    extract text waits in a spool file), so memory grows with the graph, not with the text.

    Nothing under ``out_dir`` changes until every output has been made: each file is written to
    a hidden temporary sibling, and the renames over the old files come last (new cache entries
    last of all). So an error or a kill before then leaves the previous build as it was, and the
    next run starts clean. Raises :class:`errors.KGError` when no input is found, or none can be
    used (nothing is written then).
    """
    from collections import deque

    from .cache import Cache, Entry, StoredDoc, pipeline_version, read_head
    from .export.graphml import write_graphml
    from .graph import build_graph

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
    timings: Counter = Counter()
    load_seconds = 0.0
    workers = max(1, int(workers))

    default_cache = out / ".cache"
    cache_folder = Path(cache_dir) if cache_dir else default_cache
    inside = cache_folder.absolute().is_relative_to(out.absolute())
    spool = _Spool(out)
    store = None
    if cache:
        store = Cache(cache_folder, pipeline_version(), pending=spool.file("cache") if inside else None)

    expected = len(files)  # inputs to extract, if nothing is cached
    if store is not None and workers > 1:
        expected = 0
        for f in files:
            try:
                expected += not store.path(store.key(f.name, read_bytes(f, max_bytes))).exists()
            except errors.KGError:
                pass

    docs: list = []  # StoredDoc, or a slim Document that JSON cannot carry
    summary = _Summary()
    read_as: dict[str, dict] = {}
    records: list[tuple[Path, Path]] = []  # (extract file, its text in the spool)
    runner: _Extraction | None = None
    queue: deque = deque()  # (file, cache key, outcome or handle), in input order
    window = 4 * workers

    def accept(f: Path, key: str | None, outcome: tuple) -> None:
        status, payload, spent = outcome
        timings.update(spent)
        if status == "failed":
            failures.append(payload)
            return
        if status == "cached":
            path, head, record = payload
            doc = StoredDoc(path, head)
        elif isinstance(payload, str):  # a new entry's text
            head, record = read_head(payload)
            if store is not None:
                path = store.put(key, payload)
            else:
                path = spool.file("entries", f"{len(records)}.entry")
                path.write_text(payload, encoding="utf-8")
            doc = StoredDoc(path, head)
        else:  # an Entry that JSON cannot carry (kept whole, and not cached)
            head, record, doc = None, payload.record, payload.doc
        text_file = spool.file("extract", f"{f.stem}.json")
        with open(text_file, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(record)
        records.append((out / "extract" / f"{f.stem}.json", text_file))
        docs.append(doc)
        if head is not None:
            summary.add(head["source"], len(head["articles"]), head["labels"], head["predicates"], head["characters"])
            read_as[head["source"]] = head["input"]
        else:
            summary.add(doc.source, len(doc.articles), [e.label for e in doc.entities],
                        [r.predicate for r in doc.relations], payload.characters)
            read_as[doc.source] = payload.input
        if progress:
            progress(f)

    def drain(all_of_them: bool = False) -> None:
        while queue:
            f, key, item = queue[0]
            waiting = hasattr(item, "ready")
            if waiting and not item.ready() and not all_of_them and len(queue) <= window:
                return
            queue.popleft()
            accept(f, key, item.get() if waiting else item)

    owner: dict[str, Path] = {}
    ok = False
    try:
        for f in files:
            t = time.perf_counter()
            try:
                if f.stem in owner:
                    raise errors.KGError(errors.E036.format(path=f, other=owner[f.stem]))
                data = read_bytes(f, max_bytes)
                key = store.key(f.name, data) if store is not None else None
                if store is not None:
                    cached = store.get(key)
                    if cached is not None:
                        owner[f.stem] = f
                        timings["read"] += time.perf_counter() - t
                        queue.append((f, key, ("cached", cached, {})))
                        drain()
                        continue
                decoded = decode(data, str(f))
            except errors.KGError as exc:
                queue.append((f, None, ("failed", {"input": str(f), "error": str(exc)}, {})))
                drain()
                continue
            del data
            timings["read"] += time.perf_counter() - t
            owner[f.stem] = f
            pool = workers > 1 and expected > 1
            if ex is None and (_can_fork() or not pool):
                # loaded at the first input to extract, so that bad inputs fail fast (spawned
                # workers load their own); in one process, pkuseg loads beside the rest
                t = time.perf_counter()
                ex = Extractor.load(separate_segmenter=not pool and _can_fork())
                from .export import neo4j, rdf  # noqa: F401  (needed later: imported while pkuseg may still load)

                ex.wait()
                load_seconds = time.perf_counter() - t
                ex.timings.clear()
            if runner is None:
                runner = _Extraction(ex, workers if pool else 1, debug)
            job = _Job(str(f), decoded.matching, decoded.text if decoded.traditional else None, _input_info(decoded))
            del decoded
            queue.append((f, key, runner.submit(job)))
            drain()
        drain(all_of_them=True)
        if runner is not None:
            runner.close(ok=True)
        if not docs:
            raise errors.KGError(errors.E037.format(count=len(failures), first=failures[0]["error"], out=out))

        if ex is not None:  # the same table (tests/test_cache.py), already in memory
            divisions = {code: (d.name, d.level, d.parent) for code, d in ex.resources.gazetteer.by_code.items() if not code.startswith("iso:")}
        else:
            divisions = division_table()
        if extractor is None and ex is not None:
            # the model is some 700 MB that the graph does not need
            ex.close()
            ex = runner = None
            _release_pipeline()

        t = time.perf_counter()
        graph = build_graph(docs, divisions=divisions)
        del docs[:]  # the graph holds what it needs of them
        t = _timed(timings, "graph", t)

        for folder in (out, out / "extract"):
            atomic.remove_stale(folder)
        turtle_tmp: Path | None = None
        staged: list[tuple[Path, Path]] = []  # renamed in this order: extract/, graph.ttl, graphml, report
        try:
            # one output after the other, in this process: a forked writer would share the
            # graph only until it touched it, and would hold a copy of it
            n_triples, turtle_tmp, seconds = _write_turtle(graph, out / "graph.ttl")
            timings["turtle"] += seconds
            t = time.perf_counter()
            for path, text_file in records:
                staged.append((atomic.stage_from(path, text_file), path))
            staged.append((turtle_tmp, out / "graph.ttl"))
            turtle_tmp = None
            staged.append((atomic.stage(out / "graph.graphml", lambda tmp: write_graphml(graph, tmp)), out / "graph.graphml"))
            t = _timed(timings, "write", t)
            from .export.neo4j import write_export  # the offline Neo4j forms: CSV files, load.cypher
            write_export(graph, out / "neo4j")  # swaps its folder whole
            _timed(timings, "neo4j", t)
            report = _report(summary, failures, timings, load_seconds, time.perf_counter() - t_start, graph, n_triples)
            report["inputs"] = dict(sorted(read_as.items()))
            report["workers"] = workers
            if store is not None:
                report["cache"] = {"hits": store.hits, "extracted": len(store.new)}
            staged.append((atomic.stage(out / "report.json", atomic.text_writer(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")), out / "report.json"))
            for tmp, path in staged:
                os.replace(tmp, path)
        except BaseException:
            if turtle_tmp is not None:
                turtle_tmp.unlink(missing_ok=True)
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        if store is not None:
            store.commit(prune=not cache_dir)
        ok = True
        return report
    finally:
        if runner is not None:
            runner.close(ok=ok)
        if extractor is None and ex is not None:
            ex.close()
        spool.remove()


def _release_pipeline() -> None:
    """Let the loaded pipeline go (the caches of its loaders too) and give the memory back."""
    from .ner import resources, tagger

    for loader in (tagger.load_lac, resources.load_resources):
        loader.cache_clear()
    gc.unfreeze()  # frozen before forking workers; the pipeline's cycles must be collectable
    gc.collect()
    try:  # glibc keeps freed small blocks; hand them back to the system
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Summary:
    """The parts of the report read from the documents, added up as they come."""

    def __init__(self):
        self.documents = self.articles = self.characters = 0
        self.entities: Counter = Counter()
        self.relations: Counter = Counter()
        self.per_document: dict[str, dict] = {}

    def add(self, source: str, articles: int, labels: list[str], predicates: list[str], characters: int) -> None:
        self.documents += 1
        self.articles += articles
        self.characters += characters
        self.entities.update(labels)
        self.relations.update(predicates)
        self.per_document[source] = {"articles": articles, "entities": len(labels), "relations": len(predicates)}


def _report(summary: _Summary, failures, timings, load_seconds, total_seconds, graph, triples) -> dict:
    return {
        "documents": summary.documents,
        "articles": summary.articles,
        "characters": summary.characters,
        "entities": dict(sorted(summary.entities.items())),
        "relations": dict(sorted(summary.relations.items())),
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "triples": triples},
        "seconds": {"load": round(load_seconds, 3), "total": round(total_seconds, 3), **{k: round(v, 3) for k, v in sorted(timings.items())}},
        "failed": failures,
        "per_document": summary.per_document,
    }
