"""``kg build``: many inputs -> every output. Check the output folder and lock it, plan the
inputs, run them (each from the cache or extracted, in this process or in workers), make the
graph, write the outputs and the report into a new folder, and swap it in.

:func:`build` is the whole of it; :class:`Batch` holds the state of one build, one method per
step; :class:`~kg.pipeline.folder.OutputFolder` is the output folder.
"""
from __future__ import annotations

import gc
import hashlib
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from .. import errors
from ..config import ROOT, load_settings
from ..io import atomic
from ..io.decode import Decoded, decode
from ..io.files import DEFAULT_MAX_BYTES, collect_inputs, read_bytes, relative_names
from ..io.names import escape_name, shown
from ..model import PageMeta
from . import cache as cache_mod
from .extract import Extractor, timed
from .folder import CACHE, OUTPUTS, OutputFolder, checkpoint
from .metadata import Metadata
from .outputs import write_outputs
from .records import complete_record, record_name
from .report import Summary, make_report
from .runner import InOrder, Job, Result, Runner, can_fork

__all__ = ["build", "Batch", "division_table"]


def division_table(root: Path = ROOT) -> dict[str, tuple[str, int, str]]:
    """code -> (name, level, parent) of ``divisions.tsv`` in the lexicons of the pipeline: the
    table of the gazetteer that the entity finder loads (countries left out), read without
    loading the pipeline, so that a build served from the cache needs no model."""
    from ..ner.lexicon import read_tsv

    folder = load_settings(root / "pipelines" / "nlp.cfg", root).lexicons
    table = {}
    for row in read_tsv(folder / "divisions.tsv"):
        table[row[0]] = (row[1], int(row[2]), row[3] if len(row) > 3 else "")
    return {code: value for code, value in table.items() if not code.startswith("iso:")}


def _input_info(decoded: Decoded) -> dict:
    """How an input was read, for ``report["inputs"]``."""
    return {
        "encoding": decoded.encoding,
        **({"html": True} if decoded.html else {}),
        **({"traditional": True} if decoded.traditional else {}),
    }


