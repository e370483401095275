"""Extraction of many inputs: in this process, or in a pool of worker processes, with every
outcome a :class:`Result` and taken in input order.

The interface an engine offers the build is :class:`Runner`'s: ``submit(job)`` gives the
:class:`Result`, or a handle of it with ``ready()`` and ``get()``; ``slots`` is how many jobs it
runs at once; ``close(ok)`` ends it. :class:`kg.pipeline.cluster.DaskRunner` offers the same on a
Dask cluster.

Where ``fork`` is available (Linux) the workers are forked after the pipeline is loaded, so
they start at once and share its memory copy-on-write; elsewhere each worker loads its own.
The pool (:class:`LocalPool`) watches each worker: one that dies while it extracts a page (the
OOM killer, a kill) is replaced, and the page is tried once more in the new worker, then
reported as a failed input (E049), so a build always ends. Workers ignore Ctrl-C (the build
handles it and stops them) and print nothing of their own.
"""
from __future__ import annotations

import gc
import json
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import errors
from ..io.names import document_id, shown, source_name
from ..export.view import view_record
from ..text.normalize import normalize
from ..io.traditional import as_written
from . import extract as extraction
from .cache import Entry, slim

__all__ = ["Job", "Result", "run_job", "can_fork", "Runner", "LocalPool", "Pending", "Later", "InOrder", "RETRIES"]

#: Times a page whose worker died is tried again in a new worker before it counts as failed.
RETRIES = 1


@dataclass(frozen=True)
class Job:
    """One input to extract: what a worker needs and no more."""

    path: str
    key: str | None  # of its cache entry
    matching: str
    written: str | None  # the page as written, when it is Traditional Chinese
    input: dict
    doc_id: str = ""  # its document id and source (path relative to its input folder, with
    source: str = ""  # and without the suffix); the file's stem and name when not given


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


def run_job(ex: extraction.Extractor, job: Job, debug: bool, normalized=None) -> Result:
    """Extract one input: a :class:`Result` with its entry, or with the failure (raised instead
    with ``debug``). ``normalized``: its text normalised already, when it was."""
    path = Path(job.path)
    before = Counter(ex.timings)
    try:
        given = {"normalized": normalized} if normalized is not None else {}
        doc = extraction.extract(ex, job.doc_id or document_id(path), job.source or source_name(path), job.matching, **given)
        if job.written is not None:
            doc = as_written(doc, job.written)
        record = json.dumps(extraction.to_gold_format(doc), ensure_ascii=False, indent=1) + "\n"
        view = view_record(doc)
    except Exception as exc:  # one page that breaks a stage must not stop the batch
        if debug:
            raise
        failure = {"input": shown(path), "error": errors.E035.format(path=shown(path), reason=_exception_line(exc))}
        return Result(path, job.key, _timing_delta(ex.timings, before), failure=failure)
    entry = Entry(slim(doc), record, len(doc.normalized.raw), job.input, view)
    return Result(path, job.key, _timing_delta(ex.timings, before), entry=entry)


def can_fork() -> bool:
    """Whether worker processes can be forked (and so share the loaded pipeline)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def _worker_main(conn, ex: extraction.Extractor | None, debug: bool) -> None:
    """A worker: extract each job received on ``conn`` and send back its :class:`Result` (or,
    with ``debug``, the exception); ``None`` ends it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if ex is None:  # a spawned worker: it keeps its pipeline to the end (see Runner)
        ex = extraction.Extractor.load()
        gc.collect()
        gc.freeze()
    try:
        while (job := conn.recv()) is not None:
            try:
                conn.send(("result", run_job(ex, job, debug)))
            except Exception as exc:  # only with debug: raised again in the build
                conn.send(("raise", exc))
    except (EOFError, OSError, KeyboardInterrupt):  # the build has gone: end quietly
        pass


class Pending:
    """A job sent to a :class:`LocalPool`: ``ready()`` and ``get()`` give its :class:`Result`."""

    def __init__(self, pool: "LocalPool", job: Job):
        self.pool, self.job = pool, job
        self.tries = 0
        self.outcome: tuple[str, object] | None = None

    def ready(self) -> bool:
        if self.outcome is None:
            self.pool.pump(0)
        return self.outcome is not None

    def get(self) -> Result:
        while self.outcome is None:
            self.pool.pump(None)
        kind, value = self.outcome
        if kind == "raise":
            raise value
        return value


class _Worker:
    def __init__(self, context, ex, debug: bool):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, ex, debug), name="kg-worker", daemon=True)
        self.process.start()
        child.close()
        self.job: Pending | None = None


