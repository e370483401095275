"""The cases of issue 15 ("nothing lost, whatever the input, the folder or the fault") that are
not about the output folder (those are in tests/pipeline/test_folder.py): file names of any
bytes, workers that die, signals and exit codes, links out of the input folder, pages longer
than the pipeline takes, credentials in --uri, malformed answer keys.

Real processes and signals where a process is killed or interrupted; hypothesis for names.
"""
import csv
import json
import os
import signal
import subprocess
import sys
import time
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

import kg.pipeline.extract
from kg import errors
from kg.cli import main
from kg.config import MAX_CHARACTERS
from kg.pipeline.batch import build

ROOT = Path(__file__).resolve().parent.parent
PAGE_A = "本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。\n"
PAGE_B = "本报讯（记者王鑫）近日，云南省总工会党组书记、常务副主席王宏介绍，云南省总工会大力实施“技能强滇”行动。\n"
PAGE_C = "本报讯（记者王鑫）近日，四川省总工会党组书记宋开慧介绍，四川省总工会开展“川工带川货”活动。\n"


def run(*args, env=None):
    return CliRunner().invoke(main, list(map(str, args)), env=env)


def pages(folder: Path, *texts: tuple[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def kg_process(*args, env: dict | None = None) -> subprocess.Popen:
    """``kg`` in a process of its own, with Ctrl-C's default action as in a terminal (a test run
    started in the background of a script inherits SIGINT ignored, and so would the build)."""
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# --- 1. file names of any bytes -------------------------------------------------------------------

def check_outputs(out: Path) -> None:
    """Every output is valid in its own format: JSON, Turtle, XML, CSV."""
    report = json.loads((out / "report.json").read_bytes().decode("utf-8"))
    for path in (out / "extract").iterdir():
        json.loads(path.read_bytes().decode("utf-8"))
    Graph().parse(out / "graph.ttl", format="turtle")
    xml.dom.minidom.parse(str(out / "graph.graphml"))  # a strict XML 1.0 parser
    for path in (out / "neo4j").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert all(len(row) == len(rows[0]) for row in rows)
    return report


# Bytes a file name may hold on Linux (no "/" or NUL), ".txt" added; GBK and control bytes often.
NAME_BYTES = st.lists(
    st.one_of(st.integers(1, 255).filter(lambda b: b != ord("/")).map(lambda b: bytes([b])),
              st.sampled_from(["新闻", "云南", "版"]).map(lambda s: s.encode("gbk")),
              st.sampled_from([b"\x01", b"\x1f", b"\x7f", b"\x85", b"\xff", "\u202e".encode(), b"\\", b"%", b"#"])),
    min_size=1, max_size=8,
).map(lambda parts: b"".join(parts)).filter(lambda name: not name.startswith(b"."))


@pytest.mark.model
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=NAME_BYTES)
def test_any_file_name_builds_beside_good_pages_and_every_output_stays_valid(tmp_path_factory, shared, name):
    """Issue 15, case 1: a GBK-named page lost the whole build (E039 ... surrogates not
    allowed); a name with U+001F aborted it; one with U+0001 wrote invalid GraphML."""
    top = tmp_path_factory.mktemp("names")
    inputs = pages(top / "in", ("good.txt", PAGE_A))
    raw = os.fsencode(inputs) + b"/" + name + b".txt"
    with open(raw, "wb") as f:
        f.write(PAGE_B.encode("utf-8"))
    result = run("build", inputs, "--out", top / "out", "--no-cache")
    assert result.exit_code == 0, result.output
    report = check_outputs(top / "out")
    assert report["documents"] == 2 and report["failed"] == []
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("extracted ") for line in lines)
    assert all(line.isprintable() and "\udc80" > max(line) for line in lines)  # no raw bytes, no controls


