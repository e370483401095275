"""Builds the spaCy pipeline from ``pipelines/nlp.cfg`` and registers the project's components.

>>> nlp = build_nlp()                                   # doctest: +SKIP
>>> [t.text for t in nlp.make_doc("云南省总工会")]        # doctest: +SKIP
['云南省', '总工会']
"""
from __future__ import annotations

import contextlib
import copy
import errno
import io
import sys

import spacy
from confection import Config
from spacy.language import Language

from ..config import MAX_CHARACTERS, Settings, load_settings
from . import components  # noqa: F401  (registers the factories)
from .segmenter import PKUSEG_NOTICE, check_model, shown

__all__ = ["build_nlp", "PKUSEG_NOTICE"]


def build_nlp(settings: Settings | None = None, segmenter=None) -> Language:
    """The initialised pipeline of ``settings`` (those of ``pipelines/nlp.cfg`` by default).
    Raises :class:`kg.errors.KGError` when the model is missing.

    With ``segmenter`` (an object with pkuseg's ``cut``, such as a
    :class:`kg.ner.segmenter.SegmenterProcess` for the same config), the tokenizer uses it and the
    pkuseg model is not loaded here: the pipeline is not initialised then, as none of its own
    components needs it.
    """
    settings = settings or load_settings()
    if "nlp" not in settings.nlp:
        raise FileNotFoundError(errno.ENOENT, "no spaCy pipeline config", str(settings.path))
    model_dir = settings.pkuseg_model
    check_model(model_dir)
    config = Config(copy.deepcopy(settings.nlp), section_order=spacy.util.CONFIG_SECTION_ORDER)
    config["initialize"]["tokenizer"]["pkuseg_model"] = str(model_dir)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.max_length = MAX_CHARACTERS  # the limit kg build checks each page against
    if segmenter is not None:
        nlp.tokenizer.pkuseg_seg = segmenter
        return nlp
    printed = io.StringIO()
    try:
        with contextlib.redirect_stderr(printed):
            nlp.initialize()
    finally:  # anything else it printed is passed on
        sys.stderr.write(shown(printed.getvalue()))
    return nlp
