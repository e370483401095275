"""Large benchmark corpora made from the seed pages.

A corpus is a folder of pages, each a random run of seed articles (as raw text, with the page's
line breaks and OCR spaces), in which every administrative division the article names is
replaced by a random division of the same level from ``pipelines/lexicons/divisions.tsv`` and
every byline name by a new name (a surname from ``surnames.tsv`` and given-name characters of
the seed bylines). So places, the organisations named after them (云南省总工会 -> 河北省总工会)
and people grow with the corpus instead of repeating the seeds' few hundred entities.

The same ``size`` and ``seed`` give the same bytes; ``MANIFEST.json`` records what was made, so
:func:`ensure` regenerates only when the request or this generator changed.

    python -m bench.corpus build-bench/corpus-1MB --size 1MB
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from kg.text.articles import split_articles
from kg.io.files import parse_size
from kg.ner.lexicon import read_tsv
from kg.text.normalize import normalize

__all__ = ["Chunk", "seed_chunks", "Substitutes", "generate", "ensure", "page_text"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LEXICONS = ROOT / "pipelines" / "lexicons"
#: Levels of division that are substituted: provinces, prefectures, counties.
LEVELS = (1, 2, 3)
#: Smallest and largest page, in UTF-8 bytes (the seed pages are 14-21 kB).
PAGE_BYTES = (12_000, 28_000)


@dataclass(frozen=True)
class Chunk:
    """One seed article as raw text, with the places and bylines found in it.

    ``places`` are ``(start, end, code, short)`` in ``raw`` (``short`` when the text used the
    division's short form, 云南 for 云南省); ``people`` the byline names.
    """

    raw: str
    places: tuple[tuple[int, int, str, bool], ...]
    people: tuple[str, ...]


class Substitutes:
    """The division table by level, the surnames and the given-name characters to draw from."""

    def __init__(self, lexicons: Path = LEXICONS, given_chars: str = ""):
        self.divisions: dict[str, tuple[str, int, str]] = {}  # code -> (name, level, short)
        self.by_level: dict[int, list[str]] = {level: [] for level in LEVELS}
        self.forms: dict[str, tuple[str, bool]] = {}  # surface form -> (code, is short form)
        for row in read_tsv(lexicons / "divisions.tsv"):
            code, name, level = row[0], row[1], int(row[2])
            if level not in LEVELS:
                continue
            shorts = [s for s in (row[4].split(",") if len(row) > 4 and row[4] else []) if len(s) >= 2]
            # short forms of provinces and prefectures only: a county's short form (西山, 新区)
            # is too often an ordinary word
            short = shorts[0] if shorts and level <= 2 else ""
            self.divisions[code] = (name, level, short)
            self.by_level[level].append(code)
            if len(name) >= 3:
                self.forms.setdefault(name, (code, False))
            if short:
                self.forms.setdefault(short, (code, True))
        for level in LEVELS:
            self.by_level[level].sort()
        self.longest = max(map(len, self.forms))
        self.surnames = sorted(row[0] for row in read_tsv(lexicons / "surnames.tsv") if len(row[0]) == 1)
        self.given = sorted(set(given_chars)) or list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚")

    def places_in(self, text: str) -> tuple[tuple[int, int, str, bool], ...]:
        """Divisions named in ``text``: longest form first, left to right, no overlaps."""
        found = []
        i, n = 0, len(text)
        while i < n:
            for length in range(min(self.longest, n - i), 1, -1):
                hit = self.forms.get(text[i:i + length])
                if hit:
                    found.append((i, i + length, *hit))
                    i += length
                    break
            else:
                i += 1
        return tuple(found)

    def person(self, rng: random.Random) -> str:
        return rng.choice(self.surnames) + "".join(rng.choice(self.given) for _ in range(rng.choice((1, 2, 2))))


def seed_chunks(seeds: Path = SEEDS, subs: Substitutes | None = None) -> tuple[list[Chunk], Substitutes]:
    """The articles of the seed pages as raw text, and the substitutes fitted to their bylines."""
    pages = []
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        norm = normalize(raw)
        pages.append((raw, norm, split_articles(path.stem, norm.text)))
    if subs is None:
        given = "".join(name[1:] for _, _, articles in pages for a in articles for name in a.bylines)
        subs = Substitutes(given_chars=given)
    chunks = []
    for raw, norm, articles in pages:
        for a in articles:
            if a.end <= a.start:
                continue
            text = raw[norm.offsets[a.start]:norm.offsets[a.end - 1] + 1].strip("\n") + "\n"
            chunks.append(Chunk(text, subs.places_in(text), tuple(sorted(set(a.bylines), key=len, reverse=True))))
    return chunks, subs


def _article(chunk: Chunk, subs: Substitutes, rng: random.Random) -> str:
    """``chunk`` with its places and bylines replaced, the same one the same way throughout."""
    new_code: dict[str, str] = {}
    out, pos = [], 0
    for start, end, code, short in chunk.places:
        if code not in new_code:
            level = subs.divisions[code][1]
            new_code[code] = rng.choice(subs.by_level[level])
        name, _, new_short = subs.divisions[new_code[code]]
        out.append(chunk.raw[pos:start])
        out.append(new_short if short and new_short else name)
        pos = end
    out.append(chunk.raw[pos:])
    text = "".join(out)
    for person in chunk.people:
        text = text.replace(person, subs.person(rng))
    return text


def page_text(chunks: list[Chunk], subs: Substitutes, rng: random.Random) -> str:
    """One page: random articles until the page is between :data:`PAGE_BYTES` long."""
    target = rng.randint(*PAGE_BYTES)
    parts, size = [], 0
    while size < target:
        text = _article(rng.choice(chunks), subs, rng)
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
    return "\n".join(parts)


def _generator_version() -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(SEEDS.glob("*.txt")) + [LEXICONS / "divisions.tsv", LEXICONS / "surnames.tsv"]:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def generate(out: Path, size: int, seed: int = 0) -> dict:
    """Write pages into ``out`` (replaced) until they hold ``size`` bytes of UTF-8; return the
    manifest (also written to ``out/MANIFEST.json``)."""
    chunks, subs = seed_chunks()
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    total = chars = pages = 0
    while total < size:
        text = page_text(chunks, subs, rng)
        data = text.encode("utf-8")
        (out / f"p{pages:05d}.txt").write_bytes(data)
        total += len(data)
        chars += len(text)
        pages += 1
    manifest = {"size": size, "seed": seed, "generator": _generator_version(), "pages": pages, "bytes": total, "characters": chars}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def ensure(out: Path, size: int, seed: int = 0) -> dict:
    """The manifest of the corpus in ``out``, generated first unless it is already there."""
    try:
        manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
        if (manifest["size"], manifest["seed"], manifest["generator"]) == (size, seed, _generator_version()) \
                and len(list(out.glob("p*.txt"))) == manifest["pages"]:
            return manifest
    except (OSError, ValueError, KeyError):
        pass
    return generate(out, size, seed)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1MB", help="UTF-8 bytes of text, e.g. 1MB, 10MB, 100MB")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    manifest = ensure(args.out, parse_size(args.size), args.seed)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
