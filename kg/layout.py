"""The page-layout vocabulary shared by normalisation and article splitting.

Both stages read ``pipelines/layout.toml``; its regexes use placeholders for the byline
vocabulary, filled in here once for both.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from .config import LAYOUT

__all__ = ["LAYOUT_PATH", "expand"]

LAYOUT_PATH = LAYOUT


def expand(pattern: str, vocab: Mapping[str, Any]) -> str:
    """Replace the ``{ROLE}``, ``{NAME}`` and ``{STAFF}`` placeholders of a layout regex.

    >>> expand("{ROLE}{NAME}", {"roles": ["记者"], "name": "[一-龥]{2,3}", "staff": "本报"})
    '(?:记者)[一-龥]{2,3}'
    """
    roles = "(?:" + "|".join(re.escape(r) for r in vocab["roles"]) + ")"
    return pattern.replace("{ROLE}", roles).replace("{NAME}", vocab["name"]).replace("{STAFF}", vocab["staff"])
