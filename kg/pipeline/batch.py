"""``kg build``: many inputs -> every output. Plan the inputs, run them (each from the cache or
extracted, in this process or in workers), make the graph, write the outputs and the report.

:func:`build` is the whole of it; :class:`Batch` holds the state of one build, one method per
step.
"""
from __future__ import annotations

import gc
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from .. import errors
from ..config import ROOT, load_settings
from ..io.decode import Decoded, decode
from ..io.files import DEFAULT_MAX_BYTES, collect_inputs, read_bytes
from . import cache as cache_mod
from .extract import Extractor, timed
from .outputs import Spool, write_outputs
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
    """One build into ``out`` (see :func:`build` for the options)."""

    def __init__(self, out: Path, extractor: Extractor | None = None, progress: Callable[[Path], None] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, debug: bool = False, workers: int = 1, cache: bool = True,
                 cache_dir: str | Path | None = None):
        self.started = time.perf_counter()
        self.out, self.progress, self.max_bytes, self.debug = out, progress, max_bytes, debug
        self.workers = max(1, int(workers))
        self.given, self.ex, self.runner = extractor, extractor, None
        if extractor is not None:
            extractor.timings.clear()
        self.timings: Counter = Counter()
        self.load_seconds = 0.0
        self.failures: list[dict] = []
        self.docs: list = []  # StoredDoc, or a slim Document that JSON cannot carry
        self.records: list[tuple[Path, Path]] = []  # (extract file, its text in the spool)
        self.views: list[Path] = []  # each page's view record in the spool
        self.summary = Summary()
        self.owner: dict[str, Path] = {}  # document id -> its input
        self.cache, self.cache_dir = cache, cache_dir
        self.spool = Spool(out)
        self.store: cache_mod.Cache | None = None

    # --- plan and run ---------------------------------------------------------------------

    def plan(self, inputs: Sequence[str | Path]) -> list[Path]:
        """The input files; the folders that could not be listed become failures."""
        problems: list[tuple[Path, str]] = []
        files = collect_inputs(inputs, problems)
        if not files and not problems:
            raise errors.KGError(errors.E002.format(paths=", ".join(map(str, inputs))))
        self.failures += [{"input": str(p), "error": errors.E003.format(path=p, reason=r)} for p, r in problems]
        return files

    def open_cache(self) -> None:
        """The cache of this build (new entries wait in the spool when it lies in ``out``)."""
        if not self.cache:
            return
        folder = Path(self.cache_dir) if self.cache_dir else self.out / ".cache"
        inside = folder.absolute().is_relative_to(self.out.absolute())
        self.store = cache_mod.Cache(folder, cache_mod.pipeline_version(), pending=self.spool.file("cache") if inside else None)

    def run(self, files: list[Path]) -> None:
        """Every input through the cache or the extractor, the results taken in input order."""
        self.open_cache()
        results = InOrder(self.accept, 4 * self.workers)
        for f in files:
            item = self.read(f)
            results.put(self.extract(item) if isinstance(item, Job) else item)
        results.drain(everything=True)
        if self.runner is not None:
            self.runner.close(ok=True)
        if not self.docs:
            raise errors.KGError(errors.E037.format(count=len(self.failures), first=self.failures[0]["error"], out=self.out))

    def read(self, f: Path) -> Result | Job:
        """Read an input's bytes (once): its cached result, a failure, or a job to extract it."""
        t = time.perf_counter()
        try:
            if f.stem in self.owner:
                raise errors.KGError(errors.E036.format(path=f, other=self.owner[f.stem]))
            data = read_bytes(f, self.max_bytes)
            key = self.store.key(f.name, data) if self.store is not None else None
            cached = self.store.get(key) if self.store is not None else None
            if cached is None:
                decoded = decode(data, str(f))
        except errors.KGError as exc:
            return Result(f, failure={"input": str(f), "error": str(exc)})
        del data
        self.timings["read"] += time.perf_counter() - t
        self.owner[f.stem] = f
        if cached is not None:
            path, head, view, record = cached
            return Result(f, key, head=head, record=record, view=view, doc=cache_mod.StoredDoc(path, head))
        return Job(str(f), key, decoded.matching, decoded.text if decoded.traditional else None, _input_info(decoded))

    def extract(self, job: Job):
        """Hand ``job`` to the runner (started with the pipeline at the first input to extract,
        so that bad inputs fail fast): its :class:`Result`, or a worker's handle of one."""
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
            path = self.spool.file("entries", f"{len(self.records)}.entry")
            path.write_text(text, encoding="utf-8")
        result.doc = cache_mod.StoredDoc(path, result.head)

    def accept(self, result: Result) -> None:
        """Take one input's result: a failure is listed; a page's extract text and view record
        wait in the spool, its document for the graph, its counts in the summary."""
        self.timings.update(result.timings)
        if result.failure is not None:
            self.failures.append(result.failure)
            return
        if result.entry is not None:
            self.keep(result)
        f = result.path
        text_file = self.spool.file("extract", f"{f.stem}.json")
        with open(text_file, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(result.record)
        self.records.append((self.out / "extract" / f"{f.stem}.json", text_file))
        view_file = self.spool.file("view", f"{len(self.views)}.json")
        view_file.write_text(result.view, encoding="utf-8")
        self.views.append(view_file)
        self.docs.append(result.doc)
        self.summary.add(result.head)
        if self.progress:
            self.progress(f)

    # --- the graph and the outputs ----------------------------------------------------------

    def graph(self):
        """The graph of every page (the pipeline released first, unless it was handed in)."""
        from ..graph import build_graph

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
        graph = build_graph(self.docs, divisions=divisions)
        del self.docs[:]  # the graph holds what it needs of them
        timed(self.timings, "graph", t)
        return graph

    def finish(self) -> dict:
        """Make the graph, write every output, keep the new cache entries; the report."""
        graph = self.graph()

        def report(triples: int) -> dict:
            cache = {"hits": self.store.hits, "extracted": len(self.store.new)} if self.store is not None else None
            return make_report(self.summary, self.failures, self.timings, self.load_seconds,
                               time.perf_counter() - self.started, graph, triples, self.workers, cache)

        done = write_outputs(graph, self.out, self.records, self.views, self.timings, report)
        if self.store is not None:
            self.store.commit(prune=not self.cache_dir)
        return done

    def close(self, ok: bool) -> None:
        """End what the build started: workers, the pipeline it loaded, the spool."""
        if self.runner is not None:
            self.runner.close(ok=ok)
        if self.given is None and self.ex is not None:
            self.ex.close()
        self.spool.remove()


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
    ``neo4j/``, ``view/`` (the browser view) and ``report.json`` under ``out_dir``. Returns the
    report.

    A bad input (unreadable, too large, binary, undetectable encoding, or one whose extraction
    raises) is listed in ``report["failed"]`` and skipped; the others still build. With
    ``debug``, an extraction error is raised instead.

    Results are kept in a cache (:mod:`kg.pipeline.cache`; ``out_dir/.cache`` unless ``cache_dir``,
    none with ``cache=False``): an input whose bytes, name and pipeline have not changed is not
    extracted again, and the pipeline is not even loaded when nothing needs extracting. With
    ``workers`` > 1 the inputs are extracted by that many processes; either way the results are
    taken in input order, so the outputs are the same bytes whatever the workers or the cache.
    Each input's bytes are read once. Only what the outputs need is kept of each document while
    the others are extracted (its extract text waits in a spool file), so memory grows with the
    graph, not with the text.

    Nothing under ``out_dir`` changes until every output has been made: each file is written to
    a hidden temporary sibling, and the renames over the old files come last (new cache entries
    last of all). So an error or a kill before then leaves the previous build as it was, and the
    next run starts clean. Raises :class:`kg.errors.KGError` when no input is found, or none can
    be used (nothing is written then).
    """
    batch = Batch(Path(out_dir), extractor, progress, max_bytes, debug, workers, cache, cache_dir)
    ok = False
    try:
        batch.run(batch.plan(inputs))
        report = batch.finish()
        ok = True
        return report
    finally:
        batch.close(ok)
