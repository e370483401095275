"""pkuseg in its own process (kg.ner.segmenter): the same words as in this process, clear errors when
the process cannot load or goes away, and no process left behind by a build.

These need the pkuseg model (``make setup``); the child loads it once for the module.
"""
import os
import shutil
import signal
from pathlib import Path

import pytest

from kg import errors
from kg.pipeline.batch import build
from kg.pipeline.extract import Extractor
from kg.config import load_settings
from kg.ner.segmenter import SegmenterProcess, load_pkuseg

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXTS = [
    "",
    "   \n ",
    "本报讯（记者林晓东）10月12日，赣州市总工会在赣州市工人文化宫举行焊工职业技能竞赛。",
    "推 动 出 台\n产业工人队伍建设改革，ABC 123，\u3000全角空格。",
    "云南省总工会" * 500,
]


def pkuseg() -> tuple[Path, str | None]:
    """The model folder and user dictionary of the pipeline's config."""
    settings = load_settings()
    return settings.pkuseg_model, settings.pkuseg_user_dict


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped) is gone too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def children() -> set[int]:
    """Live child processes of this one."""
    me, found = os.getpid(), set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                found.add(int(entry))
    return found


@pytest.fixture(scope="module")
def remote():
    seg = SegmenterProcess(*pkuseg())
    yield seg
    seg.close()


@pytest.fixture(scope="module")
def local():
    return load_pkuseg(*pkuseg())[0]


def test_settings_come_from_the_config_and_the_environment(tmp_path, monkeypatch):
    cfg = tmp_path / "nlp.cfg"
    cfg.write_text('[initialize.tokenizer]\npkuseg_model = "m/seg"\npkuseg_user_dict = null\n', encoding="utf-8")
    monkeypatch.delenv("KG_PKUSEG_MODEL", raising=False)
    settings = load_settings(cfg, tmp_path)
    assert (settings.pkuseg_model, settings.pkuseg_user_dict) == (tmp_path / "m" / "seg", None)
    monkeypatch.setenv("KG_PKUSEG_MODEL", str(tmp_path / "other"))
    assert settings.pkuseg_model == tmp_path / "other"
    monkeypatch.delenv("KG_PKUSEG_MODEL")
    settings = load_settings()
    assert (settings.pkuseg_model / "weights.npz").exists() and settings.pkuseg_user_dict == "default"


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_the_child_gives_the_words_of_pkuseg_here(remote, local, index):
    text = TEXTS[index]
    assert remote.cut(text) == local.cut(text)


def test_seed_pages_segment_the_same(remote, local):
    for path in SEEDS[:2]:
        text = path.read_text(encoding="utf-8")
        assert remote.cut(text) == local.cut(text)


def test_texts_handed_over_ahead_are_segmented_before_they_are_asked_for(remote, local):
    """``ahead`` sends a text to the idle child at once: its answer is waiting in the pipe
    before ``cut`` asks (so the child works while the build does), and ``cut`` gives the same
    words as pkuseg here, for texts handed over in order."""
    texts = [t for t in TEXTS if t.strip()] + [SEEDS[0].read_text(encoding="utf-8")]
    for text in texts:
        remote.ahead(text)
    assert remote._conn.poll(30)  # the first answer came back unasked
    for text in texts:
        assert remote.cut(text) == local.cut(text)
    assert not remote._ahead and not remote._done and not remote._conn.poll(0)


def test_a_text_handed_over_and_never_cut_is_dropped(remote, local):
    """A page whose extraction failed before segmenting: the next page's words are still its own,
    and nothing of the dropped one stays behind."""
    given_up, next_text = TEXTS[2], TEXTS[3]
    remote.ahead(given_up)
    remote.ahead(next_text)
    assert remote.cut(next_text) == local.cut(next_text)
    assert not remote._ahead and not remote._done


def test_a_text_not_handed_over_waits_for_the_one_in_flight(remote, local):
    """``cut`` of a text never handed over, while another is with the child: both get their own
    words (the pipe carries one text at a time)."""
    remote.ahead(TEXTS[2])
    assert remote.cut(TEXTS[3]) == local.cut(TEXTS[3])
    assert remote.cut(TEXTS[2]) == local.cut(TEXTS[2])
    assert not remote._ahead and not remote._done


def test_texts_handed_over_while_the_model_loads_are_sent_once_it_has(local):
    seg = SegmenterProcess(*pkuseg())
    try:
        seg.ahead(TEXTS[2])
        seg.ahead(TEXTS[3])
        assert seg.cut(TEXTS[2]) == local.cut(TEXTS[2])
        assert seg.cut(TEXTS[3]) == local.cut(TEXTS[3])
    finally:
        seg.close()


