"""kg.export.bolt and ``kg neo4j load`` against a real Bolt server, and queries/*.cypher on its answers.

The server is ArcadeDB (tools/neo4j_server.py; a genuine Neo4j cannot be installed from the
package registries this project uses), started once per session on free loopback ports. The seed
pages are built once per session; each query's answer is compared with an *oracle*: the same
question answered in Python from the networkx graph of that build, so the tests hold as the
extraction changes.

Databases: ``kg`` (the seed graph, loaded by the CLI), ``script`` (the seed build's load.cypher),
``small`` and ``literals`` (the hand-made graph of tests/test_graph.py, by driver and by script),
``update`` (a graph loaded, rebuilt and loaded again), ``schema`` (schema statements that fail),
``queries`` (a hand-made graph with the cases each query must tell apart).
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j.exceptions import Neo4jError
from rdflib import RDF, Graph

from kg.cli import main
from kg.graph import build_graph
from kg.export.bolt import connect, ensure_schema, load_graph, load_rows
from kg.export.graphml import read_graphml
from kg.export.neo4j import (
    ARTICLE_LINKS,
    AUTHOR_OF,
    ARTICLE_LABEL,
    MENTIONED_IN,
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    cypher_literal,
    graph_rows,
    load_script,
)
from kg.export.rdf import ASSERTION_CLASSES, ENTITY_CLASSES
from kg.vocab import KG
from tests.neo4j_server import bolt_server, free_port
from tests.test_graph import ACFTU, DIVISIONS, NASTY, ODD, make_document, sample_documents
from tests.export.test_neo4j import read_csv_files
from tests.test_queries import dated_document

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
#: The test server's root password (ArcadeDB wants 8 characters or more); only ever in env vars.
PASSWORD = "kg-test-Pa55word"
DATABASES = ("kg", "script", "small", "literals", "update", "schema", "queries")


# ---------------------------------------------------------------------------------------------
# Fixtures: one server, one seed build
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    pytest.importorskip("arcadedb_embedded", reason="the test server is PyPI arcadedb-embedded")
    with bolt_server(tmp_path_factory.mktemp("bolt"), PASSWORD, DATABASES) as running:
        yield running


@pytest.fixture(scope="session")
def driver(server):
    driver = connect(server.uri, server.user, server.password)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    from kg.pipeline.batch import build

    out = tmp_path_factory.mktemp("seed-build")
    build([ROOT / "seeds"], out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    return read_graphml(seed_build / "graph.graphml")


def invoke_load(*args: str, password: str | None = PASSWORD):
    env = {"NEO4J_PASSWORD": password, "NEO4J_URI": None, "NEO4J_USER": None, "NEO4J_DATABASE": None}
    return CliRunner().invoke(main, ["neo4j", "load", *args], env=env)


@pytest.fixture(scope="session")
def seed_loaded(server, seed_build):
    """The seed graph loaded into ``kg`` by the CLI: (result, seconds)."""
    started = time.perf_counter()
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, "--user", server.user,
                         "--database", "kg")
    assert result.exit_code == 0, result.output
    return result, time.perf_counter() - started


def run(driver, database: str, query: str, **params) -> list[dict]:
    with driver.session(database=database) as session:
        return [record.data() for record in session.run(query, params)]


def snapshot(driver, database: str) -> tuple[dict, dict]:
    """Every node ``{id: (label, props)}`` and relationship ``{id: (start, type, end, props)}``;
    each id must be unique."""
    nodes = run(driver, database, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    relationships = run(driver, database, (
        "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"))
    by_id = {row["props"]["id"]: (row["labels"][0], row["props"]) for row in nodes}
    links = {row["props"]["id"]: (row["start"], row["type"], row["end"], row["props"])
             for row in relationships}
    assert all(len(row["labels"]) == 1 for row in nodes)
    assert (len(by_id), len(links)) == (len(nodes), len(relationships)), "duplicate ids"
    return by_id, links


def counts(driver, database: str) -> tuple[Counter, Counter]:
    labels = run(driver, database, "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    types = run(driver, database, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return Counter({r["label"]: r["n"] for r in labels}), Counter({r["type"]: r["n"] for r in types})


def graph_counts(graph) -> tuple[Counter, Counter]:
    """Node and relationship counts the networkx graph calls for, counted from it directly."""
    labels = Counter(NODE_LABELS[data["label"]] for _, data in graph.nodes(data=True))
    labels[ARTICLE_LABEL] = sum(len(e["articles"]) for e in graph.graph["documents"].values())
    facts = {(u, d["predicate"], v, d["role"] or None) for u, v, d in graph.edges(data=True)}
    types = Counter(RELATIONSHIP_TYPES[predicate] for _, predicate, _, _ in facts)
    types[MENTIONED_IN] = sum(len({a for _, a in data["mentions"] if a}) for _, data in graph.nodes(data=True))
    types[AUTHOR_OF] = sum(len(details["authors"]) for e in graph.graph["documents"].values()
                           for details in e.get("details", {}).values())
    return +labels, +types


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def test_load_gives_the_counts_of_the_graph(seed_loaded, driver, seed_graph):
    result, _ = seed_loaded
    nodes, relationships = graph_counts(seed_graph)
    assert counts(driver, "kg") == (nodes, relationships)
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{sum(nodes.values())} nodes, {sum(relationships.values())} relationships")
    assert PASSWORD not in result.output


def test_load_matches_graph_ttl(seed_loaded, driver, seed_build):
    rdf = Graph().parse(seed_build / "graph.ttl", format="turtle")
    nodes, links = snapshot(driver, "kg")
    entities = {str(s) for cls in set(ENTITY_CLASSES.values()) for s in rdf.subjects(RDF.type, cls)}
    assert {props["iri"] for label, props in nodes.values() if label != ARTICLE_LABEL} == entities
    assertions = {str(s).rsplit("/", 1)[1] for s in rdf.subjects(RDF.type, KG.Assertion)}
    assert {key for key, link in links.items() if link[1] not in ARTICLE_LINKS} == assertions
    for predicate, cls in ASSERTION_CLASSES.items():
        stored = sum(1 for link in links.values() if link[1] == RELATIONSHIP_TYPES[predicate])
        assert stored == len(set(rdf.subjects(RDF.type, cls))), predicate


def test_constraints_exist(seed_loaded, driver):
    constraints = run(driver, "kg", "SHOW CONSTRAINTS")
    unique = {(tuple(c["labelsOrTypes"]), tuple(c["properties"])) for c in constraints}
    for label in (*NODE_LABELS.values(), ARTICLE_LABEL):
        assert ((label,), ("id",)) in unique


def test_loading_again_changes_nothing(seed_loaded, driver, server, seed_build):
    before = snapshot(driver, "kg")
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, "--user", server.user,
                         "--database", "kg", "--batch-size", "97")
    assert result.exit_code == 0, result.output
    assert "removed 0 stale nodes, 0 stale relationships" in result.stdout
    assert snapshot(driver, "kg") == before


def test_load_cypher_makes_the_same_graph(seed_loaded, driver, seed_build):
    script = (seed_build / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    run_script(driver, "script", script)
    assert snapshot(driver, "script") == snapshot(driver, "kg")
    run_script(driver, "script", script)  # MERGE on ids: a second run adds nothing
    assert counts(driver, "script") == counts(driver, "kg")


def test_csv_files_describe_the_same_graph(seed_loaded, driver, seed_build):
    nodes, links = snapshot(driver, "kg")
    assert read_csv_files(seed_build / "neo4j") == (nodes, links)


def run_script(driver, database: str, script: str) -> None:
    """Run a cypher-shell script: each line a statement, ``:begin``/``:commit`` one transaction."""
    batch: list[str] | None = None
    for line in script.splitlines():
        if not line or line.startswith("//"):
            continue
        if line == ":begin":
            batch = []
        elif line == ":commit":
            with driver.session(database=database) as session:
                session.execute_write(lambda tx, lines=batch: [tx.run(s).consume() for s in lines])
            batch = None
        elif batch is not None:
            batch.append(line.removesuffix(";"))
        else:
            with driver.session(database=database) as session:
                session.run(line.removesuffix(";")).consume()


def test_nasty_names_round_trip(server, driver):
    graph = build_graph(sample_documents(), DIVISIONS)
    load_graph(graph, server.uri, server.user, server.password, "small")
    found = run(driver, "small", "MATCH (n:Organization {id: $id}) RETURN n.name AS name, n.aliases AS aliases",
                id=f"ORG:{NASTY}")
    assert found == [{"name": NASTY, "aliases": ["back\\slash", '“A"B”工会']}]
    sentence = run(driver, "small", "MATCH (:Organization {name: $name})-[r:LOCATED_IN]->() RETURN r.sentences AS s",
                   name=ODD[1])
    assert sentence == [{"s": ["“A\"B”工会位于昆明市。"]}]
    # The same graph through load.cypher, where every value is a literal.
    run_script(driver, "literals", load_script(graph_rows(graph), batch_size=4))
    assert snapshot(driver, "literals") == snapshot(driver, "small")


def test_a_rebuilt_graph_updates_in_place(server, driver):
    graph = build_graph(sample_documents(), DIVISIONS)
    load_graph(graph, server.uri, server.user, server.password, "update")
    (wang,) = [n for n, data in graph.nodes(data=True) if data["name"] == "王宏"]
    kept = run(driver, "update", "MATCH (n:Person {id: $id}) RETURN elementId(n) AS e", id=wang)
    # The rebuild: the second page is gone, an alias added, a post renamed.
    docs = sample_documents()[:1]
    docs[0].entities[0].aliases.add("王 宏")
    post = docs[0].relations[1]
    docs[0].relations[1] = type(post)(post.subject, post.predicate, post.object, "主席", post.evidence)
    rebuilt = build_graph(docs, DIVISIONS)
    stats = load_graph(rebuilt, server.uri, server.user, server.password, "update")
    assert stats.deleted_nodes > 0 and stats.deleted_relationships > 0
    nodes, links = snapshot(driver, "update")
    rows = graph_rows(rebuilt)
    assert set(nodes) == {row["id"] for label_rows in rows.nodes.values() for row in label_rows}
    assert set(links) == {row["props"]["id"] for group_rows in rows.relationships.values() for row in group_rows}
    assert counts(driver, "update") == graph_counts(rebuilt)
    assert nodes[wang][1]["aliases"] == ["王 宏"]  # the same node: its evidence (the union) is the same
    assert "002_bbbb#a1" not in nodes
    roles = run(driver, "update", "MATCH (:Person)-[r:HOLDS_POSITION]->() RETURN r.role AS role ORDER BY role")
    assert roles == [{"role": "主席"}, {"role": "党组书记"}]
    # Merged, not recreated.
    assert run(driver, "update", "MATCH (n:Person {id: $id}) RETURN elementId(n) AS e", id=wang) == kept


# ---------------------------------------------------------------------------------------------
# Errors: one line, exit code 1, no password
# ---------------------------------------------------------------------------------------------


def assert_one_line_error(result, code: str, *secrets: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {code} "), result.stderr
    for secret in secrets:
        assert secret not in result.output


def test_a_server_that_is_down(seed_build):
    result = invoke_load("--build", str(seed_build), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert_one_line_error(result, "E103", PASSWORD)


def test_wrong_password(server, seed_build):
    wrong = "not-the-Pa55word"
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, "--user", server.user,
                         password=wrong)
    assert_one_line_error(result, "E104", wrong, PASSWORD)


def test_no_password(server, seed_build):
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, password=None)
    assert_one_line_error(result, "E101")


def test_no_such_database(server, seed_build):
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, "--user", server.user,
                         "--database", "nosuchdb")
    assert_one_line_error(result, "E105", PASSWORD)


def test_no_build(server, tmp_path):
    result = invoke_load("--build", str(tmp_path), "--uri", server.uri)
    assert_one_line_error(result, "E102")


def test_an_unsupported_schema_statement_falls_back(driver):
    # ArcadeDB has no full-text indexes and says so with a syntax error; Neo4j Community says the
    # same of Enterprise-only constraints in its own words. Either way the fallback runs.
    unsupported = "CREATE FULLTEXT INDEX award_text IF NOT EXISTS FOR (n:Award) ON EACH [n.name]"
    fallback = "CREATE INDEX award_text_index IF NOT EXISTS FOR (n:Award) ON (n.name)"
    with driver.session(database="schema") as session:
        assert ensure_schema(session, [(unsupported, fallback)]) == ((unsupported, fallback),)
        assert ensure_schema(session, [(unsupported, None)]) == ((unsupported, None),)
    assert "award_text_index" in {index["name"] for index in run(driver, "schema", "SHOW INDEXES")}


def test_a_constraint_over_duplicates_is_an_error(driver, server, seed_build):
    run(driver, "schema", "UNWIND [1, 2] AS copy CREATE (:Person {id: 'PERSON:twin'})")
    unique = "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"
    with driver.session(database="schema") as session, pytest.raises(Neo4jError):
        ensure_schema(session, [(unique, "CREATE INDEX person_id_index IF NOT EXISTS FOR (n:Person) ON (n.id)")])
    result = invoke_load("--build", str(seed_build), "--uri", server.uri, "--user", server.user,
                         "--database", "schema")
    assert_one_line_error(result, "E106", PASSWORD)


def test_load_rows_reports_its_progress(server, driver):
    rows = graph_rows(build_graph(sample_documents(), DIVISIONS))
    seen = []
    stats = load_rows(driver, rows, "small", batch_size=5, progress=seen.append)
    assert sum(seen) == rows.total and max(seen) == 5
    assert stats.relationships == rows.relationship_count and stats.schema_fallbacks == ()


# ---------------------------------------------------------------------------------------------
# queries/*.cypher and their oracles
# ---------------------------------------------------------------------------------------------


def asc(*values):
    """A sort key that orders like Cypher's ORDER BY ... ASC: nulls last."""
    return tuple((value is None, value if value is not None else "") for value in values)


