"""Extraction on a Dask cluster (``kg build --engine dask``): the same :class:`~kg.pipeline.runner.Job`
in and :class:`~kg.pipeline.runner.Result` out as the local pool, so that the build does not
care which engine runs.

The client (the ``kg build`` process) reads, decodes and hashes the inputs as a local build
does, and sends each page that the cache does not hold to the cluster as a task carrying its
text (not its path: the workers may be other machines); it takes the results in input order
and writes every output itself. Each worker process loads the pipeline once, through
:class:`PipelinePlugin`, a ``distributed.WorkerPlugin`` whose ``setup`` runs on every worker
there is and on every worker that joins later (one the nanny started in place of a dead one).

Workers must extract as the client would: the plugin computes the worker's
:func:`~kg.pipeline.version.code_version` (the contents of ``kg/``, ``pipelines/``, the model,
the packages) and loads the pipeline only when it is the client's. The client asks every worker
before it sends a page, and refuses to build with one line naming a worker that differs (E061);
a worker that joins later with other files stays paused, and is sent no page. The plugin is
named after the version and registered as idempotent, so a standing cluster (``make dask-up``)
keeps the pipeline loaded from one build to the next, and loads it again when the files change.

Faults: a worker that dies is replaced by its nanny, and the scheduler gives its page to
another worker, up to the scheduler's ``allowed-failures`` (the clusters ``kg`` starts allow one
retry, as the local pool does: :data:`SCHEDULER_CONFIG`); a page that still fails is a failed
input (E064), and the build goes on. A scheduler that cannot be reached (E060) or goes away
(E062) stops the build with one line, before anything is published.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from .. import errors
from ..config import ROOT
from ..io.names import shown
from .runner import RETRIES, Job, Result, run_job
from .version import Version, code_version

__all__ = ["PLUGIN", "SCHEDULER_CONFIG", "PipelinePlugin", "Refused", "extract_page", "worker_state", "DaskRunner"]

#: The name of the plugin, before its version.
PLUGIN = "kg-pipeline"
#: Scheduler settings of the clusters ``kg`` starts (``--engine dask`` without ``--scheduler``,
#: ``make dask-up``): a page whose worker died is tried once more (:data:`~kg.pipeline.runner.RETRIES`,
#: as in the local pool), and a single-threaded worker is sent one page at a time, so that a
#: worker that dies takes only the page it was extracting with it.
SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": RETRIES,
    "distributed.scheduler.worker-saturation": 1.0,
}


def plugin_name(version: Version) -> str:
    return f"{PLUGIN}-{version.digest[:16]}"


class Refused(Exception):
    """Raised in a worker asked to extract without the client's pipeline; its one argument is
    the line to show."""


def _one_line(exc: BaseException, kind: bool = False) -> str:
    """``exc`` on one line (with its type, if ``kind``), cut to 300 characters."""
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if kind or not text else text
    return text if len(text) <= 300 else text[:299] + "…"


def _where() -> str:
    return f"host {socket.gethostname()}, process {os.getpid()}, kg at {ROOT}"


try:
    from distributed import WorkerPlugin
except ImportError:  # (kg imports this module only for --engine dask, which needs distributed)
    WorkerPlugin = object


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline in a worker process when the worker's files are the client's
    (``version``); otherwise keeps why not (``problem``: the line the client shows).

    ``setup`` compares the versions (about a second) and starts the load in a thread of its
    own, the worker paused meanwhile (the scheduler sends it no task): a worker is up at once,
    answers the scheduler while it loads, and can be stopped then (a nanny stopping a worker
    waits for it to be up, which a load in ``setup`` itself would make seconds). A task waits
    for the load all the same (:func:`extract_page`: a worker may be unpaused by its memory
    monitor), and so does the client before it sends any (:meth:`DaskRunner._prepare`).
    """

    idempotent = True  # registered again by each build: a worker that has it keeps it loaded

    def __init__(self, version: Version):
        self.version = version
        self.name = plugin_name(version)
        self.extractor = None
        self.problem: str | None = None
        self.loaded = self.ended = None  # threading.Event, made in the worker

    async def setup(self, worker) -> None:
        from distributed.core import Status

        self.loaded, self.ended = threading.Event(), threading.Event()
        if worker.status == Status.running:  # until the pipeline is loaded; for good if it cannot be
            worker.status = Status.paused
        try:
            own = await asyncio.to_thread(code_version)  # (reads files: the worker keeps answering)
        except Exception as exc:  # kept for the client to show, naming this worker
            own, self.problem = None, errors.E068.format(worker=worker.address, where=_where(), reason=_one_line(exc))
        if own is not None and own != self.version:
            self.problem = errors.E061.format(worker=worker.address, where=_where(), parts=" and ".join(self.version.differs(own)))
        if self.problem is not None:
            self.loaded.set()
            return
        for name in [n for n in worker.plugins if n.startswith(PLUGIN + "-") and n != self.name]:
            await worker.plugin_remove(name)  # an earlier version's pipeline: its memory back first
        threading.Thread(target=self._load, args=(worker,), name="kg-pipeline-load", daemon=True).start()

    def _load(self, worker) -> None:
        try:
            extractor = _load()
        except Exception as exc:
            self.problem = errors.E068.format(worker=worker.address, where=_where(), reason=_one_line(exc))
        else:
            if self.ended.is_set():  # torn down while it loaded
                extractor.close()
            else:
                self.extractor = extractor
        finally:
            self.loaded.set()
            if self.problem is None:
                worker.loop.add_callback(_resume, worker)

    def teardown(self, worker) -> None:
        if self.ended is not None:
            self.ended.set()
        if self.extractor is not None:
            from .batch import release_pipeline

            self.extractor.close()
            self.extractor = None
            release_pipeline()


