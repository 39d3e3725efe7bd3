"""Match decisions (ost/decisions/) and what a match run costs in writes: nothing when nothing
changed, one transaction otherwise, and a kill mid-save leaves the database as it was."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fakespotify import FakeSpotify, add_demian_da_capo

from ost import catalogue, decisions, matching, paths
from ost.decisions import Status
from ost.service import ServiceName
from ost.spotify.service import SpotifyService


def data_version(connection: sqlite3.Connection) -> int:
    """Changes whenever another connection commits a write to the database file."""
    return int(connection.execute("pragma data_version").fetchone()[0])


def match_table() -> list[tuple[Any, ...]]:
    with sqlite3.connect(paths.db_path()) as connection:
        return connection.execute("select * from matches order by track_id").fetchall()


# --- the vocabulary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "accepted", "left_alone_by_match", "kept_on_reload"),
    [
        (Status.AUTO, True, False, False),
        (Status.REVIEW, False, False, False),
        (Status.NONE, False, False, False),
        (Status.ACCEPTED, True, True, True),
        (Status.REJECTED, False, False, True),
        (Status.PINNED, True, True, True),
    ],
    ids=lambda v: str(v),
)
def test_each_status_belongs_to_its_sets(
    status: Status, accepted: bool, left_alone_by_match: bool, kept_on_reload: bool
) -> None:
    assert (status in decisions.COUNTS_AS_ACCEPTED) is accepted
    assert (status in decisions.USER_DECISIONS) is left_alone_by_match
    assert (status in decisions.USER_TOUCHED) is kept_on_reload


def test_sql_set_lists_the_words() -> None:
    assert decisions.sql_set(decisions.USER_DECISIONS) == "('accepted', 'pinned')"


@pytest.mark.parametrize(
    ("imported", "matched", "pins"),
    [
        ("spotify:track:0123456789abcdefABCDEF", "spotify:track:0123456789abcdefABCDEF", False),
        ("spotify:track:0123456789abcdefABCDEF", "spotify:track:1123456789abcdefABCDEF", True),
        ("spotify:track:0123456789abcdefABCDEF", None, True),
    ],
    ids=["same recording", "another recording", "nothing matched"],
)
def test_an_imported_uri_pins_only_when_it_changes_the_recording(
    imported: str, matched: str | None, pins: bool
) -> None:
    row = decisions.imported_uri("s1-01", imported, matched, "2026-01-01T00:00:00+00:00")
    assert (row is not None) is pins
    if row:
        assert (row["status"], row["uri"]) == ("pinned", imported)


def test_differs_ignores_the_time_stamp() -> None:
    old = {"track_id": "s1-01", "status": "none", "updated_at": "yesterday"}
    assert not decisions.differs(old, {**old, "updated_at": "today"})
    assert decisions.differs(old, {**old, "status": "review"})
    assert decisions.differs(None, old)


# --- writes of a match run ------------------------------------------------------------------------


def test_a_warm_match_writes_nothing_and_asks_nothing(run, fake: FakeSpotify) -> None:
    catalogue.open_catalogue()
    with sqlite3.connect(paths.db_path()) as watcher:
        first = data_version(watcher)
        assert run("match").exit_code == 0
        cold = data_version(watcher)
        assert cold != first  # the watcher sees a run's writes
        fake.reset_log()
        assert run("match").exit_code == 0
        assert fake.log == []
        assert data_version(watcher) == cold  # nothing written, not even a time stamp


def test_run_match_changes_no_row_when_nothing_changed(fake: FakeSpotify) -> None:
    db = catalogue.open_catalogue()
    start = db.conn.total_changes
    matching.run_match(db, SpotifyService(), matching.Scope())
    before = db.conn.total_changes
    assert before > start
    outcomes, _, _ = matching.run_match(db, SpotifyService(), matching.Scope())
    assert [o.track_id for o in outcomes] == ["s2-01"]  # judged again, from the cache
    assert db.conn.total_changes == before


def test_a_run_that_changes_one_track_writes_one_row(fake: FakeSpotify) -> None:
    db = catalogue.open_catalogue()
    matching.run_match(db, SpotifyService(), matching.Scope())
    add_demian_da_capo(fake)
    written: list[str] = []
    original = decisions.store._write

    def spy(db_: Any, row: dict[str, Any]) -> None:
        written.append(row["track_id"])
        original(db_, row)

    decisions.store._write = spy  # type: ignore[assignment]
    try:
        db.execute("delete from search_cache")
        db.conn.commit()
        matching.run_match(db, SpotifyService(), matching.Scope(), refresh=True)
    finally:
        decisions.store._write = original  # type: ignore[assignment]
    assert written == ["s2-01"]


# --- a kill mid-save ------------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from ost import decisions
limit, count, original = int(sys.argv[1]), [0], decisions.store._write
def write(db, row):
    original(db, row)
    count[0] += 1
    if count[0] >= limit:
        os.kill(os.getpid(), signal.SIGKILL)
decisions.store._write = write
from ost.cli import cli
cli(["match"])
"""


