"""Where the project's files are, and the pipeline configuration, read once and typed.

``pipelines/nlp.cfg`` is the spaCy pipeline config; this module is its one reader. It parses the
file into a :class:`Settings`: the sections as nested dicts, which :func:`kg.ner.nlp.build_nlp`
hands to spaCy, and the values the rest of the project needs, typed, with relative paths taken
from the repository. The parse is the one of spaCy's config files (``configparser``, each value
JSON, or a string when it is not), done with the standard library only: a build starts its pkuseg
process before anything else loads, with the model folder read from here.

>>> settings = load_settings()
>>> settings.lexicons.name, settings.ner_rules.name, settings.pkuseg_user_dict
('lexicons', 'ner.toml', 'default')
"""
from __future__ import annotations

import configparser
import dataclasses
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

__all__ = [
    "ROOT",
    "PIPELINES",
    "NLP_CONFIG",
    "LAYOUT",
    "RELATIONS",
    "SHAPES",
    "SEEDS",
    "Settings",
    "load_settings",
    "resolve",
    "from_table",
]

#: The repository: relative paths of the config are taken from here.
ROOT = Path(__file__).resolve().parents[1]
#: Configuration, rules and lexicons.
PIPELINES = ROOT / "pipelines"
NLP_CONFIG = PIPELINES / "nlp.cfg"
#: Bylines, captions and headline shapes (normalisation and article splitting).
LAYOUT = PIPELINES / "layout.toml"
#: The relation rules.
RELATIONS = PIPELINES / "relations.toml"
#: The SHACL shapes the graph is checked against.
SHAPES = ROOT / "ontology" / "shapes.ttl"
#: What ``kg build`` reads when given no input.
SEEDS = ROOT / "seeds"
#: The longest page the pipeline takes, in characters: spaCy's ``nlp.max_length`` (its default,
#: set on the pipeline by :func:`kg.ner.nlp.build_nlp`). ``kg build`` refuses a longer page as
#: soon as it is decoded, and a ``--max-bytes`` that could only admit longer pages.
MAX_CHARACTERS = 1_000_000

#: Settings of ``[components.kg_entities]`` when the config leaves them out.
_ENTITY_DEFAULTS = {"rules": "pipelines/ner.toml", "roles": "pipelines/roles.txt", "lexicons": "pipelines/lexicons"}


def resolve(path: str | Path, root: Path = ROOT) -> Path:
    """``path``, a relative one taken from ``root``.

    >>> resolve("pipelines/ner.toml", Path("/repo")), resolve("/abs/x", Path("/repo"))
    (PosixPath('/repo/pipelines/ner.toml'), PosixPath('/abs/x'))
    """
    path = Path(path)
    return path if path.is_absolute() else root / path


@dataclass(frozen=True)
class Settings:
    """The pipeline configuration of one ``nlp.cfg``.

    Attributes
    ----------
    path : Path
        The config file.
    nlp : dict
        The parsed file, section ``[a.b]`` at ``nlp["a"]["b"]`` (copy it before changing it).
    root : Path
        What relative paths are taken from.
    pkuseg_model_setting : str
        ``[initialize.tokenizer] pkuseg_model`` as written (see :attr:`pkuseg_model`).
    pkuseg_user_dict : str or None
        ``[initialize.tokenizer] pkuseg_user_dict``.
    ner_rules, roles, lexicons : Path
        The settings of ``[components.kg_entities]``: entity rules, posts, lexicon folder.
    """

    path: Path
    nlp: dict
    root: Path
    pkuseg_model_setting: str
    pkuseg_user_dict: str | None
    ner_rules: Path
    roles: Path
    lexicons: Path

    @property
    def pkuseg_model(self) -> Path:
        """The pkuseg model folder: ``$KG_PKUSEG_MODEL`` (read at each use) or the config's."""
        return resolve(os.environ.get("KG_PKUSEG_MODEL") or self.pkuseg_model_setting, self.root)


def _value(text: str):
    """A config value: JSON, or the text itself when it is not JSON (as spaCy reads it)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_config(text: str) -> dict:
    """The sections of a spaCy config file as nested dicts.

    >>> parse_config('[nlp]\\nlang = "zh"\\n[nlp.tokenizer]\\n@tokenizers = "x"\\nsize = 8\\n')
    {'nlp': {'lang': 'zh', 'tokenizer': {'@tokenizers': 'x', 'size': 8}}}
    """
    parser = configparser.ConfigParser(interpolation=None, allow_no_value=True)
    parser.optionxform = str  # keys keep their case (@tokenizers)
    parser.read_string(text)
    out: dict = {}
    for section in parser.sections():
        node = out
        for part in section.split("."):
            node = node.setdefault(part, {})
        node.update((key, _value(value)) for key, value in parser.items(section))
    return out


@lru_cache(maxsize=8)
def load_settings(path: str | Path = NLP_CONFIG, root: Path = ROOT) -> Settings:
    """The :class:`Settings` of the config at ``path`` (read once per path); a section or
    value the file leaves out, or a missing file, takes the defaults."""
    try:
        with open(path, encoding="utf-8") as f:
            nlp = parse_config(f.read())
    except FileNotFoundError:  # all defaults (a cache key needs no pipeline)
        nlp = {}
    tokenizer = nlp.get("initialize", {}).get("tokenizer", {})
    entities = {**_ENTITY_DEFAULTS, **nlp.get("components", {}).get("kg_entities", {})}
    return Settings(
        path=Path(path),
        nlp=nlp,
        root=Path(root),
        pkuseg_model_setting=tokenizer.get("pkuseg_model", "models/pkuseg"),
        pkuseg_user_dict=tokenizer.get("pkuseg_user_dict", "default"),
        ner_rules=resolve(entities["rules"], root),
        roles=resolve(entities["roles"], root),
        lexicons=resolve(entities["lexicons"], root),
    )


def _convert(kind: str, value: Any) -> Any:
    """A TOML value as the type a dataclass field declares (its annotation, a string)."""
    if kind.startswith("frozenset"):
        return frozenset(value)
    if kind.startswith("tuple"):
        return tuple(value)
    if kind.startswith("re.Pattern"):
        return re.compile(value)
    return {"int": int, "str": str, "float": float, "bool": bool}.get(kind, lambda v: v)(value)


def from_table(cls, table: Mapping[str, Any] | None, where: str):
    """An instance of the dataclass ``cls`` from a table of a rules file: each value converted
    to its field's type (lists to tuples or frozensets, patterns compiled), a key the table leaves
    out at its default; a key no field has is an error (``where`` says which table).

    >>> @dataclass(frozen=True)
    ... class Words:
    ...     heads: tuple[str, ...] = ()
    ...     limit: int = 3
    >>> from_table(Words, {"heads": ["工会"]}, "[org]")
    Words(heads=('工会',), limit=3)
    >>> from_table(Words, {"head": []}, "[org]")
    Traceback (most recent call last):
    ...
    ValueError: [org]: unknown key(s) ['head']
    """
    table = dict(table or {})
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown}")
    return cls(**{name: _convert(fields[name].type, value) for name, value in table.items()})
