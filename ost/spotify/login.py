"""`ost login`: Authorization Code with PKCE, written out (no spotipy auth manager).

The flow: a random verifier and state, the authorise URL, the user agrees in a browser, Spotify
redirects to ``SPOTIPY_REDIRECT_URI`` with ``code`` and ``state``, and the code plus the verifier
buy a token. The redirect is caught by a one-shot local server (it binds the redirect URI's
host and port, answers one callback and stops) or, with ``--no-browser``, pasted by the user.

No client secret is sent: PKCE does not need one, so a secret in the environment is allowed but
never leaves it. The token is saved by ``TokenFile`` (0600, atomic) with the ``client_id`` a
refresh needs. Every failure a user can cause is an ``AuthError`` or ``InputError``, in one line.
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import os
import secrets
import socket
import socketserver
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from ost.errors import AuthError, InputError
from ost.secretfile import Removed
from ost.spotify.auth import (
    DEFAULT_REDIRECT_URI,
    README_HINT,
    SCOPES,
    TokenFile,
    accounts_url,
    token_answer,
    token_refusal,
    token_url,
)

# spotipy's cache format; ost adds client_id (a PKCE refresh needs it)
CACHE_KEYS = ("access_token", "token_type", "expires_in", "scope", "refresh_token")
CALLBACK_TIMEOUT_S = 300.0  # how long the local server waits for the browser
TOKEN_TIMEOUT = (5.0, 20.0)  # connect, read (seconds) for the code exchange
SILENT_CONNECTION_S = 5.0  # a browser's idle pre-connection must not block the one callback
PAGE = (
    "<!doctype html><meta charset='utf-8'><title>ost</title>"
    "<body style='font-family:sans-serif'><h1>{title}</h1><p>{text}</p></body>"
)


@dataclass(frozen=True)
class Redirect:
    uri: str
    host: str
    port: int
    path: str
    loopback: bool  # http to a loopback IP literal: the local server can catch it


def redirect_uri() -> Redirect:
    """``SPOTIPY_REDIRECT_URI`` (or the default), checked as Spotify checks it."""
    uri = os.environ.get("SPOTIPY_REDIRECT_URI", "").strip() or DEFAULT_REDIRECT_URI
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        raise AuthError(
            f"SPOTIPY_REDIRECT_URI {uri}: Spotify refuses 'localhost' redirect URIs; use the "
            f"loopback IP, e.g. {DEFAULT_REDIRECT_URI}, here and in your app's settings"
        )
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not host or port < 0:
        raise AuthError(f"SPOTIPY_REDIRECT_URI {uri} is not an http(s) address")
    if parts.scheme == "http" and not loopback:
        raise AuthError(
            f"SPOTIPY_REDIRECT_URI {uri}: Spotify accepts plain http only to a loopback IP "
            f"such as {DEFAULT_REDIRECT_URI}"
        )
    return Redirect(uri, host, port, parts.path or "/", parts.scheme == "http" and loopback)


def client_id() -> str:
    value = os.environ.get("SPOTIPY_CLIENT_ID", "").strip()
    if not value:
        raise AuthError(f"set SPOTIPY_CLIENT_ID to your Spotify app's client id ({README_HINT})")
    return value


@dataclass(frozen=True)
class Attempt:
    """One login attempt: what the authorise URL carries and the exchange needs."""

    client_id: str
    redirect: Redirect
    verifier: str
    state: str

    @classmethod
    def new(cls, client_id: str, redirect: Redirect) -> Attempt:
        # 64 random bytes -> 86 base64url characters: within RFC 7636's 43..128
        return cls(client_id, redirect, secrets.token_urlsafe(64), secrets.token_urlsafe(16))

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def authorize_url(self) -> str:
        query = {
            "client_id": self.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect.uri,
            "code_challenge_method": "S256",
            "code_challenge": self.challenge,
            "state": self.state,
            "scope": SCOPES,
        }
        return f"{accounts_url()}/authorize?{urlencode(query)}"

    def code_from(self, query: dict[str, str]) -> str:
        """The code a redirect carries, once its state and error are checked."""
        if query.get("state") != self.state:
            raise AuthError(
                "the login answer does not belong to this login attempt (state mismatch); "
                "run `ost login` again"
            )
        if query.get("error"):
            if query["error"] == "access_denied":
                raise AuthError("you did not allow ost access on Spotify (access_denied)")
            raise AuthError(f"Spotify refused the login: {query['error']}")
        if not query.get("code"):
            raise AuthError(
                "Spotify's redirect carried no authorisation code; run `ost login` again"
            )
        return query["code"]

    def exchange(self, code: str) -> dict[str, Any]:
        """The code and verifier for a token (a code is single-use, so no retry)."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect.uri,
            "client_id": self.client_id,
            "code_verifier": self.verifier,
        }
        try:
            response = requests.post(token_url(), data=form, timeout=TOKEN_TIMEOUT)
        except (requests.ConnectionError, requests.Timeout) as e:
            raise AuthError(
                f"could not reach Spotify's token service ({type(e).__name__}); "
                "run `ost login` again"
            ) from None
        if response.status_code != 200:
            raise AuthError(token_refusal(response, login=True))
        body = token_answer(response)
        if not body.get("refresh_token"):
            raise AuthError(
                "Spotify's token service gave an incomplete answer; run `ost login` again"
            )
        token: dict[str, Any] = {k: body[k] for k in CACHE_KEYS if k in body}
        token["expires_at"] = int(time.time()) + body["expires_in"]
        token["client_id"] = self.client_id
        return token


