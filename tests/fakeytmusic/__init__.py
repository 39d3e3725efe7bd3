"""tests/fakeytmusic: a stand-in for ``ytmusicapi.YTMusic`` (1.12), for tests.

YouTube Music's own answers are internal JSON that cannot be recorded here, so the boundary faked
is the client object, as the tools built on ytmusicapi do: the same methods and signatures, the
Python objects ytmusicapi's parsers return (``shapes``: search rows with ``videoType``, albums
with a year only, playlist items with ``setVideoId``), and its exceptions (``faults``). What
ytmusicapi returns, and from where, is in ``docs/ytmusic-shapes.md``.

State (catalogue, playlists, faults, the call log) lives in a JSON file named by
``FAKEYTMUSIC_STATE`` under a lock (``store``), so a test and the separate ``ost`` processes it
starts see one service. ost's client seam (``OST_YTMUSIC_FACTORY=fakeytmusic:FakeYTMusic``) puts
the stand-in where ost would make a ``YTMusic``; the fixture sets both variables, and puts this
folder on ``PYTHONPATH`` for child processes.

Simplifications (deliberate): search is free text over titles, channel names, album titles and
hidden keywords (no fuzzy matching or spelling fixes); only the songs, videos and albums filters
and a search without a filter are modelled; the interface language changes only YouTube Music's
own words ("노래", "싱글"), in English and Korean; playlists are read whole pages at a time.

Parts: ``store`` (the locked state file), ``seed`` (Soundtrack #1 and its traps), ``shows`` (two
songs of a show a user adds, and their traps), ``search`` (ranking), ``shapes`` (answers),
``faults`` (errors), ``client`` (``FakeYTMusic``), ``service`` (``FakeYTMusicService``: the
test's handle). Import from the package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ost.ytmusic.client import FACTORY_ENV

from .client import FakeYTMusic
from .seed import (
    ATV,
    OLDER_MY_LOVE,
    OMV,
    ORCHESTRA_DA_CAPO,
    OST_COMPILATION,
    UGC,
    SeededSong,
    seed_soundtrack,
)
from .service import ACCOUNT, FACTORY, FakeYTMusicService, raw_headers
from .shows import StockedSong
from .store import STATE_ENV, Store

__all__ = [
    "ACCOUNT",
    "ATV",
    "FACTORY",
    "OLDER_MY_LOVE",
    "OMV",
    "ORCHESTRA_DA_CAPO",
    "OST_COMPILATION",
    "STATE_ENV",
    "UGC",
    "FakeYTMusic",
    "FakeYTMusicService",
    "SeededSong",
    "StockedSong",
    "Store",
    "fake_ytmusic",
    "raw_headers",
    "seed_soundtrack",
]

HERE = Path(__file__).resolve().parent


@pytest.fixture
def fake_ytmusic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeYTMusicService]:
    """A stocked stand-in; the environment points ost (and its child processes) at it."""
    service = FakeYTMusicService(tmp_path / "fakeytmusic.json")
    monkeypatch.setenv(STATE_ENV, str(service.path))
    monkeypatch.setenv(FACTORY_ENV, FACTORY)
    paths = [str(HERE.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    service.seed()
    yield service
