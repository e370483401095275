"""kg.io.html: the text of HTML pages at the positions it has in the source."""
import doctest

import pytest

import kg.io.html
from kg.io.decode import decode
from kg.io.html import html_to_text, is_html


def test_doctests():
    assert doctest.testmod(kg.io.html).failed == 0


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


