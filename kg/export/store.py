"""The graph in a pyoxigraph store on disk, so that a SPARQL query does not parse the Turtle again.

A store is a folder (``build/store/`` beside ``build/graph.ttl``)::

    oxigraph/      the RocksDB database of pyoxigraph, loaded from the graph file
    source.json    what it was loaded from: file name, size, modification time, SHA-256 of the
                   bytes, and the pyoxigraph version and store format

``kg build`` does not make it: its database files differ in bytes from one load of the same
graph to the next, and a build's outputs are the same bytes each time. ``kg sparql`` calls
:func:`ensure_store`, which makes it at the first query after a build, and again when it is
stale: when the graph file's size or modification time differs from the record and
its SHA-256 does too, or when pyoxigraph or the store format changed. Two processes that find
the store stale at once make it one after the other (a lock file beside it), and a reader sees
the old folder or the new one (:func:`kg.io.atomic.swap_folder`).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.ttl").write_text('<urn:x:a> <urn:x:p> "甲"@zh .\\n', encoding="utf-8")
>>> made = ensure_store(folder / "graph.ttl")
>>> made == folder / "store", is_fresh(made, folder / "graph.ttl")
(True, True)
>>> [str(s["o"]) for s in open_store(made).query("SELECT ?o WHERE { ?s ?p ?o }")]
['"甲"@zh']
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from kg import errors
from kg.io.atomic import remove_stale, sibling, swap_folder, write_atomic

__all__ = ["FORMAT", "default_store", "write_store", "stage_store", "is_fresh", "ensure_store", "open_store"]

#: Version of the store layout (part of what makes a store stale).
FORMAT = 1
_DB = "oxigraph"
_SOURCE = "source.json"


def default_store(graph: Path) -> Path:
    """The store of the graph file ``graph``: the folder ``store`` beside it.

    >>> default_store(Path("build/graph.ttl")).as_posix()
    'build/store'
    """
    return graph.parent / "store"


def _pyoxigraph_version() -> str:
    import pyoxigraph

    return pyoxigraph.__version__


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stamp(graph: Path, digest: str | None = None) -> dict:
    """What ``source.json`` records of ``graph``."""
    st = graph.stat()
    return {"format": FORMAT, "pyoxigraph": _pyoxigraph_version(), "file": graph.name, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "sha256": digest or _digest(graph)}


def _rdf_format(graph: Path):
    from pyoxigraph import RdfFormat

    return RdfFormat.from_extension(graph.suffix.lstrip(".").lower()) or RdfFormat.TURTLE


def write_store(graph: Path, folder: Path) -> Path:
    """Load the graph file ``graph`` into a new store in ``folder`` (made; it must not exist)
    and return ``folder``.

    Raises :class:`kg.errors.KGError`: E022 when the file is not RDF, E029 when the store cannot
    be made.
    """
    from pyoxigraph import Store

    folder.mkdir()
    db = Store(str(folder / _DB))
    try:
        db.bulk_load(path=str(graph), format=_rdf_format(graph), base_iri=graph.absolute().as_uri())
        db.flush()
    except SyntaxError as exc:  # the file is not RDF
        raise errors.KGError(errors.E022.format(path=graph, reason=" ".join(str(exc).split())[:300])) from None
    except (ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())[:300]
        raise errors.KGError(errors.E029.format(path=folder, graph=graph, reason=reason)) from None
    finally:
        del db  # closes the database
    (folder / _SOURCE).write_text(json.dumps(_stamp(graph), sort_keys=True) + "\n", encoding="utf-8")
    return folder


def stage_store(graph: Path, store: Path) -> Path:
    """:func:`write_store` into a new hidden sibling of ``store``, returned for the caller to
    swap in (:func:`kg.io.atomic.swap_folder`); nothing is left of it on failure."""
    store.parent.mkdir(parents=True, exist_ok=True)
    staged = sibling(store)
    try:
        return write_store(graph, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _recorded(store: Path) -> dict | None:
    try:
        stamp = json.loads((store / _SOURCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if type(stamp) is dict and (store / _DB).is_dir() else None


def is_fresh(store: Path, graph: Path) -> bool:
    """Whether ``store`` holds the graph file ``graph`` as it is now (see the module docstring).
    A file whose time changed but whose bytes did not has its new time recorded."""
    stamp = _recorded(store)
    if stamp is None or (stamp.get("format"), stamp.get("pyoxigraph"), stamp.get("file")) != (
            FORMAT, _pyoxigraph_version(), graph.name):
        return False
    st = graph.stat()
    if st.st_size != stamp.get("size"):
        return False
    if st.st_mtime_ns == stamp.get("mtime_ns"):
        return True
    digest = _digest(graph)
    if digest != stamp.get("sha256"):
        return False
    try:  # the same bytes, touched: note the new time so that the next query need not hash
        write_atomic(store / _SOURCE, json.dumps(_stamp(graph, digest), sort_keys=True) + "\n", durable=False)
    except OSError:
        pass
    return True


@contextmanager
def _locked(store: Path):
    """Hold the lock file beside ``store`` (one maker of a store at a time)."""
    lock = store.with_name(f".{store.name}.lock")
    with open(lock, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_store(graph: Path, store: Path | None = None) -> Path:
    """The store of the graph file ``graph`` (``store``, by default :func:`default_store`),
    made first when it is missing or stale. Returns the store folder."""
    store = store or default_store(graph)
    if store.is_dir() and is_fresh(store, graph):
        return store
    store.parent.mkdir(parents=True, exist_ok=True)
    with _locked(store):
        if not (store.is_dir() and is_fresh(store, graph)):  # another process may have made it
            remove_stale(store.parent, "tmp", name=store.name)
            remove_stale(store.parent, "old", name=store.name)
            swap_folder(stage_store(graph, store), store)
    return store


def open_store(store: Path):
    """The pyoxigraph store of the folder ``store``, opened read-only (several readers at once)."""
    from pyoxigraph import Store

    return Store.read_only(str(store / _DB))