def release_pipeline() -> None:
    """Let the loaded pipeline go (the caches of its loaders too) and give the memory back."""
    from ..ner import resources, tagger

    for loader in (tagger.load_lac, resources.load_resources):
        loader.cache_clear()
    gc.unfreeze()  # frozen before forking workers; the pipeline's cycles must be collectable
    gc.collect()
    try:  # glibc keeps freed small blocks; hand them back to the system
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Batch:
    """One build whose outputs go into ``stage`` (a new folder that then replaces ``out``; see
    :func:`build` for the options)."""

    def __init__(self, out: Path, stage: Path, extractor: Extractor | None = None,
                 progress: Callable[[Path], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 debug: bool = False, workers: int = 1, cache: bool = True, cache_dir: str | Path | None = None,
                 warn: Callable[[str], None] | None = None, follow_links: bool = False, metadata: Metadata | None = None,
                 engine: Callable | None = None):
        self.started = time.perf_counter()
        self.metadata = metadata or Metadata()
        self.names: dict[Path, str] = {}  # input -> its path relative to its input folder
        self.meta: dict[str, PageMeta] = {}  # document id -> what is known of its page
        self.hashes: dict[str, str] = {}  # SHA-256 of an input's bytes -> the source read with them
        self.duplicates: dict[str, str] = {}  # source -> the source of the same bytes, built instead
        self.identity = None
        self.out, self.stage, self.progress, self.max_bytes, self.debug = out, stage, progress, max_bytes, debug
        self.workers = max(1, int(workers))
        self.given, self.ex, self.runner = extractor, extractor, None
        self.engine, self.engine_info = engine, None  # another engine than this machine's (see build)
        if extractor is not None:
            extractor.timings.clear()
        self.timings: Counter = Counter()
        self.load_seconds = 0.0
        self.failures: list[dict] = []
        self.warnings: list[str] = []
        self.warn_line = warn
        self.follow_links = follow_links
        self.docs: list = []  # StoredDoc, or a slim Document that JSON cannot carry
        self.pages: list[str] = []  # document ids, in input order
        self.views: list[Path] = []  # each page's view record, in the work folder
        self.summary = Summary()
        self.owner: dict[str, Path] = {}  # document id -> its input
        self.cache, self.cache_dir = cache, cache_dir
        self.work = stage / ".kg-work"  # entries that are not cached; removed before publishing
        self.store: cache_mod.Cache | None = None

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.warn_line:
            self.warn_line(message)

    # --- plan and run ---------------------------------------------------------------------

    def plan(self, inputs: Sequence[str | Path]) -> list[Path]:
        """The input files; the folders that could not be listed become failures, the links
        that were skipped warnings."""
        problems: list[tuple[Path, str]] = []
        skipped: list[tuple[Path, str, Path]] = []
        files = collect_inputs(inputs, problems, follow_links=self.follow_links, skipped=skipped)
        for link, target, top in skipped:
            self.warn(errors.W002.format(path=shown(link), target=shown(target), top=shown(top)))
        if not files and not problems:
            raise errors.UsageError(errors.E002.format(paths=", ".join(map(shown, inputs))))
        self.failures += [{"input": shown(p), "error": errors.E003.format(path=shown(p), reason=r)} for p, r in problems]
        self.names = relative_names(inputs, files)
        return files

    def identify(self, f: Path) -> tuple[str, str]:
        """The source and document id of input ``f``: its path relative to the input folder it
        was found in (``2022-09-18/page01.txt``), and that path without the suffix, escaped."""
        source = escape_name(self.names.get(f, f.name))
        return source, source.rsplit(".", 1)[0] if "." in source.rsplit("/", 1)[-1] else source

    def open_cache(self) -> None:
        """The cache of this build. The default one, in ``out``, is read there and kept in the
        new folder (only the entries this build used); another is read and added to in place."""
        folder = Path(self.cache_dir) if self.cache_dir else self.out / CACHE
        into = self.stage / CACHE if not self.cache_dir else None
        store = cache_mod.Cache(folder, cache_mod.pipeline_version(), into=into)
        if self.cache:
            self.store = store
        else:  # extract everything, and leave the cache as it was for the next build
            store.carry_over()

    def run(self, files: list[Path]) -> None:
        """Every input through the cache or the extractor, the results taken in input order."""
        self.open_cache()
        results = InOrder(self.accept, lambda: 4 * (self.runner.slots if self.runner is not None else self.workers))
        for f in files:
            item = self.read(f)
            if item is not None:  # None: the same bytes as an input before
                results.put(self.extract(item) if isinstance(item, Job) else item)
        results.drain(everything=True)
        if self.runner is not None:
            self.runner.close(ok=True)
        if not self.docs:
            raise errors.KGError(errors.E037.format(count=len(self.failures), first=self.failures[0]["error"], out=self.out))

    def read(self, f: Path) -> Result | Job | None:
        """Read an input's bytes (once): its cached result, a failure, a job to extract it, or
        None when an input before had the same bytes (it is built once, and listed in the
        report as a duplicate). A page is named by :meth:`identify`."""
        t = time.perf_counter()
        source, doc_id = self.identify(f)
        try:
            if doc_id in self.owner:
                raise errors.KGError(errors.E036.format(path=shown(f), other=shown(self.owner[doc_id])))
            data = read_bytes(f, self.max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            if digest in self.hashes:
                self.duplicates[source] = self.hashes[digest]
                return None
            key = self.store.key(source, data) if self.store is not None else None
            cached = self.lookup(key, f)
            if cached is None:
                decoded = decode(data, shown(f))
                check_length(decoded, f)
        except errors.KGError as exc:
            return Result(f, failure={"input": shown(f), "error": str(exc)})
        del data
        self.timings["read"] += time.perf_counter() - t
        self.owner[doc_id] = f
        self.hashes[digest] = source
        self.meta[doc_id] = self.metadata.meta(source, doc_id, digest)
        if cached is not None:
            path, head, view, record = cached
            return Result(f, key, head=head, record=record, view=view, doc=cache_mod.StoredDoc(path, head))
        return Job(str(f), key, decoded.matching, decoded.text if decoded.traditional else None, _input_info(decoded),
                   doc_id, source)

    def lookup(self, key: str | None, f: Path):
        """The cache's entry of ``key``, or None; a damaged one is a warning and a miss."""
        if self.store is None:
            return None
        try:
            return self.store.get(key)
        except cache_mod.Damaged as exc:
            self.warn(errors.W001.format(path=shown(exc.path), reason=exc.reason, input=shown(f)))
            return None

    def extract(self, job: Job):
        """Hand ``job`` to the runner (started with the pipeline at the first input to extract,
        so that bad inputs fail fast): its :class:`Result`, or a worker's handle of one."""
        if self.engine is not None:  # another engine: no pipeline here; its start-up is the load
            if self.runner is None:
                t = time.perf_counter()
                self.runner = self.engine()
                self.engine_info = self.runner.info
                self.load_seconds = time.perf_counter() - t
            return self.runner.submit(job)
        pool = self.workers > 1
        if self.ex is None and (can_fork() or not pool):
            # (spawned workers load their own); in one process, pkuseg loads beside the rest
            t = time.perf_counter()
            self.ex = Extractor.load(separate_segmenter=not pool and can_fork())
            from ..export import neo4j, rdf  # noqa: F401  (needed later: imported while pkuseg may still load)

            self.ex.wait()
            self.load_seconds = time.perf_counter() - t
            self.ex.timings.clear()
        if self.runner is None:
            self.runner = Runner(self.ex, self.workers if pool else 1, self.debug)
        return self.runner.submit(job)

    # --- each result ----------------------------------------------------------------------

    def keep(self, result: Result) -> None:
        """Keep a fresh page's entry (in the cache, or in the spool when JSON cannot carry it
        exactly, or with no cache), so that its document is read back as a cached one is."""
        entry = result.entry
        result.head, result.record, result.view, result.entry = entry.head(), entry.record, entry.view, None
        if not entry.cacheable():  # kept whole in memory, and not cached
            result.doc = entry.doc
            return
        text = entry.to_text()
        if self.store is not None:
            path = self.store.put(result.key, text)
        else:
            path = self.work / f"{len(self.pages)}.entry"
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic.naming(path):
                path.write_text(text, encoding="utf-8")
        result.doc = cache_mod.StoredDoc(path, result.head)

    def accept(self, result: Result) -> None:
        """Take one input's result: a failure is listed; a page's extract text goes into the
        stage, its view record into the work folder (until the view is written), its document
        waits for the graph, its counts go into the summary."""
        self.timings.update(result.timings)
        if result.failure is not None:
            self.failures.append(result.failure)
            return
        if result.entry is not None:
            self.keep(result)
        doc_id = result.head["id"]
        path = self.record_path(doc_id)
        path.parent.mkdir(exist_ok=True)
        with atomic.naming(path), open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(result.record)
        view = self.work / "view" / f"{len(self.views)}.json"
        view.parent.mkdir(parents=True, exist_ok=True)
        with atomic.naming(view):
            view.write_text(result.view, encoding="utf-8")
        self.views.append(view)
        self.pages.append(doc_id)
        result.doc.meta = self.meta[doc_id]
        self.docs.append(result.doc)
        self.summary.add(result.head)
        if self.progress:
            self.progress(result.path)

    def record_path(self, doc_id: str) -> Path:
        """Where the page's ``extract/*.json`` is made (:func:`kg.pipeline.records.record_name`)."""
        return self.stage / "extract" / record_name(doc_id)

    # --- the graph and the outputs ----------------------------------------------------------

    def graph(self):
        """The graph of every page (the pipeline released first, unless it was handed in)."""
        from .. import __version__
        from ..graph import build_graph, identify

        if self.ex is not None:  # the same table (tests/pipeline/test_cache.py), already in memory
            divisions = {code: (d.name, d.level, d.parent) for code, d in self.ex.resources.gazetteer.by_code.items() if not code.startswith("iso:")}
        else:
            divisions = division_table()
        if self.given is None and self.ex is not None:
            # the model is some 700 MB that the graph does not need
            self.ex.close()
            self.ex = self.runner = None
            release_pipeline()
        t = time.perf_counter()
        self.identity = identify(self.docs, divisions)
        graph = build_graph(self.docs, divisions=divisions, identity=self.identity)
        del self.docs[:]  # the graph holds what it needs of them
        graph.graph["dataset"] = {"software": f"kg {__version__}", "pipeline": cache_mod.pipeline_version()}
        timed(self.timings, "graph", t)
        return graph

    def complete_records(self) -> None:
        """Each page's extract text completed with what the graph decided (its entities' IRIs,
        dates resolved against the page's date; :func:`complete_record`)."""
        for doc_id in self.pages:
            path = self.record_path(doc_id)
            text = complete_record(path.read_text(encoding="utf-8"), doc_id, self.meta[doc_id], self.identity)
            with atomic.naming(path), open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)

    def finish(self) -> dict:
        """Make the graph and write every output into the stage; the report."""
        graph = self.graph()
        checkpoint("graph")
        t = time.perf_counter()
        self.complete_records()
        timed(self.timings, "write", t)

        def report(triples: int) -> dict:
            cache = {"hits": self.store.hits, "extracted": len(self.store.new)} if self.store is not None else None
            workers = self.engine_info["workers"] if self.engine_info else self.workers
            done = make_report(self.summary, self.failures, self.timings, self.load_seconds,
                               time.perf_counter() - self.started, graph, triples, workers, cache, self.warnings,
                               self.engine_info)
            if self.duplicates:
                done["duplicates"] = dict(sorted(self.duplicates.items()))
            done["dated"] = sum(1 for meta in self.meta.values() if meta.published)
            return done

        done = write_outputs(graph, self.stage, self.views, self.timings, report)
        shutil.rmtree(self.work, ignore_errors=True)
        return done

    def close(self, ok: bool) -> None:
        """End what the build started: workers, the pipeline it loaded."""
        if self.runner is not None:
            self.runner.close(ok=ok)
        if self.given is None and self.ex is not None:
            self.ex.close()


def check_length(decoded: Decoded, f: Path) -> None:
    """Refuse a page longer than the pipeline takes (spaCy's ``nlp.max_length``), before any
    work is spent on it."""
    from ..config import MAX_CHARACTERS

    if len(decoded.text) > MAX_CHARACTERS:
        raise errors.KGError(errors.E048.format(path=shown(f), chars=len(decoded.text), limit=MAX_CHARACTERS))


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
    warn: Callable[[str], None] | None = None,
    follow_links: bool = False,
    manifest: str | Path | None = None,
    date_from_path: str | None = None,
    engine: Callable | None = None,
) -> dict:
    """Extract every input, then write ``extract/*.json``, ``graph.ttl``, ``graph.graphml``,
    ``neo4j/``, ``view/`` (the browser view), ``store/`` (the SPARQL store) and ``report.json`` as
    the folder ``out_dir``. Returns the report.

    Before anything is read, the output folder is checked (:meth:`OutputFolder.check`: a
    folder this build may replace, room beside it, free space) and locked against a second
    build. A bad input (unreadable, too large or long, binary, undetectable encoding, or one
    whose extraction raises or kills its worker) is listed in ``report["failed"]`` and skipped;
    the others still build. With ``debug``, an extraction error is raised instead. ``warn`` is
    called with each warning (a damaged cache entry, a skipped link), which the report lists too.
    Folders are walked without leaving them through symbolic links, unless ``follow_links``.
    ``engine``, when given, makes the runner that extracts instead of this machine's (it is
    called at the first page to extract; :func:`kg.pipeline.cluster.dask_engine`), which needs
    no pipeline loaded here.

    Results are kept in a cache (:mod:`kg.pipeline.cache`; ``out_dir/.cache`` unless ``cache_dir``,
    none with ``cache=False``): an input whose bytes, name and pipeline have not changed is not
    extracted again, and the pipeline is not even loaded when nothing needs extracting. With
    ``workers`` > 1 the inputs are extracted by that many processes; either way the results are
    taken in input order, so the outputs are the same bytes whatever the workers or the cache.
    Each input's bytes are read once, and memory grows with the graph, not with the text.

    Every output is made in a new folder beside ``out_dir``, which replaces ``out_dir`` in one
    step when all are made (:mod:`kg.pipeline.folder`): the outputs are exactly this build's,
    and an error or a kill at any moment leaves the previous build as it was. Raises
    :class:`kg.errors.KGError` when no input is found, or none can be used, or the output
    folder cannot be used (nothing is changed then).

    A page is named by its path relative to the input folder it was found in (so dated
    folders, ``2022-09-18/page01.txt`` and ``2022-09-19/page01.txt``, are two pages); an input
    with the same bytes as one before is built once (``report["duplicates"]``). What is known of
    the pages (newspaper, edition, page, publication date) comes from a ``manifest`` and from
    dates in their paths (``date_from_path``, see :mod:`kg.pipeline.metadata`), never guessed;
    a bad manifest or pattern is a :class:`kg.errors.UsageError`, raised before anything is read.
    """
    metadata = Metadata(manifest, date_from_path)
    folder = OutputFolder(out_dir)
    if cache_dir and Path(os.path.realpath(cache_dir)).is_relative_to(os.path.realpath(folder.path)):
        raise errors.UsageError(errors.E042.format(out=shown(out_dir), reason=f"--cache-dir {shown(cache_dir)} lies inside it, "
                                                   "and the folder is replaced whole (leave --cache-dir out to keep the cache in it)"))
    folder.prepare()
    with folder.locked():
        folder.recover()
        folder.check()
        checkpoint("locked")
        batch = Batch(folder.path, folder.new_stage(), extractor, progress, max_bytes, debug, workers, cache,
                      cache_dir, warn, follow_links, metadata, engine)
        ok = False
        try:
            batch.open_cache()
            batch.run(batch.plan(inputs))
            checkpoint("extracted")
            report = batch.finish()
            ok = True
        finally:
            batch.close(ok)
            if not ok:
                folder.discard()
        try:
            folder.publish([name for name in OUTPUTS if (batch.stage / name).exists()])
        except BaseException:
            folder.discard()
            raise
        return report
