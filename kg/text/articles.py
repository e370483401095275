"""Page -> articles: spans of the normalised text, with headline and byline names.

A page holds several articles. Each one opens with credits (``本报讯（记者李润钊）``,
``本报福州9月17日电（记者陈曦）``, a line ``本报记者 黄榆``) or a continuation marker
(``（上接第1版）``). On these OCR pages the headline of an article is printed either
after its body or before its credits, so the headlines between two articles' bodies
could belong to either; :func:`split_articles` decides by what each headline says (see
there). Photo captions (a credit ending in ``摄``, the caption text before it and the
photo's title) are not articles; they stay with the article they stand next to.

The patterns are data, in ``pipelines/layout.toml`` (``[vocab]`` and ``[articles]``);
:func:`compile_layout` turns that data into a :class:`Layout`.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .layout import LAYOUT_PATH, expand, read_layout
from ..model import Article

__all__ = [
    "Layout",
    "compile_layout",
    "load_layout",
    "DEFAULT_LAYOUT",
    "byline_credits",
    "byline_names",
    "Affinity",
    "split_articles",
    "article_finder",
]


@dataclass(frozen=True)
class Layout:
    """Compiled article patterns (see ``[articles]`` in ``pipelines/layout.toml``).

    Attributes
    ----------
    dispatch : tuple[re.Pattern, ...]
        Credits at the start of a paragraph that goes on with the body; group ``credits``.
    staff_line : re.Pattern
        A paragraph that is only credits; group ``credits``.
    continuation : re.Pattern
        Start of a continued article (``（上接第1版）``).
    caption, dateline, reading_hint, terminal : re.Pattern
        Photo credit, closing dateline, the 阅读提示 label, and a sentence end.
    roles : tuple[str, ...]
        Role words of a credit (记者, 通讯员, ...), longest first.
    staff : re.Pattern
        The paper or agency in front of a role word (本报, 新华社).
    name : re.Pattern
        One personal name.
    name_separators : re.Pattern
        What stands between names in a credit.
    kicker_end : str
        Ending of a kicker headline (``——``).
    kicker_openers : tuple[str, ...]
        Openings that mark the first of two headlines as the kicker.
    headline_max_chars, kicker_max_chars, caption_max_paragraphs : int
        Size limits.
    """

    dispatch: tuple[re.Pattern[str], ...]
    staff_line: re.Pattern[str]
    continuation: re.Pattern[str]
    caption: re.Pattern[str]
    dateline: re.Pattern[str]
    reading_hint: re.Pattern[str]
    terminal: re.Pattern[str]
    roles: tuple[str, ...]
    staff: re.Pattern[str]
    name: re.Pattern[str]
    name_separators: re.Pattern[str]
    kicker_end: str
    kicker_openers: tuple[str, ...]
    headline_max_chars: int
    kicker_max_chars: int
    caption_max_paragraphs: int


def compile_layout(data: Mapping[str, Any]) -> Layout:
    """Build a :class:`Layout` from the parsed layout file.

    Parameters
    ----------
    data : Mapping
        The parsed ``pipelines/layout.toml`` (its ``vocab`` and ``articles`` tables).

    Returns
    -------
    Layout

    Examples
    --------
    >>> import tomllib
    >>> layout = compile_layout(tomllib.loads(LAYOUT_PATH.read_text(encoding="utf-8")))
    >>> layout.dispatch[0].match("本报讯（记者李润钊）报名").group("credits")
    '记者李润钊'
    """
    vocab, cfg = data["vocab"], data["articles"]

    def rx(key: str) -> re.Pattern[str]:
        return re.compile(expand(cfg[key], vocab))

    return Layout(
        dispatch=tuple(re.compile(expand(p, vocab)) for p in cfg["dispatch"]),
        staff_line=rx("staff_line"),
        continuation=rx("continuation"),
        caption=rx("caption"),
        dateline=rx("dateline"),
        reading_hint=rx("reading_hint"),
        terminal=rx("terminal"),
        roles=tuple(sorted(vocab["roles"], key=len, reverse=True)),
        staff=re.compile(vocab["staff"]),
        name=re.compile(f"^{vocab['name']}$"),
        name_separators=re.compile(cfg["name_separators"]),
        kicker_end=cfg["kicker_end"],
        kicker_openers=tuple(cfg["kicker_openers"]),
        headline_max_chars=int(cfg["headline_max_chars"]),
        kicker_max_chars=int(cfg["kicker_max_chars"]),
        caption_max_paragraphs=int(cfg["caption_max_paragraphs"]),
    )


@lru_cache(maxsize=8)
def load_layout(path: Path | str = LAYOUT_PATH) -> Layout:
    """Compile the article patterns of a layout file (cached; see
    :func:`kg.text.layout.read_layout`)."""
    return compile_layout(read_layout(path))


#: The patterns of ``pipelines/layout.toml``, used when none are given.
DEFAULT_LAYOUT = load_layout()


def byline_credits(credits: str, layout: Layout | None = None) -> tuple[tuple[str, str], ...]:
    """Personal names in a credit with their role word, in order, without repeats.

    Role words (记者, 通讯员, ...) and the paper's name (本报) are stripped from the
    front of each piece; a name takes the role written before it (记者张翀 通讯员杨浩 潘雪梅:
    潘雪梅 is a 通讯员). A piece that is not then a plausible name (two to four Han
    characters, or a name with a middle dot) is skipped, since two names that OCR ran
    together cannot be told apart.

    Parameters
    ----------
    credits : str
        The credit text, e.g. the inside of the brackets of ``本报讯（…）``.
    layout : Layout, optional
        Patterns; :data:`DEFAULT_LAYOUT` if omitted.

    Returns
    -------
    tuple[tuple[str, str], ...]
        ``(name, role)`` pairs; the role is ``""`` before any role word.

    Examples
    --------
    >>> byline_credits("记者张翀 通讯员杨浩 潘雪梅")
    (('张翀', '记者'), ('杨浩', '通讯员'), ('潘雪梅', '通讯员'))
    >>> byline_credits("本报记者 黄榆")
    (('黄榆', '记者'),)
    >>> byline_credits("记者田野通讯员 孙晓梅")
    (('田野', '记者'), ('孙晓梅', '通讯员'))
    """
    layout = layout or DEFAULT_LAYOUT
    credited: list[tuple[str, str]] = []
    role = ""
    # (a role word glued after a name, when OCR lost the space: 记者田野通讯员 孙晓梅)
    glued = re.compile("|".join(map(re.escape, layout.roles)))  # (longest first: 特约记者 before 记者)
    pieces = [p for piece in layout.name_separators.split(credits) for p in _split_at(piece, glued)]
    for piece in pieces:
        if layout.staff.fullmatch(piece):
            continue
        while piece:
            m = layout.staff.match(piece)
            if m and piece[m.end():].startswith(layout.roles):
                piece = piece[m.end():]
            word = next((r for r in layout.roles if piece.startswith(r)), None)
            if word is None:
                break
            role, piece = word, piece[len(word):]
        if piece and layout.name.match(piece) and all(piece != name for name, _ in credited):
            credited.append((piece, role))
    return tuple(credited)


def _split_at(piece: str, words: re.Pattern) -> list[str]:
    """``piece`` cut before each match of ``words`` after its start.

    >>> _split_at("记者田野通讯员", re.compile("通讯员|记者"))
    ['记者田野', '通讯员']
    """
    cuts = [m.start() for m in words.finditer(piece) if m.start() > 0]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)])]


def byline_names(credits: str, layout: Layout | None = None) -> tuple[str, ...]:
    """Personal names in a credit, in order, without repeats (those of :func:`byline_credits`).

    Parameters
    ----------
    credits : str
        The credit text, e.g. the inside of the brackets of ``本报讯（…）``.
    layout : Layout, optional
        Patterns; :data:`DEFAULT_LAYOUT` if omitted.

    Returns
    -------
    tuple[str, ...]

    Examples
    --------
    >>> byline_names("记者 张三 李四 通讯员 王五")
    ('张三', '李四', '王五')
    >>> byline_names("本报记者 黄榆")
    ('黄榆',)
    >>> byline_names("记者柳姗姗 彭冰 通讯员姚远")
    ('柳姗姗', '彭冰', '姚远')
    """
    return tuple(name for name, _ in byline_credits(credits, layout))


_WORD_RUN = re.compile(r"\w{2,}")

# Paragraph kinds.
_START, _CAPTION, _HINT, _DATELINE, _HEAD, _KICKER, _BODY = (
    "start", "caption", "hint", "dateline", "head", "kicker", "body")


@dataclass
class _Para:
    """One non-blank paragraph of the page and what it is."""

    start: int
    end: int
    text: str  # stripped
    kind: str = _BODY
    credits: str = ""
    staff_only: bool = False  # a paragraph that is only credits
    dateline: str = ""  # the place and date of a dateline (福州9月17日电)


@dataclass
class _Item:
    """One unit of the stretch between two articles' bodies."""

    first: int  # paragraph indices, inclusive
    last: int
    kind: str  # head, kicker, hint, photo
    text: str  # what it says (for a photo: its caption text)
    doc: int = -1  # for a photo with a caption: its document in the affinity index
    photo_title: bool = False
    score_prev: float = 0.0
    score_next: float = 0.0


