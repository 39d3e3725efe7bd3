"""Every test gets its own OST_HOME: no test touches the real home folder or the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fakespotify import fake_spotify  # noqa: F401  (the loopback Spotify, for every test module)
from fakeytmusic import fake_ytmusic  # noqa: F401  (the YouTube Music stand-in, likewise)


@pytest.fixture(autouse=True)
def ost_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "ost-home"
    monkeypatch.setenv("OST_HOME", str(home))
    for name in (
        "SPOTIPY_CLIENT_ID",
        "SPOTIPY_CLIENT_SECRET",
        "SPOTIPY_REDIRECT_URI",
        "OST_SPOTIFY_API_URL",
        "OST_SPOTIFY_ACCOUNTS_URL",
        "OST_MARKET",
        "OST_MAX_WAIT",
        "OST_NAMES",  # the user's shell may set these: the tests test ost, not it
        "OST_LOCK_WAIT",
        "NO_COLOR",
        "COLUMNS",
        "OST_SERVICE",
        "OST_YTMUSIC_FACTORY",
        "FAKEYTMUSIC_STATE",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def run():
    """Run `ost ARGS...` in-process with click's runner; returns the result."""
    from click.testing import CliRunner

    from ost.cli import cli

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def umask():
    """``umask(mask)`` sets the process's umask for the test (the old one comes back after); it
    starts as 022, whatever the user's shell had."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)
