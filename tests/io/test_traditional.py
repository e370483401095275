"""kg.io.traditional: Traditional pages read as Simplified and written back."""
import doctest
import importlib.resources

import pytest

import kg.io.traditional
from kg import errors
from kg.io.decode import decode
from kg.io.traditional import as_written, is_traditional, to_simplified
from kg.model import Article, Document, Entity, Evidence, Mention, Normalized, Relation

SIMPLIFIED = "本报讯（记者林晓东）10月12日，江西省总工会主办的职工技能竞赛在赣州市举行。党组书记周立平出席。\n"
TRADITIONAL = "本報訊（記者林曉東）10月12日，江西省總工會主辦的職工技能競賽在贛州市舉行。黨組書記周立平出席。\n"


def test_doctests():
    assert doctest.testmod(kg.io.traditional).failed == 0


def test_traditional_without_the_converter_is_a_clear_error(monkeypatch):
    def files(package):
        if package == "opencc":
            raise ModuleNotFoundError("No module named 'opencc'")
        return importlib.resources.files(package)

    kg.io.traditional.conversion.cache_clear()
    monkeypatch.setattr(kg.io.traditional.importlib.resources, "files", files)
    try:
        with pytest.raises(errors.KGError, match="^E038 reading Traditional Chinese needs opencc-python-reimplemented"):
            decode(TRADITIONAL.encode())
    finally:
        monkeypatch.undo()
        kg.io.traditional.conversion.cache_clear()



# --- Traditional Chinese ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        (TRADITIONAL, True),
        (SIMPLIFIED, False),
        ("乾隆於是後來", True),  # 後 is Traditional only; 乾 and 於 are shared
        ("乾隆于是后来", False),
        ("ASCII only", False),
    ],
)
def test_is_traditional(text, expected):
    assert is_traditional(text) is expected


def test_to_simplified_is_character_for_character():
    assert to_simplified(TRADITIONAL) == SIMPLIFIED
    assert len(to_simplified("𠀀臺灣後裔")) == len("𠀀臺灣後裔")


def test_as_written_restores_the_page_characters():
    raw = "贛州市總工會主席馬建國。"
    simp = to_simplified(raw)
    assert simp == "赣州市总工会主席马建国。"
    org = Mention(0, 6, simp[0:6], "ORG", "rule", "d#a1")
    person = Mention(8, 11, simp[8:11], "PERSON", "rule", "d#a1")
    doc = Document(
        "d", "d.txt", Normalized(simp, simp, tuple(range(len(simp) + 1))),
        [Article("d#a1", 0, len(simp), title="总工会", bylines=("马建国",))],
        [Entity("ORG", "江西省赣州市总工会", {"赣州市总工会"}, [org]), Entity("PERSON", "马建国", {"马建国"}, [person])],
        [Relation(("PERSON", "马建国"), "holds_position", ("ORG", "江西省赣州市总工会"), "主席",
                  Evidence("d", "d#a1", 0, 11, simp, "post"))],
    )
    out = as_written(doc, raw)
    assert out.normalized.raw == raw and out.normalized.text == raw
    assert out.normalized.offsets == doc.normalized.offsets
    org_w, person_w = out.entities
    assert org_w.name == "江西省贛州市總工會"  # 江西省 is not on the page: stays as the lexicon has it
    assert org_w.aliases == {"贛州市總工會", "江西省赣州市总工会"}
    assert [m.text for m in org_w.mentions] == ["贛州市總工會"]
    assert person_w.name == "馬建國" and person_w.mentions[0].text == raw[8:11]
    rel = out.relations[0]
    assert (rel.subject, rel.object, rel.role) == (("PERSON", "馬建國"), ("ORG", "江西省贛州市總工會"), "主席")
    assert rel.evidence.sentence == raw and (rel.evidence.start, rel.evidence.end) == (0, 11)
    assert out.articles[0].title == "總工會" and out.articles[0].bylines == ("馬建國",)


def test_as_written_leaves_ambiguous_characters():
    # 干 stands for 幹 once and is itself once: names keep 干
    raw = "幹部干涉"
    doc = Document("d", "d.txt", Normalized(to_simplified(raw), to_simplified(raw), tuple(range(5))),
                   entities=[Entity("ORG", "干部", {"干部"})])
    assert as_written(doc, raw).entities[0].name == "干部"
    assert as_written(doc, raw).normalized.text == raw


