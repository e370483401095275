"""The extraction cache (kg/pipeline/cache.py) and the builds that use it.

A build served from the cache must write the same bytes as one that extracts everything; a
page extracts again when it, its name or the pipeline changes, and only then. Nothing here
measures time: what was extracted is read from ``report["cache"]`` and from a counting
``extract``.
"""
import dataclasses
import json
import shutil
from pathlib import Path

import pytest

import kg.pipeline.cache
import kg.pipeline.extract
import kg.export.rdf
from kg.pipeline.cache import Cache, Damaged, Entry, StoredDoc, input_key, pipeline_version, read_head, slim
from kg.graph import build_graph
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation
from kg.pipeline.batch import build, division_table
from kg.pipeline.extract import Extractor, extract
from kg.export.rdf import serialize_turtle, to_rdf
from kg.export.view import ViewDocument, view_record

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

PAGE_A = """本报讯（记者林晓东）10月12日，由江西省总工会主办的2024年赣州市焊工职业技能竞赛在赣州市工人文化宫举行。江西省总工会党组书记、副主席周立平出席并致辞。
"""
PAGE_B = """本报讯（记者王鑫）近日，云南省总工会党组书记、常务副主席王宏介绍，云南省总工会大力实施“技能强滇”行动。全国五一劳动奖章获得者马建国参加了活动。
"""
PAGE_C = """本報訊（記者王鑫）近日，雲南省總工會黨組書記、常務副主席王宏介紹，雲南省總工會大力實施“技能強滇”行動。
"""


def hand_made() -> Document:
    text = "王宏任云南省总工会党组书记"
    return Document(
        "d1", "d1.txt", Normalized(text, text, tuple(range(len(text) + 1))),
        [Article("d1#a1", 0, len(text), "题")],
        [
            Entity("PERSON", "王宏", {"王宏"}, [Mention(0, 2, "王宏", "PERSON", "lac:PER", "d1#a1")]),
            Entity("ORG", "云南省总工会", {"云南省总工会", "省总工会"},
                   [Mention(3, 9, "云南省总工会", "ORG", "chunk:org", "d1#a1"), Mention(3, 9, "云南省总工会", "ORG", "x", "")],
                   {"org_type": "trade_union"}),
            Entity("PLACE", "云南省", {"云南省"}, [], {"division_code": "530000"}),
        ],
        [Relation(("PERSON", "王宏"), "holds_position", ("ORG", "云南省总工会"), "党组书记",
                  Evidence("d1", "d1#a1", 0, 13, text, "post"))],
    )


# --- entries, keys and versions: no model ----------------------------------------------------


def test_entry_round_trip_and_slim_graph_is_the_same():
    doc = hand_made()
    entry = Entry(slim(doc), '{"doc": "d1.txt"}\n', len(doc.normalized.raw), {"encoding": "utf-8"}, view_record(doc))
    assert entry.cacheable()
    again = Entry.from_text(entry.to_text())
    assert again == entry
    full = serialize_turtle(to_rdf(build_graph([doc], division_table())))
    assert serialize_turtle(to_rdf(build_graph([again.doc], division_table()))) == full


def test_stored_doc_reads_entities_and_relations_from_its_file(tmp_path):
    view = view_record(hand_made())
    entry = Entry(slim(hand_made()), '{"doc": "d1.txt"}\n', 13, {"encoding": "utf-8"}, view)
    path = tmp_path / "d1.entry"
    path.write_text(entry.to_text(), encoding="utf-8")
    head, stored_view, record = read_head(path.read_text(encoding="utf-8"))
    assert stored_view == view and ViewDocument.from_record(view).text == hand_made().normalized.text
    stored = StoredDoc(path, head)
    assert (stored.id, stored.source) == (entry.doc.id, entry.doc.source)
    # the articles without their texts, which are read when wanted
    assert [dataclasses.replace(a, text="") for a in entry.doc.articles] == stored.articles
    assert stored.texts == [a.text for a in entry.doc.articles] == ["王宏任云南省总工会党组书记"]
    assert stored.entities == entry.doc.entities and stored.relations == entry.doc.relations
    assert record == entry.record
    assert (head["labels"], head["predicates"]) == (["PERSON", "ORG", "PLACE"], ["holds_position"])
    full = serialize_turtle(to_rdf(build_graph([entry.doc], division_table())))
    assert serialize_turtle(to_rdf(build_graph([stored], division_table()))) == full


