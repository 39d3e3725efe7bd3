"""What the bench scripts share: a clean environment, the test service with ost pointed at it, ost
run in-process or as a measured process, and generated catalogue rows.

The scripts run as files (``python bench/match.py``), so this module is found beside them (Python
puts a script's folder first on the path). The test service (``tests/fakespotify``) and the test
helpers come from the path of the checkout's editable install (``pip install -e '.[test]'``:
pyproject's ``dev-mode-dirs`` puts ``tests/`` on it), under the names the tests use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Kept light: a measured process's peak memory includes its parent's (bench/scale.py's floors),
# so this module imports nothing the scripts do not already (typing, csv, dataclasses).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from click.testing import Result
    from fakespotify import FakeSpotify

try:
    from helpers import environment
except ImportError:  # not an editable install of this checkout
    sys.exit(
        "bench/ needs the test service of tests/ on the path: set the checkout up with "
        "`pip install -e '.[test]'` (or run it again after pulling a change to pyproject.toml)"
    )

OST = (sys.executable, "-m", "ost")
ROW_HEADER = ["season", "title", "artist", "title_en", "order", "release_date", "episode", "source"]


def options(doc: str, **defaults: int) -> Any:
    """The command line of a script whose options are whole numbers: ``--NAME N`` for each
    default; ``--help`` shows the script's docstring."""
    import argparse

    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for name, default in defaults.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    return parser.parse_args()


def clean_environ(home: str | Path) -> dict[str, str]:
    """This process's environment without the user's variables that change what ost does (the
    ones the tests clear), and ``OST_HOME`` set to ``home``."""
    env = dict(os.environ)
    environment.clear(env)
    return {**env, "OST_HOME": str(home)}


@contextmanager
def scratch_home() -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary ``OST_HOME``, and the clean environment that names it (``clean_environ``)."""
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp), clean_environ(tmp)


@contextmanager
def served() -> Iterator[FakeSpotify]:
    """The test service on 127.0.0.1, seeded with Soundtrack #1's releases and their decoys, and
    this process's ost pointed at it: a temporary ``OST_HOME``, the service's URLs and app
    credentials. The environment is put back after."""
    from fakespotify import FakeSpotify, seed_soundtrack

    saved = dict(os.environ)
    with scratch_home() as (_, env), FakeSpotify() as fake:
        seed_soundtrack(fake)
        os.environ.clear()
        os.environ.update({**env, **fake.environment()})
        try:
            yield fake
        finally:
            os.environ.clear()
            os.environ.update(saved)


def invoke(*args: str) -> Result:
    """`ost ARGS` in this process (click's runner, as the tests run it); stops the script with
    ost's output if the command fails."""
    from click.testing import CliRunner

    from ost.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        sys.exit(f"ost {' '.join(args)} failed: {result.output}")
    return result


# One measured process: wall time, peak memory (its maximum resident set size), exit code.
Run = namedtuple("Run", "seconds peak_mib code")


def measure(cmd: list[str], env: dict[str, str], check: bool = True) -> Run:
    """Run ``cmd`` as its own process and measure it (``os.wait4`` gives that process's peak
    memory); its output is discarded. With ``check``, a failure stops the script with its
    error output. It runs in ``OST_HOME``: ``python -m`` puts the working folder first on the
    path, which must not be another checkout."""
    cwd = Path(env["OST_HOME"])
    cwd.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if check and proc.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(cmd)} failed: {errors.read().decode()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode)


def ost(*args: str, env: dict[str, str], check: bool = True) -> Run:
    """`ost ARGS` as its own process, measured (see ``measure``)."""
    return measure([*OST, *args], env, check)


def spotify_uri(i: int) -> str:
    """A well-formed, made-up Spotify track URI: ``i`` in base 62, 22 digits."""
    import string

    alphabet = string.ascii_letters + string.digits
    digits = []
    for _ in range(22):
        i, r = divmod(i, len(alphabet))
        digits.append(alphabet[r])
    return "spotify:track:" + "".join(reversed(digits))


def catalogue_row(i: int, changed: bool = False) -> list[object]:
    """Row ``i`` of a generated import (``ROW_HEADER``'s columns): seasons 1 and 2, 500 Korean
    and 37 English artists, episodes 1-4; ``changed`` moves its date and episode."""
    return [
        1 + i % 2,
        f"노래 {i}",
        f"가수 {i % 500};Artist {i % 37}",
        f"Song {i}",
        i + 10,
        "2022-02-03" if changed else "2022-01-27",
        (2 + i % 4) if changed else (1 + i % 4),
        f"https://example.org/{i}",
    ]


def write_catalogue_csv(path: Path, rows: int, changed: bool = False) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ROW_HEADER)
        w.writerows(catalogue_row(i, changed) for i in range(rows))
