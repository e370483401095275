"""kg.export.neo4j on the hand-made documents of tests/test_graph.py: rows, CSV files, load.cypher.

No server here; tests/export/test_bolt.py loads the same rows into one. ``read_csv_files`` is shared with
it: it reads an export folder back the way ``neo4j-admin database import`` would.
"""
import csv
import doctest
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, URIRef

import kg.export.neo4j
from kg.export.graphml import write_graphml
from kg.graph import build_graph
from kg.export.graphml import read_graphml
from kg.export.neo4j import (
    ARRAY_DELIMITER,
    ARTICLE_LINKS,
    AUTHOR_OF,
    MENTIONED_IN,
    NODE_LABELS,
    PROPERTY_TYPES,
    RELATIONSHIP_TYPES,
    RelGroup,
    csv_files,
    cypher_literal,
    graph_rows,
    load_script,
    node_statement,
    schema_statements,
    write_export,
)
from kg.export.rdf import ASSERTION_CLASSES, to_rdf
from kg.vocab import KG, entity_iri
from tests.test_graph import DIVISIONS, NASTY, ODD, YN_UNION, sample_documents


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_documents(), DIVISIONS)


@pytest.fixture(scope="module")
def rows(graph):
    return graph_rows(graph)


def _typed(header: str, text: str):
    """A CSV field as neo4j-admin reads it under ``header`` (``name:type``); empty is absent."""
    name, _, kind = header.partition(":")
    if text == "":
        return name, None
    if kind.endswith("[]"):
        items = text.split(ARRAY_DELIMITER)
        return name, [int(item) for item in items] if kind == "int[]" else items
    return name, int(text) if kind == "int" else text