class Facts:
    """The networkx graph of a build as facts: (subject, predicate, object, role) -> evidence."""

    def __init__(self, graph):
        self.graph = graph
        self.facts = defaultdict(list)
        for u, v, data in graph.edges(data=True):
            self.facts[(u, data["predicate"], v, data["role"] or None)].append(data)

    def name(self, nid):
        return self.graph.nodes[nid]["name"]

    def label(self, nid):
        return self.graph.nodes[nid]["label"]

    def props(self, nid):
        return self.graph.nodes[nid]["props"]

    def of(self, predicate):
        return [(u, v, role) for (u, p, v, role) in self.facts if p == predicate]

    def is_union(self, nid):
        return self.label(nid) == "ORG" and (
            self.props(nid).get("org_type") == "trade_union" or self.name(nid).endswith("工会"))

    def with_role_filter(self, predicate):
        """Facts of ``predicate``; one without a role only where the pair has none with a role."""
        facts = self.of(predicate)
        with_role = {(u, v) for u, v, role in facts if role}
        return [(u, v, role) for u, v, role in facts if role or (u, v) not in with_role]

    def up(self, place):
        """``place`` and every place above it (LOCATED_IN*0..)."""
        seen, todo = {place}, [place]
        while todo:
            child = todo.pop()
            for parent in {v for u, v, _ in self.of("located_in") if u == child} - seen:
                seen.add(parent)
                todo.append(parent)
        return seen


