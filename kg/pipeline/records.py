"""A page's ``extract/*.json``: the name of its file, and its record completed with what the
whole build decides.

A page's record is made when it is extracted (:func:`kg.pipeline.extract.to_gold_format`) and
kept in the cache as it is; what it cannot know then is added when the graph is made
(:func:`complete_record`): each entity's graph IRI (which person a name is depends on the other
pages), what is known of the page (its newspaper, edition, page and publication date), and the
calendar value of each date, counted from its article's dateline or the publication date.

File names (:func:`record_name`): a document's id is its path relative to the input folder
without the suffix (``2022-09-18/page01``); its record is that id with ``%`` written ``%25``
and ``/`` written ``%2F``, then ``.json`` (``2022-09-18%2Fpage01.json``). The mapping is one to
one and the name holds no folder; the pages of a flat folder keep their names
(``000_ded9f19e0d860891.json``), so answer keys are still paired with them by name. An id too
long for a file name (over 200 bytes) is cut, and the SHA-256 of the whole id appended.
"""
from __future__ import annotations

import hashlib
import json

from ..graph import Identity
from ..model import PageMeta
from ..text.dates import article_anchor, dateline_date, iso_date, resolve_text
from ..vocab import entity_iri

__all__ = ["record_name", "complete_record"]

#: Longest record name kept whole, in UTF-8 bytes (file systems allow 255).
_MAX_NAME = 200


def record_name(doc_id: str) -> str:
    """The file name of the record of document ``doc_id`` (see the module docstring).

    >>> record_name("000_ded9f19e0d860891"), record_name("2022-09-18/page01"), record_name("a%2Fb")
    ('000_ded9f19e0d860891.json', '2022-09-18%2Fpage01.json', 'a%252Fb.json')
    >>> len(record_name("新" * 200).encode()) <= 255
    True
    """
    name = doc_id.replace("%", "%25").replace("/", "%2F")
    if len(name.encode("utf-8", "surrogateescape")) > _MAX_NAME:
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogateescape")).hexdigest()
        name = name.encode("utf-8", "surrogateescape")[:_MAX_NAME - 65].decode("utf-8", "ignore") + "~" + digest
    return name + ".json"


def _date(text: str, anchor) -> dict:
    """A date as written, with its calendar value, precision and qualifier where known."""
    resolved = resolve_text(text, anchor)
    out = {"text": text}
    if resolved is not None:
        if resolved.value:
            out["value"] = resolved.value
        out["precision"] = resolved.precision
        if resolved.qualifier:
            out["qualifier"] = resolved.qualifier
    return out


def complete_record(text: str, doc_id: str, meta: PageMeta, identity: Identity) -> str:
    """The record ``text`` of document ``doc_id`` completed (see the module docstring): the
    page's metadata under ``"page"`` (when any is known), each article's authors with their
    IRIs and its dates, each date's value, each entity's ``"iri"``, each relation's date."""
    record = json.loads(text)
    published = iso_date(meta.published)
    page = {k: v for k, v in (("newspaper", meta.newspaper), ("edition", meta.edition), ("page", meta.page),
                              ("published", meta.published)) if v}
    anchors = {}
    for article in record.get("articles", []):
        anchors[article["id"]] = article_anchor(article["dateline"], published)
        dated = dateline_date(article["dateline"], published)
        article["authors"] = [{"name": name, "role": role, "iri": _iri(identity, doc_id, "PERSON", name)}
                              for name, role in article["authors"]]
        if dated:
            article["date"] = dated.isoformat()
        if meta.published:
            article["published"] = meta.published
    for date in record.get("dates", []):
        date.update(_date(date["text"], anchors.get(date["article"], published)))
    entities = []
    for e in record["entities"]:
        key = e.pop("key", e["name"])
        entities.append({"label": e["label"], "name": e["name"], "iri": _iri(identity, doc_id, e["label"], key, e.get("props")),
                         **{k: v for k, v in e.items() if k not in ("label", "name")}})
    record["entities"] = entities
    for r in record["relations"]:
        if "date" in r:
            r["date"] = _date(r["date"], anchors.get(r["evidence"]["article"], published))
    out = {"doc": record["doc"], **({"page": page} if page else {}), **{k: v for k, v in record.items() if k != "doc"}}
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def _iri(identity: Identity, doc_id: str, label: str, name: str, props: dict | None = None) -> str:
    _, label, name, tag = identity.node(doc_id, label, name, props)
    return str(entity_iri(label, name, tag))
