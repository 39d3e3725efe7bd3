"""`ost login` / `ost logout` against the fake accounts service: PKCE, the pasted redirect, the
one-shot local server, the errors a user can cause, and the refresh that needs no browser."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from fakespotify import PLAYLIST_SCOPES, FakeSpotify, seed_soundtrack

from ost.spotify import login as flow
from ost.spotify.auth import TokenFile

TOKEN_KEYS = {
    "access_token",
    "token_type",
    "expires_in",
    "scope",
    "expires_at",
    "refresh_token",
    "client_id",
}


@pytest.fixture
def ost(run):
    """`ost ARGS...` in-process (the project-wide runner)."""
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def fixed_attempt(monkeypatch: pytest.MonkeyPatch):
    """Make the login's verifier and state known in advance, so the test can play the user and
    paste the redirect before the command runs (the prompt reads it from CliRunner's input)."""

    def make(verifier: str = "v" * 64, state: str = "known-state") -> flow.Attempt:
        attempt = flow.Attempt(flow.client_id(), flow.redirect_uri(), verifier, state)
        monkeypatch.setattr(flow.Attempt, "new", classmethod(lambda cls, *a: attempt))
        return attempt

    return make


def token_path(home: Path) -> Path:
    return home / "spotify-token.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def token_requests(fake: FakeSpotify, grant: str) -> list[Any]:
    return [
        e for e in fake.log if e.path == "/api/token" and (e.form or {}).get("grant_type") == grant
    ]


# --- --no-browser: the pasted redirect -------------------------------------------------------------


def test_no_browser_login_saves_a_0600_token_in_spotipy_format_without_the_secret(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path
) -> None:
    attempt = fixed_attempt()
    redirect = fake_spotify.user_authorize(attempt.authorize_url())
    result = ost("login", "--no-browser", input=redirect + "\n")
    assert result.exit_code == 0, result.output
    assert attempt.authorize_url() in result.output  # printed for the user to open
    assert "Logged in to Spotify as Test User" in result.output
    path = token_path(ost_home)
    assert mode(path) == 0o600
    token = json.loads(path.read_text())
    assert set(token) == TOKEN_KEYS
    assert token["client_id"] == fake_spotify.client_id
    assert token["token_type"] == "Bearer"
    assert set(token["scope"].split()) == set(PLAYLIST_SCOPES.split())
    assert token["expires_at"] > time.time() + 3000
    assert fake_spotify.client_secret not in path.read_text()
    for secret in (token["access_token"], token["refresh_token"], fake_spotify.client_secret):
        assert secret not in result.output
    [exchange] = token_requests(fake_spotify, "authorization_code")
    assert exchange.form["code_verifier"] == attempt.verifier  # PKCE, checked by the fake
    assert "client_secret" not in exchange.form  # the secret is set, allowed, and never sent
    assert exchange.form["redirect_uri"] == "http://127.0.0.1:8888/callback"


def test_the_authorize_url_asks_for_the_playlist_scopes_with_s256_and_state(
    fake_spotify: FakeSpotify,
) -> None:
    from urllib.parse import parse_qs, urlsplit

    attempt = flow.Attempt.new(flow.client_id(), flow.redirect_uri())
    url = attempt.authorize_url()
    assert url.startswith(fake_spotify.accounts_url + "/authorize?")
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert q["scope"] == "playlist-read-private playlist-modify-private playlist-modify-public"
    assert q["code_challenge_method"] == "S256"
    assert q["state"] == attempt.state and len(attempt.state) >= 16
    assert 43 <= len(attempt.verifier) <= 128
    assert q["redirect_uri"] == "http://127.0.0.1:8888/callback"
    assert "client_secret" not in q


def refused_login(
    ost, fake: FakeSpotify, attempt: flow.Attempt, home: Path, agree: bool = True, tamper=str
) -> str:
    """`ost login --no-browser` given the address the browser was sent back to (``tamper``ed),
    after the user agreed or not: it must fail and save no login. Returns what it said."""
    redirect = fake.user_authorize(attempt.authorize_url(), agree=agree)
    result = ost("login", "--no-browser", input=tamper(redirect) + "\n")
    assert result.exit_code == 1
    assert not token_path(home).exists()
    return result.output


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda url: url.replace("state=known-state", "state=someone-else"), "state mismatch"),
        (lambda url: "hello, spotify", "not the address Spotify redirected to"),
        (lambda url: url.split("?")[0], "not the address Spotify redirected to"),
    ],
    ids=["state-mismatch", "not-a-url", "no-code"],
)
def test_a_bad_pasted_redirect_is_one_line_and_saves_nothing(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, tamper, message: str
) -> None:
    said = refused_login(ost, fake_spotify, fixed_attempt(), ost_home, tamper=tamper)
    assert message in said
    assert "Traceback" not in said
    assert not token_requests(fake_spotify, "authorization_code")


