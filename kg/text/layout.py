"""The page-layout vocabulary shared by normalisation and article splitting.

Both stages compile their patterns from ``pipelines/layout.toml``, which :func:`read_layout`
reads once for both; its regexes use placeholders for the byline vocabulary, filled in by
:func:`expand`.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..config import LAYOUT

__all__ = ["LAYOUT_PATH", "read_layout", "expand"]

LAYOUT_PATH = LAYOUT


@lru_cache(maxsize=8)
def read_layout(path: Path | str = LAYOUT_PATH) -> Mapping[str, Any]:
    """The parsed layout file (read once per path; the stages compile from it, not change it)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def expand(pattern: str, vocab: Mapping[str, Any]) -> str:
    """Replace the ``{ROLE}``, ``{NAME}`` and ``{STAFF}`` placeholders of a layout regex.

    >>> expand("{ROLE}{NAME}", {"roles": ["记者"], "name": "[一-龥]{2,3}", "staff": "本报"})
    '(?:记者)[一-龥]{2,3}'
    """
    roles = "(?:" + "|".join(re.escape(r) for r in vocab["roles"]) + ")"
    return pattern.replace("{ROLE}", roles).replace("{NAME}", vocab["name"]).replace("{STAFF}", vocab["staff"])
