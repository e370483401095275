"""Builds the spaCy pipeline from ``pipelines/nlp.cfg`` and registers the project's components.

>>> nlp = build_nlp()                                   # doctest: +SKIP
>>> [t.text for t in nlp.make_doc("云南省总工会")]        # doctest: +SKIP
['云南省', '总工会']
"""
from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import spacy
from spacy.language import Language

from .ner import components  # noqa: F401  (registers the factories)
from .segmenter import DEFAULT_CONFIG, PKUSEG_NOTICE, ROOT, check_model, pkuseg_model_dir, shown

__all__ = ["ROOT", "build_nlp", "pkuseg_model_dir", "PKUSEG_NOTICE"]


def build_nlp(config_path: str | Path = DEFAULT_CONFIG, segmenter=None) -> Language:
    """The initialised pipeline. Raises :class:`kg.errors.KGError` when the model is missing.

    With ``segmenter`` (an object with pkuseg's ``cut``, such as a
    :class:`kg.segmenter.SegmenterProcess` for the same config), the tokenizer uses it and the
    pkuseg model is not loaded here: the pipeline is not initialised then, as none of its own
    components needs it.
    """
    config = spacy.util.load_config(config_path)
    model_dir = pkuseg_model_dir(config["initialize"]["tokenizer"]["pkuseg_model"])
    check_model(model_dir)
    config["initialize"]["tokenizer"]["pkuseg_model"] = str(model_dir)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
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
