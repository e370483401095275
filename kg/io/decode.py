"""Bytes of an input file -> the text the pipeline reads, or a one-line reason it cannot.

Nothing here opens a file: :func:`decode` takes the bytes that :func:`kg.io.files.read_input`
read, so every rule can be tested on bytes made in memory.

Encoding detection (:func:`decode_bytes`), in this order; the first rule that applies decides:

1. Empty -> refused (``E006``).
2. A byte-order mark: ``EF BB BF`` is UTF-8, ``FF FE`` UTF-16 LE, ``FE FF`` UTF-16 BE; the
   rest must then decode strictly in that encoding (``E033`` otherwise). The mark is not part
   of the text, so offsets count from the character after it.
3. A known binary signature (PDF, PNG, JPEG, GIF, ZIP/Office, gzip, ...) -> refused (``E031``);
   any NUL byte -> refused (``E032``: binary, or UTF-16 without a mark, which is not guessed).
4. Strict UTF-8.
5. Strict GB18030 and strict Big5 (Python's ``cp950`` codec, the Big5 that Windows writes).
   Each candidate that decodes gets a :func:`plausibility` score: the share of its non-ASCII,
   non-space characters that are common Chinese characters (:func:`common_hanzi`, after
   Traditional -> Simplified, so Big5's 會 counts as 会) or CJK/full-width punctuation. The
   higher score wins, GB18030 on a tie; a winner below :data:`MIN_PLAUSIBILITY` is refused
   (``E004``) rather than read as mojibake. Correct decodings of the seed pages score 0.96;
   Big5 read as GB18030, Shift-JIS, EUC-JP and EUC-KR score at most 0.4.

Then the decoded text is refused when it is blank (``E006``) or when over 5 % of it is control
characters (``E031``). An HTML page keeps its length (:mod:`kg.io.html`); a page in Traditional
characters is read in Simplified ones, same length (:mod:`kg.io.traditional`).
"""
from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import errors
from .html import html_to_text, is_html
from .traditional import conversion, is_traditional, to_simplified

__all__ = [
    "MIN_PLAUSIBILITY",
    "COMMON_SIZE",
    "Decoded",
    "decode",
    "decode_bytes",
    "sniff_binary",
    "plausibility",
    "common_hanzi",
]

#: How many of the most frequent Chinese characters count as common (they cover about 96 %
#: of the characters of the seed pages).
COMMON_SIZE = 1500

#: Lowest :func:`plausibility` at which a GB18030 or Big5 reading is accepted.
MIN_PLAUSIBILITY = 0.6

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
)

_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office (OLE) document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"{\\rtf", "an RTF document"),
)

# (codec, name in messages and report.json)
_LEGACY = (("gb18030", "gb18030"), ("cp950", "big5"))

# CJK symbols and punctuation, full-width forms, and the punctuation Chinese text shares.
_PUNCT = re.compile("[\u3000-\u303f\uff01-\uff5e\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    """One input as the pipeline reads it.

    Attributes
    ----------
    text : str
        The input as written (markup blanked for HTML). Evidence offsets count its characters.
    matching : str
        What extraction reads: ``text`` in Simplified characters, same length; ``text`` itself
        unless ``traditional``.
    encoding : str
        ``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``gb18030`` or ``big5``.
    html : bool
        The input was an HTML page.
    traditional : bool
        The input is written in Traditional characters.
    """

    text: str
    matching: str
    encoding: str
    html: bool = False
    traditional: bool = False


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` starts with, or ``None``.

    >>> sniff_binary(b"%PDF-1.7\\n"), sniff_binary("本报讯".encode())
    ('a PDF document', None)
    """
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


@lru_cache(maxsize=4)
def common_hanzi(size: int = COMMON_SIZE) -> frozenset[str]:
    """The ``size`` most frequent Chinese characters, from jieba's dictionary.

    A character's frequency is the sum, over the entries of jieba's ``dict.txt`` (word,
    frequency, tag), of the word's frequency times the times the character occurs in the
    word; characters are those of CJK Unified Ideographs (U+4E00-U+9FFF), ties go to the
    lower code point. The same jieba version gives the same set.

    >>> {"的", "会", "国"} <= common_hanzi()
    True
    """
    import numpy as np

    text = (importlib.resources.files("jieba") / "dict.txt").read_text(encoding="utf-8")
    rows = re.findall(r"^(\S+) (\d+)", text, re.M)
    words = [w for w, _ in rows]
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype="<u4")
    weights = np.repeat(np.array([int(f) for _, f in rows], dtype=np.float64), [len(w) for w in words])
    lo, hi = 0x4E00, 0xA000
    counts = np.bincount(codes, weights=weights, minlength=hi)[lo:hi]
    order = np.lexsort((np.arange(lo, hi), -counts))[:size]
    return frozenset(chr(lo + int(i)) for i in order if counts[i] > 0)