def oracle_provincial_union_posts(f: Facts, params):
    rows = [
        (f.name(place), f.name(union), f.name(person), post)
        for union, place, _ in f.of("located_in")
        if f.is_union(union) and f.props(place).get("admin_level") == "province"
        for person, org, post in f.of("holds_position") if org == union
    ]
    return sorted(rows, key=lambda r: asc(*r))


def oracle_union_programmes_by_province(f: Facts, params):
    rows = {
        (f.name(province), f.name(union), f.name(work), role)
        for union, work, role in f.with_role_filter("organizes")
        if f.is_union(union) and f.label(work) == "PROGRAMME"
        for _, place, _ in [x for x in f.of("located_in") if x[0] == union]
        for province in f.up(place) if f.props(province).get("admin_level") == "province"
    }
    return sorted(rows, key=lambda r: asc(*r))


def oracle_award_recipients(f: Facts, params):
    rows = [(f.name(award), f.name(who), "person" if f.label(who) == "PERSON" else "organisation")
            for who, award, _ in f.of("received_award")]
    return sorted(rows, key=lambda r: asc(*r))


def oracle_co_organisers(f: Facts, params):
    organisers = defaultdict(set)
    for org, work, _ in f.of("organizes"):
        organisers[work].add(org)
    rows = [(f.name(work), NODE_LABELS[f.label(work)], f.name(org), role)
            for org, work, role in f.with_role_filter("organizes") if len(organisers[work]) > 1]
    return sorted(rows, key=lambda r: asc(r[0], r[1], r[3], r[2]))


