"""`ost playlist sync` against the fake Spotify: the playlist's state, the request log, and
injected faults (lost responses, rate limits, a deleted playlist). Idempotence is asserted from
the request log: a run with nothing to change sends no write at all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fakespotify import S1_SONGS, FakeSpotify, _fixture_id
from helpers.catalogue import pinned_import
from hypothesis import given, settings
from hypothesis import strategies as st

from ost import catalogue, matching
from ost import sync as core
from ost.spotify import api as api_module
from ost.spotify import playlists as spotify_playlists
from ost.spotify.auth import TokenFile
from ost.spotify.service import SpotifyService

S1_URIS = [f"spotify:track:{_fixture_id('s1' + song.key, 1)}" for song in S1_SONGS]
S1_IDS = [f"s1-{n:02d}" for n in range(1, 8)]
MARKER = "[ost:soundtrack-1]"


@pytest.fixture
def fake(fake: FakeSpotify, ost_home: Path) -> FakeSpotify:
    """Seeded (conftest's), logged in (a stored token the fake knows), and season 1 pinned to the
    singles."""
    log_in(fake)
    db = catalogue.open_catalogue()
    for track_id, uri in zip(S1_IDS, S1_URIS, strict=True):
        matching.pin(db, track_id, uri)
    return fake


def log_in(fake: FakeSpotify) -> None:
    TokenFile().save(fake.stored_login())


def ours(fake: FakeSpotify) -> list[dict[str, Any]]:
    return [
        p
        for p in fake.playlists.values()
        if MARKER in p["description"] and p["owner"] == fake.user_id
    ]


def the_playlist(fake: FakeSpotify) -> dict[str, Any]:
    [playlist] = ours(fake)
    return playlist


def remembered() -> dict[str, Any] | None:
    return core.remembered(catalogue.open_catalogue(), "soundtrack-1")


def writes(fake: FakeSpotify) -> list[tuple[str, str]]:
    return [(w.method, w.path) for w in fake.writes()]


def sync(run, *args: str):
    return run("playlist", "sync", "--season", "1", *args)


def synced(run, fake: FakeSpotify, *args: str) -> dict[str, Any]:
    result = sync(run, *args)
    assert result.exit_code == 0, result.output
    return the_playlist(fake)


def edit(fake: FakeSpotify, playlist_id: str, uris: list[str]) -> None:
    """Someone changes the playlist in the Spotify app (a new snapshot, as the API would give)."""
    state = fake.playlists[playlist_id]
    state["uris"] = list(uris)
    state["added_at"] = [state["created_at"]] * len(uris)
    fake._bump_snapshot(state)


# --- first run, second run --------------------------------------------------------------------------


def test_the_first_run_creates_one_private_playlist_with_the_accepted_tracks_in_order(
    run, fake: FakeSpotify
) -> None:
    result = sync(run)
    assert result.exit_code == 0, result.output
    playlist = the_playlist(fake)
    assert playlist["uris"] == S1_URIS
    assert playlist["name"] == "Soundtrack #1 OST"
    assert playlist["public"] is False
    assert "Disney+ series Soundtrack #1" in playlist["description"]
    assert "in sync" in playlist["description"] and "ost" in playlist["description"]
    assert writes(fake) == [
        ("POST", "/v1/me/playlists"),
        ("POST", f"/v1/playlists/{playlist['id']}/items"),
    ]
    url = f"https://open.spotify.com/playlist/{playlist['id']}"
    assert f"Soundtrack #1 OST: created, 7 tracks added — {url}" in result.output
    row = remembered()
    assert row is not None
    assert row["playlist_id"] == playlist["id"]
    assert row["snapshot_id"] == playlist["snapshot_id"]
    assert (row["title"], row["public"]) == ("Soundtrack #1 OST", 0)


def test_a_second_run_writes_nothing(run, fake: FakeSpotify) -> None:
    synced(run, fake)
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0
    assert fake.writes() == []
    assert "Soundtrack #1 OST: unchanged (7 tracks)" in result.output
    # me, my playlists; the snapshot is the one ost left, so no item is read
    assert "Spotify requests: 2 (0 writes)." in result.output
    assert fake.count("GET", "/v1/playlists/") == 0
    assert len(ours(fake)) == 1


def test_a_playlist_changed_elsewhere_is_read_back_and_repaired(run, fake: FakeSpotify) -> None:
    playlist = synced(run, fake)
    state = fake.playlists[playlist["id"]]
    state["uris"] = state["uris"][:3]
    state["added_at"] = state["added_at"][:3]
    fake._bump_snapshot(state)
    fake.reset_log()
    result = sync(run)
    assert "changed on Spotify since the last sync; reading it back" in result.output
    assert fake.count("GET", f"/v1/playlists/{playlist['id']}/items") >= 1
    assert the_playlist(fake)["uris"] == S1_URIS
    fake.reset_log()
    assert sync(run).exit_code == 0
    assert fake.count("GET", "/v1/playlists/") == 0  # in step again: no item read


def test_a_catalogue_change_is_written_without_reading_the_items(run, fake: FakeSpotify) -> None:
    synced(run, fake)
    run("unpin", S1_IDS[2])
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert fake.count("GET", "/v1/playlists/") <= 1  # the new snapshot after the write, at most
    assert [e for e in fake.log if e.path.endswith("/items") and e.method == "GET"] == []
    assert the_playlist(fake)["uris"] == S1_URIS[:2] + S1_URIS[3:]


def test_every_season_at_once_and_the_unresolved_track_is_named(run, fake: FakeSpotify) -> None:
    result = run("playlist", "sync")
    assert result.exit_code == 0, result.output
    assert "Soundtrack #1 OST: created, 7 tracks added" in result.output
    assert (
        "Soundtrack #2 OST: no track has an accepted match; nothing created or changed"
        in result.output
    )
    assert (
        "1 track has no accepted match: s2-01 Da Capo — not matched yet: run `ost match`\n"
        in result.output
    )
    assert len(fake.playlists) == 1


def test_the_page_links_the_playlists_a_sync_keeps(run, fake: FakeSpotify, tmp_path: Path) -> None:
    assert run("playlist", "sync").exit_code == 0
    (kept,) = fake.playlists
    out = tmp_path / "site"
    assert run("page", "-o", str(out), "--season", "1").exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert f'class="spotify" href="https://open.spotify.com/playlist/{kept}"' in html
    assert "Soundtrack #1 OST on Spotify</a> (private" in html


# --- the catalogue changes --------------------------------------------------------------------------


def test_catalogue_changes_converge_with_minimal_writes(run, fake: FakeSpotify) -> None:
    playlist = synced(run, fake)
    items = f"/v1/playlists/{playlist['id']}/items"
    steps = [
        (("reject", "s1-07"), S1_URIS[:6], [("DELETE", items)]),
        (("pin", "s1-07", S1_URIS[6]), S1_URIS, [("POST", items)]),
        (("reject", "s1-03"), S1_URIS[:2] + S1_URIS[3:], [("DELETE", items)]),
        (("pin", "s1-03", S1_URIS[2]), S1_URIS, [("PUT", items)]),  # in the middle: replace
    ]
    for command, expected, requests in steps:
        assert run(*command).exit_code == 0
        fake.reset_log()
        assert synced(run, fake)["uris"] == expected
        assert writes(fake) == requests, command
        fake.reset_log()
        assert synced(run, fake)["uris"] == expected
        assert fake.writes() == []


def test_a_catalogue_order_change_is_followed(run, fake: FakeSpotify, tmp_path: Path) -> None:
    synced(run, fake)
    rows = tmp_path / "order.csv"
    rows.write_text(
        "id,season,title,artist,order\ns1-01,1,사랑은 말로 표현하는게 아니래요,규현,99\n"
    )
    assert run("import", str(rows)).exit_code == 0
    fake.reset_log()
    result = sync(run)
    assert "reordered (7 tracks)" in result.output
    assert the_playlist(fake)["uris"] == S1_URIS[1:] + S1_URIS[:1]
    assert len(fake.writes()) == 1


# --- the playlist changes elsewhere -----------------------------------------------------------------

STRAY = f"spotify:track:{_fixture_id('decoymylove', 1)}"
EDITS = {
    "stray-added": lambda uris: uris + [STRAY],
    "stray-inserted": lambda uris: uris[:2] + [STRAY] + uris[2:],
    "reordered": lambda uris: list(reversed(uris)),
    "track-removed": lambda uris: uris[:3] + uris[4:],
    "duplicated": lambda uris: uris + uris[:1],
    "emptied": lambda uris: [],
}


@pytest.mark.parametrize("how", EDITS)
def test_a_playlist_edited_elsewhere_is_restored_exactly(run, fake: FakeSpotify, how: str) -> None:
    playlist = synced(run, fake)
    edit(fake, playlist["id"], EDITS[how](S1_URIS))
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert the_playlist(fake)["uris"] == S1_URIS
    assert "changed on Spotify since the last sync" in result.output
    assert 1 <= len(fake.writes()) <= 2
    fake.reset_log()
    assert synced(run, fake)["uris"] == S1_URIS
    assert fake.writes() == []


def test_an_unfollowed_playlist_is_left_alone_and_a_new_one_made(run, fake: FakeSpotify) -> None:
    old = synced(run, fake)
    fake.unfollow(old["id"])
    before = dict(old, uris=list(old["uris"]))
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "no longer among your playlists (deleted or unfollowed); it is left alone" in (
        result.output
    )
    assert "created, 7 tracks added" in result.output
    new = [p for p in ours(fake) if p["followed"]]
    assert len(new) == 1 and new[0]["id"] != old["id"]
    assert new[0]["uris"] == S1_URIS
    assert fake.playlists[old["id"]] == before
    assert all(old["id"] not in path for _, path in writes(fake))
    assert remembered()["playlist_id"] == new[0]["id"]  # type: ignore[index]


def test_a_playlist_ost_did_not_create_is_never_touched(run, fake: FakeSpotify) -> None:
    mine = fake.create_playlist_state("Soundtrack #1 OST", uris=S1_URIS[:2])
    theirs = fake.create_playlist_state(
        "Soundtrack #1 OST", description=MARKER, owner="someone", followed=True
    )
    snapshots = {pid: fake.playlists[pid]["snapshot_id"] for pid in (mine, theirs)}
    playlist = synced(run, fake)
    assert playlist["id"] not in (mine, theirs) and playlist["owner"] == fake.user_id
    for pid, snapshot in snapshots.items():
        assert fake.playlists[pid]["snapshot_id"] == snapshot
        assert all(pid not in path for _, path in writes(fake))
    assert fake.playlists[mine]["uris"] == S1_URIS[:2]


# --- lost responses ---------------------------------------------------------------------------------


def test_a_lost_create_response_is_recovered_without_a_second_playlist(
    run, fake: FakeSpotify
) -> None:
    fake.inject("POST", r"^/v1/me/playlists", drop="after")
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "may or may not have been applied" in result.output
    playlist = the_playlist(fake)
    assert playlist["uris"] == S1_URIS
    assert remembered()["playlist_id"] == playlist["id"]  # type: ignore[index]
    assert fake.count("POST", "/v1/me/playlists") == 1
    fake.reset_log()
    assert synced(run, fake)["uris"] == S1_URIS
    assert fake.writes() == []


def test_a_lost_create_that_cannot_be_checked_fails_cleanly_and_the_next_run_adopts(
    run, fake: FakeSpotify
) -> None:
    fake.inject("POST", r"^/v1/me/playlists", drop="after")
    fake.inject("GET", r"^/v1/me/playlists", headers={"X-Fine": "1"}, times=1)  # the first list
    fake.inject("GET", r"^/v1/me/playlists", status=503, times=api_module.MAX_ATTEMPTS)
    result = sync(run)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Spotify answered 503 to listing your playlists" in result.output.splitlines()[-1]
    created = the_playlist(fake)  # Spotify did create it
    assert created["uris"] == []
    assert remembered() is None
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "adopted (ost made it earlier), 7 tracks added" in result.output
    assert the_playlist(fake)["uris"] == S1_URIS  # still exactly one
    assert writes(fake) == [("POST", f"/v1/playlists/{created['id']}/items")]


def test_a_lost_create_is_found_on_page_two_of_a_long_playlist_list(run, fake: FakeSpotify) -> None:
    """The user has 60 playlists newer than the one ost made (the list comes newest first, 50 a
    page): the lost create is found on page two and adopted, never made twice."""
    fake.inject("POST", r"^/v1/me/playlists", drop="after", times=1)
    fake.inject("GET", r"^/v1/me/playlists", headers={"X-Fine": "1"}, times=1)  # the first list
    fake.inject("GET", r"^/v1/me/playlists", status=503, times=api_module.MAX_ATTEMPTS)
    assert sync(run).exit_code == 1
    created = the_playlist(fake)
    for n in range(60):
        fake.create_playlist_state(f"Mix {n}")
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "adopted (ost made it earlier), 7 tracks added" in result.output
    assert the_playlist(fake)["id"] == created["id"]
    lists = [e for e in fake.log if (e.method, e.path) == ("GET", "/v1/me/playlists")]
    assert {int(e.query.get("offset", 0)) for e in lists} == {0, 50}


def test_a_lost_add_response_is_read_back_not_repeated(run, fake: FakeSpotify) -> None:
    fake.inject("POST", r"^/v1/playlists/[^/]+/items", drop="after")
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "reading the playlist back" in result.output
    assert the_playlist(fake)["uris"] == S1_URIS
    assert fake.count("POST", "/v1/playlists/") == 1
    fake.reset_log()
    assert synced(run, fake)["uris"] == S1_URIS
    assert fake.writes() == []


def test_a_lost_add_whose_read_back_fails_converges_on_the_next_run(run, fake: FakeSpotify) -> None:
    fake.inject("POST", r"^/v1/playlists/[^/]+/items", drop="after")
    fake.inject("GET", r"^/v1/playlists/[^/]+/items", status=502, times=api_module.MAX_ATTEMPTS)
    result = sync(run)
    assert result.exit_code == 1
    assert "502" in result.output and "Traceback" not in result.output
    assert the_playlist(fake)["uris"] == S1_URIS  # the add was applied
    fake.reset_log()
    assert synced(run, fake)["uris"] == S1_URIS  # no duplicate
    assert fake.writes() == []


# --- rate limits -----------------------------------------------------------------------------------


def test_a_429_on_a_read_waits_as_asked_and_succeeds(
    run, fake: FakeSpotify, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    class Recording(api_module.Api):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(sleep=waits.append, **kwargs)

    monkeypatch.setattr(api_module, "Api", Recording)
    fake.inject("GET", r"^/v1/me/playlists", status=429, headers={"Retry-After": "2"})
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert waits == [2.0]
    assert "rate-limiting us; waiting 2 s" in result.output
    assert the_playlist(fake)["uris"] == S1_URIS


def test_a_429_with_a_huge_retry_after_stops_at_once_and_the_next_run_finishes(
    run, fake: FakeSpotify
) -> None:
    fake.inject("POST", r"^/v1/playlists/[^/]+/items", status=429, headers={"Retry-After": "86400"})
    result = sync(run)
    assert result.exit_code == 1
    assert "Spotify asked us to wait 86400 s" in result.output
    assert fake.count("POST", "/v1/playlists/") == 1  # refused once, not retried or waited for
    assert "Traceback" not in result.output
    assert the_playlist(fake)["uris"] == []
    assert remembered()["snapshot_id"] is None  # type: ignore[index]
    fake.reset_log()
    assert synced(run, fake)["uris"] == S1_URIS
    assert fake.count("POST", "/v1/me/playlists") == 0  # the created playlist was remembered


def test_max_wait_from_the_environment(
    run, fake: FakeSpotify, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OST_MAX_WAIT", "1")
    fake.inject("GET", r"^/v1/me/?$", status=429, headers={"Retry-After": "5"})
    result = sync(run)
    assert result.exit_code == 1
    assert "more than --max-wait 1 s allows" in result.output


# --- many tracks ------------------------------------------------------------------------------------


def import_many(fake: FakeSpotify, tmp_path: Path, run, count: int) -> list[str]:
    uris = pinned_import(fake, tmp_path / "many.csv", count)
    result = run("import", str(tmp_path / "many.csv"))
    assert result.exit_code == 0, result.output
    return uris


def test_more_than_100_tracks_go_in_chunks_of_100(run, fake: FakeSpotify, tmp_path: Path) -> None:
    desired = S1_URIS + import_many(fake, tmp_path, run, 150)
    playlist = synced(run, fake)
    assert playlist["uris"] == desired
    items = f"/v1/playlists/{playlist['id']}/items"
    sizes = [len(w.json) for w in fake.writes() if w.path == items]
    assert sizes == [100, 57]
    fake.reset_log()
    assert run("reject", "s1-01").exit_code == 0
    assert run("pin", "s1-01", S1_URIS[0]).exit_code == 0  # same track, same place: no change
    assert synced(run, fake)["uris"] == desired and fake.writes() == []
    edit(fake, playlist["id"], list(reversed(desired)))
    fake.reset_log()
    assert synced(run, fake)["uris"] == desired
    assert [
        (w.method, len(w.json["uris"] if w.method == "PUT" else w.json)) for w in fake.writes()
    ] == [
        ("PUT", 100),
        ("POST", 57),
    ]
    assert fake.count("GET", items) == 4  # 157 tracks read back 50 at a time


def test_a_lost_chunk_among_many_continues_from_what_was_applied(
    run, fake: FakeSpotify, tmp_path: Path
) -> None:
    desired = S1_URIS + import_many(fake, tmp_path, run, 250)
    fake.inject("POST", r"^/v1/playlists/[^/]+/items", drop="after")
    result = sync(run)
    assert result.exit_code == 0, result.output
    playlist = the_playlist(fake)
    assert playlist["uris"] == desired
    sizes = [len(w.json) for w in fake.writes() if w.path.endswith("/items")]
    assert sizes == [100, 100, 57]  # the lost first chunk was not sent again
    assert Counter(playlist["uris"]).most_common(1)[0][1] == 1
    # what the lost answer left was read back, page by page
    items = f"/v1/playlists/{playlist['id']}/items"
    reads = [e for e in fake.log if (e.method, e.path) == ("GET", items)]
    assert {int(e.query.get("offset", 0)) for e in reads} == {0, 50}  # the 100 applied
    edit(fake, playlist["id"], list(reversed(desired)))  # reordered in the app: all 257 read
    fake.reset_log()
    assert synced(run, fake)["uris"] == desired
    reads = [e for e in fake.log if (e.method, e.path) == ("GET", items)]
    assert {int(e.query.get("offset", 0)) for e in reads} == {0, 50, 100, 150, 200, 250}


# --- options ----------------------------------------------------------------------------------------


def test_nothing_to_sync_creates_nothing_and_says_so(run, fake_spotify: FakeSpotify) -> None:
    result = run("playlist", "sync", "--season", "1")  # not even logged in: no request needed
    assert result.exit_code == 0, result.output
    assert "Soundtrack #1 OST: no track has an accepted match; nothing created or changed" in (
        result.output
    )
    assert "7 tracks have no accepted match: s1-01" in result.output
    assert fake_spotify.log == [] and fake_spotify.playlists == {}


def test_nothing_to_sync_leaves_an_existing_playlist_alone(run, fake: FakeSpotify) -> None:
    synced(run, fake)
    for track_id in S1_IDS:
        assert run("reject", track_id).exit_code == 0
    fake.reset_log()
    result = sync(run)
    assert "no track has an accepted match; the playlist is left as it is" in result.output
    assert "(to clear it, remove its tracks in the app)" in result.output
    assert the_playlist(fake)["uris"] == S1_URIS
    assert fake.log == []


def test_dry_run_prints_the_difference_and_writes_nothing(run, fake: FakeSpotify) -> None:
    result = sync(run, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Soundtrack #1 OST (dry run): would be created, 7 tracks would be added" in result.output
    assert f"  + s1-01  사랑은 말로 표현하는게 아니래요  {S1_URIS[0]}" in result.output
    assert fake.writes() == [] and fake.playlists == {}
    assert remembered() is None
    playlist = synced(run, fake)
    edit(fake, playlist["id"], S1_URIS[1:] + [STRAY])
    snapshot = fake.playlists[playlist["id"]]["snapshot_id"]
    fake.reset_log()
    result = sync(run, "--dry-run")
    assert "1 track would be added, 1 would be removed (7 tracks)" in result.output
    assert f"  + s1-01  사랑은 말로 표현하는게 아니래요  {S1_URIS[0]}" in result.output
    assert f"  - {STRAY}" in result.output
    assert fake.writes() == []
    assert fake.playlists[playlist["id"]]["snapshot_id"] == snapshot
    edit(fake, playlist["id"], list(reversed(S1_URIS)))
    result = sync(run, "--dry-run")
    assert "Soundtrack #1 OST (dry run): would be reordered (7 tracks)" in result.output
    assert "  ~ the order changes" in result.output
    assert fake.writes() == []


def test_name_and_visibility_change_once_and_only_when_asked(run, fake: FakeSpotify) -> None:
    playlist = synced(run, fake)
    fake.reset_log()
    result = sync(run, "--name", "Soundtrack #1 (my copy)", "--public")
    assert "renamed, made public" in result.output
    assert writes(fake) == [("PUT", f"/v1/playlists/{playlist['id']}")]
    assert (playlist["name"], playlist["public"]) == ("Soundtrack #1 (my copy)", True)
    row = remembered()
    assert row is not None
    assert (row["title"], row["public"], row["snapshot_id"]) == (
        "Soundtrack #1 (my copy)",
        1,
        playlist["snapshot_id"],
    )
    for args in (("--name", "Soundtrack #1 (my copy)", "--public"), ()):
        fake.reset_log()
        result = sync(run, *args)
        assert "unchanged" in result.output and "changed on Spotify" not in result.output
        assert fake.writes() == []
    assert playlist["name"] == "Soundtrack #1 (my copy)" and playlist["public"] is True


def test_create_public_under_another_name(run, fake: FakeSpotify) -> None:
    result = sync(run, "--public", "--name", "OST one")
    assert result.exit_code == 0, result.output
    playlist = the_playlist(fake)
    assert (playlist["name"], playlist["public"]) == ("OST one", True)
    assert len(fake.writes()) == 2


def test_name_applies_to_one_playlist_only(run, fake: FakeSpotify) -> None:
    result = run("playlist", "sync", "--name", "Both")
    assert result.exit_code == 2
    assert "--name renames one playlist" in result.output
    assert fake.writes() == []


def test_not_logged_in_is_one_clear_line(run, fake: FakeSpotify, ost_home: Path) -> None:
    (ost_home / "spotify-token.json").unlink()
    result = sync(run)
    assert result.exit_code == 1
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith("Error: not logged in to Spotify: run `ost login` first")
    )
    assert fake.log == []


def test_an_answer_without_an_id_is_one_line(run, fake: FakeSpotify) -> None:
    fake.inject("GET", r"^/v1/me/?$", status=200, body={"display_name": "?"})
    result = sync(run)
    assert result.exit_code == 1
    assert "Error: Spotify sent your profile without an id" in result.output
    assert fake.writes() == []


# --- the pure parts: diff and the requests that fix it ---------------------------------------------

A, B, C, D, E = (f"spotify:track:{c * 22}" for c in "ABCDE")


def held(uris: list[str]) -> list[Any]:
    """A playlist's items as the Spotify adapter reads its rows."""
    return spotify_playlists.items([{"item": {"uri": u}} for u in uris])


def as_read(description: str) -> Any:
    """A playlist object with this description, as the Spotify adapter reads it."""
    return spotify_playlists.playlist({"id": "x", "description": description}, "me")


@pytest.mark.parametrize(
    ("current", "desired", "expected"),
    [
        ([A, B], [A, B], []),
        ([], [A, B], [("add", [A, B])]),
        ([A], [A, B, C], [("add", [B, C])]),
        ([A, B, C], [A, C], [("remove", [B])]),
        ([A, B, B, C], [A, C, D], [("replace", [A, C, D])]),  # one request, not two
        ([A, B, C] * 50, [A, C] * 50 + [D], [("remove", [B]), ("add", [D])]),  # a tie: keep
        ([B, A], [A, B], [("replace", [A, B])]),
        ([A, B, A], [A, B], [("replace", [A, B])]),
        ([A, B, C], [], [("remove", [A, B, C])]),
        ([A, "spotify:local:x:y:z:1", B], [A, B], [("replace", [A, B])]),
    ],
    ids=[
        "same",
        "empty",
        "append",
        "remove",
        "remove-and-append",
        "remove-then-append",
        "reorder",
        "duplicate",
        "clear",
        "local-file",
    ],
)
def test_steps(current: list[str], desired: list[str], expected: list[tuple[str, list[str]]]):
    assert [
        (s.kind, s.uris) for s in core.steps(held(current), desired, SpotifyService.edits)
    ] == expected


def test_diff() -> None:
    d = core.diff([A, B, C, C], [C, A, D])
    assert (d.added, d.removed, d.reordered) == ([D], [B, C], True)
    assert core.diff([A, B], [A, B]).empty


def apply_steps(current: list[str], steps: list[core.Step]) -> list[str]:
    out = list(current)
    for step in steps:
        assert 0 < len(step.uris) <= 100 or step.kind == "replace"
        if step.kind == "add":
            out += step.uris
        elif step.kind == "replace":
            out = list(step.uris)
        else:
            out = [u for u in out if u not in step.uris]
    return out


URIS = st.lists(st.sampled_from([A, B, C, D, E]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(current=URIS, desired=URIS, big=st.integers(0, 250))
def test_steps_always_reach_the_desired_contents(current, desired, big) -> None:
    desired = desired + [f"spotify:track:{i:022d}" for i in range(big)]
    steps = core.steps(held(current), desired, SpotifyService.edits)
    assert apply_steps(current, steps) == desired
    assert len(steps) <= max(1, -(-len(desired) // 100))  # never worse than replacing it all
    assert (steps == []) == (current == desired)


def test_the_description_carries_the_marker_within_spotifys_limit(fake_spotify) -> None:
    from dataclasses import replace

    from ost import playlists

    definition = playlists.find_definition("soundtrack-1")
    assert core.description(definition).endswith(f"by ost. {MARKER}")
    long = replace(definition, description="x" * 400)
    assert len(core.description(long)) <= 300 and MARKER in core.description(long)
    assert core.has_marker(as_read("a &amp; b [ost:soundtrack-1]"), "soundtrack-1")
    assert not core.has_marker(as_read("[ost:soundtrack-10]"), "soundtrack-1")


# --- answers ost cannot read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["", "{}", '{"items": null, "total": 7}', "<html>oops</html>"],
    ids=["empty", "no-items", "null-items", "html"],
)
def test_an_unreadable_listing_of_items_never_leads_to_writes(run, fake: FakeSpotify, body) -> None:
    playlist = synced(run, fake)
    edit(fake, playlist["id"], S1_URIS[:3])
    fake.reset_log()
    fake.inject("GET", r"/v1/playlists/[^/]+/items", status=200, body=body.encode(), times=None)
    result = sync(run)
    assert result.exit_code == 1 and "cannot read" in result.output
    assert writes(fake) == []
    assert fake.playlist_uris(playlist["id"]) == S1_URIS[:3]


def test_an_unreadable_list_of_playlists_never_creates_a_second_one(run, fake: FakeSpotify) -> None:
    synced(run, fake)
    fake.inject("GET", r"/v1/me/playlists", status=200, body=b"", times=None)
    result = sync(run)
    assert result.exit_code == 1 and "cannot read" in result.output
    assert len(ours(fake)) == 1


def test_a_row_whose_track_is_gone_is_dropped(run, fake: FakeSpotify) -> None:
    playlist = synced(run, fake)
    gone = "spotify:track:" + "0" * 22  # not in the fake's catalogue: a row with no track
    edit(fake, playlist["id"], S1_URIS + [gone])
    fake.reset_log()
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert fake.playlist_uris(playlist["id"]) == S1_URIS
    assert len(writes(fake)) == 1


# --- duplicates left by an older ost -------------------------------------------------------------


def test_a_duplicate_is_reported_then_pruned_on_request(run, fake: FakeSpotify) -> None:
    older = fake.create_playlist_state("Soundtrack #1 OST", description=f"old {MARKER}")
    newer = fake.create_playlist_state("Soundtrack #1 OST", description=f"new {MARKER}")
    result = sync(run)
    assert result.exit_code == 0, result.output
    assert "adopted" in result.output
    assert "1 other playlist(s) carry ost's marker" in result.output
    assert f"playlist/{older}" in result.output and "--prune-duplicates" in result.output
    assert fake.playlists[older]["followed"] and remembered()["playlist_id"] == newer
    fake.reset_log()
    result = sync(run, "--prune-duplicates", "--dry-run")
    assert "would remove 1 duplicate" in result.output and writes(fake) == []
    result = sync(run, "--prune-duplicates")
    assert result.exit_code == 0, result.output
    assert "removed 1 duplicate playlist(s)" in result.output
    assert writes(fake) == [("DELETE", f"/v1/playlists/{older}/followers")]
    assert not fake.playlists[older]["followed"] and fake.playlists[newer]["followed"]
    assert fake.playlists[newer]["uris"] == S1_URIS


def test_the_dry_run_names_a_removed_track_by_title(run, fake: FakeSpotify) -> None:
    synced(run, fake)
    assert run("reject", "s1-02").exit_code == 0  # its recording leaves the playlist
    result = sync(run, "--dry-run")
    assert "0 would" not in result.output
    assert f"  - s1-02  행복해지고 싶어  {S1_URIS[1]}" in result.output
    assert "1 would be removed (6 tracks)" in result.output
