"""Evidence that holds (issue 18): every fact cites the sentence, or the sentences, that name both
of its ends, its range lies in them, and it carries the date they state.

First on hand-made scenes (kg.relations.scene.Scene.evidence), then on every fact of the build of
the seed pages and of ../shared/gold-dev's texts.
"""
import json
import re
import tomllib
from pathlib import Path

import pytest

from kg.config import RELATIONS, ROOT
from kg.model import Mention
from kg.relations.rules import make_rule
from kg.relations.scene import relation
from kg.text.dates import find_dates
from kg.text.normalize import normalize
from tests.relations.test_engine import scene

GOLD_DEV_TEXTS = ROOT.parent / "shared" / "gold-dev" / "texts"


def dated(sc):
    """``sc`` with the date expressions of its text."""
    sc.dates = [Mention(a, b, t, "DATE", "date", "d#a1") for a, b, t in find_dates(sc.text)]
    sc._date_starts = [d.start for d in sc.dates]
    return sc


def mention(sc, text, nth=0):
    found = [m for m in sc.mentions if m.text == text]
    return found[nth]


TOPIC = "临江市总工会成立于2000年。工会服务职工。临江市总工会多次获奖。今年，工会推出“职工书屋”。"


def test_an_end_named_sentences_before_is_taken_from_the_nearest_sentence_that_names_it():
    sc = dated(scene(TOPIC, [("临江市总工会", "ORG"), ("临江市总工会", "ORG"), ("职工书屋", "PROGRAMME")]))
    org, again, work = mention(sc, "临江市总工会"), mention(sc, "临江市总工会", 1), mention(sc, "职工书屋")
    ev = sc.evidence("r", org, work, ends=(sc.key(org), sc.key(work)))
    assert ev.sentence == "临江市总工会多次获奖。今年，工会推出“职工书屋”。"
    assert (ev.start, ev.end) == (again.start, work.end)
    assert ev.date == "今年"


def test_both_ends_in_one_sentence_cite_it_and_the_mentions_read():
    sc = dated(scene("前言。9月8日，临江市总工会推出“职工书屋”。后记。", [("临江市总工会", "ORG"), ("职工书屋", "PROGRAMME")]))
    org, work = mention(sc, "临江市总工会"), mention(sc, "职工书屋")
    ev = sc.evidence("r", org, work, ends=(sc.key(org), sc.key(work)))
    assert (ev.sentence, ev.start, ev.end, ev.date) == ("9月8日，临江市总工会推出“职工书屋”。", org.start, work.end, "9月8日")


def test_a_place_the_name_leaves_out_is_cited_where_the_text_names_it():
    text = "青山省召开大会。会上，省总工会作报告。"
    sc = scene(text, [("青山省", "PLACE"), ("省总工会", "ORG")])
    place, org = mention(sc, "青山省"), mention(sc, "省总工会")
    ev = sc.evidence("r", org, ends=(sc.key(org), sc.key(place)))
    assert ev.sentence == text and (ev.start, ev.end) == (0, org.end)


def test_a_date_after_what_was_read_is_about_something_else():
    sc = dated(scene("临江市总工会副主席王五介绍，2016年以来，全省投入资金。", [("临江市总工会", "ORG"), ("王五", "PERSON")]))
    org, person = mention(sc, "临江市总工会"), mention(sc, "王五")
    assert sc.evidence("r", org, person, ends=(sc.key(person), sc.key(org))).date == ""


def test_a_fact_read_from_a_name_takes_no_date():
    sc = dated(scene("9月8日，临江市总工会开展活动。", [("临江市总工会", "ORG")], places=[("临江市", 5)]))
    sc.timeless = frozenset({"name_place"})
    org = mention(sc, "临江市总工会")
    name_rule = make_rule({"id": "n", "predicate": "located_in", "kind": "name_place"})
    verb_rule = make_rule({"id": "v", "predicate": "located_in", "kind": "held_at"})
    place = sc.places[0]
    assert relation(sc, name_rule, sc.key(org), ("PLACE", "临江市"), None, org, place).evidence.date == ""
    assert relation(sc, verb_rule, sc.key(org), ("PLACE", "临江市"), None, org, place).evidence.date == "9月8日"


