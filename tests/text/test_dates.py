"""kg.text.dates: date expressions found, read and resolved against an article's date."""
import datetime
import doctest

import pytest

import kg.text.dates
from kg.text.dates import article_anchor, dateline_date, find_dates, load_dates, parse_date, resolve, resolve_text

PAGE = datetime.date(2022, 9, 18)


def test_doctests():
    assert doctest.testmod(kg.text.dates).failed == 0


@pytest.mark.parametrize("text, value, precision, qualifier", [
    ("2022年9月17日", "2022-09-17", "day", ""),
    ("二〇二二年九月十七日", "2022-09-17", "day", ""),
    ("9月17日", "2022-09-17", "day", ""),
    ("9月17号", "2022-09-17", "day", ""),
    ("九月十七日", "2022-09-17", "day", ""),
    ("9月中旬", "2022-09", "month", ""),
    ("截至8月30日", "2022-08-30", "day", "until"),
    ("截至2023年5月", "2023-05", "month", "until"),
    ("今年以来", "2022", "year", "since"),
    ("8月以来", "2022-08", "month", "since"),
    ("今年3月份", "2022-03", "month", ""),
    ("去年", "2021", "year", ""),
    ("2020年底", "2020", "year", ""),
    ("今天", "2022-09-18", "day", ""),
    ("昨天", "2022-09-17", "day", ""),
    ("近日", None, "none", ""),
    ("日前", None, "none", ""),
    # a date without its year lies at most a quarter after the page, else before it
    ("10月下旬", "2022-10", "month", ""),
    ("3月14日", "2022-03-14", "day", ""),
    ("12月30日", "2021-12-30", "day", ""),
])
def test_resolved_against_the_page(text, value, precision, qualifier):
    assert resolve(parse_date(text), PAGE) == kg.text.dates.Resolved(value, precision, qualifier)


def test_the_year_turns_with_the_page():
    assert resolve_text("1月5日", datetime.date(2022, 12, 28)).value == "2023-01-05"
    assert resolve_text("12月30日", datetime.date(2023, 1, 2)).value == "2022-12-30"


@pytest.mark.parametrize("text", ["9月17日", "9月中旬", "今年以来", "今天", "截至8月30日"])
def test_without_an_anchor_a_relative_date_stays_as_written(text):
    resolved = resolve(parse_date(text), None)
    assert resolved.value is None and resolved.precision != ""


@pytest.mark.parametrize("text, value", [("2022年9月17日", "2022-09-17"), ("2020年8月", "2020-08"), ("2016年以来", "2016")])
def test_a_written_year_needs_no_anchor(text, value):
    assert resolve(parse_date(text), None).value == value


@pytest.mark.parametrize("text, found", [
    ("本报福州9月17日电（记者陈曦）今天上午，活动举办。", ["9月17日", "今天"]),
    ("截至8月30日，全省今年以来共举办9月中旬的活动。", ["截至8月30日", "今年以来", "9月中旬"]),
    # the longest form at a place, never a shorter one inside it
    ("2022年9月17日电", ["2022年9月17日"]),
    ("近5年来，工会推荐2398名职工，3个月后完成。", []),
    # a month alone only with a qualifier
    ("8月，职工参加了月度考核。", []),
    ("8月以来，截至9月，", ["8月以来", "截至9月"]),
    ("9月31日和2月30日都不是日期", []),
    ("12023年", []),
])
def test_found_in_text(text, found):
    spans = find_dates(text)
    assert [t for _, _, t in spans] == found
    assert all(text[a:b] == t for a, b, t in spans)


def test_patterns_are_data():
    patterns = load_dates()
    ids = [p.id for p in patterns.patterns]
    assert ids[0] == "year-month-day" and "recent" in ids and "month-day" in ids
    assert patterns.days["昨天"] == -1 and patterns.years["去年"] == -1
    assert "name_place" in patterns.timeless_kinds


def test_dateline_and_anchor():
    assert dateline_date("昆明9月17日电", PAGE) == datetime.date(2022, 9, 17)
    assert dateline_date("昆明电", PAGE) is None
    assert article_anchor("昆明9月17日电", PAGE) == datetime.date(2022, 9, 17)
    assert article_anchor("", PAGE) == PAGE
    assert article_anchor("昆明9月17日电", None) is None


def test_parse_refuses_what_is_not_one_date():
    assert parse_date("9月17日，9月18日") is None
    assert parse_date("工会") is None
    assert resolve_text("", PAGE) is None