def _death(exitcode: int | None) -> str:
    """How a worker ended, for a message."""
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class LocalPool:
    """``size`` worker processes on this machine, each sent one job at a time over its own pipe,
    so that the pool knows which page each worker holds. A worker that dies is replaced; its
    page is tried again up to :data:`RETRIES` times, then becomes a failed :class:`Result`."""

    def __init__(self, ex: extraction.Extractor | None, size: int, debug: bool, context):
        self.ex, self.debug, self.context = ex, debug, context
        self.waiting: deque[Pending] = deque()
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> _Worker:
        return _Worker(self.context, self.ex, self.debug)

    def submit(self, job: Job) -> Pending:
        pending = Pending(self, job)
        self.waiting.append(pending)
        self._dispatch()
        return pending

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.job is None and self.waiting:
                worker.job = self.waiting.popleft()
                worker.job.tries += 1
                try:
                    worker.conn.send(worker.job.job)
                except OSError:  # died while idle: found by pump()
                    pass

    def pump(self, timeout: float | None) -> None:
        """Take what the busy workers have sent, or notice that they died (waiting up to
        ``timeout`` seconds, for ever with None, for something to happen)."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.job is not None]
        if not busy:
            self._dispatch()
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        for worker in busy:
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            try:
                if worker.conn.poll():  # (a worker may send its result and then die)
                    worker.job.outcome = worker.conn.recv()
                    worker.job = None
                    continue
            except (EOFError, OSError):
                pass
            if worker.process.sentinel in ready or not worker.process.is_alive():
                self._lost(worker)
        self._dispatch()

    def _lost(self, worker: _Worker) -> None:
        """``worker`` died with a job: replace it, and try the job again or fail it."""
        worker.process.join()
        pending = worker.job
        self.workers[self.workers.index(worker)] = self._start()
        worker.conn.close()
        if pending.tries <= RETRIES:
            self.waiting.appendleft(pending)
            return
        path = Path(pending.job.path)
        error = errors.E049.format(how=_death(worker.process.exitcode), path=shown(path))
        pending.outcome = ("result", Result(path, pending.job.key, failure={"input": shown(path), "error": error}))

    def close(self, ok: bool) -> None:
        """Stop the workers: asked to end when ``ok``, else terminated; killed if they linger."""
        for worker in self.workers:
            try:
                if ok:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []


class Later:
    """A job this process runs when its result is first asked for, its text normalised already
    (``normalized``, in ``seconds``: counted in the result's ``normalise`` stage)."""

    def __init__(self, ex: extraction.Extractor, job: Job, debug: bool, normalized, seconds: float):
        self.ex, self.job, self.debug, self.result = ex, job, debug, None
        self.normalized, self.seconds = normalized, seconds

    def ready(self) -> bool:
        return self.result is not None

    def get(self) -> Result:
        if self.result is None:
            self.result = run_job(self.ex, self.job, self.debug, self.normalized)
            self.result.timings["normalise"] = self.result.timings.get("normalise", 0.0) + self.seconds
            self.job = self.normalized = None
        return self.result


class Runner:
    """Runs jobs in this process, or in a :class:`LocalPool` of ``workers`` processes that share
    the loaded pipeline.

    What is loaded (model, lexicons, rules) is frozen out of the garbage collector
    (``gc.freeze``) until :meth:`close`: it lives as long as the extraction, each full pass of
    the collector walked all of it (some 3% of the extraction time in one process), and in
    forked workers it would copy the shared pages it touches.
    """

    def __init__(self, ex: extraction.Extractor | None, workers: int, debug: bool):
        import multiprocessing

        self.ex, self.debug, self.pool, self.frozen = ex, debug, None, False
        self.slots = workers
        fork = can_fork()
        if ex is not None and (workers == 1 or fork):
            if workers > 1:
                gc.collect()  # what forked workers share stays compact (0.2 s: not for one)
            gc.freeze()
            self.frozen = True
        if workers > 1:
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self.pool = LocalPool(ex if fork else None, workers, debug, context)

    def submit(self, job: Job):
        """The :class:`Result`, or a handle with ``ready()`` and ``get()`` when a worker runs it,
        or when this process runs it later: with pkuseg in a child process, the job's text goes
        to the child now and is extracted when the build asks for its result, so the child
        segments it while this process extracts the pages before."""
        if self.pool is None:
            segmenter = getattr(self.ex, "segmenter", None)
            if segmenter is None:
                return run_job(self.ex, job, self.debug)
            t = time.perf_counter()
            try:
                normalized = normalize(job.matching)
            except Exception:  # the page fails in run_job, which reports it (or raises with debug)
                return run_job(self.ex, job, self.debug)
            seconds = time.perf_counter() - t
            segmenter.ahead(normalized.text)
            return Later(self.ex, job, self.debug, normalized, seconds)
        return self.pool.submit(job)

    def close(self, ok: bool) -> None:
        """Stop the workers (at once, unless ``ok``) and unfreeze what was frozen."""
        if self.pool is not None:
            self.pool.close(ok)
            self.pool = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


class InOrder:
    """Results handed to ``accept`` in the order they were put, as soon as each is there: those
    of workers as they finish, with at most ``window()`` waiting (so that pages stream through)."""

    def __init__(self, accept: Callable[[Result], None], window: Callable[[], int]):
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
            if waiting and not item.ready() and not everything and len(self.queue) <= self.window():
                return
            self.queue.popleft()
            self.accept(item.get() if waiting else item)