def oracle_fact_evidence(f: Facts, params):
    rows = []
    for (u, predicate, v, role), readings in f.facts.items():
        if (f.name(u), f.name(v)) != (params["subject"], params["object"]):
            continue
        for data in sorted(readings, key=lambda d: tuple(d[k] for k in ("doc", "article", "start", "end", "sentence", "rule"))):
            text = not (data["rule"] == "gazetteer" and not data["doc"])
            rows.append((f.name(u), RELATIONSHIP_TYPES[predicate], f.name(v), role,
                         *((data["doc"], data["article"], data["start"], data["end"]) if text else (None,) * 4),
                         data["rule"], data["sentence"] if text else None))
    return sorted(rows, key=lambda r: asc(r[1], r[3], r[4], r[6], r[7], r[5], r[8], r[9]))


def oracle_organisation_units(f: Facts, params):
    parents = defaultdict(set)
    for unit, parent, _ in f.of("sub_organization_of"):
        parents[unit].add(parent)
    rows = set()
    for unit in list(parents):
        seen, todo = set(), list(parents[unit])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += parents.get(node, ())
        for top in seen:
            if not parents.get(top):
                rows |= {(f.name(top), f.name(unit), f.name(parent)) for parent in parents[unit]}
    return sorted(rows, key=lambda r: asc(*r))


