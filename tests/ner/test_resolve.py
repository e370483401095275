"""kg.ner.resolve, through the page's finders: what the page as a whole says of its mentions."""
import pytest

from kg.config import load_settings
from kg.ner.find import find_mentions
from kg.ner.resources import resources_for
from tests.ner.test_finders import text_of, words_of


@pytest.fixture(scope="module")
def res():
    return resources_for(load_settings())


def labels(res, *pairs):
    words = words_of(*pairs)
    mentions, _, _ = find_mentions(text_of(words), words, res)
    return {m.text: m.label for m in mentions}


def test_items_listed_after_a_programme_before_deng_are_programmes(res):
    found = labels(res, ("依托", "v"), ("“", "w"), ("临工惠", "nz"), ("”", "w"), ("服务", "vn"), ("平台", "n"), ("、", "w"),
                   ("临江", "LOC"), ("工匠", "n"), ("学院", "n"), ("、", "w"), ("临工", "nz"), ("驿家", "ORG"), ("等", "u"),
                   ("服务", "vn"), ("阵地", "n"), ("。", "w"))
    assert found.get("临江工匠学院") == "PROGRAMME" and found.get("临工驿家") == "PROGRAMME"


def test_bodies_listed_after_a_programme_stay_bodies(res):
    # a kind of body after 等, or a name that ends like a body for certain
    found = labels(res, ("联合", "v"), ("“", "w"), ("临工惠", "nz"), ("”", "w"), ("平台", "n"), ("、", "w"),
                   ("临江", "LOC"), ("工匠", "n"), ("学院", "n"), ("等", "u"), ("单位", "n"), ("。", "w"))
    assert found.get("临江工匠学院") == "ORG"
    found = labels(res, ("依托", "v"), ("“", "w"), ("临工惠", "nz"), ("”", "w"), ("平台", "n"), ("、", "w"),
                   ("临江", "LOC"), ("银行", "n"), ("等", "u"), ("发放", "v"), ("消费券", "n"), ("。", "w"))
    assert found.get("临江银行") == "ORG"