@pytest.mark.model
def test_an_undecodable_name_is_shown_escaped_in_its_own_error(tmp_path, shared):
    inputs = pages(tmp_path / "in", ("good.txt", PAGE_A))
    with open(os.fsencode(inputs) + b"/\xd0\xc2\xce\xc5\x01.txt", "wb") as f:
        f.write(b"%PDF-1.7\n\x00\x01")
    result = run("build", inputs, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    shown = f"{inputs}/\\xd0\\xc2\\xce\\xc5\\x01.txt"
    assert result.stderr.startswith("kg: failed: E031 ") and f" {shown} " in result.stderr  # not text but a PDF
    assert result.stderr.count("\n") == 1
    report = check_outputs(tmp_path / "out")
    assert [f["input"] for f in report["failed"]] == [shown]


# --- 3. workers that die ------------------------------------------------------------------------

@pytest.fixture
def killing(shared, tmp_path, monkeypatch):
    """Pages whose worker kills itself (SIGKILL, as the OOM killer does): ``deaths[name]`` is
    how many times the page's worker dies before it extracts; the pages tried, in order."""
    deaths: dict[str, int] = {}
    tally = tmp_path / "tally"
    tally.mkdir()
    real = kg.pipeline.extract.extract

    def fragile(ex, doc_id, source, raw):
        mark = tally / f"{doc_id}.{len(list(tally.glob(f'{doc_id}.*')))}"
        mark.touch()  # (the worker is forked: files tell the test what it did)
        if len(list(tally.glob(f"{doc_id}.*"))) <= deaths.get(doc_id, 0):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(ex, doc_id, source, raw)

    monkeypatch.setattr(kg.pipeline.extract, "extract", fragile)
    return deaths, tally


@pytest.mark.model
def test_a_killed_worker_is_replaced_and_its_page_retried_once_then_failed(tmp_path, killing):
    """Issue 15, case 3: a worker killed under --workers N hung the build forever."""
    deaths, tally = killing
    deaths.update({"b": 1, "c": 5})  # b dies once then extracts; c dies every time
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C))
    report = build([inputs], tmp_path / "out", workers=2, cache=False)
    assert report["documents"] == 2
    assert report["failed"] == [{"input": str(inputs / "c.txt"),
                                 "error": errors.E049.format(how="killed by SIGKILL", path=inputs / "c.txt")}]
    assert sorted(p.name for p in tally.iterdir()) == ["a.0", "b.0", "b.1", "c.0", "c.1"]  # one retry each
    assert sorted(p.name for p in (tmp_path / "out" / "extract").iterdir()) == ["a.json", "b.json"]
    one = tmp_path / "one"
    deaths.clear()
    build([inputs / "a.txt", inputs / "b.txt"], one, workers=1, cache=False)
    assert (one / "extract" / "b.json").read_bytes() == (tmp_path / "out" / "extract" / "b.json").read_bytes()


@pytest.mark.model
def test_a_worker_killed_from_outside_by_its_pid(tmp_path, shared):
    """The same, from outside: a real build with two workers, one SIGKILLed by its PID while it
    extracts; the build ends, every page built (the page retried in a new worker)."""
    inputs = pages(tmp_path / "in", *((f"p{i}.txt", PAGE_A.replace("10月12日", f"10月{i}日") * 40) for i in range(1, 7)))
    proc = kg_process("build", inputs, "--out", tmp_path / "out", "--workers", "2", "--no-cache")
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline:  # forked once the pipeline has loaded
        workers = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        time.sleep(0.02)
    assert len(workers) == 2, "no workers seen"
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 6 and report["failed"] == []


# --- 12. signals, exit codes, nothing stray -------------------------------------------------------

@pytest.fixture
def previous(tmp_path, shared):
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B))
    out = tmp_path / "out"
    assert run("build", inputs, "--out", out, "--quiet").exit_code == 0
    before = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    (inputs / "c.txt").write_text(PAGE_C, encoding="utf-8")  # to extract: the model loads
    return inputs, out, before