def plausibility(text: str) -> float:
    """Share of the non-ASCII, non-space characters of ``text`` that Chinese text uses often.

    A character counts when it (after :func:`to_simplified`) is one of :func:`common_hanzi`,
    or is CJK or full-width punctuation. ``1.0`` when there are none to judge.

    >>> plausibility("本报讯（记者）"), plausibility("瀹夊窘")
    (1.0, 0.0)
    """
    common = common_hanzi()
    table = conversion()[0]
    judged = good = 0
    for c in text:
        if c < "\x80" or c.isspace():
            continue
        judged += 1
        if _PUNCT.match(c) or c.translate(table) in common:
            good += 1
    return good / judged if judged else 1.0


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """``(text, encoding)`` of ``data`` by the rules of the module docstring.

    Raises
    ------
    kg.errors.KGError
        When ``data`` is empty, binary, or in none of the encodings; the message names ``name``.

    Examples
    --------
    >>> decode_bytes("工会".encode("gb18030"))
    ('工会', 'gb18030')
    >>> decode_bytes("工會".encode("big5"))
    ('工會', 'big5')
    """
    if not data:
        raise errors.KGError(errors.E006.format(path=name))
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), codec
            except UnicodeDecodeError as exc:
                raise errors.KGError(errors.E033.format(path=name, bom=label, reason=exc.reason)) from None
    kind = sniff_binary(data)
    if kind:
        raise errors.KGError(errors.E031.format(path=name, kind=kind))
    if b"\x00" in data:
        raise errors.KGError(errors.E032.format(path=name))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"; not UTF-8 from byte {exc.start:,}"
    best: tuple[float, str, str] | None = None
    for codec, label in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, label)
    if best is None or best[0] < MIN_PLAUSIBILITY:
        detail = utf8_error + (f", and as {best[2]} it reads as gibberish" if best else "")
        raise errors.KGError(errors.E004.format(path=name, detail=detail))
    return best[1], best[2]


def decode(data: bytes, name: str = "<input>") -> Decoded:
    """The text of one input file's bytes, ready for extraction.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str
        How messages name the file.

    Returns
    -------
    Decoded

    Raises
    ------
    kg.errors.KGError
        With a one-line reason: empty, binary, undetectable encoding, no text.

    Examples
    --------
    >>> d = decode("\\ufeff臺灣省總工會".encode("utf-16-le"))
    >>> d.text, d.matching, d.encoding, d.traditional
    ('臺灣省總工會', '台湾省总工会', 'utf-16-le', True)
    """
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise errors.KGError(errors.E006.format(path=name))
    if len(_CONTROL.findall(text)) > max(8, len(text) // 20):
        raise errors.KGError(errors.E031.format(path=name, kind="binary data (control characters)"))
    page = is_html(text)
    if page:
        text = html_to_text(text)
        if not text.strip():
            raise errors.KGError(errors.E006.format(path=name))
    traditional = is_traditional(text)
    matching = to_simplified(text) if traditional else text
    return Decoded(text, matching, encoding, page, traditional)