@pytest.mark.parametrize("kill_after", [1, 4, 8, 99], ids=lambda n: f"after {n} rows")
def test_a_kill_mid_save_leaves_the_matches_before_or_after(
    fake: FakeSpotify, kill_after: int
) -> None:
    catalogue.open_catalogue()
    before = match_table()
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(kill_after)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    after = match_table()
    if kill_after <= 8:
        assert proc.returncode == -signal.SIGKILL
        assert before == []
        # Each track is saved in a transaction of its own: those before the kill are kept
        # whole, the one being saved when it came is not there at all.
        run_order = ["s1-01", "s1-02", "s1-03", "s1-04", "s1-05", "s1-06", "s1-07", "s2-01"]
        assert [row[0] for row in after] == run_order[: kill_after - 1]
        assert all(row[1] and row[4] for row in after)  # each with its status and reason
    else:
        assert proc.returncode == 0, proc.stderr
        assert len(after) == 8  # the whole run
    with sqlite3.connect(paths.db_path()) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_show_and_review_json_carry_the_evidence_parts(run, fake: FakeSpotify) -> None:
    add_demian_da_capo(fake)
    run("match")
    shown = json.loads(run("show", "s1-01", "--json").stdout)["match"]
    assert shown["status"] == "auto" and shown["artists_ko"] == ["규현"]  # existing keys kept
    parts = {p["name"]: p for p in shown["evidence"]}
    assert list(parts) == ["title", "artist", "date", "version", "album", "duration"]
    assert (parts["title"]["value"], parts["title"]["weight"]) == (1.0, 3.0)
    assert parts["artist"]["value"] == 1.0 and parts["artist"]["refusal"] is None
    weighted = sum(p["value"] * p["weight"] for p in parts.values())
    total = sum(p["weight"] for p in parts.values())
    assert round(weighted / total, 3) == shown["score"]  # the score is the parts' weighted mean
    [waiting] = json.loads(run("review", "--json").stdout)
    assert waiting["id"] == "s2-01"
    by_name = {p["name"]: p for p in waiting["evidence"]}
    assert by_name["artist"]["value"] == 1.0  # DEMIAN is one of the artist's names
    assert by_name["title"]["value"] == 1.0 and by_name["version"]["weight"] == 0.0
    assert all("evidence" in c for c in waiting["candidates"])


def test_importing_the_matched_uri_back_keeps_an_auto_match_auto(
    run, fake: FakeSpotify, tmp_path: Path
) -> None:
    run("match", "--season", "1")
    matched = json.loads(run("show", "s1-01", "--json").stdout)["match"]
    assert matched["status"] == "auto"
    same = tmp_path / "same.csv"
    same.write_text(
        f"season,title,artist,spotify_uri\n1,사랑은 말로 표현하는게 아니래요,규현,{matched['uri']}\n",
        encoding="utf-8",
    )
    assert run("import", str(same)).exit_code == 0
    assert json.loads(run("show", "s1-01", "--json").stdout)["match"]["status"] == "auto"
    other = tmp_path / "other.csv"
    other.write_text(same.read_text().replace(matched["uri"], "spotify:track:" + "7" * 22))
    assert run("import", str(other)).exit_code == 0
    now = json.loads(run("show", "s1-01", "--json").stdout)["match"]
    assert (now["status"], now["uri"]) == ("pinned", "spotify:track:" + "7" * 22)


