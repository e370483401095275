"""Reading answer keys and predictions for ``kg evaluate``, checked against their format.

The format is that of the annotation guidelines ("Gold file format"): one JSON object per
document with ``doc`` (a string), ``entities`` (objects with ``label``, one of the six labels in
upper case, ``name``, a non-empty string, and ``aliases``, a list of strings) and ``relations``
(objects with ``subject``, ``predicate``, one of the seven predicates, ``object`` and an
optional ``role``, strings). Predictions (``extract/*.json``) have the same shape, and may add
``props`` to an entity and ``evidence`` to either (checked for its types when present).

A file that does not follow it is refused with one line naming the file and the field at fault
(``entities[3].aliases``), so that no score is computed from a file read wrongly.

>>> check_document({"doc": "a.txt", "entities": [{"label": "org", "name": "甲", "aliases": []}],
...                 "relations": []}, "gold/a.json")
Traceback (most recent call last):
...
kg.errors.KGError: E008 gold/a.json: entities[0].label is 'org', not one of AWARD, EVENT, ORG, PERSON, PLACE, PROGRAMME (labels are upper case)
"""
from __future__ import annotations

import json
from pathlib import Path

from . import errors
from .io.names import shown
from .model import LABELS, PREDICATES

__all__ = ["check_document", "read_document"]

_ENTITY_EVIDENCE = {"article": str, "start": int, "end": int, "text": str, "rule": str}
_RELATION_EVIDENCE = {"article": str, "start": int, "end": int, "sentence": str, "rule": str}
_TYPE_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "an object"}


class _Fault(Exception):
    def __init__(self, field: str, problem: str):
        super().__init__(f"{field} {problem}")


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _typed(obj: dict, key: str, kind: type, where: str, required: bool = True):
    if key not in obj:
        if required:
            raise _Fault(f"{where}.{key}" if where else key, "is missing")
        return None
    value = obj[key]
    if type(value) is not kind:
        raise _Fault(f"{where}.{key}" if where else key, f"is {_kind(value)}, not {_TYPE_NAMES[kind]}")
    return value


def _one_of(value: str, allowed, field: str, note: str = "") -> None:
    if value not in allowed:
        raise _Fault(field, f"is {value!r}, not one of {', '.join(sorted(allowed))}{note}")


def _evidence(value, fields: dict, where: str) -> None:
    for i, item in enumerate(value if type(value) is list else [value]):
        at = f"{where}[{i}]" if type(value) is list else where
        if type(item) is not dict:
            raise _Fault(at, f"is {_kind(item)}, not an object")
        for key, kind in fields.items():
            _typed(item, key, kind, at, required=False)


def _entity(e, where: str, prediction: bool) -> None:
    if type(e) is not dict:
        raise _Fault(where, f"is {_kind(e)}, not an object")
    label = _typed(e, "label", str, where)
    note = " (labels are upper case)" if label.upper() in LABELS else ""
    _one_of(label, LABELS, f"{where}.label", note)
    if not _typed(e, "name", str, where).strip():
        raise _Fault(f"{where}.name", "is empty")
    aliases = _typed(e, "aliases", list, where)
    for i, alias in enumerate(aliases):
        if type(alias) is not str:
            raise _Fault(f"{where}.aliases[{i}]", f"is {_kind(alias)}, not a string")
    _typed(e, "props", dict, where, required=False)
    if prediction and "evidence" in e:
        _evidence(_typed(e, "evidence", list, where), _ENTITY_EVIDENCE, f"{where}.evidence")


def _relation(r, where: str, prediction: bool) -> None:
    if type(r) is not dict:
        raise _Fault(where, f"is {_kind(r)}, not an object")
    for end in ("subject", "object"):
        if not _typed(r, end, str, where).strip():
            raise _Fault(f"{where}.{end}", "is empty")
    predicate = _typed(r, "predicate", str, where)
    _one_of(predicate, PREDICATES, f"{where}.predicate", " (predicates are lower case)" if predicate.lower() in PREDICATES else "")
    if "role" in r and r["role"] is not None:
        _typed(r, "role", str, where)
    if prediction and "evidence" in r:
        _evidence(_typed(r, "evidence", dict, where), _RELATION_EVIDENCE, f"{where}.evidence")


def check_document(data, name: str, prediction: bool = False) -> None:
    """Refuse ``data`` (the parsed JSON of the file ``name``) unless it has the format of the
    module docstring: :class:`kg.errors.KGError` E008 naming the file and the field."""
    try:
        if type(data) is not dict:
            raise _Fault("the file", f"holds {_kind(data)}, not an object")
        _typed(data, "doc", str, "")
        for i, e in enumerate(_typed(data, "entities", list, "")):
            _entity(e, f"entities[{i}]", prediction)
        for i, r in enumerate(_typed(data, "relations", list, "")):
            _relation(r, f"relations[{i}]", prediction)
    except _Fault as fault:
        raise errors.KGError(errors.E008.format(path=name, fault=fault)) from None


def read_document(path: Path, prediction: bool = False) -> dict:
    """The document in the JSON file ``path``, checked (:func:`check_document`); one-line
    errors naming the file when it cannot be read, is not JSON, or is not of the format."""
    name = shown(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise errors.KGError(errors.E003.format(path=name, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise errors.KGError(errors.E009.format(path=name, reason=f"not UTF-8 ({exc.reason} at byte {exc.start:,})")) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise errors.KGError(errors.E009.format(path=name, reason=exc)) from None
    check_document(data, name, prediction)
    return data
