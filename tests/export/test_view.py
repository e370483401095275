"""kg.export.view: the data it writes, and the page in a real headless Chromium.

The graph is hand-made (two pages, every label and predicate, raw text with an OCR line break
inside a name, so that evidence offsets must be mapped from the raw page to the shown text).
Browser tests save a screenshot each to their tmp_path and to test-screenshots/.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from tests import browser as browser_module
from kg.export.view import ViewDocument, document_key, view_document, write_view
from kg.graph import build_graph
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-screenshots"  # not in build/: kg build replaces that folder whole

WANG = ("PERSON", "王宏")
ZHANG = ("PERSON", "张驰")
UNION = ("ORG", "云南省总工会")
ACFTU = ("ORG", "全国总工会")
HRSS = ("ORG", "云南省人社厅")
YUNNAN = ("PLACE", "云南省")
KUNMING = ("PLACE", "昆明市")
REFORM = ("PROGRAMME", "产业工人队伍建设改革")
CONTEST = ("EVENT", "云南省职工职业技能大赛")
MEDAL = ("AWARD", "全国五一劳动奖章")
NASTY = ("ORG", "</script><b>\u2028工会")

#: entity key -> (aliases, props)
ENTITIES = {
    WANG: ((), {}),
    ZHANG: ((), {}),
    UNION: (("省总工会",), {"org_type": "trade_union"}),
    ACFTU: ((), {"org_type": "trade_union"}),
    HRSS: ((), {"org_type": "government"}),
    YUNNAN: (("云南",), {"division_code": "530000", "admin_level": "province"}),
    KUNMING: ((), {"division_code": "530100", "admin_level": "prefecture"}),
    REFORM: (("产改",), {}),
    CONTEST: ((), {}),
    MEDAL: ((), {}),
    NASTY: ((), {}),
}

#: Page 1, two articles; "\n" inside a line is an OCR break that normalisation removes.
PAGE1 = (
    ("一", "省总工会推进产改", [
        "云南省总工会党组书记王\n宏介绍，全省各级工会扎实推进产改。",
        "云南省总工会位于昆明市。",
        "云南省总工会是全国总工会的地方组织。",
        "云南省总工会参与产业工人队伍建设改革。",
    ]),
    ("二", "技能大赛举行", [
        "云南省总工会主办云南省职工职业技能大赛。",
        "云南省总工会与云南省人社厅联合开展活动。",
        "云南省总工会副主席张驰荣获全国五一劳动奖章。",
    ]),
)
PAGE2 = (
    ("一", "云南工会动态", [
        "张驰在云南调研。",
        "“</script><b>\u2028工会”位于昆明市。",
    ]),
)
#: (subject, predicate, object, role, page, article number, sentence number, rule)
RELATIONS = [
    (WANG, "holds_position", UNION, "党组书记", 1, 1, 0, "post"),
    (UNION, "located_in", KUNMING, None, 1, 1, 1, "place"),
    (UNION, "sub_organization_of", ACFTU, None, 1, 1, 2, "unit"),
    (UNION, "participates_in", REFORM, None, 1, 1, 3, "part"),
    (UNION, "organizes", CONTEST, "主办", 1, 2, 0, "organise"),
    (UNION, "partner_of", HRSS, None, 1, 2, 1, "partner"),
    (ZHANG, "holds_position", UNION, "副主席", 1, 2, 2, "post"),
    (ZHANG, "received_award", MEDAL, None, 1, 2, 2, "award"),
    (NASTY, "located_in", KUNMING, None, 2, 1, 1, "place"),
]
DIVISIONS = {"530000": ("云南省", 1, ""), "530100": ("昆明市", 2, "530000")}


def normalise(raw: str) -> Normalized:
    """Drop line breaks inside a line (as OCR leaves them), keeping paragraph breaks."""
    text, offsets = [], []
    for i, ch in enumerate(raw):
        if ch == "\n" and 0 < i < len(raw) - 1 and "\n" not in (raw[i - 1], raw[i + 1]):
            continue
        text.append(ch)
        offsets.append(i)
    return Normalized(raw, "".join(text), tuple(offsets) + (len(raw),))


def make_page(doc_id: str, articles, page: int) -> Document:
    """A page whose articles are title + sentences, with every occurrence of an entity's name or
    alias as a mention, and the relations of ``page``."""
    raw, spans, where = "", [], {}
    for n, (_, title, sentences) in enumerate(articles, 1):
        start = len(raw)
        raw += title + "\n\n"
        for k, sentence in enumerate(sentences):
            where[(n, k)] = (len(raw), len(raw) + len(sentence), sentence.replace("\n", ""))
            raw += sentence + "\n\n"
        spans.append((f"{doc_id}#a{n}", start, len(raw), title))
    norm = normalise(raw)
    clean = {i: k for k, i in enumerate(norm.offsets)}  # raw index -> text index
    articles_ = [Article(a, clean[s], clean.get(e, len(norm.text)), t) for a, s, e, t in spans]
    article_at = lambda pos: next(a.id for a in articles_ if a.start <= pos < a.end)  # noqa: E731
    entities = []
    for key, (aliases, props) in ENTITIES.items():
        found = []
        for form in sorted({key[1], *aliases}, key=len, reverse=True):
            for m in re.finditer(re.escape(form), norm.text):
                if not any(m.start() < f.end and f.start < m.end() for f in found):
                    found.append(Mention(m.start(), m.end(), form, key[0], "test", article_at(m.start())))
        if found:
            entities.append(Entity(key[0], key[1], set(aliases), found, dict(props)))
    relations = [
        Relation(s, p, o, role, Evidence(doc_id, f"{doc_id}#a{n}", *where[(n, k)], rule))
        for s, p, o, role, pg, n, k, rule in RELATIONS if pg == page
    ]
    return Document(doc_id, f"{doc_id}.txt", norm, articles_, entities, relations)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [make_page("p1", PAGE1, 1), make_page("p2", PAGE2, 2)]


@pytest.fixture(scope="module")
def graph(documents) -> nx.MultiDiGraph:
    return build_graph(documents, DIVISIONS)


@pytest.fixture(scope="module")
def view(graph, documents, tmp_path_factory) -> Path:
    return write_view(graph, documents, tmp_path_factory.mktemp("view") / "view")


def read_data(index: Path) -> dict:
    text = (index.parent / "data" / "graph.js").read_text(encoding="utf-8")
    assert text.startswith("window.KG_VIEW = ") and text.endswith(";\n")
    return json.loads(text[len("window.KG_VIEW = "):-2])


def read_document(index: Path, doc_id: str) -> dict:
    key = document_key(doc_id)
    text = (index.parent / "data" / "docs" / f"{key}.js").read_text(encoding="utf-8")
    prefix = f'kgDocument("{key}", '
    assert text.startswith(prefix) and text.endswith(");\n")
    return json.loads(text[len(prefix):-3])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the files -----------------------------------------------------------------------------


def test_writing_twice_gives_the_same_bytes(graph, documents, tmp_path):
    first = write_view(graph, documents, tmp_path / "a").parent
    again = write_view(graph, list(reversed(documents)), tmp_path / "b").parent
    assert files(first) == files(again)
    # over an existing view: replaced whole, nothing left beside it
    write_view(graph, documents, first)
    assert files(first) == files(again)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_layout_of_the_folder(view):
    assert sorted(files(view.parent)) == sorted([
        "index.html", "assets/app.js", "assets/style.css", "assets/cytoscape.min.js", "assets/cytoscape.LICENSE",
        "data/graph.js", f"data/docs/{document_key('p1')}.js", f"data/docs/{document_key('p2')}.js",
    ])
    html = view.read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == [
        "assets/style.css", "#/", "assets/cytoscape.min.js", "data/graph.js", "assets/app.js"]
    assert "http" not in html


def test_tables(view, graph):
    data = read_data(view)
    assert data["format"] == 1
    assert data["labels"] == ["PERSON", "ORG", "PLACE", "PROGRAMME", "EVENT", "AWARD"]
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    names = [n[1] for n in data["nodes"]]
    union = data["nodes"][names.index("云南省总工会")]
    assert data["labels"][union[0]] == "ORG" and union[2] == ["省总工会"] and union[3] == {"org_type": "trade_union"}
    assert [data["articles"][a][1] for a in union[4]] == ["p1#a1", "p1#a2"]
    assert data["documents"] == [["p1", "p1.txt", document_key("p1"), [0, 1]], ["p2", "p2.txt", document_key("p2"), [2]]]
    assert data["articles"][1] == [0, "p1#a2", "技能大赛举行"]
    # every sentence once, though 张驰's two facts share one
    assert len(data["sentences"]) == len(set(data["sentences"])) == len(RELATIONS) - 1


def test_evidence_is_placed_in_the_shown_text(view, documents):
    """Evidence offsets are raw; the view places each sentence in the normalised text."""
    data = read_data(view)
    texts = {doc.id: read_document(view, doc.id)["text"] for doc in documents}
    placed = 0
    for s, o, p, role, doc, article, sentence, rule, start, end in data["edges"]:
        if doc < 0:
            assert (sentence, start, end) == (-1, -1, -1) and data["rules"][rule] == "gazetteer"
            continue
        assert texts[data["documents"][doc][0]][start:end] == data["sentences"][sentence]
        placed += 1
    assert placed == len(RELATIONS)
    assert "王宏介绍" in texts["p1"]  # the OCR break is gone from the shown text


def test_mentions_and_articles_of_a_document(view, documents):
    payload = read_document(view, "p1")
    data = read_data(view)
    text = payload["text"]
    assert [a[0] for a in payload["articles"]] == ["p1#a1", "p1#a2"]
    seen = {(text[s:e], data["labels"][label], data["nodes"][node][1]) for s, e, label, node in payload["mentions"]}
    assert ("省总工会", "ORG", "云南省总工会") in seen and ("产改", "PROGRAMME", "产业工人队伍建设改革") in seen
    assert {label for _, label, _ in seen} == set(data["labels"])
    ends = [m[:2] for m in payload["mentions"]]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:])), "mentions overlap"


def test_script_context_escapes(view):
    raw = (view.parent / "data" / "graph.js").read_text(encoding="utf-8")
    assert "</script" not in raw and "<b>" not in raw and "\u2028" not in raw
    assert "</script><b>\u2028工会" in [n[1] for n in read_data(view)["nodes"]]


def test_a_graph_without_texts(graph, tmp_path):
    """Facts still list their documents and articles; the view just has no text to show."""
    index = write_view(graph, [], tmp_path / "view")
    data = read_data(index)
    assert [d[2] for d in data["documents"]] == ["", ""]
    assert all(e[8] == e[9] == -1 for e in data["edges"])
    assert not (index.parent / "data" / "docs").exists() or not any((index.parent / "data" / "docs").iterdir())


def test_view_document_and_raw_text():
    doc = ViewDocument("d", "d.txt", "王宏介绍", articles=(("d#a1", "题", 0, 4),))
    assert doc.text_span(0, 2) == (0, 2) and doc.text_span(3, 9) == (3, 4)
    norm = normalise("王\n宏介绍")
    made = view_document(Document("d", "d.txt", norm, [Article("d#a1", 0, 4, "题")],
                                  [Entity("PERSON", "王宏", mentions=[Mention(0, 2, "王宏", "PERSON", "t", "d#a1")])]))
    assert made.text == "王宏介绍" and made.text_span(0, 3) == (0, 2)
    assert made.mentions == ((0, 2, "PERSON", "PERSON:王宏"),)


# --- in the browser --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    pytest.importorskip("selenium")
    if browser_module.chromium_paths() is None:
        pytest.skip("needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
    with browser_module.headless_chromium(1440, 900) as driver:
        yield driver


def open_view(driver, index: Path, hash_: str = ""):
    """Load the view afresh (a new document, not a hash change) and wait until it is drawn."""
    driver.get("about:blank")
    browser_module.requests_made(driver)  # forget what came before
    browser_module.console_errors(driver)
    driver.get(index.as_uri() + hash_)
    browser_module.wait_for(driver, "document.body.dataset.ready === '1' && document.getElementById('cy').dataset.nodes")
    return driver


def screenshot(driver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)
    return path


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def texts(driver, selector: str) -> list[str]:
    return [e.text for e in css(driver, selector)]


def type_search(driver, text: str) -> None:
    box = css(driver, "#search")[0]
    box.clear()
    box.send_keys(text)
    browser_module.wait_for(driver, "!document.getElementById('results').hidden")


@pytest.mark.browser
def test_search_opens_an_entity_with_its_facts(chromium, view, tmp_path):
    d = open_view(chromium, view)
    type_search(d, "云南省总")
    results = texts(d, "#results li[data-node] .name")
    assert results[0] == "云南省总工会"
    css(d, "#results li[data-node]")[0].click()
    browser_module.wait_for(d, "document.getElementById('entity-name')")
    assert css(d, "#entity-name")[0].text == "云南省总工会"
    panel = css(d, "#panel")[0].text
    assert "省总工会" in panel and "工会（trade_union）" in panel
    facts = texts(d, "#facts .fact .line")
    assert any("王宏" in f and "党组书记" in f for f in facts)
    assert len(facts) == 7  # every fact of the union, each predicate once at least
    sentence = css(d, "#facts .evidence[data-edge] .sentence")[0]
    marked = [m.text for m in sentence.find_elements("css selector", "mark.hl")]
    assert marked and all(m in sentence.text for m in marked)
    card = next(c for c in css(d, "#facts .fact") if "王宏" in c.text)
    assert {m.text for m in card.find_elements("css selector", "mark.hl")} >= {"云南省总工会", "王宏", "党组书记"}
    assert "p1.txt" in card.text and "省总工会推进产改" in card.text
    screenshot(d, tmp_path, "view-search-entity")
    assert browser_module.console_errors(d) == []


@pytest.mark.browser
def test_search_by_alias_and_label_filter(chromium, view, tmp_path):
    d = open_view(chromium, view)
    type_search(d, "产改")
    assert texts(d, "#results li[data-node] .name") == ["产业工人队伍建设改革"]
    assert "别名：产改" in css(d, "#results li[data-node]")[0].text
    type_search(d, "王宏")
    assert texts(d, "#results li[data-node] .name") == ["王宏"]
    css(d, "input[data-kind=labels][data-index='0']")[0].click()  # PERSON off
    type_search(d, "王宏")
    assert texts(d, "#results li[data-node]") == [] and "没有找到" in css(d, "#results")[0].text
    screenshot(d, tmp_path, "view-label-filter")


@pytest.mark.browser
def test_predicate_filter_hides_facts(chromium, view):
    d = open_view(chromium, view, "#/entity/{}?hops=1".format(node_index(view, "云南省总工会")))
    before = len(css(d, "#facts .fact"))
    holds = read_data(view)["predicates"].index("holds_position")
    css(d, f"input[data-kind=predicates][data-index='{holds}']")[0].click()
    after = texts(d, "#facts .fact .line")
    assert len(after) == before - 2 and not any("王宏" in f for f in after)
    assert "被筛选隐藏" in css(d, "#facts h2")[0].text


def node_index(view: Path, name: str) -> int:
    """The node named ``name`` (of several so named, as two pages' 张驰 are, the one with most facts)."""
    data = read_data(view)
    named = [i for i, n in enumerate(data["nodes"]) if n[1] == name]
    return max(named, key=lambda i: (sum(i in e[:2] for e in data["edges"]), -i))


@pytest.mark.browser
def test_article_view_from_evidence(chromium, view, tmp_path):
    d = open_view(chromium, view, f"#/entity/{node_index(view, '张驰')}?hops=1")
    link = next(a for a in css(d, "#facts .evidence a[data-article]") if a.text == "技能大赛举行")
    link.click()
    browser_module.wait_for(d, "document.getElementById('article-text')")
    assert css(d, "#article-title")[0].text == "技能大赛举行"
    labels = {m.get_attribute("data-label") for m in css(d, "#article-text mark.ent")}
    assert labels == {"PERSON", "ORG", "EVENT", "AWARD"}
    for mark in css(d, "#article-text mark.ent"):  # each coloured by its label, tag shown
        label = mark.get_attribute("data-label")
        assert mark.find_element("css selector", ".tag").text == label
        assert mark.value_of_css_property("background-color") == LABEL_RGB[label]
    highlighted = "".join(e.text for e in css(d, "#article-text .ev-on"))
    assert "副主席" in highlighted and "荣获" in highlighted
    assert len(css(d, "#panel .fact")) == 4 and len(css(d, "#panel .fact.on")) == 1
    screenshot(d, tmp_path, "view-article")
    assert browser_module.console_errors(d) == []


#: displaCy's colours, as style.css gives them
LABEL_RGB = {
    "PERSON": "rgba(170, 156, 252, 1)", "ORG": "rgba(122, 236, 236, 1)", "PLACE": "rgba(254, 202, 116, 1)",
    "PROGRAMME": "rgba(191, 238, 183, 1)", "EVENT": "rgba(255, 149, 97, 1)", "AWARD": "rgba(240, 179, 255, 1)",
}


@pytest.mark.browser
def test_article_view_shows_every_label(chromium, view, tmp_path):
    d = open_view(chromium, view, "#/")
    d.execute_script("location.hash = '#/article/0'")
    browser_module.wait_for(d, "document.getElementById('article-text')")
    marks = css(d, "#article-text mark.ent")
    assert {m.get_attribute("data-label") for m in marks} == {"PERSON", "ORG", "PLACE", "PROGRAMME"}
    assert "王宏PERSON" in [m.text.replace("\n", "").replace(" ", "") for m in marks]
    # a mention opens its entity
    next(m for m in marks if m.get_attribute("data-label") == "PROGRAMME").click()
    browser_module.wait_for(d, "document.getElementById('entity-name')")
    assert css(d, "#entity-name")[0].text == "产业工人队伍建设改革"
    screenshot(d, tmp_path, "view-article-to-entity")


@pytest.mark.browser
def test_neighbourhood_depth_switch(chromium, view, tmp_path):
    d = open_view(chromium, view, f"#/entity/{node_index(view, '王宏')}?hops=1")
    one = int(css(d, "#cy")[0].get_attribute("data-nodes"))
    assert one == 2  # 王宏 and his union
    button = next(b for b in css(d, "#hops button") if b.text == "两跳")
    button.click()
    browser_module.wait_for(d, "location.hash.endsWith('hops=2')")
    two = int(browser_module.wait_for(d, "document.getElementById('cy').dataset.nodes !== '2' && document.getElementById('cy').dataset.nodes"))
    assert two == 8  # and the union's six other ends
    assert "on" in button.get_attribute("class")
    drawn = d.execute_script("return kgView.cy().nodes().map(n => n.data('name'))")
    assert "张驰" in drawn and "全国五一劳动奖章" not in drawn  # three hops away
    screenshot(d, tmp_path, "view-two-hops")
    d.back()
    browser_module.wait_for(d, "document.getElementById('cy').dataset.nodes === '2'")


@pytest.mark.browser
def test_large_neighbourhoods_are_capped(chromium, tmp_path):
    """A hub with 2,000 neighbours: the page draws at most 100 entities and says how many are left."""
    hub = ("ORG", "全国总工会")
    doc = Document("big", "big.txt", Normalized("", "", (0,)), entities=[Entity(*hub)], relations=[
        Relation(("ORG", f"第{i}工会"), "sub_organization_of", hub, None, Evidence("big", "", 0, 0, f"第{i}工会隶属全国总工会。", "unit"))
        for i in range(2000)
    ])
    index = write_view(build_graph([doc]), [], tmp_path / "view")
    d = open_view(chromium, index, f"#/entity/{node_index(index, '全国总工会')}?hops=2")
    assert int(css(d, "#cy")[0].get_attribute("data-nodes")) <= 100
    assert "未显示" in css(d, "#graph-note")[0].text
    assert "2,000 条" in css(d, "#facts h2")[0].text
    assert len(css(d, "#facts .fact")) == 60  # and a button for more
    css(d, "#facts .more-button")[0].click()
    assert len(css(d, "#facts .fact")) == 120
    screenshot(d, tmp_path, "view-capped")


@pytest.mark.browser
def test_no_network(chromium, view):
    """Every request of the page, through an entity and an article, is for a file beside it."""
    d = open_view(chromium, view)
    type_search(d, "王宏")
    css(d, "#results li[data-node]")[0].click()
    browser_module.wait_for(d, "document.getElementById('entity-name')")
    css(d, "#facts .evidence a[data-article]")[0].click()
    browser_module.wait_for(d, "document.getElementById('article-text')")
    time.sleep(0.3)
    requested = browser_module.requests_made(d)
    folder = view.parent.as_uri() + "/"
    assert requested and all(u.startswith(folder) or u.startswith("data:") for u in requested), requested
    assert any(u.endswith(f"data/docs/{document_key('p1')}.js") for u in requested)
    assert not any(u.endswith(f"{document_key('p2')}.js") for u in requested), "texts load only when opened"
    # Chromium keeps no resource timing for file:// loads; anything it does list must be local
    entries = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(folder) or u.startswith("data:") for u in entries), entries


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory) -> Path:
    """The view that ``kg build`` writes of the seed pages."""
    from kg.pipeline.batch import build

    out = tmp_path_factory.mktemp("seeds") / "build"
    build([ROOT / "seeds"], out)
    return out / "view" / "index.html"


