"""Dates in the text: found where they are written, read into their parts, and resolved
against the date of the article they stand in.

The patterns are data (``pipelines/dates.toml``). :func:`find_dates` gives the spans of date
expressions in a text (``2022年9月17日``, ``9月17日``, ``9月中旬``, ``截至8月30日``, ``今年以来``,
``近日``), :func:`parse_date` reads one expression as written, and :func:`resolve` gives its
calendar value at the precision the text gives, counted from an anchor date (the article's
dateline, else the page's publication date) where the text leaves the year or the day out.
Without an anchor such an expression stays as written: nothing is guessed.

>>> [text for _, _, text in find_dates("截至8月30日，今年以来共举办9月中旬的活动。")]
['截至8月30日', '今年以来', '9月中旬']
>>> resolve(parse_date("9月17日"), datetime.date(2022, 9, 18))
Resolved(value='2022-09-17', precision='day', qualifier='')
>>> resolve(parse_date("今年以来"), datetime.date(2022, 9, 18))
Resolved(value='2022', precision='year', qualifier='since')
>>> resolve(parse_date("9月17日"), None)
Resolved(value=None, precision='day', qualifier='')
"""
from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import DATES

__all__ = ["DatePatterns", "load_dates", "DateExpr", "Resolved", "XSD_TYPES", "find_dates", "parse_date",
           "resolve", "resolve_text", "iso_date", "dateline_date", "article_anchor"]

#: Precision -> the XML Schema type of a value at that precision.
XSD_TYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}


@dataclass(frozen=True)
class _Pattern:
    id: str
    regex: re.Pattern[str]
    precision: str
    needs_qualifier: bool


@dataclass(frozen=True)
class DatePatterns:
    """The compiled ``pipelines/dates.toml``: patterns in order, and the tables they read."""

    patterns: tuple[_Pattern, ...]
    digits: dict[str, int]
    parts: dict[str, str]
    days: dict[str, int]
    years: dict[str, int]
    before: tuple[tuple[str, str], ...]  # (word, qualifier), longest word first
    after: tuple[tuple[str, str], ...]
    future_days: int = 92  # how far after the anchor a date without its year may lie
    timeless_kinds: frozenset[str] = frozenset()  # relation rule kinds whose facts take no date


