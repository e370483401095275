"""kg.pipeline.metadata: what a build is told about its pages (manifest, dates in paths), and a
bad manifest refused on one line naming the file and the row."""
import doctest
import json

import pytest

import kg.pipeline.metadata
from kg.errors import KGError
from kg.model import PageMeta
from kg.pipeline.metadata import Metadata, date_pattern, read_manifest


def test_doctests():
    assert doctest.testmod(kg.pipeline.metadata).failed == 0


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_manifest(tmp_path):
    path = write(tmp_path, "m.csv", "file,newspaper,edition,page,date\n"
                                    "2022-09-18/page01.txt,工人日报,A,1,2022-09-18\n"
                                    "./2022-09-19/page01.txt,工人日报,,2,\n")
    assert read_manifest(path) == {
        "2022-09-18/page01.txt": PageMeta("工人日报", "A", "1", "2022-09-18"),
        "2022-09-19/page01.txt": PageMeta("工人日报", "", "2", ""),
    }


def test_json_manifest(tmp_path):
    rows = [{"file": "p1.txt", "newspaper": "工人日报", "page": 3, "published": "2023-01-02"}, {"file": "p2"}]
    path = write(tmp_path, "m.json", json.dumps(rows, ensure_ascii=False))
    assert read_manifest(path) == {"p1.txt": PageMeta("工人日报", "", "3", "2023-01-02"), "p2": PageMeta()}


@pytest.mark.parametrize("name, text, where, reason", [
    ("m.csv", "file,date\np1.txt,2022-13-01\n", "row 2", "'2022-13-01' is not a date"),
    ("m.csv", "file,date\np1.txt,2022/09/18\n", "row 2", "is not a date YYYY-MM-DD"),
    ("m.csv", "file,date\np1.txt,2022-09-18\np2.txt,2022-09-19\np1.txt,2022-09-20\n", "row 4", "a second row for p1.txt"),
    ("m.csv", "file,date\n,2022-09-18\n", "row 2", "no file"),
    ("m.csv", "file,dated\np1.txt,2022-09-18\n", "row 2", "unknown field 'dated'"),
    ("m.csv", "file,date\np1.txt,2022-09-18,extra\n", "row 2", "more fields than the header"),
    ("m.json", '[{"file": "p1.txt"}, ["p2.txt"]]', "row 2", "not an object"),
    ("m.json", '[{"file": "p1.txt", "page": [1]}]', "row 1", "page is not a text"),
    ("m.json", '{"file": "p1.txt"}', "line 1", "a list of objects"),
    ("m.json", '[{"file": "p1.txt",}]', "line 1", "not JSON"),
])
def test_a_bad_manifest_is_one_line_naming_file_and_row(tmp_path, name, text, where, reason):
    path = write(tmp_path, name, text)
    with pytest.raises(KGError) as caught:
        read_manifest(path)
    message = str(caught.value)
    assert message.startswith(f"E051 manifest {path}, {where}: ") and reason in message
    assert "\n" not in message


def test_a_manifest_that_is_not_utf8(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("file,newspaper\np1.txt,工人日报\n".encode("gb18030"))
    with pytest.raises(KGError, match=r"^E051 manifest .*m\.csv, byte \d+: not UTF-8"):
        read_manifest(path)


def test_a_missing_manifest(tmp_path):
    with pytest.raises(KGError, match=r"^E003 cannot read .*nothing\.csv"):
        read_manifest(tmp_path / "nothing.csv")


@pytest.mark.parametrize("pattern, path, date", [
    ("%Y-%m-%d", "2022-09-18/page01.txt", "2022-09-18"),
    ("%Y-%m-%d", "archive/2022-9-8/p.txt", "2022-09-08"),
    ("%Y%m%d", "page_20220918_01.txt", "2022-09-18"),
    ("%Y/%m/%d/", "2022/09/18/a.txt", "2022-09-18"),
    ("%Y-%m-%d", "2022-13-45/p.txt", ""),  # no such day: no date rather than a guess
    ("%Y-%m-%d", "misc/p.txt", ""),
    ("100%%/%Y-%m-%d", "100%/2022-09-18/p.txt", "2022-09-18"),
])
def test_date_from_path(pattern, path, date):
    assert date_pattern(pattern)(path) == date


@pytest.mark.parametrize("pattern", ["%Y-%m", "%d", "%Y-%m-%d-%d", "dates"])
def test_a_pattern_needs_year_month_and_day(pattern):
    with pytest.raises(KGError, match="^E052 "):
        date_pattern(pattern)


def test_manifest_wins_and_path_fills_in(tmp_path):
    path = write(tmp_path, "m.csv", "file,newspaper,date\n2022-09-18/p1.txt,工人日报,2022-09-17\n2022-09-19/p1,工人日报,\n")
    metadata = Metadata(path, "%Y-%m-%d")
    assert metadata.meta("2022-09-18/p1.txt", "2022-09-18/p1").published == "2022-09-17"
    # listed by its id (no suffix), dated by its path
    assert metadata.meta("2022-09-19/p1.txt", "2022-09-19/p1", "ab" * 32) == PageMeta("工人日报", "", "", "2022-09-19", "ab" * 32)
    assert metadata.meta("2022-09-20/p1.txt", "2022-09-20/p1") == PageMeta(published="2022-09-20")


def test_without_either_nothing_is_guessed():
    assert Metadata().meta("2022-09-18/page01.txt", "2022-09-18/page01") == PageMeta()
