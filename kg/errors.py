"""Error messages, each with a code, in one place (as spaCy keeps its own)."""
from __future__ import annotations

__all__ = ["KGError"]


class KGError(Exception):
    """An error the user can act on; the CLI prints it on one line without a traceback."""


E001 = "E001 the pkuseg segmentation model is missing at {path}: run `make setup` (it fetches the model from the pkuseg 0.0.25 sdist on PyPI)"
E002 = "E002 no input files found in {paths}"
E003 = "E003 cannot read {path}: {reason}"
E004 = "E004 {path} is not UTF-8 text: {reason}"
E005 = "E005 no gold files in {path}"
E006 = "E006 {path} is empty"
