"""A small made-up gazetteer and mention helper for the tests of kg.entities."""
from kg.entities.names import Conventions
from kg.model import Mention
from kg.ner.lexicon import Division, Gazetteer

CONV = Conventions({"省总": "省总工会", "市总": "市总工会", "区总": "区总工会"}, {"市场": 2}, ("竞赛",), ("总工会", "委"),
                   level_chars={"省": 1, "市": 2, "州": 2, "区": 3, "县": 3}, bare_bodies=frozenset({"委", "总", "府"}),
                   whole_region={"全省": 1, "全市": 2, "全州": 2, "全区": 3, "全县": 3})


def gazetteer() -> Gazetteer:
    g = Gazetteer()
    g.add(Division("990000", "青山省", 1), ["青山"])
    g.add(Division("990100", "临江市", 2, "990000"), ["临江"])
    g.add(Division("990102", "东湖区", 3, "990100"), ["东湖"])
    g.add(Division("980000", "白水省", 1), ["白水"])
    g.add(Division("980100", "东湖市", 2, "980000"), [])
    return g


def M(text, label, start=0, source="x", article="d#a1"):
    return Mention(start, start + len(text), text, label, source, article)