def oracle_partner_counts(f: Facts, params):
    partners = defaultdict(set)
    for a, b, _ in f.of("partner_of"):
        partners[a].add(b)
        partners[b].add(a)
    return sorted(((f.name(org), len(p)) for org, p in partners.items()), key=lambda r: (-r[1], r[0]))


def oracle_people_with_several_posts(f: Facts, params):
    posts = defaultdict(list)
    for person, org, role in f.of("holds_position"):
        posts[person].append((org, role))
    rows = [(f.name(person), f.name(org), role)
            for person, held in posts.items() if len(held) > 1 for org, role in held]
    return sorted(rows, key=lambda r: asc(*r))


LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4}


def oracle_administrative_places(f: Facts, params):
    rows = []
    for nid, data in f.graph.nodes(data=True):
        code, level = data["props"].get("division_code"), data["props"].get("admin_level")
        if data["label"] != "PLACE" or not (code or level):
            continue
        links = [(v, f.facts[(nid, "located_in", v, role)]) for u, v, role in f.of("located_in") if u == nid]
        for parent, readings in links or [(None, None)]:
            source = None if readings is None else (
                "gazetteer" if all(d["rule"] == "gazetteer" and not d["doc"] for d in readings) else "text")
            rows.append((data["name"], code, level, parent and f.name(parent), source))
    return sorted(rows, key=lambda r: (LEVEL_RANK.get(r[2], 9), *asc(r[1], r[0], r[3], r[4])))


def oracle_most_mentioned(f: Facts, params):
    doc_of = {article: doc for doc, entry in f.graph.graph["documents"].items() for article in entry["articles"]}
    rows = []
    for nid, data in f.graph.nodes(data=True):
        articles = {article for _, article in data["mentions"] if article}
        if articles:
            rows.append((NODE_LABELS[data["label"]], data["name"], len(articles), len({doc_of[a] for a in articles})))
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[0], r[1]))[:25]


def oracle_organisation_timeline(f: Facts, params):
    documents = f.graph.graph["documents"]
    rows = []
    for (u, predicate, v, role), readings in f.facts.items():
        if params["organisation"] not in {f.name(n) for n in (u, v) if f.label(n) == "ORG"}:
            continue
        for data in readings:
            if not data["doc"]:
                continue
            entry = documents[data["doc"]]
            details = entry.get("details", {}).get(data["article"], {})
            article_date = details.get("date") or entry.get("meta", {}).get("published") or None
            for author in [f.name(p) for _, _, p in details.get("authors", [])] or [None]:
                rows.append((data.get("when") or None, data.get("date") or None, f.name(u), RELATIONSHIP_TYPES[predicate],
                             f.name(v), role, article_date, entry["articles"][data["article"]] or None, author))
    return sorted(rows, key=lambda r: asc(r[0] or r[6], r[2], r[3], r[4], r[5], r[1], r[7], r[8]))


