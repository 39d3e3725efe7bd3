"""ost as its own process: the tests of what a run leaves behind, of start-up, of exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

OST = [sys.executable, "-m", "ost"]


def ost_process(
    *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`ost ARGS` to its end, its output captured as text; ``env`` on top of this process's
    environment (a test's: its own OST_HOME, none of the user's variables)."""
    return subprocess.run(
        [*OST, *args],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


_LOADED = """\
import json, runpy, sys
args, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["ost", *args]
try:
    runpy.run_module("ost", run_name="__main__")
except SystemExit:
    pass
print("LOADED", json.dumps(sorted(m for m in modules if m in sys.modules)), file=sys.stderr)
"""


def modules_loaded(
    args: list[str], modules: tuple[str, ...], cwd: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `ost ARGS` in a fresh interpreter; the process, and which of ``modules`` it had
    imported by its end."""
    proc = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(args), json.dumps(modules)],
        env=os.environ,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = proc.stderr.rstrip().rsplit("\n", 1)[-1]
    assert line.startswith("LOADED "), proc.stderr
    return proc, json.loads(line.removeprefix("LOADED "))