# --- what review, status and a sync dry run ask of the tables --------------------------------


def _uri(n: int) -> str:
    return f"spotify:track:{n:022d}"


def test_review_status_and_sync_questions_are_answered_here() -> None:
    db = catalogue.open_catalogue()
    close = {"uri": _uri(2), "score": 0.35, "status": "none", "reason": "an older release"}
    with db.atomic():
        decisions.save_found(
            db,
            [
                decisions.found_row("s1-01", Status.AUTO, _uri(1), 0.9, "sure", {}, []),
                decisions.found_row("s1-02", Status.NONE, None, None, "close", {}, [close]),
                decisions.found_row("s1-03", Status.NONE, None, None, "nothing", {}, []),
            ],
        )
    decisions.reject(db, decisions.get(db, "s1-01") or {})
    assert [r["track_id"] for r in decisions.waiting(db)] == ["s1-02"]
    assert decisions.count_near_misses(db) == 1
    assert decisions.rejections(db, ["s1-01", "s1-02"]) == {"s1-01": decisions.Rejected({_uri(1)})}
    many = [_uri(n) for n in range(100, 1300)] + [_uri(1)]  # more than one chunk of URIs
    assert decisions.track_ids_for_uris(db, many) == {_uri(1): "s1-01"}
    counts = decisions.counts_by_season(db)
    season_1 = db.execute(
        "select count(*) from tracks where season = 1 and status != 'unverified'"
    ).fetchone()[0]
    s1, s2 = counts["soundtrack", 1], counts["soundtrack", 2]  # by show and season
    assert s1[Status.REJECTED] == 1 and s1[Status.NONE] == 2
    assert s1[decisions.UNMATCHED] == season_1 - 3
    assert set(s2) == {decisions.UNMATCHED}  # no row for season 2 yet
    assert decisions.last_change(db) is not None


# --- one row per service (migration m013) ----------------------------------------------------------

YT = ServiceName.YTMUSIC


def _both_services(db: Any) -> None:
    """s1-01 found on Spotify and on YouTube Music; s1-02 pinned on each; s1-03 only on YouTube."""
    close = {"uri": "ytclose0001", "score": 0.35, "status": "none", "reason": "an older release"}
    with db.atomic():
        decisions.save_found(
            db, [decisions.found_row("s1-01", Status.REVIEW, _uri(1), 0.7, "close", {}, [])]
        )
        decisions.save_found(
            db,
            [
                decisions.found_row(
                    "s1-01", Status.REVIEW, "ytvideo0001", 0.7, "close", {}, [], service=YT
                ),
                decisions.found_row(
                    "s1-03", Status.NONE, None, None, "near", {}, [close], None, YT
                ),
            ],
            service=YT,
        )
    decisions.pin(db, decisions.pinned_row("s1-02", _uri(2), "pinned by you"))
    decisions.pin(db, decisions.pinned_row("s1-02", "ytvideo0002", "pinned by you", None, YT))


def test_each_service_has_its_own_row_and_rejections() -> None:
    db = catalogue.open_catalogue()
    _both_services(db)
    spotify_before = decisions.stored(db)
    decisions.reject(db, decisions.get(db, "s1-01", YT) or {})
    decisions.unpin(db, "s1-02", YT)
    assert decisions.stored(db) == spotify_before  # Spotify's rows untouched
    assert decisions.get(db, "s1-01", YT)["status"] == Status.REJECTED  # type: ignore[index]
    assert decisions.get(db, "s1-02", YT) is None
    assert decisions.rejected(db, "s1-01", YT).uris == {"ytvideo0001"}
    assert decisions.rejected(db, "s1-01") == decisions.Rejected()  # nothing refused on Spotify
    assert decisions.track_ids_for_uris(db, ["ytvideo0001"], YT) == {"ytvideo0001": "s1-01"}
    assert decisions.track_ids_for_uris(db, ["ytvideo0001"]) == {}
    assert [r["track_id"] for r in decisions.waiting(db)] == ["s1-01"]
    assert [r["track_id"] for r in decisions.waiting(db, YT)] == ["s1-03"]
    assert decisions.statuses(db, YT) == {"s1-01": "rejected", "s1-03": "none"}
    assert decisions.counts_by_season(db, YT)["soundtrack", 1][Status.NONE] == 1


