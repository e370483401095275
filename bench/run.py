"""Benchmarks of ``kg build``: prints a table of figures (no pass/fail; the targets are listed
with the figure that meets or misses them).

    python -m bench.run                       # 1MB and 10MB corpora (about 15 minutes)
    python -m bench.run --sizes 1MB           # quicker
    python -m bench.run --sizes 1MB,10MB,100MB   # 100MB: hours at one worker

Every timed build is a fresh ``kg build`` process. Measured per corpus size: characters per
second per stage (from ``report.json``; stage seconds are summed over workers), end to end after
start-up, the segmenter alone (spaCy + pkuseg on the same normalised text, in its own process),
full builds with 1 and 2 workers (wall time, peak memory), a rebuild after one page changed and
one after nothing changed. Once: the cold start of ``kg build seeds/``, Turtle for a synthetic
graph of about a million triples, Neo4j loading (skipped without arcadedb_embedded), and time
per character of single pages of 20k, 200k and 1M characters (superlinear parts show up there).
On the largest build: its browser view in headless Chromium (``bench/view.py``: size, time to be
usable, typing to results) and ``kg sparql`` per ``queries/*.rq``, cold and warm, against rdflib
(``bench/sparql.py``).
Results also go to ``<out>/results.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from kg.io.files import parse_size

from . import corpus as corpus_mod

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KG = [str(BIN / "kg")] if (BIN / "kg").exists() else [sys.executable, "-m", "kg.cli"]
STAGES = ("normalise", "split", "segment", "ner", "canonicalise", "relations", "graph", "turtle", "neo4j")
TURTLE_DOCS = 1560  # synthetic documents for about a million triples


# --- running things ----------------------------------------------------------------------------


class MemorySampler(threading.Thread):
    """Peak of the summed RSS and PSS of a process and its descendants, sampled every second
    (reading smaps_rollup of a 1 GB process costs the kernel a walk of its page tables: more
    often than that, the sampler takes CPU from the build it measures)."""

    interval = 1.0

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.done = pid, 0, 0, False
        self.samples: list[tuple[float, int, int]] = []  # (seconds, summed PSS in kB, processes)
        self.processes: dict[int, dict] = {}  # pid -> its command line and peak RSS and PSS (kB)
        self.t0 = time.perf_counter()

    def tree(self) -> list[int]:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        found, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            found.append(p)
            todo += [c for c, pp in parents.items() if pp == p]
        return found

    def run(self) -> None:
        while not self.done:
            rss = pss = 0
            tree = self.tree()
            for p in tree:
                one = {"Rss:": 0, "Pss:": 0}
                try:
                    with open(f"/proc/{p}/smaps_rollup") as f:
                        for line in f:
                            if line.startswith(("Rss:", "Pss:")):
                                one[line[:4]] += int(line.split()[1])
                    if p not in self.processes:
                        with open(f"/proc/{p}/cmdline", "rb") as f:
                            self.processes[p] = {"cmd": f.read().replace(b"\0", b" ").decode(errors="replace")[:200], "rss": 0, "pss": 0}
                except OSError:
                    continue
                rss, pss = rss + one["Rss:"], pss + one["Pss:"]
                peaks = self.processes[p]
                peaks["rss"], peaks["pss"] = max(peaks["rss"], one["Rss:"]), max(peaks["pss"], one["Pss:"])
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.samples.append((time.perf_counter() - self.t0, pss, len(tree)))
            time.sleep(self.interval)


def phase_peaks(samples: list[tuple[float, int, int]]) -> dict:
    """Peak summed PSS (MB) while a build's worker pool runs (the process tree has three or more
    processes: extraction) and after it has gone (graph, Turtle, GraphML), from sampler samples."""
    last_pool = max((i for i, (_, _, n) in enumerate(samples) if n >= 3), default=-1)
    during = [pss for _, pss, _ in samples[: last_pool + 1]]
    after = [pss for _, pss, _ in samples[last_pool + 1:]]
    return {"extraction_pss_mb": max(during, default=0) / 1024, "after_pss_mb": max(after, default=0) / 1024}


def run(cmd: list[str], env: dict | None = None, sample: bool = False) -> dict:
    """Run ``cmd``; wall seconds, the largest RSS of any one process (ru_maxrss) and, with
    ``sample``, the peak summed RSS/PSS of the process tree, in MB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    sampler = MemorySampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    out_text, err_text = [], []
    readers = [threading.Thread(target=lambda s=s, b=b: b.append(s.read()), daemon=True)
               for s, b in ((proc.stdout, out_text), (proc.stderr, err_text))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.done = True
        sampler.join()
    children_max = _children_maxrss_kb()
    result = {"wall": wall, "rc": proc.returncode, "stdout": "".join(out_text), "stderr": "".join(err_text),
              "maxrss_mb": max(usage.ru_maxrss, children_max) / 1024}
    if sampler:
        result["peak_rss_mb"], result["peak_pss_mb"] = sampler.peak_rss / 1024, sampler.peak_pss / 1024
        result["phases"] = phase_peaks(sampler.samples)
        result["processes"] = [{"pid": pid, **peaks} for pid, peaks in sampler.processes.items()]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{result['stderr'][-2000:]}")
    return result


def _children_maxrss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def kg_build(inputs: Path, out: Path, *args: str, sample: bool = True) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    return kg_rebuild(inputs, out, *args, sample=sample)


def kg_rebuild(inputs: Path, out: Path, *args: str, sample: bool = True) -> dict:
    r = run([*KG, "build", str(inputs), "--out", str(out), "--quiet", "--max-bytes", "4000000", *args], sample=sample)
    r["report"] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return r


def bench_python(*args: str, sample: bool = False) -> dict:
    r = run([sys.executable, "-m", "bench.run", *args], sample=sample)
    r["data"] = json.loads(r["stdout"].strip().splitlines()[-1])
    return r


# --- measurements in their own process -------------------------------------------------------


def _segment(folder: str) -> None:
    """Segmenter alone: spaCy's Chinese tokenizer with pkuseg over the normalised pages."""
    from kg.ner.nlp import build_nlp
    from kg.text.normalize import normalize
    from kg.io.files import collect_inputs, read_input

    nlp = build_nlp()
    texts = [normalize(read_input(p, 50 << 20).matching).text for p in collect_inputs([folder])]
    nlp.make_doc(texts[0][:2000])  # warm up
    t0 = time.perf_counter()
    for text in texts:
        nlp.make_doc(text)
    seconds = time.perf_counter() - t0
    chars = sum(map(len, texts))
    print(json.dumps({"characters": chars, "seconds": seconds, "chars_per_s": chars / seconds}))


def _scaling(folder: str, sizes: str) -> None:
    """Time per character of single pages of the given raw sizes, per stage."""
    from kg.io.files import collect_inputs, read_input
    from kg.pipeline.extract import Extractor, extract

    ex = Extractor.load()
    pages = [read_input(p, 50 << 20).matching for p in collect_inputs([folder])]
    extract(ex, "warm", "warm.txt", pages[0][:3000])
    out = {}
    for size in map(int, sizes.split(",")):
        parts, n, i = [], 0, 0
        while n < size:
            parts.append(pages[i % len(pages)])
            n += len(parts[-1]) + 2
            i += 1
        text = "\n\n".join(parts)[:size]
        ex.timings.clear()
        t0 = time.perf_counter()
        extract(ex, f"s{size}", f"s{size}.txt", text)
        total = time.perf_counter() - t0
        out[str(size)] = {"characters": len(text), "seconds": total, "us_per_char": total / len(text) * 1e6,
                          "stages_us_per_char": {k: v / len(text) * 1e6 for k, v in ex.timings.items()}}
    print(json.dumps(out))


def _turtle(docs: str, with_rdflib: str) -> None:
    """Turtle of a synthetic graph as ``kg build`` writes it (:func:`kg.export.rdf.write_turtle`: triples
    made and written a subject at a time, sorted on disk) and, optionally, rdflib's."""
    import resource
    import tempfile

    from kg.graph import build_graph
    from kg.export.rdf import to_rdf, write_turtle

    from .synthetic import documents

    t0 = time.perf_counter()
    graph = build_graph(documents(int(docs)))
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"
        with open(path, "wb") as f:
            count = write_turtle(graph, f, tmp)
        t2 = time.perf_counter()
        text = path.read_bytes()
    out = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "triples": count,
           "graph_s": t1 - t0, "write_s": t2 - t1, "bytes": len(text),
           "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if with_rdflib == "1":
        t4 = time.perf_counter()
        rdf = to_rdf(graph)
        t5 = time.perf_counter()
        same = rdf.serialize(format="longturtle").encode("utf-8") == text
        t6 = time.perf_counter()
        out.update({"rdflib_to_rdf_s": t5 - t4, "rdflib_write_s": t6 - t5, "rdflib_same_bytes": same,
                    "rdflib_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    print(json.dumps(out))


# --- the benchmark -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def neo4j(build_dir: Path, work: Path) -> dict:
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        return {"skipped": "arcadedb_embedded is not installed (pip install arcadedb-embedded, or make setup)"}
    state = work / "neo4j-state"
    shutil.rmtree(state, ignore_errors=True)
    bolt, http = free_port(), free_port()
    env = {"NEO4J_PASSWORD": "bench-" + secrets.token_hex(6)}
    server = [sys.executable, str(ROOT / "tools" / "neo4j_server.py")]
    run([*server, "start", "--state", str(state), "--bolt-port", str(bolt), "--http-port", str(http)], env=env)
    try:
        r = run([*KG, "neo4j", "load", "--build", str(build_dir), "--uri", f"bolt://127.0.0.1:{bolt}", "--user", "root"], env=env)
    finally:
        run([*server, "stop", "--state", str(state)])
    m = re.search(r"(\d+) nodes, (\d+) relationships .* in ([\d.]+) s \((\d+) relationships/s\)", r["stdout"])
    return {"nodes": int(m[1]), "relationships": int(m[2]), "seconds": float(m[3]), "relationships_per_s": int(m[4]),
            "build": str(build_dir)}


def change_one_page(folder: Path) -> tuple[Path, bytes]:
    """Replace the middle page by another page of the generator; return it and its old bytes."""
    import random

    pages = sorted(folder.glob("p*.txt"))
    page = pages[len(pages) // 2]
    old = page.read_bytes()
    chunks, subs = corpus_mod.seed_chunks()
    page.write_text(corpus_mod.page_text(chunks, subs, random.Random(12345)), encoding="utf-8")
    return page, old


def bench_size(label: str, size: int, work: Path, log) -> dict:
    folder = work / f"corpus-{label}"
    manifest = corpus_mod.ensure(folder, size)
    log(f"[{label}] corpus: {manifest['pages']} pages, {manifest['bytes']:,} bytes, {manifest['characters']:,} characters")
    res = {"corpus": manifest}
    log(f"[{label}] segmenter alone ...")
    res["segmenter"] = bench_python("_segment", str(folder))["data"]
    log(f"[{label}] full build, 1 worker ...")
    w1 = kg_build(folder, work / f"out-{label}-w1", "--workers", "1")
    log(f"[{label}]   {w1['wall']:.1f} s")
    log(f"[{label}] full build, 2 workers ...")
    w2 = kg_build(folder, work / f"out-{label}-w2", "--workers", "2")
    log(f"[{label}]   {w2['wall']:.1f} s")
    same = all((work / f"out-{label}-w1" / name).read_bytes() == (work / f"out-{label}-w2" / name).read_bytes()
               for name in ("graph.ttl", "graph.graphml"))
    log(f"[{label}] rebuild, nothing changed ...")
    nothing = kg_rebuild(folder, work / f"out-{label}-w1")
    page, old = change_one_page(folder)
    try:
        log(f"[{label}] rebuild after {page.name} changed ...")
        one = kg_rebuild(folder, work / f"out-{label}-w1")
    finally:
        page.write_bytes(old)
    for name, r in (("w1", w1), ("w2", w2), ("nothing", nothing), ("one", one)):
        rep = r.pop("report")
        r.pop("stdout"), r.pop("stderr")
        r.update({"seconds": rep["seconds"], "cache": rep.get("cache"), "graph": rep["graph"], "characters": rep["characters"]})
        res[name] = r
    res["identical_1_vs_2_workers"] = same
    return res


def bench_memory(label: str, size: int, work: Path, log) -> dict:
    """One full build with 2 workers, its memory sampled by phase (``--memory``)."""
    folder = work / f"corpus-{label}"
    manifest = corpus_mod.ensure(folder, size)
    log(f"[{label}] corpus: {manifest['pages']} pages, {manifest['characters']:,} characters; full build, 2 workers ...")
    r = kg_build(folder, work / f"out-{label}-w2", "--workers", "2")
    rep = r.pop("report")
    log(f"[{label}]   {r['wall']:.1f} s, peak {r['peak_pss_mb']:,.0f} MB")
    return {"corpus": manifest, "wall": r["wall"], "peak_pss_mb": r["peak_pss_mb"], "maxrss_mb": r["maxrss_mb"],
            **r["phases"], "graph": rep["graph"], "characters": rep["characters"]}


def memory_table(results: dict) -> str:
    """Memory against corpus size: the extraction phase should stay flat, what comes after it
    grows with the graph only."""
    sizes = results["memory"]
    rows = [
        ("characters", lambda r: f"{r['characters']:,}"),
        ("graph nodes / edges", lambda r: f"{r['graph']['nodes']:,} / {r['graph']['edges']:,}"),
        ("Turtle triples", lambda r: f"{r['graph']['triples']:,}"),
        ("full build 2 workers, wall s", lambda r: f"{r['wall']:.0f}"),
        ("peak while extracting, MB (sum PSS)", lambda r: f"{r['extraction_pss_mb']:,.0f}"),
        ("peak after (graph, Turtle), MB", lambda r: f"{r['after_pss_mb']:,.0f}"),
        ("peak, largest process RSS, MB", lambda r: f"{r['maxrss_mb']:,.0f}"),
    ]
    lines = _grid(list(sizes), [(name, [fn(r) for r in sizes.values()]) for name, fn in rows])
    first, last = sizes[next(iter(sizes))], sizes[list(sizes)[-1]]
    peak = max(max(r["peak_pss_mb"], r["maxrss_mb"]) for r in sizes.values())
    grow = last["extraction_pss_mb"] / first["extraction_pss_mb"] if first["extraction_pss_mb"] else 0
    lines += ["", "targets (this machine):",
              f"  [{'met' if peak < 1536 else 'NOT met'}] peak memory < 1.5 GB: {peak:,.0f} MB",
              f"  [{'met' if grow <= 1.1 else 'NOT met'}] extraction memory flat: {grow:.2f}x from {list(sizes)[0]} to {list(sizes)[-1]} "
              f"({last['characters'] / first['characters']:.0f}x the text)"]
    return "\n".join(lines)


def _grid(sizes: list[str], rows: list[tuple[str, list[str]]]) -> list[str]:
    """Lines of a table: a row name, then one right-aligned cell per corpus size."""
    width = max(len(name) for name, _ in rows) + 2
    colw = [max(len(s), *(len(c[i]) for _, c in rows)) + 2 for i, s in enumerate(sizes)]
    lines = ["corpus".ljust(width) + "".join(s.rjust(w) for s, w in zip(sizes, colw))]
    return lines + [name.ljust(width) + "".join(c.rjust(w) for c, w in zip(cells, colw)) for name, cells in rows]


def fmt_rate(chars: float, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.1f}k" if seconds > 0 else "-"


def table(results: dict) -> str:
    sizes = list(results["sizes"])
    rows: list[tuple[str, list[str]]] = []

    def row(name, fn):
        cells = []
        for s in sizes:
            try:
                cells.append(fn(results["sizes"][s]))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("-")
        rows.append((name, cells))

    row("pages", lambda r: f"{r['corpus']['pages']:,}")
    row("characters", lambda r: f"{r['corpus']['characters']:,}")
    row("segmenter alone, chars/s", lambda r: fmt_rate(r["segmenter"]["characters"], r["segmenter"]["seconds"]))
    for stage in STAGES:
        row(f"  {stage}, chars/s", lambda r, st=stage: fmt_rate(r["w1"]["characters"], r["w1"]["seconds"][st]))
    row("end to end after start-up, chars/s", lambda r: fmt_rate(r["w1"]["characters"], r["w1"]["seconds"]["total"] - r["w1"]["seconds"]["load"]))
    row("  as share of segmenter alone", lambda r: f"{(r['w1']['characters'] / (r['w1']['seconds']['total'] - r['w1']['seconds']['load'])) / r['segmenter']['chars_per_s']:.0%}")
    row("model load, s", lambda r: f"{r['w1']['seconds']['load']:.1f}")
    row("full build 1 worker, wall s", lambda r: f"{r['w1']['wall']:.1f}")
    row("full build 2 workers, wall s", lambda r: f"{r['w2']['wall']:.1f}")
    row("  speed-up, wall", lambda r: f"{r['w1']['wall'] / r['w2']['wall']:.2f}x")
    row("  speed-up, extraction phase", lambda r: f"{_extraction_wall(r['w1']) / _extraction_wall(r['w2']):.2f}x")
    row("  outputs identical 1 vs 2 workers", lambda r: "yes" if r["identical_1_vs_2_workers"] else "NO")
    row("peak memory 1 worker, MB (sum PSS)", lambda r: f"{r['w1']['peak_pss_mb']:,.0f}")
    row("  (largest process RSS; pkuseg runs apart)", lambda r: f"{r['w1']['maxrss_mb']:,.0f}")
    row("peak memory 2 workers, MB (sum PSS)", lambda r: f"{r['w2']['peak_pss_mb']:,.0f}")
    row("  while extracting / after (graph, Turtle)", lambda r: f"{r['w2']['phases']['extraction_pss_mb']:,.0f} / {r['w2']['phases']['after_pss_mb']:,.0f}")
    row("  (sum RSS / largest process RSS)", lambda r: f"{r['w2']['peak_rss_mb']:,.0f} / {r['w2']['maxrss_mb']:,.0f}")
    row("graph: nodes / edges", lambda r: f"{r['w1']['graph']['nodes']:,} / {r['w1']['graph']['edges']:,}")
    row("Turtle triples", lambda r: f"{r['w1']['graph']['triples']:,}")
    row("Turtle triples/s (triples + text)", lambda r: f"{r['w1']['graph']['triples'] / r['w1']['seconds']['turtle'] / 1000:,.0f}k")
    row("rebuild, 1 page changed, wall s", lambda r: f"{r['one']['wall']:.1f} ({r['one']['wall'] / r['w1']['wall']:.0%} of full)")
    row("  pages extracted / from cache", lambda r: f"{r['one']['cache']['extracted']} / {r['one']['cache']['hits']}")
    row("rebuild, nothing changed, wall s", lambda r: f"{r['nothing']['wall']:.1f} ({r['nothing']['wall'] / r['w1']['wall']:.0%}; no model load)")

    lines = _grid(sizes, rows)
    once = results["once"]
    lines.append("")
    cold = once.get("cold_start")
    if cold:
        lines.append(f"cold start `kg build seeds/` (5 pages, all outputs, fresh process): median {statistics.median(cold):.2f} s "
                     f"of {len(cold)} ({', '.join(f'{c:.2f}' for c in cold)})")
    t = once.get("turtle")
    if t:
        lines.append(f"Turtle, synthetic graph of {t['triples']:,} triples ({t['nodes']:,} nodes, {t['edges']:,} edges): "
                     f"made and written (streamed, as kg build does) in {t['write_s']:.1f} s "
                     f"({t['triples'] / t['write_s'] / 1000:,.0f}k triples/s), peak {t['maxrss_mb']:,.0f} MB")
        if "rdflib_to_rdf_s" in t:
            lines.append(f"  rdflib for comparison: to_rdf {t['rdflib_to_rdf_s']:.1f} s + longturtle {t['rdflib_write_s']:.1f} s, "
                         f"peak {t['rdflib_maxrss_mb']:,.0f} MB; same bytes: {'yes' if t['rdflib_same_bytes'] else 'NO'}")
    n = once.get("neo4j")
    if n:
        if "skipped" in n:
            lines.append(f"Neo4j: skipped, {n['skipped']}")
        else:
            lines.append(f"Neo4j (ArcadeDB Bolt, local): {n['nodes']:,} nodes, {n['relationships']:,} relationships in "
                         f"{n['seconds']:.1f} s = {n['relationships_per_s']:,} relationships/s ({Path(n['build']).name})")
    v = once.get("view")
    if v:
        searches = [ms for _, ms, _ in v["search"]]
        typed = [ms for _, ms in v["typed"]]
        lines.append(f"browser view of the {v['build']} build ({v['nodes']:,} entities, {v['edges']:,} facts): "
                     f"{v['bytes'] / 1e6:.1f} MB on disk ({v['data_bytes'] / 1e6:.1f} MB of data), written in {v['write_s']:.1f} s")
        lines.append(f"  usable in headless Chromium {v['ready_first_ms'] / 1000:.2f} s first load "
                     f"({v['ready_median_ms'] / 1000:.2f} s median of the next); typing to results {min(searches):.0f}-{max(searches):.0f} ms "
                     f"in the page, {min(typed):.0f}-{max(typed):.0f} ms by WebDriver keystrokes; "
                     f"open the hub {v['entity'][0][1]:.0f} ms (one hop), a typical entity {v['entity'][2][1]:.0f} ms")
    q = once.get("sparql")
    if q:
        lines.append(f"(of the {q['build']} build)")
        from .sparql import report as sparql_report

        lines += sparql_report(q)
    sc = once.get("scaling")
    if sc:
        parts = [f"{int(k) // 1000}k chars {v['us_per_char']:.1f}" for k, v in sc.items()]
        lines.append("single page, µs per character: " + ", ".join(parts))
        stages = sorted({s for v in sc.values() for s in v["stages_us_per_char"]}, key=lambda s: STAGES.index(s) if s in STAGES else 99)
        for s in stages:
            lines.append(f"  {s:>13}: " + ", ".join(f"{v['stages_us_per_char'].get(s, 0):.2f}" for v in sc.values()))
    lines.append("")
    lines += targets(results)
    return "\n".join(lines)


def _extraction_wall(r: dict) -> float:
    s = r["seconds"]
    return s["total"] - s["load"] - s.get("graph", 0) - s.get("turtle", 0) - s.get("write", 0)


def targets(results: dict) -> list[str]:
    sizes = results["sizes"]
    ten = sizes.get("10MB") or (list(sizes.values())[-1] if sizes else None)
    tag = "10MB" if "10MB" in sizes else (list(sizes)[-1] if sizes else "")
    out = ["targets (this machine):"]

    def line(ok, text):
        out.append(f"  [{'met' if ok else 'NOT met'}] {text}")

    if ten:
        e2e = ten["w1"]["characters"] / (ten["w1"]["seconds"]["total"] - ten["w1"]["seconds"]["load"])
        share = e2e / ten["segmenter"]["chars_per_s"]
        line(share >= 0.6, f"end to end >= 60% of segmenter alone: {share:.0%} ({e2e / 1000:.1f}k vs {ten['segmenter']['chars_per_s'] / 1000:.1f}k chars/s, {tag})")
        speed = ten["w1"]["wall"] / ten["w2"]["wall"]
        line(speed >= 1.7, f"2 workers >= 1.7x: {speed:.2f}x wall ({tag})")
        peak = max(max(r["w1"]["peak_pss_mb"], r["w1"]["maxrss_mb"], r["w2"]["peak_pss_mb"]) for r in sizes.values())
        line(peak < 1536, f"peak memory < 1.5 GB: {peak:,.0f} MB (largest of 1 and 2 workers, PSS summed over processes)")
        frac = ten["one"]["wall"] / ten["w1"]["wall"]
        line(frac < 0.2 and ten["one"]["cache"]["extracted"] == 1, f"rebuild after one change < 20% of full build: {frac:.0%} ({tag})")
    cold = results["once"].get("cold_start")
    if cold:
        line(statistics.median(cold) < 10, f"cold start < 10 s: {statistics.median(cold):.2f} s")
    t = results["once"].get("turtle")
    if t:
        total = t["write_s"]
        line(total < 30 and t["triples"] >= 950_000, f"Turtle for ~1M triples < 30 s: {total:.1f} s for {t['triples']:,}")
    return out


def bench_queries(results: dict, work: Path, args, log) -> None:
    """The browser view (bench/view.py) and kg sparql (bench/sparql.py) on the largest build."""
    label = list(results["sizes"])[-1]
    build = work / f"out-{label}-w1"
    for name, skip, extra in (("view", args.no_view, []), ("sparql", args.no_sparql, ["--no-rdflib"] if args.no_rdflib else [])):
        if skip:
            continue
        log(f"{name} of the {label} build ...")
        out = work / f"{name}-{label}.json"
        try:
            run([sys.executable, "-m", f"bench.{name}", str(build), "--json", str(out), *extra])
        except RuntimeError as exc:  # e.g. no Chromium: the other figures still print
            log(f"  {name} skipped: {str(exc).splitlines()[-1]}")
            continue
        results["once"][name] = {**json.loads(out.read_text(encoding="utf-8")), "build": label}


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("_"):  # a measurement in its own process
        from .cluster import _serial, _turtle_shards

        {"_segment": _segment, "_scaling": _scaling, "_turtle": _turtle, "_turtle_shards": _turtle_shards,
         "_serial": _serial}[argv[0]](*argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1MB,10MB", help="corpus sizes, comma-separated (binary units)")
    parser.add_argument("--out", type=Path, default=ROOT / "build-bench", help="corpora, builds and results.json")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--scaling", default="20000,200000,1000000", help="single-page sizes, characters ('' to skip)")
    parser.add_argument("--turtle-docs", type=int, default=TURTLE_DOCS, help="synthetic documents (0 to skip)")
    parser.add_argument("--no-rdflib", action="store_true", help="do not time rdflib's Turtle for comparison")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--no-view", action="store_true", help="do not time the browser view (needs Chromium)")
    parser.add_argument("--no-sparql", action="store_true", help="do not time kg sparql")
    parser.add_argument("--memory", metavar="SIZES", help="only memory against corpus size: one 2-worker build per size")
    parser.add_argument("--dask", metavar="SIZES", default="", help="the Dask engine against the local pool, 1 and 2 workers, "
                        "and a projection of large builds (bench/cluster.py); --sizes '' for this alone")
    args = parser.parse_args(argv)
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()

    def log(msg):
        print(f"{time.time() - started:7.0f}s  {msg}", file=sys.stderr, flush=True)

    results = {"machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()}, "sizes": {}, "once": {}}
    if args.memory:
        results["memory"] = {label: bench_memory(label, parse_size(label), work, log)
                             for label in [s.strip() for s in args.memory.split(",") if s.strip()]}
        (work / "memory.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(memory_table(results))
        return
    dask_sizes = [s.strip() for s in args.dask.split(",") if s.strip()]
    if dask_sizes and not args.sizes.strip():  # the Dask engine alone
        print(bench_dask_sizes(dask_sizes, work, log, results))
        return
    cold = []
    for i in range(args.cold_runs):
        r = kg_build(ROOT / "seeds", work / "out-seeds", sample=False)
        cold.append(r["wall"])
        log(f"cold start {i + 1}: {r['wall']:.2f} s")
    results["once"]["cold_start"] = cold
    for label in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        results["sizes"][label] = bench_size(label, parse_size(label), work, log)
    if args.turtle_docs:
        log("Turtle of a synthetic graph ...")
        results["once"]["turtle"] = bench_python("_turtle", str(args.turtle_docs), "0" if args.no_rdflib else "1")["data"]
    if results["sizes"] and not args.no_neo4j:
        label = next(iter(results["sizes"]))
        log(f"Neo4j load of the {label} build ...")
        results["once"]["neo4j"] = neo4j(work / f"out-{label}-w1", work)
    if results["sizes"]:
        bench_queries(results, work, args, log)
    if args.scaling and results["sizes"]:
        log("single-page scaling ...")
        label = next(iter(results["sizes"]))
        results["once"]["scaling"] = bench_python("_scaling", str(work / f"corpus-{label}"), args.scaling)["data"]
    dask_text = bench_dask_sizes(dask_sizes, work, log, results) if dask_sizes else ""
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    results["machine"]["minutes"] = (time.time() - started) / 60
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"kg benchmarks: {os.cpu_count()} CPUs, load average {results['machine']['load_avg_at_start'][0]:.2f} at start, "
          f"{results['machine']['load_avg_at_end'][0]:.2f} at end; {results['machine']['minutes']:.0f} minutes")
    print(table(results))
    if dask_text:
        print("\n" + dask_text)


def bench_dask_sizes(sizes: list[str], work: Path, log, results: dict) -> str:
    """The Dask engine's figures for each size (bench/cluster.py); also in ``<out>/dask.json``."""
    from .cluster import SERIAL_DOCS, bench_dask, dask_table, serial_lines, shards_lines

    results["dask"] = {label: bench_dask(label, parse_size(label), work, log) for label in sizes}
    log("the serial part of synthetic graphs the size of the 10 MB and 100 MB builds' ...")
    results["serial"] = {label: bench_python("_serial", str(docs))["data"] for label, docs in SERIAL_DOCS.items()}
    log("Turtle per shard, synthetic graph ...")
    results["turtle_shards"] = bench_python("_turtle_shards", str(TURTLE_DOCS), "4")["data"]
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    (work / "dask.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return "\n\n".join([*(dask_table(label, res, results["serial"]) for label, res in results["dask"].items()),
                        "\n".join(serial_lines(results["serial"])), "\n".join(shards_lines(results["turtle_shards"]))])


if __name__ == "__main__":
    main()
