"""File names as text that every output can hold.

On Linux a file name is any bytes but ``/`` and NUL. Python hands the bytes that are not UTF-8
(a GBK name from a Windows archive) over as lone surrogates (``surrogateescape``), which no
UTF-8 file, JSON report or terminal line can hold; a control character (U+0001) is text, but
XML 1.0 cannot hold it at all. :func:`escape_name` spells such characters out, so that an
input's name can be shown in a message and used as its document id, in IRIs, CSV fields and
GraphML, whatever bytes it holds. Ordinary names are unchanged.

>>> escape_name("新闻.txt"), escape_name("a\\x01b"), escape_name(b"\\xd0\\xc2.txt".decode("utf-8", "surrogateescape"))
('新闻.txt', 'a\\\\x01b', '\\\\xd0\\\\xc2.txt')
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["escape_name", "shown", "document_id", "source_name"]

#: Categories spelt out: controls, surrogates, format characters (which can reorder what a
#: terminal shows, U+202E), line and paragraph separators, and code points no font can show
#: (unassigned, private use: a name of random bytes can decode to U+0530).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp", "Cn", "Co"})


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_name(text: str) -> str:
    """``text`` with undecodable bytes written ``\\xNN`` and control, format, separator,
    unassigned and private-use characters (U+FFFE and U+FFFF among them, which XML refuses)
    written ``\\xNN``/``\\uNNNN``.

    The result is valid UTF-8 and valid XML 1.0 text.

    >>> escape_name("tab\\there\\u202e"), escape_name("\\ufffe"), escape_name("\\u0530\\ue000新")
    ('tab\\\\x09here\\\\u202e', '\\\\ufffe', '\\\\u0530\\\\ue000新')
    """
    if text.isprintable() and text.isascii():
        return text  # the usual case, at once
    return "".join(
        _escape_char(ch) if unicodedata.category(ch) in _ESCAPED_CATEGORIES else ch
        for ch in text
    )


def shown(path: str | Path) -> str:
    """A path as a message shows it (see :func:`escape_name`).

    >>> shown(Path("in") / "a\\x1fb.txt")
    'in/a\\\\x1fb.txt'
    """
    return escape_name(str(path))


def document_id(path: Path) -> str:
    """The document id of an input: its name without the suffix, escaped.

    >>> document_id(Path("seeds/000_ded9f19e0d860891.txt"))
    '000_ded9f19e0d860891'
    """
    return escape_name(path.stem)


def source_name(path: Path) -> str:
    """The ``source`` of an input's document: its file name, escaped.

    >>> source_name(Path("in/a\\x01.txt"))
    'a\\\\x01.txt'
    """
    return escape_name(path.name)