def test_a_row_built_for_one_service_is_never_saved_as_anothers() -> None:
    db = catalogue.open_catalogue()
    row = decisions.found_row("s1-01", Status.AUTO, "ytvideo0001", 0.9, "sure", {}, [], None, YT)
    with pytest.raises(ValueError, match="ytmusic saved as one of spotify"), db.atomic():
        decisions.save_found(db, [row])
    assert decisions.statuses(db, YT) == {} and decisions.statuses(db) == {}


def test_listings_show_each_services_match_in_one_row() -> None:
    db = catalogue.open_catalogue()
    _both_services(db)
    rows = {r["id"]: r for r in catalogue.iter_tracks(db, seasons=(1,))}
    assert len(rows) == len(list(catalogue.iter_tracks(db, seasons=(1,))))  # no track twice
    assert rows["s1-02"]["services"] == {
        "spotify": {
            "status": "pinned",
            "id": _uri(2),
            "url": f"https://open.spotify.com/track/{_uri(2).rsplit(':', 1)[1]}",
        },
        "ytmusic": {
            "status": "pinned",
            "id": "ytvideo0002",
            "url": "https://music.youtube.com/watch?v=ytvideo0002",
        },
    }
    assert rows["s1-01"]["services"]["ytmusic"] == {"status": "review", "id": None, "url": None}
    assert rows["s1-03"]["services"]["spotify"] == {"status": None, "id": None, "url": None}
    assert (rows["s1-02"]["match_status"], rows["s1-02"]["spotify_uri"]) == ("pinned", _uri(2))
    assert rows["s1-03"]["match_status"] is None  # Spotify's, as before


def test_a_database_from_before_m013_keeps_its_decisions_as_spotifys() -> None:
    import sqlite_utils

    from ost.db.schema import migrations

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m013_decisions_per_service")
    db["tracks"].insert(
        {"id": "s1-01", "season": 1, "title": "t", "status": "confirmed", "origin": "bundled"}
    )
    db["matches"].insert({"track_id": "s1-01", "status": "pinned", "uri": _uri(7)}, pk="track_id")
    db["rejections"].insert({"track_id": "s1-01", "uri": _uri(8), "rejected_at": "then"})
    db.close()
    db = catalogue.open_catalogue()
    assert decisions.get(db, "s1-01")["uri"] == _uri(7)  # type: ignore[index]
    assert decisions.rejected(db, "s1-01").uris == {_uri(8)}
    assert (
        decisions.get(db, "s1-01", YT) is None and decisions.rejected(db, "s1-01", YT).uris == set()
    )
    decisions.pin(db, decisions.pinned_row("s1-01", "ytvideo0007", "pinned by you", None, YT))
    assert decisions.get(db, "s1-01")["uri"] == _uri(7)  # type: ignore[index]
    assert db["matches"].pks == ["track_id", "service"]
    assert db["rejections"].pks == ["track_id", "service", "uri"]


def test_a_database_from_the_oldest_schema_is_keyed_per_service() -> None:
    import sqlite_utils

    from ost.db.schema import migrations

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m002_matching")
    db.close()
    db = catalogue.open_catalogue()
    assert db["matches"].pks == ["track_id", "service"]
    assert db["rejections"].pks == ["track_id", "service", "uri"]
    decisions.pin(db, decisions.pinned_row("s1-01", _uri(1), "pinned by you"))
    decisions.pin(db, decisions.pinned_row("s1-01", "ytvideo0001", "pinned by you", None, YT))
    assert {decisions.get(db, "s1-01", s)["uri"] for s in ServiceName} == {_uri(1), "ytvideo0001"}  # type: ignore[index]
