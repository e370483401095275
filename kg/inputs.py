"""Bytes of an input file -> the text the pipeline reads, or a one-line reason it cannot.

Nothing here opens a file: :func:`decode` takes the bytes that :func:`kg.pipeline.read_input`
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
characters (``E031``). An HTML page (:func:`is_html`) keeps its length: markup becomes spaces
(:func:`html_to_text`), so offsets count characters of the decoded HTML source. A page in
Traditional characters (:func:`is_traditional`) is converted character for character to
Simplified for matching (:func:`to_simplified`); :func:`as_written` then puts the characters
of the page back into names, evidence and the text, so offsets and names follow the input.
"""
from __future__ import annotations

import html
import importlib.resources
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from html.parser import HTMLParser

from . import errors
from .model import Document, Entity, Normalized, Relation

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MIN_PLAUSIBILITY",
    "COMMON_SIZE",
    "Decoded",
    "decode",
    "decode_bytes",
    "sniff_binary",
    "plausibility",
    "common_hanzi",
    "is_html",
    "html_to_text",
    "is_traditional",
    "to_simplified",
    "as_written",
    "parse_size",
]

#: Largest input read, in bytes. 1,000,000 bytes are at most 1,000,000 characters, which is
#: spaCy's default ``max_length``; a news page is rarely over 100 kB.
DEFAULT_MAX_BYTES = 1_000_000

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


def parse_size(value: str | int) -> int:
    """A byte count from ``1000000``, ``512K``, ``2M``, ``1G`` (binary units, ``B``/``iB`` optional).

    >>> parse_size("2M"), parse_size("512kib"), parse_size(100)
    (2097152, 524288, 100)
    """
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*", value, re.I)
    if not m:
        raise ValueError(f"not a size: {value!r} (use e.g. 1000000, 512K, 2M)")
    return int(m.group(1)) * 1024 ** " kmg".index((m.group(2) or " ").lower())


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` starts with, or ``None``.

    >>> sniff_binary(b"%PDF-1.7\\n"), sniff_binary("本报讯".encode())
    ('a PDF document', None)
    """
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def _tables():
    """The OpenCC character tables: (Traditional -> Simplified, Simplified-only characters)."""
    try:
        root = importlib.resources.files("opencc") / "dictionary"
        ts_text = (root / "TSCharacters.txt").read_text(encoding="utf-8")
        st_text = (root / "STCharacters.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        raise errors.KGError(errors.E038) from None
    return ts_text, st_text


@lru_cache(maxsize=1)
def _conversion() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """``(translate table, Traditional-only characters, Simplified-only characters)``.

    From OpenCC's ``TSCharacters.txt`` and ``STCharacters.txt`` (opencc-python-reimplemented):
    a character is Traditional-only when it converts and is not among its own Simplified
    forms; it converts to the first form listed. Only one-character entries are used, so the
    conversion keeps every offset.
    """
    ts_text, st_text = _tables()
    table, trad = {}, set()
    for line in ts_text.splitlines():
        key, _, forms = line.partition("\t")
        cands = forms.split()
        if len(key) == 1 and cands and key not in cands and len(cands[0]) == 1:
            table[ord(key)] = cands[0]
            trad.add(key)
    simp = set()
    for line in st_text.splitlines():
        key, _, forms = line.partition("\t")
        if len(key) == 1 and key not in forms.split():
            simp.add(key)
    return table, frozenset(trad), frozenset(simp)


def to_simplified(text: str) -> str:
    """``text`` with each Traditional-only character replaced by its Simplified form.

    One character in, one character out, so offsets stay valid.

    >>> to_simplified("全國總工會")
    '全国总工会'
    """
    return text.translate(_conversion()[0])


def is_traditional(text: str) -> bool:
    """Whether ``text`` has more Traditional-only than Simplified-only characters.

    Characters that both scripts share (``乾``, ``於``, ``后``) count for neither.

    >>> is_traditional("臺灣省總工會舉辦"), is_traditional("全国总工会，於是")
    (True, False)
    """
    _, trad, simp = _conversion()
    n_trad = sum(1 for c in text if c in trad)
    n_simp = sum(1 for c in text if c in simp)
    return n_trad > n_simp


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
    table = _conversion()[0]
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


def _back_map(matching: str, written: str) -> dict[int, str]:
    """Simplified character -> the one character it always stands for in ``written``.

    A Simplified character that also occurs as itself, or for two different characters,
    is left alone.
    """
    seen: dict[str, set[str]] = {}
    for s, w in zip(matching, written):
        if s != w or s in seen:
            seen.setdefault(s, set()).add(w)
    return {ord(s): ws.pop() for s, ws in seen.items() if len(ws) == 1 and s not in ws}


def as_written(doc: Document, written: str) -> Document:
    """``doc``, extracted from the Simplified form of ``written``, in the characters of ``written``.

    The text, mention surfaces, entity names and aliases, roles, evidence sentences, titles and
    bylines get back the characters the page uses; offsets do not change. An entity's
    Simplified name stays among its aliases. Characters a name gets from the (Simplified)
    lexicons and that the page never uses stay Simplified.

    Parameters
    ----------
    doc : Document
        Extracted from ``to_simplified(written)``.
    written : str
        The page as read, same length as ``doc.normalized.raw``.

    Returns
    -------
    Document

    Examples
    --------
    >>> from kg.model import Mention
    >>> raw = "臺灣省總工會"
    >>> simp = to_simplified(raw)
    >>> m = Mention(0, 6, simp, "ORG", "rule")
    >>> doc = Document("d", "d.txt", Normalized(simp, simp, tuple(range(7))),
    ...                entities=[Entity("ORG", simp, {simp}, [m])])
    >>> e = as_written(doc, raw).entities[0]
    >>> e.name, sorted(e.aliases), e.mentions[0].text
    ('臺灣省總工會', ['台湾省总工会', '臺灣省總工會'], '臺灣省總工會')
    """
    norm = doc.normalized
    matching = norm.raw
    if len(written) != len(matching):
        raise ValueError("written and matching texts differ in length")
    if written == matching:
        return doc
    chars = list(norm.text)
    for i, o in enumerate(norm.offsets[:-1]):
        if chars[i] == matching[o] != written[o]:
            chars[i] = written[o]
    text = "".join(chars)
    table = _back_map(matching, written)

    def w(s):
        return s.translate(table) if isinstance(s, str) else s

    def mention(m):
        same = m.text == norm.text[m.start:m.end]
        return replace(m, text=text[m.start:m.end] if same else w(m.text))

    entities = []
    for e in doc.entities:
        name = w(e.name)
        aliases = {w(a) for a in e.aliases} | ({e.name} if name != e.name else set())
        props = {k: w(v) for k, v in e.props.items()}
        entities.append(Entity(e.label, name, aliases, [mention(m) for m in e.mentions], props))
    relations = [
        Relation(
            (r.subject[0], w(r.subject[1])), r.predicate, (r.object[0], w(r.object[1])), w(r.role),
            replace(r.evidence, sentence=w(r.evidence.sentence)),
        )
        for r in doc.relations
    ]
    articles = [replace(a, title=w(a.title), bylines=tuple(map(w, a.bylines))) for a in doc.articles]
    return Document(doc.id, doc.source, Normalized(written, text, norm.offsets), articles, entities, relations)
