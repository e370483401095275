"""The README's pictures of the browser view: the seed pages' view in headless Chromium.

    .venv/bin/python tools/view_screenshots.py            # writes docs/view-entity.png, docs/view-article.png

Extracts ``seeds/`` with the whole pipeline (the pkuseg model is needed: ``make setup``), writes
the view to ``build/view-seeds/``, opens 云南省总工会 by typing its name in the search box, and
then the article of one of its facts' evidence, as a reader would. Needs Chromium, chromedriver
and selenium (``tests/browser.py`` starts them). The graph layout is random, so each run draws a
slightly different picture.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import headless_chromium, wait_for  # noqa: E402

from kg.export.view import write_view  # noqa: E402
from kg.graph import build_graph  # noqa: E402
from kg.io.files import read_input  # noqa: E402
from kg.pipeline.batch import division_table  # noqa: E402
from kg.pipeline.extract import Extractor, extract  # noqa: E402


def seed_documents(folder: Path) -> list:
    """Every page of ``folder`` extracted, as ``kg build`` extracts it."""
    ex = Extractor.load()
    try:
        return [extract(ex, path.stem, path.name, read_input(path).matching) for path in sorted(folder.glob("*.txt"))]
    finally:
        ex.close()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def take(index: Path, out: Path, query: str, width: int, height: int) -> None:
    """Search ``query``, open the first result, screenshot; open its first fact's article, screenshot."""
    from selenium.webdriver.common.by import By

    with headless_chromium(width, height) as driver:
        driver.get(index.as_uri())
        wait_for(driver, "document.body.dataset.ready")
        box = driver.find_element(By.ID, "search")
        box.send_keys(query)
        wait_for(driver, "!document.getElementById('results').hidden")
        driver.find_element(By.CSS_SELECTOR, "#results li[data-node]").click()
        wait_for(driver, "document.getElementById('entity-name')")
        time.sleep(0.5)
        driver.save_screenshot(str(out / "view-entity.png"))
        open_article_near_its_top(driver, height)
        time.sleep(0.5)
        driver.save_screenshot(str(out / "view-article.png"))


def open_article_near_its_top(driver, height: int) -> None:
    """Open the article of the entity's first fact whose evidence stands in the article's first
    screenful, and show the article and the panel from their tops (title, legend, evidence)."""
    count = driver.execute_script("return document.querySelectorAll('#facts .evidence a[data-article]').length")
    entity = driver.execute_script("return location.hash")
    for k in range(count):
        if k:
            driver.execute_script("location.hash = arguments[0]", entity)
            wait_for(driver, "document.getElementById('entity-name')")
        driver.execute_script("document.querySelectorAll('#facts .evidence a[data-article]')[arguments[0]].click()", k)
        wait_for(driver, "document.getElementById('article-text')")
        top = driver.execute_script("const e = document.querySelector('#article-text .ev-on');"
                                    "return e ? e.offsetTop : 1e9")
        if top < height * 0.6:
            break
    driver.execute_script("document.getElementById('article-view').scrollTop = 0;"
                          "document.getElementById('panel').scrollTop = 0")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--view", type=Path, default=ROOT / "build" / "view-seeds")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--query", default="云南省总工会")
    parser.add_argument("--size", default="1600x1000", help="page size in CSS pixels")
    args = parser.parse_args(argv)
    docs = seed_documents(args.seeds)
    graph = build_graph(docs, division_table())
    index = write_view(graph, docs, args.view)
    print(f"{len(docs)} documents, {graph.number_of_nodes()} entities, {graph.number_of_edges()} facts: "
          f"view {folder_size(index.parent):,} bytes ({folder_size(index.parent / 'data'):,} of data) in {index.parent}")
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = map(int, args.size.split("x"))
    take(index, args.out, args.query, width, height)
    print(f"wrote {args.out / 'view-entity.png'} and {args.out / 'view-article.png'}")


if __name__ == "__main__":
    main()