@pytest.mark.parametrize(
    ("agree", "token_answer", "says", "never_says"),
    [
        (False, None, "Error: you did not allow ost access on Spotify (access_denied)", None),
        (
            True,
            (400, {"error": "invalid_grant"}),
            "refused the authorisation code (invalid_grant)",
            None,
        ),
        (True, (200, {"access_token": "half"}), "incomplete answer", "half"),
    ],
    ids=["access-denied", "code-refused", "token-answer-incomplete"],
)
def test_a_refused_login_is_a_clear_error(
    ost,
    fake_spotify: FakeSpotify,
    fixed_attempt,
    ost_home: Path,
    agree,
    token_answer,
    says,
    never_says,
) -> None:
    if token_answer:
        status, body = token_answer
        fake_spotify.inject("POST", "/api/token", status=status, body=body)
    said = refused_login(ost, fake_spotify, fixed_attempt(), ost_home, agree=agree)
    assert says in said
    assert never_says is None or never_says not in said


def test_the_token_request_has_a_timeout(
    ost, fake_spotify: FakeSpotify, fixed_attempt, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "TOKEN_TIMEOUT", (2.0, 0.3))
    attempt = fixed_attempt()
    redirect = fake_spotify.user_authorize(attempt.authorize_url())
    fake_spotify.inject("POST", "/api/token", delay=3)
    started = time.monotonic()
    result = ost("login", "--no-browser", input=redirect + "\n")
    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert "could not reach Spotify's token service (ReadTimeout)" in result.output


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("http://localhost:8888/callback", "Spotify refuses 'localhost' redirect URIs"),
        ("http://example.com/callback", "plain http only to a loopback IP"),
        ("ftp://127.0.0.1/callback", "is not an http(s) address"),
    ],
)
def test_redirect_uris_spotify_refuses_are_refused_before_anything_starts(
    ost, fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch, uri: str, message: str
) -> None:
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", uri)
    result = ost("login")
    assert result.exit_code == 1
    assert message in result.output
    assert fake_spotify.log == []


