"""The spaCy Doc as the project's components use it: the extensions they set, its text joined
once, token offsets as arrays, and sentence starts.

Mentions are character ranges, not token spans: an entity may begin or end inside a pkuseg
token (the segmenter splits 云南吴觉农茶业有限公司 in the middle), and the relation rules work
on characters.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from .tagger import sentence_spans

__all__ = ["EXTENSIONS", "doc_text", "keep_text", "token_offsets", "mark_sentences"]

#: What the components leave on a Doc: ``words`` (the tagger's word layer), ``mentions``,
#: ``nested`` and ``places`` (the entity finder's), ``bylines`` (set before the pipeline runs:
#: the byline names of the page) and ``sentences`` (sentence pieces).
EXTENSIONS = ("words", "mentions", "nested", "places", "bylines", "sentences")

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins it from Token objects at every call, and
    the components below want it several times for pages of thousands of tokens."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> Doc:
    """``doc``, told that ``text`` is its text, so that :func:`doc_text` does not join it again.

    For the string ``doc`` was made from: spaCy's tokenizer makes a Doc whose text is that
    string or raises. A ``text`` of another length is not kept."""
    last = doc[-1] if len(doc) else None
    if last is not None and last.idx + len(last.text) == len(text):
        doc.user_data[_TEXT] = text
    return doc


_TEXT = "kg.text"
_ENDERS = numpy.array([ord(c) for c in "。！？；\n"], dtype="uint32")


def token_offsets(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Start offset and length of every token, as arrays (no Token objects made)."""
    if not len(doc):
        return numpy.zeros(0, dtype="int64"), numpy.zeros(0, dtype="int64")
    table = doc.to_array([IDX, LENGTH]).astype("int64")
    return table[:, 0], table[:, 1]


def mark_sentences(doc: Doc) -> Doc:
    """A token starts a sentence when it is the first or the token before it ends in one of
    。！？； or a line break."""
    text = doc_text(doc)
    starts, lengths = token_offsets(doc)
    if len(doc):
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        ends_sentence = numpy.isin(codes, _ENDERS)
        last = starts[:-1] + lengths[:-1] - 1  # last character of each token but the last
        after_end = numpy.zeros(len(doc), dtype=bool)
        after_end[0] = True
        after_end[1:] = (lengths[:-1] > 0) & ends_sentence[numpy.maximum(last, 0)]
        # one array write: setting token.is_sent_start token by token re-checks the whole Doc
        # each time and is quadratic in its length
        flags = numpy.where(after_end, 1, -1).astype("int64").astype("uint64").reshape(-1, 1)  # -1: not a start
        doc.from_array([SENT_START], flags)
    doc._.sentences = sentence_spans(text)
    return doc
