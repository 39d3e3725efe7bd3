"""Loading and refreshing the bundled catalogue; migrations; what the data files hold."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers.catalogue import edit_text

from ost import catalogue, paths
from ost.catalogue import bundle, queries
from ost.db import open_db
from ost.db.schema import migrations
from ost.errors import InputError

CONFIRMED_S1 = ["s1-01", "s1-02", "s1-03", "s1-04", "s1-05", "s1-06", "s1-07"]


# A track the user added (as `ost import` writes one), and the one field they set.
USER_TRACK = {
    "id": "s1-user1",
    "season": 1,
    "title": "mine",
    "status": "confirmed",
    "origin": "user",
    "user_fields": '["title"]',
}


def test_bundled_catalogue_holds_every_confirmed_track() -> None:
    db = catalogue.open_catalogue()
    rows = list(catalogue.iter_tracks(db))
    assert [r["id"] for r in rows] == CONFIRMED_S1 + ["s2-01"]
    assert [r["order"] for r in rows[:7]] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[0]["title"] == "사랑은 말로 표현하는게 아니래요"
    assert rows[0]["artists"] == ["규현"] and rows[0]["artists_en"] == ["KYUHYUN"]
    assert rows[-1]["title"] == "Da Capo" and rows[-1]["order"] is None


def test_uncertain_facts_are_marked_not_asserted() -> None:
    db = catalogue.open_catalogue()
    by_id = {r["id"]: r for r in catalogue.iter_tracks(db, include_unverified=True)}
    assert by_id["s1-06"]["release_date"] is None  # only an announcement was seen
    assert {"title", "release_date"} <= set(by_id["s1-06"]["uncertain"])
    assert "title_en" in by_id["s1-07"]["uncertain"]
    assert "artists" in by_id["s2-01"]["uncertain"]
    assert by_id["s2-01"]["release_date"] is None
    assert {by_id["s1-u1"]["status"], by_id["s1-u2"]["status"]} == {"unverified"}


def test_every_track_has_sources_and_no_streaming_id_is_invented() -> None:
    db = catalogue.open_catalogue()
    for row in catalogue.iter_tracks(db, include_unverified=True):
        detail = catalogue.track_detail(db, row["id"])
        assert detail["sources"], row["id"]
        assert all(s.startswith("http") for s in detail["sources"])
        assert row["spotify_uri"] is None


def test_refresh_keeps_user_fields_and_user_tracks(data_copy: Path) -> None:
    db_file = paths.db_path()
    db = catalogue.open_catalogue(db_file, data_copy)
    db["tracks"].update("s1-04", {"episodes": "[2]", "user_fields": '["episodes"]'})
    db["tracks"].insert(USER_TRACK)
    # A newer ost changes the bundled data: a corrected English title and an episode list.
    edit_text(
        data_copy / "soundtrack-1.toml",
        ('title_en = "Talk To Me"', 'title_en = "Talk to Me"'),
        ("release_date = 2022-01-27\n", "release_date = 2022-01-27\nepisodes = [1]\n"),
    )
    db = catalogue.open_catalogue(db_file, data_copy)
    assert db["tracks"].get("s1-05")["title_en"] == "Talk to Me"
    assert json.loads(db["tracks"].get("s1-04")["episodes"]) == [2]  # the user's value wins
    assert db["tracks"].get("s1-user1")["title"] == "mine"


def test_refresh_drops_removed_bundled_tracks_unless_user_decided(data_copy: Path) -> None:
    db_file = paths.db_path()
    db = catalogue.open_catalogue(db_file, data_copy)
    db["matches"].insert({"track_id": "s1-u2", "status": "pinned", "uri": "spotify:track:x"})
    path = data_copy / "soundtrack-1.toml"
    text = path.read_text(encoding="utf-8")
    cut = text.index('[[tracks]]\nid = "s1-u1"')
    path.write_text(text[:cut], encoding="utf-8")  # drops s1-u1 and s1-u2
    db = catalogue.open_catalogue(db_file, data_copy)
    ids = {r["id"] for r in db["tracks"].rows}
    assert "s1-u1" not in ids
    assert "s1-u2" in ids  # pinned by the user: kept


def test_unchanged_bundle_is_not_reloaded(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue.open_catalogue(paths.db_path(), data_copy)
    monkeypatch.setattr(bundle, "refresh", lambda *a: pytest.fail("refreshed again"))
    db = catalogue.open_catalogue(paths.db_path(), data_copy)
    assert db["tracks"].count >= 8


SERVICES_AND_SHOWS = ["m013_decisions_per_service", "m014_shows", "m015_playlists_per_service"]


def test_migrations_from_a_blank_database() -> None:
    db = open_db(paths.db_path())
    applied = [m.name for m in migrations.applied(db)]
    assert applied == [m.name for m in migrations._migrations]
    assert [m for m in applied if m in SERVICES_AND_SHOWS] == SERVICES_AND_SHOWS  # in this order
    assert {"tracks", "matches", "search_cache", "remote_playlists", "library_files"} <= set(
        db.table_names()
    )


def _schema(db) -> list[tuple[str, str, str]]:
    """Every table's and index's SQL, as SQLite keeps it."""
    return sorted(
        db.execute(
            "select type, name, sql from sqlite_master where name not like 'sqlite_%'"
        ).fetchall()
    )


def _applied_without(*left_out: str) -> None:
    """A database made by an ost that did not know ``left_out`` (the migration set of the same
    name, every other migration up to m015 applied, in order: that ost knew no later one)."""
    import sqlite_utils

    older = sqlite_utils.Migrations(migrations.name)
    for m in migrations._migrations:
        if m.name not in left_out and m.name < "m016":
            older(name=m.name)(m.fn)
    db = sqlite_utils.Database(paths.db_path())
    older.apply(db)
    db.close()


def test_a_database_made_before_shows_gets_m014_after_m015_and_keeps_both_services(
    tmp_path: Path,
) -> None:
    """What main made before issue 19 (m013 and m015 applied, m014 not) opens: m014 runs last,
    every service's decisions and playlists stay, and the schema is a new database's."""
    from ost import decisions
    from ost.service import ServiceName

    _applied_without("m014_shows")
    db = sqlite3.connect(paths.db_path())
    db.execute("insert into tracks (id, season, title, status, origin) values (?, 1, ?, ?, ?)",
               ["s1-user1", "mine", "confirmed", "user"])  # fmt: skip
    db.executemany(
        "insert into matches (track_id, service, status, uri) values (?, ?, 'pinned', ?)",
        [
            ("s1-user1", "spotify", "spotify:track:" + "a" * 22),
            ("s1-user1", "ytmusic", "fakeVid0001"),
        ],
    )
    db.execute("insert into remote_playlists (service, name, playlist_id) values (?, ?, ?)",
               ["ytmusic", "soundtrack-1", "PLfake0001"])  # fmt: skip
    db.commit()
    db.close()
    cat = catalogue.open_catalogue()
    assert [m.name for m in migrations.applied(cat) if m.name in SERVICES_AND_SHOWS] == [
        "m013_decisions_per_service",
        "m015_playlists_per_service",
        "m014_shows",
    ]
    assert cat["tracks"].get("s1-user1")["show"] == "soundtrack"
    uris = {s: (decisions.get(cat, "s1-user1", s) or {}).get("uri") for s in ServiceName}
    assert uris == {
        ServiceName.SPOTIFY: "spotify:track:" + "a" * 22,
        ServiceName.YTMUSIC: "fakeVid0001",
    }
    kept = cat.execute("select service, name, playlist_id from remote_playlists").fetchall()
    assert kept == [("ytmusic", "soundtrack-1", "PLfake0001")]
    assert _schema(cat) == _schema(open_db(tmp_path / "new.db"))


def test_a_database_made_with_shows_before_services_gets_m013_and_m015(tmp_path: Path) -> None:
    """The other order (m014 applied, m013 and m015 not) opens as well, to the same schema."""
    _applied_without("m013_decisions_per_service", "m015_playlists_per_service")
    db = catalogue.open_catalogue()
    assert [m.name for m in migrations.applied(db) if m.name in SERVICES_AND_SHOWS] == [
        "m014_shows",
        "m013_decisions_per_service",
        "m015_playlists_per_service",
    ]
    assert _schema(db) == _schema(open_db(tmp_path / "new.db"))


def test_upgrade_from_the_first_schema_keeps_user_data(tmp_path: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m002_matching")
    assert "matches" not in db.table_names()
    db["tracks"].insert(USER_TRACK)
    db.close()
    db = catalogue.open_catalogue()
    assert "matches" in db.table_names()
    assert db["tracks"].get("s1-user1")["title"] == "mine"
    assert db["tracks"].count == 11  # 10 bundled + the user's
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    assert _schema(db) == _schema(open_db(tmp_path / "new.db"))  # a new database's, exactly


def test_a_database_made_before_discovery_per_service_keeps_its_albums_as_spotifys(
    tmp_path: Path,
) -> None:
    """What main made before m016 (every migration up to m015): the albums, verdicts and
    discovered songs it holds were found on Spotify, and stay so; the schema is a new one's."""
    _applied_without()
    db = sqlite3.connect(paths.db_path())
    db.execute("insert into spotify_albums (id, name) values ('a' || 'x', 'Soundtrack #1 OST')")
    db.execute("insert into album_verdicts (show, season, album_id, accepted) "
               "values ('soundtrack', 1, 'ax', 1)")  # fmt: skip
    db.commit()
    db.close()
    cat = catalogue.open_catalogue()
    assert "m016_discovery_per_service" in [m.name for m in migrations.applied(cat)]
    assert cat.execute("select service from spotify_albums").fetchall() == [("spotify",)]
    assert cat.execute("select service from album_verdicts").fetchall() == [("spotify",)]
    assert _schema(cat) == _schema(open_db(tmp_path / "new.db"))


