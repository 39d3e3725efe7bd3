"""Starlight Laundry, the made-up show of ``fakespotify.shows``, added the way a user adds it:
``add_laundry`` (`ost shows add` by its names and air dates), and the fixtures ``shows_fake`` (the
Spotify stand-in stocked with the shows and their confusers) and ``laundry`` (the show added, then
`ost discover --add`), for every test module (``conftest.py`` registers this module)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakespotify import FakeSpotify
from fakespotify.shows import LAUNDRY, LAUNDRY_AIRED, LAUNDRY_ALIAS, LAUNDRY_EN, LAUNDRY_KEY
from fakespotify.shows import seed_shows as _seed_shows


def add_laundry(run: Any) -> str:
    """`ost shows add` Starlight Laundry; the key it printed."""
    result = run("shows", "add", LAUNDRY, "--name-en", LAUNDRY_EN, "--alias", LAUNDRY_ALIAS,
                 "--aired", LAUNDRY_AIRED)  # fmt: skip
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip())


@pytest.fixture
def shows_fake(fake_spotify: FakeSpotify) -> FakeSpotify:
    _seed_shows(fake_spotify)
    return fake_spotify


@pytest.fixture
def laundry(run: Any, shows_fake: FakeSpotify) -> dict[str, Any]:
    """Starlight Laundry added by its names and air dates, then `ost discover --add`: the run's
    JSON, with the Spotify stand-in's log of it (``log``)."""
    assert add_laundry(run) == LAUNDRY_KEY
    shows_fake.reset_log()
    result = run("discover", "--show", LAUNDRY_KEY, "--add", "--json")
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    out["log"] = list(shows_fake.log)
    return out
