"""Graph of a build -> a running Neo4j server, through the official ``neo4j`` driver.

The only module that imports the driver. The rows come from :mod:`kg.export.neo4j`, so a driver
load, the CSV files and load.cypher describe one graph. Every value reaches the server as a
parameter; labels and types in the statement text come from the fixed mapping tables there.

A load makes the schema (a uniqueness constraint on ``id`` per label), merges the nodes and then
the relationships in batches, each batch one managed write transaction
(``session.execute_write``, which the driver retries on transient errors), and then, unless asked
not to, deletes the nodes and relationships of the mapped labels and types that the build no
longer has. Loading the same build twice leaves the same graph; loading a rebuilt one updates it
in place.

The messages of the errors raised here carry codes E101-E106 (see :mod:`kg.errors`).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

from kg import errors
from kg.errors import KGError, UsageError
from kg.export.graphml import read_graphml
from kg.export.neo4j import (
    ARTICLE_LABEL,
    BATCH_SIZE,
    MENTIONED_IN,
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    GraphRows,
    graph_rows,
    node_statement,
    relationship_statement,
    schema_statements,
)

__all__ = [
    "DEFAULT_URI",
    "PASSWORD_ENV",
    "LoadStats",
    "read_build",
    "password_from_env",
    "connect",
    "ensure_schema",
    "load_rows",
    "load_graph",
]

#: Where ``kg neo4j load`` looks for a server unless told otherwise.
DEFAULT_URI = "bolt://127.0.0.1:7687"

#: The environment variable that holds the password; there is no other way to give it.
PASSWORD_ENV = "NEO4J_PASSWORD"

#: URI schemes of the Bolt protocol (the driver's preview HTTP schemes are not for loading).
_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

#: Server error codes that mean "this server cannot run that schema statement", after which the
#: fallback (or nothing) is tried: a syntax this server (an older Neo4j, or another database
#: speaking Bolt) does not have.
_UNSUPPORTED = {
    "Neo.ClientError.Statement.SyntaxError",
    "Neo.ClientError.Statement.FeatureNotSupported",
}

#: Neo4j Community refuses Enterprise-only constraints with this code and a message saying so;
#: the same code with another message (duplicate ids, say) is a real error.
_CONSTRAINT_FAILED = "Neo.DatabaseError.Schema.ConstraintCreationFailed"


def _unsupported(error: Neo4jError) -> bool:
    """Whether ``error`` says the server lacks a feature, rather than that the data is wrong."""
    if error.code in _UNSUPPORTED:
        return True
    return error.code == _CONSTRAINT_FAILED and "Enterprise Edition" in (error.message or "")


Progress = Callable[[int], None]


@dataclass(frozen=True)
class LoadStats:
    """What a load did: rows written, stale nodes and relationships deleted, seconds taken,
    and the schema statements the server could not run, each with the fallback run instead
    (``None`` when it was skipped)."""

    nodes: int
    relationships: int
    deleted_nodes: int
    deleted_relationships: int
    seconds: float
    schema_fallbacks: tuple[tuple[str, str | None], ...] = ()

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.seconds if self.seconds else 0.0


def read_build(build_dir: str | PathLike) -> nx.MultiDiGraph:
    """The graph that ``kg build`` wrote to ``build_dir/graph.graphml``.

    Raises
    ------
    KGError
        E102 when there is no such file.
    """
    path = Path(build_dir) / "graph.graphml"
    if not path.is_file():
        raise KGError(errors.E102.format(path=path))
    return read_graphml(path)


def password_from_env() -> str | None:
    """The password in :data:`PASSWORD_ENV`, or ``None``."""
    return os.environ.get(PASSWORD_ENV) or None


def _one_line(error: Exception) -> str:
    """The driver's message without its line breaks or GQL status noise."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(message.split())


@contextmanager
def _server_errors(uri: str, user: str, database: str | None) -> Iterator[None]:
    """Turn the driver's errors into :class:`KGError` with one-line messages."""
    try:
        yield
    except AuthError:
        raise KGError(errors.E104.format(uri=uri, user=user)) from None
    except ServiceUnavailable as exc:
        raise KGError(errors.E103.format(uri=uri, reason=_one_line(exc))) from None
    except ClientError as exc:
        if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise KGError(errors.E105.format(uri=uri, database=database)) from None
        raise KGError(errors.E106.format(uri=uri, reason=f"{exc.code} {_one_line(exc)}")) from None
    except ConfigurationError as exc:
        raise KGError(errors.E103.format(uri=uri, reason=_one_line(exc))) from None
    except (Neo4jError, DriverError) as exc:
        raise KGError(errors.E106.format(uri=uri, reason=_one_line(exc))) from None


def check_uri(uri: str) -> None:
    """Refuse an address that holds credentials (``bolt://user:secret@host``), without
    repeating it: it would end up in messages, logs and the shell's history.

    >>> check_uri("bolt://127.0.0.1:7687")
    >>> check_uri("bolt://neo4j:s3cret@db:7687")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: E107 --uri holds a user name or password: ...
    """
    if "@" in urlsplit(uri).netloc:
        raise UsageError(errors.E107)