@dataclass
class _Span:
    """An article being built: where its credits are and its headline candidates."""

    anchor: int  # paragraph of its credits (or its first paragraph, if it has none)
    body_from: int  # first paragraph after its credits
    credits: list[str] = field(default_factory=list)
    heads: list[_Item] = field(default_factory=list)


def _paragraphs(text: str) -> list[_Para]:
    """Non-blank paragraphs (``\\n``-separated) with their spans."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s = m.group()
        stripped = s.strip()
        if stripped:
            lead = len(s) - len(s.lstrip())
            out.append(_Para(m.start() + lead, m.start() + lead + len(stripped), stripped))
    return out


def _classify(p: _Para, layout: Layout) -> None:
    t = p.text
    if layout.caption.search(t):
        p.kind = _CAPTION  # before credits: 本报记者 吴凡 摄 is a photo credit
        return
    for rx in layout.dispatch:
        m = rx.match(t)
        if m:
            p.kind, p.credits, p.dateline = _START, m.group("credits"), m.groupdict().get("dateline") or ""
            return
    m = layout.staff_line.match(t)
    if m:
        p.kind, p.credits, p.staff_only = _START, m.group("credits"), True
        return
    if layout.continuation.match(t):
        p.kind = _START
        return
    m = layout.dateline.match(t)
    if m:
        p.kind, p.dateline = _DATELINE, m.groupdict().get("dateline") or ""
    elif layout.reading_hint.match(t):
        p.kind = _HINT
    elif t.endswith(layout.kicker_end) and len(t) <= layout.kicker_max_chars:
        p.kind = _KICKER
    elif len(t) <= layout.headline_max_chars and not layout.terminal.search(t) \
            and t[-1] not in "，、；：,;:":
        p.kind = _HEAD
    else:
        p.kind = _BODY


def _bigrams(s: str) -> set[str]:
    """Character bigrams within runs of word characters (Han, digits, letters)."""
    out: set[str] = set()
    for run in _WORD_RUN.findall(s):
        out.update(map(str.__add__, run[:-1], run[1:]))
    return out


class Affinity:
    """How much a headline says about a text: its bigrams found there, weighted 1/df.

    A bigram every article on the page uses (工会) says nothing about which article a
    headline belongs to; one that only this article uses says a lot.
    """

    def __init__(self, docs: Sequence[str]):
        self.docs = [_bigrams(d) for d in docs]
        self.df: Counter[str] = Counter()
        for d in self.docs:
            self.df.update(d)

    def score(self, text: str, doc: int) -> float:
        grams = _bigrams(text)
        if not grams or doc < 0:
            return 0.0
        bag = self.docs[doc]
        # fsum is exact whatever the order of the set, so scores (and the ties between
        # them) do not depend on the process's string hashing
        return math.fsum(1.0 / self.df[g] for g in grams if g in bag) / len(grams)


def _gap_start(paras: list[_Para], lo: int, hi: int, layout: Layout) -> int:
    """First paragraph of the trailing stretch of ``[lo, hi)`` that is not body text.

    The stretch holds headlines, kickers, reading-hint boxes (label and text) and photos
    (credit and up to ``caption_max_paragraphs`` of caption text before it).
    """
    j = hi - 1
    caption_left = 0
    while j > lo:
        kind = paras[j].kind
        if kind in (_HEAD, _KICKER, _HINT, _CAPTION):
            caption_left = layout.caption_max_paragraphs if kind == _CAPTION else 0
            j -= 1
        elif kind == _BODY and caption_left > 0:
            caption_left -= 1
            j -= 1
        elif kind == _BODY and paras[j - 1].kind == _HINT and j - 1 > lo:
            caption_left = 0
            j -= 1
        else:
            break
    return j + 1


def _items(paras: list[_Para], lo: int, hi: int) -> list[_Item]:
    """Group the paragraphs ``[lo, hi)`` into items: headlines, kickers, hints, photos, body."""
    items: list[_Item] = []
    k = lo
    while k < hi:
        kind = paras[k].kind
        if kind == _HINT:
            last = k
            while last + 1 < hi and paras[last + 1].kind == _BODY:
                last += 1
            items.append(_Item(k, last, "hint", "".join(p.text for p in paras[k + 1:last + 1])))
        elif kind == _BODY:
            last = k
            while last + 1 < hi and paras[last + 1].kind == _BODY:
                last += 1
            body = "".join(p.text for p in paras[k:last + 1])
            if last + 1 < hi and paras[last + 1].kind == _CAPTION:
                last += 1
                items.append(_Item(k, last, "photo", body))
            else:
                items.append(_Item(k, last, "body", body))
        elif kind == _CAPTION:
            last = k
            items.append(_Item(k, k, "photo", ""))
        elif kind in (_HEAD, _KICKER):
            last = k
            items.append(_Item(k, k, "kicker" if kind == _KICKER else "head", paras[k].text))
        else:
            last = k
            items.append(_Item(k, k, "body", paras[k].text))
        k = last + 1
    return items


def _anchors(paras: list[_Para]) -> list[_Span]:
    """Credits and continuation markers; credit-only paragraphs in a row are one byline."""
    spans: list[_Span] = []
    for k, p in enumerate(paras):
        if p.kind != _START:
            continue
        if spans and p.staff_only and spans[-1].body_from == k and paras[k - 1].staff_only:
            spans[-1].credits.append(p.credits)
            spans[-1].body_from = k + 1
            continue
        spans.append(_Span(k, k + 1, [p.credits] if p.credits else []))
    return spans


def _mark_photo_titles(items: list[_Item], aff: Affinity, neighbours: tuple[int, int]) -> None:
    """A headline next to a photo that says more about the photo than the articles is its title.

    Photo titles stand above the caption on some pages and below the credit on others,
    so both neighbours are tried.
    """
    for n, it in enumerate(items):
        if it.kind != "head":
            continue
        for m in (n - 1, n + 1):
            if 0 <= m < len(items) and items[m].kind == "photo" and items[m].doc >= 0:
                own = aff.score(it.text, items[m].doc)
                if own > 0 and own >= max(aff.score(it.text, d) for d in neighbours):
                    it.photo_title = True


def _split_point(items: list[_Item]) -> int:
    """Where the stretch between two articles divides: items before go to the first.

    Maximises the affinity of each item with the article it goes to; on a tie the
    later point wins, so what says nothing (a photo, a banner) stays with the article
    before it, whose body it follows.
    """
    best, best_at = float("-inf"), len(items)
    total_next = sum(it.score_next for it in items)
    acc = 0.0
    for p in range(len(items) + 1):
        score = acc + total_next
        if score >= best - 1e-12:
            best, best_at = score, p
        if p < len(items):
            acc += items[p].score_prev
            total_next -= items[p].score_next
    return best_at


def _kickerish(first: str, second: str, layout: Layout) -> bool:
    """Whether the first of two headlines is a kicker (引题) rather than the main one."""
    return (bool(re.search("[，,、；;]", first)) or first.count(" ") >= 2
            or first.startswith(layout.kicker_openers) or len(first) >= 1.6 * len(second))


def _title(heads: list[_Item], aff: Affinity, doc: int, layout: Layout) -> str:
    """The main headline among an article's headline candidates (``""`` if none).

    A kicker (``…——``) is followed by the main headline. Otherwise headlines standing
    together form a group: of three, the middle one is the main (kicker, main,
    subtitle); of two, the first (main, subtitle) unless it reads as a kicker; of more,
    the one that says most about the article. Between groups, the one whose main
    headline says most about the article wins.
    """
    heads = [h for h in heads if not h.photo_title]
    if not heads:
        return ""
    by_para = {h.first: h for h in heads}
    for h in reversed(heads):
        if h.kind == "kicker":
            nxt = by_para.get(h.last + 1)
            if nxt is not None and nxt.kind == "head":
                return nxt.text
    groups: list[list[_Item]] = []
    for h in heads:
        if h.kind != "head":
            continue
        if groups and groups[-1][-1].last + 1 == h.first:
            groups[-1].append(h)
        else:
            groups.append([h])
    if not groups:
        return heads[-1].text.removesuffix(layout.kicker_end)
    picks = []
    for g in groups:
        if len(g) == 1:
            picks.append(g[0])
        elif len(g) == 2:
            picks.append(g[1] if _kickerish(g[0].text, g[1].text, layout) else g[0])
        elif len(g) == 3:
            picks.append(g[1])
        else:
            picks.append(max(g, key=lambda h: aff.score(h.text, doc)))
    return max(picks, key=lambda h: aff.score(h.text, doc)).text


def split_articles(doc_id: str, text: str, layout: Layout | None = None) -> list[Article]:
    """Divide a normalised page into articles.

    Parameters
    ----------
    doc_id : str
        Document id; article ids are ``f"{doc_id}#a{n}"`` with ``n`` from 1.
    text : str
        Normalised page text (paragraphs separated by ``\\n``, as from
        :func:`kg.text.normalize.normalize`).
    layout : Layout, optional
        Patterns; :data:`DEFAULT_LAYOUT` (from ``pipelines/layout.toml``) if omitted.

    Returns
    -------
    list[Article]
        In page order, not overlapping, together covering ``text`` from 0 to
        ``len(text)`` (each article ends where the next begins, so the ``\\n`` between
        them belongs to the earlier one). Empty if ``text`` is blank.

    Notes
    -----
    * An article starts at its credits or at a continuation marker. Consecutive
      credit-only paragraphs (``本报记者 叶小钟`` / ``本报通讯员 王娅 黄敏清``) are one byline.
    * Before the first credits: headlines, kickers, reading hints and photos join the
      first article; if that stretch also holds body text, it is an article of its own.
      A page without credits is one article.
    * Between the body of one article and the credits of the next lies a stretch of
      headlines, kickers, reading-hint boxes and photos. It is divided at one point:
      the point that gives each headline and hint to the article whose body shares
      most of its rare character bigrams (:class:`Affinity`); photos and headlines
      that match neither stay with the earlier article.
    * A headline next to a photo that matches the photo's caption better than either
      article is the photo's title, never an article's.
    * The title is chosen among the article's headlines by :func:`_title`.

    Examples
    --------
    >>> page = "本报讯（记者张三）甲乙丙丁。\\n甲乙丙丁举行\\n本报记者 李四\\n戊己庚辛。\\n戊己庚辛"
    >>> [(a.id, a.title, a.bylines) for a in split_articles("d", page)]
    [('d#a1', '甲乙丙丁举行', ('张三',)), ('d#a2', '戊己庚辛', ('李四',))]
    >>> [(a.authors, a.dateline) for a in split_articles("d", "本报福州9月17日电（记者陈曦）甲乙。")]
    [((('陈曦', '记者'),), '福州9月17日电')]
    """
    layout = layout or DEFAULT_LAYOUT
    paras = _paragraphs(text)
    if not paras:
        return []
    for p in paras:
        _classify(p, layout)

    spans = _anchors(paras)
    lead_hi = spans[0].anchor if spans else len(paras)
    lead = _items(paras, 0, lead_hi)
    if not spans or any(it.kind == "body" for it in lead):
        # Body text before any credits (or no credits at all): an article of its own,
        # whose headline candidates are the headlines above its first body paragraph.
        first_body = next((it.first for it in lead if it.kind == "body"), lead_hi)
        spans.insert(0, _Span(0, 0, heads=[it for it in lead if it.last < first_body]))
        lead = []
    else:
        spans[0].heads.extend(lead)

    n_art = len(spans)
    bounds = [sp.anchor for sp in spans[1:]] + [len(paras)]
    stretches: list[list[_Item]] = []
    cores: list[str] = []
    for sp, hi in zip(spans, bounds):
        gap = _gap_start(paras, sp.anchor, hi, layout)
        cores.append("".join(p.text for p in paras[sp.anchor:gap]))
        stretches.append(_items(paras, gap, hi))

    # Caption texts are documents too, so that a photo's title can find its photo.
    docs = list(cores)
    for it in lead + [it for items in stretches for it in items]:
        if it.kind == "photo" and it.text:
            it.doc = len(docs)
            docs.append(it.text)
    aff = Affinity(docs)

    _mark_photo_titles(lead, aff, (0, -1))
    starts = [sp.anchor for sp in spans]
    starts[0] = 0
    for i, items in enumerate(stretches):
        nxt = i + 1 if i + 1 < n_art else -1
        _mark_photo_titles(items, aff, (i, nxt))
        if nxt < 0:
            spans[i].heads.extend(items)
            continue
        for it in items:
            if it.kind in ("head", "kicker", "hint") and not it.photo_title:
                it.score_prev = aff.score(it.text, i)
                it.score_next = aff.score(it.text, nxt)
        cut = _split_point(items)
        spans[i].heads.extend(items[:cut])
        spans[nxt].heads[:0] = items[cut:]
        if cut < len(items):
            starts[nxt] = items[cut].first

    articles = []
    for n, sp in enumerate(spans):
        begin = paras[starts[n]].start if n else 0
        end = paras[starts[n + 1]].start if n + 1 < n_art else len(text)
        heads = [h for h in sp.heads if h.kind in ("head", "kicker")]
        authors: list[tuple[str, str]] = []
        for credit in sp.credits:
            authors.extend(a for a in byline_credits(credit, layout) if all(a[0] != b[0] for b in authors))
        articles.append(Article(
            id=f"{doc_id}#a{n + 1}",
            start=begin,
            end=end,
            title=_title(heads, aff, n, layout),
            bylines=tuple(name for name, _ in authors),
            authors=tuple(authors),
            dateline=next((p.dateline for p in paras if begin <= p.start < end and p.dateline), ""),
        ))
    return articles


def article_finder(articles: Sequence) -> Callable[[int], str]:
    """A function giving the id of the first article whose range holds a position (the last
    article for a position in none, "" without articles). Articles in order and apart, as
    split_articles gives them, are found by bisection.

    >>> from kg.model import Article
    >>> at = article_finder([Article("d#a1", 0, 5), Article("d#a2", 7, 9)])
    >>> [at(0), at(4), at(5), at(8), at(20)]
    ['d#a1', 'd#a1', 'd#a2', 'd#a2', 'd#a2']
    """
    last = articles[-1].id if articles else ""
    starts = [a.start for a in articles]
    if all(a.end <= b.start for a, b in zip(articles, articles[1:])):
        def at(pos: int) -> str:
            k = bisect_right(starts, pos) - 1
            return articles[k].id if k >= 0 and pos < articles[k].end else last
        return at

    def scan(pos: int) -> str:
        return next((a.id for a in articles if a.start <= pos < a.end), last)
    return scan
