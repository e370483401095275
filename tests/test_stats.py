"""kg stats on a build folder made from the hand-made graph of tests/test_graph.py."""
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.graphml import write_graphml
from kg.graph import GAZETTEER_RULE, build_graph
from kg.stats import build_stats
from tests.test_graph import DIVISIONS, sample_documents

FAILED = [{"input": "in/bad.txt", "error": "E031 in/bad.txt is not text but a PNG image: convert it to UTF-8 text first"}]


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_documents(), DIVISIONS)


@pytest.fixture(scope="module")
def build(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    write_graphml(graph, folder / "graph.graphml")
    (folder / "report.json").write_text(json.dumps({"failed": FAILED}), encoding="utf-8")
    return folder


def test_counts_per_label_and_predicate(build, graph):
    stats = build_stats(build)
    assert stats["entities"] == {label: n for label, n in Counter(d["label"] for _, d in graph.nodes(data=True)).items()}
    assert list(stats["entities"])[:2] == ["PERSON", "ORG"]  # the labels in the order of kg.model
    facts = {(u, d["predicate"], v, d["role"] or "") for u, v, d in graph.edges(data=True)}
    assert sum(stats["facts"].values()) == len(facts)
    gazetteer = sum(1 for *_, d in graph.edges(data=True) if d["rule"] == GAZETTEER_RULE)
    assert stats["facts"]["located_in"] - stats["facts_from_text"]["located_in"] == gazetteer > 0
    assert stats["readings"] == graph.number_of_edges() - gazetteer
    assert stats["failed"] == FAILED


def test_most_connected_documents_articles_and_rules(build, graph):
    stats = build_stats(build, top=2)
    orgs = stats["most_connected"]["ORG"]
    facts = {(u, d["predicate"], v, d["role"] or "") for u, v, d in graph.edges(data=True)}
    union = sum(1 for u, _, v, _ in facts if "ORG:云南省总工会" in (u, v))
    assert orgs[0] == {"name": "云南省总工会", "facts": union} and len(orgs) == 2
    assert orgs[0]["facts"] >= orgs[1]["facts"]
    docs = {d["document"]: d for d in stats["per_document"]}
    assert sorted(docs) == sorted(graph.graph["documents"])
    assert docs["001_aaaa"]["source"] == "001_aaaa.txt" and docs["001_aaaa"]["articles"] == 1
    read_in = Counter(d["doc"] for *_, d in graph.edges(data=True) if d["doc"])
    assert all(docs[doc]["facts"] <= n for doc, n in read_in.items())
    assert sum(a["facts"] for a in stats["per_article"]) == sum(d["facts"] for d in docs.values())
    assert sum(stats["rules"].values()) == graph.number_of_edges()
    assert list(stats["rules"].values()) == sorted(stats["rules"].values(), reverse=True)


def test_cli_text_and_json(build):
    text = CliRunner().invoke(main, ["stats", "--build", str(build)])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0].startswith(f"{build}: 2 documents, 2 articles, ")
    first = build_stats(build)["most_connected"]["ORG"][0]
    assert f"  ORG: {first['name']} ({first['facts']}), " in text.stdout
    assert "Inputs that failed: 1" in text.stdout and "in/bad.txt: E031" in text.stdout
    as_json = CliRunner().invoke(main, ["stats", "--build", str(build), "--json"])
    assert json.loads(as_json.stdout) == json.loads(json.dumps(build_stats(build)))


def test_no_build(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--build", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.startswith("kg: error: E120 ") and "graph.graphml" in result.stderr
    (tmp_path / "graph.graphml").write_text("<graphml", encoding="utf-8")
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--build", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.startswith("kg: error: E121 ")
