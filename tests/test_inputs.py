"""kg.inputs (bytes -> text) and the file side of kg.pipeline: reading, collecting, writing.

No model needed: every case is bytes or files made here.
"""
import doctest
import importlib.resources
import os
import stat
import time
import tracemalloc

import pytest

import kg.inputs
from kg import errors
from kg.articles import split_articles
from kg.inputs import (
    DEFAULT_MAX_BYTES,
    Decoded,
    as_written,
    decode,
    html_to_text,
    is_html,
    is_traditional,
    parse_size,
    plausibility,
    sniff_binary,
    to_simplified,
)
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation
from kg.normalize import normalize
from kg.pipeline import _atomic_write, _remove_stale_temps, _stage, collect_inputs, read_input

SIMPLIFIED = "本报讯（记者林晓东）10月12日，江西省总工会主办的职工技能竞赛在赣州市举行。党组书记周立平出席。\n"
TRADITIONAL = "本報訊（記者林曉東）10月12日，江西省總工會主辦的職工技能競賽在贛州市舉行。黨組書記周立平出席。\n"


def test_doctests():
    assert doctest.testmod(kg.inputs).failed == 0


def reason(excinfo) -> str:
    return str(excinfo.value)


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
        (b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"), "utf-16-le", SIMPLIFIED),
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
        (SIMPLIFIED.encode("gb2312"), "gb18030", SIMPLIFIED),
        ("朱镕基与€的𠀀字".encode("gb18030"), "gb18030", "朱镕基与€的𠀀字"),  # GBK and four-byte GB18030
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        (TRADITIONAL.encode("cp950"), "big5", TRADITIONAL),
        (b"plain ASCII, no Chinese\n", "utf-8", "plain ASCII, no Chinese\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk", "gb2312", "gb18030-4byte",
         "big5", "cp950", "ascii"],
)
def test_encodings_are_detected(data, encoding, text):
    d = decode(data, "page.txt")
    assert (d.encoding, d.text) == (encoding, text)


def test_offsets_count_characters_after_the_bom():
    d = decode(b"\xef\xbb\xbf" + "工会".encode())
    assert d.text == "工会"


def test_big5_page_is_traditional_and_read_as_simplified():
    d = decode(TRADITIONAL.encode("big5"), "t.txt")
    assert d.traditional and d.text == TRADITIONAL
    assert d.matching == SIMPLIFIED
    assert len(d.matching) == len(d.text)


def test_traditional_in_utf8_is_converted_too():
    d = decode(TRADITIONAL.encode("utf-8"))
    assert (d.encoding, d.traditional, d.matching) == ("utf-8", True, SIMPLIFIED)


def test_simplified_page_is_left_alone():
    d = decode(SIMPLIFIED.encode("utf-8"))
    assert not d.traditional and d.matching is d.text


@pytest.mark.parametrize(
    "data",
    [
        "日本国民は、正当に選挙された国会における代表者を通じて行動し".encode("shift_jis"),
        "日本国民は、正当に選挙された国会における代表者を通じて行動し".encode("euc-jp"),
        "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고".encode("euc-kr"),
        "Ça va très bien, à côté de la forêt".encode("latin-1"),
        "naïve café résumé señor".encode("cp1252"),
        "Привет мир, как дела".encode("koi8-r"),
        bytes(range(128, 256)) * 4,
    ],
    ids=["shift-jis", "euc-jp", "euc-kr", "latin-1", "cp1252", "koi8-r", "high-bytes"],
)
def test_other_encodings_are_refused_not_guessed(data):
    with pytest.raises(errors.KGError) as excinfo:
        decode(data, "odd.txt")
    assert reason(excinfo).startswith("E004 cannot tell the encoding of odd.txt")
    assert "save it as UTF-8" in reason(excinfo)


def test_refusal_says_where_utf8_breaks():
    data = ("本报讯" * 10).encode() + b"\xff\xfe\xfd" + "工会".encode()
    with pytest.raises(errors.KGError, match=r"not UTF-8 from byte 90"):
        decode(data, "broken.txt")