def query_of(url: str) -> dict[str, str]:
    """The query of a pasted redirect address; anything else is an InputError."""
    text = url.strip()
    parts = urlsplit(text)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if not parts.scheme or not parts.netloc or not ({"code", "error"} & query.keys()):
        raise InputError(
            "that is not the address Spotify redirected to (it should start with the redirect "
            "URI and carry ?code=…&state=…); run `ost login` again"
        )
    return query


# --- the one-shot local server -----------------------------------------------------------------


class _CallbackServer(HTTPServer):
    path: str
    result: dict[str, str] | None = None

    def server_bind(self) -> None:
        # HTTPServer would look up the host's FQDN here: a DNS wait for nothing on a loopback IP
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that connects and says nothing, or hangs up: wait for the next one


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer
    timeout = SILENT_CONNECTION_S

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != self.server.path:
            self._page(404, "Not found", "This is ost's login page; nothing else is here.")
            return
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.server.result = query
        if query.get("code"):
            self._page(200, "Logged in", "ost has your Spotify login. You can close this tab.")
        else:
            reason = query.get("error") or "no authorisation code"
            self._page(400, "Login failed", f"Spotify said: {reason}. You can close this tab.")

    def _page(self, status: int, title: str, text: str) -> None:
        body = PAGE.format(title=html.escape(title), text=html.escape(text)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the query holds the authorisation code: never echo it


def _bind(redirect: Redirect) -> _CallbackServer:
    class Server(_CallbackServer):
        address_family = socket.AF_INET6 if ":" in redirect.host else socket.AF_INET

    try:
        server = Server((redirect.host, redirect.port), _CallbackHandler)
    except OSError as e:
        raise AuthError(
            f"cannot listen on {redirect.host}:{redirect.port} for the login redirect "
            f"({e.strerror or e}); is another `ost login` running? Set SPOTIPY_REDIRECT_URI to "
            "another port (and add it to your app's settings), or use `ost login --no-browser`"
        ) from None
    server.path = redirect.path
    return server


def wait_for_callback(server: _CallbackServer, timeout: float) -> dict[str, str]:
    """Serve requests until the redirect arrives, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        while server.result is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AuthError(
                    f"no answer from the browser within {timeout:g} s; run `ost login` again "
                    "(or `ost login --no-browser`)"
                )
            server.timeout = left
            server.handle_request()
        return server.result
    finally:
        server.server_close()


# --- the whole login ---------------------------------------------------------------------------


def login(
    *,
    no_browser: bool,
    open_browser: Callable[[str], bool],
    prompt: Callable[[str], str],
    say: Callable[[str], None],
    timeout: float | None = None,
    store: TokenFile | None = None,
) -> dict[str, Any]:
    """Log in and save the token; returns it (the caller must not print it)."""
    attempt = Attempt.new(client_id(), redirect_uri())
    url = attempt.authorize_url()
    if no_browser or not attempt.redirect.loopback:
        say(f"Open this address, allow access, then paste the address you land on:\n{url}")
        query = query_of(prompt("Address you were redirected to"))
    else:
        server = _bind(attempt.redirect)
        try:
            if not open_browser(url):
                say(f"Open this address in a browser to log in:\n{url}")
            else:
                say(
                    f"Waiting for you to allow access in the browser. If it did not open, visit:\n{url}"
                )
        except BaseException:
            server.server_close()
            raise
        query = wait_for_callback(server, CALLBACK_TIMEOUT_S if timeout is None else timeout)
    token = attempt.exchange(attempt.code_from(query))
    missing = set(SCOPES.split()) - set(str(token.get("scope", "")).split())
    if missing:
        say(f"note: Spotify did not grant {' '.join(sorted(missing))}; playlist sync may fail")
    store = store or TokenFile()
    link = store.link_target()
    store.save(token)
    if link is not None:  # the link is gone; what it pointed to is not ost's to delete
        say(
            f"note: {store.path} was a symbolic link to {link}: the login is now kept in "
            f"{store.path} itself, and {link} is left as it was (delete it if it holds an old login)"
        )
    return token


def logout(store: TokenFile | None = None) -> tuple[Removed, str | None]:
    """Forget the stored login: what was removed, and the file a removed link pointed to
    (None when it pointed to nothing)."""
    return (store or TokenFile()).forget()
