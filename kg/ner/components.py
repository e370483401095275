"""spaCy components of the project's pipeline, registered as factories.

Each component reads its settings from ``pipelines/nlp.cfg`` and leaves its output on the Doc:

- ``kg_sentences`` marks sentence starts after 。！？； and line breaks;
- ``kg_tagger`` runs Baidu LAC and stores the word layer in ``doc._.words``;
- ``kg_entities`` finds candidate mentions with the rules of ``pipelines/ner.toml`` and the
  gazetteer, resolves overlaps, and stores ``doc._.mentions`` (the resolved mentions),
  ``doc._.nested`` (places and parents written inside them) and ``doc._.places`` (every
  gazetteer match); it also fills ``doc.spans["kg"]`` for display.

Mentions are character ranges, not token spans: an entity may begin or end inside a pkuseg
token (the segmenter splits 云南吴觉农茶业有限公司 in the middle), and the relation rules work
on characters. ``doc.spans["kg"]`` gives the token-aligned view.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .. import config
from ..model import Mention
from . import rules as R
from .lexicon import Gazetteer, WordIndex, load_gazetteer, read_tsv
from .tagger import lac_words, load_lac, sentence_spans

__all__ = ["EntityFinder", "load_rules", "load_lexicons", "doc_text", "keep_text", "token_offsets"]

for _name, _default in (("words", None), ("mentions", None), ("nested", None), ("places", None), ("candidates", None), ("bylines", None), ("sentences", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _read_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=4)
def load_rules(ner_toml: str, roles_txt: str, surnames_tsv: str) -> R.Rules:
    with open(ner_toml, "rb") as f:
        data = tomllib.load(f)
    roles = WordIndex(_read_lines(Path(roles_txt)))
    surnames = {}
    if surnames_tsv and Path(surnames_tsv).exists():
        surnames = {row[0]: row[1] if len(row) > 1 else "" for row in read_tsv(surnames_tsv)}
    return R.Rules(data, roles=roles, surnames=surnames)


@lru_cache(maxsize=4)
def load_lexicons(lexicon_dir: str, not_places: tuple[str, ...], single_heads: tuple[str, ...], min_freq: int = 0) -> tuple[Gazetteer, WordIndex, frozenset, frozenset, frozenset]:
    d = Path(lexicon_dir)
    gaz = load_gazetteer(d / "divisions.tsv", d / "countries.tsv")
    index = WordIndex({form: True for form in gaz.forms if form not in set(not_places)})
    common = set()
    common_path = d / "common_words.tsv"
    if common_path.exists():
        heads = set(single_heads)
        common = {row[0] for row in read_tsv(common_path) if row[0][-1:] in heads and int(row[1]) >= min_freq}
    place_words = set()
    for name in ("jieba_ns.tsv", "msra_loc.tsv"):
        if (d / name).exists():
            place_words |= {row[0] for row in read_tsv(d / name)}
    org_words = set()
    for name in ("jieba_nt.tsv", "msra_org.tsv"):
        if (d / name).exists():
            org_words |= {row[0] for row in read_tsv(d / name)}
    return gaz, index, frozenset(common), frozenset(place_words), frozenset(org_words)


@Language.factory("kg_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str):
    return _sentences


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


def _sentences(doc: Doc) -> Doc:
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


@Language.factory("kg_tagger", assigns=["doc._.words"])
def make_tagger(nlp: Language, name: str):
    return _tagger


def _tagger(doc: Doc) -> Doc:
    text = doc_text(doc)
    doc._.words = lac_words(text, load_lac(), doc._.sentences or sentence_spans(text))
    return doc


@Language.factory(
    "kg_entities",
    assigns=["doc._.mentions", "doc._.nested", "doc._.places", "doc.spans"],
    requires=["doc._.words"],
    default_config={
        "rules": "pipelines/ner.toml",
        "roles": "pipelines/roles.txt",
        "lexicons": "pipelines/lexicons",
    },
)
def make_entities(nlp: Language, name: str, rules: str, roles: str, lexicons: str):
    return EntityFinder(rules, roles, lexicons)


class EntityFinder:
    """Finds the mentions of a Doc (see the module docstring)."""

    def __init__(self, rules_path: str, roles_path: str, lexicon_dir: str):
        resolve = lambda p: str(config.resolve(p))  # noqa: E731
        self.rules = load_rules(resolve(rules_path), resolve(roles_path), resolve(str(Path(lexicon_dir) / "surnames.tsv")))
        not_places = tuple(self.rules.section("place").get("not_places", []))
        single = tuple(sorted({h for lab in ("ORG", "PLACE") for h in self.rules.heads[lab] if len(h) == 1}))
        self.gazetteer, self.place_index, self.common_words, self.place_words, self.org_words = load_lexicons(resolve(lexicon_dir), not_places, single, int(self.rules.section("chunk").get("common_word_min_freq", 0)))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        words = doc._.words if doc._.words is not None else lac_words(text)
        bylines = doc._.bylines or []
        token_starts = set(token_offsets(doc)[0].tolist())
        mentions, nested, places = self.find(text, words, bylines, token_starts)
        doc._.mentions, doc._.nested, doc._.places = mentions, nested, places
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["kg"] = spans
        return doc

    def find(self, text: str, words, bylines=(), token_starts: set[int] | None = None) -> tuple[list[Mention], list[Mention], list[Mention]]:
        """Resolved mentions, nested mentions and gazetteer places of a text."""
        from ..canonical import nested_mentions

        rules = self.rules
        places = R.gazetteer_places(text, self.gazetteer, self.place_index, set(), words)
        candidates = list(places)
        candidates += R.model_mentions(words, rules, self.place_words, self.org_words)
        candidates += R.person_mentions(text, words, rules, bylines)
        candidates += R.head_chunks(text, words, rules, None, places, self.common_words)
        candidates += R.award_mentions(text, rules, places, [c for c in candidates if c.label == "PERSON"])
        candidates += R.quoted_names(text, rules)
        candidates += R.abbreviation_mentions(text, rules, places)
        candidates += R.drop_word_persons(R.context_persons(text, rules), words, rules.section("person").get("word_tags", []))
        candidates += R.pattern_mentions(text, rules)
        candidates += R.book_titles(text, rules)
        candidates += R.coined_programmes(text, words, rules)
        candidates += R.distributive_mentions(text, rules)
        candidates += R.numbered_units(text, words, rules)
        candidates = R.trim_roles(text, candidates, rules)
        candidates = R.drop_collectives(candidates, places, rules.section("org").get("collective_count", ""))
        candidates = R.drop_kind_lists(text, candidates, rules)
        candidates = R.drop_headless_orgs(text, candidates, rules, self.org_words)
        mentions = R.referred_one_offs(text, R.longer_page_forms(text, R.resolve(candidates)), rules)
        model_orgs = [m for m in candidates if m.source == "lac:ORG"]
        inner_places = places + [c for c in candidates if c.label == "PLACE" and c.source == "chunk:place"]
        # word boundaries of both segmenters: LAC keeps 中央网信办数据与技术 whole, pkuseg
        # cuts it after 网信办
        boundaries = {w.start for w in words} | set(token_starts or ()) | {len(text)}
        nested = nested_mentions(mentions, inner_places, rules.heads["ORG"], model_orgs, rules.heads["PLACE"], boundaries, rules.heads["EVENT"],
                                 rules.section("place").get("river_heads", []))
        return mentions, nested, places
