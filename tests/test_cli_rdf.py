"""`kg sparql` and `kg validate` on the hand-made graph of tests/test_graph.py (no model needed)."""
import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.cli import main
from kg.errors import KGError
from kg.graph import build_graph
from kg.export.rdf import serialize_turtle, to_rdf
from kg.export.results import FORMATS, format_table
from kg.export.sparql import run_query
from kg.vocab import FOAF, RDF, SKOS, entity_iri
from tests.test_graph import DIVISIONS, sample_documents

ROOT = Path(__file__).resolve().parent.parent

#: Uses the ontology's prefixes without declaring them, as `kg sparql` allows.
POSTS = """
SELECT ?person ?post ?org WHERE {
    ?m a org:Membership ;
        org:member/skos:prefLabel ?person ;
        org:organization/skos:prefLabel ?org ;
        org:role/skos:prefLabel ?post .
}
ORDER BY ?person ?org ?post
"""
POST_ROWS = [("王宏", "党组书记", "云南省总工会"), ("王宏", "常务副主席", "云南省总工会")]


@pytest.fixture(scope="module")
def rdf():
    return to_rdf(build_graph(sample_documents(), DIVISIONS))


@pytest.fixture(scope="module")
def graph_file(rdf, tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_text(serialize_turtle(rdf), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def query_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "posts.rq"
    path.write_text(POSTS, encoding="utf-8")
    return path


def run_kg(*args, **kwargs):
    return CliRunner().invoke(main, [str(arg) for arg in args], **kwargs)


def assert_one_line_error(result, code):
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {code} "), result.stderr
    return lines[0]


# --- kg sparql -------------------------------------------------------------------------------
# (the formats byte for byte, refusals, time and row limits and the store: tests/export/test_sparql.py)


def test_sparql_table_is_the_default(graph_file, query_file):
    result = run_kg("sparql", query_file, "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == format_table(["person", "post", "org"], POST_ROWS) + "\n"
    assert result.stdout.splitlines()[0] == "person | post       | org"


def test_sparql_csv(graph_file, query_file):
    result = run_kg("sparql", query_file, "--graph", graph_file, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.count(b"\r\n") == 3  # W3C CSV: CRLF line ends
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows == [["person", "post", "org"], *map(list, POST_ROWS)]


def test_sparql_json_keeps_language_tags(graph_file, query_file):
    result = run_kg("sparql", query_file, "--graph", graph_file, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["head"] == {"vars": ["person", "post", "org"]}
    first = answer["results"]["bindings"][0]
    assert first["person"] == {"type": "literal", "value": "王宏", "xml:lang": "zh"}
    assert [[b[v]["value"] for v in ("person", "post", "org")] for b in answer["results"]["bindings"]] == \
        [list(row) for row in POST_ROWS]


def test_sparql_xml_and_tsv_keep_language_tags_and_datatypes(graph_file):
    query = "SELECT ?name (COUNT(?m) AS ?n) WHERE { ?p skos:prefLabel ?name ; ^org:member ?m } GROUP BY ?name ORDER BY ?name"
    xml = run_kg("sparql", "-", "--graph", graph_file, "--format", "xml", input=query)
    assert xml.exit_code == 0, xml.output
    assert '<binding name="name"><literal xml:lang="zh">王宏</literal></binding>' in xml.stdout
    assert '<literal datatype="http://www.w3.org/2001/XMLSchema#integer">2</literal>' in xml.stdout
    tsv = run_kg("sparql", "-", "--graph", graph_file, "--format", "tsv", input=query)
    assert tsv.stdout.splitlines() == ["?name\t?n", '"王宏"@zh\t2']


def people_iris(graph_file):
    """Each person of the Turtle file and its name, as rdflib reads them."""
    g = Graph().parse(graph_file, format="turtle")
    return [(p, name) for p in g.subjects(RDF.type, FOAF.Person) for name in g.objects(p, SKOS.prefLabel)]


def test_sparql_construct_and_describe_give_turtle(graph_file):
    query = 'CONSTRUCT { ?p skos:prefLabel ?name } WHERE { ?p a foaf:Person ; skos:prefLabel ?name }'
    result = run_kg("sparql", "-", "--graph", graph_file, input=query)
    assert result.exit_code == 0, result.output
    back = Graph().parse(data=result.stdout, format="turtle")
    assert {(p, name.value) for p, _, name in back} == {(p, name.value) for p, name in people_iris(graph_file)}
    assert sorted(name.value for _, _, name in back) == ["王宏", "邱辉"]
    assert "@prefix skos:" in result.stdout and "@prefix schema:" not in result.stdout
    (wang,) = [p for p, _, name in back if name.value == "王宏"]
    described = run_kg("sparql", "-", "--graph", graph_file, input=f"DESCRIBE <{wang}>")
    assert (wang, SKOS.prefLabel, Literal("王宏", lang="zh")) in Graph().parse(data=described.stdout, format="turtle")


def test_sparql_formats_are_those_of_kg_sparql():
    option = next(p for p in main.commands["sparql"].params if p.name == "fmt")
    assert sorted(option.type.choices) == sorted(FORMATS)


def test_sparql_reads_the_query_from_stdin(graph_file):
    result = run_kg("sparql", "-", "--graph", graph_file, "--format", "csv", input=POSTS)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [",".join(row) for row in POST_ROWS]


def test_sparql_unbound_values_and_ask(graph_file):
    query = """SELECT ?name ?code WHERE { ?p a schema:Place ; skos:prefLabel ?name .
               OPTIONAL { ?p kg:divisionCode ?code } } ORDER BY ?code ?name"""
    result = run_kg("sparql", "-", "--graph", graph_file, "--format", "json", input=query)
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert {k: v["value"] for k, v in bindings[0].items()} == {"name": "云南省", "code": "530000"}
    assert bindings[0]["name"]["xml:lang"] == "zh" and "datatype" not in bindings[0]["code"]
    result = run_kg("sparql", "-", "--graph", graph_file, input="ASK { ?p a foaf:Person }")
    assert result.stdout.splitlines() == ["ask", "----", "true"]
    result = run_kg("sparql", "-", "--graph", graph_file, "--format", "json", input="ASK { ?p a foaf:Person }")
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def test_sparql_runs_a_query_file_of_the_project(graph_file, rdf):
    path = ROOT / "queries" / "award_recipients.rq"
    result = run_kg("sparql", path, "--graph", graph_file, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode() == "award,recipient,kind\r\n广东省五一劳动奖章,邱辉,person\r\n"
    _, rows = run_query(rdf, path.read_text(encoding="utf-8"))
    assert rows == [("广东省五一劳动奖章", "邱辉", "person")]


def test_sparql_graph_from_the_environment(graph_file, query_file):
    result = run_kg("sparql", query_file, env={"KG_GRAPH": str(graph_file)})
    assert result.exit_code == 0, result.output
    assert "常务副主席" in result.stdout


def test_sparql_reads_build_graph_ttl_by_default(graph_file, query_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = assert_one_line_error(run_kg("sparql", query_file), "E021")
    assert "build/graph.ttl" in line and "kg build" in line
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "graph.ttl").write_bytes(graph_file.read_bytes())
    result = run_kg("sparql", query_file)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "store" / "source.json").is_file()  # made at the first query


def test_sparql_missing_graph(query_file, tmp_path):
    line = assert_one_line_error(run_kg("sparql", query_file, "--graph", tmp_path / "none.ttl"), "E021")
    assert "none.ttl" in line


def test_sparql_graph_that_is_not_turtle(query_file, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <urn:x:> .\nx:a x:b .\n", encoding="utf-8")
    line = assert_one_line_error(run_kg("sparql", query_file, "--graph", bad), "E022")
    assert "bad.ttl" in line and "line 2" in line
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    "query, code, where",
    [
        ("SELEC ?x WHERE { ?x ?y ?z }", "E023", "1:"),
        ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER ( }\n", "E023", "at 4:"),
        ("SELECT ?x WHERE { ?x nosuch:p ?z }", "E024", "nosuch"),
    ],
)
def test_sparql_bad_query(graph_file, query, code, where):
    line = assert_one_line_error(run_kg("sparql", "-", "--graph", graph_file, input=query), code)
    assert "<stdin>" in line and where in line


def test_sparql_syntax_error_names_the_file(graph_file, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    line = assert_one_line_error(run_kg("sparql", path, "--graph", graph_file), "E023")
    assert str(path) in line


def test_sparql_query_that_is_not_utf8(graph_file, tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT ?x WHERE { ?x ?y \"caf\xe9\" }".encode("latin-1"))
    assert_one_line_error(run_kg("sparql", path, "--graph", graph_file), "E025")


@pytest.mark.parametrize("query, what", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update (INSERT)"),
    ("PREFIX x: <urn:x:>\nDELETE WHERE { ?s ?p ?o }", "update (DELETE)"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
])
def test_sparql_refuses_updates_load_and_service(graph_file, query, what):
    line = assert_one_line_error(run_kg("sparql", "-", "--graph", graph_file, input=query), "E026")
    assert what in line and "no network request" in line


def test_sparql_usage_errors(graph_file, tmp_path):
    assert run_kg("sparql", tmp_path / "none.rq", "--graph", graph_file).exit_code == 2
    assert run_kg("sparql", "-", "--graph", graph_file, "--format", "yaml", input=POSTS).exit_code == 2
    assert run_kg("sparql", "-", "--graph", graph_file, "--timeout", "0", input=POSTS).exit_code == 2
    assert run_kg("sparql", "-", "--graph", graph_file, "--limit", "0", input=POSTS).exit_code == 2


def test_sparql_row_limit(graph_file):
    query = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"
    line = assert_one_line_error(run_kg("sparql", "-", "--graph", graph_file, "--limit", "1000", input=query), "E028")
    assert "more than 1,000 rows" in line
    result = run_kg("sparql", "-", "--graph", graph_file, "--limit", "2", input=POSTS)
    assert result.exit_code == 0, result.output


def test_debug_shows_the_error_itself(query_file, tmp_path):
    result = run_kg("--debug", "sparql", query_file, "--graph", tmp_path / "none.ttl")
    assert isinstance(result.exception, KGError)


# --- kg validate -----------------------------------------------------------------------------


def test_validate_conforming_graph(graph_file):
    result = run_kg("validate", "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{graph_file}: conforms to ontology/shapes.ttl\n"


def _write(rdf: Graph, path: Path) -> Path:
    path.write_text(serialize_turtle(rdf), encoding="utf-8")
    return path


def test_validate_broken_graph(rdf, tmp_path):
    broken = Graph()
    for triple in rdf:
        broken.add(triple)
    wang = next(s for s in broken.subjects(SKOS.prefLabel, None) if str(s).startswith(str(entity_iri("PERSON", "王宏")) + "."))
    broken.remove((wang, SKOS.prefLabel, None))
    result = run_kg("validate", "--graph", _write(broken, tmp_path / "broken.ttl"))
    assert result.exit_code == 1
    assert "Conforms: False" in result.stdout
    assert "MinCountConstraintComponent" in result.stdout
    assert "person:王宏" in result.stdout
    assert result.stderr.strip().endswith("does not conform to ontology/shapes.ttl")


def test_validate_warnings_do_not_fail(rdf, tmp_path):
    from rdflib import Literal

    from kg.vocab import KG, RDF

    warned = Graph()
    for triple in rdf:
        warned.add(triple)
    fact = sorted(warned.subjects(RDF.type, KG.Organizing))[0]
    warned.set((fact, KG.roleLabel, Literal("举办", lang="zh")))
    result = run_kg("validate", "--graph", _write(warned, tmp_path / "warned.ttl"))
    assert result.exit_code == 0, result.output
    assert "sh:Warning" in result.stdout
    assert result.stdout.rstrip().endswith("conforms to ontology/shapes.ttl (with warnings)")


def test_validate_missing_graph(tmp_path):
    assert_one_line_error(run_kg("validate", "--graph", tmp_path / "none.ttl"), "E021")