def connect(uri: str, user: str, password: str | None, database: str | None = None,
            timeout: float = 10.0) -> Driver:
    """A driver connected to the server at ``uri``, its credentials and ``database`` checked.

    Parameters
    ----------
    uri : str
        ``bolt://host:port`` or ``neo4j://host:port`` (``+s`` for TLS).
    user, password : str
        Credentials; the password is never part of a message.
    database : str, optional
        The database to check for; ``None`` for the server's default.
    timeout : float
        Seconds to wait for a connection.

    Raises
    ------
    KGError
        E101 without a password, E103 when no server answers, E104 when it refuses the
        credentials, E105 when it has no such database.
    """
    check_uri(uri)
    if not password:
        raise KGError(errors.E101)
    if urlsplit(uri).scheme not in _SCHEMES:
        raise KGError(errors.E103.format(uri=uri, reason="not a bolt:// or neo4j:// address"))
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout)
    except (ConfigurationError, ValueError) as exc:  # a malformed URI
        raise KGError(errors.E103.format(uri=uri, reason=_one_line(exc))) from None
    with _server_errors(uri, user, database):
        try:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=database)
        except BaseException:
            driver.close()
            raise
    return driver


def _run(tx: ManagedTransaction, statement: str, params: dict) -> None:
    tx.run(statement, params).consume()


def ensure_schema(session: Session, statements: list[tuple[str, str | None]] | None = None,
                  ) -> tuple[tuple[str, str | None], ...]:
    """Make the constraints and indexes of ``statements`` (default
    :func:`kg.export.neo4j.schema_statements`), ``(statement, fallback)`` pairs.

    A statement the server rejects as unsupported is replaced by its fallback, or skipped when
    it has none. Returns ``(statement, fallback or None)`` for each that was not run as written.
    """
    fallbacks = []
    for statement, fallback in schema_statements() if statements is None else statements:
        try:
            session.run(statement).consume()
        except Neo4jError as exc:
            if not _unsupported(exc):
                raise
            fallbacks.append((statement, fallback))
            if fallback:
                session.run(fallback).consume()
    return tuple(fallbacks)


def _write_batches(session: Session, statement: str, rows: list[dict], batch_size: int,
                   progress: Progress | None) -> None:
    """Send ``rows`` with ``statement`` in batches, one managed write transaction each."""
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        session.execute_write(_run, statement, {"rows": batch})
        if progress:
            progress(len(batch))


def _count_deleted(tx: ManagedTransaction, statement: str, params: dict) -> int:
    return tx.run(statement, params).single(strict=True)["deleted"]


def _prune(session: Session, rows: GraphRows) -> tuple[int, int]:
    """Delete what the mapped labels and types hold beyond ``rows``: (nodes, relationships)."""
    kinds: dict[str, list[str]] = {kind: [] for kind in (*RELATIONSHIP_TYPES.values(), MENTIONED_IN)}
    for group, group_rows in rows.relationships.items():
        kinds[group.type].extend(row["props"]["id"] for row in group_rows)
    relationships = 0
    for kind, ids in sorted(kinds.items()):
        statement = f"MATCH ()-[r:{kind}]->() WHERE NOT r.id IN $ids DELETE r RETURN count(r) AS deleted"
        relationships += session.execute_write(_count_deleted, statement, {"ids": ids})
    nodes = 0
    for label in (*NODE_LABELS.values(), ARTICLE_LABEL):
        ids = [row["id"] for row in rows.nodes.get(label, [])]
        statement = f"MATCH (n:{label}) WHERE NOT n.id IN $ids DETACH DELETE n RETURN count(n) AS deleted"
        nodes += session.execute_write(_count_deleted, statement, {"ids": ids})
    return nodes, relationships


def load_rows(
    driver: Driver,
    rows: GraphRows,
    database: str | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    prune: bool = True,
    progress: Progress | None = None,
    uri: str = "",
    user: str = "",
) -> LoadStats:
    """Write ``rows`` into ``database`` (the server's default when ``None``).

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`connect`.
    rows : GraphRows
        From :func:`kg.export.neo4j.graph_rows`.
    database : str, optional
        Database name.
    batch_size : int
        Rows per transaction.
    prune : bool
        Delete the nodes and relationships of the mapped labels and types that ``rows`` do not
        have, so that the database holds exactly this build.
    progress : callable, optional
        Called with the number of rows each batch wrote.
    uri, user : str
        Only for error messages.

    Returns
    -------
    LoadStats

    Raises
    ------
    KGError
        E105 for a missing database, E106 for a failed statement, E103/E104 as in :func:`connect`.
    """
    started = time.perf_counter()
    with _server_errors(uri, user, database), driver.session(database=database) as session:
        fallbacks = ensure_schema(session)
        for label, label_rows in rows.nodes.items():
            _write_batches(session, node_statement(label), label_rows, batch_size, progress)
        for group, group_rows in rows.relationships.items():
            _write_batches(session, relationship_statement(group), group_rows, batch_size, progress)
        deleted = _prune(session, rows) if prune else (0, 0)
    return LoadStats(
        nodes=rows.node_count,
        relationships=rows.relationship_count,
        deleted_nodes=deleted[0],
        deleted_relationships=deleted[1],
        seconds=time.perf_counter() - started,
        schema_fallbacks=fallbacks,
    )


def load_graph(graph: nx.MultiDiGraph, uri: str, user: str, password: str | None,
               database: str | None = None, **options) -> LoadStats:
    """Connect, load ``graph`` (see :func:`load_rows` for ``options``) and disconnect."""
    driver = connect(uri, user, password, database)
    try:
        return load_rows(driver, graph_rows(graph), database, uri=uri, user=user, **options)
    finally:
        driver.close()
