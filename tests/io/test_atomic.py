"""kg.io.atomic: outputs written whole or not at all, and the leftovers of killed runs."""
import doctest
import os
import stat

import pytest

import kg.io.atomic
from kg.io.atomic import remove_stale, stage, write_atomic


def test_doctests():
    assert doctest.testmod(kg.io.atomic).failed == 0


# --- files: atomic writes --------------------------------------------------------------------

def test_atomic_write_replaces_whole(tmp_path):
    p = tmp_path / "sub" / "out.json"
    write_atomic(p, "old\n")
    write_atomic(p, "新\n")
    assert p.read_text(encoding="utf-8") == "新\n"
    assert os.listdir(p.parent) == ["out.json"]


def test_failed_write_leaves_the_old_file(tmp_path):
    p = tmp_path / "out.ttl"
    p.write_text("old\n", encoding="utf-8")

    def half_then_fail(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        stage(p, half_then_fail)
    assert p.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_outputs_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "r.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644


def test_stale_temporary_files_are_removed(tmp_path):
    dead = tmp_path / ".graph.ttl.999999999.0123abcd.tmp"  # no such process
    mine = tmp_path / f".graph.ttl.{os.getpid()}.0123abcd.tmp"
    other = tmp_path / ".notes.tmp"
    for p in (dead, mine, other):
        p.write_text("x", encoding="utf-8")
    remove_stale(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
