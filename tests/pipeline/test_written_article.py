"""The whole extraction on articles written for this test (tests/data/articles/*.txt), each
scored against an answer key written by hand in the format of the annotation guidelines
(the .json beside it). Every entity and relation of a key must be found, and nothing else.

contest.txt: a contest edition with its hosts and organisers (主办/承办), competitors (参赛单位,
and schools listed before 等院校 and 参赛), a body reporting through its named representative
(A代表、高级技师B作交流发言), a congress, an honour written before a name (全国劳动模范, 劳模 for
劳动模范), a post won by election, a signed agreement whose two signatories then build together
(双方).

stations.txt: service stations listed one by one (sites, PLACE, under the full name printed,
inside divisions written one after another: 宁波市海曙区鼓楼街道|中山社区) against the network they
belong to, counted (4个…驿站: a PROGRAMME); an honour won by stations (no recipient); two titles
of one occasion joined by 暨, held at a venue; a placing won in it (一等奖); an exhibition
held at a venue named before it (在P举办X); a sports body (体育总会) as 承办; an agreement whose
signatories then cooperate (双方…深化合作).

Needs the pkuseg model (``make setup``).
"""
import json
from pathlib import Path

import pytest

from kg.evaluate import score_document
from kg.pipeline.extract import extract, to_gold_format

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
ARTICLES = ["contest", "stations"]


@pytest.fixture(scope="module", params=ARTICLES)
def scored(request, extractor):
    name = request.param
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    pred = to_gold_format(extract(extractor, name, f"{name}.txt", text))
    return name, score_document(gold, pred)


@pytest.mark.parametrize("kind", ["entity_fn", "entity_fp", "relation_fn", "relation_fp", "role_wrong"])
def test_the_written_article_is_read_as_its_key_says(scored, kind):
    _, (*_, errors) = scored
    assert errors[kind] == []


def test_every_label_of_the_key_is_found(scored):
    _, (entities, relations, roles, _) = scored
    assert set(entities.tp) == {"PERSON", "ORG", "PLACE", "EVENT", "PROGRAMME", "AWARD"}


def test_the_contest_has_every_predicate_and_role(scored):
    name, (entities, relations, roles, _) = scored
    if name != "contest":
        pytest.skip("the predicates and roles counted here are the contest's")
    assert set(relations.tp) == {"holds_position", "located_in", "organizes", "partner_of", "received_award", "participates_in"}
    # (the scorer counts a role once per gold pair: 潘立新's two posts in one union count once)
    assert roles["total"] == roles["right"] == 5


def test_the_stations_are_sites_and_their_network_a_programme(scored):
    name, (entities, relations, roles, _) = scored
    if name != "stations":
        pytest.skip("the stations' article only")
    assert entities.tp["PLACE"] == 14 and entities.tp["PROGRAMME"] == 2
    assert relations.tp["located_in"] == 20 and relations.tp["organizes"] == 5
    assert roles["total"] == roles["right"] == 3