def _resume(worker) -> None:
    """Let the scheduler send ``worker`` tasks again (in the worker's event loop)."""
    from distributed.core import Status

    if worker.status == Status.paused:
        worker.status = Status.running


def _load():
    """The pipeline, kept out of the garbage collector's walks while it lives (as the local
    runner does: they cost some 3% of the extraction time)."""
    from .extract import Extractor

    ex = Extractor.load()
    gc.collect()
    gc.freeze()
    return ex


def _plugin(name: str, worker) -> PipelinePlugin:
    plugin = worker.plugins.get(name)
    if plugin is None:  # removed: another build, of other files, registered its own
        raise Refused(errors.E069.format(worker=worker.address, where=_where()))
    return plugin


def worker_state(name: str, dask_worker=None) -> dict:
    """What the client asks each worker (``Client.run``): whether it has loaded the pipeline of
    the plugin ``name``, or why it cannot (``problem``), the kg plugins it holds, its process
    and threads."""
    try:
        plugin = _plugin(name, dask_worker)
        loaded, problem = plugin.loaded.is_set(), plugin.problem
    except Refused as exc:
        loaded, problem = True, str(exc)
    return {"loaded": loaded, "problem": problem, "pid": os.getpid(), "threads": dask_worker.state.nthreads,
            "plugins": sorted(n for n in dask_worker.plugins if n.startswith(PLUGIN + "-"))}


def extract_page(job: Job, name: str, debug: bool) -> Result:
    """A task: extract ``job`` with the pipeline of the plugin ``name`` of this worker (once
    it has loaded: a worker that has just joined may still be loading it)."""
    from distributed import get_worker

    worker = get_worker()
    plugin = _plugin(name, worker)
    plugin.loaded.wait()
    extractor = plugin.extractor
    if extractor is None:
        raise Refused(plugin.problem or errors.E069.format(worker=worker.address, where=_where()))
    return run_job(extractor, job, debug)


@contextmanager
def _quiet(debug: bool):
    """Dask's loggers in this process (the client's, and a local cluster's scheduler) say
    nothing below CRITICAL unless ``--debug``: the build reports what went wrong on one line."""
    loggers = [logging.getLogger(n) for n in ("distributed", *[k for k in logging.root.manager.loggerDict if k.startswith("distributed.")])]
    levels = [lg.level for lg in loggers]
    if not debug:
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


class _Pending:
    """A page sent to the cluster: ``ready()`` and ``get()`` give its :class:`Result`."""

    def __init__(self, runner: "DaskRunner", job: Job, future):
        self.runner, self.job, self.future = runner, job, future
        self.result: Result | None = None  # once taken from its worker

    def ready(self) -> bool:
        return self.result is not None or self.future.done()

    def get(self) -> Result:
        return self.runner.outcome(self)