def read_csv_files(folder: Path) -> tuple[dict, dict]:
    """Nodes ``{id: (label, props)}`` and relationships ``{id: (start, type, end, props)}`` of the
    CSV files in ``folder``; ``props`` hold only the fields that are not empty, ``id`` included."""
    nodes, relationships = {}, {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for record in reader:
                fields = dict(zip(header, record))
                props = dict(
                    _typed(name, text) for name, text in fields.items() if not name.startswith(":")
                    and name != "id:ID"
                )
                props = {name: value for name, value in props.items() if value is not None}
                if header[0] == "id:ID":
                    nodes[fields["id:ID"]] = (fields[":LABEL"], {"id": fields["id:ID"], **props})
                else:
                    relationships[props["id"]] = (
                        fields[":START_ID"], fields[":TYPE"], fields[":END_ID"], props)
    return nodes, relationships


def rows_as_records(rows) -> tuple[dict, dict]:
    """``rows`` in the shape of :func:`read_csv_files`."""
    nodes = {row["id"]: (label, row) for label, label_rows in rows.nodes.items() for row in label_rows}
    relationships = {
        row["props"]["id"]: (row["start"], group.type, row["end"], row["props"])
        for group, group_rows in rows.relationships.items()
        for row in group_rows
    }
    return nodes, relationships


def wang(graph):
    """The node of 王宏 (a person's node id carries a tag)."""
    (found,) = [n for n, data in graph.nodes(data=True) if data["name"] == "王宏"]
    return found


def test_doctests():
    assert doctest.testmod(kg.export.neo4j).failed == 0


def test_every_entity_is_a_node_with_its_label(graph, rows):
    expected = Counter(NODE_LABELS[data["label"]] for _, data in graph.nodes(data=True))
    expected["Article"] = sum(len(entry["articles"]) for entry in graph.graph["documents"].values())
    assert Counter({label: len(label_rows) for label, label_rows in rows.nodes.items()}) == expected


def test_entity_properties(rows):
    union = next(row for row in rows.nodes["Organization"] if row["id"] == "ORG:云南省总工会")
    assert union == {
        "id": "ORG:云南省总工会",
        "name": "云南省总工会",
        "aliases": ["云南省总工会", "省总工会"],
        "iri": str(entity_iri(*YN_UNION)),
        "documents": ["001_aaaa", "002_bbbb"],
        "orgType": "trade_union",
    }
    yunnan = next(row for row in rows.nodes["Place"] if row["id"] == "PLACE:云南省")
    assert (yunnan["divisionCode"], yunnan["administrativeLevel"]) == ("530000", "province")
    (qiu,) = [row for row in rows.nodes["Person"] if row["name"] == "邱辉"]
    assert "aliases" not in qiu  # an empty list is no property, as an empty CSV field is none


def test_nodes_carry_the_iri_of_graph_ttl(graph, rows):
    rdf = to_rdf(graph)
    for label_rows in rows.nodes.values():
        for row in label_rows:
            assert (URIRef(row["iri"]), None, None) in rdf, row["id"]
    assert {row["iri"] for row in rows.nodes["Person"]} == {data["iri"] for _, data in graph.nodes(data=True)
                                                           if data["label"] == "PERSON"}


def test_one_relationship_per_fact_with_all_its_evidence(graph, rows):
    facts = {(u, d["predicate"], v, d["role"]) for u, v, d in graph.edges(data=True)}
    fact_rows = [row for group, group_rows in rows.relationships.items()
                 if group.type not in ARTICLE_LINKS for row in group_rows]
    assert len(fact_rows) == len(facts)
    post = [row for row in rows.relationships[RelGroup("HOLDS_POSITION", "Person", "Organization")]
            if row["props"]["role"] == "党组书记"]
    assert [row["start"] for row in post] == [wang(graph)]
    props = post[0]["props"]
    # Read on both pages: two records, parallel lists in document order.
    assert props["docs"] == ["001_aaaa", "002_bbbb"]
    assert props["articles"] == ["001_aaaa#a1", "002_bbbb#a1"]
    assert props["rules"] == ["post.org_title_name"] * 2
    assert props["sentences"][1] == "云南省总工会党组书记王宏到普吉街道调研。"
    assert props["endOffsets"][1] - props["startOffsets"][1] == len(props["sentences"][1])


def test_a_gazetteer_link_has_only_its_rule(rows):
    links = rows.relationships[RelGroup("LOCATED_IN", "Place", "Place")]
    puji = next(row for row in links if row["start"] == "PLACE:普吉街道")
    assert puji["end"] == "PLACE:五华区"
    assert set(puji["props"]) == {"id", "rules"}
    assert puji["props"]["rules"] == ["gazetteer"]


def test_fact_ids_are_the_assertions_of_graph_ttl(graph, rows):
    rdf = to_rdf(graph)
    assertions = {str(a).rsplit("/", 1)[1] for a in rdf.subjects(RDF.type, KG.Assertion)}
    ids = {row["props"]["id"] for group, group_rows in rows.relationships.items()
           if group.type not in ARTICLE_LINKS for row in group_rows}
    assert ids == assertions
    by_type = Counter(group.type for group, group_rows in rows.relationships.items()
                      for _ in group_rows if group.type not in ARTICLE_LINKS)
    assert by_type == Counter({
        RELATIONSHIP_TYPES[predicate]: len(set(rdf.subjects(RDF.type, cls)))
        for predicate, cls in ASSERTION_CLASSES.items() if set(rdf.subjects(RDF.type, cls))
    })


def test_mentioned_in_links_entities_to_their_articles(graph, rows):
    links = {(row["start"], row["end"]) for group, group_rows in rows.relationships.items()
             if group.type == MENTIONED_IN for row in group_rows}
    expected = {(nid, article) for nid, data in graph.nodes(data=True)
                for _, article in data["mentions"] if article}
    assert links == expected
    assert (wang(graph), "002_bbbb#a1") in links


def test_rows_do_not_depend_on_document_order(rows):
    assert graph_rows(build_graph(reversed(sample_documents()), DIVISIONS)) == rows


def test_rows_survive_graphml(graph, rows, tmp_path):
    write_graphml(graph, tmp_path / "graph.graphml")
    assert graph_rows(read_graphml(tmp_path / "graph.graphml")) == rows


def test_an_unknown_label_is_an_error(graph):
    odd = graph.copy()
    odd.add_node("THING:x", label="THING", name="x", aliases=[], props={}, mentions=[])
    with pytest.raises(ValueError, match="THING"):
        graph_rows(odd)
    with pytest.raises(ValueError, match="not a label"):
        node_statement("Thing` DETACH DELETE n //")


@pytest.mark.parametrize("value, literal", [
    ("王宏", "'王宏'"),
    ("it's", "'it\\'s'"),
    ('say "hi"', "'say \"hi\"'"),
    ("back\\slash", "'back\\\\slash'"),
    ("{braces}", "'{braces}'"),
    ("line\nbreak\r\ttab", "'line\\nbreak\\r\\ttab'"),
    ("bell\x07 sep\u2028 zwsp\u200b", "'bell\\u0007 sep\\u2028 zwsp\\u200b'"),
    ("$param // not a comment", "'$param // not a comment'"),
    ("full\u3000width space, soft\u00adhyphen", "'full\u3000width space, soft\\u00adhyphen'"),
    (NASTY, "'A\"B\\\\C{D}<E>\\nF\\'工会'"),
    (None, "null"),
    (True, "true"),
    (42, "42"),
    (["a", 1], "['a', 1]"),
    ({"id": "x", "odd key": 1}, "{id: 'x', `odd key`: 1}"),
])
def test_cypher_literal(value, literal):
    assert cypher_literal(value) == literal


_ESCAPES = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _read_string_literal(literal: str) -> str:
    """Cypher's reading of a single-quoted string literal (the escapes cypher_literal writes): a
    \\u escape is one UTF-16 unit, so a surrogate pair is one character (as the server reads it:
    tests/export/test_bolt.py)."""
    assert literal[0] == literal[-1] == "'"
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        assert ch != "'", "an unescaped quote ends the string early"
        if ch == "\\":
            if body[i + 1] == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out).encode("utf-16-be", "surrogatepass").decode("utf-16-be")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
@example("\U000e0020")  # a format character beyond U+FFFF (found by this test in a fresh clone's CI)
def test_string_literals_read_back_and_stay_on_one_line(text):
    literal = cypher_literal(text)
    assert _read_string_literal(literal) == text
    assert len(literal.splitlines()) <= 1 and not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in literal)


