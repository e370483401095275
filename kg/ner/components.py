"""The spaCy components of the project's pipeline, as factories (``pipelines/nlp.cfg`` names them).

- ``kg_sentences`` marks sentence starts after 。！？； and line breaks (:func:`kg.ner.doc.mark_sentences`);
- ``kg_tagger`` runs Baidu LAC and stores the word layer in ``doc._.words`` (:mod:`kg.ner.tagger`);
- ``kg_entities`` finds the mentions (:func:`kg.ner.find.find_mentions`) with the resources its
  settings name (:func:`kg.ner.resources.load_resources`, shared with the stages after it), and
  stores ``doc._.mentions``, ``doc._.nested`` and ``doc._.places``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import config
from .doc import doc_text, mark_sentences, token_offsets
from .find import find_mentions
from .resources import Resources, load_resources
from .tagger import lac_words, load_lac, sentence_spans

__all__ = ["EntityFinder"]


@Language.factory("kg_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str):
    return mark_sentences


@Language.factory("kg_tagger", assigns=["doc._.words"])
def make_tagger(nlp: Language, name: str):
    return _tagger


def _tagger(doc: Doc) -> Doc:
    text = doc_text(doc)
    doc._.words = lac_words(text, load_lac(), doc._.sentences or sentence_spans(text))
    return doc


@Language.factory(
    "kg_entities",
    assigns=["doc._.mentions", "doc._.nested", "doc._.places"],
    requires=["doc._.words"],
    default_config={
        "rules": "pipelines/ner.toml",
        "roles": "pipelines/roles.txt",
        "lexicons": "pipelines/lexicons",
    },
)
def make_entities(nlp: Language, name: str, rules: str, roles: str, lexicons: str):
    return EntityFinder(load_resources(config.resolve(rules), config.resolve(roles), config.resolve(lexicons)))


class EntityFinder:
    """The ``kg_entities`` component: the mentions of a Doc, found with ``resources``."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        words = doc._.words if doc._.words is not None else lac_words(text)
        token_starts = set(token_offsets(doc)[0].tolist())
        doc._.mentions, doc._.nested, doc._.places = find_mentions(text, words, self.resources, doc._.bylines or [], token_starts)
        return doc
