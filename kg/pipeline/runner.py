"""Extraction of many inputs: in this process, or in a pool of worker processes, with every
outcome a :class:`Result` and taken in input order.

Where ``fork`` is available (Linux) the workers are forked after the pipeline is loaded, so
they start at once and share its memory copy-on-write; elsewhere each worker loads its own.
"""
from __future__ import annotations

import gc
import json
import sys
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import errors
from ..export.view import view_record
from ..io.traditional import as_written
from . import extract as extraction
from .cache import Entry, slim

__all__ = ["Job", "Result", "run_job", "can_fork", "Runner", "InOrder"]


@dataclass(frozen=True)
class Job:
    """One input to extract: what a worker needs and no more."""

    path: str
    key: str | None  # of its cache entry
    matching: str
    written: str | None  # the page as written, when it is Traditional Chinese
    input: dict


@dataclass
class Result:
    """What one input came to, however it was got: from the cache, in this process or in a
    worker. The one shape the build reads.

    A failure has ``failure`` (``{"input": ..., "error": ...}``). A page has the ``head`` of its
    entry (ids, articles, the label of each entity and the predicate of each relation, its
    characters and how it was read; see :func:`kg.pipeline.cache.read_head`), its extract text
    ``record``, its ``view`` record (:func:`kg.export.view.view_record`: the text, articles and
    mentions that the browser view shows), and ``doc``, what the graph reads of it. A page just extracted comes with its
    :class:`~kg.pipeline.cache.Entry` instead of ``doc``, until the build keeps the entry
    (:meth:`kg.pipeline.batch.Batch.keep`).
    """

    path: Path
    key: str | None = None
    timings: dict = field(default_factory=dict)
    failure: dict | None = None
    head: dict | None = None
    record: str = ""
    view: str = ""
    doc: object = None
    entry: Entry | None = None


def _exception_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:299] + "…"


def _timing_delta(timings: Counter, before: Counter) -> dict:
    return {k: v - before.get(k, 0.0) for k, v in timings.items() if v != before.get(k, 0.0)}


def run_job(ex: extraction.Extractor, job: Job, debug: bool) -> Result:
    """Extract one input: a :class:`Result` with its entry, or with the failure (raised instead
    with ``debug``)."""
    path = Path(job.path)
    before = Counter(ex.timings)
    try:
        doc = extraction.extract(ex, path.stem, path.name, job.matching)
        if job.written is not None:
            doc = as_written(doc, job.written)
        record = json.dumps(extraction.to_gold_format(doc), ensure_ascii=False, indent=1) + "\n"
        view = view_record(doc)
    except Exception as exc:  # one page that breaks a stage must not stop the batch
        if debug:
            raise
        failure = {"input": job.path, "error": errors.E035.format(path=path, reason=_exception_line(exc))}
        return Result(path, job.key, _timing_delta(ex.timings, before), failure=failure)
    entry = Entry(slim(doc), record, len(doc.normalized.raw), job.input, view)
    return Result(path, job.key, _timing_delta(ex.timings, before), entry=entry)


def can_fork() -> bool:
    """Whether worker processes can be forked (and so share the loaded pipeline)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


#: (extractor, debug) in a worker process.
_WORKER: tuple | None = None


def _worker_init(ex: extraction.Extractor | None, debug: bool) -> None:
    global _WORKER
    if ex is None:  # a spawned worker: it keeps its pipeline to the end (see Runner)
        ex = extraction.Extractor.load()
        gc.collect()
        gc.freeze()
    _WORKER = (ex, debug)


def _worker_job(job: Job) -> Result:
    ex, debug = _WORKER
    return run_job(ex, job, debug)


class Runner:
    """Runs jobs in this process, or in ``workers`` processes that share the loaded pipeline.

    What is loaded (model, lexicons, rules) is frozen out of the garbage collector
    (``gc.freeze``) until :meth:`close`: it lives as long as the extraction, each full pass of
    the collector walked all of it (some 3% of the extraction time in one process), and in
    forked workers it would copy the shared pages it touches.
    """

    def __init__(self, ex: extraction.Extractor | None, workers: int, debug: bool):
        import multiprocessing

        self.ex, self.debug, self.pool, self.frozen = ex, debug, None, False
        fork = can_fork()
        if ex is not None and (workers == 1 or fork):
            if workers > 1:
                gc.collect()  # what forked workers share stays compact (0.2 s: not for one)
            gc.freeze()
            self.frozen = True
        if workers > 1:
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self.pool = context.Pool(workers, initializer=_worker_init, initargs=(ex if fork else None, debug))

    def submit(self, job: Job):
        """The :class:`Result`, or a handle with ``ready()`` and ``get()`` when a worker runs it."""
        if self.pool is None:
            return run_job(self.ex, job, self.debug)
        return self.pool.apply_async(_worker_job, (job,))

    def close(self, ok: bool) -> None:
        """Stop the workers (at once, unless ``ok``) and unfreeze what was frozen."""
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


class InOrder:
    """Results handed to ``accept`` in the order they were put, as soon as each is there: those
    of workers as they finish, with at most ``window`` waiting (so that pages stream through)."""

    def __init__(self, accept: Callable[[Result], None], window: int):
        self.accept, self.window = accept, window
        self.queue: deque = deque()

    def put(self, item) -> None:
        """Queue a :class:`Result` or a worker's handle of one, and hand on what is ready."""
        self.queue.append(item)
        self.drain()

    def drain(self, everything: bool = False) -> None:
        """Hand on the results that are ready in order (with ``everything``, wait for all)."""
        while self.queue:
            item = self.queue[0]
            waiting = hasattr(item, "ready")
            if waiting and not item.ready() and not everything and len(self.queue) <= self.window:
                return
            self.queue.popleft()
            self.accept(item.get() if waiting else item)