@pytest.mark.model
@pytest.mark.parametrize("sig, code, line", [(signal.SIGINT, 130, "kg: interrupted"), (signal.SIGTERM, 143, "kg: terminated")])
@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_build_cleans_up_and_exits_with_its_own_code(previous, sig, code, line, workers):
    """Issue 15, case 12: SIGTERM left the spool behind; Ctrl-C exited 1, as a failed input does."""
    inputs, out, before = previous
    proc = kg_process("build", inputs, "--out", out, "--workers", workers)
    assert proc.stderr.readline().startswith("extracted ")  # a.txt, from the cache; c.txt still to come
    proc.send_signal(sig)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == code
    assert rest.splitlines()[-1] == line
    after = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["in", "out"]  # no new folder, spool or lock


@pytest.mark.model
def test_two_workers_print_nothing_stray(tmp_path, shared):
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C))
    proc = kg_process("build", inputs, "--out", tmp_path / "out", "-j", "2", "--no-cache")
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0
    assert stderr.splitlines() == [f"extracted {inputs / n}" for n in ("a.txt", "b.txt", "c.txt")]
    assert len(stdout.splitlines()) == 1 and stdout.startswith("3 documents")


def test_usage_errors_exit_2(tmp_path):
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    assert run("build", inputs, "--workers", "0").exit_code == 2
    assert run("build", tmp_path / "nothing-here", "--out", tmp_path / "out").exit_code == 1  # E003, E037: inputs failed
    (tmp_path / "empty").mkdir()
    assert run("build", tmp_path / "empty", "--out", tmp_path / "out").exit_code == 2  # E002: nothing to build


# --- 10. pages longer than the pipeline takes ------------------------------------------------------

