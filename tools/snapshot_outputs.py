"""Build fixed inputs and compare every output with a reference snapshot, byte for byte.

A check for changes that must not change what ``kg build`` writes (a restructuring, a speed-up):
take a snapshot before, then check against it after each step.

    python tools/snapshot_outputs.py --save /work/snapshots/before     # the reference
    python tools/snapshot_outputs.py --check /work/snapshots/before    # after a change

Each input set (``seeds/`` and ``../shared/gold-dev/texts`` by default) is built into a fresh
folder with ``--no-cache``, once with ``--workers 1`` and once with ``--workers 2``. Compared:
every file under ``extract/`` and ``neo4j/``, ``graph.ttl``, ``graph.graphml``, and
``report.json`` without its timings (``seconds``). The exit code is 1 when anything differs,
and each difference is listed (missing, extra or different files; for a text file the first
differing line).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"
INPUTS = {"seeds": ROOT / "seeds", "gold-dev": ROOT.parent / "shared" / "gold-dev" / "texts"}
WORKERS = (1, 2)
#: What is compared, relative to a build folder: folders (all their files) and single files.
FOLDERS = ("extract", "neo4j")
FILES = ("graph.ttl", "graph.graphml", "report.json")


def run_build(inputs: Path, out: Path, workers: int) -> None:
    """``kg build inputs --out out --no-cache --workers N`` into a fresh folder."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(KG), "build", str(inputs), "--out", str(out), "--no-cache", "--quiet", "--workers", str(workers)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input failed, which the report records
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def outputs(build: Path) -> dict[str, bytes]:
    """The compared outputs of one build: relative path -> bytes (report.json without timings)."""
    found = {}
    for folder in FOLDERS:
        for path in sorted((build / folder).rglob("*")):
            if path.is_file():
                found[path.relative_to(build).as_posix()] = path.read_bytes()
    for name in FILES:
        path = build / name
        if path.is_file():
            found[name] = path.read_bytes()
    if "report.json" in found:
        report = json.loads(found["report.json"])
        report.pop("seconds", None)
        found["report.json"] = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True).encode()
    return found


def first_difference(a: bytes, b: bytes) -> str:
    """Where two texts first differ, as ``line N: 'reference' != 'now'``."""
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {n}: {x[:160]!r} != {y[:160]!r}"
    return f"one is a prefix of the other ({len(a)} vs {len(b)} bytes)"


def compare(reference: dict[str, bytes], now: dict[str, bytes]) -> list[str]:
    """The differences between two sets of outputs, one line each."""
    lines = [f"missing: {p}" for p in sorted(reference.keys() - now.keys())]
    lines += [f"extra: {p}" for p in sorted(now.keys() - reference.keys())]
    for p in sorted(reference.keys() & now.keys()):
        if reference[p] != now[p]:
            lines.append(f"differs: {p}: {first_difference(reference[p], now[p])}")
    return lines


def save(build: Path, dest: Path) -> None:
    """Keep the compared outputs of ``build`` under ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    for rel, data in outputs(build).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def read_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, metavar="DIR", help="take the reference snapshot into DIR")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare with the reference snapshot in DIR")
    parser.add_argument("--only", choices=sorted(INPUTS), action="append", help="only this input set (repeatable)")
    args = parser.parse_args(argv)
    problems = 0
    with tempfile.TemporaryDirectory(prefix="kg-snapshot-") as tmp:
        for name in args.only or sorted(INPUTS):
            for workers in WORKERS:
                tag = f"{name}-w{workers}"
                build = Path(tmp) / tag
                run_build(INPUTS[name], build, workers)
                if args.save:
                    save(build, args.save / tag)
                    print(f"{tag}: saved {len(outputs(build))} files")
                    continue
                diffs = compare(read_snapshot(args.check / tag), outputs(build))
                problems += len(diffs)
                print(f"{tag}: {'identical' if not diffs else f'{len(diffs)} differences'} ({len(outputs(build))} files)")
                for line in diffs:
                    print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