# ---------------------------------------------------------------------------------------------
# Every fact of two real builds
# ---------------------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]")


def words(text: str) -> str:
    """Only the letters and digits: spaces, quote marks and full- or half-width punctuation
    differ between the raw page, the normalised text and a name."""
    return _NOT_WORD.sub("", text)


def _determiners() -> list[str]:
    with open(RELATIONS, "rb") as f:
        return tomllib.load(f)["anaphor_determiners"]


def named(sentence: str, forms: set[str], determiners: list[str]) -> bool:
    """Whether ``sentence`` names the entity of ``forms``: one of them, or a determiner and
    the tail of one (该服务中心 for 厦门市…权益保障服务中心)."""
    text = words(sentence)
    if any(words(f) and words(f) in text for f in forms):
        return True
    return any(d + words(f)[-k:] in text for d in determiners for f in forms for k in range(2, len(words(f))))


def problems(out: Path, inputs: Path) -> list[str]:
    """What is wrong with the evidence of each fact of a build (an empty list when nothing)."""
    determiners = _determiners()
    found = []
    for path in sorted((out / "extract").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        raw = (inputs / record["doc"]).read_text(encoding="utf-8-sig")
        page = words(normalize(raw).text)
        forms = {}
        for e in record["entities"]:
            forms.setdefault(e["name"], set()).update([e["name"], *e["aliases"]])
        for r in record["relations"]:
            ev, fact = r["evidence"], f"{path.name}: {r['subject']} {r['predicate']} {r['object']}"
            sentence = ev["sentence"]
            for end in (r["subject"], r["object"]):
                if not named(sentence, forms.get(end, {end}), determiners):
                    found.append(f"{fact}: the sentence does not name {end}: {sentence}")
            if words(raw[ev["start"]:ev["end"]]) not in words(sentence):
                found.append(f"{fact}: the range {ev['start']}-{ev['end']} runs past the sentence: {sentence}")
            if words(sentence) not in page:
                found.append(f"{fact}: the sentence is not the page's: {sentence}")
            if "date" in r and words(r["date"]["text"]) not in words(sentence):
                found.append(f"{fact}: the date {r['date']['text']} is not in the sentence")
    return found


@pytest.mark.model
def test_every_fact_of_the_seed_build_has_evidence_that_holds(extractor, tmp_path):
    from kg.pipeline.batch import build

    report = build([ROOT / "seeds"], tmp_path, extractor=extractor, cache=False)
    assert sum(report["relations"].values()) > 300
    assert problems(tmp_path, ROOT / "seeds") == []


@pytest.mark.model
@pytest.mark.skipif(not GOLD_DEV_TEXTS.is_dir(), reason="../shared/gold-dev is not beside the checkout")
def test_every_fact_of_the_gold_dev_build_has_evidence_that_holds(extractor, tmp_path):
    from kg.pipeline.batch import build

    report = build([GOLD_DEV_TEXTS], tmp_path, extractor=extractor, cache=False)
    assert sum(report["relations"].values()) > 100
    assert problems(tmp_path, GOLD_DEV_TEXTS) == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    """:func:`problems` on a record that cites the wrong sentence and runs past it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text("甲工会成立。乙工会与甲工会合作。丙公司开业。", encoding="utf-8")
    record = {"doc": "p.txt", "entities": [{"name": "甲工会", "aliases": []}, {"name": "乙工会", "aliases": []}],
              "relations": [{"subject": "乙工会", "predicate": "partner_of", "object": "甲工会",
                             "evidence": {"start": 6, "end": 19, "sentence": "乙工会与甲工会合作。"}},
                            {"subject": "乙工会", "predicate": "partner_of", "object": "甲工会",
                             "evidence": {"start": 6, "end": 12, "sentence": "丙公司开业。"}}]}
    (tmp_path / "out" / "extract").mkdir(parents=True)
    (tmp_path / "out" / "extract" / "p.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    found = problems(tmp_path / "out", tmp_path / "in")
    assert len(found) == 4 and "runs past" in found[0] and "does not name 乙工会" in found[1]
