"""Raw OCR page -> clean text and an offset map back to the raw characters.

The seed pages are OCR output of narrow newspaper columns: every visual line is
followed by a blank line, lines break in the middle of words, letter-spaced lines
carry a space between every character (``推 动 出 台``), and some pages use
half-width punctuation (``本报讯(记者赵黎浩)近日,``). :func:`normalize` rebuilds
paragraphs and cleans the characters without ever inserting one: every output
character is a raw character, kept or converted, so ``Normalized.offsets`` maps each
of them back to its source.

What it does, in order:

1. Unicode clean-up, one character for one: byte-order marks, zero-width and other
   control or format characters are dropped; ``\\r\\n``, ``\\r`` and the Unicode line
   separators become line breaks; tabs, no-break and ideographic spaces become spaces;
   full-width ASCII letters and digits (``Ａ``, ``０``) and ``％`` become half-width.
2. Lines: empty lines are dropped, a Markdown heading marker (``# ``) at the start of a
   line is dropped, and a line holding a byline or photo credit after a space
   (``…集市” 本报福州9月17日电（…``) is split there.
3. Paragraphs: consecutive lines are joined with nothing between them, except where
   a paragraph really ends (see :func:`normalize` for the tests); a paragraph break is
   written as one ``\\n``, converted from the raw line break (or space) it replaces.
   Two Latin words broken across lines keep a space, converted from the line break.
4. Spaces: a space next to a CJK character or CJK punctuation is dropped
   (``2023 年`` -> ``2023年``, ``“ 产 改 ”`` -> ``“产改”``); a space between two runs of
   two or more Han characters is kept, because there it separates names in a byline
   (``记者王鑫 方大丰``) or the two halves of a headline; a space between Latin words or
   numbers is kept (runs of spaces become one).
5. Punctuation: ``, ; : ? ! ( )`` next to CJK text become ``，；：？！（）``; a full-width
   ``．`` between digits becomes ``.``. Decimal points, ``%``, ``+``, ``·``, ``—`` and the
   Chinese quotes ``“”‘’`` stay as they are; straight double quotes ``"`` are left alone
   (which of a pair opens cannot be told reliably from OCR text).

The paragraph and line patterns are data, in ``pipelines/layout.toml``
(``[vocab]`` and ``[normalize]``); :func:`compile_rules` turns that data into
:class:`NormalizeRules`.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any, Mapping

from .layout import LAYOUT_PATH, expand, read_layout
from ..model import Normalized

__all__ = [
    "NormalizeRules",
    "compile_rules",
    "load_rules",
    "DEFAULT_RULES",
    "normalize",
]

# Sentinel for "drop this character": step 1 keeps the string the same length as the raw
# text so that positions stay raw positions until the final assembly.
_DROP = "\x00"


def _build_table() -> dict[int, str]:
    """Translation table of step 1 (one character in, one character out)."""
    table: dict[int, str] = {}
    # C0 and C1 controls except tab, line feed, carriage return (handled below) and NEL.
    for cp in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]:
        table[cp] = _DROP
    # Controls that separate lines or records: treat as line breaks rather than drop
    # them, so that the words on either side do not run together.
    for cp in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029):
        table[cp] = "\n"
    # Format characters: BOM, zero-width, direction marks and isolates, soft hyphen.
    for cp in [0xFEFF, 0x00AD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
               *range(0x2060, 0x2070), 0xFFF9, 0xFFFA, 0xFFFB]:
        table[cp] = _DROP
    # Lone surrogates cannot be written out as UTF-8; drop them.
    for cp in range(0xD800, 0xE000):
        table[cp] = _DROP
    # Every kind of space becomes a plain space (its fate is decided in step 4).
    for cp in [0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]:
        table[cp] = " "
    # Full-width digits and ASCII letters, and the full-width percent sign.
    for cp in range(0xFF10, 0xFF1A):
        table[cp] = chr(cp - 0xFEE0)
    for cp in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05]:
        table[cp] = chr(cp - 0xFEE0)
    table[0x0D] = "\n"  # a lone \r; \r\n is handled before translating
    return table


_TABLE = _build_table()

# Strong CJK: Han, kana, hangul, CJK punctuation and the full-width forms. A space next
# to one of these is layout, not text.
_CJK_CLASS = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff"
    "\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_ASCII_LETTER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Which spaces are text (step 4). "Other" is anything that is not CJK, weak punctuation,
# a space or a line break: Latin letters, digits, ASCII punctuation. Kept: a space
# between two others (Hello World, 50 %), between weak punctuation and an other
# (English quotes), and between two runs of at least two Han characters (names in a
# byline, the halves of a headline); letter-spacing puts spaces around single
# characters, and those go.
_KEPT = "\x01"  # marks a kept space; step 1 has turned any raw \x01 into a drop sentinel
_OTHER = f"[^ \n{_CJK_CLASS}“”‘’—…·–\x00\x01]"
_HAN2 = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
# (Each alternative starts with the space itself, so the engine scans for spaces fast.)
_KEEP_SPACE = re.compile(
    f" (?:(?<={_OTHER} )(?= *(?:{_OTHER}|[“”‘’—…·–]))"
    f"|(?<=[“”‘’—…·–] )(?= *{_OTHER})"
    f"|(?<={_HAN2}{_HAN2} )(?= *{_HAN2}{_HAN2}))"
)
# a kept space between Han characters (see _running_text_spaces)
_HAN_KEPT = re.compile(f"(?<={_HAN2}){_KEPT}(?={_HAN2})")
_CLAUSE_MARK = re.compile("[，。、；！？]")
# a paragraph opening with a label this short and a space (河北 日前，…; 强信念 团结职工…): the
# region of a news round-up item or a section's kicker, kept apart from the text
_LABEL_MAX = 4
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PUNCT_IN_CJK = re.compile(
    f"[,;:?!()](?:(?<=[{_CJK_CLASS}“”‘’—…·].)|(?=[{_CJK_CLASS}“”‘’—…·]))"
)
_FW_POINT = re.compile("(?<=[0-9])．(?=[0-9])")
_HEADING = re.compile(r"[ \x00]*#{1,6}[ \x00]+")
_INNER_TERMINAL = re.compile("[。！？]")
_CJK_PUNCT = re.compile("[，。、；：？！“”‘’（）《》〈〉「」『』【】—…·]")
_COMMAS = re.compile("[，,、；;]")


@dataclass(frozen=True)
class NormalizeRules:
    """Compiled paragraph rules (see ``[normalize]`` in ``pipelines/layout.toml``).

    Attributes
    ----------
    paragraph_start : re.Pattern
        Matched at the start of a line: the line starts a paragraph.
    inline_split : re.Pattern
        Spaces inside a line after which a paragraph starts.
    standalone : re.Pattern
        A whole line that is a paragraph of its own (byline, photo credit, markers).
    terminal : re.Pattern
        A line end that ends its paragraph.
    kicker_end : str
        Line ending of a kicker headline (``——``).
    continuation_start : frozenset[str]
        First characters of a line that continues the previous one.
    never_final : frozenset[str]
        Last characters a headline never has.
    sentence_openers : tuple[str, ...]
        Openings of body paragraphs that a headline never has.
    run_max_width, headline_max_width : float
        Widest headline for the run test and for the other tests, in cells.
    run_max_lines, headline_max_commas : int
        Longest headline run before a byline; most commas in a headline.
    short_ratio, short_ratio_squeezed, indent_step : float
        Thresholds of the short-line test (punctuation full-width, and squeezed to half
        a cell) and of the indentation test (squeezed widths).
    """

    paragraph_start: re.Pattern[str]
    inline_split: re.Pattern[str]
    standalone: re.Pattern[str]
    terminal: re.Pattern[str]
    kicker_end: str
    continuation_start: frozenset[str]
    never_final: frozenset[str]
    sentence_openers: tuple[str, ...]
    run_max_width: float
    run_max_lines: int
    headline_max_width: float
    headline_max_commas: int
    short_ratio: float
    short_ratio_squeezed: float
    indent_step: float
    #: common two-character words: a line that ends inside one (企|业) is no headline
    line_words: frozenset[str] = frozenset()
    #: endings of names that no paragraph starts with: a line before one is no headline
    name_tails: tuple[str, ...] = ()


def compile_rules(data: Mapping[str, Any]) -> NormalizeRules:
    """Build :class:`NormalizeRules` from the parsed layout file.

    Parameters
    ----------
    data : Mapping
        The parsed ``pipelines/layout.toml`` (its ``vocab`` and ``normalize`` tables).

    Returns
    -------
    NormalizeRules

    Examples
    --------
    >>> import tomllib
    >>> rules = compile_rules(tomllib.loads(LAYOUT_PATH.read_text(encoding="utf-8")))
    >>> bool(rules.paragraph_start.match("本报讯（记者李润钊）"))
    True
    """
    vocab, cfg = data["vocab"], data["normalize"]
    start = expand(cfg["paragraph_start"], vocab)
    return NormalizeRules(
        paragraph_start=re.compile(start),
        inline_split=re.compile(f"(?<=[^ \x00]) +(?={start})"),
        standalone=re.compile("|".join(f"(?:{expand(p, vocab)})" for p in cfg["standalone"])),
        terminal=re.compile(cfg["terminal"]),
        kicker_end=cfg["kicker_end"],
        continuation_start=frozenset(cfg["continuation_start"]),
        never_final=frozenset(cfg["never_final"]),
        sentence_openers=tuple(cfg["sentence_openers"]),
        name_tails=tuple(cfg.get("name_tails", ())),
        run_max_width=float(cfg["run_max_width"]),
        run_max_lines=int(cfg["run_max_lines"]),
        headline_max_width=float(cfg["headline_max_width"]),
        headline_max_commas=int(cfg["headline_max_commas"]),
        short_ratio=float(cfg["short_ratio"]),
        short_ratio_squeezed=float(cfg["short_ratio_squeezed"]),
        indent_step=float(cfg["indent_step"]),
    )


@lru_cache(maxsize=8)
def load_rules(path: Path | str = LAYOUT_PATH) -> NormalizeRules:
    """Compile the rules of a layout file (cached; see :func:`kg.text.layout.read_layout`), with
    the word list its ``normalize.line_words`` names (a path relative to the layout file)."""
    data = read_layout(path)
    rules = compile_rules(data)
    words_path = data["normalize"].get("line_words")
    if words_path:
        with open(Path(path).parent / words_path, encoding="utf-8") as fh:
            # (rows "word<TAB>freq" after "#" lines and a header row)
            words = frozenset(line.split("\t", 1)[0] for line in fh if not line.startswith("#")) - {"word"}
        rules = dataclasses.replace(rules, line_words=words)
    return rules


#: The rules of ``pipelines/layout.toml``, used when none are given.
DEFAULT_RULES = load_rules()


@dataclass(slots=True)
class _Line:
    """One visual line: its raw content span and what the paragraph rules need."""

    start: int  # raw index of the first character
    end: int  # raw index after the last character
    sep: int  # raw index of a whitespace character after the line (the break's source)
    text: str  # content as in step 1 (spaces and drop sentinels still inside)
    heading: bool = False
    # filled by _analyse
    squeezed: str = ""  # text without spaces and sentinels
    width: float = 0.0
    squeezed_width: float = 0.0  # with CJK punctuation at half a cell
    starts: bool = False  # starts a paragraph whatever comes before
    alone: bool = False  # is a paragraph of its own
    terminal: bool = False
    kicker: bool = False
    cont: bool = False  # continues the previous line whatever that is
    quotes: int = 0  # “ minus ”, to keep a kicker test from firing inside a quotation
    blank_after: bool = False  # an empty line follows before the next line


def _step1(raw: str) -> str:
    """Unicode clean-up that keeps the length: position i of the result is raw[i]."""
    if "\r" in raw:
        raw = raw.replace("\r\n", _DROP + "\n")
    return raw.translate(_TABLE)


def _lines(t: str, rules: NormalizeRules) -> list[_Line]:
    """Visual lines of the step-1 text, split at inline bylines and photo credits."""
    out: list[_Line] = []
    for m in re.finditer(r"[^\n]+", t):
        s = m.group()
        h = _HEADING.match(s) if "#" in s[:8] else None
        skip = h.end() if h else 0  # a Markdown heading marker is layout: dropped
        rest = s[skip:]
        body = rest.strip(" \x00")
        if not body:
            continue
        start = m.start() + skip + len(rest) - len(rest.lstrip(" \x00"))
        end = start + len(body)
        # The paragraph break after this line is converted from a space or the line feed.
        space = t.find(" ", end, m.end())
        sep = space if space >= 0 else m.end()
        # Split the line where a byline or photo credit follows a space.
        pos = start
        if " " in body:
            for sp in rules.inline_split.finditer(t, start, end):
                piece = t[pos:sp.start()].rstrip(" \x00")
                if piece:
                    out.append(_Line(pos, pos + len(piece), sp.start(), piece, bool(h)))
                pos = sp.end()
        out.append(_Line(pos, end, sep, t[pos:end], bool(h)))
    for a, b in zip(out, out[1:]):
        a.blank_after = t.count("\n", a.end, b.start) >= 2
    return out


def _width(s: str) -> float:
    """Width in character cells: ASCII is set half-width."""
    ascii_count = len(s.encode("ascii", "ignore"))
    return len(s) - 0.5 * ascii_count


def _analyse(lines: list[_Line], rules: NormalizeRules) -> None:
    """Fill in the per-line facts the paragraph decisions use."""
    for ln in lines:
        sq = ln.text.replace(" ", "").replace(_DROP, "")
        ln.squeezed = sq
        if not sq:
            continue
        ln.width = _width(sq)
        ln.squeezed_width = ln.width - 0.5 * len(_CJK_PUNCT.findall(sq))
        ln.starts = ln.heading or bool(rules.paragraph_start.match(sq))
        ln.alone = ln.heading or bool(rules.standalone.match(ln.text.replace(_DROP, "")))
        ln.terminal = bool(rules.terminal.search(sq[-16:]))  # the tail: $-anchored search is cheap
        ln.kicker = sq.endswith(rules.kicker_end)
        ln.cont = sq[0] in rules.continuation_start
        ln.quotes = sq.count("“") - sq.count("”")


def _headline(lines: list[_Line], i: int, rules: NormalizeRules) -> bool:
    """Whether line ``i``, which begins a paragraph, is a headline standing alone.

    Called only for lines that do not end a sentence. Three tests, any of which is
    enough (after guards that keep body sentences whole):

    * run: the lines from here to the next byline or marker never end a sentence,
      and a body paragraph always does;
    * short: the line is much narrower than the column (the wider of the next two lines);
    * indent: the line is not indented but the next line is, as a paragraph's first
      line is, so the paragraph starts after this line;

    and a line that is one quotation in Chinese quotes (``“学技术，好就业”``).
    """
    cur = lines[i]
    sq = cur.squeezed
    if not sq or cur.starts or _INNER_TERMINAL.search(sq) or sq[-1] in rules.never_final:
        return False
    nxt_sq = lines[i + 1].squeezed if i + 1 < len(lines) else ""
    if nxt_sq and (sq[-1] + nxt_sq[0] in rules.line_words or nxt_sq.startswith(rules.name_tails)):
        # the line ends inside a word (…百灵企|业集团…) or a name (…中联重科|股份有限公司): the
        # paragraph goes on
        return False
    # A headline closes what it opens; a line that leaves a quote or title open goes on.
    if sq.count("“") > sq.count("”") or sq.count("《") > sq.count("》") or sq.count("（") > sq.count("）"):
        return False
    if sq.startswith(rules.sentence_openers):
        return False
    # run test
    n = len(lines)
    j, run = i + 1, 1
    while j < n and run <= rules.run_max_lines:
        ln = lines[j]
        if ln.starts or ln.alone:
            return cur.width <= rules.run_max_width
        if ln.terminal or ln.kicker or ln.cont:
            break
        j += 1
        run += 1
    if j >= n and run <= rules.run_max_lines:
        return cur.width <= rules.run_max_width  # the page ends with no sentence end
    if sq.startswith("“") and sq.endswith("”") and sq.count("“") == 1:
        return cur.width <= rules.run_max_width  # one quotation, commas and all
    if cur.width > rules.headline_max_width or len(_COMMAS.findall(sq)) > rules.headline_max_commas:
        return False
    nxt = [ln for ln in lines[i + 1:i + 3] if not (ln.starts or ln.alone)]
    if not nxt:
        return False
    # Two estimates of printed width: punctuation full-width, and squeezed to half a cell
    # (pages differ, and even one column mixes both). A line is short if short in either.
    w1 = nxt[0].width
    w2 = nxt[1].width if len(nxt) > 1 else 0.0
    if cur.width <= rules.short_ratio * max(w1, w2):
        return True
    s1 = nxt[0].squeezed_width
    s2 = nxt[1].squeezed_width if len(nxt) > 1 else 0.0
    if cur.squeezed_width <= rules.short_ratio_squeezed * max(s1, s2):
        return True
    # Indent: the next line is narrower than the one after it, as an indented first line
    # is, and this line is not (so it is not that paragraph's first line itself).
    if (len(nxt) > 1 and not nxt[0].terminal and cur.squeezed_width >= s1 - 1
            and s2 - s1 >= rules.indent_step):
        return True
    return False


def _blank_paragraphs(lines: list[_Line]) -> bool:
    """Whether empty lines part the page's paragraphs: some lines are followed by one, but
    fewer than two in five (a page with an empty line after every line, as the seed pages
    have, says nothing by them).

    >>> ls = [_Line(0, 1, 1, "a") for _ in range(10)]
    >>> ls[4].blank_after = True
    >>> _blank_paragraphs(ls), _blank_paragraphs(ls[:3])
    (True, False)
    """
    blanks = sum(ln.blank_after for ln in lines[:-1])
    return 0 < blanks <= 0.4 * (len(lines) - 1)


def _breaks(lines: list[_Line], rules: NormalizeRules) -> list[bool]:
    """For each pair of neighbouring lines, whether a paragraph ends between them."""
    out = []
    begins = True  # line i begins a paragraph
    quotes = 0  # open quotes in the paragraph so far
    blocks = _blank_paragraphs(lines)
    for i in range(len(lines) - 1):
        cur, nxt = lines[i], lines[i + 1]
        quotes = (cur.quotes if begins else quotes + cur.quotes)
        if nxt.cont and not cur.alone and not nxt.starts:
            brk = False  # a line cannot start with a closing quote or a comma
        elif cur.alone or nxt.starts or nxt.alone or (blocks and cur.blank_after):
            brk = True
        elif cur.terminal:
            # (on a page whose empty lines part paragraphs, a sentence that ends with its line
            # inside a block goes on)
            brk = not blocks
        elif cur.kicker and quotes <= 0:
            brk = True
        elif begins and _headline(lines, i, rules):
            brk = True
        else:
            brk = False
        out.append(brk)
        begins = brk
    return out


def _drop_spaces(s: str, offs: list[int], opening: re.Pattern[str]) -> tuple[str, list[int]]:
    """Step 4: drop the spaces that are layout, keep the ones that are text.

    A kept run of spaces becomes its first space; every other space goes. The kept runs
    are found by one regex (:data:`_KEEP_SPACE`) and marked in place, so that the rest is
    done by C-level string and iterator operations. ``opening`` is the layout's paragraph
    start (:attr:`NormalizeRules.paragraph_start`).
    """
    if " " not in s:
        return s, offs
    marked = _KEEP_SPACE.sub(_KEPT, s)
    if _KEPT in marked:
        marked = "\n".join(_running_text_spaces(para, opening) if _KEPT in para else para for para in marked.split("\n"))
    offs = list(compress(offs, map(" ".__ne__, marked)))
    return marked.replace(" ", "").replace(_KEPT, " "), offs


def _running_text_spaces(para: str, opening: re.Pattern[str]) -> str:
    """Unmark the spaces kept between two Han characters (:data:`_KEEP_SPACE`) that stand in
    running text: in a paragraph with a clause mark (，。、；！？), outside brackets and quotes
    (当天正 式启用, 第二届职 工代表大会, 该工作室由全 国劳动模范…). A byline's names in brackets,
    the halves of a quoted slogan (“当好主人翁 亚运立新功”), the space after a dateline that is all
    that comes before it (本报讯 X, 本报南宁电 X: ``opening``, the layout's paragraph start) or
    after a label of up to four characters opening the paragraph (河北 日前，…), a headline's
    halves and the byline lines (no clause mark) keep theirs.

    >>> start = DEFAULT_RULES.paragraph_start
    >>> _running_text_spaces("（记者\x01王五）近日，正\x01式启用", start) == "（记者\x01王五）近日，正 式启用"
    True
    >>> _running_text_spaces("本报南宁电\x01广西总工会日前印发通知，", start)[5] == "\x01"
    True
    """
    if not _CLAUSE_MARK.search(para):
        return para
    out = list(para)
    for m in _HAN_KEPT.finditer(para):
        before = para[:m.start()]
        # (half-width brackets become full-width only in step 5)
        if max(before.rfind("（"), before.rfind("(")) <= max(before.rfind("）"), before.rfind(")")) \
                and before.rfind("“") <= before.rfind("”") and not opening.fullmatch(before) \
                and (len(before) > _LABEL_MAX or _CLAUSE_MARK.search(before)):
            out[m.start()] = " "
    return "".join(out)


def normalize(raw: str, rules: NormalizeRules | None = None) -> Normalized:
    """Clean a raw OCR page and keep, for each clean character, its raw position.

    Paragraphs: two neighbouring visual lines are joined with nothing between them
    unless a paragraph ends there, which is when

    * the next line starts a byline, photo credit or marker (``本报讯``, ``本报记者``,
      ``本报福州9月17日电``, ``新华社发``, ``（上接第1版）``, ``阅读提示``), or the line is
      one of those standing alone, or a Markdown heading;
    * the line ends a sentence (``。！？`` or an ellipsis, then closing quotes or
      brackets) and the next line does not start with a closing quote or a comma;
    * the line is a kicker ending in ``——`` outside a quotation;
    * the line begins a paragraph, does not end a sentence and looks like a headline:
      see :func:`_headline` (run, short and indent tests, with guards: no function word
      at its end, no body opener such as ``据悉`` at its start, at most one comma).

    Parameters
    ----------
    raw : str
        The page as read from the file.
    rules : NormalizeRules, optional
        Paragraph rules; :data:`DEFAULT_RULES` (from ``pipelines/layout.toml``) if omitted.

    Returns
    -------
    Normalized
        ``text`` with one ``\\n`` between paragraphs, and ``offsets`` with
        ``len(text) + 1`` raw positions (the last is ``len(raw)``).

    Examples
    --------
    >>> n = normalize("推 动 出 台“ 产 改 ”配 套 措 施 109\\n\\n项 ，2023 年完成。")
    >>> n.text
    '推动出台“产改”配套措施109项，2023年完成。'
    >>> start, end = n.raw_span(12, 16)  # the clean "109项"
    >>> n.raw[start:end]
    '109\\n\\n项'
    >>> normalize("本报记者 黄榆\\n\\n近 5 年来，云南工\\n\\n会坚持服务大局。").text
    '本报记者 黄榆\\n近5年来，云南工会坚持服务大局。'
    """
    rules = rules or DEFAULT_RULES
    t = _step1(raw)
    lines = _lines(t, rules)
    _analyse(lines, rules)
    lines = [ln for ln in lines if ln.squeezed]
    breaks = _breaks(lines, rules)

    parts: list[str] = []
    offs: list[int] = []
    for i, ln in enumerate(lines):
        if i:
            prev = lines[i - 1]
            if breaks[i - 1]:
                parts.append("\n")
                offs.append(prev.sep)
            elif t[prev.end - 1] in _ASCII_LETTER and t[ln.start] in _ASCII_LETTER:
                # Latin words broken across lines keep a space, converted from the break.
                parts.append(" ")
                offs.append(prev.sep)
        parts.append(ln.text)
        offs.extend(range(ln.start, ln.end))
    s = "".join(parts)

    # Drop the sentinels of step 1.
    if _DROP in s:
        offs = list(compress(offs, map(_DROP.__ne__, s)))
        s = s.replace(_DROP, "")
    s, offs = _drop_spaces(s, offs, rules.paragraph_start)
    # Step 5, length-preserving.
    s = _PUNCT_IN_CJK.sub(lambda m: _HALF_PUNCT[m.group()], s)
    s = _FW_POINT.sub(".", s)
    offs.append(len(raw))
    return Normalized(raw=raw, text=s, offsets=tuple(offs))