def test_login_needs_the_client_id(ost, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPOTIPY_CLIENT_ID", raising=False)
    result = ost("login", "--no-browser")
    assert result.exit_code == 1
    assert "set SPOTIPY_CLIENT_ID" in result.output


# --- the one-shot local server ---------------------------------------------------------------------


class Browser:
    """Plays the browser: the user agrees, then the redirect is requested from the local server
    (in a thread, as a browser would, while ost waits)."""

    def __init__(self, fake: FakeSpotify, *, agree: bool = True, favicon: bool = False):
        self.fake, self.agree, self.favicon = fake, agree, favicon
        self.pages: list[requests.Response] = []
        self.thread: threading.Thread | None = None

    def open(self, url: str) -> bool:
        redirect = self.fake.user_authorize(url, agree=self.agree)

        def visit() -> None:
            if self.favicon:
                root = redirect.split("/callback")[0]
                self.pages.append(requests.get(root + "/favicon.ico", timeout=5))
            self.pages.append(requests.get(redirect, timeout=5))

        self.thread = threading.Thread(target=visit, daemon=True)
        self.thread.start()
        return True


@pytest.fixture
def browser(fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch):
    port = free_port()
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{port}/callback")
    b = Browser(fake_spotify)
    monkeypatch.setattr("webbrowser.open", b.open)
    return b


def test_the_local_server_catches_one_redirect_and_says_the_tab_can_close(
    ost, fake_spotify: FakeSpotify, browser: Browser, ost_home: Path
) -> None:
    browser.favicon = True  # a browser asks for other things first: answered 404, still waiting
    result = ost("login")
    assert result.exit_code == 0, result.output
    assert browser.thread is not None
    browser.thread.join(5)
    favicon, callback = browser.pages
    assert favicon.status_code == 404
    assert callback.status_code == 200 and "You can close this tab" in callback.text
    token = json.loads(token_path(ost_home).read_text())
    assert set(token) == TOKEN_KEYS
    assert mode(token_path(ost_home)) == 0o600
    [exchange] = token_requests(fake_spotify, "authorization_code")
    assert exchange.form["redirect_uri"] == flow.redirect_uri().uri
    for secret in (token["access_token"], token["refresh_token"]):
        assert secret not in result.output


def test_an_ipv6_loopback_redirect_works_too(
    ost, fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch, ost_home: Path
) -> None:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
            port = s.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://[::1]:{port}/callback")
    browser = Browser(fake_spotify)
    monkeypatch.setattr("webbrowser.open", browser.open)
    result = ost("login")
    assert result.exit_code == 0, result.output
    assert token_path(ost_home).exists()


def test_access_denied_through_the_local_server(
    ost, fake_spotify: FakeSpotify, browser: Browser, ost_home: Path
) -> None:
    browser.agree = False
    result = ost("login")
    assert result.exit_code == 1
    assert "access_denied" in result.output
    assert browser.thread is not None
    browser.thread.join(5)
    assert "Login failed" in browser.pages[-1].text
    assert not token_path(ost_home).exists()


def test_a_busy_port_is_a_clear_error(
    ost, fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{port}/callback")
        monkeypatch.setattr("webbrowser.open", lambda url: pytest.fail("opened"))
        result = ost("login")
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--no-browser" in result.output


def test_no_answer_from_the_browser_times_out(
    ost, fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch, ost_home: Path
) -> None:
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{free_port()}/callback")
    monkeypatch.setattr(flow, "CALLBACK_TIMEOUT_S", 0.3)
    monkeypatch.setattr("webbrowser.open", lambda url: True)  # user walks away
    started = time.monotonic()
    result = ost("login")
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    assert "no answer from the browser within 0.3 s" in result.output
    assert not token_path(ost_home).exists()


def test_a_silent_connection_does_not_block_the_callback(
    fake_spotify: FakeSpotify, monkeypatch: pytest.MonkeyPatch, ost_home: Path
) -> None:
    monkeypatch.setattr(flow._CallbackHandler, "timeout", 0.2)
    port = free_port()
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{port}/callback")
    idle = socket.socket()
    browser = Browser(fake_spotify)

    def open_browser(url: str) -> bool:
        idle.connect(("127.0.0.1", port))  # a pre-connection that never sends a request
        return browser.open(url)

    rescue = threading.Timer(3, idle.close)  # were the server stuck on it, end the test anyway
    rescue.start()
    started = time.monotonic()
    try:
        flow.login(no_browser=False, open_browser=open_browser, prompt=input, say=print, timeout=5)
    finally:
        rescue.cancel()
        idle.close()
    assert time.monotonic() - started < 2
    assert token_path(ost_home).exists()


def test_when_the_browser_does_not_open_the_url_is_printed(
    ost, fake_spotify: FakeSpotify, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls: list[str] = []

    def no_browser(url: str) -> bool:
        urls.append(url)
        browser.open(url)  # the user copies the printed address into a browser
        return False

    monkeypatch.setattr("webbrowser.open", no_browser)
    result = ost("login")
    assert result.exit_code == 0, result.output
    assert f"Open this address in a browser to log in:\n{urls[0]}" in result.output


# --- logout, and the refresh that needs no browser --------------------------------------------------


def login_pasted(ost, fake: FakeSpotify, fixed_attempt) -> None:
    attempt = fixed_attempt()
    result = ost("login", "--no-browser", input=fake.user_authorize(attempt.authorize_url()) + "\n")
    assert result.exit_code == 0, result.output


def test_logout_removes_the_login(ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path):
    login_pasted(ost, fake_spotify, fixed_attempt)
    assert token_path(ost_home).exists()
    result = ost("logout")
    assert result.exit_code == 0
    assert "Logged out" in result.output
    assert not token_path(ost_home).exists()
    again = ost("logout")
    assert again.exit_code == 0 and "Not logged in" in again.output


def test_an_expired_token_is_refreshed_without_a_browser(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakespotify import S1_SONGS, _fixture_id

    from ost import catalogue, matching

    login_pasted(ost, fake_spotify, fixed_attempt)
    seed_soundtrack(fake_spotify)
    db = catalogue.open_catalogue()
    matching.pin(db, "s1-01", f"spotify:track:{_fixture_id('s1' + S1_SONGS[0].key, 1)}")
    store = TokenFile(token_path(ost_home))
    old = store.load()
    assert old is not None
    store.save({**old, "expires_at": int(time.time()) - 10})
    fake_spotify.expire_tokens()  # the service agrees it is expired
    monkeypatch.setattr("webbrowser.open", lambda url: pytest.fail("browser"))
    fake_spotify.reset_log()
    result = ost("playlist", "sync", "--season", "1")
    assert result.exit_code == 0, result.output
    [refresh] = token_requests(fake_spotify, "refresh_token")
    assert refresh.form["client_id"] == fake_spotify.client_id
    assert refresh.form["refresh_token"] == old["refresh_token"]
    assert "client_secret" not in refresh.form
    new = store.load()
    assert new is not None
    assert new["access_token"] != old["access_token"]
    assert new["expires_at"] > time.time() + 3000
    assert new["refresh_token"] == old["refresh_token"]  # kept: Spotify sent none
    assert set(new) == TOKEN_KEYS
    assert mode(token_path(ost_home)) == 0o600
    assert new["access_token"] not in result.output


def test_status_says_whose_login_is_stored_and_never_a_secret(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path
) -> None:
    assert "spotify      no login (`ost login`)" in ost("status").output
    login_pasted(ost, fake_spotify, fixed_attempt)
    result = ost("status")
    assert result.exit_code == 0
    assert f"spotify      login stored for Test User ({fake_spotify.user_id})" in result.output
    token = json.loads(token_path(ost_home).read_text())
    for secret in (token["access_token"], token["refresh_token"], fake_spotify.client_secret):
        assert secret not in result.output and secret not in ost("status", "--json").output
    ost("logout")
    assert json.loads(ost("status", "--json").stdout)["login"] == {
        "stored": False,
        "user": None,
        "problem": None,
    }


# --- the token file, kept as ssh keeps a key ----------------------------------------------------


def _something_to_sync(fake: FakeSpotify) -> None:
    """One pinned track: `ost playlist sync --season 1` then needs the stored login."""
    from fakespotify import S1_SONGS, _fixture_id

    from ost import catalogue, matching

    seed_soundtrack(fake)
    db = catalogue.open_catalogue()
    matching.pin(db, "s1-01", f"spotify:track:{_fixture_id('s1' + S1_SONGS[0].key, 1)}")


def _stored_elsewhere(fake: FakeSpotify, ost_home: Path, tmp_path: Path) -> Path:
    """A good login in a 0644 file outside $OST_HOME, and spotify-token.json a link to it."""
    elsewhere = tmp_path / "shared" / "token.json"
    elsewhere.parent.mkdir()
    elsewhere.write_text(json.dumps(fake.stored_login()), encoding="utf-8")
    elsewhere.chmod(0o644)
    ost_home.mkdir(parents=True, exist_ok=True)
    token_path(ost_home).symlink_to(elsewhere)
    return elsewhere


def test_a_token_reached_through_a_link_is_refused_not_used(
    ost, fake_spotify: FakeSpotify, ost_home: Path, tmp_path: Path
) -> None:
    elsewhere = _stored_elsewhere(fake_spotify, ost_home, tmp_path)
    before = elsewhere.read_bytes()
    _something_to_sync(fake_spotify)
    fake_spotify.reset_log()
    result = ost("playlist", "sync", "--season", "1")
    assert result.exit_code == 1, result.output
    [line] = result.output.strip().splitlines()
    assert "is a symbolic link" in line and str(elsewhere) in line and "ost login" in line
    assert fake_spotify.log == []  # not a request made with it, not a refresh
    assert elsewhere.read_bytes() == before and token_path(ost_home).is_symlink()


def test_logout_removes_a_link_and_says_the_file_it_pointed_to_is_left(
    ost, fake_spotify: FakeSpotify, ost_home: Path, tmp_path: Path
) -> None:
    elsewhere = _stored_elsewhere(fake_spotify, ost_home, tmp_path)
    result = ost("logout")
    assert result.exit_code == 0, result.output
    assert not token_path(ost_home).is_symlink() and not token_path(ost_home).exists()
    assert elsewhere.exists()  # not ost's to delete: and the message says so
    assert "the stored Spotify login is deleted" not in result.output
    assert "removed the symbolic link" in result.output and str(elsewhere) in result.output
    assert "Not logged in" in ost("logout").output


def test_login_over_a_link_keeps_the_new_login_in_its_own_file_and_says_so(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, tmp_path: Path
) -> None:
    elsewhere = _stored_elsewhere(fake_spotify, ost_home, tmp_path)
    before = elsewhere.read_bytes()
    login_pasted(ost, fake_spotify, fixed_attempt)
    path = token_path(ost_home)
    assert not path.is_symlink() and mode(path) == 0o600
    assert elsewhere.read_bytes() == before  # never written through the link
    assert TokenFile(path).load() is not None
    result = ost(
        "login",
        "--no-browser",
        input=fake_spotify.user_authorize(fixed_attempt().authorize_url()) + "\n",
    )
    assert "symbolic link" not in result.output  # said once, when there was a link


def test_the_login_note_names_the_old_file(
    fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, tmp_path: Path
) -> None:
    elsewhere = _stored_elsewhere(fake_spotify, ost_home, tmp_path)
    attempt = fixed_attempt()
    said: list[str] = []
    flow.login(
        no_browser=True,
        open_browser=lambda url: False,
        prompt=lambda text: fake_spotify.user_authorize(attempt.authorize_url()),
        say=said.append,
    )
    [note] = [s for s in said if s.startswith("note:")]
    assert "symbolic link" in note and str(elsewhere) in note and "left as it was" in note


@pytest.mark.parametrize("bits", [0o644, 0o640, 0o604, 0o620], ids=lambda b: f"{b:04o}")
def test_a_token_others_can_open_is_refused_until_it_is_yours_alone(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, bits: int
) -> None:
    login_pasted(ost, fake_spotify, fixed_attempt)
    path = token_path(ost_home)
    path.chmod(bits)
    _something_to_sync(fake_spotify)
    fake_spotify.reset_log()
    result = ost("playlist", "sync", "--season", "1")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"mode {bits:04o}" in line and f"chmod 600 {path}" in line and "ost login" in line
    assert fake_spotify.log == [] and mode(path) == bits  # not used, not changed behind your back
    path.chmod(0o600)
    assert ost("playlist", "sync", "--season", "1").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_token_of_another_user_is_refused(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path
) -> None:
    login_pasted(ost, fake_spotify, fixed_attempt)
    os.chown(token_path(ost_home), 12345, -1)
    _something_to_sync(fake_spotify)
    result = ost("playlist", "sync", "--season", "1")
    assert result.exit_code == 1 and "belongs to another user (uid 12345)" in result.output


def test_logout_leaves_a_folder_at_the_token_path_and_says_so(ost, ost_home: Path) -> None:
    token_path(ost_home).mkdir(parents=True)
    (token_path(ost_home) / "keep").write_text("x", encoding="utf-8")
    result = ost("logout")
    assert result.exit_code == 1 and "is a folder" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert (token_path(ost_home) / "keep").exists()


# --- `ost status` reads the token file, and no more of it than a login can be -------------------


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(10 * 1024 * 1024))


def _padded_login(path: Path) -> None:  # valid JSON, 0600, but far larger than any login
    token = {"access_token": "a", "expires_at": 1, "pad": " " * (80 * 1024)}
    path.write_text(json.dumps(token), encoding="utf-8")


UNUSABLE = {
    "random-10MB": (_random_bytes, "the stored Spotify login is over 64 KB"),
    "padded-json": (_padded_login, "the stored Spotify login is over 64 KB"),
    "folder": (lambda p: p.mkdir(), "is a folder, not a file"),
    "fifo": (lambda p: os.mkfifo(p), "is not a regular file"),
    "not-json": (lambda p: p.write_text("{oops", encoding="utf-8"), "is unreadable"),
}


def _status(home: Path, *args: str) -> str:
    """`ost status` in its own process, with a time limit: a FIFO must not stop it."""
    env = {**os.environ, "OST_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "ost", "status", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("case", UNUSABLE, ids=list(UNUSABLE))
def test_status_calls_an_unusable_token_file_unusable_and_says_how_to_log_in(
    ost_home: Path, case: str
) -> None:
    make, says = UNUSABLE[case]
    ost_home.mkdir(parents=True, exist_ok=True)
    path = token_path(ost_home)
    make(path)
    if path.is_file():
        path.chmod(0o600)
    [line] = [x for x in _status(ost_home).splitlines() if x.startswith("spotify      ")]
    assert (
        line.startswith("spotify      login unusable: ") and says in line and "`ost login`" in line
    )
    data = json.loads(_status(ost_home, "--json"))
    assert data["login"]["stored"] is False and says in data["login"]["problem"]
    assert any("cannot be used" in step for step in data["next"])


def test_status_says_a_token_open_to_others_or_reached_by_a_link_is_unusable(
    ost, fake_spotify: FakeSpotify, fixed_attempt, ost_home: Path, tmp_path: Path
) -> None:
    login_pasted(ost, fake_spotify, fixed_attempt)
    assert "spotify      login stored for" in ost("status").output
    token_path(ost_home).chmod(0o644)
    assert "spotify      login unusable: " in ost("status").output
    token_path(ost_home).unlink()
    _stored_elsewhere(fake_spotify, ost_home, tmp_path)
    line = next(x for x in ost("status").output.splitlines() if x.startswith("spotify      "))
    assert "unusable" in line and "symbolic link" in line