#: The size of the README's pictures (docs/view-entity.png, docs/view-article.png), in CSS pixels.
README_SIZE = (1600, 1000)


@pytest.mark.model
@pytest.mark.browser
def test_seed_view(seed_view, tmp_path):
    """Issue 17's walk through the seed build's view: 云南省总工会 by search, its posts with
    evidence, then the article of 王宏's post with its mentions coloured by label. The two
    screenshots are the README's pictures (tools/view_screenshots.py copies them to docs/)."""
    pytest.importorskip("selenium")
    if browser_module.chromium_paths() is None:
        pytest.skip("needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
    with browser_module.headless_chromium(*README_SIZE) as d:
        open_view(d, seed_view)
        type_search(d, "云南省总工会")
        assert texts(d, "#results li[data-node] .name")[0] == "云南省总工会"
        css(d, "#results li[data-node]")[0].click()
        browser_module.wait_for(d, "document.getElementById('entity-name')")
        assert css(d, "#entity-name")[0].text == "云南省总工会"
        assert "省总工会" in css(d, "#panel")[0].text  # an alias
        card = next(c for c in css(d, "#facts .fact") if "王宏" in c.text and "党组书记" in c.text)
        assert {"王宏", "党组书记"} <= {m.text for m in card.find_elements("css selector", ".evidence mark.hl")}
        sentence = card.find_element("css selector", ".evidence .sentence").text
        assert "王宏" in sentence and len(sentence) > 20
        time.sleep(0.5)  # the layout settles
        screenshot(d, tmp_path, "view-seed-entity")
        card.find_element("css selector", ".evidence a[data-article]").click()
        browser_module.wait_for(d, "document.getElementById('article-text')")
        labels = {m.get_attribute("data-label") for m in css(d, "#article-text mark.ent")}
        assert {"PERSON", "ORG", "PLACE", "PROGRAMME"} <= labels
        marked = [m.text.split("\n")[0] for m in css(d, "#article-text mark.ent")]
        assert "王宏" in "".join(marked) and "云南省总工会" in "".join(marked)
        assert "王宏" in "".join(e.text for e in css(d, "#article-text .ev-on"))
        d.execute_script("document.getElementById('panel').scrollTop = 0")
        time.sleep(0.3)
        screenshot(d, tmp_path, "view-seed-article")
        assert browser_module.console_errors(d) == []
