"""How quick the browser view is: writing it, opening it in headless Chromium, searching, and
its size on disk. Prints the figures (no pass/fail).

    python -m bench.view build/                       # the view kg build wrote in a build folder
    python -m bench.view build/graph.graphml --inputs seeds/   # a view written from a GraphML file
    python -m bench.view --synthetic 20000,100000     # a generated graph of that many nodes, edges

A build folder's own ``view/`` is measured as it is (the seconds to write it are the ``view``
stage of its ``report.json``).
A build folder's GraphML holds no texts; with ``--inputs`` each page is normalised and split
into articles again (no model needed), with the mentions its ``extract/*.json`` lists. The
synthetic graph has power-law degrees (a few hubs with thousands of facts), aliases and props,
and one evidence sentence per fact in documents of about 200 facts each.

Figures: seconds to write the view; milliseconds until it is usable in headless Chromium (the
page's own clock, from navigation start until the search box is live and the overview is drawn;
first load and median of the next ones); from a query typed to its results drawn (in the page:
the input event until the next frame; and by WebDriver keystrokes, which adds the driver's
round trips); opening an entity (hub and typical, one and two hops) and an article; the page's
JavaScript heap; bytes on disk.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from kg.export.view import ViewDocument, write_view  # noqa: E402
from kg.graph import build_graph, node_id  # noqa: E402
from kg.model import PREDICATES, Article, Document, Entity, Evidence, Mention, Normalized, Relation  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
CHARS = "华建国文辉鹏宇浩然轩涵欣怡晨曦安平兴盛泰和顺昌新民富强德兰桂红霞秀英明光海山江河湖川宁远长青春阳春东西南北中"
#: label -> share of the nodes, name maker
LABEL_SHARES = {"PERSON": 0.35, "ORG": 0.35, "PLACE": 0.12, "PROGRAMME": 0.08, "EVENT": 0.07, "AWARD": 0.03}
PREDICATE_SHARES = {"holds_position": 0.25, "located_in": 0.25, "sub_organization_of": 0.1, "organizes": 0.15,
                    "partner_of": 0.08, "received_award": 0.07, "participates_in": 0.1}
TRIGGERS = {"holds_position": "任", "located_in": "位于", "sub_organization_of": "隶属于", "organizes": "主办",
            "partner_of": "与", "received_award": "荣获", "participates_in": "参加"}
ROLES = ["党组书记", "副主席", "主席", "常务副主席", "秘书长", "技师", "部长"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(n))


def _names(rng: random.Random, label: str, count: int) -> list[str]:
    """``count`` distinct names that look like the label's."""
    make = {
        "PERSON": lambda: rng.choice(SURNAMES) + _word(rng, rng.choice((1, 2))),
        "ORG": lambda: _word(rng, 2) + rng.choice(("市", "省", "区")) + _word(rng, 2) + rng.choice(("总工会", "集团", "协会", "学院", "厅")),
        "PLACE": lambda: _word(rng, 2) + rng.choice(("市", "县", "区", "镇")),
        "PROGRAMME": lambda: "“" + _word(rng, 4) + "”" + rng.choice(("工程", "行动", "计划")),
        "EVENT": lambda: f"{rng.randrange(2018, 2025)}年" + _word(rng, 4) + rng.choice(("技能竞赛", "运动会", "宣传周")),
        "AWARD": lambda: _word(rng, 2) + rng.choice(("劳动奖章", "工匠", "先进集体")),
    }[label]
    names: dict[str, None] = {}
    while len(names) < count:
        names[make()] = None
    return list(names)


def _pick(rng: random.Random, pool: list[int], weights: list[float]) -> int:
    return rng.choices(pool, cum_weights=weights)[0]


