"""kg.export.sparql, kg.export.results and kg.export.store: the query check, the W3C formats
(the same bytes as pyoxigraph's own serializer), the store and when it is made again, and the
limits: no network (a real listener that must receive nothing), a real slow query stopped."""
from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.export.results import write_boolean, write_rows
from kg.export.sparql import query_form, run_sparql
from kg.export.store import ensure_store, is_fresh, open_store

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Terms whose writing differs between formats: language tags, datatypes, numbers that TSV
#: writes bare or not, characters to escape in each format, a blank node.
TERMS = [
    ox.Literal('甲\t"x"\n,&<>\'', language="zh-cn"),
    ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("-1.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("5.", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("1.0E3", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("2020-01-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("s\\x\u0001\u2028"),
    ox.NamedNode("urn:a&b"),
    ox.BlankNode("b1"),
]
OX_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
              "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


@pytest.fixture(scope="module")
def memory_store():
    store = ox.Store()
    for i, term in enumerate(TERMS):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i:02d}"), ox.NamedNode("urn:p"), term))
    return store


@pytest.mark.parametrize("fmt", sorted(OX_FORMATS))
@pytest.mark.parametrize("query", [
    "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT * WHERE { ?s <urn:none> ?o }",
])
def test_rows_are_written_as_pyoxigraph_writes_them(memory_store, fmt, query):
    expected = memory_store.query(query).serialize(format=OX_FORMATS[fmt]).decode("utf-8")
    result = memory_store.query(query)
    out = io.StringIO(newline="")
    write_rows(fmt, [v.value for v in result.variables], result, out)
    assert out.getvalue() == expected
    if fmt != "csv":  # (CSV keeps only lexical forms: pyoxigraph does not read it back)
        back = ox.parse_query_results(out.getvalue().encode("utf-8"), OX_FORMATS[fmt])
        assert [list(row) for row in back] == [list(row) for row in memory_store.query(query)]


@pytest.mark.parametrize("fmt", sorted(OX_FORMATS))
@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "ASK { ?s <urn:none> ?o }"])
def test_booleans_are_written_as_pyoxigraph_writes_them(memory_store, fmt, query):
    out = io.StringIO()
    write_boolean(fmt, bool(memory_store.query(query)), out)
    assert out.getvalue() == memory_store.query(query).serialize(format=OX_FORMATS[fmt]).decode("utf-8")


@pytest.mark.parametrize("query, form", [
    ("select * { ?s ?p ?o }", "SELECT"),
    ("PREFIX service: <urn:s:> BASE <urn:b> ASK { ?service service:x 'SERVICE' } # SERVICE", "ASK"),
    ('CONSTRUCT WHERE { ?s ?p """INSERT\nSERVICE""" }', "CONSTRUCT"),
    ("DESCRIBE <urn:SERVICE>", "DESCRIBE"),
])
def test_query_form(query, form):
    assert query_form(query) == form


@pytest.mark.parametrize("query", [
    "SELECT * { ?s ?p ?o . SERVICE <urn:x> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o .service silent <urn:x> { } }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "PREFIX a: <urn:a:> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "load <urn:x>",
])
def test_updates_and_service_are_refused(query):
    with pytest.raises(KGError, match="^E026 "):
        query_form(query)


# --- the store ---------------------------------------------------------------------------------

TURTLE = '@prefix x: <urn:x:> .\nx:a x:name "王宏"@zh ; x:n 3 .\n'


def count(store: Path) -> int:
    return len(list(open_store(store).query("SELECT * WHERE { ?s ?p ?o }")))


