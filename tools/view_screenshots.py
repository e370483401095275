"""The README's pictures of the browser view, as the browser test takes them.

    .venv/bin/python tools/view_screenshots.py     # docs/view-entity.png, docs/view-article.png

Runs ``tests/export/test_view.py::test_seed_view`` (it builds ``seeds/`` with ``kg build``, opens
the build's view in headless Chromium, finds 云南省总工会 by typing its name, opens it, then the
article of 王宏's post, and saves a screenshot of each in ``test-screenshots/``), then
copies the two screenshots to ``docs/``. Needs the pkuseg model (``make setup``), Chromium,
chromedriver and selenium. The graph layout is random, so each run draws a slightly different
picture.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-screenshots"  # not in build/: kg build replaces that folder whole
PICTURES = {"view-seed-entity.png": "view-entity.png", "view-seed-article.png": "view-article.png"}


def main() -> None:
    for name in PICTURES:
        (SHOTS / name).unlink(missing_ok=True)
    test = "tests/export/test_view.py::test_seed_view"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test], cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{test} failed: no pictures copied")
    for name, target in PICTURES.items():
        shutil.copy(SHOTS / name, ROOT / "docs" / target)
        print(f"docs/{target} <- {(SHOTS / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
