"""The output folder of ``kg build``: what it refuses before any work, one build at a time, and
a build published as one (real processes, killed with SIGKILL at each stage boundary).

The tests that mount a small tmpfs (a full disk, a mount point, a read-only parent) need root
and are skipped elsewhere.
"""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import errors
from kg.cli import _error_line, main
from kg.pipeline.batch import build
from kg.pipeline.folder import KILL_AT_ENV, MARKER

ROOT = Path(__file__).resolve().parents[2]
PAGE_A = "本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。\n"
PAGE_B = "本报讯（记者王鑫）近日，云南省总工会党组书记、常务副主席王宏介绍，云南省总工会大力实施“技能强滇”行动。\n"
PAGE_C = "本报讯（记者王鑫）近日，四川省总工会党组书记宋开慧介绍，四川省总工会开展“川工带川货”活动。\n"


def run(*args, env=None):
    return CliRunner().invoke(main, list(map(str, args)), env=env)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(folder: Path) -> dict[str, bytes]:
    """What a reader compares: every file but the report (timings) and the cache; the SPARQL
    store (whose database files differ in bytes from one load to the next) by the hash of the
    Turtle it was loaded from."""
    found = {k: v for k, v in snapshot(folder).items()
             if k != "report.json" and not k.startswith((".cache/", "store/"))}
    if (folder / "store" / "source.json").is_file():
        found["store/"] = json.loads((folder / "store" / "source.json").read_text())["sha256"].encode()
    return found


