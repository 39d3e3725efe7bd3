"""Status words are named once, in their enums: outside them, few bare literals remain.

A bare status literal is a string in ost's code that is exactly a status word (``"auto"``), or a
quoted status word inside a longer string (SQL: ``state = 'none'``). Not counted: the enum
definitions themselves, shipped migrations (``m001_...``: never edited), docstrings, the keys of
a dict (output keys such as ``"review": [...]`` in a JSON report name a list, not a state) and
the command registry (``review`` is also a command's name).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import ost
from ost.decisions import Status
from ost.library.files import FileState
from ost.match.levels import Level

MOST_BARE_LITERALS = 5
WORDS = frozenset(str(word) for enum in (Level, Status, FileState) for word in enum)
MIGRATION = re.compile(r"m\d{3}_")
COMMAND_REGISTRIES = frozenset({"SECTIONS", "MODULES"})  # ost/cli/__init__.py: command names
QUOTED = re.compile(r"""(['"])(""" + "|".join(sorted(WORDS)) + r""")\1""")


def _skipped(tree: ast.Module) -> set[int]:
    """ids of the nodes whose strings are not counted (see the module docstring)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if _is_enum(node) or _is_migration(node):
            skipped |= {id(n) for n in ast.walk(node)}
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))  # a docstring
        elif isinstance(node, ast.Dict):
            skipped |= {id(k) for k in node.keys if k is not None}
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in COMMAND_REGISTRIES for t in node.targets
        ):
            skipped |= {id(n) for n in ast.walk(node)}
    return skipped


def _is_enum(node: ast.AST) -> bool:
    if not isinstance(node, ast.ClassDef):
        return False
    names = [b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases]
    return any(name.endswith("Enum") for name in names)


def _is_migration(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef) and MIGRATION.match(node.name) is not None


def bare_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, word) for each bare status literal in a module's source."""
    tree = ast.parse(source)
    skipped = _skipped(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in skipped:
            continue
        if node.value in WORDS:
            yield node.lineno, node.value
        else:
            yield from ((node.lineno, m.group(2)) for m in QUOTED.finditer(node.value))


def ost_literals() -> list[str]:
    root = Path(ost.__file__).parent
    return [
        f"{path.relative_to(root.parent)}:{line}: {word}"
        for path in sorted(root.rglob("*.py"))
        for line, word in bare_literals(path.read_text(encoding="utf-8"))
    ]


def test_few_bare_status_literals_remain_outside_the_enums() -> None:
    found = ost_literals()
    assert len(found) <= MOST_BARE_LITERALS, "\n".join(found)


CASES = [
    ("compared", 'if status == "auto":\n    pass\n', [(1, "auto")]),
    ("in-sql", "sql = \"update t set state = 'none' where x\"\n", [(1, "none")]),
    ("in-f-string", "f\"{counts['review']} review\"\n", [(1, "review")]),
    ("subscript", 'done["accepted"] += 1\n', [(1, "accepted")]),
    ("returned", 'def f():\n    return "pinned"\n', [(2, "pinned")]),
    ("enum-member", 'class S(StrEnum):\n    AUTO = "auto"\n', []),
    ("ordered-enum", 'class L(OrderedStrEnum):\n    NONE = "none"\n', []),
    ("migration", "def m004_x(db):\n    db.execute(\"set state = 'none'\")\n", []),
    ("docstring", 'def f():\n    """The \'auto\' rows."""\n', []),
    ("dict-key", 'report = {"review": [], "unmatched": []}\n', []),
    ("command-registry", 'MODULES = {"review": ("review",)}\n', []),
    ("other-word", 'x = "automatic"\ny = "reviewed"\n', []),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_what_counts_as_a_bare_status_literal(source: str, expected: list[tuple[int, str]]) -> None:
    assert list(bare_literals(source)) == expected