def test_entry_that_json_cannot_carry_is_not_cacheable():
    doc = hand_made()
    doc.entities[2].props["codes"] = ("530000",)  # a tuple would come back a list
    assert not Entry(slim(doc), "{}\n", 0, {"encoding": "utf-8"}).cacheable()


def test_input_key_changes_with_name_bytes_and_version():
    key = input_key("v1", "a.txt", b"x")
    assert key == input_key("v1", "a.txt", b"x")
    assert len({key, input_key("v2", "a.txt", b"x"), input_key("v1", "b.txt", b"x"), input_key("v1", "a.txt", b"y")}) == 4


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "kg" / "ner").mkdir(parents=True)
    (root / "pipelines" / "lexicons").mkdir(parents=True)
    (root / "kg" / "a.py").write_text("x = 1\n")
    (root / "kg" / "ner" / "b.py").write_text("y = 2\n")
    (root / "pipelines" / "ner.toml").write_text("[org]\n")
    (root / "pipelines" / "lexicons" / "roles.txt").write_text("主席\n")
    return root


@pytest.mark.parametrize("change", [
    lambda r: (r / "kg" / "ner" / "b.py").write_text("y = 3\n"),
    lambda r: (r / "pipelines" / "lexicons" / "roles.txt").write_text("主席\n书记\n"),
    lambda r: (r / "pipelines" / "new.toml").write_text(""),
    lambda r: (r / "kg" / "a.py").rename(r / "kg" / "c.py"),
], ids=["code", "lexicon", "new-file", "renamed"])
def test_pipeline_version_changes_with_any_file_under_kg_or_pipelines(tmp_path, change):
    root = make_root(tmp_path)
    before = pipeline_version.__wrapped__(root)
    assert pipeline_version.__wrapped__(root) == before
    change(root)
    assert pipeline_version.__wrapped__(root) != before