class DaskRunner:
    """Sends jobs to the Dask scheduler at ``address``, or, without one, to a local cluster of
    ``workers`` single-threaded processes that it starts (and stops in :meth:`close`).

    Connects, waits for a worker, registers :class:`PipelinePlugin` and checks every worker
    before it returns; raises :class:`kg.errors.KGError` (one line) when it cannot.
    """

    def __init__(self, address: str | None, workers: int = 1, debug: bool = False):
        import dask.config
        import distributed  # noqa: F401  (its loggers exist before they are quietened)

        self.debug, self.address, self.cluster, self.client = debug, address, None, None
        self.quiet = _quiet(debug)
        self.quiet.__enter__()
        try:
            self.timeout = dask.config.get("distributed.comm.timeouts.connect")
            if address is None:
                self.cluster = self._local_cluster(workers)
                self.address = self.cluster.scheduler_address
            self.client = self._connect()
            self.version = code_version()
            self.name = plugin_name(self.version)
            self.out: list[_Pending] = []  # sent, not yet taken
            self.news = threading.Event()  # set when one of them is done
            self._check(self._prepare())
        except BaseException:
            self.close(ok=False)
            raise

    # --- starting ---------------------------------------------------------------------------

    def _local_cluster(self, workers: int):
        import dask.config
        from distributed import LocalCluster

        # the workers ignore Ctrl-C, which reaches them too: it is the build's to handle (see dask_setup)
        preload = [*dask.config.get("distributed.worker.preload", []), __name__]
        try:
            with dask.config.set({**SCHEDULER_CONFIG, "distributed.worker.preload": preload}):
                return LocalCluster(processes=True, host="127.0.0.1", n_workers=workers, threads_per_worker=1,
                                    dashboard_address=None, silence_logs=logging.WARNING if self.debug else logging.CRITICAL)
        except Exception as exc:
            raise errors.KGError(errors.E066.format(reason=_one_line(exc))) from None

    def _connect(self):
        from distributed import Client

        try:
            return Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, no such host, a malformed address
            raise errors.KGError(errors.E060.format(address=self.address, reason=_one_line(exc))) from None

    def _prepare(self) -> dict:
        """Wait for a worker, drop earlier versions' plugins, have every worker load this
        version's pipeline; what each worker says of it (or the exception it raised)."""
        from dask.utils import parse_timedelta

        client = self.client
        seconds = parse_timedelta(self.timeout)
        try:
            try:
                client.wait_for_workers(1, timeout=seconds)
            except TimeoutError:
                raise errors.KGError(errors.E063.format(address=self.address, seconds=seconds)) from None
            held = client.run(worker_state, self.name, on_error="return")
            for stale in sorted({n for s in held.values() if isinstance(s, dict) for n in s["plugins"]} - {self.name}):
                try:
                    client.unregister_worker_plugin(stale)
                except ValueError:  # registered with a scheduler since restarted
                    pass
            client.register_plugin(PipelinePlugin(self.version))
            while True:  # until every worker has loaded the pipeline, or one cannot
                states = client.run(worker_state, self.name, on_error="return")
                if all(not isinstance(s, dict) or s["loaded"] or s["problem"] for s in states.values()):
                    return states
                time.sleep(0.2)
        except errors.KGError:
            raise
        except (OSError, _cancelled()) as exc:
            raise errors.KGError(errors.E062.format(address=self.address, reason=_one_line(exc))) from None
        except Exception as exc:  # e.g. a worker that cannot unpickle the plugin: kg is not installed there
            raise errors.KGError(errors.E068.format(worker=f"at {self.address}", where="one of them",
                                                    reason=_one_line(exc, kind=True))) from None

    def _check(self, states: dict) -> None:
        """Refuse the build (the first worker's line) when a worker cannot extract for this
        client; else count the workers and their threads."""
        refused = []
        for address, state in sorted(states.items()):
            if isinstance(state, BaseException):  # kg cannot be imported there, or the like
                refused.append(errors.E068.format(worker=address, where="it could not run kg's check", reason=_one_line(state, kind=True)))
            elif state["problem"]:
                refused.append(state["problem"])
        if refused:
            more = f" ({len(refused) - 1} more of {len(states)} workers likewise)" if len(refused) > 1 else ""
            raise errors.KGError(refused[0] + more)
        self.workers = len(states)
        self.threads = sum(s["threads"] for s in states.values())
        self._slots, self._asked = self.threads, time.monotonic()

    # --- the interface of kg.pipeline.runner.Runner -------------------------------------------

    @property
    def slots(self) -> int:
        """Pages the cluster can extract at once: its threads, asked again every few seconds
        (workers may join or leave)."""
        if time.monotonic() - self._asked > 5:
            self._asked = time.monotonic()
            try:
                workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
                self._slots = max(1, sum(w.get("nthreads", 0) for w in workers))
            except Exception:  # a lost scheduler is reported where a result is taken (outcome)
                pass
        return self._slots

    @property
    def info(self) -> dict:
        """How the pages were extracted, for the report."""
        return {"name": "dask", "scheduler": "local" if self.cluster is not None else self.address,
                "workers": self.workers, "threads": self.threads}

    def submit(self, job: Job) -> _Pending:
        if self.client.status != "running":
            raise errors.KGError(errors.E062.format(address=self.address, reason=f"the client is {self.client.status}"))
        self._collect()
        future = self.client.submit(extract_page, job, self.name, self.debug, key=f"kg-page-{uuid.uuid4().hex}")
        future.add_done_callback(lambda _: self.news.set())  # (in the client's thread)
        pending = _Pending(self, job, future)
        self.out.append(pending)
        return pending

    def outcome(self, pending: _Pending) -> Result:
        """The :class:`Result` of a page sent to the cluster, once it is there."""
        while pending.result is None:
            self.news.clear()
            self._collect()
            if pending.result is None:
                self.news.wait(1)  # a page is done, or a second has passed
                if self.client.status != "running":  # lost, and reconnecting (or given up)
                    raise errors.KGError(errors.E062.format(address=self.address, reason=f"the client is {self.client.status}"))
        return pending.result

    def _collect(self) -> None:
        """Take the result of every page that is done, in whatever order, and let the cluster
        forget it: a result kept in a worker is lost with it (the page is extracted again)."""
        done = [p for p in self.out if p.future.done()]
        if done:
            self.out = [p for p in self.out if not p.future.done()]
        for pending in done:
            try:
                pending.result = self._take(pending)
            finally:
                pending.future.release()

    def _take(self, pending: _Pending) -> Result:
        """The :class:`Result` of a page whose task is done; :class:`kg.errors.KGError` when the
        cluster failed the build."""
        from distributed import KilledWorker

        path = Path(pending.job.path)
        try:
            return pending.future.result()
        except Refused as exc:
            raise errors.KGError(str(exc)) from None
        except KilledWorker as exc:
            error = errors.E064.format(times=exc.allowed_failures + 1, path=shown(path), worker=exc.last_worker.address,
                                       allowed=exc.allowed_failures)
            return Result(path, pending.job.key, failure={"input": shown(path), "error": error})
        except (OSError, _cancelled()) as exc:
            raise errors.KGError(errors.E062.format(address=self.address, reason=_one_line(exc))) from None
        except Exception as exc:
            if self.debug:  # the page's own error, raised in the worker
                raise
            raise errors.KGError(errors.E065.format(path=shown(path), reason=_one_line(exc, kind=True))) from None

    def close(self, ok: bool) -> None:
        """Disconnect; stop the local cluster if this runner started it. (The plugin stays
        registered on a cluster of the user's: the next build of this version finds the
        pipeline loaded.)"""
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        try:
            if client is not None:
                if not ok:
                    try:
                        client.cancel(list(client.futures))
                    except Exception:  # the scheduler may be gone: nothing to cancel then
                        pass
                client.close(timeout=5)
            if cluster is not None:
                cluster.close(timeout=30)
        except Exception:  # closing what is already gone
            pass
        finally:
            if self.quiet is not None:
                self.quiet.__exit__(None, None, None)
                self.quiet = None


