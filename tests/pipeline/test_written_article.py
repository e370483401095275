"""The whole extraction on an article written for this test (tests/data/articles/contest.txt),
scored against an answer key written by hand in the format of the annotation guidelines
(contest.json): a contest edition with its hosts and organisers (主办/承办), competitors
(参赛单位, and schools listed before 等院校 and 参赛), a body reporting through its named
representative (A代表、高级技师B作交流发言), a congress, an honour written before a name (全国劳动模范, 劳模 for 劳动模范), a
post won by election, a signed agreement whose two signatories then build together (双方).
Every entity and relation of the key must be found, and nothing else.

Needs the pkuseg model (``make setup``).
"""
import json
from pathlib import Path

import pytest

from kg.evaluate import score_document
from kg.pipeline.extract import Extractor, extract, to_gold_format

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def scored():
    text = (DATA / "contest.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "contest.json").read_text(encoding="utf-8"))
    pred = to_gold_format(extract(Extractor.load(), "contest", "contest.txt", text))
    return score_document(gold, pred)


@pytest.mark.parametrize("kind", ["entity_fn", "entity_fp", "relation_fn", "relation_fp", "role_wrong"])
def test_the_written_article_is_read_as_its_key_says(scored, kind):
    *_, errors = scored
    assert errors[kind] == []


def test_every_label_and_predicate_of_the_key_is_found(scored):
    entities, relations, roles, _ = scored
    assert set(entities.tp) == {"PERSON", "ORG", "PLACE", "EVENT", "PROGRAMME", "AWARD"}
    assert set(relations.tp) == {"holds_position", "located_in", "organizes", "partner_of", "received_award", "participates_in"}
    # (the scorer counts a role once per gold pair: 潘立新's two posts in one union count once)
    assert roles["total"] == roles["right"] == 5