def synthetic_documents(nodes: int, edges: int, seed: int = 0, per_doc: int = 200) -> list[Document]:
    """Documents whose graph has ``nodes`` entities and ``edges`` facts, each fact with its own
    evidence sentence; entities are picked with weight rank^-0.8 within their label (hubs)."""
    rng = random.Random(seed)
    counts = {label: max(1, round(nodes * share)) for label, share in LABEL_SHARES.items()}
    counts["PERSON"] += nodes - sum(counts.values())
    keys = [(label, name) for label in LABEL_SHARES for name in _names(rng, label, counts[label])]
    by_label: dict[str, tuple[list[int], list[float]]] = {}
    for label in LABEL_SHARES:
        pool = [i for i, k in enumerate(keys) if k[0] == label]
        rng.shuffle(pool)
        total, cum = 0.0, []
        for rank in range(len(pool)):
            total += (rank + 1) ** -0.8
            cum.append(total)
        by_label[label] = (pool, cum)
    aliases = {i: {k[1][:2] + k[1][-3:]} for i, k in enumerate(keys) if k[0] == "ORG" and rng.random() < 0.3}
    facts = []
    predicates, shares = zip(*PREDICATE_SHARES.items())
    for _ in range(edges):
        p = rng.choices(predicates, shares)[0]
        s = _pick(rng, *by_label[rng.choice(sorted(PREDICATES[p][0]))])
        o = _pick(rng, *by_label[rng.choice(sorted(PREDICATES[p][1]))])
        if s != o:
            facts.append((s, p, o, rng.choice(ROLES) if p == "holds_position" else None))
    used = {i for f in facts for i in (f[0], f[2])}
    alone = [i for i in range(len(keys)) if i not in used]
    docs = []
    n_docs = max(1, len(facts) // per_doc)
    for d in range(n_docs):
        docs.append(_document(f"syn{d:05d}", facts[d::n_docs], alone[d::n_docs], keys, aliases, rng))
    return docs


def _document(doc_id: str, facts, alone, keys, aliases, rng: random.Random) -> Document:
    """One page of 8 articles holding ``facts`` (one sentence each) and the ``alone`` entities."""
    text, articles, relations = [], [], []
    mentions: dict[int, list[Mention]] = {}
    pos = 0
    chunks = [facts[a::8] for a in range(8)]
    for a, chunk in enumerate(chunks):
        article = f"{doc_id}#a{a + 1}"
        start = pos
        title = f"{_word(rng, 4)}工作会议召开\n"
        text.append(title)
        pos += len(title)
        lines = [(f, None) for f in chunk] + [(None, i) for i in alone[a::8]]
        for fact, single in lines:
            if fact:
                s, p, o, role = fact
                parts = [keys[s][1], TRIGGERS[p], keys[o][1], role or "", "共同开展活动。" if p == "partner_of" else "。"]
            else:
                parts = [keys[single][1], "出席会议。"]
            sentence = "".join(parts)
            for i, at in ((s, 0), (o, len(parts[0]) + len(parts[1]))) if fact else ((single, 0),):
                mentions.setdefault(i, []).append(Mention(pos + at, pos + at + len(keys[i][1]), keys[i][1], keys[i][0], "syn", article))
            if fact:
                relations.append(Relation(keys[s], p, keys[o], role, Evidence(doc_id, article, pos, pos + len(sentence), sentence, f"{p}.syn")))
            text.append(sentence)
            pos += len(sentence)
        text.append("\n")
        pos += 1
        articles.append(Article(article, start, pos, title.strip()))
    raw = "".join(text)
    entities = [Entity(keys[i][0], keys[i][1], set(aliases.get(i, ())), ms) for i, ms in mentions.items()]
    return Document(doc_id, f"{doc_id}.txt", Normalized(raw, raw, tuple(range(len(raw) + 1))), articles, entities, relations)


# --- a build folder ----------------------------------------------------------------------------


def build_documents(build: Path, inputs: Path, graph) -> Iterator[ViewDocument]:
    """The pages of ``inputs`` as the view shows them: normalised, split into articles, with the
    mentions ``build/extract/<page>.json`` gives (its first evidence of each entity)."""
    from kg.io.files import read_input
    from kg.text.articles import split_articles
    from kg.text.normalize import normalize

    names = {}
    for nid, data in graph.nodes(data=True):
        for form in [data["name"], *data.get("aliases", ())]:
            names.setdefault((data["label"], form), nid)
    for path in sorted(inputs.glob("*.txt")):
        record = build / "extract" / f"{path.stem}.json"
        if not record.exists():
            continue
        norm = normalize(read_input(path).matching)
        doc = ViewDocument(path.stem, path.name, norm.text, raw_offsets=norm.offsets)
        mentions = []
        for e in json.loads(record.read_text(encoding="utf-8"))["entities"]:
            nid = names.get((e["label"], e["name"]))
            for ev in e.get("evidence", ()):
                mentions.append((*doc.text_span(ev["start"], ev["end"]), e["label"], nid or ""))
        articles = tuple((a.id, a.title, a.start, a.end) for a in split_articles(path.stem, norm.text))
        yield ViewDocument(doc.id, doc.source, doc.text, articles, tuple(mentions), norm.offsets)


def load_source(source: Path, inputs: Path | None):
    """The graph of a GraphML file or build folder, and its documents (if ``inputs``)."""
    from kg.export.graphml import read_graphml

    graphml = source / "graph.graphml" if source.is_dir() else source
    graph = read_graphml(graphml)
    docs = list(build_documents(graphml.parent, inputs, graph)) if inputs else []
    return graph, docs


# --- measuring ---------------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def time_write(graph, docs, out: Path, runs: int = 2) -> tuple[float, Path]:
    best, index = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        index = write_view(graph, docs, out)
        best = min(best, time.perf_counter() - t)
    return best, index


def load_page(driver, index: Path) -> int:
    """Open the view afresh; the page's milliseconds from navigation start until usable."""
    from tests.browser import wait_for

    driver.get("about:blank")
    driver.get(index.as_uri())
    wait_for(driver, "document.body.dataset.ready === '1'", timeout=120)
    return int(driver.execute_script("return document.body.dataset.readyMs"))


#: In the page: set the query, send the input event, and report when the next frame is drawn.
_SEARCH = """
const [query, done] = arguments;
const box = document.getElementById('search');
box.focus();
const t0 = performance.now();
box.value = query;
box.dispatchEvent(new Event('input', {bubbles: true}));
const shown = document.querySelectorAll('#results li[data-node]').length;
requestAnimationFrame(() => setTimeout(() => done([performance.now() - t0, shown]), 0));
"""

#: In the page: go to a route and report when the panel shows it and the next frame is drawn.
_ROUTE = """
const [hash, selector, done] = arguments;
const t0 = performance.now();
location.hash = hash;
(function wait() {
  const el = document.querySelector(selector);
  if (el && el.dataset.route === hash) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
  else setTimeout(wait, 1);
})();
"""


def search_ms(driver, query: str) -> tuple[float, int]:
    return tuple(driver.execute_async_script(_SEARCH, query))


def typed_ms(driver, query: str) -> float:
    """WebDriver keystrokes to the results list being shown, measured from Python."""
    from selenium.webdriver.common.by import By

    from tests.browser import wait_for

    box = driver.find_element(By.ID, "search")
    box.clear()
    driver.execute_script("document.getElementById('results').hidden = true")
    t = time.perf_counter()
    box.send_keys(query)
    wait_for(driver, "!document.getElementById('results').hidden", interval=0.001)
    return (time.perf_counter() - t) * 1000


def route_ms(driver, hash_: str, selector: str) -> float:
    """Milliseconds from setting ``hash_`` until ``selector`` (which the page marks with the
    route it has finished drawing) shows it, and a frame is drawn."""
    driver.execute_script("delete document.querySelector(arguments[0]).dataset.route", selector)
    return driver.execute_async_script(_ROUTE, hash_, selector)


def measure_browser(index: Path, loads: int = 4) -> dict:
    """The figures taken in Chromium (see the module docstring)."""
    from tests.browser import headless_chromium, wait_for

    data = json.loads((index.parent / "data" / "graph.js").read_text(encoding="utf-8")[len("window.KG_VIEW = "):-2])
    names = [n[1] for n in data["nodes"]]
    degree = [0] * len(names)
    for e in data["edges"]:
        degree[e[0]] += 1
        degree[e[1]] += 1
    order = sorted(range(len(names)), key=lambda i: -degree[i])
    hub, typical = order[0], order[len(order) // 2]
    alias_node = next((i for i in order if data["nodes"][i][2] and data["nodes"][i][2][0] != names[i]), hub)
    figures: dict = {"nodes": len(names), "edges": len(data["edges"]), "hub": (names[hub], degree[hub]),
                     "typical": (names[typical], degree[typical])}
    with headless_chromium(1440, 900) as driver:
        ready = [load_page(driver, index) for _ in range(loads)]
        figures["ready_first_ms"], figures["ready_median_ms"] = ready[0], statistics.median(ready[1:] or ready)
        figures["heap_mb"] = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null")
        queries = [names[hub][:1], names[hub][:2], names[typical], data["nodes"][alias_node][2][0] if data["nodes"][alias_node][2] else names[hub]]
        figures["search"] = [(q, *search_ms(driver, q)) for q in queries]
        figures["typed"] = [(q, typed_ms(driver, q)) for q in queries[1:3]]
        routes = [(f"#/entity/{hub}?hops=1", "hub, one hop"), (f"#/entity/{hub}?hops=2", "hub, two hops"),
                  (f"#/entity/{typical}?hops=1", "typical, one hop"), (f"#/entity/{typical}?hops=2", "typical, two hops")]
        figures["entity"] = []
        for hash_, what in routes:
            ms = route_ms(driver, hash_, "#panel")
            figures["entity"].append((what, ms, int(driver.execute_script("return document.getElementById('cy').dataset.nodes"))))
        with_text = next((a for a, art in enumerate(data["articles"]) if data["documents"][art[0]][2]), None)
        if with_text is not None:
            figures["article_ms"] = route_ms(driver, f"#/article/{with_text}", "#article-view")
            wait_for(driver, "document.getElementById('article-text')")
    return figures


def report(write_s: float, index: Path, figures: dict) -> None:
    """Print the figures."""
    folder = index.parent
    docs = folder / "data" / "docs"
    print(f"graph: {figures['nodes']:,} nodes, {figures['edges']:,} edges; hub {figures['hub'][0]} "
          f"({figures['hub'][1]:,} facts), typical {figures['typical'][0]} ({figures['typical'][1]} facts)")
    print(f"write_view:                 {write_s:.2f} s")
    print(f"on disk:                    {folder_bytes(folder) / 1e6:.2f} MB (data/graph.js "
          f"{(folder / 'data' / 'graph.js').stat().st_size / 1e6:.2f} MB, {len(list(docs.glob('*.js')))} document scripts "
          f"{folder_bytes(docs) / 1e6:.2f} MB, assets {folder_bytes(folder / 'assets') / 1e6:.2f} MB)")
    print(f"usable in Chromium:         {figures['ready_first_ms']} ms first load, {figures['ready_median_ms']:.0f} ms median of the next")
    if figures.get("heap_mb"):
        print(f"JavaScript heap:            {figures['heap_mb']:.0f} MB")
    for q, ms, shown in figures["search"]:
        print(f"search to results drawn:    {ms:6.1f} ms ({shown:>2} shown) for {q!r}")
    for q, ms in figures["typed"]:
        print(f"typed by WebDriver:         {ms:6.1f} ms for {q!r}")
    for what, ms, drawn in figures["entity"]:
        print(f"open entity:                {ms:6.1f} ms ({drawn:>3} drawn), {what}")
    if "article_ms" in figures:
        print(f"open article:               {figures['article_ms']:6.1f} ms (its document's script loaded)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="graph.graphml or a build folder")
    parser.add_argument("--inputs", type=Path, help="the build's input pages, for the article texts")
    parser.add_argument("--synthetic", help="NODES,EDGES: generate a graph instead")
    parser.add_argument("--out", type=Path, help="where to write the view (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if bool(args.source) == bool(args.synthetic):
        parser.error("give a graph (GraphML or build folder) or --synthetic NODES,EDGES")
    built = args.source / "view" / "index.html" if args.source and args.source.is_dir() else None
    if built and built.is_file() and not args.inputs:
        write_s = json.loads((args.source / "report.json").read_text(encoding="utf-8"))["seconds"].get("view", 0.0)
        figures = measure_browser(built)
        figures.update(write_s=write_s, bytes=folder_bytes(built.parent), data_bytes=folder_bytes(built.parent / "data"))
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        report(write_s, built, figures)
        return
    t = time.perf_counter()
    if args.synthetic:
        nodes, edges = (int(x) for x in args.synthetic.split(","))
        docs = synthetic_documents(nodes, edges)
        graph = build_graph(docs)
    else:
        graph, docs = load_source(args.source, args.inputs)
    print(f"input ready in {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory(prefix="kg-view-bench-") as tmp:
        out = args.out or Path(tmp) / "view"
        write_s, index = time_write(graph, docs, out)
        del graph, docs
        report(write_s, index, measure_browser(index))


if __name__ == "__main__":
    main()
