"""Which body belongs to which (sub_organization_of): the parent written at the start of a name."""
from __future__ import annotations

import bisect
from typing import Iterable

from ..model import Relation
from .rules import NameParent
from .scene import Scene, relation

__all__ = ['name_parent']


def name_parent(scene: Scene, rule: NameParent) -> Iterable[Relation]:
    """The parent organisation written at the start of a longer name. A body of a kind the
    parent has too (``same_kind``: 云南建投集团柬埔寨区域工会) belongs to the parent's own
    body of that kind (云南建投集团工会) when the page names it."""
    kinds = rule.same_kind
    nested_orgs = [n for n in scene.nested if n.label == "ORG"]
    for n in nested_orgs:
        i = bisect.bisect_left(scene.starts, n.start)  # the mentions that start with it
        # (a body named inside an event's name has its parent inside it too: 天津市总工会|第十五届
        # 委员会|第三次全体会议)
        inner = sorted((o for o in nested_orgs if o.start == n.start and o.end > n.end), key=lambda o: o.end)
        for m in scene.mentions[i:bisect.bisect_right(scene.starts, n.start)] + inner[:1]:
            if m.start == n.start and m.end > n.end and scene.label(m) == "ORG":
                parent = scene.key_of.get((n.start, n.end, "ORG"))
                kind = next((k for k in kinds if m.text.endswith(k) and not n.text.endswith(k)), None)
                middle = m.text[len(n.text):len(m.text) - len(kind)] if kind else ""
                if parent and kind and middle not in rule.legal_forms and ("ORG", parent[1] + kind) in scene.entities \
                        and ("ORG", parent[1] + kind) != scene.key(m):
                    # (not when only the parent's legal form stands between: 山西焦煤集团|有限责任公司|工会
                    # is the union of the company itself)
                    parent = ("ORG", parent[1] + kind)
                rel = relation(scene, rule, scene.key(m), parent, None, m)
                if rel:
                    yield rel
                break