def organisation_with_most_facts(f: Facts):
    counts = Counter(f.name(n) for (u, _, v, _), readings in f.facts.items() for n in (u, v)
                     if f.label(n) == "ORG" and any(d["doc"] for d in readings))
    return {"organisation": min(counts, key=lambda name: (-counts[name], name))}


def fact_with_most_evidence(f: Facts):
    (u, _, v, _), _ = max(f.facts.items(), key=lambda item: (len(item[1]), item[0][0], item[0][2]))
    return {"subject": f.name(u), "object": f.name(v)}


def gazetteer_fact(f: Facts):
    u, v = min((u, v) for (u, _, v, _), readings in f.facts.items() if readings[0]["rule"] == "gazetteer")
    return {"subject": f.name(u), "object": f.name(v)}


#: query file -> (oracle, parameter sets from the facts of the graph).
CASES = {
    "administrative_places": (oracle_administrative_places, [lambda f: {}]),
    "award_recipients": (oracle_award_recipients, [lambda f: {}]),
    "co_organisers": (oracle_co_organisers, [lambda f: {}]),
    "fact_evidence": (oracle_fact_evidence, [fact_with_most_evidence, gazetteer_fact]),
    "most_mentioned": (oracle_most_mentioned, [lambda f: {}]),
    "organisation_units": (oracle_organisation_units, [lambda f: {}]),
    "organisation_timeline": (oracle_organisation_timeline, [organisation_with_most_facts,
                                                             lambda f: {"organisation": "云南省总工会"}]),
    "partner_counts": (oracle_partner_counts, [lambda f: {}]),
    "people_with_several_posts": (oracle_people_with_several_posts, [lambda f: {}]),
    "provincial_union_posts": (oracle_provincial_union_posts, [lambda f: {}]),
    "union_programmes_by_province": (oracle_union_programmes_by_province, [lambda f: {}]),
}


SICHUAN = ("PLACE", "四川省")
CHENGDU = ("PLACE", "成都市")
SC_UNION = ("ORG", "四川省总工会")
SC_CENTRE = ("ORG", "四川省职工服务中心")  # a union by its type, not by its name
SC_DEPT = ("ORG", "四川省科技厅")  # in the province, not a union
CD_UNION = ("ORG", "成都市总工会")
LI, ZHANG = ("PERSON", "李四"), ("PERSON", "张三")
READING = ("PROGRAMME", "职工书屋")


def query_document():
    """A page with the cases the queries must tell apart: a union by type and one by name, a
    body that is no union, a programme organised with and without a role and by a union one
    level down, two posts of one person, sub-organisations two levels deep."""
    return make_document(
        "003_cccc",
        ["四川省总工会、四川省职工服务中心和四川省科技厅在四川省。",  # 0
         "成都市总工会在成都市，是四川省总工会的下属单位。",  # 1
         "四川省总工会主席李四兼任四川省职工服务中心主任，张三任四川省科技厅厅长。",  # 2
         "四川省总工会主办、成都市总工会承办职工书屋，四川省总工会推进职工书屋建设。",  # 3
         "四川省总工会是全国总工会的下属单位。"],  # 4
        [("PLACE", "四川省", [], {"division_code": "510000", "admin_level": "province"}),
         ("PLACE", "成都市", [], {"division_code": "510100", "admin_level": "prefecture"}),
         ("ORG", SC_UNION[1], [], {}), ("ORG", SC_CENTRE[1], [], {"org_type": "trade_union"}),
         ("ORG", SC_DEPT[1], [], {"org_type": "government"}), ("ORG", CD_UNION[1], [], {}),
         ("PERSON", "李四", [], {}), ("PERSON", "张三", [], {}), ("PROGRAMME", "职工书屋", [], {})],
        [(SC_UNION, "located_in", SICHUAN, None, 0, "t"), (SC_CENTRE, "located_in", SICHUAN, None, 0, "t"),
         (SC_DEPT, "located_in", SICHUAN, None, 0, "t"), (CD_UNION, "located_in", CHENGDU, None, 1, "t"),
         (CD_UNION, "sub_organization_of", SC_UNION, None, 1, "t"),
         (SC_UNION, "sub_organization_of", ACFTU, None, 4, "t"),
         (LI, "holds_position", SC_UNION, "主席", 2, "t"), (LI, "holds_position", SC_CENTRE, "主任", 2, "t"),
         (ZHANG, "holds_position", SC_DEPT, "厅长", 2, "t"),
         (SC_UNION, "organizes", READING, "主办", 3, "t"), (CD_UNION, "organizes", READING, "承办", 3, "t"),
         (SC_UNION, "organizes", READING, None, 3, "t")],
    )


