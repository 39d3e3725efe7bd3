"""One writer at a time: the lock under $OST_HOME, and two syncs at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakespotify import S1_SONGS, FakeSpotify, _fixture_id
from helpers.processes import ost_process

from ost import catalogue, lock, matching
from ost.spotify.auth import TokenFile


def ost(*args: str, wait: str = "0.3") -> subprocess.CompletedProcess[str]:
    return ost_process(*args, env={"OST_LOCK_WAIT": wait}, timeout=120)


def one_csv(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    path.write_text("season,title,artist\n1,잠금 노래,가수\n", encoding="utf-8")
    return path


def test_a_second_writer_waits_then_names_the_holder(tmp_path: Path) -> None:
    catalogue.open_catalogue()
    with lock.holding("ost playlist sync"):
        result = ost("import", str(one_csv(tmp_path)))
        assert result.returncode == 1
        assert "another ost is writing: `ost playlist sync`" in result.stderr
        assert f"pid {os.getpid()}" in result.stderr and "Traceback" not in result.stderr
        assert ost("tracks", "--season", "1").returncode == 0  # readers never wait
    assert ost("import", str(one_csv(tmp_path))).returncode == 0  # released


def test_the_lock_dies_with_its_holder(tmp_path: Path, ost_home: Path) -> None:
    catalogue.open_catalogue()
    holder = subprocess.Popen(
        [sys.executable, "-c", "from ost import lock\nwith lock.holding('x'):\n input()"],
        stdin=subprocess.PIPE,
    )
    try:
        assert ost("import", str(one_csv(tmp_path))).returncode == 1
    finally:
        holder.kill()
        holder.wait()
    assert ost("import", str(one_csv(tmp_path))).returncode == 0


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "soon"])
def test_a_lock_wait_that_is_not_a_duration_is_a_usage_error(tmp_path: Path, value) -> None:
    result = ost("import", str(one_csv(tmp_path)), wait=value)
    assert result.returncode == 2
    assert f"Invalid value for OST_LOCK_WAIT (from the environment): {value!r}" in result.stderr


def test_two_syncs_at_once_make_one_playlist(fake: FakeSpotify, ost_home: Path) -> None:
    TokenFile().save(fake.stored_login())
    db = catalogue.open_catalogue()
    for n, song in enumerate(S1_SONGS, 1):
        matching.pin(db, f"s1-{n:02d}", f"spotify:track:{_fixture_id('s1' + song.key, 1)}")
    fake.latency = 0.4  # both would list the playlists before either creates one
    env = {**os.environ, "OST_LOCK_WAIT": "60"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ost", "playlist", "sync", "--season", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    ours = [
        p
        for p in fake.playlists.values()
        if "[ost:soundtrack-1]" in p["description"] and p["owner"] == fake.user_id
    ]
    assert len(ours) == 1


HOLD = "from ost import lock\nwith lock.holding('ost match'):\n print('held', flush=True)\n input()"

WRITERS = [
    ("import", "{csv}"),
    ("reject", "s1-02"),
    ("accept", "s1-02"),
    ("pin", "s1-02", "spotify:track:s1parkboram00000000001"),
    ("unpin", "s2-01"),
    ("match",),
    ("match", "--service", "ytmusic"),
    ("discover",),
    ("playlist", "sync", "--season", "1"),
    ("library", "scan", "{folder}"),
    ("library", "accept", "{folder}/a.mp3"),
    (
        "shows",
        "add",
        "달빛 우체국",
        "--name-en",
        "Moonlight Post Office",
        "--aired",
        "2023-03-01..",
    ),
    ("shows", "remove", "moonlight-post-office"),
    ("login", "--service", "ytmusic", "--headers", "{csv}"),
    ("logout",),
]


@pytest.fixture
def held(ost_home: Path):
    """Another ost process (its pid) holding the lock as `ost match` until the test ends."""
    catalogue.open_catalogue()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("args", WRITERS, ids=[" ".join(a[:2]) for a in WRITERS])
def test_every_writer_says_at_once_whom_it_waits_for(
    run, held: int, args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OST_LOCK_WAIT", "0.2")
    folder = tmp_path / "music"
    folder.mkdir()
    (folder / "a.mp3").write_bytes(b"")
    given = [a.format(csv=one_csv(tmp_path), folder=folder) for a in args]
    result = run(*given)
    assert result.exit_code == 1, result.output
    said = "waiting (up to 0.2 s) for another ost to finish writing: `ost match` "
    assert result.stderr.count("waiting (up to") == 1, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(said + f"(pid {held}, since "), result.stderr
    assert "another ost is writing: `ost match`" in result.stderr  # then it gave up, saying so
    assert result.stdout == ""
