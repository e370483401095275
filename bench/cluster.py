"""The Dask engine's figures (``python -m bench.run --dask 1MB``, part of ``make bench``): the
same corpus through the local pool and a local Dask cluster of 1 and 2 workers, the serial part
that stays on the client, and a projection of large builds on many machines from them.

Every build is a fresh ``kg build`` process (``--engine dask --workers N`` starts its own
cluster on 127.0.0.1 and stops it), its memory sampled per process each second. Derived:

- end to end after start-up: characters / (total - load), load being the model's load (local)
  or the cluster's start and the workers' load of the pipeline (dask);
- the extraction phase: total - load - the client's work after extraction (graph, Turtle,
  GraphML, view, Neo4j files: the serial part);
- per-task overhead: (workers x extraction phase - the seconds the workers spent in the
  pipeline's stages) / pages, against a page's mean time in the stages: everything a page costs
  besides its extraction (reading it, shipping it, scheduling, the result back, writing its
  extract file and cache entry, and any worker left idle);
- the client's feed rate: characters / the client's time per page in a rebuild where every page
  comes from the cache (read, hash, cache look-up, extract file), the most pages per second the
  client could hand a cluster of any size.

The projection (Amdahl's law with a client that must keep up): T(P) = C / min(r P, f) + s C for
C characters on P workers of the measured throughput r, client feed rate f and serial seconds
per character s, printed as a projection, not a measurement.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from . import corpus as corpus_mod
from .run import _grid, kg_build, kg_rebuild

__all__ = ["bench_dask", "dask_table"]

RUNS = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))
STAGES = ("normalise", "split", "segment", "ner", "canonicalise", "relations")
SERIAL = ("graph", "turtle", "write", "view", "neo4j")
#: Projected builds: corpus bytes, and machines of 8 cores (one single-threaded worker a core).
PROJECTED_SIZES = {"10 GB": 10 * 2**30, "100 GB": 100 * 2**30}
#: Synthetic graphs of about the triples of the 10 MB and 100 MB corpora's builds (752k, 6.25M).
SERIAL_DOCS = {"10 MB": 1120, "100 MB": 9330}
MACHINES = (4, 16, 64)
CORES = 8


def _outputs(out: Path) -> dict[str, bytes]:
    files = [out / "graph.ttl", out / "graph.graphml", *sorted((out / "neo4j").iterdir()), *sorted((out / "extract").iterdir())]
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


def _summary(r: dict) -> dict:
    """What the tables read of one build."""
    rep = r.pop("report")
    r.pop("stdout", None), r.pop("stderr", None)
    workers = [p for p in r.pop("processes", []) if "spawn_main" in p["cmd"]]  # a local cluster's workers
    seconds = rep["seconds"]
    serial = sum(seconds.get(k, 0) for k in SERIAL)
    return {**r, "seconds": seconds, "characters": rep["characters"], "documents": rep["documents"],
            "graph": rep["graph"], "engine": rep.get("engine"), "serial": serial,
            "extraction": seconds["total"] - seconds["load"] - serial,
            "worker_seconds": sum(seconds.get(k, 0) for k in STAGES),
            "worker_rss_mb": max((p["rss"] for p in workers), default=0) / 1024,
            "worker_pss_mb": max((p["pss"] for p in workers), default=0) / 1024}


def bench_dask(label: str, size: int, work: Path, log, rounds: int = 3) -> dict:
    """Builds of the corpus of ``size`` with each engine and 1 and 2 workers, ``rounds`` times
    in turn (the fastest of each kept: the machine is shared, and the least disturbed run is
    the one that says what the build costs), and a rebuild from the cache (the client's time
    per page)."""
    folder = work / f"corpus-{label}"
    manifest = corpus_mod.ensure(folder, size)
    log(f"[dask {label}] corpus: {manifest['pages']} pages, {manifest['characters']:,} characters")
    res = {"corpus": manifest, "runs": {}, "walls": {}, "load_averages": []}
    for k in range(rounds):
        for engine, n in RUNS:
            name = f"{engine}{n}"
            args = ["--workers", str(n), *(["--engine", "dask"] if engine == "dask" else [])]
            res["load_averages"].append(os.getloadavg()[0])
            r = _summary(kg_build(folder, work / f"out-{label}-{name}", *args))
            res["walls"].setdefault(name, []).append(r["wall"])
            if name not in res["runs"] or r["wall"] < res["runs"][name]["wall"]:
                res["runs"][name] = r
            log(f"[dask {label}] round {k + 1}, {engine} engine, {n} worker{'s' if n > 1 else ''}: {r['wall']:.1f} s")
    reference = _outputs(work / f"out-{label}-local1")
    res["identical"] = {name: _outputs(work / f"out-{label}-{name}") == reference for name in res["runs"]}
    log(f"[dask {label}] rebuild, every page from the cache ...")
    res["rebuild"] = _summary(kg_rebuild(folder, work / f"out-{label}-dask2", sample=False))
    return res


# --- the tables --------------------------------------------------------------------------------


def _per_task(r: dict, workers: int, pages: int) -> tuple[float, float]:
    """Overhead per page in seconds, and a page's mean seconds in the pipeline's stages."""
    page = r["worker_seconds"] / pages
    return (workers * r["extraction"] - r["worker_seconds"]) / pages, page


def dask_table(label: str, res: dict, serial: dict | None = None) -> str:
    runs, pages = res["runs"], res["corpus"]["pages"]
    names = list(runs)
    heads = {"local1": "local 1", "local2": "local 2", "dask1": "dask 1", "dask2": "dask 2"}
    rows = []

    def row(name, fn):
        rows.append((name, [fn(runs[n], int(n[-1])) for n in names]))

    identical = {id(runs[n]): res["identical"][n] for n in names}

    row("full build, wall s", lambda r, w: f"{r['wall']:.1f}")
    row("  start-up (model; cluster + pipeline), s", lambda r, w: f"{r['seconds']['load']:.1f}")
    row("  extraction phase, s", lambda r, w: f"{r['extraction']:.1f}")
    row("  client after extraction, s", lambda r, w: f"{r['serial']:.1f}")
    row("end to end after start-up, chars/s", lambda r, w: f"{r['characters'] / (r['seconds']['total'] - r['seconds']['load']) / 1000:,.1f}k")
    row("per-task overhead, ms a page", lambda r, w: f"{_per_task(r, w, pages)[0] * 1000:,.0f}")
    row("  share of a page's extraction", lambda r, w: f"{_per_task(r, w, pages)[0] / _per_task(r, w, pages)[1]:.1%}")
    row("peak memory, sum PSS over processes, MB", lambda r, w: f"{r['peak_pss_mb']:,.0f}")
    row("  largest worker process, RSS / PSS, MB", lambda r, w: f"{r['worker_rss_mb']:,.0f} / {r['worker_pss_mb']:,.0f}" if r["worker_rss_mb"] else "-")
    row("outputs identical to local 1", lambda r, w: "yes" if identical[id(r)] else "NO")
    walls = "; ".join(f"{heads[n]} " + ", ".join(f"{w:.0f}" for w in res["walls"][n]) for n in names)
    loads = res["load_averages"]
    out = [f"Dask engine, {label} corpus: {pages} pages, {res['corpus']['characters']:,} characters "
           f"(each a fresh `kg build`; dask: --engine dask --workers N, a local cluster started by the build)",
           f"the fastest of {len(res['walls'][names[0]])} runs each (walls s: {walls}; load average "
           f"{min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} CPUs)"]
    out += _grid([heads[n] for n in names], rows)
    l1, l2, d1, d2 = (runs[n] for n in ("local1", "local2", "dask1", "dask2"))

    def e2e(r):
        return r["characters"] / (r["seconds"]["total"] - r["seconds"]["load"])

    rebuild = res["rebuild"]
    client = rebuild["seconds"]["total"] - rebuild["serial"]
    out += ["",
            f"dask, 1 -> 2 workers: {d1['wall'] / d2['wall']:.2f}x wall, {d1['extraction'] / d2['extraction']:.2f}x extraction phase "
            f"(local pool: {l1['wall'] / l2['wall']:.2f}x, {l1['extraction'] / l2['extraction']:.2f}x)",
            f"dask end to end against the local pool's: {e2e(d1) / e2e(l1):.0%} with 1 worker, {e2e(d2) / e2e(l2):.0%} with 2",
            f"serial part (client, after extraction: graph, Turtle, GraphML, view, Neo4j): {d2['serial']:.1f} s of {d2['seconds']['total']:.1f} s "
            f"({d2['serial'] / d2['seconds']['total']:.1%}; dask 2): "
            + ", ".join(f"{k} {d2['seconds'].get(k, 0):.1f}" for k in SERIAL),
            f"client's time a page, all from the cache: {client / pages * 1000:.1f} ms "
            f"({rebuild['characters'] / client / 1000:,.0f}k chars/s it can feed a cluster)"]
    return "\n".join(out + [""] + projection(res, serial))


def _serial_seconds(r: dict) -> float:
    return sum(r["seconds"].get(k, 0) for k in SERIAL)


def serial_lines(serial: dict) -> list[str]:
    out = ["serial part at larger sizes (synthetic graphs of the triples of the 10 MB and 100 MB builds; "
           "build_graph, then graph.ttl, graph.graphml, neo4j/ as kg build writes them):"]
    for label, r in serial.items():
        total = _serial_seconds(r)
        out.append(f"  {label}: {r['triples']:,} triples, {total:.1f} s (" + ", ".join(f"{k} {r['seconds'].get(k, 0):.1f}" for k in SERIAL)
                   + f"), {total / r['triples'] * 1e6:.1f} µs a triple, peak {r['maxrss_mb']:,.0f} MB")
    return out


def projection(res: dict, serial: dict | None = None) -> list[str]:
    """Amdahl's law for large builds, from the 2-worker Dask build's figures (and the serial
    part's seconds a triple of the largest synthetic graph, when measured)."""
    d2, rebuild = res["runs"]["dask2"], res["rebuild"]
    chars_per_byte = res["corpus"]["characters"] / res["corpus"]["bytes"]
    r = d2["characters"] / (2 * d2["extraction"])  # per worker, overhead and imbalance included
    s, basis = d2["serial"] / d2["characters"], f"this {d2['characters']:,}-character build"
    if serial:
        label, largest = list(serial.items())[-1]
        s = _serial_seconds(largest) / largest["triples"] * d2["graph"]["triples"] / d2["characters"]
        basis = f"the {label} synthetic graph's seconds a triple, at this build's triples a character"
    f = rebuild["characters"] / (rebuild["seconds"]["total"] - rebuild["serial"])
    out = [f"PROJECTION (not measured): T = C / min(r P, f) + s C, with r = {r / 1000:.1f}k chars/s a worker, "
           f"f = {f / 1000:,.0f}k chars/s the client feeds, s = {s * 1e6:.2f} µs a character after extraction "
           f"({basis}; linear in C: an assumption), {chars_per_byte:.3f} characters a byte; machines of {CORES} cores, a worker a core"]
    rows = []
    for size, nbytes in PROJECTED_SIZES.items():
        c = nbytes * chars_per_byte
        one = c / r + s * c
        for m in MACHINES:
            p = m * CORES
            extraction = c / min(r * p, f)
            serial = s * c
            total = extraction + serial
            rows.append((f"{size}, {m} machines ({p} workers)",
                         [f"{extraction / 3600:,.1f}", f"{serial / 3600:,.1f}", f"{total / 3600:,.1f}",
                          f"{serial / total:.0%}", f"{one / total:,.0f}x", "client" if f < r * p else "workers"]))
    return out + _grid(["extract h", "serial h", "total h", "serial", "speed-up", "limit"], rows)


# --- the first step of splitting the serial part: Turtle written per shard -----------------------


def _turtle_shards(docs: str, parts: str) -> None:
    """Turtle of a synthetic graph (:mod:`bench.synthetic`) whole and in ``parts`` parts: the
    triples made subject by subject; their statements written in one part
    (:func:`kg.export.turtle.write_shard`) and sorted and merged
    (:func:`kg.export.turtle.merge_shards`); then the statements of every ``parts``-th subject
    written part by part, each timed (on a cluster the parts would be written at once, each
    where its part of the graph is), and merged. Prints seconds and whether the bytes are the
    same, as JSON."""
    import tempfile
    import time

    from kg.export.rdf import subject_groups
    from kg.export.turtle import merge_shards, write_shard
    from kg.graph import build_graph
    from kg.vocab import PREFIXES

    from .synthetic import documents

    k = int(parts)
    graph = build_graph(documents(int(docs)))
    t0 = time.perf_counter()
    groups = list(subject_groups(graph))
    out = {"parts": k, "groups_s": time.perf_counter() - t0}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with open(tmp / "all", "w+b") as f, open(tmp / "one.ttl", "wb") as ttl:
            t0 = time.perf_counter()
            shard = write_shard(groups, PREFIXES, f)
            t1 = time.perf_counter()
            out["triples"] = merge_shards([shard], ttl, tmp)
            out.update(statements_s=t1 - t0, merge_s=time.perf_counter() - t1)
        files = [open(tmp / f"part{part}", "w+b") for part in range(k)]
        shards, seconds = [], []
        for part in range(k):
            t0 = time.perf_counter()
            shards.append(write_shard(groups[part::k], PREFIXES, files[part]))
            seconds.append(time.perf_counter() - t0)
        with open(tmp / "parts.ttl", "wb") as ttl:
            t0 = time.perf_counter()
            merge_shards(shards, ttl, tmp)
            out.update(part_statements_s=seconds, parts_merge_s=time.perf_counter() - t0)
        for f in files:
            f.close()
        out["same_bytes"] = (tmp / "one.ttl").read_bytes() == (tmp / "parts.ttl").read_bytes()
    print(json.dumps(out))


def shards_lines(t: dict) -> list[str]:
    one = t["statements_s"] + t["merge_s"]
    parts = t["part_statements_s"]
    return [f"Turtle per shard, the first step of splitting the serial part (synthetic graph, {t['triples']:,} triples):",
            f"  whole: statements {t['statements_s']:.1f} s + sort and merge {t['merge_s']:.1f} s "
            f"(statements {t['statements_s'] / one:.0%}; making the triples subject by subject, before: {t['groups_s']:.1f} s)",
            f"  {t['parts']} parts: statements " + ", ".join(f"{x:.1f}" for x in parts) + f" s (the longest {max(parts):.1f} s, "
            f"{max(parts) / t['statements_s']:.0%} of the whole's), merge {t['parts_merge_s']:.1f} s; "
            f"same bytes: {'yes' if t['same_bytes'] else 'NO'}"]


def _serial(docs: str) -> None:
    """The client's work after extraction (:func:`kg.pipeline.outputs.write_outputs` after
    :func:`kg.graph.build_graph`) for a synthetic graph of ``docs`` documents (some 640 triples
    each: 1,170 are about the 10 MB corpus's 750k triples, 9,750 the 100 MB corpus's 6.25M):
    seconds per step, and the peak memory of this process, as JSON."""
    import resource
    import tempfile
    import time
    from collections import Counter

    from kg.graph import build_graph
    from kg.pipeline.outputs import write_outputs

    from .synthetic import documents

    made = documents(int(docs))
    timings: Counter = Counter()
    t0 = time.perf_counter()
    graph = build_graph(made)
    timings["graph"] = time.perf_counter() - t0
    del made
    with tempfile.TemporaryDirectory() as tmp:
        report = write_outputs(graph, Path(tmp), [], timings, lambda triples: {"triples": triples})
    print(json.dumps({"documents": int(docs), "triples": report["triples"], "seconds": dict(timings),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
