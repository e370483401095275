"""How quick ``kg sparql`` is on a build: each ``queries/*.rq`` on the pyoxigraph store, cold and
warm, against rdflib on the same query. Prints the figures (no pass/fail).

    python -m bench.sparql build/            # a build folder: graph.ttl (its store made if missing)

Each figure is the wall time of a whole ``kg sparql QUERY --format tsv`` process, as a user
waits for it:

- *cold*: the build's store (made by a first query when missing), its files first dropped from the page cache
  (``posix_fadvise(DONTNEED)`` on each file: only those pages, no root needed);
- *warm*: the same command again (median of three);
- *first query, no store*: once, ``--store`` pointing at an empty folder, so that the query
  loads the Turtle into a new store first (what the first query after each build costs).

rdflib queries that take longer than :data:`RDFLIB_LIMIT` seconds are stopped and shown as
over it.

rdflib, for comparison, in its own process: the Turtle parsed once (seconds, peak memory), then
each query on the parsed graph. Before the store, every ``kg sparql`` call parsed the Turtle,
so its cost was the parse plus the query. The row counts of both engines are printed side by
side (``tests/test_queries.py`` checks that the rows are the same).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KG = [str(BIN / "kg")] if (BIN / "kg").exists() else [sys.executable, "-m", "kg.cli"]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


def drop_cache(folder: Path) -> None:
    """Drop the files of ``folder`` from the page cache."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def kg_sparql(query: Path, graph: Path, *args: str) -> tuple[float, int]:
    """Seconds of one ``kg sparql`` process, and the rows it printed."""
    t = time.perf_counter()
    done = subprocess.run([*KG, "sparql", str(query), "--graph", str(graph), "--format", "tsv", *args],
                          capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    if done.returncode:
        raise RuntimeError(f"kg sparql {query.name} failed: {done.stderr.strip()}")
    return seconds, max(0, len(done.stdout.splitlines()) - 1)


#: Seconds rdflib is given for one query (some take far longer on a large graph).
RDFLIB_LIMIT = 300


def _rdflib(graph: str, limit: str = str(RDFLIB_LIMIT)) -> None:
    """In its own process: parse ``graph`` with rdflib once, then time every query on it, each
    in a forked child (sharing the parsed graph) that is killed after ``limit`` seconds."""
    from rdflib import Graph

    from kg.vocab import PREFIXES

    t = time.perf_counter()
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.parse(graph, format="turtle")
    figures = {"parse_s": time.perf_counter() - t, "triples": len(rdf), "limit_s": float(limit), "queries": {}}
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for query in QUERIES:
        figures["queries"][query.stem] = _rdflib_query(rdf, query, float(limit))
    print(json.dumps(figures))


def _rdflib_query(rdf, query: Path, limit: float) -> dict:
    """Seconds and rows of one query, or ``{"over": limit}``."""
    import select

    from kg.export.sparql import run_query

    read, write = os.pipe()
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        _, rows = run_query(rdf, query.read_text(encoding="utf-8"))
        os.write(write, json.dumps({"seconds": time.perf_counter() - t, "rows": len(rows)}).encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], limit)
    if not ready:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)
        return {"over": limit}
    data = b"".join(iter(lambda: os.read(read, 65536), b""))
    os.waitpid(pid, 0)
    os.close(read)
    return json.loads(data)


def measure(build: Path, rdflib: bool = True, warm_runs: int = 3) -> dict:
    """The figures of the module docstring for the build folder ``build``."""
    graph, store = build / "graph.ttl", build / "store"
    figures = {"turtle_mb": graph.stat().st_size / 1e6, "store_mb": folder_mb(store), "queries": {}}
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
        figures["first_query_s"], _ = kg_sparql(QUERIES[0], graph, "--store", str(Path(tmp) / "store"))
    for query in QUERIES:
        drop_cache(store)
        cold, rows = kg_sparql(query, graph)
        warm = statistics.median(kg_sparql(query, graph)[0] for _ in range(warm_runs))
        figures["queries"][query.stem] = {"cold_s": cold, "warm_s": warm, "rows": rows}
    if rdflib:
        done = subprocess.run([sys.executable, "-m", "bench.sparql", "_rdflib", str(graph)], capture_output=True,
                              text=True, cwd=ROOT, check=True)
        figures["rdflib"] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def report(figures: dict) -> list[str]:
    """The figures as lines of text."""
    lines = [f"kg sparql: Turtle {figures['turtle_mb']:.1f} MB, store {figures['store_mb']:.1f} MB "
             f"(the first query after a build makes it: {figures['first_query_s']:.1f} s)"]
    rd = figures.get("rdflib")
    if rd:
        lines.append(f"  rdflib: parses the Turtle ({rd['triples']:,} triples) in {rd['parse_s']:.1f} s, "
                     f"peak {rd['maxrss_mb']:,.0f} MB, before each query of an rdflib `kg sparql`")
    lines.append(f"  {'query':<30} {'rows':>6} {'cold s':>7} {'warm s':>7} {'rdflib query s':>15} {'rdflib call s':>14}")
    for name, q in figures["queries"].items():
        r = rd["queries"][name] if rd else None
        if r and "over" in r:
            extra = f" {'> ' + format(r['over'], '.0f'):>15} {'> ' + format(rd['parse_s'] + r['over'], '.0f'):>14}"
        elif r:
            extra = f" {r['seconds']:>15.2f} {rd['parse_s'] + r['seconds']:>14.1f}" + ("" if r["rows"] == q["rows"] else f"  ROWS {r['rows']}")
        else:
            extra = ""
        lines.append(f"  {name:<30} {q['rows']:>6} {q['cold_s']:>7.2f} {q['warm_s']:>7.2f}{extra}")
    cold = max(q["cold_s"] for q in figures["queries"].values())
    warm = max(q["warm_s"] for q in figures["queries"].values())
    lines.append(f"  [{'met' if cold < 5 else 'NOT met'}] every query cold < 5 s: slowest {cold:.2f} s")
    lines.append(f"  [{'met' if warm < 1 else 'NOT met'}] every query warm < 1 s: slowest {warm:.2f} s")
    return lines


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_rdflib":
        _rdflib(*argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build folder (graph.ttl, store/)")
    parser.add_argument("--no-rdflib", action="store_true", help="do not time rdflib")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (args.build / "store").is_dir():
        shutil.rmtree(args.build / "store", ignore_errors=True)
        subprocess.run([*KG, "sparql", str(QUERIES[0]), "--graph", str(args.build / "graph.ttl")],
                       capture_output=True, check=True, cwd=ROOT)  # the first query after the build makes it
    figures = measure(args.build, rdflib=not args.no_rdflib)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print("\n".join(report(figures)))


if __name__ == "__main__":
    main()
