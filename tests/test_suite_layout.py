"""How the tests and the benchmarks hold together: no test module imports another one (what they
share lives in ``helpers`` and the stand-in services), and every ``bench/`` script starts from a
checkout's editable install with no ``sys.path`` edits (``bench/_common.py`` finds the test
service on the path the install gives)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
BENCH = TESTS.parent / "bench"
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith("_"))


def imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_test_module_imports_another() -> None:
    found = {
        str(path.relative_to(TESTS)): sorted(
            name
            for name in imported_modules(path.read_text(encoding="utf-8"))
            if name.split(".")[-1].startswith("test_")
        )
        for path in TESTS.rglob("*.py")
    }
    assert {path: names for path, names in found.items() if names} == {}
    assert imported_modules("from test_page import x\nimport tests.test_cli\n") >= {
        "test_page",
        "tests.test_cli",
    }


def test_there_are_bench_scripts_and_none_edits_the_path() -> None:
    assert len(SCRIPTS) >= 10
    editing = [p.name for p in [*SCRIPTS, BENCH / "_common.py"] if "sys.path" in p.read_text()]
    assert editing == []


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_each_bench_script_starts_as_a_file(script: Path, tmp_path: Path) -> None:
    """``--help`` imports everything the script needs and stops before it measures anything."""
    proc = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:") and proc.stderr == ""


def test_serve_starts_both_services_and_prints_exports_ost_runs_with(tmp_path: Path) -> None:
    """`python bench/serve.py`: the exports it prints point ost at both test services and a
    scratch home (matching there works, on Spotify and on YouTube Music); Ctrl-C stops it and
    removes the home."""
    import json
    import shlex
    import signal

    from helpers.processes import ost_process

    proc = subprocess.Popen(
        [sys.executable, str(BENCH / "serve.py")],
        cwd=tmp_path,
        env=os.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        assert proc.stdout is not None
        while not lines or not lines[-1].startswith("# Logins:"):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "serve.py ended"
            lines.append(line.rstrip("\n"))
        exported = dict(
            shlex.split(x.removeprefix("export "))[0].split("=", 1)
            for x in lines
            if x.startswith("export ")
        )
        home = Path(exported["OST_HOME"])
        assert home.is_dir() and exported["OST_SPOTIFY_API_URL"].startswith("http://127.0.0.1:")
        assert any(x.startswith("unset ") and "OST_SERVICE" in x for x in lines)
        for args in (
            ("match", "--season", "1"),
            ("match", "--service", "ytmusic", "--season", "1"),
        ):
            done = ost_process(*args, env=exported)
            assert done.returncode == 0, done.stderr
        status = json.loads(ost_process("status", "--json", env=exported).stdout)
        assert status["database"] == str(home / "ost.db")
        season_1 = status["seasons"][0]["services"]
        assert season_1["spotify"].get("auto") and season_1["ytmusic"].get("auto")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert not home.exists()  # the temporary home went with it
