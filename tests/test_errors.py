"""Every error and warning code in kg/errors.py is defined once, under its own name."""

import ast
import re
from pathlib import Path

import kg.errors

SOURCE = Path(kg.errors.__file__).read_text(encoding="utf-8")


def _assignments():
    for node in ast.parse(SOURCE).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and re.fullmatch(r"[EW]\d{3}", target.id):
                    yield target.id, node.value.value


def test_no_code_is_assigned_twice():
    names = [name for name, _ in _assignments()]
    assert len(names) > 50
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_each_message_starts_with_its_own_code():
    assert [name for name, text in _assignments() if not text.startswith(name + " ")] == []