def test_pipeline_version_ignores_bytecode_and_hidden_files(tmp_path):
    root = make_root(tmp_path)
    before = pipeline_version.__wrapped__(root)
    (root / "kg" / "__pycache__").mkdir()
    (root / "kg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (root / "pipelines" / "lexicons" / ".roles.txt.part").write_text("half")
    assert pipeline_version.__wrapped__(root) == before


def entry_text() -> str:
    return Entry(slim(hand_made()), "{}\n", 13, {"encoding": "utf-8"}).to_text()


@pytest.mark.parametrize("damage", [
    lambda p: p.write_text('{"format": 1, "id": ', encoding="utf-8"),
    lambda p: p.write_bytes(b"\xff\xfe not UTF-8"),
    # one changed character in the entities line: JSON still, but not what was written
    lambda p: p.write_text(p.read_text(encoding="utf-8").replace("王宏", "王红", 1), encoding="utf-8"),
    lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"PERSON"', '"PERSON', 1), encoding="utf-8"),
    lambda p: p.write_text(p.read_text(encoding="utf-8")[:-3], encoding="utf-8"),
    lambda p: (p.unlink(), p.mkdir()),  # a folder named *.entry
], ids=["truncated-head", "not-utf8", "changed-name", "broken-json", "cut-short", "folder"])
def test_damaged_entry_is_a_named_miss_and_is_replaced(tmp_path, damage):
    cache = Cache(tmp_path, "v")
    key = cache.key("a.txt", b"x")
    cache.put(key, entry_text())
    assert cache.get(key) is not None
    damage(cache.path(key))
    with pytest.raises(Damaged) as caught:
        cache.get(key)
    assert caught.value.path == cache.path(key) and caught.value.reason
    assert (cache.hits, cache.misses) == (1, 1)
    cache.put(key, entry_text())  # extracted again: the damaged one replaced
    assert cache.get(key) is not None


def test_entries_used_are_kept_in_the_new_folder_and_the_old_one_is_untouched(tmp_path):
    folder, into = tmp_path / "cache", tmp_path / "new" / ".cache"
    old = Cache(folder, "v1")
    old.put(old.key("a.txt", b"x"), entry_text())
    old.put(old.key("b.txt", b"y"), entry_text())
    before = sorted(p.relative_to(folder) for p in folder.rglob("*.entry"))
    cache = Cache(folder, "v1", into=into)
    hit, fresh = cache.key("a.txt", b"x"), cache.key("c.txt", b"z")
    assert cache.get(hit)[0] == cache.path(hit, into)
    cache.put(fresh, entry_text())
    assert sorted(p.stem for p in into.glob("*/*.entry")) == sorted([hit, fresh])
    assert sorted(p.relative_to(folder) for p in folder.rglob("*.entry")) == before


# --- builds: need the model ------------------------------------------------------------------


@pytest.fixture
def counting(shared, monkeypatch):
    """The module's extractor for every build here, and the ids of the pages it extracts."""
    seen = []
    real = kg.pipeline.extract.extract

    def counted(ex, doc_id, source, raw):
        seen.append(doc_id)
        return real(ex, doc_id, source, raw)

    monkeypatch.setattr(kg.pipeline.extract, "extract", counted)
    return seen


def pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (folder / "b.txt").write_bytes(PAGE_B.encode("gb18030"))
    (folder / "c.txt").write_bytes(PAGE_C.encode("big5"))
    shutil.copy(SEEDS[1], folder / SEEDS[1].name)
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file but report.json (which holds timings), the cache itself, and the
    SPARQL store (whose database files differ in bytes from one load to the next)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "report.json" and not {".cache", "store"} & set(p.relative_to(out).parts[:1])
    }


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.model
def test_second_build_is_served_from_the_cache_without_the_model(tmp_path, counting, monkeypatch):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    assert sorted(counting) == ["001_b065b91fc4a37a9b", "a", "b", "c"]
    first = outputs(tmp_path / "out")
    assert report(tmp_path / "out")["cache"] == {"hits": 0, "extracted": 4}

    def no_model(cls, root=None, separate_segmenter=False):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(Extractor, "load", classmethod(no_model))
    counting.clear()
    build([inputs], tmp_path / "out")
    assert counting == []
    assert report(tmp_path / "out")["cache"] == {"hits": 4, "extracted": 0}
    assert outputs(tmp_path / "out") == first


@pytest.mark.model
def test_cached_build_matches_an_uncached_one_byte_for_byte(tmp_path, counting):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    build([inputs], tmp_path / "out")  # all from the cache
    build([inputs], tmp_path / "fresh", cache=False)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")
    assert not (tmp_path / "fresh" / ".cache").exists()
    cached, fresh = report(tmp_path / "out"), report(tmp_path / "fresh")
    for key in ("documents", "articles", "characters", "entities", "relations", "graph", "failed", "per_document", "inputs"):
        assert cached[key] == fresh[key], key


@pytest.mark.model
def test_changed_page_is_the_only_one_extracted_again(tmp_path, counting):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    (inputs / "b.txt").write_bytes(PAGE_B.replace("马建国", "邱文挺").encode("gb18030"))
    counting.clear()
    build([inputs], tmp_path / "out")
    assert counting == ["b"]
    assert report(tmp_path / "out")["cache"] == {"hits": 3, "extracted": 1}
    build([inputs], tmp_path / "fresh", cache=False)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")
    assert "邱文挺" in (tmp_path / "out" / "extract" / "b.json").read_text(encoding="utf-8")
    # the entry of the old b.txt is gone, the others stay
    assert len(list((tmp_path / "out" / ".cache").glob("*/*.entry"))) == 4


