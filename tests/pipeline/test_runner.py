"""``kg build --workers N``: the same outputs, failures and progress, in the same order, as one
worker. Nothing here measures time. On Linux the workers are forked from this process, so they
use the module's extractor (and see the monkeypatched functions) without loading their own.
"""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.pipeline.extract
import kg.pipeline.runner
import kg.export.rdf
from kg.cli import main
from kg.pipeline.batch import build

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TRADITIONAL = """本報訊（記者王鑫）近日，雲南省總工會黨組書記、常務副主席王宏介紹，雲南省總工會大力實施“技能強滇”行動。
"""
PAGE = """本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。江西省总工会党组书记、副主席周立平出席并致辞。
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    (folder / "short.txt").write_text(PAGE, encoding="utf-8")
    (folder / "traditional.txt").write_bytes(TRADITIONAL.encode("big5"))
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    """Every output but report.json (timings) and the SPARQL store (its database files differ in
    bytes from one load to the next)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "report.json" and p.relative_to(out).parts[0] != "store"}


def report(out: Path) -> dict:
    r = json.loads((out / "report.json").read_text(encoding="utf-8"))
    del r["seconds"], r["workers"]
    return r


def test_two_workers_write_the_same_bytes_as_one(tmp_path, shared, inputs):
    done = {1: [], 2: []}
    for n in (1, 2):
        build([inputs], tmp_path / f"w{n}", workers=n, cache=False, progress=done[n].append)
    assert outputs(tmp_path / "w1") == outputs(tmp_path / "w2")
    assert report(tmp_path / "w1") == report(tmp_path / "w2")
    assert done[1] == done[2] == sorted(inputs.glob("*.txt"))  # progress in input order


def test_three_workers_and_a_warm_cache_change_nothing(tmp_path, shared, inputs):
    build([inputs], tmp_path / "w1", workers=1, cache=False)
    build([inputs], tmp_path / "w3", workers=3)
    assert outputs(tmp_path / "w1") == {k: v for k, v in outputs(tmp_path / "w3").items() if not k.startswith(".cache/")}
    build([inputs], tmp_path / "w3", workers=3)  # all from the cache: no workers started
    assert json.loads((tmp_path / "w3" / "report.json").read_text(encoding="utf-8"))["cache"]["hits"] == 5
    assert outputs(tmp_path / "w1") == {k: v for k, v in outputs(tmp_path / "w3").items() if not k.startswith(".cache/")}


def test_failure_in_a_worker_is_reported_in_input_order(tmp_path, shared, inputs, monkeypatch):
    real = kg.pipeline.extract.extract

    def fragile(ex, doc_id, source, raw):
        if doc_id in ("short", SEEDS[0].stem):
            raise IndexError(f"broken {doc_id}")
        return real(ex, doc_id, source, raw)

    monkeypatch.setattr(kg.pipeline.extract, "extract", fragile)
    failed = {}
    for n in (1, 2):
        r = build([inputs], tmp_path / f"w{n}", workers=n, cache=False)
        failed[n] = r["failed"]
        assert r["documents"] == 3
    assert failed[1] == failed[2]
    assert [Path(f["input"]).stem for f in failed[2]] == [SEEDS[0].stem, "short"]
    assert failed[2][1]["error"].startswith(f"E035 extraction failed on {inputs / 'short.txt'}: IndexError: broken short")
    assert outputs(tmp_path / "w1") == outputs(tmp_path / "w2")


def test_debug_raises_the_workers_error(tmp_path, shared, inputs, monkeypatch):
    def broken(ex, doc_id, source, raw):
        raise IndexError("list index out of range")

    monkeypatch.setattr(kg.pipeline.extract, "extract", broken)
    with pytest.raises(IndexError):
        build([inputs], tmp_path / "out", workers=2, cache=False, debug=True)
    assert not (tmp_path / "out").exists()


def test_cli_workers_option(tmp_path, shared, inputs):
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(tmp_path / "out"), "--workers", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("extracted ")] == [
        f"extracted {p}" for p in sorted(inputs.glob("*.txt"))
    ]
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["workers"] == 2
    bad = CliRunner().invoke(main, ["build", str(inputs), "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failing_turtle_process_leaves_the_previous_build(tmp_path, shared, inputs, monkeypatch):
    """With workers too, a failing Turtle step fails the build and changes nothing."""
    pages = tmp_path / "in"
    shutil.copytree(inputs, pages)
    out = tmp_path / "out"
    build([pages], out, workers=2)
    before = snapshot(out)
    (pages / "more.txt").write_text(PAGE.replace("周立平", "邱文挺"), encoding="utf-8")

    def broken(*args):
        raise RuntimeError("serializer exploded")

    monkeypatch.setattr(kg.export.rdf, "write_turtle", broken)
    with pytest.raises(RuntimeError, match="serializer exploded"):
        build([pages], out, workers=2)
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.*"))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pipeline_is_frozen_out_of_the_collector_only_while_extracting(tmp_path, shared, workers, monkeypatch):
    """gc.freeze() keeps the collector off the loaded pipeline during extraction; a build that
    ends (here, one that fails in its Turtle step too) leaves nothing frozen."""
    import gc

    seen = []
    extract = kg.pipeline.runner.run_job

    def watched(*args):
        seen.append(gc.get_freeze_count())
        return extract(*args)

    monkeypatch.setattr(kg.pipeline.runner, "run_job", watched)
    pages = tmp_path / "in"
    pages.mkdir()
    for name in ("a.txt", "b.txt"):
        (pages / name).write_text(PAGE, encoding="utf-8")
    # an extractor handed in is kept (not released) after the build
    build([pages], tmp_path / "out", workers=workers, extractor=shared)
    assert gc.get_freeze_count() == 0
    if workers == 1:  # (forked workers count in their own process)
        assert seen and all(count > 0 for count in seen)

    monkeypatch.setattr(kg.export.rdf, "write_turtle", lambda *args: 1 / 0)
    (pages / "b.txt").write_text(PAGE.replace("周立平", "邱文挺"), encoding="utf-8")
    with pytest.raises(ZeroDivisionError):
        build([pages], tmp_path / "out", workers=workers, extractor=shared)
    assert gc.get_freeze_count() == 0
