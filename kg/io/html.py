"""HTML pages: their text at the positions it has in the source.

An HTML page (:func:`is_html`) keeps its length: markup becomes spaces (:func:`html_to_text`),
so offsets count characters of the decoded HTML source, and evidence points into it.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["is_html", "html_to_text"]

_HTML_START = re.compile(
    r"[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)

# Elements whose tags end a line of text.
_BLOCK = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead title tr ul".split()
)
# Elements whose content is not text (the parser finds their end tags itself).
_HIDDEN = frozenset({"script", "style"})


def is_html(text: str) -> bool:
    """Whether ``text`` is an HTML page: it opens, after an optional XML declaration and
    comments, with ``<!DOCTYPE html``, ``<html``, ``<head`` or ``<body``.

    >>> is_html("<!doctype html><p>工会</p>"), is_html("a < b 的工会")
    (True, False)
    """
    return bool(_HTML_START.match(text[:8192]))


class _Blanker(HTMLParser):
    """Copies the text of an HTML page into a same-length canvas of spaces."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.canvas = list(re.sub("[^\n]", " ", source))
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.hidden = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _put(self, text: str) -> None:
        pos = self._pos()
        self.canvas[pos:pos + len(text)] = text

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCK:
            self.canvas[self._pos()] = "\n"

    def handle_endtag(self, tag):
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _BLOCK:
            self.canvas[self._pos()] = "\n"

    def handle_data(self, data):
        if not self.hidden:
            self._put(data)

    def handle_entityref(self, name):
        if not self.hidden:
            ref = f"&{name};"
            char = html.unescape(ref)
            self._put(char if char != ref else ref[:-1])

    def handle_charref(self, name):
        if not self.hidden:
            char = html.unescape(f"&#{name};")
            self._put(char[: len(name) + 2])


def html_to_text(source: str) -> str:
    """The text of an HTML page, at the positions it has in the source.

    Markup, comments and the content of ``script`` and ``style`` become spaces;
    the ``<`` of a block tag (``p``, ``div``, ``br``, ``li``, ``h1``...) becomes a line break;
    an entity becomes its character followed by spaces. Line breaks of the source stay, and
    the result has the length of ``source``, so offsets into it are offsets into the source.

    >>> page = "<html><body><p>本报讯&amp;工会</p></body></html>"
    >>> out = html_to_text(page)
    >>> len(out) == len(page), out.split()
    (True, ['本报讯&', '工会'])
    """
    parser = _Blanker(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.canvas)
