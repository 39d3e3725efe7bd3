"""`ost match` and the user's decisions end to end: the real spotipy client against the fake
Spotify Web API on 127.0.0.1 (tests/fakespotify/), seeded with the Soundtrack #1 OST and the
traps naive matchers fall into (Inst., karaoke, sped-up, piano, live, covers, other "My Love"s).

Request counts come from the fake's own log: what reached the wire, retries and token requests
included, not what ost believes it sent.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from fakespotify import (
    DEMIAN_DA_CAPO,
    PLAYLIST_SCOPES,
    REDIRECT_URI,
    FakeSpotify,
    LoggedRequest,
    add_demian_da_capo,
    pkce_challenge,
)
from helpers.terminal import run_on_terminal

from ost import catalogue, matching, paths
from ost.matching import decide, search
from ost.spotify import api as spotify_api
from ost.spotify.service import SpotifyService

# The right recording of each Soundtrack #1 song: its single (the compilation holds the same
# recordings later; the singles carry the catalogued release dates).
SINGLES = {
    "s1-01": "spotify:track:s1kyuhyun0000000000001",
    "s1-02": "spotify:track:s1parkboram00000000001",
    "s1-03": "spotify:track:s1davichi0000000000001",
    "s1-04": "spotify:track:s1kimjongkook000000001",
    "s1-05": "spotify:track:s1kimjaehwan0000000001",
    "s1-06": "spotify:track:s1standingegg000000001",
    "s1-07": "spotify:track:s1doyoung0000000000001",
}
COMPILATION_MY_LOVE = "spotify:track:s1ostkimjongkook000001"
COMPILATION_PARK_BO_RAM = "spotify:track:s1ostparkboram00000001"
HARMONIA_DA_CAPO = "spotify:track:decoydacapo00000000001"
TRACKS_IN_DEFAULT_SCOPE = [*SINGLES, "s2-01"]
OUTCOME_KEYS = {
    "id",
    "show",
    "title",
    "status",
    "uri",
    "score",
    "reason",
    "previous",
    "queries",
    "changed",
}


# --- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the retry code asks for (through ``Api.sleep``). A wait longer than a test can
    afford fails the test instead of hanging it."""
    waits: list[float] = []
    original = spotify_api.Api.__init__

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        assert seconds <= 5, f"ost would sleep {seconds} s"
        time.sleep(seconds)

    def init(self: spotify_api.Api, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.sleep = sleep

    monkeypatch.setattr(spotify_api.Api, "__init__", init)
    return waits


@pytest.fixture
def run(run, fake_spotify: FakeSpotify, ost_home: Path):
    """`run`, checking after every command that no secret it could know appeared in its output:
    the client secret in the environment, and every token the fake has seen or the login holds."""
    known: set[str] = {fake_spotify.client_secret}

    def invoke(*args: str):
        result = run(*args)
        known.update(_secrets_seen(fake_spotify, ost_home))
        leaked = [s for s in known if s and s in result.output]
        assert not leaked, f"`ost {' '.join(args)}` printed a secret"
        assert "Traceback" not in result.output
        return result

    return invoke


def _secrets_seen(fake: FakeSpotify, home: Path) -> set[str]:
    found = {e.auth for e in fake.log if e.auth}
    found |= {e.form["refresh_token"] for e in fake.log if e.form and "refresh_token" in e.form}
    if os.environ.get("SPOTIPY_CLIENT_SECRET"):
        found.add(os.environ["SPOTIPY_CLIENT_SECRET"])
    token_file = home / "spotify-token.json"
    try:
        stored = json.loads(token_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return found
    found |= {stored.get("access_token"), stored.get("refresh_token")} - {None}
    return found


def searches(fake: FakeSpotify) -> list[LoggedRequest]:
    return [e for e in fake.log if e.path == "/v1/search"]


def token_requests(fake: FakeSpotify) -> list[LoggedRequest]:
    return [e for e in fake.log if e.path == "/api/token"]


def queries(fake: FakeSpotify) -> list[str]:
    return [e.query["q"] for e in searches(fake)]


def tracks(run) -> dict[str, dict[str, Any]]:
    result = run("tracks", "--all", "--json")
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


def stored(run, track: str) -> dict[str, Any]:
    """The match row `ost show --json` reports for the track (it must have one)."""
    match: dict[str, Any] = json.loads(run("show", track, "--json").stdout)["match"]
    return match


def match_json(run, *args: str) -> list[dict[str, Any]]:
    result = run("match", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def login(fake: FakeSpotify, home: Path) -> dict[str, Any]:
    """What `ost login` leaves behind: an Authorization Code + PKCE token in the token file."""
    verifier = secrets.token_urlsafe(48)
    url = f"{fake.accounts_url}/authorize?" + urlencode(
        {
            "client_id": fake.client_id,
            "response_type": "code",
            "redirect_uri": REDIRECT_URI,
            "scope": PLAYLIST_SCOPES,
            "code_challenge": pkce_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    code = dict(parse_qsl(urlsplit(fake.user_authorize(url)).query))["code"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": fake.client_id,
        "code_verifier": verifier,
    }
    token = requests.post(f"{fake.accounts_url}/api/token", data=form, timeout=5).json()
    token.update(expires_at=int(time.time()) + token["expires_in"], client_id=fake.client_id)
    home.mkdir(parents=True, exist_ok=True)
    (home / "spotify-token.json").write_text(json.dumps(token), encoding="utf-8")
    (home / "spotify-token.json").chmod(0o600)  # as `ost login` keeps it (the umask may be 022)
    return token


def no_app_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPOTIPY_CLIENT_ID", raising=False)
    monkeypatch.delenv("SPOTIPY_CLIENT_SECRET", raising=False)


def one_line_error(result) -> str:
    """The failure, told in one line (after any notes about retries), exit status 1."""
    assert result.exit_code == 1, result.output
    *notes, last = result.output.strip().splitlines()
    assert last.startswith("Error: "), result.output
    assert all(n.startswith("note: ") for n in notes), result.output
    return last


# --- a cold run --------------------------------------------------------------------------------


def test_cold_match_picks_each_single_and_explains_the_missing_song(run, fake) -> None:
    result = run("match")
    assert result.exit_code == 0, result.output
    rows = tracks(run)
    for track_id, uri in SINGLES.items():
        # Not the Inst., karaoke, sped-up, piano or live versions, not the 2012 Kim Jong Kook
        # "My Love", not other artists' "My Love"s or covers: the single itself.
        assert (rows[track_id]["match_status"], rows[track_id]["spotify_uri"]) == ("auto", uri)
    assert rows["s2-01"]["match_status"] == "none" and rows["s2-01"]["spotify_uri"] is None
    reason = stored(run, "s2-01")["reason"]
    assert reason.startswith("Nothing acceptable on Spotify.")
    assert "Harmonia Chamber Orchestra" in reason and "손정혁" in reason  # why the closest lost
    assert "\n" not in reason
    assert "7 auto, 0 review, 1 none" in result.stderr
    assert "s1-u1" not in result.stdout  # unverified tracks only with --all


def test_details_are_stored_as_spotify_names_them_in_both_languages(run, fake) -> None:
    run("match", "--season", "1")
    m = stored(run, "s1-01")
    assert m["name_ko"] == "사랑은 말로 표현하는게 아니래요"
    assert m["name_en"] == "Love Beyond Words"
    assert m["artists_ko"] == ["규현"] and m["artists_en"] == ["KYUHYUN"]
    assert (m["album"], m["album_type"], m["release_date"]) == (
        "사운드트랙 #1 Part 1",
        "single",
        "2021-12-30",
    )
    assert (m["duration_ms"], m["isrc"]) == (236000, "KRZZZ2100001")
    assert m["score"] >= 0.9 and "규현" in m["reason"]
    assert stored(run, "s1-06")["isrc"] is None  # released without one: stored as unknown


def test_cold_run_costs_at_most_two_searches_a_track_and_no_query_twice(run, fake) -> None:
    result = run("match")
    found = searches(fake)
    assert len(found) <= 2 * len(TRACKS_IN_DEFAULT_SCOPE)
    assert len(set(queries(fake))) == len(found)  # never the same query twice in a run
    assert {e.language for e in found} == {"ko", "en"}
    assert all(int(e.query["limit"]) <= 10 and e.query["type"] == "track" for e in found)
    assert all(e.status == 200 for e in found)
    assert len(token_requests(fake)) == 1  # one token for the whole run
    # Besides: one lookup per chosen (or closest) recording, naming it in the other language.
    lookups = [e for e in fake.log if e.path.startswith("/v1/tracks/")]
    assert len(lookups) <= len(TRACKS_IN_DEFAULT_SCOPE)
    assert len(fake.log) == len(found) + len(lookups) + 1  # nothing else: no batch lookups
    assert f"Spotify requests: {len(fake.log)}," in result.stderr


def test_a_refreshed_run_sends_no_query_twice_either(run, fake) -> None:
    run("match")
    fake.reset_log()
    assert run("match", "--refresh").exit_code == 0
    assert queries(fake) and len(set(queries(fake))) == len(queries(fake))


def test_korean_and_english_queries_that_are_the_same_string_are_sent_once(run, fake) -> None:
    run("match", "--season", "2")
    assert queries(fake).count('track:"Da Capo"') == 1


def test_warm_run_sends_no_request_at_all(run, fake, monkeypatch) -> None:
    run("match")
    before = tracks(run)
    fake.reset_log()
    result = run("match")
    assert result.exit_code == 0
    assert fake.log == []  # no search, no token request
    assert "Spotify requests: 0" in result.stderr
    assert tracks(run) == before
    # Nothing to fetch, so no credentials are needed either.
    no_app_credentials(monkeypatch)
    assert run("match").exit_code == 0 and fake.log == []


def test_a_cache_written_before_renderings_carried_an_album_id_is_still_read(run, fake) -> None:
    run("match")
    before = tracks(run)
    db = catalogue.open_catalogue()
    with db.atomic():
        for key, response in db.execute("select key, response from search_cache").fetchall():
            older = [{k: v for k, v in r.items() if k != "album_id"} for r in json.loads(response)]
            db.execute(
                "update search_cache set response = ? where key = ?", [json.dumps(older), key]
            )
        db.execute("delete from matches")  # every track judged again, from those entries
    fake.reset_log()
    result = run("match")
    assert result.exit_code == 0 and fake.log == []  # nothing searched again
    assert tracks(run) == before


def test_cache_entries_expire_after_thirty_days(run, fake) -> None:
    run("match")
    db = catalogue.open_catalogue()
    db.execute("update search_cache set fetched_at = ?", [time.time() - 29 * 86400])
    db.conn.commit()
    fake.reset_log()
    run("match")
    assert fake.log == []
    db.execute("update search_cache set fetched_at = ?", [time.time() - 31 * 86400])
    db.conn.commit()
    run("match")
    # Only the unmatched track is searched again (the matched ones are not searched at all).
    assert set(queries(fake)) == {
        'track:"Da Capo" artist:"손정혁"',
        'track:"Da Capo" artist:"Son Jung-hyuk"',
        'track:"Da Capo"',
        # then the title with the artist's other names, up to MAX_QUERIES_PER_TRACK in all
        'track:"Da Capo" artist:"데미안"',
        'track:"Da Capo" artist:"DEMIAN"',
        'track:"Da Capo" artist:"K"',
        'track:"Da Capo" artist:"케이"',
    }


def test_tracks_json_shows_the_uri_of_accepted_matches_only(run, fake) -> None:
    assert all(r["match_status"] is None for r in tracks(run).values())
    add_demian_da_capo(fake)
    run("match")
    run("pin", "s1-02", COMPILATION_PARK_BO_RAM)
    run("accept", "s1-03")
    rows = tracks(run)
    assert rows["s1-01"]["match_status"] == "auto"
    assert rows["s1-02"]["spotify_uri"] == COMPILATION_PARK_BO_RAM
    assert rows["s1-02"]["match_status"] == "pinned"
    assert rows["s1-03"]["spotify_uri"] == SINGLES["s1-03"]
    assert rows["s1-03"]["match_status"] == "accepted"
    assert rows["s2-01"]["match_status"] == "review"
    assert rows["s2-01"]["spotify_uri"] is None  # proposed, not accepted


def test_json_output_shape(run, fake) -> None:
    result = run("match", "--json")
    outcomes = json.loads(result.stdout)  # stdout is the JSON alone; the summary is on stderr
    assert [o["id"] for o in outcomes] == TRACKS_IN_DEFAULT_SCOPE
    for o in outcomes:
        assert set(o) == OUTCOME_KEYS
        assert o["show"] == "soundtrack"
        assert o["previous"] is None and o["changed"] is True
        assert isinstance(o["queries"], int) and 1 <= o["queries"] <= search.MAX_QUERIES_PER_TRACK
        assert isinstance(o["reason"], str) and o["reason"]
    first = outcomes[0]
    assert (first["status"], first["uri"], first["title"]) == (
        "auto",
        SINGLES["s1-01"],
        "사랑은 말로 표현하는게 아니래요",
    )
    assert isinstance(first["score"], float)
    assert (outcomes[-1]["status"], outcomes[-1]["uri"], outcomes[-1]["score"]) == (
        "none",
        None,
        None,
    )
    assert "Looked for 8 tracks" in result.stderr
    again = match_json(run)  # only the unmatched track is looked at again, unchanged
    assert [(o["id"], o["previous"], o["changed"]) for o in again] == [("s2-01", "none", False)]


def test_season_and_all_scope(run, fake) -> None:
    assert [o["id"] for o in match_json(run, "--season", "2")] == ["s2-01"]
    assert all("Da Capo" in q for q in queries(fake))
    assert tracks(run)["s1-01"]["match_status"] is None
    fake.reset_log()
    outcomes = match_json(run, "--season", "1", "--all")
    assert [o["id"] for o in outcomes] == [*SINGLES, "s1-u1", "s1-u2"]
    assert not any("Da Capo" in q for q in queries(fake))


def test_dry_run_changes_nothing_in_the_catalogue(run, fake) -> None:
    result = run("match", "--dry-run")
    assert result.exit_code == 0
    assert "(would change)" in result.stdout and "Dry run: nothing saved." in result.stderr
    assert SINGLES["s1-01"] in result.stdout  # it does say what it would pick
    assert catalogue.open_catalogue().table("matches").count == 0
    assert all(r["match_status"] is None for r in tracks(run).values())


def test_refresh_searches_again_but_keeps_user_decisions(run, fake) -> None:
    run("match")
    run("accept", "s1-01")
    run("pin", "s1-02", COMPILATION_PARK_BO_RAM)
    fake.reset_log()
    result = run("match", "--refresh")
    assert result.exit_code == 0
    asked = queries(fake)
    assert len(asked) >= 2 * 6  # the five auto matches and the unmatched one, past the cache
    assert any("소녀 같은 맘" in q for q in asked)
    assert not any("사랑은 말로" in q or "행복해지고" in q for q in asked)  # decided: left alone
    rows = tracks(run)
    assert (rows["s1-01"]["match_status"], rows["s1-01"]["spotify_uri"]) == (
        "accepted",
        SINGLES["s1-01"],
    )
    assert (rows["s1-02"]["match_status"], rows["s1-02"]["spotify_uri"]) == (
        "pinned",
        COMPILATION_PARK_BO_RAM,
    )
    assert rows["s1-03"]["match_status"] == "auto"
    assert "2 already decided or matched" in result.stderr


def _saved(ost_home: Path) -> dict[str, str]:
    """Each track's stored status on Spotify, read as another process would."""
    db = sqlite3.connect(ost_home / "ost.db", timeout=30)
    try:
        query = "select track_id, status from matches where service = 'spotify'"
        return dict(db.execute(query).fetchall())
    finally:
        db.close()


@pytest.mark.parametrize(
    ("as_json", "refresh"), [(False, False), (True, False), (False, True)],
    ids=["lines", "json", "refresh"],
)  # fmt: skip
def test_ctrl_c_lists_the_tracks_saved_before_it(
    fake: FakeSpotify, ost_home: Path, as_json: bool, refresh: bool
) -> None:
    catalogue.open_catalogue()
    fake.latency = 0.05  # a few tenths of a second a track: time to interrupt it mid-run
    options = ["--json"] * as_json + ["--refresh"] * refresh
    command = [sys.executable, "-m", "ost", "match", "--season", "1", *options]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_saved(ost_home)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    saved = _saved(ost_home)
    assert proc.returncode == 130, err
    assert 2 <= len(saved) < len(SINGLES), saved  # interrupted mid-run, some tracks done
    assert "Traceback" not in err and "interrupted; the step in progress was not saved" in err
    if as_json:
        listed = {o["id"]: o["status"] for o in json.loads(out)}
    else:
        rows = [line.split()[:2] for line in out.splitlines() if line[:2] == "s1"]
        listed = dict((track_id, status) for track_id, status in rows)
    assert listed == saved  # exactly what was saved, as a normal run prints it
    auto = sum(status == "auto" for status in saved.values())
    summary = (
        f"{len(saved)} tracks saved before the interrupt ({auto} auto, "
        f"{sum(s == 'review' for s in saved.values())} review, "
        f"{sum(s == 'none' for s in saved.values())} none); "
        f"run `ost match{' --refresh' * refresh} --season 1` again to go on"
    )
    assert summary in err


# --- the user's decisions ----------------------------------------------------------------------


def test_reject_never_proposes_the_rejected_recording_again(run, fake) -> None:
    run("match")
    rejected: list[str] = []
    for _ in range(5):
        uri = stored(run, "s1-04")["uri"]
        if uri is None:
            break
        assert uri not in rejected
        result = run("reject", "s1-04")
        assert result.exit_code == 0 and uri in result.stdout
        assert tracks(run)["s1-04"]["match_status"] == "rejected"
        rejected.append(uri)
        assert run("match").exit_code == 0
    # The single, then nothing: rejecting a recording rejects it on every release (the
    # compilation carries the same ISRC), and the 2012 "My Love", the cover and other artists'
    # songs are never offered instead.
    assert rejected == [SINGLES["s1-04"]]
    row = catalogue.open_catalogue().table("matches").get(("s1-04", "spotify"))
    statuses = {c["uri"]: c["status"] for c in json.loads(row["candidates"])}
    assert statuses[COMPILATION_MY_LOVE] == "none"  # seen, and refused as the rejected recording
    final = stored(run, "s1-04")
    # The reason names the closest candidate not rejected: Kim Jong Kook's own 2012 "My Love".
    assert final["status"] == "none" and "released 2012-11-15" in final["reason"]
    my_love_searches = [q for q in queries(fake) if "My Love" in q or "마이 러브" in q]
    assert len(my_love_searches) <= search.MAX_QUERIES_PER_TRACK  # looked further, bounded
    assert one_line_error(run("reject", "s1-04")).endswith("has no proposed recording to reject")


def test_demian_da_capo_is_found_by_the_title_round_and_left_for_review(run, fake) -> None:
    add_demian_da_capo(fake)  # released in December 2023, under the singer's stage name
    outcome = {o["id"]: o for o in match_json(run)}["s2-01"]
    assert (outcome["status"], outcome["uri"]) == ("review", DEMIAN_DA_CAPO)
    assert outcome["queries"] > 2  # the first round (title + 손정혁) found nothing acceptable
    assert "데미안" in outcome["reason"]
    assert "artist credit is uncertain" in outcome["reason"]
    assert 'track:"Da Capo"' in queries(fake)
    m = stored(run, "s2-01")
    assert m["artists_ko"] == ["데미안"] and m["artists_en"] == ["DEMIAN"]

    review = json.loads(run("review", "--json").stdout)
    assert [r["id"] for r in review] == ["s2-01"]
    candidates = {c["uri"]: c for c in review[0]["candidates"]}
    assert candidates[HARMONIA_DA_CAPO]["status"] == "none"
    assert review[0]["candidates"][0]["uri"] == DEMIAN_DA_CAPO
    listing = run("review").stdout
    assert DEMIAN_DA_CAPO in listing and "ost accept s2-01" in listing

    fake.reset_log()
    result = run("accept", "s2-01")
    assert result.exit_code == 0 and DEMIAN_DA_CAPO in result.stdout
    assert fake.log == []  # the proposal is known: nothing to fetch
    row = tracks(run)["s2-01"]
    assert (row["match_status"], row["spotify_uri"]) == ("accepted", DEMIAN_DA_CAPO)
    assert json.loads(run("review", "--json").stdout) == []
    run("match", "--refresh")
    assert not any("Da Capo" in q for q in queries(fake))  # a decision is never searched over


def test_show_names_the_artists_of_the_recording_matched(run, fake) -> None:
    add_demian_da_capo(fake)
    run("match")
    line = next(x for x in run("show", "s2-01").stdout.splitlines() if "on spotify" in x)
    # the artist is what is uncertain here: the line names the release's credit, each name once
    assert line.split(None, 2)[2].startswith("Da Capo by 데미안 / DEMIAN — "), line


def test_accept_a_candidate_uri_needs_no_request(run, fake) -> None:
    add_demian_da_capo(fake)
    run("match")
    fake.reset_log()
    assert run("accept", "s2-01", HARMONIA_DA_CAPO).exit_code == 0
    assert fake.log == []
    m = stored(run, "s2-01")
    assert (m["status"], m["uri"], m["album"]) == (
        "accepted",
        HARMONIA_DA_CAPO,
        "다 카포: 바로크 앙코르",
    )


def test_accept_a_uri_that_was_no_candidate_looks_it_up(run, fake) -> None:
    run("match")
    fake.add_track(  # appears on Spotify after the searches were made
        "sonjunghyukdacapo00001",
        name="다 카포",
        name_en="Da Capo",
        artists=["손정혁"],
        artists_en=["Son Jung-hyuk"],
        album="사운드트랙 #2 OST",
        album_en="Soundtrack #2 (Original Soundtrack)",
        album_type="album",
        release_date="2023-12-20",
        duration_ms=201000,
    )
    fake.reset_log()
    link = "https://open.spotify.com/intl-ko/track/sonjunghyukdacapo00001?si=abc"
    result = run("accept", "da capo", link)
    assert result.exit_code == 0, result.output
    lookups = [e for e in fake.log if e.path.startswith("/v1/tracks/")]
    assert 1 <= len(lookups) <= 2
    assert {e.path for e in lookups} == {"/v1/tracks/sonjunghyukdacapo00001"}
    assert searches(fake) == [] and all(e.method == "GET" for e in lookups)
    m = stored(run, "s2-01")
    assert (m["status"], m["uri"]) == ("accepted", "spotify:track:sonjunghyukdacapo00001")
    assert (m["name_ko"], m["name_en"], m["album"]) == ("다 카포", "Da Capo", "사운드트랙 #2 OST")
    assert m["release_date"] == "2023-12-20" and m["duration_ms"] == 201000


def test_accept_refusals_are_one_line(run, fake) -> None:
    run("match")
    assert "has no proposed recording to accept" in one_line_error(run("accept", "s2-01"))
    line = one_line_error(run("accept", "s2-01", "spotify:track:nosuchtrack00000000001"))
    assert "404" in line
    assert "is not a Spotify track URI" in one_line_error(run("accept", "s2-01", "da capo"))
    assert stored(run, "s2-01")["status"] == "none"  # nothing changed by the refusals


def test_pin_and_unpin_work_offline(run, fake, monkeypatch) -> None:
    no_app_credentials(monkeypatch)
    pinned = "spotify:track:sonjunghyukdacapo00001"
    result = run("pin", "s2-01", pinned)
    assert result.exit_code == 0 and pinned in result.stdout
    assert fake.log == []
    row = tracks(run)["s2-01"]
    assert (row["match_status"], row["spotify_uri"]) == ("pinned", pinned)
    assert "is a Spotify album link, not a song's" in one_line_error(
        run("pin", "s1-01", "spotify:album:x")
    )

    monkeypatch.setenv("SPOTIPY_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", fake.client_secret)
    run("match", "--refresh")
    assert not any("Da Capo" in q for q in queries(fake))  # a pin is never searched over
    assert tracks(run)["s2-01"]["spotify_uri"] == pinned

    assert run("unpin", "s2-01").exit_code == 0
    assert tracks(run)["s2-01"]["match_status"] is None
    assert "is not pinned" in one_line_error(run("unpin", "s2-01"))
    fake.reset_log()
    run("match")
    assert any("Da Capo" in q for q in queries(fake))  # searched for again


# --- rate limits, server failures, tokens, timeouts --------------------------------------------


def test_short_rate_limit_is_waited_out(run, fake, slept) -> None:
    fake.inject("GET", r"^/v1/search", status=429, headers={"Retry-After": "0.1"})
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    assert slept == [0.1]  # exactly what the service asked for
    assert "note: Spotify is rate-limiting us; waiting 0.1 s" in result.stderr
    limited, retried = searches(fake)[:2]
    assert limited.status == 429 and retried.status == 200 and retried.query == limited.query
    assert {r["spotify_uri"] for r in tracks(run).values()} >= set(SINGLES.values())


def test_long_rate_limit_stops_at_once_and_keeps_what_was_done(run, fake, slept) -> None:
    # The sixth song's first search is refused for an hour; the five before it are matched.
    fake.inject("GET", r"^/v1/search\?.*Prettiest", status=429, headers={"Retry-After": "3600"})
    result = run("match")
    line = one_line_error(result)
    assert "3600 s" in line and "--max-wait 60" in line
    assert slept == []  # stopped at once, without waiting at all
    assert [r.status for r in searches(fake)].count(429) == 1  # and without asking again
    rows = tracks(run)
    done = ["s1-01", "s1-02", "s1-03", "s1-04", "s1-05"]
    assert [rows[t]["spotify_uri"] for t in done] == [SINGLES[t] for t in done]
    assert all(rows[t]["match_status"] is None for t in ("s1-06", "s1-07", "s2-01"))

    fake.reset_log()
    result = run("match")
    assert result.exit_code == 0
    assert "5 already decided or matched" in result.stderr
    asked = queries(fake)
    assert "Prettiest" in asked[0]
    titles_done = (
        "사랑은 말로",
        "Love Beyond",
        "행복해지고",
        "Want to Be",
        "소녀 같은",
        "Your Tender",
    )
    assert not any(t in q for q in asked for t in titles_done + ("My Love", "Talk To Me"))
    assert tracks(run)["s1-06"]["spotify_uri"] == SINGLES["s1-06"]


def test_max_wait_caps_what_a_rate_limit_may_impose(option_or_env, fake) -> None:
    fake.inject("GET", r"^/v1/search", status=429, headers={"Retry-After": "0.1"})
    line = one_line_error(option_or_env("--max-wait", "OST_MAX_WAIT", "0.05", "match"))
    assert "wait 0.1 s" in line and "--max-wait 0.05 s" in line
    assert len(searches(fake)) == 1  # no second try once it is over the cap


def test_server_errors_are_retried(run, fake, slept) -> None:
    fake.inject("GET", r"^/v1/search", status=503, times=2)
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    first = searches(fake)[:3]
    assert [e.status for e in first] == [503, 503, 200]
    assert len({e.query["q"] for e in first}) == 1
    assert "answered 503" in result.stderr
    assert slept == list(spotify_api.BACKOFF_S[:2])  # backed off before each retry
    assert all(r["match_status"] == "auto" for t, r in tracks(run).items() if t in SINGLES)


def test_a_server_that_keeps_failing_is_given_up_on_after_bounded_retries(run, fake) -> None:
    fake.inject("GET", r"^/v1/search\?.*Da\+Capo", status=502, times=None)
    line = one_line_error(run("match"))
    assert "502" in line
    failed = [e for e in searches(fake) if e.status == 502]
    assert len(failed) == spotify_api.MAX_ATTEMPTS
    assert all(tracks(run)[t]["match_status"] == "auto" for t in SINGLES)  # kept


@pytest.mark.parametrize("drop", ["before", "after"])
def test_dropped_connection_is_retried(run, fake, slept, drop) -> None:
    fake.inject("GET", r"^/v1/search", drop=drop)
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    dropped, retried = searches(fake)[:2]
    assert dropped.query == retried.query and retried.status == 200
    assert "retrying" in result.stderr and len(slept) == 1
    assert tracks(run)["s1-01"]["spotify_uri"] == SINGLES["s1-01"]


def test_a_refused_token_is_renewed_once(run, fake) -> None:
    fake.inject("GET", r"^/v1/search", status=401, body={"error": {"status": 401, "message": "x"}})
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    assert len(token_requests(fake)) == 2
    assert "renewing it" in result.stderr
    assert tracks(run)["s1-07"]["spotify_uri"] == SINGLES["s1-07"]


def test_a_token_refused_again_after_renewal_stops(run, fake) -> None:
    # Refused five times: a client that renewed for ever would get through (and fail the test)
    # rather than hang it.
    fake.inject("GET", r"^/v1/search", status=401, times=5)
    line = one_line_error(run("match"))
    assert "401" in line
    assert len(token_requests(fake)) == 2 and len(searches(fake)) == 2


def test_token_expiring_mid_run_is_renewed(fake) -> None:
    """The service stops accepting the token between two tracks of one run."""
    db = catalogue.open_catalogue()
    notes: list[str] = []

    factory = SpotifyService(notify=notes.append)

    def expire_after_first(outcome: matching.Outcome) -> None:
        if outcome.track_id == "s1-01":
            fake.expire_tokens()

    outcomes, stats, _ = matching.run_match(
        db, factory, matching.Scope(seasons=(1,)), progress=expire_after_first
    )
    assert [o.uri for o in outcomes] == list(SINGLES.values())
    assert len(token_requests(fake)) == 2
    assert [e.status for e in fake.log if e.status == 401] == [401]
    assert stats.requests == len(fake.log)
    assert any("renewing" in n for n in notes)


def test_stored_login_is_renewed_with_its_refresh_token(run, fake, monkeypatch, ost_home) -> None:
    no_app_credentials(monkeypatch)
    first = login(fake, ost_home)
    fake.reset_log()
    assert run("match", "--season", "1").exit_code == 0
    assert token_requests(fake) == []  # the stored token is still good
    assert {e.auth for e in searches(fake)} == {first["access_token"]}

    fake.expire_tokens()
    fake.reset_log()
    result = run("match", "--season", "1", "--refresh")
    assert result.exit_code == 0, result.output
    (renewal,) = token_requests(fake)
    assert (renewal.form or {}).get("grant_type") == "refresh_token"
    saved = json.loads(paths.token_path().read_text(encoding="utf-8"))
    assert saved["access_token"] != first["access_token"]
    assert saved["refresh_token"] == first["refresh_token"]  # kept: Spotify sent no new one
    assert saved["client_id"] == fake.client_id
    assert stat.S_IMODE(paths.token_path().stat().st_mode) == 0o600


def test_token_endpoint_error_then_ok(run, fake) -> None:
    fake.inject("POST", r"^/api/token", status=500)
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    assert [e.status for e in token_requests(fake)] == [500, 200]
    assert tracks(run)["s1-01"]["match_status"] == "auto"


def test_missing_credentials_is_one_line_pointing_to_the_readme(run, fake, monkeypatch) -> None:
    no_app_credentials(monkeypatch)
    line = one_line_error(run("match"))
    assert "SPOTIPY_CLIENT_ID" in line and "README" in line
    assert fake.log == []
    assert catalogue.open_catalogue().table("matches").count == 0


def test_an_unreadable_stored_login_is_one_line(run, fake, monkeypatch, ost_home) -> None:
    no_app_credentials(monkeypatch)
    ost_home.mkdir(parents=True, exist_ok=True)
    (ost_home / "spotify-token.json").write_text("{not json", encoding="utf-8")
    assert "ost login" in one_line_error(run("match"))
    assert fake.log == []


def test_invalid_client_secret_is_one_line_without_the_secret(run, fake, monkeypatch) -> None:
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "not-the-secret-4f1c")
    line = one_line_error(run("match"))
    assert "invalid_client" in line and "SPOTIPY_CLIENT_SECRET" in line
    assert "not-the-secret-4f1c" not in line
    assert searches(fake) == [] and len(token_requests(fake)) == 1  # refused: not retried


def test_a_slow_api_times_out_with_bounded_retries(run, fake, monkeypatch) -> None:
    monkeypatch.setattr(spotify_api, "TIMEOUT", (1, 0.5))
    fake.inject("GET", r"^/v1/search", delay=3, times=spotify_api.MAX_ATTEMPTS + 2)
    line = one_line_error(run("match"))
    assert "could not reach Spotify" in line and "ReadTimeout" in line
    assert len(searches(fake)) == spotify_api.MAX_TIMEOUTS


def test_a_slow_token_service_times_out_with_bounded_retries(run, fake, monkeypatch) -> None:
    monkeypatch.setattr(spotify_api, "TIMEOUT", (1, 0.5))
    fake.inject("POST", r"^/api/token", delay=3, times=spotify_api.MAX_ATTEMPTS + 2)
    line = one_line_error(run("match"))
    assert "token request" in line and "ReadTimeout" in line
    assert len(token_requests(fake)) == spotify_api.MAX_TIMEOUTS and searches(fake) == []


def test_an_unreachable_service_is_one_line(run, monkeypatch, slept) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("OST_SPOTIFY_API_URL", f"http://127.0.0.1:{port}/v1/")
    monkeypatch.setenv("OST_SPOTIFY_ACCOUNTS_URL", f"http://127.0.0.1:{port}")
    line = one_line_error(run("match"))
    assert "could not reach Spotify" in line
    assert len(slept) < spotify_api.MAX_ATTEMPTS  # bounded retries, each wait short


def test_secrets_are_never_printed_or_stored(run, fake, monkeypatch, ost_home) -> None:
    # Notes about renewals and retries, a JSON run, the stored login: the `run` fixture checks
    # each output; here every secret is also looked for in the database file.
    fake.inject("GET", r"^/v1/search", status=401)
    fake.inject("POST", r"^/api/token", status=503)
    outputs = [run("match", "--json").output, run("show", "s1-01", "--json").output]
    no_app_credentials(monkeypatch)
    login(fake, ost_home)
    fake.expire_tokens()
    outputs.append(run("match", "--refresh").output)
    known = _secrets_seen(fake, ost_home) | {fake.client_secret}
    assert len(known) >= 5  # client secret, three access tokens, a refresh token
    database = paths.db_path().read_bytes()
    for secret in known:
        assert secret.encode() not in database
        assert all(secret not in out for out in outputs)


# --- the core functions ------------------------------------------------------------------------


def test_run_match_saves_each_track_as_it_is_judged(fake) -> None:
    db = catalogue.open_catalogue()
    seen: list[tuple[str, str | None]] = []

    def progress(outcome: matching.Outcome) -> None:
        row = decide.match_row(db, outcome.track_id)
        seen.append((outcome.track_id, row["status"] if row else None))

    outcomes, stats, left_alone = matching.run_match(
        db, SpotifyService(), matching.Scope(), progress=progress
    )
    # saved (whole, in its own transaction) before the run goes on: a kill keeps it
    assert seen == [(o.track_id, o.status) for o in outcomes]
    saved = {r["track_id"]: r["status"] for r in db.table("matches").rows}
    assert saved == {o.track_id: o.status for o in outcomes}
    assert [o.track_id for o in outcomes] == TRACKS_IN_DEFAULT_SCOPE and left_alone == 0
    assert stats.requests == len(fake.log)


def test_run_match_dry_run_returns_outcomes_and_saves_none(fake) -> None:
    db = catalogue.open_catalogue()
    outcomes, _, _ = matching.run_match(db, SpotifyService(), matching.Scope(), dry_run=True)
    assert [o.uri for o in outcomes[:7]] == list(SINGLES.values())
    assert db.table("matches").count == 0


def query_rounds(track_id: str) -> list[list[tuple[str, str]]]:
    """The rounds of (language, query) `ost match` would send for the catalogue's track."""
    (target,) = matching.targets(catalogue.open_catalogue(), [track_id])
    return list(search.query_plan(target, SpotifyService()))


def test_query_plan_tries_the_artists_other_names_in_their_script() -> None:
    rounds = query_rounds("s2-01")
    assert rounds[3] == [("ko", 'track:"Da Capo" artist:"데미안"')]
    assert rounds[4] == [("en", 'track:"Da Capo" artist:"DEMIAN"')]
    assert ("en", 'track:"Da Capo" artist:"Demian"') not in [
        q for r in rounds for q in r
    ]  # same name


def test_query_plan_asks_with_the_artist_first_then_the_title_alone() -> None:
    rounds = query_rounds("s1-04")
    assert rounds[0] == [("ko", 'track:"My Love" artist:"김종국"')]
    assert rounds[1] == [("en", 'track:"My Love" artist:"Kim Jong Kook"')]
    assert rounds[2] == [("ko", 'track:"My Love"'), ("en", 'track:"My Love"')]
    assert rounds[3:] == [[("en", 'track:"마이 러브"')], [("en", 'track:"My Love (마이 러브)"')]]


def test_searcher_answers_from_the_cache_without_credentials(fake, monkeypatch) -> None:
    db = catalogue.open_catalogue()
    warm = matching.Searcher(db, SpotifyService(), None, refresh=False)
    language, items = warm.search('track:"Da Capo"', "en")
    assert language == "en" and [i.id for i in items] == [HARMONIA_DA_CAPO]

    def no_api(**_: Any) -> spotify_api.Api:
        raise AssertionError("the cache should have answered")

    with monkeypatch.context() as no_credentials:
        no_credentials.setattr(spotify_api, "Api", no_api)
        cached = matching.Searcher(db, SpotifyService(), None, refresh=False)
        assert cached.search('track:"Da Capo"', "en") == ("en", items)
    assert (cached.stats.requests, cached.stats.cached) == (0, 1)
    other_language = matching.Searcher(db, SpotifyService(), None, refresh=False)
    other_language.search('track:"Da Capo"', "ko")  # a key of its own: asked for
    other_market = matching.Searcher(db, SpotifyService(), "KR", refresh=False)
    other_market.search('track:"Da Capo"', "en")
    assert [e.query.get("market") for e in searches(fake)] == [None, None, "KR"]
    assert [e.language for e in searches(fake)] == ["en", "ko", "en"]


def test_accepting_a_recording_the_scorer_refuses_says_so(run, fake) -> None:
    run("match")
    result = run("accept", "s1-04", HARMONIA_DA_CAPO)
    assert result.exit_code == 0
    assert "note: ost's scorer would not have chosen it:" in result.stderr
    assert tracks(run)["s1-04"]["spotify_uri"] == HARMONIA_DA_CAPO  # the user's decision stands


def test_when_every_candidate_was_rejected_the_reason_says_so(run, fake) -> None:
    run("match", "--season", "2")
    db = catalogue.open_catalogue()
    db.table("rejections").insert(
        {"track_id": "s2-01", "uri": HARMONIA_DA_CAPO, "rejected_at": "now"}
    )
    db.conn.commit()
    run("match", "--season", "2", "--refresh")
    detail = json.loads(run("show", "s2-01", "--json").stdout)
    assert detail["match"]["reason"] == "every candidate found was rejected before"


def test_a_terminal_gets_a_progress_bar(fake, ost_home) -> None:
    env = {"OST_HOME": str(ost_home), "COLUMNS": "100"}
    proc, text = run_on_terminal(["match", "--season", "1"], env, streams=("stderr",))
    assert proc.returncode == 0
    assert "Matching" in text and "100%" in text
    assert b"Matching" not in proc.stdout  # the bar goes to the terminal's stderr only


def test_a_note_while_the_progress_bar_is_drawn_goes_on_its_own_line(fake, ost_home) -> None:
    """The trial's "0%note: Spotify is rate-limiting us…": the bar's line is ended first."""
    fake.inject("GET", r"^/v1/search", status=429, headers={"Retry-After": "0.1"})
    env = {"OST_HOME": str(ost_home), "COLUMNS": "100"}
    proc, text = run_on_terminal(["match", "--season", "1"], env, streams=("stderr",))
    assert proc.returncode == 0
    lines = [line for line in text.splitlines() if "note: " in line]
    assert lines and "rate-limiting" in lines[0]
    for line in lines:  # nothing the terminal still shows stands before the note
        before = line[: line.index("note: ")].split("\r")[-1]
        assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", before) == "", repr(line)
    assert "Matching" in text and "100%" in text


# --- a spent quota (429 QUOTA_EXCEEDED, 2026) ----------------------------------------------------


def test_spent_quota_stops_at_once_and_keeps_what_was_done(run, fake, slept) -> None:
    fake.spend_quota(r"^/v1/search\?.*Prettiest")  # no Retry-After, as Spotify often sends it
    result = run("match")
    line = one_line_error(result)
    assert result.exit_code == 1
    assert "quota is spent" in line and "did not say when" in line
    assert slept == []
    assert sum(1 for r in searches(fake) if r.status == 429) == 1  # not retried
    rows = tracks(run)
    done = ["s1-01", "s1-02", "s1-03", "s1-04", "s1-05"]
    assert [rows[t]["spotify_uri"] for t in done] == [SINGLES[t] for t in done]


def test_spent_quota_says_when_the_service_does(run, fake, slept) -> None:
    fake.spend_quota(retry_after=7200)
    line = one_line_error(run("match"))
    assert "quota is spent" in line and "7200 s (about 2 h)" in line
    assert slept == [] and len(searches(fake)) == 1


# --- answers and cache entries ost cannot read ---------------------------------------------------


def test_search_items_that_are_not_tracks_are_refused_before_caching(run, fake) -> None:
    body = {"tracks": {"items": ["a track", {"name": 7}], "total": 2, "limit": 10, "offset": 0}}
    fake.inject("GET", r"^/v1/search", status=200, body=body)
    line = one_line_error(run("match", "--season", "1"))
    assert "not track objects" in line
    db = catalogue.open_catalogue()
    assert db.execute("select count(*) from search_cache").fetchone()[0] == 0
    result = run("match", "--season", "1")  # nothing poisoned: the next run matches
    assert result.exit_code == 0
    assert tracks(run)["s1-01"]["spotify_uri"] == SINGLES["s1-01"]


@pytest.mark.parametrize("entry", ["[1, 2]", "not json", '{"items": []}', '[{"uri": 5}]'])
def test_an_unreadable_cache_entry_is_dropped_and_fetched_again(run, fake, entry) -> None:
    assert run("match", "--season", "1").exit_code == 0
    db = catalogue.open_catalogue()
    with db.atomic():
        db.execute("update search_cache set response = ?", [entry])
        db.execute("delete from matches")  # matched again, from the cache where it can be read
    fake.reset_log()
    result = run("match", "--season", "1")
    assert result.exit_code == 0, result.output
    assert len(searches(fake)) > 0
    cached = [r[0] for r in db.execute("select response from search_cache")]
    assert entry not in cached


def test_searcher_sends_a_query_once_a_run_even_past_the_cache(fake) -> None:
    db = catalogue.open_catalogue()
    searcher = matching.Searcher(db, SpotifyService(), None, refresh=True)
    first = searcher.search('track:"Da Capo"', "ko")
    assert searcher.search('track:"Da Capo"', "en") == first  # the same string: not sent again
    assert searcher.search('track:"Da Capo"', "ko") == first
    assert len(searches(fake)) == 1 and searcher.stats.requests == 2  # a token, one search


@pytest.mark.parametrize("market", ["ZZZ", "K", "k1", "한국"])
def test_a_market_must_be_a_two_letter_country_code(option_or_env, market) -> None:
    result = option_or_env("--market", "OST_MARKET", market, "match", "--dry-run")
    assert result.exit_code == 2
    blamed = "OST_MARKET (from the environment)" if option_or_env.by_env else "'--market'"
    assert f"Invalid value for {blamed}" in result.output and "two letters" in result.output
