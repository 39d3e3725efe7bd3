"""The layout of the house, read from the source: no import cycle, each service's answers read only
by its adapter, and no module past ``MOST_LINES`` lines (docs/design.md).

Every module of ``ost/`` is parsed (nothing is imported) and every import counted, those inside
functions too; only imports under ``if TYPE_CHECKING:`` are left out, since they never run.

The rule for a service's answers, checkable from the source alone:

1. only ``ost/spotify/`` imports ``spotipy`` and only ``ost/ytmusic/`` imports ``ytmusicapi``;
2. the core (everything but the adapters and ``ost/cli/``, which puts the adapters together with
   the core) imports neither adapter: it speaks to the port, ``ost/service/``. The
   exceptions are ``ost.spotify.auth`` and ``ost.ytmusic.auth``, which keep the logins (``ost
   status`` asks whether one is stored);
3. outside the adapter, nothing reads a key that only the service's JSON has (``SPOTIFY_KEYS``,
   ``YTMUSIC_KEYS``: ``obj["owner"]``, ``obj.get("display_name")``). Keys ost's own tables also
   have (``uri``, ``album_type``, ``name``) cannot tell a service's answer from a row and are
   left to rules 1 and 2.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ADAPTERS = {"spotify": "ost.spotify", "ytmusic": "ost.ytmusic"}
CLIENTS = {"spotipy": "ost.spotify", "ytmusicapi": "ost.ytmusic"}
CORE_MAY_IMPORT = {"ost.spotify.auth", "ost.ytmusic.auth"}

SPOTIFY_KEYS = frozenset(
    {
        "display_name",  # a user object
        "owner",  # a playlist object
        "snapshot_id",
        "collaborative",
        "followers",
        "external_ids",  # a track object
        "external_urls",
        "disc_number",
        "track_number",
        "is_local",
        "added_by",  # a playlist's item row
        "item",
        "track",
        "items",  # a paging object
        "href",
        "previous",
    }
)
"""Keys of Spotify's objects that no table or JSON of ost's own has."""

YTMUSIC_KEYS = frozenset(
    {
        "videoId",
        "videoType",
        "setVideoId",
        "browseId",
        "playlistId",
        "resultType",
        "duration_seconds",
        "trackNumber",
        "playabilityStatus",
        "videoDetails",
        "playlistEditResults",
    }
)
"""Keys of ytmusicapi's answers."""

MOST_LINES = 500
"""No module is longer: past it, a module has more than one job (issue 17)."""

KNOWN_CYCLES: set[frozenset[str]] = set()
"""Cycles tolerated while a change removes them (none now). An entry that is no longer a cycle
fails the test, so that it is deleted once the fix is in."""


# --- reading the source --------------------------------------------------------------------------


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the ``ost`` package by its dotted name."""
    found = {}
    for path in sorted((root / "ost").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _executed(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node that may run: all of them but the bodies of ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            for other in node.orelse:
                yield other
                yield from _executed(other)
            continue
        yield node
        yield from _executed(node)


def imported(name: str, tree: ast.AST, is_package: bool) -> set[str]:
    """Dotted names this module imports (modules, or names inside them), as written."""
    out = set()
    for node in _executed(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([base] if base else [])])
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return out


def graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the ost modules it imports. Importing ``a.b.c`` runs ``a.b`` first, so a
    package a module sits in is not counted as one it imports (nor a name inside a module:
    ``from ost.x import f`` counts ``ost.x``)."""
    edges: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for dotted in imported(name, tree, path.name == "__init__.py"):
            while dotted and dotted not in found:
                dotted = dotted.rpartition(".")[0]
            if dotted and dotted != name and not name.startswith(dotted + "."):
                targets.add(dotted)
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or not (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges.get(v, ()):
                found.append(group)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def key_reads(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, key) of every ``x["key"]`` read and ``x.get("key")`` call."""
    for node in _executed(tree):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            yield node.lineno, node.slice.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def trespasses(found: dict[str, Path]) -> list[str]:
    """Every breach of the rule for a service's answers, in words naming the module."""
    out = []
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        core = not any(_within(name, p) for p in [*ADAPTERS.values(), "ost.cli"])
        names = imported(name, tree, path.name == "__init__.py")
        for dotted in sorted(names):
            top = dotted.partition(".")[0]
            if top in CLIENTS and not _within(name, CLIENTS[top]):
                out.append(f"{name} imports {top}: only {CLIENTS[top]} may")
        # an adapter's module (``from ost.spotify.api import Api`` names ost.spotify.api)
        reached = {".".join(d.split(".")[:3]) for d in names if d.count(".") >= 2}
        for dotted in sorted(reached):
            adapter = next((p for p in ADAPTERS.values() if _within(dotted, p)), None)
            if core and adapter and dotted not in CORE_MAY_IMPORT:
                out.append(
                    f"{name} imports {dotted}: the core speaks to ost.service, not {adapter}"
                )
        for line, key in key_reads(tree):
            for adapter, keys in (("ost.spotify", SPOTIFY_KEYS), ("ost.ytmusic", YTMUSIC_KEYS)):
                if key in keys and not _within(name, adapter):
                    out.append(f"{name}:{line} reads {key!r}, a key of {adapter}'s answers")
    return out


def too_long(found: dict[str, Path], most: int = MOST_LINES) -> dict[str, int]:
    """Module -> its length in lines, for each module longer than ``most``."""
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in found.items()
    }
    return {name: n for name, n in lengths.items() if n > most}


