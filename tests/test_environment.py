"""The suite tests ost, not the shell it runs in: whatever the user's environment holds, it passes.

Two halves: every variable ost's code reads is one the autouse fixture clears (so a variable added
to ost later cannot leak in unnoticed), and a few tests that each depend on one of those variables
pass in a child pytest whose shell sets them all to something unhelpful.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from helpers import environment

import ost

OST = Path(ost.__file__).parent
TESTS = Path(__file__).parent


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's ``NAME = "TEXT"`` assignments (``FACTORY_ENV = "OST_YTMUSIC_FACTORY"``)."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def variables_read(source: str) -> set[str]:
    """Names the code reads from the environment: ``os.environ.get(X)``, ``os.environ[X]``,
    ``X in os.environ``, ``os.getenv(X)`` and click's ``envvar=X``; X a literal or a module
    constant."""
    tree = ast.parse(source)
    constants = _constants(tree)
    names: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and (
                (func.attr in ("get", "pop") and _is_environ(func.value)) or func.attr == "getenv"
            ):
                names.append(node.args[0])
        if isinstance(node, ast.Call):
            names += [k.value for k in node.keywords if k.arg == "envvar"]
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            names.append(node.slice)
        if isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            names.append(node.left)
    found = set()
    for name in names:
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            found.add(name.value)
        elif isinstance(name, ast.Name) and name.id in constants:
            found.add(constants[name.id])
    return found


def test_the_scan_finds_each_way_of_reading_a_variable() -> None:
    source = (
        'import os\nWHERE = "E_CONST"\n'
        'a = os.environ.get("E_GET")\nb = os.environ["E_ITEM"]\nc = "E_IN" in os.environ\n'
        'd = os.getenv("E_GETENV")\ne = os.environ.get(WHERE)\n'
        'f = click.option("--x", envvar="E_CLICK")\ng = os.environ.get("lower".upper())\n'
    )
    assert variables_read(source) == {
        "E_GET",
        "E_ITEM",
        "E_IN",
        "E_GETENV",
        "E_CONST",
        "E_CLICK",
    }


def test_every_variable_ost_reads_is_cleared_for_each_test() -> None:
    read = {
        name: path.relative_to(OST.parent)
        for path in sorted(OST.rglob("*.py"))
        for name in variables_read(path.read_text(encoding="utf-8"))
    }
    assert {"OST_HOME", "NO_COLOR", "COLUMNS", "OST_NAMES", "SPOTIPY_CLIENT_ID"} <= set(read)
    missed = {name: str(path) for name, path in read.items()}
    for name in (*environment.CLEARED, "OST_HOME"):
        missed.pop(name, None)
    assert not missed, "add these to tests/helpers/environment.py: " + repr(missed)


def test_the_autouse_fixture_cleared_them(ost_home: Path) -> None:
    assert [n for n in environment.CLEARED if n in os.environ] == []
    assert os.environ["OST_HOME"] == str(ost_home)


# Each of these fails when the variables beside it leak in from the shell (tried one by one).
SENSITIVE = {
    "test_everyday.py::test_a_terminal_gets_a_fitted_table_with_coloured_statuses": "NO_COLOR",
    "test_everyday.py::test_wide_shows_everything_and_a_pipe_is_never_cut": "COLUMNS",
    "test_everyday.py::test_a_table_fits_the_width_and_shortens_titles": "OST_NAMES",
    "test_everyday.py::test_every_track_command_uses_the_resolver": "OST_LOCK_WAIT, _OST_COMPLETE",
    "test_api.py": "OST_MARKET, SPOTIPY_CLIENT_*, HTTP_PROXY",
    "test_match.py::test_short_rate_limit_is_waited_out": "OST_MAX_WAIT",
    "test_login.py::test_no_browser_login_saves_a_0600_token_in_spotipy_format_without_the_secret": (
        "SPOTIPY_REDIRECT_URI"
    ),
}
HOSTILE = {
    "NO_COLOR": "1",
    "COLUMNS": "20",
    "LINES": "3",
    "OST_NAMES": "en",
    "OST_MARKET": "ZZZ",
    "OST_MAX_WAIT": "0",
    "OST_LOCK_WAIT": "soon",
    "OST_HOME": "/nonexistent",
    "OST_SPOTIFY_API_URL": "http://127.0.0.1:9/v1/",
    "OST_SPOTIFY_ACCOUNTS_URL": "http://127.0.0.1:9",
    "OST_YTMUSIC_FACTORY": "nowhere:Nothing",
    "SPOTIPY_CLIENT_ID": "x",
    "SPOTIPY_CLIENT_SECRET": "y",
    "SPOTIPY_REDIRECT_URI": "http://example.org/callback",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "_OST_COMPLETE": "bash_source",
    "LANG": "C",
    "LC_ALL": "C",
}


def test_tests_that_read_the_shell_pass_in_a_hostile_one(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SENSITIVE],
        cwd=TESTS,
        env={**os.environ, **HOSTILE},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " skipped" not in proc.stdout
