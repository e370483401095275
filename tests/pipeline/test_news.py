"""News as news (issue 18), end to end on the pages of tests/data: an archive in dated folders
with its manifest, a Traditional page and its Simplified twin. Page metadata, dates, articles
with their authors, one node per real thing, the joins between extract/*.json, graph.ttl and
the Neo4j files, and the dataset's description of itself."""
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.config import ROOT
from kg.export.graphml import read_graphml
from kg.export.rdf import validate
from kg.export.sparql import run_query
from kg.vocab import DATASET, DCTERMS, KG, PROV, RDF, SDO, SKOS, VOID, XSD, article_iri, document_iri
from tests.export.test_neo4j import read_csv_files

DATA = ROOT / "tests" / "data"
NEWS, TWIN = DATA / "news", DATA / "twin"

pytestmark = pytest.mark.model


def build(extractor, out, *inputs, **options):
    from kg.pipeline.batch import build as run_build

    return run_build(list(inputs), out, extractor=extractor, cache=False, **options)


def records(out: Path) -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted((out / "extract").glob("*.json"))}


@pytest.fixture(scope="module")
def news(extractor, tmp_path_factory):
    """The dated archive, built with its manifest."""
    out = tmp_path_factory.mktemp("news")
    report = build(extractor, out, NEWS, manifest=NEWS / "manifest.csv")
    return out, report


@pytest.fixture(scope="module")
def rdf(news):
    return Graph().parse(news[0] / "graph.ttl", format="turtle")


def entity(record, label, name):
    (found,) = [e for e in record["entities"] if (e["label"], e["name"]) == (label, name)]
    return found


def test_pages_in_dated_folders_build_each_under_its_path(news):
    out, report = news
    assert report["documents"] == 3 and not report["failed"] and report["dated"] == 3
    files = records(out)
    assert list(files) == ["2022-09-18%2Fpage01.json", "2022-09-19%2Fpage01.json", "2022-09-20%2Fpage01.json"]
    first = files["2022-09-18%2Fpage01.json"]
    assert first["doc"] == "2022-09-18/page01.txt"
    assert first["page"] == {"newspaper": "工人日报", "edition": "A", "page": "1", "published": "2022-09-18"}
    assert first["articles"][0]["id"] == "2022-09-18/page01#a1"


def test_dates_resolved_against_the_publication_date(news):
    dates = {d["text"]: d for d in records(news[0])["2022-09-18%2Fpage01.json"]["dates"]}
    assert dates["9月17日"]["value"] == "2022-09-17"  # the dateline, in a page of the 18th
    assert dates["今天"]["value"] == "2022-09-17"  # the dateline's day, not the page's
    assert (dates["截至8月30日"]["value"], dates["截至8月30日"]["qualifier"]) == ("2022-08-30", "until")
    assert (dates["今年以来"]["value"], dates["今年以来"]["precision"], dates["今年以来"]["qualifier"]) == ("2022", "year", "since")
    assert (dates["9月中旬"]["value"], dates["9月中旬"]["precision"]) == ("2022-09", "month")
    recent = next(d for d in records(news[0])["2022-09-19%2Fpage01.json"]["dates"] if d["text"] == "近日")
    assert "value" not in recent and recent["precision"] == "none"


def test_without_metadata_dates_stay_as_written(extractor, tmp_path):
    build(extractor, tmp_path, NEWS)
    record = records(tmp_path)["2022-09-18%2Fpage01.json"]
    assert "page" not in record
    dates = {d["text"]: d for d in record["dates"]}
    assert "value" not in dates["9月17日"] and "value" not in dates["今年以来"]
    assert dates["2022年"]["value"] == "2022"  # the text gives the year


def test_facts_carry_the_date_their_sentence_states(news, rdf):
    record = records(news[0])["2022-09-18%2Fpage01.json"]
    facts = {(r["subject"], r["predicate"], r["object"]): r for r in record["relations"]}
    forum = facts[("云南省总工会", "organizes", "彩云工匠论坛")]
    assert forum["date"] == {"text": "9月中旬", "value": "2022-09", "precision": "month"}
    # a containment read from a name holds whenever, and takes no date
    assert "date" not in facts[("云南省总工会", "located_in", "云南省")]
    typed = {(str(o), o.datatype) for o in rdf.objects(None, KG.date)}
    assert ("2022-09", XSD.gYearMonth) in typed and ("2022-09-17", XSD.date) in typed and ("2022", XSD.gYear) in typed


