"""The version a Dask worker is compared by: file contents, part by part, wherever the files are."""
import os
import shutil
from pathlib import Path

import pytest

from kg.pipeline.version import code_version


def make_root(folder: Path) -> Path:
    """A tree with the parts of a pipeline: kg/, pipelines/ and a model folder."""
    (folder / "kg" / "ner").mkdir(parents=True)
    (folder / "pipelines" / "lexicons").mkdir(parents=True)
    (folder / "models" / "pkuseg").mkdir(parents=True)
    (folder / "kg" / "a.py").write_text("x = 1\n")
    (folder / "kg" / "ner" / "b.py").write_text("y = 2\n")
    (folder / "pipelines" / "roles.txt").write_text("主席\n")
    (folder / "pipelines" / "lexicons" / "places.tsv").write_text("云南省\n")
    (folder / "models" / "pkuseg" / "weights.npz").write_bytes(b"\0" * 1000)
    return folder


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_PKUSEG_MODEL", raising=False)
    return make_root(tmp_path / "root")


@pytest.mark.parametrize("change, part", [
    (lambda r: (r / "kg" / "ner" / "b.py").write_text("y = 3\n"), "kg/"),
    (lambda r: (r / "pipelines" / "lexicons" / "places.tsv").write_text("云南省\n四川省\n"), "pipelines/"),
    (lambda r: (r / "pipelines" / "roles.txt").rename(r / "pipelines" / "posts.txt"), "pipelines/"),
    (lambda r: (r / "models" / "pkuseg" / "weights.npz").write_bytes(b"\0" * 999 + b"\1"), "the pkuseg model"),
    (lambda r: shutil.rmtree(r / "models"), "the pkuseg model"),
], ids=["code", "lexicon", "renamed", "model-byte", "no-model"])
def test_a_changed_file_changes_its_part_only(root, change, part):
    before = code_version(root)
    change(root)
    after = code_version(root)
    assert after != before and after.digest != before.digest
    assert before.differs(after) == [part]


def test_times_folders_bytecode_and_hidden_files_do_not_count(root, tmp_path):
    before = code_version(root)
    for path in root.rglob("*"):
        os.utime(path, (0, 0))  # a copy to another machine changes the times
    (root / "kg" / "__pycache__").mkdir()
    (root / "kg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (root / "pipelines" / ".roles.txt.swp").write_text("half")
    assert code_version(root) == before
    moved = shutil.copytree(root, tmp_path / "elsewhere" / "kg-checkout")  # another folder, another machine
    assert code_version(moved) == before
