"""Head words: the last word of a name, which says what it names (总工会, 公园, 竞赛 ...).

>>> ends_with_head("云南省总工会", ("工会", "总工会")), starts_with_head("工作室里", ["工作", "工作室"])
('总工会', '工作室')
"""
from __future__ import annotations

from typing import Mapping, Sequence

__all__ = ["ends_with_head", "best_head", "starts_with_head", "LEVEL_ENDS"]

#: the characters a division's full name ends in, its level (云南省, 昆明市, 五华区, 锡林郭勒盟)
LEVEL_ENDS = "省市县区州旗盟"


_HEADS_BY_LAST: dict[tuple, dict[str, list[str]]] = {}
_HEADS_BY_ID: dict[int, tuple[Sequence[str], dict[str, list[str]]]] = {}


def ends_with_head(text: str, heads: Sequence[str]) -> str | None:
    """The longest of ``heads`` that ends ``text`` (the heads are indexed by their last
    character once per list)."""
    if not text:
        return None
    # the rules pass the same few lists again and again: found by identity first (making and
    # hashing the tuple of a list of a hundred heads cost more than the lookup itself)
    held = _HEADS_BY_ID.get(id(heads))
    if held is not None and held[0] is heads:
        index = held[1]
    else:
        key = tuple(heads)
        index = _HEADS_BY_LAST.get(key)
        if index is None:
            index = {}
            for h in sorted(heads, key=len, reverse=True):
                if h:
                    index.setdefault(h[-1], []).append(h)
            _HEADS_BY_LAST[key] = index
        if type(heads) is tuple:  # immutable: its index stays right
            if len(_HEADS_BY_ID) >= 256:
                _HEADS_BY_ID.clear()
            _HEADS_BY_ID[id(heads)] = (heads, index)  # held, so that its id is not reused
    for h in index.get(text[-1], ()):
        if text.endswith(h):
            return h
    return None


def best_head(word: str, heads: Mapping[str, Sequence[str]], labels: Sequence[str]) -> tuple[str | None, str | None]:
    """The longest head any label has that ends ``word``, and that label (first label wins
    a tie): 水电站 makes a place even though 站 alone would end an organisation."""
    best, best_label = None, None
    for label in labels:
        h = ends_with_head(word, heads[label])
        if h and (best is None or len(h) > len(best)):
            best, best_label = h, label
    return best, best_label


def starts_with_head(text: str, heads: Sequence[str]) -> str | None:
    """The longest of ``heads`` that ``text`` starts with."""
    return max((h for h in heads if text.startswith(h)), key=len, default=None)