@pytest.mark.model
def test_renamed_page_is_extracted_again(tmp_path, counting):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    (inputs / "a.txt").rename(inputs / "z.txt")
    counting.clear()
    build([inputs], tmp_path / "out")
    assert counting == ["z"]


@pytest.mark.model
def test_new_pipeline_version_extracts_everything(tmp_path, counting, monkeypatch):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    first = outputs(tmp_path / "out")
    monkeypatch.setattr(kg.pipeline.cache, "pipeline_version", lambda root=None: "another pipeline")
    counting.clear()
    build([inputs], tmp_path / "out")
    assert sorted(counting) == ["001_b065b91fc4a37a9b", "a", "b", "c"]
    again = outputs(tmp_path / "out")
    # the same outputs, but that the graph says which pipeline made it
    assert {k: v for k, v in again.items() if not k.startswith("graph.")} == {k: v for k, v in first.items() if not k.startswith("graph.")}
    assert b'kg:pipelineVersion "another pipeline"' in again["graph.ttl"]
    # the old version's entries are pruned
    assert len(list((tmp_path / "out" / ".cache").glob("*/*.entry"))) == 4


@pytest.mark.model
def test_no_cache_neither_reads_nor_writes(tmp_path, counting):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    counting.clear()
    build([inputs], tmp_path / "out", cache=False)
    assert len(counting) == 4
    assert "cache" not in report(tmp_path / "out")


@pytest.mark.model
def test_cache_dir_elsewhere_is_shared_and_not_pruned(tmp_path, counting):
    inputs = pages(tmp_path / "in")
    shared = tmp_path / "shared-cache"
    build([inputs / "a.txt"], tmp_path / "one", cache_dir=shared)
    build([inputs / "b.txt"], tmp_path / "two", cache_dir=shared)
    assert not (tmp_path / "one" / ".cache").exists()
    counting.clear()
    build([inputs / "a.txt", inputs / "b.txt"], tmp_path / "three", cache_dir=shared)
    assert counting == []
    assert len(list(shared.glob("*/*.entry"))) == 2


@pytest.mark.model
def test_failed_build_adds_nothing_to_the_cache(tmp_path, counting, monkeypatch):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    before = sorted(p.name for p in (tmp_path / "out" / ".cache").glob("*/*.entry"))
    (inputs / "d.txt").write_text(PAGE_A.replace("周立平", "邱文挺"), encoding="utf-8")

    def broken(*args):
        raise RuntimeError("serializer exploded")

    monkeypatch.setattr(kg.export.rdf, "write_turtle", broken)
    with pytest.raises(RuntimeError):
        build([inputs], tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / ".cache").glob("*/*.entry")) == before
    assert not list(tmp_path.glob(".out.*"))  # the new folder of the failed build is gone


@pytest.mark.model
@pytest.mark.parametrize("damage", ["changed", "folder"])
def test_damaged_entry_in_a_build_is_a_warning_naming_it_and_the_page_is_extracted_again(tmp_path, counting, damage):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "out")
    first = outputs(tmp_path / "out")
    entry = sorted((tmp_path / "out" / ".cache").glob("*/*.entry"))[0]
    page = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[0])["source"]
    if damage == "changed":  # one character of the relations line: a later read would fail
        text = entry.read_text(encoding="utf-8")
        head, entities, relations, rest = text.split("\n", 3)
        entry.write_text("\n".join([head, entities, relations.replace("[", "{", 1), rest]), encoding="utf-8")
    else:
        entry.unlink()
        entry.mkdir()
    counting.clear()
    warnings = []
    done = build([inputs], tmp_path / "out", warn=warnings.append)
    assert counting == [Path(page).stem]
    assert warnings == [f"W001 cache entry {entry} cannot be used ({warnings[0].split('(')[1].split(')')[0]}): "
                        f"extracting {inputs / page} again"]
    assert done["warnings"] == warnings and done["failed"] == []
    assert outputs(tmp_path / "out") == first
    counting.clear()
    build([inputs], tmp_path / "out")  # the damaged entry was replaced
    assert counting == []