def test_load_script_has_one_statement_per_line(rows):
    script = load_script(rows, batch_size=3)
    statements = [line for line in script.splitlines() if line and not line.startswith(("//", ":"))]
    assert all(line.endswith(";") for line in statements)
    schema = len(schema_statements())
    assert script.count(":begin") == script.count(":commit") == len(statements) - schema
    assert statements[0].startswith("CREATE CONSTRAINT person_id IF NOT EXISTS")
    # The nasty name is there, escaped, on one line.
    assert any(cypher_literal(NASTY) in line for line in statements)
    assert script.splitlines() == script.split("\n")[:-1]


def test_csv_headers(rows):
    files = csv_files(rows)
    assert set(files) == {f"nodes_{label}.csv" for label in rows.nodes} | {
        f"relationships_{group.type}.csv" for group in rows.relationships}
    assert files["nodes_Person.csv"].splitlines()[0] == "id:ID,:LABEL,name,aliases:string[],iri,documents:string[]"
    assert files["nodes_Place.csv"].splitlines()[0] == (
        "id:ID,:LABEL,name,aliases:string[],iri,documents:string[],divisionCode,administrativeLevel")
    assert files["nodes_Article.csv"].splitlines()[0] == (
        "id:ID,:LABEL,title,text,dateline,dateCreated,datePublished,newspaper,edition,page,doc,source,iri")
    assert files["relationships_HOLDS_POSITION.csv"].splitlines()[0] == (
        ":START_ID,:END_ID,:TYPE,id,role,when,rules:string[],docs:string[],articles:string[],"
        "startOffsets:int[],endOffsets:int[],sentences:string[],dates:string[],whens:string[]")
    assert files["relationships_MENTIONED_IN.csv"].splitlines()[0] == ":START_ID,:END_ID,:TYPE,id"
    for name, kind in PROPERTY_TYPES.items():
        assert re.fullmatch(r"(string|int)(\[\])?", kind), name


def test_csv_files_read_back_to_the_rows(rows, tmp_path):
    write_export(build_graph(sample_documents(), DIVISIONS), tmp_path / "neo4j")
    assert read_csv_files(tmp_path / "neo4j") == rows_as_records(rows)
    nodes, _ = read_csv_files(tmp_path / "neo4j")
    assert nodes["ORG:" + NASTY][1]["name"] == NASTY
    assert nodes["ORG:" + NASTY][1]["aliases"] == ["back\\slash", '“A"B”工会']


def test_export_is_byte_identical_and_replaces_the_folder(tmp_path):
    out = tmp_path / "neo4j"
    out.mkdir()
    (out / "nodes_Stale.csv").write_text("id:ID\n")
    files = write_export(build_graph(sample_documents(), DIVISIONS), out)
    assert not (out / "nodes_Stale.csv").exists()
    assert {path.name for path in files} == {path.name for path in out.iterdir()}
    assert {"load.cypher", "schema.cypher", "import.sh"} <= {path.name for path in files}
    first = {path.name: path.read_bytes() for path in files}
    write_export(build_graph(reversed(sample_documents()), DIVISIONS), out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == first


def test_the_array_delimiter_in_a_value_is_an_error(graph, tmp_path):
    odd = graph.copy()
    odd.nodes[f"ORG:{ODD[1]}"]["aliases"] = ["a" + ARRAY_DELIMITER + "b"]
    with pytest.raises(ValueError, match="array delimiter"):
        write_export(odd, tmp_path / "neo4j")


def test_every_predicate_and_label_is_mapped():
    from kg.model import LABELS, PREDICATES

    assert set(NODE_LABELS) == set(LABELS)
    assert set(RELATIONSHIP_TYPES) == set(PREDICATES)


def test_articles_and_their_authors_and_dated_facts():
    """An article holds its text and dates, each author credits it with the byline role, and a
    fact carries the dates its evidence states."""
    from tests.test_queries import dated_document

    rows = graph_rows(build_graph([dated_document()]))
    (article,) = rows.nodes["Article"]
    assert article["text"].startswith("本报昆明9月17日电（记者张明 通讯员王芳）")
    assert (article["dateline"], article["dateCreated"], article["datePublished"]) == ("昆明9月17日电", "2022-09-17", "2022-09-18")
    assert (article["newspaper"], article["edition"], article["page"]) == ("工人日报", "A", "1")
    people = {row["id"]: row["name"] for row in rows.nodes["Person"]}
    credits = {(people[row["start"]], row["props"]["role"]) for row in rows.relationships[RelGroup(AUTHOR_OF, "Person", "Article")]}
    assert credits == {("张明", "记者"), ("王芳", "通讯员")}
    facts = {row["end"]: row["props"] for row in rows.relationships[RelGroup("ORGANIZES", "Organization", "Event")]}
    assert (facts["EVENT:彩云工匠论坛"]["when"], facts["EVENT:彩云工匠论坛"]["dates"]) == ("2022-09", ["9月中旬"])
    assert facts["EVENT:2022年云南省职工职业技能大赛"]["whens"] == ["2022-09-17"]
