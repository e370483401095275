"""``kg build`` and ``kg evaluate`` through click's CliRunner, on the seed pages.

The scores are checked against ``../shared/tools/score.py`` run on the same files: the two
must agree to the last digit. The floor on the F1 figures is the one the end-to-end issue
set, so a change that breaks extraction fails here.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import ROOT

pytestmark = pytest.mark.model

SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_every_output(built):
    out, result = built
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(p.stem for p in (out / "extract").glob("*.json")) == seeds
    for name in ("graph.ttl", "graph.graphml", "report.json"):
        assert (out / name).stat().st_size > 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == len(seeds) and report["failed"] == []
    assert set(report["entities"]) <= {"PERSON", "ORG", "PLACE", "PROGRAMME", "EVENT", "AWARD"}
    assert f"{len(seeds)} documents" in result.output


def test_extract_files_follow_the_gold_format(built):
    out, _ = built
    for path in (out / "extract").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["doc"] == path.stem + ".txt"
        names = {(e["label"], e["name"]) for e in doc["entities"]}
        assert len(names) == len(doc["entities"])  # a name is unique within its label
        by_name = {}
        for e in doc["entities"]:
            by_name.setdefault(e["name"], set()).add(e["label"])
            assert e["name"] in e["aliases"]
        for r in doc["relations"]:
            assert r["subject"] in by_name and r["object"] in by_name
            assert r["evidence"]["rule"]


@pytest.mark.skipif(not GOLD.is_dir() or not SCORER.exists(), reason="../shared/gold is not beside the checkout")
def test_evaluate_matches_the_shared_scorer_and_meets_the_floor(built):
    out, _ = built
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), "--pred", str(out / "extract"), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    theirs = json.loads(subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out / "extract"), "--json"], capture_output=True, text=True, check=True).stdout)
    for kind in ("entities", "relations"):
        assert ours[kind] == theirs[kind]
    assert ours["role_accuracy"] == theirs["role_accuracy"]
    assert ours["entities"]["micro"]["f1"] >= 0.60
    assert ours["relations"]["micro"]["f1"] >= 0.30


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside the checkout")
def test_evaluate_lists_errors(built):
    out, _ = built
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), "--pred", str(out / "extract"), "--errors"])
    assert result.exit_code == 0
    assert "entity fn" in result.output or "entity fp" in result.output
    assert "relation fp" in result.output or "relation fn" in result.output


def test_evaluate_without_predictions_is_a_one_line_error(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "x.json").write_text('{"doc": "x.txt", "entities": [], "relations": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "kg build" in result.output


def test_evaluate_scores_a_hand_made_prediction(tmp_path):
    gold = {"doc": "x.txt", "entities": [{"label": "ORG", "name": "临江市总工会", "aliases": ["市总工会"]}, {"label": "PERSON", "name": "王五", "aliases": []}],
            "relations": [{"subject": "王五", "predicate": "holds_position", "object": "临江市总工会", "role": "主席"}]}
    pred = {"doc": "x.txt", "entities": [{"label": "ORG", "name": "市总工会", "aliases": []}, {"label": "PERSON", "name": "王五", "aliases": []}, {"label": "PERSON", "name": "赵六", "aliases": []}],
            "relations": [{"subject": "王五", "predicate": "holds_position", "object": "市总工会", "role": "副主席"}]}
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    (tmp_path / "g" / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "p" / "x.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "g"), "--pred", str(tmp_path / "p"), "--json"])
    report = json.loads(result.output)
    assert report["entities"]["micro"]["tp"] == 2 and report["entities"]["micro"]["fp"] == 1
    assert report["relations"]["micro"]["tp"] == 1
    assert report["role_accuracy"] == 0.0


def _key(tmp_path, name, gold):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def test_evaluate_extracts_the_texts_of_several_sets(tmp_path):
    # two sets, each a key and its text: the texts are extracted by the command itself, and
    # the report has a table per set and a line per document
    texts_a, texts_b = tmp_path / "ta", tmp_path / "tb"
    texts_a.mkdir()
    texts_b.mkdir()
    (texts_a / "x.txt").write_text("临江市总工会主席王五出席会议。", encoding="utf-8")
    (texts_b / "x.txt").write_text("赵六是青山钢铁集团的职工。", encoding="utf-8")
    gold_a = _key(tmp_path, "ga", {"doc": "x.txt", "entities": [{"label": "ORG", "name": "临江市总工会", "aliases": []},
                                                            {"label": "PERSON", "name": "王五", "aliases": []}], "relations": []})
    gold_b = _key(tmp_path, "gb", {"doc": "x.txt", "entities": [{"label": "PERSON", "name": "赵六", "aliases": []}], "relations": []})
    args = ["evaluate", "--gold", str(gold_a), "--texts", str(texts_a), "--gold", str(gold_b), "--texts", str(texts_b)]
    result = CliRunner().invoke(main, args + ["--json"])
    assert result.exit_code == 0, result.output
    sets = json.loads(result.output)["sets"]
    assert [s["gold"] for s in sets] == [str(gold_a), str(gold_b)]
    assert sets[0]["entities"]["PERSON"]["tp"] == 1 and sets[1]["entities"]["PERSON"]["tp"] == 1
    text = CliRunner().invoke(main, args).output
    assert text.count("per document:") == 2 and text.count("x.json") == 2


def test_evaluate_wants_one_texts_per_gold(tmp_path):
    gold = _key(tmp_path, "g", {"doc": "x.txt", "entities": [], "relations": []})
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--gold", str(gold), "--texts", str(tmp_path)])
    assert result.exit_code == 2 and "one --texts for each --gold" in result.output
