"""Builds the spaCy pipeline from ``pipelines/nlp.cfg`` and registers the project's components.

>>> nlp = build_nlp()                                   # doctest: +SKIP
>>> [t.text for t in nlp.make_doc("云南省总工会")]        # doctest: +SKIP
['云南省', '总工会']
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import spacy
from spacy.language import Language

from . import errors
from .ner import components  # noqa: F401  (registers the factories)

__all__ = ["ROOT", "build_nlp", "pkuseg_model_dir"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "pipelines" / "nlp.cfg"
#: What spacy-pkuseg prints at every load of a model kept as ``features.pkl`` (the form pkuseg's
#: sdist ships; it loads in 2.6 s, the msgpack form in 4.6 s): nothing is wrong, so not shown.
PKUSEG_NOTICE = "WARNING: features.msgpack does not exist, try loading features.pkl"


def pkuseg_model_dir(config_value: str) -> Path:
    """The pkuseg model directory: ``$KG_PKUSEG_MODEL`` or the config's path under the repo."""
    path = Path(os.environ.get("KG_PKUSEG_MODEL") or config_value)
    return path if path.is_absolute() else ROOT / path


def build_nlp(config_path: str | Path = DEFAULT_CONFIG) -> Language:
    """The initialised pipeline. Raises :class:`kg.errors.KGError` when the model is missing."""
    config = spacy.util.load_config(config_path)
    model_dir = pkuseg_model_dir(config["initialize"]["tokenizer"]["pkuseg_model"])
    if not (model_dir / "weights.npz").exists():
        raise errors.KGError(errors.E001.format(path=model_dir))
    config["initialize"]["tokenizer"]["pkuseg_model"] = str(model_dir)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stderr(printed):
            nlp.initialize()
    finally:  # anything else it printed is passed on
        sys.stderr.write("".join(line for line in printed.getvalue().splitlines(keepends=True) if line.strip() != PKUSEG_NOTICE))
    return nlp