def test_traditional_without_the_converter_is_a_clear_error(monkeypatch):
    def files(package):
        if package == "opencc":
            raise ModuleNotFoundError("No module named 'opencc'")
        return importlib.resources.files(package)

    kg.inputs._conversion.cache_clear()
    monkeypatch.setattr(kg.inputs.importlib.resources, "files", files)
    try:
        with pytest.raises(errors.KGError, match="^E038 reading Traditional Chinese needs opencc-python-reimplemented"):
            decode(TRADITIONAL.encode())
    finally:
        monkeypatch.undo()
        kg.inputs._conversion.cache_clear()


def test_plausibility_separates_right_and_wrong_readings():
    big5 = TRADITIONAL.encode("big5")
    assert plausibility(big5.decode("cp950")) > 0.9
    assert plausibility(big5.decode("gb18030")) < kg.inputs.MIN_PLAUSIBILITY


def test_broken_utf16_after_a_bom_is_refused():
    with pytest.raises(errors.KGError, match=r"^E033 x.txt starts with a UTF-16 LE byte-order mark"):
        decode(b"\xff\xfe" + "工会".encode("utf-16-le") + b"\x00", "x.txt")


# --- bad inputs ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf", b"\xff\xfe", "\u3000\n".encode("gb18030"),
     b"<!DOCTYPE html><html><head><script>var a = 1;</script></head><body> </body></html>"],
    ids=["empty", "whitespace", "ideographic-spaces", "utf8-bom-only", "utf16-bom-only", "gb-space", "html-no-text"],
)
def test_empty_inputs_are_refused(data):
    with pytest.raises(errors.KGError, match=r"^E006 e.txt has no text"):
        decode(data, "e.txt")


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or .docx/.xlsx)"),
        (bytes(range(1, 32)) * 50, "binary data (control characters)"),
    ],
    ids=["pdf", "png", "zip", "controls"],
)
def test_binary_inputs_are_refused(data, kind):
    with pytest.raises(errors.KGError) as excinfo:
        decode(data, "b.txt")
    assert reason(excinfo) == errors.E031.format(path="b.txt", kind=kind)


@pytest.mark.parametrize("data", [b"abc\x00def", SIMPLIFIED.encode("utf-16-le")], ids=["nul", "utf16-without-bom"])
def test_nul_bytes_are_refused(data):
    with pytest.raises(errors.KGError, match=r"^E032 n.txt contains NUL bytes"):
        decode(data, "n.txt")


def test_sniff_binary():
    assert sniff_binary(b"\xff\xd8\xff\xe0") == "a JPEG image"
    assert sniff_binary(SIMPLIFIED.encode()) is None


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>江西新闻</title>
<style>p { color: red }</style><script>var s = "<p>不是正文</p>";</script></head>
<body><!-- 广告 --><div class="a"><p>本报讯（记者林晓东）江西省总工会
主办&amp;承办&#20013;&#x6587;。</p><p
  class="b">周立平出席。</p></div></body></html>
