"""kg.io.files: finding input files and reading their bytes, with clear errors."""
import doctest
import os
import time
import tracemalloc

import pytest

import kg.io.files
from kg import errors
from kg.io.decode import Decoded
from kg.text.articles import split_articles
from kg.io.files import DEFAULT_MAX_BYTES, collect_inputs, parse_size, read_input
from kg.text.normalize import normalize

SIMPLIFIED = "本报讯（记者林晓东）10月12日，江西省总工会主办的职工技能竞赛在赣州市举行。党组书记周立平出席。\n"
TRADITIONAL = "本報訊（記者林曉東）10月12日，江西省總工會主辦的職工技能競賽在贛州市舉行。黨組書記周立平出席。\n"


def test_doctests():
    assert doctest.testmod(kg.io.files).failed == 0


def reason(excinfo) -> str:
    return str(excinfo.value)


@pytest.mark.parametrize(
    "value, expected",
    [("1000000", 1_000_000), ("512K", 512 * 1024), ("2M", 2 * 1024**2), ("2MiB", 2 * 1024**2), ("1g", 1024**3),
     ("10b", 10), (7, 7)],
)
def test_parse_size(value, expected):
    assert parse_size(value) == expected


@pytest.mark.parametrize("value", ["", "2T", "-1", "1.5M", "lots"])
def test_parse_size_refuses(value):
    with pytest.raises(ValueError):
        parse_size(value)


# --- files: read_input -----------------------------------------------------------------------

def test_read_input_decodes(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(TRADITIONAL.encode("big5"))
    assert read_input(p) == Decoded(TRADITIONAL, SIMPLIFIED, "big5", False, True)


def test_missing_file(tmp_path):
    with pytest.raises(errors.KGError) as excinfo:
        read_input(tmp_path / "nope.txt")
    assert reason(excinfo) == f"E003 cannot read {tmp_path / 'nope.txt'}: no such file or folder: check the path"


def test_huge_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(errors.KGError) as excinfo:
            read_input(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason(excinfo) == (f"E030 {p} is 209,715,200 bytes, over the limit of 1,000,000: "
                               "split it, or raise --max-bytes (env KG_MAX_BYTES)")
    assert peak < 1_000_000


def test_one_5mb_line(tmp_path):
    line = SIMPLIFIED.replace("\n", "")
    text = (line * (5_000_000 // len(line.encode()) + 1))[: 5_000_000 // 3]
    p = tmp_path / "line.txt"
    p.write_text(text, encoding="utf-8")
    assert p.stat().st_size > DEFAULT_MAX_BYTES
    with pytest.raises(errors.KGError, match="^E030"):
        read_input(p)
    # Allowed through, the cheap stages take it in linear time.
    d = read_input(p, max_bytes=8_000_000)
    t = time.perf_counter()
    norm = normalize(d.matching)
    articles = split_articles("line", norm.text)
    assert time.perf_counter() - t < 30
    assert len(norm.offsets) == len(norm.text) + 1
    assert articles[0].start == 0 and articles[-1].end == len(norm.text)


def test_fifo_is_refused_without_blocking(tmp_path):
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    with pytest.raises(errors.KGError, match=r"^E034 .*pipe.txt is not a regular file"):
        read_input(p)


def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(SIMPLIFIED, encoding="utf-8")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        with pytest.raises(errors.KGError, match=r"^E003 cannot read .*secret.txt: Permission denied"):
            read_input(p)
    finally:
        p.chmod(0o644)


# --- files: collect_inputs -------------------------------------------------------------------

def test_symlink_loops_end(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "a" / "back").symlink_to(tmp_path)  # a/back -> the top: a loop
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a" / "self")  # a link to itself
    (tmp_path / "b").symlink_to(tmp_path / "a")  # a second way into a
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    files = collect_inputs([tmp_path])
    assert files == [tmp_path / "a" / "one.txt", tmp_path / "loop.txt"]
    with pytest.raises(errors.KGError, match=r"^E003 cannot read .*loop.txt: Too many levels of symbolic links"):
        read_input(tmp_path / "loop.txt")


def test_collect_inputs_picks_text_and_html(tmp_path):
    for name in ("b.txt", "a.TXT", "c.html", "d.htm", "e.pdf", ".hidden.txt", "notes.md"):
        (tmp_path / name).write_text("甲", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")  # the same file twice
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    names = [p.name for p in collect_inputs([tmp_path, tmp_path / "b.txt"])]
    assert names == ["a.TXT", "b.txt", "c.html", "d.htm", "dangling.txt"]


def test_unreadable_folder_is_reported(tmp_path):
    (tmp_path / "ok.txt").write_text("甲", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("甲", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop listing")
        problems = []
        assert collect_inputs([tmp_path], problems) == [tmp_path / "ok.txt"]
        assert problems == [(locked, "Permission denied")]
    finally:
        locked.chmod(0o755)


def test_missing_path_is_kept_for_reporting(tmp_path):
    assert collect_inputs([tmp_path / "nope.txt"]) == [tmp_path / "nope.txt"]


