"""Property-based tests: no stage crashes on arbitrary Unicode, evidence offsets point at what
they say, and the Turtle always parses, names with Turtle syntax in them included.

The extraction tests need the pkuseg model and load one Extractor for the module; hypothesis
runs a modest number of examples so that the file stays under a minute.
"""
import functools
import importlib.resources
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg import errors
from kg.text.articles import split_articles
from kg.graph import build_graph
from kg.io.decode import decode
from kg.io.html import html_to_text
from kg.io.traditional import as_written, is_traditional, to_simplified
from kg.model import Article, Document, Entity, Evidence, Normalized, Relation
from kg.text.normalize import normalize
from kg.pipeline.extract import extract, to_gold_format
from kg.export.rdf import serialize_turtle, to_rdf

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = sorted({
    line.strip()
    for p in sorted((ROOT / "seeds").glob("*.txt"))
    for line in p.read_text(encoding="utf-8").splitlines()
    if line.strip()
})

FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that the normaliser treats specially, mixed into the generated text.
SPECIAL = st.sampled_from([
    "\ufeff", "\u200b", "\u00ad", "\x00", "\x0b", "\x1c", "\x85", "\r", "\r\n", "\n\n", "\t", "\u00a0", "\u3000",
    "\u2028", "\u2029", "\ud800", "\udfff", "（", "(", ")", ",", "“", "”", "\"", "#", "## ", "Ａ", "０", "％", "．",
    "本报讯（记者张三）", "本报记者 李四", "——", "…", "《", "》", "·", "😀", "\U00020000",
])
PIECE = st.one_of(st.characters(), SPECIAL)
ANY_TEXT = st.lists(PIECE, max_size=150).map("".join)


@st.composite
def pages(draw):
    """Seed lines, cut and spliced with arbitrary characters, joined by assorted line breaks."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        line = draw(st.sampled_from(SEED_LINES))
        if draw(st.booleans()):
            i = draw(st.integers(0, len(line)))
            line = line[:i] + "".join(draw(st.lists(PIECE, max_size=4))) + line[i:]
        parts.append(line)
        parts.append(draw(st.sampled_from(["\n", "\n\n", "\r\n", " ", "", "\u2028", "\n\u3000\u3000"])))
    return "".join(parts)


@functools.lru_cache(maxsize=1)
def to_traditional_table() -> dict[int, str]:
    """Simplified -> Traditional, one character for one, from OpenCC's STCharacters.txt."""
    text = (importlib.resources.files("opencc") / "dictionary" / "STCharacters.txt").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        key, _, forms = line.partition("\t")
        first = forms.split()[0] if forms.split() else ""
        if len(key) == 1 and len(first) == 1:
            table[ord(key)] = first
    return table


def squeeze(s: str) -> str:
    """Compared form: NFKC, without whitespace and without the characters the normaliser drops."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


# --- stages without the model ----------------------------------------------------------------

@FAST
@given(ANY_TEXT)
def test_normalize_never_crashes_and_keeps_offsets(raw):
    n = normalize(raw)
    assert n.raw == raw
    assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(n.offsets, n.offsets[1:-1]))  # each clean character from its own raw one
    for c, o in zip(n.text, n.offsets):
        r = raw[o]
        assert c == r or squeeze(c) == squeeze(r) or (c in " \n" and (r.isspace() or r in "\u2028\u2029"))


@FAST
@given(ANY_TEXT)
def test_split_articles_never_crashes_and_covers_the_text(raw):
    text = normalize(raw).text
    articles = split_articles("d", text)
    if not text.strip():
        return
    assert articles[0].start == 0 and articles[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(articles, articles[1:]))


@FAST
@given(st.binary(max_size=400))
def test_decode_only_ever_refuses_with_a_reason(data):
    try:
        d = decode(data, "f.txt")
    except errors.KGError as exc:
        assert str(exc)[:1] == "E" and "f.txt" in str(exc) and "\n" not in str(exc)
    else:
        assert d.text.strip() and len(d.matching) == len(d.text)


@FAST
@given(ANY_TEXT)
def test_html_to_text_keeps_length(text):
    assert len(html_to_text("<html>" + text)) == len(text) + 6


@FAST
@given(ANY_TEXT)
def test_traditional_conversion_keeps_length(text):
    assert len(to_simplified(text)) == len(text)
    is_traditional(text)


# --- the whole extraction --------------------------------------------------------------------

def check_evidence(doc: Document, raw: str) -> None:
    record = json.loads(json.dumps(to_gold_format(doc), ensure_ascii=False))
    for e in record["entities"]:
        assert e["name"]
        for ev in e["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(raw)
            assert squeeze(raw[ev["start"]:ev["end"]]) == squeeze(ev["text"]), (ev, raw[ev["start"]:ev["end"]])
    for r in record["relations"]:
        ev = r["evidence"]
        assert 0 <= ev["start"] < ev["end"] <= len(raw)


def check_turtle(docs: list[Document]) -> None:
    turtle = serialize_turtle(to_rdf(build_graph(docs)))
    Graph().parse(data=turtle, format="turtle")


@pytest.mark.model
@SLOW
@given(raw=st.one_of(pages(), ANY_TEXT))
def test_extraction_never_crashes_and_evidence_points_at_the_text(extractor, raw):
    doc = extract(extractor, "fuzz", "fuzz.txt", raw)
    check_evidence(doc, raw)
    check_turtle([doc])


@pytest.mark.model
@SLOW
@given(raw=pages())
def test_traditional_pages_keep_evidence_as_written(extractor, raw):
    written = raw.translate(to_traditional_table())
    assume(is_traditional(written))
    doc = as_written(extract(extractor, "fuzz", "fuzz.txt", to_simplified(written)), written)
    check_evidence(doc, written)
    check_turtle([doc])


@pytest.mark.model
def test_seed_pages_evidence_and_turtle(extractor):
    docs = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        doc = extract(extractor, p.stem, p.name, raw)
        check_evidence(doc, raw)
        docs.append(doc)
    check_turtle(docs)


# --- injection -------------------------------------------------------------------------------

NASTY = [
    'say "hi"', "back\\slash", "trailing\\", "brace}{", 'triple"""quote', "'''single'''", "<iri>", "a>b<c",
    "new\nline", "cr\rlf", "tab\there", "bell\x07esc\x1bnul\x00", "\x7f\x85\u2028\u2029", "emoji😀", "@prefix x: <y> .",
    "} ; ] . #comment", "%20%0A", "?q=1&r#f", " spaced ", "\ufeffbom",
]  # no lone surrogates: strict decoding refuses them and normalisation drops them


@pytest.mark.parametrize("name", NASTY)
def test_names_with_turtle_syntax_give_valid_turtle(name):
    text = "甲乙丙丁"
    doc_id = f"doc {name}"[:40]
    person = ("PERSON", "王" + name)
    org = ("ORG", name)
    doc = Document(
        doc_id, f"{doc_id}.txt", Normalized(text, text, tuple(range(len(text) + 1))),
        [Article(f"{doc_id}#a1", 0, len(text), title=name, bylines=(name,))],
        [Entity(*org, {name, name + "工会"}, props={"note": name}), Entity(*person, {"王" + name})],
        [Relation(person, "holds_position", org, name, Evidence(doc_id, f"{doc_id}#a1", 0, 4, name, "rule " + name))],
    )
    rdf = to_rdf(build_graph([doc]))
    turtle = serialize_turtle(rdf)
    back = Graph().parse(data=turtle, format="turtle")
    assert len(back) == len(rdf)
    labels = {str(o) for o in back.objects(None, RDFS.label)}
    assert any(name.strip() in label for label in labels)
