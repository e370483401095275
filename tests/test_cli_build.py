"""`kg build` on bad inputs and interrupted runs, through click's CliRunner and a real process.

Errors are one line on stderr with no traceback (unless ``kg --debug``); a bad input is
reported and skipped while the others build; an interrupted build leaves the previous
outputs as they were. The tests that extract load the pipeline once for the module.
"""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

import kg.export.graphml
import kg.pipeline.extract
import kg.export.rdf
from kg import errors
from kg.cli import main
from kg.pipeline.folder import MARKER

ROOT = Path(__file__).resolve().parent.parent

PAGE_A = """本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。江西省总工会党组书记、副主席周立平出席并致辞。
"""
PAGE_B = """本报讯（记者王鑫）近日，云南省总工会党组书记、常务副主席王宏介绍，云南省总工会大力实施“技能强滇”行动。全国五一劳动奖章获得者马建国参加了活动。
"""
TRADITIONAL_B = """本報訊（記者王鑫）近日，雲南省總工會黨組書記、常務副主席王宏介紹，雲南省總工會大力實施“技能強滇”行動。全國五一勞動獎章獲得者馬建國參加了活動。
"""


def run(*args, env=None):
    return CliRunner().invoke(main, list(map(str, args)), env=env)


def good_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (folder / "b.txt").write_bytes(PAGE_B.encode("gb18030"))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_one_line_errors(result):
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert line.startswith(("kg: error: E", "kg: failed: E", "extracted ")), line


# --- errors without extraction ---------------------------------------------------------------

def test_missing_input_path(tmp_path):
    out = tmp_path / "out"
    result = run("build", tmp_path / "nope.txt", "--out", out)
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert f"E003 cannot read {tmp_path / 'nope.txt'}: no such file or folder: check the path" in result.stderr
    assert "E037 no input could be used" in result.stderr
    assert not out.exists()


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {errors.E002.format(paths=tmp_path / 'empty')}\n"