@pytest.fixture(scope="session")
def handmade(server):
    """The hand-made graph loaded into ``queries``."""
    divisions = {**DIVISIONS, "510000": ("四川省", 1, ""), "510100": ("成都市", 2, "510000")}
    graph = build_graph([*sample_documents(), query_document(), dated_document()], divisions)
    load_graph(graph, server.uri, server.user, server.password, "queries")
    return graph


#: Rows the hand-made graph must give, written out: they pin down what the oracles mean.
HANDMADE_ROWS = {
    "provincial_union_posts": [
        ("四川省", "四川省总工会", "李四", "主席"),
        ("四川省", "四川省职工服务中心", "李四", "主任"),
    ],
    "union_programmes_by_province": [
        ("四川省", "四川省总工会", "职工书屋", "主办"),
        ("四川省", "成都市总工会", "职工书屋", "承办"),
    ],
    "co_organisers": [
        ("职工书屋", "Programme", "四川省总工会", "主办"),
        ("职工书屋", "Programme", "成都市总工会", "承办"),
    ],
    "people_with_several_posts": [
        ("李四", "四川省总工会", "主席"),
        ("李四", "四川省职工服务中心", "主任"),
        ("王宏", "云南省总工会", "党组书记"),
        ("王宏", "云南省总工会", "常务副主席"),
    ],
    "organisation_units": [
        ("全国总工会", "全国总工会网络工作部", "全国总工会"),
        ("全国总工会", "四川省总工会", "全国总工会"),
        ("全国总工会", "成都市总工会", "四川省总工会"),
    ],
}


def test_every_query_has_an_oracle_and_a_question():
    files = sorted(path.stem for path in QUERIES.glob("*.cypher"))
    assert files == sorted(CASES) and len(files) >= 8
    for stem in files:
        assert (QUERIES / f"{stem}.cypher").read_text(encoding="utf-8").startswith("// ")


@pytest.mark.parametrize("stem, case", [
    (stem, i) for stem, (_, param_sets) in sorted(CASES.items()) for i in range(len(param_sets))
])
def test_query_on_the_seed_graph(stem, case, seed_loaded, driver, seed_graph):
    oracle, param_sets = CASES[stem]
    facts = Facts(seed_graph)
    params = param_sets[case](facts)
    expected = oracle(facts, params)
    answer = run(driver, "kg", (QUERIES / f"{stem}.cypher").read_text(encoding="utf-8"), **params)
    assert [tuple(row.values()) for row in answer] == expected
    assert expected, f"{stem}: the seed graph gives no rows, so the query is not tested"


@pytest.mark.parametrize("stem, case", [
    (stem, i) for stem, (_, param_sets) in sorted(CASES.items()) for i in range(len(param_sets))
])
def test_query_on_the_handmade_graph(stem, case, handmade, driver):
    oracle, param_sets = CASES[stem]
    facts = Facts(handmade)
    params = param_sets[case](facts)
    expected = oracle(facts, params)
    answer = [tuple(row.values()) for row in run(
        driver, "queries", (QUERIES / f"{stem}.cypher").read_text(encoding="utf-8"), **params)]
    assert answer == expected and expected
    if stem in HANDMADE_ROWS:
        assert answer == HANDMADE_ROWS[stem]


def test_escaped_string_literals_read_back_on_the_server(server, driver):
    """What load.cypher writes for control, format and line-separating characters, astral ones
    included (U+E0020, a tag character), the server reads back as the same string."""
    texts = ["a\nb\tc", "工\u2028会\u200b", "\U000e0020工会\U000e007f", "\x07'\\"]
    found = [run(driver, "small", f"RETURN {cypher_literal(t)} AS s")[0]["s"] for t in texts]
    assert found == texts
