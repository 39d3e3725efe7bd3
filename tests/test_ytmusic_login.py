"""`ost login --service ytmusic --headers FILE`, `ost logout --service ytmusic` and what `ost status`
says of YouTube Music: the pasted headers checked before anything is kept, kept 0600 under the
same rules as Spotify's token, never shown."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from fakeytmusic import FakeYTMusicService, raw_headers

from ost import catalogue, decisions, paths
from ost.service import ServiceName
from ost.ytmusic.auth import HeadersFile

YT = ServiceName.YTMUSIC
SECRETS = ("fakeSAPISID0001", "SAPISIDHASH", "fakeSessionId")


def login(run, text: str, tmp_path: Path):
    pasted = tmp_path / "headers.txt"
    pasted.write_text(text, encoding="utf-8")
    return run("login", "--service", "ytmusic", "--headers", str(pasted))


def no_secret_in(output: str) -> None:
    for secret in SECRETS:
        assert secret not in output


def test_pasted_headers_are_kept_0600_and_never_shown(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path
) -> None:
    result = login(run, raw_headers(), tmp_path)
    assert result.exit_code == 0, result.output
    assert "Logged in to YouTube Music as Fan 1" in result.output
    no_secret_in(result.output)
    path = paths.ytmusic_login_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kept = json.loads(HeadersFile().load() or "")
    assert "__Secure-3PAPISID=" in kept["cookie"] and kept["authorization"].startswith("SAPISID")
    status = run("status")
    assert "ytmusic      login stored for Fan 1" in status.output
    no_secret_in(status.output + run("status", "--json").output)
    assert json.loads(run("status", "--json").output)["ytmusic"]["login"]["stored"] is True


def test_headers_from_standard_input(run, fake_ytmusic: FakeYTMusicService) -> None:
    result = run("login", "--service", "ytmusic", "--headers", "-", input=raw_headers())
    assert result.exit_code == 0, result.output
    assert HeadersFile().load() is not None


def test_standard_input_is_read_no_further_than_a_login_can_be(run) -> None:
    result = run("login", "--service", "ytmusic", "--headers", "-", input="x" * 200_000)
    assert result.exit_code == 1 and "over the 65536 byte limit" in result.output
    assert not HeadersFile().present()


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        ({"cookie": True}, "cookie"),
        ({"x_goog_authuser": True}, "x-goog-authuser"),
        ({"authorization": True}, "authorization"),
        ({"cookie": True, "authorization": True}, "cookie, authorization"),
    ],
)
def test_a_paste_without_a_needed_header_is_one_line_naming_it(
    run, tmp_path: Path, dropped: dict[str, bool], named: str
) -> None:
    result = login(run, raw_headers(**dropped), tmp_path)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"the headers lack {named};" in line and "/browse" in line and "README" in line
    no_secret_in(line)
    assert not HeadersFile().present()


def as_curl(headers: str, cookie_option: bool) -> str:
    """A request as a browser's "Copy as cURL (bash)" writes it: one ``-H '...'`` a header on
    continued lines; Chrome gives the cookie as ``-b '...'``, Firefox as a header."""
    words = ["curl 'https://music.youtube.com/youtubei/v1/browse?prettyPrint=false'"]
    for line in headers.splitlines():
        name, _, value = line.partition(": ")
        if name == "cookie" and cookie_option:
            words.append(f"-b '{value}'")
        else:
            words.append(f"-H '{name}: {value}'")
    words.append("""--data-raw '{"context":{}}'""")
    return " \\\n  ".join(words) + "\n"


@pytest.mark.parametrize("cookie_option", [False, True], ids=["firefox", "chrome"])
def test_a_request_copied_as_curl_is_read_for_its_headers(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path, cookie_option: bool
) -> None:
    result = login(run, as_curl(raw_headers(), cookie_option), tmp_path)
    assert result.exit_code == 0, result.output
    assert "Logged in to YouTube Music as Fan 1" in result.output
    no_secret_in(result.output)
    kept = json.loads(HeadersFile().load() or "")
    assert "__Secure-3PAPISID=" in kept["cookie"] and kept["authorization"].startswith("SAPISID")


def test_a_curl_paste_without_a_needed_header_names_it(run, tmp_path: Path) -> None:
    result = login(run, as_curl(raw_headers(authorization=True), False), tmp_path)
    assert result.exit_code == 1 and "the headers lack authorization;" in result.output
    no_secret_in(result.output)
    assert not HeadersFile().present()


def test_a_cookie_of_no_logged_in_tab_is_refused(run, tmp_path: Path) -> None:
    text = raw_headers().replace("__Secure-3PAPISID=", "OTHER=")
    result = login(run, text, tmp_path)
    assert result.exit_code == 1 and "lacks __Secure-3PAPISID" in result.output
    assert not HeadersFile().present()


def test_headers_the_service_no_longer_accepts_are_not_kept(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path
) -> None:
    fake_ytmusic.end_session(401)
    result = login(run, raw_headers(), tmp_path)
    assert result.exit_code == 1 and "Copy fresh request headers" in result.output
    assert "Nothing was kept" in result.output and not HeadersFile().present()


def test_logout_forgets_the_headers(run, fake_ytmusic: FakeYTMusicService, tmp_path: Path) -> None:
    login(run, raw_headers(), tmp_path)
    result = run("logout", "--service", "ytmusic")
    assert "the stored YouTube Music login is deleted" in result.output
    assert not paths.ytmusic_login_path().exists()
    assert "ytmusic      no login: matching needs none" in run("status").output
    assert "Not logged in to YouTube Music" in run("logout", "--service", "ytmusic").output


def test_stored_headers_open_to_others_or_through_a_link_are_not_used(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path
) -> None:
    login(run, raw_headers(), tmp_path)
    path = paths.ytmusic_login_path()
    path.chmod(0o644)
    status = run("status")
    assert "ytmusic      login unusable:" in status.output and "mode 0644" in status.output
    db = catalogue.open_catalogue()
    with db.atomic():  # something to sync, so that the login is needed
        vid = min(fake_ytmusic.songs[0].right)
        decisions.pin(
            db, decisions.pinned_row(fake_ytmusic.songs[0].track_id, vid, "yours", service=YT)
        )
    fake_ytmusic.forget_calls()
    result = run("playlist", "sync", "--season", "1", "--service", "ytmusic")
    assert result.exit_code == 1 and f"chmod 600 {path}" in result.output
    assert fake_ytmusic.calls() == []  # not used
    elsewhere = tmp_path / "elsewhere.json"
    path.rename(elsewhere)
    os.symlink(elsewhere, path)
    assert "is a symbolic link" in run("status").output
    assert "ost login --service ytmusic --headers FILE" in run("status").output


def test_status_tells_a_user_without_a_spotify_app_that_youtube_music_needs_no_account(
    run,
) -> None:
    data = json.loads(run("status", "--json").output)
    assert data["ytmusic"] == {
        "login": {"stored": False, "user": None, "problem": None},
        "matching_needs_login": False,
        "last_sync": None,
    }
    assert any("--service ytmusic" in step and "no account" in step for step in data["next"])
    assert data["login"] == {"stored": False, "user": None, "problem": None}  # Spotify's, as before


def test_status_without_spotify_credentials_sends_a_youtube_music_user_where_ost_can_match(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path
) -> None:
    """A YouTube Music login and no Spotify credentials, Spotify in use (a pin): the logins are
    named by service, and no step suggests an `ost match` that would fail at once."""
    assert login(run, raw_headers(), tmp_path).exit_code == 0
    assert run("pin", "s1-02", "spotify:track:s1parkboram00000000001").exit_code == 0
    text = run("status").stdout
    assert "spotify      no login (`ost login`)" in text
    assert "ytmusic      login stored for Fan 1" in text
    steps = json.loads(run("status", "--json").stdout)["next"]
    assert steps[0] == "`ost match --service ytmusic`: 8 tracks to look for"
    assert not any(step.startswith("`ost match`") for step in steps), steps
    assert (
        "set SPOTIPY_CLIENT_ID (your Spotify app's client id) to match and sync; "
        "then `ost match` has 7 tracks to look for"
    ) in steps
    failed = run("match")
    assert failed.exit_code != 0 and "no Spotify credentials" in failed.output
    assert "`ost match --service ytmusic`" in failed.output


def test_status_of_an_app_without_its_secret_asks_for_it_or_a_login(run, monkeypatch) -> None:
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "an-app")
    steps = json.loads(run("status", "--json").stdout)["next"]
    assert steps[0] == (
        "set SPOTIPY_CLIENT_SECRET too, or run `ost login`; then `ost match` has 8 tracks to look for"
    )
    assert not any(step.startswith("`ost match`") for step in steps), steps


def test_headers_alone_log_in_to_youtube_music(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path
) -> None:
    pasted = tmp_path / "h.txt"
    pasted.write_text(raw_headers(), encoding="utf-8")
    result = run("login", "--headers", str(pasted))  # no --service: only YouTube Music takes them
    assert result.exit_code == 0, result.output
    assert "Logged in to YouTube Music as Fan 1" in result.output
    assert HeadersFile().load() is not None


def test_headers_are_for_youtube_music_only(run, tmp_path: Path) -> None:
    pasted = tmp_path / "h.txt"
    pasted.write_text(raw_headers(), encoding="utf-8")
    result = run("login", "--service", "spotify", "--headers", str(pasted))
    assert result.exit_code == 2 and "--headers is for YouTube Music" in result.output
    browserless = run("login", "--service", "ytmusic", "--headers", str(pasted), "--no-browser")
    assert browserless.exit_code == 2 and "--no-browser is for Spotify" in browserless.output
    assert HeadersFile().load() is None  # refused before anything is kept
    result = run("login", "--service", "ytmusic")
    assert result.exit_code == 2 and "needs --headers FILE" in result.output
