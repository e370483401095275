#!/usr/bin/env python3
"""Fetch the pkuseg "default" segmentation model into models/pkuseg/.

spaCy's Chinese tokenizer (segmenter "pkuseg") needs a pkuseg model directory
holding ``features.pkl`` and ``weights.npz``. The only copy reachable from a
package registry is inside the source distribution of ``pkuseg==0.0.25`` on
PyPI, so this script asks pip for that sdist, checks its SHA-256, and extracts
exactly those two files, checking theirs too. Nothing else from the sdist is
kept and nothing is built or installed.

Run it with the project's virtualenv python: pip prepares the sdist's metadata
by running its setup.py, which imports numpy and Cython, so both must be
installed (``make setup`` installs them first)::

    .venv/bin/python tools/fetch_pkuseg_model.py            # into models/pkuseg
    .venv/bin/python tools/fetch_pkuseg_model.py --sdist pkuseg-0.0.25.tar.gz

It is idempotent: when both files are present with the expected hashes it
does nothing. Any hash mismatch or download failure exits with status 1 and a
message on stderr; a partly written file is never left behind.

No ``features.msgpack`` is written: spacy_pkuseg looks for it first and prints
"WARNING: features.msgpack does not exist, try loading features.pkl" when it
is missing, but measured loads of the msgpack form were no faster than the
pickle (see SOURCES.md), so the warning is cheaper than a derived 69 MB file;
``kg.ner.nlp.build_nlp`` keeps it off stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "pkuseg"
VERSION = "0.0.25"
SDIST_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
SDIST_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
MEMBER_DIR = f"{PACKAGE}-{VERSION}/pkuseg/models/default"
FILES = {
    "features.pkl": "265dcf5534a11d6429776f7e7450a9eef8e075b1a4bedb82ef996994d9c721ac",
    "weights.npz": "95d1632a1fed45993b5006d8ba85939cb110fae71313987673582d24669811dd",
}
DEFAULT_DEST = Path(__file__).resolve().parent.parent / "models" / "pkuseg"
CHUNK = 1 << 20


class FetchError(Exception):
    """A download, extraction or hash check failed; the message says which."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def up_to_date(dest: Path) -> bool:
    return all(
        (dest / name).is_file() and sha256_file(dest / name) == expected
        for name, expected in FILES.items()
    )


def download_sdist(workdir: Path) -> Path:
    # --no-build-isolation: pip must run the sdist's setup.py to read its
    # metadata, and that setup.py imports numpy at module level; with build
    # isolation pip would have to fetch numpy again into a throwaway env.
    cmd = [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--no-binary", ":all:", "--no-build-isolation",
        "--disable-pip-version-check", "--quiet",
        f"{PACKAGE}=={VERSION}", "-d", str(workdir),
    ]
    result = subprocess.run(cmd, check=False)
    sdist = workdir / SDIST_NAME
    if result.returncode != 0 or not sdist.is_file():
        raise FetchError(
            f"pip could not download {SDIST_NAME} (exit status {result.returncode}); "
            "the virtualenv needs numpy, cython and setuptools installed "
            "and PyPI must be reachable"
        )
    return sdist


def extract(sdist: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(sdist, "r:gz") as tar:
        for name, expected in FILES.items():
            member_name = f"{MEMBER_DIR}/{name}"
            try:
                member = tar.getmember(member_name)
            except KeyError:
                raise FetchError(f"{sdist.name} has no member {member_name}") from None
            if not member.isfile():
                raise FetchError(f"{member_name} in {sdist.name} is not a regular file")
            source = tar.extractfile(member)
            assert source is not None  # isfile() guarantees a file object
            part = dest / f".{name}.part"
            digest = hashlib.sha256()
            try:
                with source, part.open("wb") as out:
                    for block in iter(lambda: source.read(CHUNK), b""):
                        digest.update(block)
                        out.write(block)
                actual = digest.hexdigest()
                if actual != expected:
                    raise FetchError(
                        f"SHA-256 mismatch for {member_name}: expected {expected}, got {actual}"
                    )
                os.replace(part, dest / name)
            finally:
                part.unlink(missing_ok=True)


def fetch(dest: Path, sdist: Path | None = None) -> bool:
    """Make ``dest`` hold the verified model files; return False if already there."""
    if up_to_date(dest):
        return False
    with tempfile.TemporaryDirectory(prefix="pkuseg-sdist-") as tmp:
        if sdist is None:
            sdist = download_sdist(Path(tmp))
        actual = sha256_file(sdist)
        if actual != SDIST_SHA256:
            raise FetchError(
                f"SHA-256 mismatch for {sdist}: expected {SDIST_SHA256}, got {actual}"
            )
        extract(sdist, dest)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dest", type=Path, default=DEFAULT_DEST,
        help="model directory to fill (default: models/pkuseg in the repository)",
    )
    parser.add_argument(
        "--sdist", type=Path,
        help=f"use this local copy of {SDIST_NAME} instead of asking pip for it",
    )
    args = parser.parse_args(argv)
    try:
        changed = fetch(args.dest, args.sdist)
    except (FetchError, OSError, tarfile.TarError) as exc:
        print(f"fetch_pkuseg_model: error: {exc}", file=sys.stderr)
        return 1
    state = "fetched and verified" if changed else "already present and verified"
    print(f"pkuseg model {state} in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