# --- the house ------------------------------------------------------------------------------------


def test_no_module_imports_itself_back() -> None:
    found = cycles(graph(modules()))
    unknown = [sorted(c) for c in found if frozenset(c) not in KNOWN_CYCLES]
    assert unknown == [], f"import cycles: {unknown}"
    stale = [sorted(k) for k in KNOWN_CYCLES if not any(k <= c for c in found)]
    assert stale == [], f"no longer a cycle (delete it from KNOWN_CYCLES): {stale}"


def test_each_service_is_read_only_by_its_adapter() -> None:
    assert trespasses(modules()) == []


def test_no_module_passes_500_lines() -> None:
    assert too_long(modules()) == {}, "split these by job (docs/design.md)"


# --- the checks catch what they are for -----------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return modules(tmp_path)


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    found = _tree(
        tmp_path,
        {
            "ost/__init__.py": "",
            "ost/a.py": "from ost import b\n",
            "ost/b.py": "def f():\n    from ost.c import g\n",
            "ost/c.py": "import ost.a\n",
            "ost/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ost import a\n",
            "ost/p/__init__.py": "from ost.p import q\n",
            "ost/p/q.py": "from ost.p import r\n",
            "ost/p/r.py": "",
        },
    )
    assert cycles(graph(found)) == [{"ost.a", "ost.b", "ost.c"}]


def test_a_module_past_the_limit_is_found(tmp_path: Path) -> None:
    found = _tree(
        tmp_path,
        {"ost/__init__.py": "", "ost/long.py": "x = 1\n" * 501, "ost/full.py": "x = 1\n" * 500},
    )
    assert too_long(found) == {"ost.long": 501}


@pytest.mark.parametrize(
    ("module", "source", "breach"),
    [
        ("ost/sync.py", 'def f(p):\n    return (p.get("owner") or {}).get("id")\n', "'owner'"),
        ("ost/sync.py", 'def f(p):\n    return p["snapshot_id"]\n', "'snapshot_id'"),
        ("ost/cli/spotify.py", 'def f(me):\n    return me.get("display_name")\n', "display_name"),
        ("ost/matching.py", "from ost.spotify import recordings\n", "ost.spotify.recordings"),
        ("ost/matching.py", "def f():\n    from ost.spotify.api import Api\n", "ost.spotify.api"),
        ("ost/page/data.py", "import spotipy\n", "imports spotipy"),
        ("ost/sync.py", 'def f(item):\n    return item["setVideoId"]\n', "'setVideoId'"),
    ],
)
def test_a_service_answer_read_outside_its_adapter_is_found(
    tmp_path: Path, module: str, source: str, breach: str
) -> None:
    found = _tree(tmp_path, {"ost/__init__.py": "", module: source})
    (line,) = trespasses(found)
    assert breach in line


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("ost/spotify/playlists.py", "import spotipy\ndef f(p):\n    return p['owner']\n"),
        ("ost/cli/spotify.py", "from ost.spotify.service import SpotifyService\n"),
        ("ost/overview.py", "def f():\n    from ost.spotify.auth import TokenFile\n"),
        (
            "ost/sync.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import spotipy\n",
        ),
        ("ost/decide.py", "def f(row):\n    return row['uri'], row.get('album_type')\n"),
    ],
    ids=["the-adapter", "the-cli", "the-login", "type-checking", "a-match-row"],
)
def test_what_the_rule_allows(tmp_path: Path, module: str, source: str) -> None:
    assert trespasses(_tree(tmp_path, {"ost/__init__.py": "", module: source})) == []