@lru_cache(maxsize=4)
def load_dates(path: str | Path = DATES) -> DatePatterns:
    """The date patterns of a dates file (read and compiled once per path)."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    numbers, rel, qual = data["numbers"], data["relative"], data["qualifiers"]
    groups = {
        "{YEAR}": f"(?P<year>{numbers['year']})",
        "{MONTH}": f"(?P<month>{numbers['month']})",
        "{DAY}": f"(?P<day>{numbers['day']})",
        "{PART}": "(?P<part>" + "|".join(map(re.escape, sorted(data["parts"], key=len, reverse=True))) + ")",
    }
    patterns = []
    for row in data["pattern"]:
        regex = row["regex"]
        for placeholder, group in groups.items():
            regex = regex.replace(placeholder, group)
        # never the tail of a longer number (12023年)
        patterns.append(_Pattern(row["id"], re.compile("(?<![0-9])" + regex), row["precision"], row.get("needs_qualifier", False)))
    digits = {ch: (i - 1 if i else 0) for i, ch in enumerate(numbers["digits"])}

    def longest_first(table: dict) -> tuple:
        return tuple(sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0])))

    return DatePatterns(tuple(patterns), digits, dict(data["parts"]), dict(rel["days"]), dict(rel["years"]),
                        longest_first(qual["before"]), longest_first(qual["after"]),
                        int(data.get("resolve", {}).get("future_days", 92)),
                        frozenset(data.get("facts", {}).get("timeless_kinds", ())))


def _qualified(text: str, start: int, end: int, dp: DatePatterns) -> tuple[int, int, str]:
    """``start``, ``end`` widened over a qualifier word before or after, and the qualifier."""
    qualifier = ""
    for word, kind in dp.before:
        if text.startswith(word, start - len(word)) and start >= len(word):
            start, qualifier = start - len(word), kind
            break
    for word, kind in dp.after:
        if text.startswith(word, end):
            end, qualifier = end + len(word), qualifier or kind
            break
    return start, end, qualifier


def _candidates(text: str, dp: DatePatterns):
    """Every match of every pattern: ``(start, end, order, match, qualifier)``."""
    for order, pattern in enumerate(dp.patterns):
        for m in pattern.regex.finditer(text):
            start, end, qualifier = _qualified(text, m.start(), m.end(), dp)
            if pattern.needs_qualifier and not qualifier:
                continue
            if _fields(m, dp) is None:  # 9月31日
                continue
            yield start, end, order, m, qualifier


def find_dates(text: str, patterns: DatePatterns | None = None) -> list[tuple[int, int, str]]:
    """The date expressions of ``text`` as ``(start, end, text)``, in order and apart: where
    two overlap, the one that starts first, then the longer, then the earlier pattern.

    >>> find_dates("2022年9月17日电 近日")
    [(0, 10, '2022年9月17日'), (12, 14, '近日')]
    """
    dp = patterns or load_dates()
    found = sorted(_candidates(text, dp), key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out, reached = [], 0
    for start, end, *_ in found:
        if start >= reached:
            out.append((start, end, text[start:end]))
            reached = end
    return out


@dataclass(frozen=True)
class DateExpr:
    """A date expression as written, read into its parts (``None``: the text does not say).

    ``days`` and ``years`` count from the anchor date (今天 0, 昨天 -1, 去年 -1); ``part`` is a
    part of the month (early, middle, late, end); ``precision`` is day, month, year or none.
    """

    text: str
    precision: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    days: int | None = None
    years: int | None = None
    part: str = ""
    qualifier: str = ""


def _number(text: str, digits: dict[str, int]) -> int:
    """An Arabic or Chinese number (十七, 二十三, 二〇二二).

    >>> d = load_dates().digits
    >>> [_number(t, d) for t in ("17", "十七", "二十三", "三十", "二〇二二", "九")]
    [17, 17, 23, 30, 2022, 9]
    """
    if text.isascii():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return int("".join(str(digits[ch]) for ch in text))


def _fields(m: re.Match, dp: DatePatterns) -> dict | None:
    """The parts a match gives, or None when they name no calendar date (9月31日)."""
    groups = m.groupdict()
    out = {name: _number(groups[name], dp.digits) for name in ("year", "month", "day") if groups.get(name)}
    if groups.get("part"):
        out["part"] = dp.parts[groups["part"]]
    word = groups.get("word")
    if word in dp.days:
        out["days"] = dp.days[word]
    elif word in dp.years:
        out["years"] = dp.years[word]
    month, day = out.get("month"), out.get("day")
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            datetime.date(out.get("year", 2000), month, day)  # 2000: a leap year, for 2月29日
        except ValueError:
            return None
    return out


def parse_date(text: str, patterns: DatePatterns | None = None) -> DateExpr | None:
    """``text``, one whole date expression as :func:`find_dates` finds it, read into its parts;
    None when it is not one.

    >>> parse_date("截至8月30日")
    DateExpr(text='截至8月30日', precision='day', year=None, month=8, day=30, days=None, years=None, part='', qualifier='until')
    >>> parse_date("8月") is None
    True
    """
    dp = patterns or load_dates()
    for start, end, order, m, qualifier in sorted(_candidates(text, dp), key=lambda c: (c[0], -(c[1] - c[0]), c[2])):
        if start == 0 and end == len(text):
            return DateExpr(text, dp.patterns[order].precision, qualifier=qualifier, **_fields(m, dp))
    return None


@dataclass(frozen=True)
class Resolved:
    """A date's calendar value (ISO 8601 at its precision: ``2022-09-17``, ``2022-09``,
    ``2022``; None when it cannot be known), its precision, and how the fact relates to it."""

    value: str | None
    precision: str
    qualifier: str = ""

    @property
    def xsd(self) -> str | None:
        """The XML Schema type of :attr:`value` (``date``, ``gYearMonth``, ``gYear``)."""
        return XSD_TYPES.get(self.precision) if self.value else None


def _year_of(anchor: datetime.date, month: int, day: int, future_days: int) -> int:
    """The latest year that puts ``month``/``day`` at most ``future_days`` after ``anchor``
    (12月30日 in a page of 2023-01-02 is 2022-12-30, 3月14日 in one of 2023-09-18 2023-03-14)."""
    for year in (anchor.year + 1, anchor.year):
        if (datetime.date(year, month, min(day, 28)) - anchor).days <= future_days:
            return year
    return anchor.year - 1


def resolve(expr: DateExpr | None, anchor: datetime.date | None, patterns: DatePatterns | None = None) -> Resolved | None:
    """The calendar value of ``expr``, counted from ``anchor`` where the text leaves the year
    or the day out (no value without an anchor then); None for None.

    >>> a = datetime.date(2023, 1, 2)
    >>> [resolve(parse_date(t), a).value for t in ("12月30日", "昨天", "去年", "2021年3月", "近日", "今年3月份")]
    ['2022-12-30', '2023-01-01', '2022', '2021-03', None, '2023-03']
    """
    if expr is None:
        return None
    year, month, day = expr.year, expr.month, expr.day
    if expr.days is not None:
        if anchor is None:
            return Resolved(None, expr.precision, expr.qualifier)
        date = anchor + datetime.timedelta(days=expr.days)
        year, month, day = date.year, date.month, date.day
    elif expr.years is not None:
        year = anchor.year + expr.years if anchor else None
    elif year is None and month is not None:
        future = (patterns or load_dates()).future_days
        year = _year_of(anchor, month, day or 1, future) if anchor else None
    if year is None or expr.precision == "none":
        return Resolved(None, expr.precision, expr.qualifier)
    value = {"day": f"{year:04d}-{month or 0:02d}-{day or 0:02d}", "month": f"{year:04d}-{month or 0:02d}",
             "year": f"{year:04d}"}[expr.precision]
    return Resolved(value, expr.precision, expr.qualifier)


def resolve_text(text: str, anchor: datetime.date | None) -> Resolved | None:
    """:func:`resolve` of :func:`parse_date` of ``text`` (None when it is no date expression)."""
    return resolve(parse_date(text), anchor) if text else None


def iso_date(value: str) -> datetime.date | None:
    """The date of an ISO ``YYYY-MM-DD`` text, or None when it is not one.

    >>> iso_date("2022-09-18"), iso_date("2022-9-18"), iso_date("2022-02-30")
    (datetime.date(2022, 9, 18), None, None)
    """
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value or ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def dateline_date(dateline: str, published: datetime.date | None) -> datetime.date | None:
    """The day a dateline gives (``福州9月17日电``), its year from ``published``; None when it
    gives none or the day cannot be known.

    >>> dateline_date("福州9月17日电", datetime.date(2022, 9, 18)), dateline_date("福州9月17日电", None)
    (datetime.date(2022, 9, 17), None)
    """
    for _, _, text in find_dates(dateline or ""):
        resolved = resolve_text(text, published)
        if resolved and resolved.precision == "day" and resolved.value:
            return datetime.date.fromisoformat(resolved.value)
    return None


def article_anchor(dateline: str, published: datetime.date | None) -> datetime.date | None:
    """The date an article's relative dates count from: its dateline's day, else the page's
    publication date (None when neither is known)."""
    return dateline_date(dateline, published) or published
