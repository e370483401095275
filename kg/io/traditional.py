"""Traditional Chinese: read as Simplified, one character for one, and written back.

A page in Traditional characters (:func:`is_traditional`) is converted character for character
to Simplified for matching (:func:`to_simplified`): the lexicons and rules are Simplified, and
offsets stay valid. :func:`as_written` then puts the characters of the page back into names,
evidence and the text, so offsets and names follow the input.
"""
from __future__ import annotations

import importlib.resources
from dataclasses import replace
from functools import lru_cache

from .. import errors
from ..model import Document, Entity, Normalized, Relation

__all__ = ["conversion", "to_simplified", "is_traditional", "as_written"]


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
def conversion() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
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
    return text.translate(conversion()[0])


def is_traditional(text: str) -> bool:
    """Whether ``text`` has more Traditional-only than Simplified-only characters.

    Characters that both scripts share (``乾``, ``於``, ``后``) count for neither.

    >>> is_traditional("臺灣省總工會舉辦"), is_traditional("全国总工会，於是")
    (True, False)
    """
    _, trad, simp = conversion()
    n_trad = sum(1 for c in text if c in trad)
    n_simp = sum(1 for c in text if c in simp)
    return n_trad > n_simp


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

    The text, mention surfaces, entity names and aliases, roles, evidence sentences and dates,
    titles, bylines, authors, datelines and date expressions get back the characters the page
    uses; offsets do not change. An entity's Simplified name stays among its aliases. Characters
    a name gets from the (Simplified) lexicons and that the page never uses stay Simplified.

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
            replace(r.evidence, sentence=w(r.evidence.sentence), date=w(r.evidence.date)),
        )
        for r in doc.relations
    ]
    articles = [replace(a, title=w(a.title), bylines=tuple(map(w, a.bylines)), dateline=w(a.dateline),
                        authors=tuple((w(name), w(role)) for name, role in a.authors)) for a in doc.articles]
    dates = [replace(d, text=text[d.start:d.end]) for d in doc.dates]
    return Document(doc.id, doc.source, Normalized(written, text, norm.offsets), articles, entities, relations, dates)