def test_max_bytes_that_could_only_admit_too_long_pages_is_refused(tmp_path):
    """Issue 15, case 10: --max-bytes 60M on a 50 MB page ran 60 s and 2.3 GB before spaCy
    refused it (nlp.max_length)."""
    result = run("build", pages(tmp_path / "in", ("a.txt", PAGE_A)), "--out", tmp_path / "out", "--max-bytes", "60M")
    assert result.exit_code == 2
    assert errors.E050.format(size=60 * 2**20, limit=MAX_CHARACTERS, most=4 * MAX_CHARACTERS + 4) in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_a_page_over_the_pipelines_limit_fails_alone_at_once(tmp_path, shared, monkeypatch):
    called = []
    real = kg.pipeline.extract.extract
    monkeypatch.setattr(kg.pipeline.extract, "extract", lambda ex, i, s, raw: called.append(i) or real(ex, i, s, raw))
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    long_page = inputs / "long.txt"
    long_page.write_text("工会" * (MAX_CHARACTERS // 2 + 1), encoding="utf-8")
    result = run("build", inputs, "--out", tmp_path / "out", "--max-bytes", "4000000", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == f"kg: failed: {errors.E048.format(path=long_page, chars=MAX_CHARACTERS + 2, limit=MAX_CHARACTERS)}\n"
    assert called == ["a"]  # no work spent on the long page


# --- 11. links out of the input folder ------------------------------------------------------------

@pytest.mark.model
def test_links_out_of_the_input_folder_are_skipped_with_a_warning(tmp_path, shared):
    """Issue 15, case 11: passwd.txt -> /etc/passwd put root:x:0:0 into the graph; a linked
    folder walked the whole of /usr/share."""
    outside = pages(tmp_path / "elsewhere", ("secret.txt", PAGE_C))
    inputs = pages(tmp_path / "in", ("a.txt", PAGE_A))
    (inputs / "passwd.txt").symlink_to(outside / "secret.txt")
    (inputs / "share").symlink_to(outside, target_is_directory=True)
    (inputs / "inside.txt").symlink_to(inputs / "a.txt")  # inside: the same page, taken once
    result = run("build", inputs, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    warnings = [errors.W002.format(path=inputs / "passwd.txt", target=outside / "secret.txt", top=inputs),
                errors.W002.format(path=inputs / "share", target=outside, top=inputs)]
    assert sorted(result.stderr.splitlines()) == sorted(f"kg: warning: {w}" for w in warnings)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 1 and sorted(report["warnings"]) == sorted(warnings)
    followed = run("build", inputs, "--out", tmp_path / "out2", "--quiet", "--follow-links")
    assert followed.exit_code == 0 and followed.stderr == ""
    # (share/secret.txt is the file passwd.txt leads to: taken once)
    assert sorted(p.name for p in (tmp_path / "out2" / "extract").iterdir()) == ["a.json", "passwd.json"]


# --- 8. credentials in --uri ----------------------------------------------------------------------

@pytest.mark.parametrize("uri", ["bolt://neo4j:s3cret-pw@127.0.0.1:7687", "neo4j://s3cret-pw@db.example:7687"])
def test_credentials_in_the_uri_are_refused_without_being_echoed(tmp_path, uri):
    """Issue 15, case 8: the password was echoed back in the error."""
    result = run("neo4j", "load", "--build", tmp_path, "--uri", uri, env={"NEO4J_PASSWORD": "another-pw"})
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {errors.E107}\n"
    assert "s3cret" not in result.output


# --- 9. malformed answer keys ---------------------------------------------------------------------

GOOD = {"doc": "d.txt", "entities": [{"label": "PERSON", "name": "王宏", "aliases": ["王宏"]},
                                     {"label": "ORG", "name": "云南省总工会", "aliases": []}],
        "relations": [{"subject": "王宏", "predicate": "holds_position", "object": "云南省总工会", "role": "主席"}]}


def broken(change) -> dict:
    data = json.loads(json.dumps(GOOD))
    change(data)
    return data


@pytest.mark.parametrize("kind, data, fault", [
    ("gold", broken(lambda d: d["entities"][0].update(aliases="王宏")), "entities[0].aliases is a string, not a list"),
    ("gold", broken(lambda d: d["entities"][1].update(label="org")),
     "entities[1].label is 'org', not one of AWARD, EVENT, ORG, PERSON, PLACE, PROGRAMME (labels are upper case)"),
    ("gold", broken(lambda d: d["entities"][1].pop("name")), "entities[1].name is missing"),
    ("gold", broken(lambda d: d["relations"][0].update(object=7)), "relations[0].object is an integer, not a string"),
    ("gold", broken(lambda d: d.pop("relations")), "relations is missing"),
    ("gold", [GOOD], "the file holds a list, not an object"),
    ("pred", broken(lambda d: d["relations"][0].update(predicate="HOLDS_POSITION")),
     "relations[0].predicate is 'HOLDS_POSITION', not one of holds_position, located_in, organizes, participates_in, "
     "partner_of, received_award, sub_organization_of (predicates are lower case)"),
    ("pred", broken(lambda d: d["entities"][0].update(evidence=[{"start": "0"}])),
     "entities[0].evidence[0].start is a string, not an integer"),
])
def test_malformed_gold_and_prediction_files_are_refused_naming_file_and_field(tmp_path, kind, data, fault):
    """Issue 15, case 9: aliases as a string or lower-case labels exited 0 with wrong scores;
    wrong types and missing fields ended in E039 with no file named."""
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "d.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (pred / "d.json").write_text(json.dumps(GOOD), encoding="utf-8")
    assert run("evaluate", "--gold", gold, "--pred", pred).exit_code == 0
    bad = (gold if kind == "gold" else pred) / "d.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("evaluate", "--gold", gold, "--pred", pred)
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: E008 {bad}: {fault}\n"


def test_a_gold_file_that_is_not_json_is_named(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "d.json").write_text('{"doc": ', encoding="utf-8")
    result = run("evaluate", "--gold", tmp_path / "gold", "--pred", tmp_path)
    assert result.exit_code == 1 and result.stderr.startswith(f"kg: error: E009 {tmp_path / 'gold' / 'd.json'} is not a JSON file: ")
