"""kg.pipeline.records: the file names of extract/*.json, and a page's record completed with
what the build decides (IRIs, page metadata, dates resolved against the page's date)."""
import doctest
import json

from hypothesis import given
from hypothesis import strategies as st

import kg.pipeline.records
from kg.graph import identify
from kg.model import Article, Document, Entity, Mention, Normalized, PageMeta
from kg.pipeline.records import complete_record, record_name
from kg.vocab import entity_iri


def test_doctests():
    assert doctest.testmod(kg.pipeline.records).failed == 0


@given(st.lists(st.text(min_size=1, max_size=120), min_size=2, max_size=2, unique=True))
def test_names_are_one_to_one_and_hold_no_folder(ids):
    names = [record_name(i) for i in ids]
    assert names[0] != names[1]
    for name in names:
        assert "/" not in name and name.endswith(".json") and len(name.encode("utf-8", "surrogateescape")) <= 255


def test_flat_pages_keep_their_names():
    assert record_name("000_ded9f19e0d860891") == "000_ded9f19e0d860891.json"


def page():
    text = "本报昆明9月17日电（记者张明）今天，云南省总工会举办活动。"
    article = "2022-09-18/page01#a1"
    return Document("2022-09-18/page01", "2022-09-18/page01.txt", Normalized(text, text, tuple(range(len(text) + 1))),
                    [Article(article, 0, len(text), "标题", ("张明",), (("张明", "记者"),), "昆明9月17日电")],
                    [Entity("PERSON", "张明", {"张明"}, [Mention(14, 16, "张明", "PERSON", "t", article)]),
                     Entity("PLACE", "昆明市", {"昆明"}, [Mention(2, 4, "昆明", "PLACE", "t", article)],
                            {"division_code": "530100"})])


def record_text():
    return json.dumps({
        "doc": "2022-09-18/page01.txt",
        "articles": [{"id": "2022-09-18/page01#a1", "title": "标题", "authors": [["张明", "记者"]], "dateline": "昆明9月17日电"}],
        "dates": [{"text": "今天", "article": "2022-09-18/page01#a1", "start": 17, "end": 19}],
        "entities": [{"label": "PERSON", "name": "张明", "aliases": ["张明"], "evidence": [], "key": "张明"},
                     {"label": "PLACE", "name": "昆明", "aliases": ["昆明", "昆明市"], "props": {"division_code": "530100"},
                      "evidence": [], "key": "昆明市"}],
        "relations": [{"subject": "云南省总工会", "predicate": "organizes", "object": "活动", "date": "今天",
                       "evidence": {"article": "2022-09-18/page01#a1", "start": 0, "end": 1, "sentence": "", "rule": "r"}}],
    }, ensure_ascii=False)


def test_a_record_is_completed_with_iris_metadata_and_dates():
    doc = page()
    identity = identify([doc], {"530100": ("昆明市", 2, "")})
    meta = PageMeta("工人日报", "A", "1", "2022-09-18")
    record = json.loads(complete_record(record_text(), doc.id, meta, identity))
    assert list(record)[:2] == ["doc", "page"]
    assert record["page"] == {"newspaper": "工人日报", "edition": "A", "page": "1", "published": "2022-09-18"}
    person, place = record["entities"]
    assert "key" not in person and list(person)[:3] == ["label", "name", "iri"]
    _, label, name, tag = identity.node(doc.id, "PERSON", "张明")
    assert person["iri"] == str(entity_iri(label, name, tag))
    assert place["iri"] == str(entity_iri("PLACE", "昆明市"))
    (author,) = record["articles"][0]["authors"]
    assert author == {"name": "张明", "role": "记者", "iri": person["iri"]}
    assert (record["articles"][0]["date"], record["articles"][0]["published"]) == ("2022-09-17", "2022-09-18")
    assert record["dates"][0]["value"] == "2022-09-17"  # 今天 is the dateline's day
    assert record["relations"][0]["date"] == {"text": "今天", "value": "2022-09-17", "precision": "day"}


def test_without_metadata_a_record_says_nothing_of_the_page():
    doc = page()
    record = json.loads(complete_record(record_text(), doc.id, PageMeta(), identify([doc])))
    assert "page" not in record and "date" not in record["articles"][0]
    assert record["relations"][0]["date"] == {"text": "今天", "precision": "day"}
