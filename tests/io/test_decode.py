"""kg.io.decode: bytes -> text, encodings detected or refused. No model needed."""
import doctest

import pytest

import kg.io.decode
from kg import errors
from kg.io.decode import decode, plausibility, sniff_binary

SIMPLIFIED = "本报讯（记者林晓东）10月12日，江西省总工会主办的职工技能竞赛在赣州市举行。党组书记周立平出席。\n"
TRADITIONAL = "本報訊（記者林曉東）10月12日，江西省總工會主辦的職工技能競賽在贛州市舉行。黨組書記周立平出席。\n"


def test_doctests():
    assert doctest.testmod(kg.io.decode).failed == 0


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


def test_plausibility_separates_right_and_wrong_readings():
    big5 = TRADITIONAL.encode("big5")
    assert plausibility(big5.decode("cp950")) > 0.9
    assert plausibility(big5.decode("gb18030")) < kg.io.decode.MIN_PLAUSIBILITY


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