def test_store_is_made_once_and_again_when_the_turtle_changes(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text(TURTLE, encoding="utf-8")
    store = ensure_store(graph)
    assert store == tmp_path / "store" and count(store) == 2
    made = (store / "source.json").stat().st_mtime_ns
    assert ensure_store(graph) == store and (store / "source.json").stat().st_mtime_ns == made  # fresh: kept
    os.utime(graph, ns=(time.time_ns(), time.time_ns() + 10**9))  # same bytes, new time: still fresh
    assert is_fresh(store, graph)
    assert json.loads((store / "source.json").read_text())["mtime_ns"] == graph.stat().st_mtime_ns
    graph.write_text(TURTLE.replace("王宏", "张驰"), encoding="utf-8")  # same size, other bytes
    assert not is_fresh(store, graph)
    ensure_store(graph)
    assert [str(s["o"]) for s in open_store(store).query("SELECT ?o { ?s <urn:x:name> ?o }")] == ['"张驰"@zh']
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock", "graph.ttl", "store"]


def test_a_store_of_another_file_or_version_is_stale(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text(TURTLE, encoding="utf-8")
    store = ensure_store(graph)
    other = tmp_path / "other.ttl"
    other.write_bytes(graph.read_bytes())
    os.utime(other, ns=(graph.stat().st_atime_ns, graph.stat().st_mtime_ns))
    assert not is_fresh(store, other)
    stamp = json.loads((store / "source.json").read_text())
    (store / "source.json").write_text(json.dumps({**stamp, "pyoxigraph": "0.0.1"}))
    assert not is_fresh(store, graph)


# --- limits ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def numbers(tmp_path_factory) -> Path:
    """A store of 200 triples: a product of four patterns has 1.6 billion rows."""
    graph = tmp_path_factory.mktemp("numbers") / "graph.ttl"
    graph.write_text("".join(f"<urn:n:{i}> <urn:n:value> {i} .\n" for i in range(200)), encoding="utf-8")
    return ensure_store(graph)


def children_running(module: str) -> list[int]:
    """Processes of this one running ``python -m module``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and module.encode() in cmdline:
            found.append(int(entry.name))
    return found


def test_a_slow_query_is_stopped_at_its_time_limit(numbers):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"
    out = io.StringIO()
    started = time.perf_counter()
    with pytest.raises(KGError, match=r"^E027 query slow\.rq ran over the time limit of 1\.5 s"):
        run_sparql(numbers, query, out, name="slow.rq", timeout=1.5)
    assert time.perf_counter() - started < 10
    assert out.getvalue() == "" and children_running("kg.export.sparql") == []


def test_rows_over_the_limit_are_refused_and_nothing_is_written(numbers):
    out = io.StringIO()
    with pytest.raises(KGError, match="^E028 .* more than 39,999 rows"):
        run_sparql(numbers, "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }", out, "json", limit=39_999)
    assert out.getvalue() == ""
    answer = run_sparql(numbers, "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }", out, "csv", limit=40_000)
    assert answer.count == 40_000 and out.getvalue().count("\r\n") == 40_001
    with pytest.raises(KGError, match="^E028 .* more than 10 triples"):
        run_sparql(numbers, "CONSTRUCT WHERE { ?a ?p ?x }", io.StringIO(), limit=10)


class Listener:
    """A local HTTP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(65536))
                except OSError:
                    self.received.append(b"")
                conn.sendall(b"HTTP/1.1 500 No\r\nContent-Length: 0\r\n\r\n")

    def close(self):
        self.done.set()
        self.thread.join()
        self.sock.close()


def test_service_is_refused_and_the_listener_receives_nothing(numbers):
    listener = Listener()
    try:
        # the listener works: pyoxigraph itself would send the query to it
        with pytest.raises(OSError):
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"))
        time.sleep(0.3)
        assert len(listener.received) == 1 and b"POST /sparql" in listener.received[0]
        listener.received.clear()
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/> {{ ?a ?b ?d }} }} }}",
                      f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"):
            with pytest.raises(KGError, match="^E026 "):
                run_sparql(numbers, query, io.StringIO())
        time.sleep(0.3)
        assert listener.received == []
    finally:
        listener.close()


def test_killing_kg_sparql_stops_its_query(numbers, tmp_path):
    """SIGKILL to `kg sparql` (as a user's kill or an OOM killer sends it) ends the query too."""
    import signal
    import subprocess
    import sys

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "sparql", "-", "--graph", str(numbers.parent / "graph.ttl")],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.stdin.write(query.encode())
    proc.stdin.close()
    child = None
    for _ in range(200):  # until the query process has started
        child = next((pid for pid in children_of(proc.pid) if b"kg.export.sparql" in cmdline(pid)), None)
        if child:
            break
        time.sleep(0.05)
    assert child, "the query process did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(100):
        if not Path(f"/proc/{child}").exists() or b"Z" in Path(f"/proc/{child}/stat").read_bytes().split(b")")[-1][:3]:
            break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the query went on after kg sparql was killed")


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found