def test_a_text_handed_over_after_the_load_waits_behind_those_handed_over_before(local):
    """Texts handed over while the model loads, then the load awaited, then one more: each text
    gets its own words (the first one waiting is the one sent)."""
    seg = SegmenterProcess(*pkuseg())
    try:
        seg.ahead(TEXTS[2])
        seg.wait()
        seg.ahead(TEXTS[3])
        assert seg.cut(TEXTS[2]) == local.cut(TEXTS[2])
        assert seg.cut(TEXTS[3]) == local.cut(TEXTS[3])
    finally:
        seg.close()


def test_a_missing_model_fails_before_any_process_starts(tmp_path):
    before = children()
    with pytest.raises(errors.KGError, match="E001"):
        SegmenterProcess(tmp_path)
    assert children() == before


def test_a_model_that_cannot_load_is_reported(tmp_path):
    (tmp_path / "weights.npz").write_bytes(b"not a zip file")
    seg = SegmenterProcess(tmp_path)
    pid = seg.pid
    try:
        with pytest.raises(errors.KGError, match="E041"):
            seg.cut("工会")
    finally:
        seg.close()
    assert not alive(pid)


def test_a_killed_child_is_an_error_not_a_hang():
    seg = SegmenterProcess(*pkuseg())
    pid = seg.pid
    os.kill(pid, signal.SIGKILL)  # while it loads
    with pytest.raises(errors.KGError, match="E041.*ended"):
        seg.cut("工会")
    seg.close()
    assert not alive(pid)


def test_close_ends_the_child_and_later_use_is_an_error():
    """Closed while it loads (as when the rest of the pipeline fails to load): it ends at
    once. (A loaded child ends when the pipe closes: see the build tests below.)"""
    seg = SegmenterProcess(*pkuseg())
    pid = seg.pid
    assert alive(pid)
    seg.close()
    seg.close()  # idempotent
    assert not alive(pid)
    with pytest.raises(errors.KGError, match="E041"):
        seg.cut("工会")


def test_a_one_process_build_segments_apart_and_writes_the_same_bytes(tmp_path):
    """``build`` with one worker loads pkuseg in a child; its outputs are those of a build
    with the segmenter in this process, and the child is gone when it returns."""
    pages = tmp_path / "in"
    pages.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, pages / seed.name)
    inproc = Extractor.load()
    assert inproc.segmenter is None
    build([pages], tmp_path / "here", extractor=inproc, cache=False)

    before = children()
    started = []
    load = Extractor.load.__func__

    def watched(cls, root=None, separate_segmenter=False):
        ex = load(cls, separate_segmenter=separate_segmenter)
        started.append(ex.segmenter.pid if ex.segmenter else None)
        return ex

    mp = pytest.MonkeyPatch()
    mp.setattr(Extractor, "load", classmethod(watched))
    try:
        build([pages], tmp_path / "apart", cache=False)
        (pages / "bad.txt").write_bytes(b"\x00\x01binary")
        build([pages], tmp_path / "apart2", cache=False)
    finally:
        mp.undo()
    assert len(started) == 2 and all(started)
    assert not any(alive(pid) for pid in started)
    assert children() == before

    def files(out):
        # (the SPARQL store's database files differ in bytes from one load to the next)
        return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file() and p.name != "report.json" and p.relative_to(out).parts[0] != "store"}

    assert files(tmp_path / "apart") == files(tmp_path / "here")
    assert files(tmp_path / "apart2") == files(tmp_path / "here")


@pytest.mark.parametrize("where", ["extraction", "turtle"])
def test_a_failing_build_leaves_no_child(tmp_path, monkeypatch, where):
    """An error raised out of ``build`` while the child runs, or after it was let go."""
    import kg.pipeline.extract
    import kg.export.rdf

    pages = tmp_path / "in"
    pages.mkdir()
    shutil.copy(SEEDS[0], pages / SEEDS[0].name)
    before = children()
    if where == "extraction":  # raised out of build by --debug, while the child is loaded
        monkeypatch.setattr(kg.pipeline.extract, "extract", lambda *args, **kwargs: 1 / 0)
    else:
        monkeypatch.setattr(kg.export.rdf, "write_turtle", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build([pages], tmp_path / "out", cache=False, debug=True)
    assert children() == before