def test_articles_with_authors_dateline_dates_and_text(news, rdf):
    article = article_iri("2022-09-18/page01#a1")
    assert (article, RDF.type, SDO.NewsArticle) in rdf
    assert rdf.value(article, SDO.headline) == Literal("云南职工技能大赛开幕", lang="zh")
    assert rdf.value(article, SDO.dateline) == Literal("昆明9月17日电", lang="zh")
    assert rdf.value(article, SDO.dateCreated) == Literal("2022-09-17", datatype=XSD.date)
    assert rdf.value(article, SDO.datePublished) == Literal("2022-09-18", datatype=XSD.date)
    body = str(rdf.value(article, SDO.articleBody))
    assert body.startswith("云南职工技能大赛开幕\n本报昆明9月17日电（记者张明 通讯员王芳）今天上午") and body.endswith("论坛。")
    assert rdf.value(article, DCTERMS.isPartOf) == document_iri("2022-09-18/page01")
    authors = {str(rdf.value(a, SKOS.prefLabel)) for a in rdf.objects(article, SDO.author)}
    assert authors == {"张明", "王芳"}
    roles = {(str(rdf.value(rdf.value(c, PROV.agent), SKOS.prefLabel)), str(rdf.value(rdf.value(c, PROV.hadRole), SKOS.prefLabel)))
             for c in rdf.objects(article, PROV.qualifiedAttribution)}
    assert roles == {("张明", "记者"), ("王芳", "通讯员")}


def test_two_different_li_ming_and_one_with_the_same_post(news):
    files = records(news[0])
    iris = {name: entity(record, "PERSON", "李明")["iri"] for name, record in files.items()}
    assert iris["2022-09-18%2Fpage01.json"] == iris["2022-09-20%2Fpage01.json"]  # 主席 of 云南省总工会 on both
    assert iris["2022-09-19%2Fpage01.json"] != iris["2022-09-18%2Fpage01.json"]  # an engineer in Sichuan


def test_a_reporter_of_one_newspaper_is_one_person(news):
    files = records(news[0])
    first, third = (files[f"2022-09-{d}%2Fpage01.json"]["articles"][0]["authors"][0] for d in (18, 20))
    assert (first["name"], first["role"]) == (third["name"], third["role"]) == ("张明", "记者")
    assert first["iri"] == third["iri"]


def test_extract_iris_are_those_of_the_graph_and_of_neo4j(news, rdf):
    out = news[0]
    nodes, _ = read_csv_files(out / "neo4j")
    neo4j = {props["iri"] for label, props in nodes.values() if label != "Article"}
    graphml = {data["iri"] for _, data in read_graphml(out / "graph.graphml").nodes(data=True)}
    for record in records(out).values():
        for e in record["entities"]:
            assert (URIRef(e["iri"]), SKOS.prefLabel, None) in rdf, e
            assert e["iri"] in neo4j and e["iri"] in graphml
    assert neo4j == graphml


def test_neo4j_articles_hold_their_text_and_authors(news):
    nodes, links = read_csv_files(news[0] / "neo4j")
    article = nodes["2022-09-18/page01#a1"][1]
    assert "本报昆明9月17日电" in article["text"] and article["dateCreated"] == "2022-09-17"
    assert (article["datePublished"], article["newspaper"], article["page"]) == ("2022-09-18", "工人日报", "1")
    credits = {(nodes[start][1]["name"], props.get("role")) for start, kind, end, props in links.values()
               if kind == "AUTHOR_OF" and end == "2022-09-18/page01#a1"}
    assert credits == {("张明", "记者"), ("王芳", "通讯员")}
    forum = next(props for start, kind, end, props in links.values() if kind == "ORGANIZES" and end == "EVENT:彩云工匠论坛")
    assert (forum["when"], forum["dates"], forum["whens"]) == ("2022-09", ["9月中旬"], ["2022-09"])