@pytest.mark.model
def test_division_table_is_the_gazetteer_of_the_extractor(extractor):
    gazetteer = extractor.resources.gazetteer
    expected = {code: (d.name, d.level, d.parent) for code, d in gazetteer.by_code.items() if not code.startswith("iso:")}
    assert division_table() == expected


@pytest.mark.model
def test_cached_form_is_what_extract_gives(tmp_path, extractor):
    """The entry read back holds exactly the articles, entities (aliases, props, articles
    mentioned in), relations and evidence that extract() returned."""
    raw = SEEDS[1].read_text(encoding="utf-8")
    doc = extract(extractor, SEEDS[1].stem, SEEDS[1].name, raw)
    entry = Entry.from_text(Entry(slim(doc), "{}\n", len(raw), {"encoding": "utf-8"}).to_text())
    assert [(a.id, a.title) for a in entry.doc.articles] == [(a.id, a.title) for a in doc.articles]
    assert [(e.label, e.name, e.aliases, e.props, sorted({m.article for m in e.mentions if m.article}))
            for e in doc.entities] == [(e.label, e.name, e.aliases, e.props, [m.article for m in e.mentions])
                                        for e in entry.doc.entities]
    assert entry.doc.relations == doc.relations


@pytest.mark.model
def test_entry_json_cannot_carry_is_used_but_not_cached(tmp_path, counting, monkeypatch):
    inputs = pages(tmp_path / "in")
    build([inputs], tmp_path / "fresh", cache=False)
    monkeypatch.setattr(Entry, "cacheable", lambda self: False)
    build([inputs], tmp_path / "out")
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")
    assert report(tmp_path / "out")["cache"] == {"hits": 0, "extracted": 0}
    assert not list((tmp_path / "out" / ".cache").glob("*/*.entry"))


# --- the view: each page's record carried through the cache -------------------------------------


def view_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / "view").rglob("*")) if p.is_file()}


@pytest.mark.model
def test_view_shows_every_page_with_its_text_as_written(tmp_path, counting):
    from kg.export.view import document_key

    out = tmp_path / "out"
    build([pages(tmp_path / "in")], out)
    data = json.loads((out / "view" / "data" / "graph.js").read_text(encoding="utf-8")[len("window.KG_VIEW = "):-2])
    assert sorted(d[0] for d in data["documents"]) == ["001_b065b91fc4a37a9b", "a", "b", "c"]
    script = (out / "view" / "data" / "docs" / f"{document_key('c')}.js").read_text(encoding="utf-8")
    page = json.loads(script[len(f'kgDocument("{document_key("c")}", '):-3])
    assert page["text"].startswith("本報訊") and "雲南省總工會" in page["text"]  # Traditional, as written
    names = [data["nodes"][node][1] for *_, node in page["mentions"] if node >= 0]
    assert "王宏" in names
    assert all(e[8] >= 0 for e in data["edges"] if e[4] >= 0)  # every fact's evidence placed in its text


@pytest.mark.model
def test_kg_view_writes_the_view_again_from_the_cache(tmp_path, counting):
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "out"
    build([pages(tmp_path / "in")], out)
    before = view_files(out)
    shutil.rmtree(out / "view")
    result = CliRunner().invoke(main, ["view", "--build", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"4 documents -> {out / 'view' / 'index.html'}: open it in a browser\n"
    assert view_files(out) == before
    build([tmp_path / "in"], tmp_path / "bare", cache=False)
    result = CliRunner().invoke(main, ["view", "--build", str(tmp_path / "bare")])
    assert result.exit_code == 0 and "(4 without their text: not in the cache)" in result.stdout
    missing = CliRunner().invoke(main, ["view", "--build", str(tmp_path / "none")])
    assert missing.exit_code == 1 and missing.stderr.startswith("kg: error: E120 ")
