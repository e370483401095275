"""Scoring extracted documents against answer keys, by the rules of the annotation guidelines.

An entity is right when a gold entity of the same label has its name among the gold name and
aliases (spaces and quote marks ignored), and no earlier prediction took that gold entity.
A relation is right when its predicate matches and both ends denote the gold ends (either
order for ``partner_of``). ``role`` is scored as accuracy over matched relations whose gold
has a role. This reproduces ``shared/tools/score.py`` so that ``kg evaluate`` and the shared
scorer agree; :func:`score_documents` also returns the errors behind the figures.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import errors
from .entities.names import squash
from .goldfiles import read_document
from .model import SYMMETRIC

__all__ = ["Tally", "score_document", "score_documents", "score_dirs", "format_report", "format_documents"]



@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, other: "Tally") -> None:
        for part in ("tp", "fp", "fn"):
            getattr(self, part).update(getattr(other, part))

    def table(self) -> dict[str, dict]:
        keys = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        out = {k: _prf(self.tp[k], self.fp[k], self.fn[k]) for k in keys}
        out["micro"] = _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


class _Gold:
    def __init__(self, gold: dict):
        self.keys = {(e["label"], squash(e["name"])) for e in gold["entities"]}
        self.form = {}
        self.any_label = defaultdict(set)
        for e in gold["entities"]:
            key = (e["label"], squash(e["name"]))
            for f in [e["name"], *e.get("aliases", [])]:
                self.form.setdefault((e["label"], squash(f)), key)
        for (label, f), key in self.form.items():
            self.any_label[f].add(key)

    def entity(self, label, name):
        return self.form.get((label, squash(name)))

    def ends(self, name):
        return self.any_label.get(squash(name), set())


def _rel_key(pred, a, b):
    if pred in SYMMETRIC and b < a:
        a, b = b, a
    return (pred, a, b)


def score_document(gold: dict, pred: dict) -> tuple[Tally, Tally, Counter, dict]:
    """Entity and relation tallies, role counts and the errors of one document."""
    g = _Gold(gold)
    ent, rel = Tally(), Tally()
    errs = {"entity_fp": [], "entity_fn": [], "relation_fp": [], "relation_fn": [], "role_wrong": []}
    matched, seen = set(), set()
    for e in pred.get("entities", []):
        label, name = e.get("label"), squash(e.get("name"))
        if (label, name) in seen:
            continue
        seen.add((label, name))
        hit = g.entity(label, name)
        if hit is None:
            hit = next((g.entity(label, a) for a in e.get("aliases", []) if g.entity(label, a)), None)
        if hit and hit not in matched:
            matched.add(hit)
            ent.tp[label] += 1
        else:
            ent.fp[label] += 1
            errs["entity_fp"].append({"label": label, "name": e.get("name"), "why": "duplicate" if hit else "unknown"})
    for label, name in sorted(g.keys - matched):
        ent.fn[label] += 1
        errs["entity_fn"].append({"label": label, "name": name})

    gold_rels = defaultdict(list)
    for r in gold["relations"]:
        gold_rels[_rel_key(r["predicate"], squash(r["subject"]), squash(r["object"]))].append(r)
    hit_rels, seen_rel = set(), set()
    roles = Counter()
    for r in pred.get("relations", []):
        subjects = g.ends(r["subject"]) or {("?", squash(r["subject"]))}
        objects = g.ends(r["object"]) or {("?", squash(r["object"]))}
        keys = {_rel_key(r["predicate"], s[1], o[1]) for s in subjects for o in objects}
        pkey = (r.get("predicate"), frozenset(keys), r.get("role"))
        if pkey in seen_rel:
            continue
        seen_rel.add(pkey)
        hits = sorted(k for k in keys if k in gold_rels)
        new = [k for k in hits if k not in hit_rels]
        if new:
            k = new[0]
            hit_rels.add(k)
            rel.tp[r["predicate"]] += 1
            gold_roles = {squash(x.get("role")) for x in gold_rels[k] if x.get("role")}
            if gold_roles:
                roles["total"] += 1
                right = squash(r.get("role")) in gold_roles
                roles["right"] += right
                if not right:
                    errs["role_wrong"].append({"relation": list(k), "role": r.get("role"), "gold": sorted(gold_roles)})
        elif not hits:
            rel.fp[r.get("predicate")] += 1
            errs["relation_fp"].append({k: r.get(k) for k in ("subject", "predicate", "object", "role")} | {"rule": (r.get("evidence") or {}).get("rule")})
    for k in sorted(set(gold_rels) - hit_rels):
        rel.fn[k[0]] += 1
        errs["relation_fn"].append({"subject": k[1], "predicate": k[0], "object": k[2]})
    return ent, rel, roles, errs


def score_documents(pairs) -> dict:
    """Report over ``(name, gold, pred)`` triples."""
    ent, rel, roles = Tally(), Tally(), Counter()
    per_doc, errs = {}, {}
    for name, gold, pred in pairs:
        e, r, ro, er = score_document(gold, pred)
        ent.add(e)
        rel.add(r)
        roles.update(ro)
        per_doc[name] = {"entities": e.table()["micro"], "relations": r.table()["micro"]}
        errs[name] = er
    return {
        "documents": per_doc,
        "entities": ent.table(),
        "relations": rel.table(),
        "role_accuracy": round(roles["right"] / roles["total"], 4) if roles["total"] else None,
        "errors": errs,
    }


def score_dirs(gold_dir: str | Path, pred_dir: str | Path) -> dict:
    """Score every gold file of ``gold_dir`` against the same-named file of ``pred_dir``
    (a missing prediction scores as empty output). Each file is checked against the format
    (:mod:`kg.goldfiles`) as it is read; the first at fault is refused, naming the field."""
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise errors.KGError(errors.E005.format(path=gold_dir))
    pairs = []
    for gf in gold_files:
        gold = read_document(gf)
        pf = Path(pred_dir) / gf.name
        pred = read_document(pf, prediction=True) if pf.exists() else {"entities": [], "relations": []}
        pairs.append((gf.name, gold, pred))
    return score_documents(pairs)


def format_report(report: dict, show_errors: bool = False) -> str:
    """The report as a text table (and the errors, grouped by label and predicate)."""
    lines = []
    for kind in ("entities", "relations"):
        lines.append(f"{kind}:")
        for key, v in report[kind].items():
            lines.append(f"  {key:22s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  (tp={v['tp']} fp={v['fp']} fn={v['fn']})")
    lines.append(f"role accuracy: {report['role_accuracy']}")
    e, r = report["entities"]["micro"], report["relations"]["micro"]
    lines.append(f"entity F1 {e['f1']:.3f} relation F1 {r['f1']:.3f}")
    if show_errors:
        for doc, er in report["errors"].items():
            lines.append(f"\n== {doc}")
            for what, fmt in (
                ("entity_fp", lambda x: f"{x['label']:9s} {x['name']}  ({x['why']})"),
                ("entity_fn", lambda x: f"{x['label']:9s} {x['name']}"),
                ("relation_fp", lambda x: f"{x['predicate']:19s} {x['subject']} -> {x['object']}" + (f" [{x['role']}]" if x.get("role") else "") + f"  ({x.get('rule')})"),
                ("relation_fn", lambda x: f"{x['predicate']:19s} {x['subject']} -> {x['object']}"),
                ("role_wrong", lambda x: f"{x['relation'][0]:19s} {x['relation'][1]} -> {x['relation'][2]}: {x['role']} (gold {', '.join(x['gold'])})"),
            ):
                items = sorted(er[what], key=lambda x: json.dumps(x, ensure_ascii=False))
                if items:
                    lines.append(f"-- {what.replace('_', ' ')} ({len(items)})")
                    lines += ["   " + fmt(x) for x in items]
    return "\n".join(lines)


def format_documents(report: dict) -> str:
    """One line per document of a report: its entity and relation P, R and F1.

    >>> r = {"documents": {"a.json": {"entities": {"p": 1.0, "r": 0.5, "f1": 0.6667},
    ...                               "relations": {"p": 0.0, "r": 0.0, "f1": 0.0}}}}
    >>> print(format_documents(r))
      a.json                       entities P=1.000 R=0.500 F1=0.667   relations P=0.000 R=0.000 F1=0.000
    """
    lines = []
    for doc, v in report["documents"].items():
        e, r = v["entities"], v["relations"]
        lines.append(f"  {doc:28s} entities P={e['p']:.3f} R={e['r']:.3f} F1={e['f1']:.3f}   "
                     f"relations P={r['p']:.3f} R={r['r']:.3f} F1={r['f1']:.3f}")
    return "\n".join(lines)

