"""What a build is told about its pages besides their text: a manifest (``--manifest``) and
dates in the paths of an archive (``--date-from-path``). Without either, a page's newspaper,
edition, page and publication date stay unknown: nothing is guessed.

A manifest is CSV (a header row, then one row per page) or JSON (a list of objects), with the
fields ``file`` (the page's path relative to the input folder, as its document is named:
``2022-09-18/page01.txt``; or that path without its suffix), ``newspaper``, ``edition``,
``page`` and ``date`` (the publication date, ``YYYY-MM-DD``; ``published`` is read the same).
A field may be empty; any other field, a bad date, a second row for one file or a row without a
file is an error naming the manifest and the row.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "m.csv"
...     _ = path.write_text("file,newspaper,date\\n2022-09-18/p1.txt,工人日报,2022-09-18\\n", encoding="utf-8")
...     Metadata(path).meta("2022-09-18/p1.txt", "2022-09-18/p1")
PageMeta(newspaper='工人日报', edition='', page='', published='2022-09-18', sha256='')
>>> date_pattern("%Y-%m-%d")("archive/2022-09-18/page01.txt")
'2022-09-18'
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import posixpath
import re
from pathlib import Path
from typing import Callable

from .. import errors
from ..model import PageMeta
from ..text.dates import iso_date

__all__ = ["FIELDS", "read_manifest", "date_pattern", "Metadata"]

#: Manifest field -> the :class:`~kg.model.PageMeta` field it fills.
FIELDS = {"newspaper": "newspaper", "edition": "edition", "page": "page", "date": "published", "published": "published"}


def _rows(path: Path) -> list[tuple[int, dict]]:
    """``(row number, fields)`` of each row of a CSV or JSON manifest (numbered as a reader
    counts them: CSV lines from the header's 1, JSON items from 1)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.UsageError(errors.E051.format(path=path, where=f"byte {exc.start}", reason=f"not UTF-8 text ({exc.reason})")) from None
    except OSError as exc:
        raise errors.UsageError(errors.E003.format(path=path, reason=exc.strerror or exc)) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except ValueError as exc:
            raise errors.UsageError(errors.E051.format(path=path, where=f"line {getattr(exc, 'lineno', 1)}", reason=f"not JSON: {exc}")) from None
        if not isinstance(items, list):
            raise errors.UsageError(errors.E051.format(path=path, where="line 1", reason="a JSON manifest is a list of objects, one per page"))
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise errors.UsageError(errors.E051.format(path=path, where=f"row {n}", reason="not an object"))
        return [(n, item) for n, item in enumerate(items, 1)]
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader]


def _meta(path: Path, row: int, fields: dict) -> tuple[str, PageMeta]:
    """The file and page metadata of one manifest row."""
    unknown = sorted(str(k) for k in fields if k not in FIELDS and k != "file")
    if unknown:
        known = ", ".join(["file", *FIELDS])
        raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason=f"unknown field {unknown[0]!r} (fields: {known})"))
    values = {}
    for key, value in fields.items():
        value = "" if value is None else value  # a CSV row shorter than the header
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason=f"{key} is not a text"))
        values[key] = str(value).strip()
    if not values.get("file"):
        raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason="no file"))
    published = values.get("date") or values.get("published") or ""
    if published and iso_date(published) is None:
        raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason=f"date {published!r} is not a date YYYY-MM-DD"))
    meta = {FIELDS[k]: v for k, v in values.items() if k in FIELDS and k not in ("date", "published")}
    return posixpath.normpath(values["file"].replace("\\", "/")), PageMeta(**meta, published=published)


def read_manifest(path: str | Path) -> dict[str, PageMeta]:
    """File -> page metadata of a manifest; :class:`kg.errors.KGError` naming the file and the
    row of the first problem."""
    path = Path(path)
    pages: dict[str, PageMeta] = {}
    for row, fields in _rows(path):
        if None in fields:  # a CSV row with more fields than the header
            raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason="more fields than the header names"))
        file, meta = _meta(path, row, fields)
        if file in pages:
            raise errors.UsageError(errors.E051.format(path=path, where=f"row {row}", reason=f"a second row for {file}"))
        pages[file] = meta
    return pages


def date_pattern(pattern: str) -> Callable[[str], str]:
    """A function giving the publication date (ISO) a path carries, ``""`` where it carries
    none: ``pattern`` is found anywhere in the path, ``%Y`` standing for the year, ``%m`` the
    month, ``%d`` the day (one or two digits), ``%%`` for ``%``; the rest is literal.

    >>> find = date_pattern("%Y/%m%d/")
    >>> find("2022/0918/p1.txt"), find("2022/1399/p1.txt"), find("misc/p1.txt")
    ('2022-09-18', '', '')
    """
    parts = re.split(r"(%[Ymd%])", pattern)
    codes = [p for p in parts if p in ("%Y", "%m", "%d")]
    if sorted(codes) != ["%Y", "%d", "%m"]:
        raise errors.UsageError(errors.E052.format(pattern=pattern))
    groups = {"%Y": r"(?P<Y>[0-9]{4})", "%m": r"(?P<m>[0-9]{1,2})", "%d": r"(?P<d>[0-9]{1,2})", "%%": "%"}
    regex = re.compile("".join(groups.get(p, re.escape(p)) for p in parts))

    def find(path: str) -> str:
        for m in regex.finditer(path):
            try:
                return datetime.date(int(m["Y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:  # 2022/1399: no date
                continue
        return ""

    return find


class Metadata:
    """The page metadata of a build: from a manifest, a date pattern for paths, both or none
    (a manifest's date wins over the path's)."""

    def __init__(self, manifest: str | Path | None = None, date_from_path: str | None = None):
        self.pages = read_manifest(manifest) if manifest else {}
        self.path_date = date_pattern(date_from_path) if date_from_path else None
        self.used: set[str] = set()

    def meta(self, source: str, doc_id: str, sha256: str = "") -> PageMeta:
        """What is known of the page ``source`` (its path relative to its input folder; its
        document id is that path without the suffix)."""
        key = source if source in self.pages else doc_id
        meta = self.pages.get(key, PageMeta())
        if key in self.pages:
            self.used.add(key)
        if not meta.published and self.path_date is not None:
            meta = PageMeta(meta.newspaper, meta.edition, meta.page, self.path_date(source))
        return PageMeta(meta.newspaper, meta.edition, meta.page, meta.published, sha256)