def _cancelled() -> type:
    from concurrent.futures import CancelledError

    return CancelledError


def dask_setup(worker) -> None:
    """The worker preload (``distributed.worker.preload``) of the local clusters ``kg build``
    starts: their worker processes are in the terminal's process group, so Ctrl-C reaches
    them; they leave it to the build, which stops them (as the local pool's workers do)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def dask_engine(address: str | None, workers: int, debug: bool):
    """The engine that ``kg build --engine dask`` hands the build: started at its first page to
    extract (none when every page comes from the cache). An address that cannot be one is a
    usage error at once (Dask would take it, then hang a minute when its client is collected)."""
    if address is not None:
        check_address(address)
    return lambda: DaskRunner(address, workers, debug)


def check_address(address: str) -> None:
    """Raise :class:`kg.errors.UsageError` unless ``address`` reads as a scheduler's address.

    >>> check_address("tcp://127.0.0.1:8786")
    >>> check_address("127.0.0.1:port")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: E070 --scheduler 127.0.0.1:port is not the address of a Dask scheduler (invalid literal for int() with base 10: 'port'): give one as tcp://HOST:PORT (or tls://HOST:PORT)
    """
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            host, _ = parse_host_port(location, 8786)
            if not host:
                raise ValueError("no host")
    except (ValueError, TypeError) as exc:
        raise errors.UsageError(errors.E070.format(address=address, reason=_one_line(exc))) from None