def test_the_dataset_describes_itself(news, rdf):
    out, _ = news
    assert (DATASET, RDF.type, VOID.Dataset) in rdf
    build_ = rdf.value(DATASET, PROV.wasGeneratedBy)
    assert len(str(rdf.value(build_, KG.pipelineVersion))) == 64
    software = rdf.value(build_, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in rdf and str(rdf.value(software, SDO.softwareVersion))
    used = set(rdf.objects(build_, PROV.used))
    assert used == {document_iri(f"2022-09-{d}/page01") for d in (18, 19, 20)}
    page = NEWS / "2022-09-19" / "page01.txt"
    digest = "sha256:" + hashlib.sha256(page.read_bytes()).hexdigest()
    assert rdf.value(document_iri("2022-09-19/page01"), KG.contentHash) == Literal(digest)
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "dateTime" not in text and "generatedAtTime" not in text  # nothing of when it was built


def test_graph_conforms_and_is_byte_identical(news, extractor, tmp_path, rdf):
    conforms, report = validate(rdf)
    assert conforms, report
    build(extractor, tmp_path, NEWS, manifest=NEWS / "manifest.csv")
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / name).read_bytes() == (news[0] / name).read_bytes()


def test_the_dated_query(news, rdf):
    text = (ROOT / "queries" / "organisation_timeline.rq").read_text(encoding="utf-8")
    _, rows = run_query(rdf, text)
    dated = [(row[0], row[1], row[3], row[4]) for row in rows if row[0]]
    assert dated[:2] == [("2022", "今年以来", "organizes", "技能强省行动")] * 2
    assert [row[0] for row in rows if row[0]] == sorted(row[0] for row in rows if row[0])
    assert {row[8] for row in rows} == {"张明", "王芳"}


def test_twin_pages_give_one_node_per_thing(extractor, tmp_path):
    build(extractor, tmp_path, TWIN)
    simplified, traditional = records(tmp_path)["simplified.json"], records(tmp_path)["traditional.json"]
    assert entity(traditional, "ORG", "雲南省總工會")["iri"] == entity(simplified, "ORG", "云南省总工会")["iri"]
    assert entity(traditional, "PLACE", "雲南省")["iri"] == entity(simplified, "PLACE", "云南省")["iri"]
    assert entity(traditional, "PROGRAMME", "技能強省行動")["iri"] == entity(simplified, "PROGRAMME", "技能强省行动")["iri"]
    rdf = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    place = URIRef(entity(simplified, "PLACE", "云南省")["iri"])
    assert list(rdf.subjects(KG.divisionCode, Literal("530000"))) == [place]
    assert Literal("雲南省", lang="zh") in set(rdf.objects(place, SKOS.altLabel))
    assert validate(rdf)[0]


def test_same_bytes_are_built_once(extractor, tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(NEWS, inputs)
    shutil.copy(inputs / "2022-09-19" / "page01.txt", inputs / "2022-09-19" / "page02.txt")
    report = build(extractor, tmp_path / "out", inputs)
    assert report["documents"] == 3
    assert report["duplicates"] == {"2022-09-19/page02.txt": "2022-09-19/page01.txt"}
    assert "2022-09-19%2Fpage02.json" not in records(tmp_path / "out")


def test_a_bad_manifest_is_refused_before_anything_is_built(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,date\n2022-09-18/page01.txt,2022-09-18\n2022-09-19/page01.txt,18/09/2022\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(NEWS), "--out", str(tmp_path / "out"), "--manifest", str(manifest)])
    assert result.exit_code == 2  # a usage error: nothing done
    assert result.stderr.strip() == (f"kg: error: E051 manifest {manifest}, row 3: date '18/09/2022' is not a date YYYY-MM-DD")
    assert not (tmp_path / "out").exists()


def test_a_bad_date_pattern_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["build", str(NEWS), "--out", str(tmp_path / "out"), "--date-from-path", "%Y-%m"])
    assert result.exit_code == 2 and result.stderr.startswith("kg: error: E052 ")
    assert not (tmp_path / "out").exists()


def test_dates_from_paths(extractor, tmp_path):
    build(extractor, tmp_path, NEWS, date_from_path="%Y-%m-%d")
    record = records(tmp_path)["2022-09-19%2Fpage01.json"]
    assert record["page"] == {"published": "2022-09-19"}
    assert next(d for d in record["dates"] if d["text"] == "9月8日")["value"] == "2022-09-08"