def pages(folder: Path, *texts: tuple[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def kg_process(*args, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def beside(out: Path) -> list[str]:
    """What lies beside ``out`` that is not an input folder or another output: a killed or
    failed build's leftovers (new or old folders, the lock)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}"))


# --- refused before any work -------------------------------------------------------------------

def test_a_folder_holding_what_kg_did_not_make_is_refused_and_left_alone(tmp_path):
    """Issue 15, case 2: --out into a project folder deleted its neo4j/ (a data volume)."""
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    out = tmp_path / "project"
    (out / "neo4j" / "data").mkdir(parents=True)
    (out / "neo4j" / "data" / "store.db").write_bytes(b"precious")
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    before = snapshot(out)
    result = run("build", inputs, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {errors.E046.format(out=out, what='neo4j/, notes.md')}\n"
    assert snapshot(out) == before and beside(out) == []


def test_a_build_folder_with_a_file_added_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text(json.dumps({"made_by": "kg build", "outputs": ["graph.ttl"]}), encoding="utf-8")
    (out / "graph.ttl").write_text("", encoding="utf-8")
    (out / "extract").mkdir()  # not listed by the marker: not this build's
    result = run("build", pages(tmp_path / "in", ("a.txt", PAGE_A)), "--out", out)
    assert result.exit_code == 2 and "E046" in result.stderr and "extract/" in result.stderr


def test_a_file_as_out_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    result = run("build", pages(tmp_path / "in", ("a.txt", PAGE_A)), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {errors.E042.format(out=tmp_path / 'out', reason='it is not a folder')}\n"


@pytest.fixture
def mounted(tmp_path):
    """mount(size, *options) -> a fresh tmpfs folder (unmounted after the test); skips when
    this process may not mount."""
    points = []

    def mount(size: str, *options: str) -> Path:
        point = tmp_path / f"mnt{len(points)}"
        point.mkdir()
        opts = ",".join([f"size={size}", *options])
        if subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(point)], capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        points.append(point)
        return point

    yield mount
    for point in reversed(points):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_too_little_free_space_is_refused_before_extraction(tmp_path, mounted):
    """Issue 15, case 10: an unusable --out was found only after the whole extraction."""
    small = mounted("1m")
    result = run("build", pages(tmp_path / "in", ("a.txt", PAGE_A)), "--out", small / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: E045 cannot build into {small / 'out'}: ")
    assert "extracted" not in result.stderr and list(small.iterdir()) == []


def test_a_mount_point_and_a_read_only_parent_are_refused(tmp_path, mounted):
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    point = mounted("100m")
    result = run("build", inputs, "--out", point)
    assert result.exit_code == 2 and result.stderr.startswith(f"kg: error: E044 cannot build into {point}: it is a mount point")
    read_only = mounted("100m", "ro")
    result = run("build", inputs, "--out", read_only / "out")
    assert result.exit_code == 2 and result.stderr.startswith(f"kg: error: E043 cannot build into {read_only / 'out'}: ")


# --- builds ---------------------------------------------------------------------------------------

@pytest.mark.model
def test_outputs_mirror_this_builds_inputs(tmp_path, shared):
    """Issue 15, case 5: a rebuild with fewer inputs kept the old pages' JSON, and kg evaluate
    scored pages that were not in the build."""
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C))
    out = tmp_path / "out"
    build([inputs], out)
    (inputs / "b.txt").unlink()
    (inputs / "c.txt").unlink()
    report = build([inputs], out)
    assert sorted(p.name for p in (out / "extract").iterdir()) == ["a.json"]
    assert report["documents"] == 1 and len(list((out / ".cache").glob("*/*.entry"))) == 1
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "b.json").write_text(json.dumps({"doc": "b.txt", "entities": [{"label": "PERSON", "name": "王宏", "aliases": []}],
                                             "relations": []}), encoding="utf-8")
    scored = run("evaluate", "--gold", gold, "--pred", out / "extract", "--json")
    assert json.loads(scored.stdout)["entities"]["micro"]["tp"] == 0  # b is not in the build


@pytest.mark.model
def test_a_legacy_build_folder_is_taken_as_ours(tmp_path, shared):
    """A folder built before the marker existed: its outputs and a report of kg's shape."""
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    out = tmp_path / "out"
    (out / "extract").mkdir(parents=True)
    (out / "extract" / "old.json").write_text("{}", encoding="utf-8")
    (out / "report.json").write_text(json.dumps({"documents": 1, "graph": {}, "seconds": {}, "failed": []}), encoding="utf-8")
    assert run("build", inputs, "--out", out, "--quiet").exit_code == 0
    assert sorted(p.name for p in (out / "extract").iterdir()) == ["a.json"]
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["outputs"] == [
        "extract", "graph.graphml", "graph.ttl", "neo4j", "report.json", "view"]


@pytest.mark.model
def test_what_kg_sparql_and_kg_view_make_in_a_build_folder_is_still_the_builds(tmp_path, shared):
    """kg sparql makes its store and lock in a build's folder, kg view its view (here in a build
    made before kg build wrote views, whose marker does not list them), and the next build still
    takes the folder as its own."""
    import shutil

    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    out = tmp_path / "out"
    assert run("build", inputs, "--out", out, "--quiet").exit_code == 0
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert "store" not in marker["outputs"] and not (out / "store").exists()  # made by kg sparql
    marker["outputs"] = [name for name in marker["outputs"] if name != "view"]
    (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    shutil.rmtree(out / "view")
    asked = CliRunner().invoke(main, ["sparql", "-", "--graph", str(out / "graph.ttl")], input="ASK { ?s ?p ?o }")
    assert asked.exit_code == 0 and asked.stdout.splitlines()[-1] == "true"
    assert run("view", "--build", out).exit_code == 0
    assert {".store.lock", "store", "view"} <= {p.name for p in out.iterdir()}
    again = run("build", inputs, "--out", out, "--quiet")
    assert again.exit_code == 0, again.output


@pytest.mark.model
def test_a_full_disk_names_the_file_and_leaves_the_previous_build(tmp_path, shared, mounted):
    """Issue 15, case 10: disk full said `E039 unexpected OSError` without a file."""
    disk = mounted("72m")
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B))
    out = disk / "out"
    assert run("build", inputs, "--out", out, "--quiet").exit_code == 0
    before = snapshot(out)
    (inputs / "c.txt").write_text(PAGE_C, encoding="utf-8")

    def fill(_path):  # after the check, while extracting: the disk fills up
        if (disk / "ballast").exists():
            return
        with open(disk / "ballast", "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 2**20)
                    f.flush()
            except OSError:
                pass

    with pytest.raises(OSError) as caught:
        build([inputs], out, progress=fill)
    line = _error_line(caught.value)  # what kg build prints
    assert line.startswith(f"E040 cannot use {disk}/.out.") and ": No space left on device" in line
    (disk / "ballast").unlink()
    assert snapshot(out) == before and beside(out) == []


# --- one build at a time --------------------------------------------------------------------------

@pytest.mark.model
def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(tmp_path, shared):
    """Issue 15, case 4: two builds into one --out crashed each other or mixed their outputs."""
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B))
    out = tmp_path / "out"
    assert run("build", inputs, "--out", out, "--quiet").exit_code == 0  # every page cached now
    first = kg_process("build", inputs, "--out", out)
    try:
        assert first.stderr.readline().startswith("extracted ")  # inside the build, lock held
        first.send_signal(signal.SIGSTOP)
        second = run("build", inputs, "--out", out)
        assert second.exit_code == 1
        assert second.stderr == f"kg: error: {errors.E047.format(out=out, pid=first.pid)}\n"
    finally:
        first.send_signal(signal.SIGCONT)
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert beside(out) == []


# --- a build killed at each stage boundary --------------------------------------------------------

STAGES = ["locked", "extracted", "graph", "turtle", "graphml", "view", "neo4j", "report", "staged", "swapped"]


@pytest.fixture(scope="module")
def killed_builds(tmp_path_factory, extractor):
    """A finished build of three pages (every page then in its cache), the inputs of the next
    build (one page fewer: every output changes) and that next build's outputs, made elsewhere."""
    top = tmp_path_factory.mktemp("killed")
    inputs = pages(top / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C))
    build([inputs], top / "previous", extractor=extractor)
    fewer = pages(top / "fewer", ("a.txt", PAGE_A), ("b.txt", PAGE_B))
    build([fewer], top / "next", extractor=extractor)
    return top, fewer, outputs(top / "previous"), outputs(top / "next")


@pytest.mark.model
@pytest.mark.parametrize("stage", STAGES)
def test_a_build_killed_at_any_stage_leaves_one_whole_build(tmp_path, killed_builds, stage):
    """Issue 15, case 4: a kill right after neo4j/ was swapped in left it from the new build
    and everything else from the old one."""
    top, fewer, previous, new = killed_builds
    out = tmp_path / "out"
    import shutil

    shutil.copytree(top / "previous", out)
    proc = kg_process("build", fewer, "--out", out, "--quiet", env={KILL_AT_ENV: stage})
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert outputs(out) == (new if stage == "swapped" else previous)
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    done = kg_process("build", fewer, "--out", out, "--quiet")
    assert done.communicate(timeout=120)[1] == "" and done.returncode == 0
    assert outputs(out) == new
    assert beside(out) == []  # what the killed build left is gone


def test_a_cache_dir_inside_the_output_folder_is_a_usage_error(tmp_path):
    out = tmp_path / "out"
    result = run("build", pages(tmp_path / "in", ("a.txt", PAGE_A)), "--out", out, "--cache-dir", out / "cache")
    assert result.exit_code == 2 and result.stderr.startswith(f"kg: error: E042 cannot build into {out}: --cache-dir ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
