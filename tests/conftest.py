"""Every test gets its own OST_HOME: no test touches the real home folder or the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.register_assert_rewrite("helpers")  # their asserts explain a failure as a test's do

from helpers import environment  # noqa: E402

from ost.spotify import api as spotify_api  # noqa: E402

# The stand-in services' fixtures, for every test module: fake_spotify and fake (fakespotify),
# fake_ytmusic (fakeytmusic); and the made-up show a user adds (helpers.shows: shows_fake, laundry).
pytest_plugins = ("fakespotify", "fakeytmusic", "helpers.shows")


@pytest.fixture(autouse=True)
def ost_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Its own OST_HOME for each test, and none of the user's shell variables ost would read."""
    for name in environment.CLEARED:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "ost-home"
    monkeypatch.setenv("OST_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries back off for hundredths of a second instead of ost's half a second and more; the
    waits are still asked for, in order (``test_match``'s ``slept`` checks them)."""
    monkeypatch.setattr(spotify_api, "BACKOFF_S", (0.01, 0.02, 0.04))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data files: a broken one, or "a newer ost", for a test."""
    import shutil

    from ost import paths

    dest = tmp_path / "data"
    shutil.copytree(paths.bundled_data_dir(), dest)
    return dest


@pytest.fixture
def run():
    """Run `ost ARGS...` in-process with click's runner; returns the result."""
    from click.testing import CliRunner

    from ost.cli import cli

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(params=["option", "env"])
def option_or_env(request: pytest.FixtureRequest, run, monkeypatch: pytest.MonkeyPatch):
    """``option_or_env(OPTION, VARIABLE, VALUE, *COMMAND)`` runs `ost COMMAND OPTION VALUE`, or
    `ost COMMAND` with VALUE in the option's VARIABLE: a test that takes it runs both ways.
    ``option_or_env.by_env`` says which (an error names the option, or else the variable)."""

    def invoke(option: str, variable: str, value: str, *command: str):
        if request.param == "env":
            monkeypatch.setenv(variable, value)
            return run(*command)
        return run(*command, option, value)

    invoke.by_env = request.param == "env"  # type: ignore[attr-defined]  # whom errors blame
    return invoke


@pytest.fixture
def umask():
    """``umask(mask)`` sets the process's umask for the test (the old one comes back after); it
    starts as 022, whatever the user's shell had."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)