def test_only_bad_files_change_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_bytes(b"%PDF-1.4\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("old\n", encoding="utf-8")
    (out / MARKER).write_text('{"outputs": ["graph.ttl"]}\n', encoding="utf-8")  # an earlier build's
    before = snapshot(out)
    result = run("build", tmp_path / "in", "--out", out)
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert "E031" in result.stderr and f"{out} left as it was" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no new folder, no lock left


def test_bad_max_bytes_is_a_usage_error(tmp_path):
    result = run("build", tmp_path, "--max-bytes", "lots")
    assert result.exit_code == 2
    assert "not a size: 'lots'" in result.stderr


# --- a batch with bad inputs -----------------------------------------------------------------

@pytest.mark.model
def test_binary_among_good_files(tmp_path, shared):
    pages = good_pages(tmp_path / "in")
    (pages / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    (pages / "blank.txt").write_text(" \n\u3000\n", encoding="utf-8")
    (pages / "nul.txt").write_bytes(PAGE_A.encode("utf-16-le"))  # UTF-16 without a byte-order mark
    (pages / "sjis.txt").write_bytes("日本国民は、正当に選挙された国会".encode("shift_jis"))
    out = tmp_path / "out"
    result = run("build", pages, "--out", out)
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert result.stdout.startswith("2 documents,")
    assert sorted(p.name for p in (out / "extract").iterdir()) == ["a.json", "b.json"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    failed = {Path(f["input"]).name: f["error"][:4] for f in report["failed"]}
    assert failed == {"blank.txt": "E006", "nul.txt": "E032", "scan.txt": "E031", "sjis.txt": "E004"}
    for f in report["failed"]:
        assert f"kg: failed: {f['error']}" in result.stderr
    assert report["inputs"] == {"a.txt": {"encoding": "utf-8"}, "b.txt": {"encoding": "gb18030"}}
    Graph().parse(out / "graph.ttl", format="turtle")


@pytest.mark.model
def test_missing_path_among_good_files(tmp_path, shared):
    pages = good_pages(tmp_path / "in")
    out = tmp_path / "out"
    result = run("build", pages / "a.txt", tmp_path / "gone.txt", "--out", out)
    assert result.exit_code == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 1
    assert [f["input"] for f in report["failed"]] == [str(tmp_path / "gone.txt")]


@pytest.mark.model
def test_every_encoding_builds(tmp_path, shared):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "u8bom.txt").write_bytes(b"\xef\xbb\xbf" + PAGE_A.encode())
    (pages / "u16le.txt").write_bytes(b"\xff\xfe" + PAGE_A.encode("utf-16-le"))
    (pages / "u16be.txt").write_bytes(b"\xfe\xff" + PAGE_A.encode("utf-16-be"))
    (pages / "gbk.txt").write_bytes(PAGE_A.encode("gbk"))
    (pages / "big5.txt").write_bytes(TRADITIONAL_B.encode("big5"))
    (pages / "page.html").write_text(f"<!DOCTYPE html><html><body><p>{PAGE_B}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", pages, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["failed"] == []
    assert report["inputs"] == {
        "big5.txt": {"encoding": "big5", "traditional": True},
        "gbk.txt": {"encoding": "gb18030"},
        "page.html": {"encoding": "utf-8", "html": True},
        "u16be.txt": {"encoding": "utf-16-be"},
        "u16le.txt": {"encoding": "utf-16-le"},
        "u8bom.txt": {"encoding": "utf-8-sig"},
    }
    same = [
        [(e["label"], e["name"], [(ev["start"], ev["end"], ev["text"]) for ev in e["evidence"]])
         for e in json.loads((out / "extract" / f"{n}.json").read_text(encoding="utf-8"))["entities"]]
        for n in ("u8bom", "u16le", "u16be", "gbk")
    ]
    assert same[0] and all(s == same[0] for s in same)
    trad = json.loads((out / "extract" / "big5.json").read_text(encoding="utf-8"))
    names = {(e["label"], e["name"]) for e in trad["entities"]}
    assert {("PERSON", "馬建國"), ("ORG", "雲南省總工會")} <= names
    for e in trad["entities"]:
        for ev in e["evidence"]:
            assert TRADITIONAL_B[ev["start"]:ev["end"]] == ev["text"]
    html = json.loads((out / "extract" / "page.json").read_text(encoding="utf-8"))
    source = (pages / "page.html").read_text(encoding="utf-8")
    for e in html["entities"]:
        for ev in e["evidence"]:
            assert source[ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.model
def test_max_bytes(tmp_path, shared):
    pages = good_pages(tmp_path / "in")
    (pages / "big.txt").write_text(PAGE_A * 20, encoding="utf-8")
    size = (pages / "big.txt").stat().st_size
    result = run("build", pages, "--out", tmp_path / "out", "--max-bytes", "1K")
    assert result.exit_code == 1
    assert f"E030 {pages / 'big.txt'} is {size:,} bytes, over the limit of 1,024" in result.stderr
    result = run("build", pages, "--out", tmp_path / "out", env={"KG_MAX_BYTES": "1M"})
    assert result.exit_code == 0, result.output


@pytest.mark.model
def test_same_name_in_two_folders(tmp_path, shared):
    good_pages(tmp_path / "one")
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "a.txt").write_text(PAGE_B, encoding="utf-8")
    result = run("build", tmp_path / "one", tmp_path / "two", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"E036 {tmp_path / 'two' / 'a.txt'} has the same name as {tmp_path / 'one' / 'a.txt'}" in result.stderr


@pytest.mark.model
def test_a_page_that_breaks_extraction_is_skipped(tmp_path, shared, monkeypatch):
    real = kg.pipeline.extract.extract

    def fragile(ex, doc_id, source, raw):
        if doc_id == "b":
            raise IndexError("list index out of range")
        return real(ex, doc_id, source, raw)

    monkeypatch.setattr(kg.pipeline.extract, "extract", fragile)
    pages = good_pages(tmp_path / "in")
    result = run("build", pages, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert (f"kg: failed: E035 extraction failed on {pages / 'b.txt'}: IndexError: list index out of range "
            "(run `kg --debug build` for the traceback)") in result.stderr
    assert (tmp_path / "out" / "extract" / "a.json").exists()
    result = run("--debug", "build", pages, "--out", tmp_path / "out2")
    assert isinstance(result.exception, IndexError)


# --- interrupted builds ----------------------------------------------------------------------

@pytest.fixture
def previous(tmp_path, shared):
    """A finished build of two pages in tmp_path/out; returns (inputs, out, its files)."""
    pages = good_pages(tmp_path / "in")
    out = tmp_path / "out"
    assert run("build", pages, "--out", out, "--quiet").exit_code == 0
    before = snapshot(out)
    assert {"graph.ttl", "graph.graphml", "report.json", "extract/a.json", "extract/b.json"} <= set(before)
    # The next build would change every file: a third page.
    (pages / "c.txt").write_text(PAGE_B.replace("马建国", "邱文挺"), encoding="utf-8")
    return pages, out, before


@pytest.mark.model
def test_failing_turtle_step_leaves_previous_build(previous, monkeypatch):
    pages, out, before = previous

    def broken(*args):
        raise RuntimeError("serializer\nexploded")

    monkeypatch.setattr(kg.export.rdf, "write_turtle", broken)
    result = run("build", pages, "--out", out)
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert result.stderr.endswith(
        "kg: error: E039 unexpected RuntimeError: serializer exploded (run again as `kg --debug ...` for the traceback)\n")
    assert snapshot(out) == before
    result = run("--debug", "build", pages, "--out", out)
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.model
def test_failing_graphml_write_leaves_previous_build_then_next_run_completes(previous, monkeypatch):
    pages, out, before = previous
    real = kg.export.graphml.write_graphml

    def half_written(graph, path):
        Path(path).write_text("<graphml", encoding="utf-8")
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(kg.export.graphml, "write_graphml", half_written)
    result = run("build", pages, "--out", out)
    assert result.exit_code == 1
    assert_one_line_errors(result)
    assert "kg: error: E040 cannot use" in result.stderr and "No space left on device" in result.stderr
    assert snapshot(out) == before
    monkeypatch.setattr(kg.export.graphml, "write_graphml", real)
    result = run("build", pages, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    assert "extract/c.json" in after and after["graph.ttl"] != before["graph.ttl"]
    assert not [name for name in after if Path(name).name.startswith(".") and name != MARKER and not name.startswith(".cache/")]
    assert sorted(p.name for p in out.parent.iterdir()) == ["in", "out"]


def kg_process(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.model
def test_killed_during_extraction(previous, shared):
    pages, out, before = previous
    proc = kg_process("-m", "kg.cli", "build", pages, "--out", out)
    for line in proc.stderr:
        if line.startswith("extracted "):
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    assert run("build", pages, "--out", out, "--quiet").exit_code == 0
    assert "extract/c.json" in snapshot(out)


# (A build killed at each of its stage boundaries: tests/pipeline/test_folder.py.)