def test_a_broken_data_file_names_the_file_and_key(data_copy: Path) -> None:
    path = data_copy / "soundtrack-2.toml"
    edit_text(path, ('artists = ["son-jung-hyuk"]', 'artists = ["nobody"]'))
    with pytest.raises(
        InputError, match=r"soundtrack-2\.toml: \[\[tracks\]\] #1: unknown artist 'nobody'"
    ):
        bundle.load_bundle(data_copy)
    path.write_text("[season\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"soundtrack-2\.toml: .*line 1"):
        bundle.load_bundle(data_copy)


def test_seasons_facts() -> None:
    rows = {r["season"]: r for r in catalogue.season_rows(catalogue.open_catalogue())}
    assert rows[1]["premiere"] == "2022-03-23" and rows[1]["episodes"] == 4
    assert rows[2]["premiere"] == "2023-12-06" and rows[2]["episodes"] == 6
    assert rows[1]["tracks"] == 7 and rows[1]["unverified_tracks"] == 2
    assert rows[2]["tracks"] == 1
    assert any(c["character_en"] == "K" for c in rows[2]["cast"])


def test_season_window_spans_the_shows_time() -> None:
    from datetime import date

    start, end = catalogue.season_window(catalogue.open_catalogue(), 1)
    assert start < date(2021, 12, 30) < date(2022, 4, 13) < end
    assert (date(2022, 3, 23) - start).days == queries.WINDOW_BEFORE_DAYS


def test_database_lives_under_ost_home(ost_home: Path) -> None:
    catalogue.open_catalogue()
    assert (ost_home / "ost.db").is_file()
    with sqlite3.connect(ost_home / "ost.db") as conn:
        assert conn.execute("select count(*) from tracks").fetchone()[0] == 10


def test_ost_home_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    home = tmp_path / "fresh" / "ost"
    monkeypatch.setenv("OST_HOME", str(home))
    old = os.umask(0)
    try:
        paths.home()
    finally:
        os.umask(old)
    assert home.stat().st_mode & 0o777 == 0o700


def test_upgrade_from_the_third_schema_keeps_rejections() -> None:
    import sqlite_utils

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m004_rejected_isrc")
    db.table("rejections").insert(
        {"track_id": "s1-04", "uri": "spotify:track:x", "rejected_at": "t"}
    )
    db.close()
    db = catalogue.open_catalogue()
    row = db.table("rejections").get(("s1-04", "spotify", "spotify:track:x"))  # Spotify's (m013)
    assert row["isrc"] is None and row["rejected_at"] == "t"


def test_a_damaged_database_is_one_line(run, ost_home: Path) -> None:
    ost_home.mkdir(parents=True, exist_ok=True)
    (ost_home / "ost.db").write_bytes(b"this is not sqlite" * 100)
    result = run("tracks")
    assert result.exit_code == 1
    assert "ost.db: not a usable ost database" in result.output and "Traceback" not in result.output


def test_ost_home_that_is_a_file_is_one_line(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plain-file").write_text("x")
    monkeypatch.setenv("OST_HOME", str(tmp_path / "plain-file"))
    result = run("tracks")
    assert result.exit_code == 1 and "is not a folder" in result.output


def test_a_spotify_playlist_remembered_before_m015_stays_remembered_as_spotifys() -> None:
    import sqlite_utils

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m015_playlists_per_service")
    db["remote_playlists"].insert(
        {"name": "soundtrack-1", "spotify_id": "abc", "snapshot_id": "s1", "uris": '["u"]'}
    )
    db.close()
    db = catalogue.open_catalogue()
    [row] = db.query("select * from remote_playlists")
    assert (row["service"], row["name"], row["playlist_id"]) == ("spotify", "soundtrack-1", "abc")
    assert (row["snapshot_id"], row["uris"], row["stand_ins"]) == ("s1", '["u"]', None)
    assert db["remote_playlists"].pks == ["service", "name"]