"""


def test_html_keeps_offsets_of_the_source():
    out = html_to_text(PAGE)
    assert len(out) == len(PAGE)
    for word in ("江西新闻", "本报讯（记者林晓东）江西省总工会", "主办", "承办", "周立平出席。"):
        assert out.find(word) == PAGE.find(word)
    assert "不是正文" not in out and "color" not in out and "广告" not in out and "<" not in out


def test_html_entities_become_their_characters():
    out = html_to_text(PAGE)
    i = PAGE.find("&amp;")
    assert out[i:i + 5] == "&    "
    i = PAGE.find("&#20013;")
    assert out[i] == "中" and out[PAGE.find("&#x6587;")] == "文"


def test_html_blocks_break_lines():
    out = html_to_text("<html><body><p>甲工会</p><p>乙工会</p><br>丙</body></html>")
    assert [line.strip() for line in out.splitlines() if line.strip()] == ["甲工会", "乙工会", "丙"]


def test_html_is_detected_and_plain_text_is_not():
    d = decode(PAGE.encode("utf-8"), "p.html")
    assert d.html and len(d.text) == len(PAGE)
    assert is_html("\ufeff  <?xml version='1.0'?>\n<!-- x --><html>")
    assert not is_html("甲 < 乙，<p> 不是网页")
    assert not decode("甲 < 乙，<p>工会".encode()).html


def test_html_in_gb18030_is_decoded_then_stripped():
    d = decode(PAGE.encode("gb18030"), "p.html")
    assert (d.encoding, d.html) == ("gb18030", True)
    assert "周立平出席" in d.text


@pytest.mark.parametrize(
    "source",
    ["<html><body><p>未闭合", "<html><script>永不结束", "<html>&#99999999;&bogus;&;</p</", "<html><p>\r\n甲\r\n</p>"],
)
def test_broken_html_keeps_its_length(source):
    assert len(html_to_text(source)) == len(source)


# --- Traditional Chinese ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        (TRADITIONAL, True),
        (SIMPLIFIED, False),
        ("乾隆於是後來", True),  # 後 is Traditional only; 乾 and 於 are shared
        ("乾隆于是后来", False),
        ("ASCII only", False),
    ],
)
def test_is_traditional(text, expected):
    assert is_traditional(text) is expected


def test_to_simplified_is_character_for_character():
    assert to_simplified(TRADITIONAL) == SIMPLIFIED
    assert len(to_simplified("𠀀臺灣後裔")) == len("𠀀臺灣後裔")


def test_as_written_restores_the_page_characters():
    raw = "贛州市總工會主席馬建國。"
    simp = to_simplified(raw)
    assert simp == "赣州市总工会主席马建国。"
    org = Mention(0, 6, simp[0:6], "ORG", "rule", "d#a1")
    person = Mention(8, 11, simp[8:11], "PERSON", "rule", "d#a1")
    doc = Document(
        "d", "d.txt", Normalized(simp, simp, tuple(range(len(simp) + 1))),
        [Article("d#a1", 0, len(simp), title="总工会", bylines=("马建国",))],
        [Entity("ORG", "江西省赣州市总工会", {"赣州市总工会"}, [org]), Entity("PERSON", "马建国", {"马建国"}, [person])],
        [Relation(("PERSON", "马建国"), "holds_position", ("ORG", "江西省赣州市总工会"), "主席",
                  Evidence("d", "d#a1", 0, 11, simp, "post"))],
    )
    out = as_written(doc, raw)
    assert out.normalized.raw == raw and out.normalized.text == raw
    assert out.normalized.offsets == doc.normalized.offsets
    org_w, person_w = out.entities
    assert org_w.name == "江西省贛州市總工會"  # 江西省 is not on the page: stays as the lexicon has it
    assert org_w.aliases == {"贛州市總工會", "江西省赣州市总工会"}
    assert [m.text for m in org_w.mentions] == ["贛州市總工會"]
    assert person_w.name == "馬建國" and person_w.mentions[0].text == raw[8:11]
    rel = out.relations[0]
    assert (rel.subject, rel.object, rel.role) == (("PERSON", "馬建國"), ("ORG", "江西省贛州市總工會"), "主席")
    assert rel.evidence.sentence == raw and (rel.evidence.start, rel.evidence.end) == (0, 11)
    assert out.articles[0].title == "總工會" and out.articles[0].bylines == ("馬建國",)


def test_as_written_leaves_ambiguous_characters():
    # 干 stands for 幹 once and is itself once: names keep 干
    raw = "幹部干涉"
    doc = Document("d", "d.txt", Normalized(to_simplified(raw), to_simplified(raw), tuple(range(5))),
                   entities=[Entity("ORG", "干部", {"干部"})])
    assert as_written(doc, raw).entities[0].name == "干部"
    assert as_written(doc, raw).normalized.text == raw


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


# --- files: atomic writes --------------------------------------------------------------------

def test_atomic_write_replaces_whole(tmp_path):
    p = tmp_path / "sub" / "out.json"
    _atomic_write(p, "old\n")
    _atomic_write(p, "新\n")
    assert p.read_text(encoding="utf-8") == "新\n"
    assert os.listdir(p.parent) == ["out.json"]


def test_failed_write_leaves_the_old_file(tmp_path):
    p = tmp_path / "out.ttl"
    p.write_text("old\n", encoding="utf-8")

    def half_then_fail(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        _stage(p, half_then_fail)
    assert p.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_outputs_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        _atomic_write(tmp_path / "r.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644


def test_stale_temporary_files_are_removed(tmp_path):
    dead = tmp_path / ".graph.ttl.999999999.0123abcd.tmp"  # no such process
    mine = tmp_path / f".graph.ttl.{os.getpid()}.0123abcd.tmp"
    other = tmp_path / ".notes.tmp"
    for p in (dead, mine, other):
        p.write_text("x", encoding="utf-8")
    _remove_stale_temps(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
