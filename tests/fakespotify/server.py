"""The fake service: state, lifecycle, routing, and the HTTP plumbing under it."""

from __future__ import annotations

import contextlib
import itertools
import re
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .accounts import (
    AccountsMixin,
)
from .albums import AlbumsMixin
from .catalogue import (
    CatalogueMixin,
)
from .faults import (
    FaultsMixin,
    LoggedRequest,
    _fault_response,
    _Rule,
)
from .playlists import (
    PlaylistsMixin,
)
from .wire import (
    JSON,
    _Album,
    _ApiError,
    _Code,
    _Grant,
    _OAuthError,
    _Request,
    _Response,
    _Token,
    _Track,
)

# ---------------------------------------------------------------------------------------------
# The fake service


_Endpoint = Callable[..., _Response]


class FakeSpotify(AccountsMixin, CatalogueMixin, AlbumsMixin, PlaylistsMixin, FaultsMixin):
    """The fake service. Public state (``playlists``, ``log``) may be read and edited by tests;
    take care that direct edits of ``uris`` do not bump ``snapshot_id`` (the API does)."""

    def __init__(
        self,
        client_id: str = "test-client-id",
        client_secret: str = "test-client-secret",
        user_id: str = "testuser",
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.user_id = user_id
        self.display_name = "Test User"
        self.latency = 0.0
        self.log: list[LoggedRequest] = []
        self.playlists: dict[str, dict[str, Any]] = {}
        # Tracebacks of bugs in the fake itself (answered as 500): a test can assert it is empty.
        self.errors: list[str] = []
        self._tracks: dict[str, _Track] = {}  # insertion order is the catalogue order
        self._albums: dict[str, _Album] = {}
        self._rules: list[_Rule] = []
        self._tokens: dict[str, _Token] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._codes: dict[str, _Code] = {}
        self._snapshots: dict[str, set[str]] = {}
        self._serial = itertools.count(1)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._routes = self._route_table()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSpotify:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.name = f"fake-spotify-{self._port}"
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()  # wakes handlers sleeping on latency/delay
        server.shutdown()
        server.server_close()
        # Keep-alive connections would otherwise hold their threads until the socket timeout.
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSpotify:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def accounts_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeSpotify is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        return self.accounts_url + "/v1/"

    def environment(self) -> dict[str, str]:
        """The variables that point ost (and spotipy under it) at this service, with its app
        credentials: what the ``fake_spotify`` fixture sets, and ``bench/`` too."""
        return {
            "OST_SPOTIFY_API_URL": self.api_url,
            "OST_SPOTIFY_ACCOUNTS_URL": self.accounts_url,
            "SPOTIPY_CLIENT_ID": self.client_id,
            "SPOTIPY_CLIENT_SECRET": self.client_secret,
        }

    def _origin(self) -> str:
        # Objects can be rendered before start() (add_track returns one); hrefs need a host.
        return f"http://127.0.0.1:{self._port}" if self._port else "http://127.0.0.1"

    def _paging(
        self,
        path: str,
        entries: Sequence[Any],
        render: Callable[[Any], JSON],
        *,
        limit: int,
        offset: int,
        params: Mapping[str, str] | None = None,
        max_offset: int | None = None,
    ) -> dict[str, Any]:
        """A paging object with absolute ``href``/``next``/``previous`` links (spotipy's next()
        follows them as they are)."""
        extra = dict(params or {})

        def link(at: int) -> str:
            return f"{self._origin()}{path}?{urlencode({**extra, 'offset': at, 'limit': limit})}"

        following = offset + limit
        has_next = following < len(entries) and (max_offset is None or following <= max_offset)
        return {
            "href": link(offset),
            "items": [render(entry) for entry in entries[offset:following]],
            "limit": limit,
            "next": link(following) if has_next else None,
            "offset": offset,
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "total": len(entries),
        }

    # -- request processing (called by the handler threads) --------------------------------

    def _process(self, request: _Request) -> _Response | None:
        """The answer to send, or None to close the connection without answering."""
        entry = self._log_request(request)
        rule = self._take_rule(request)
        pause = self.latency + (rule.delay if rule else 0.0)
        if pause > 0:
            self._stopping.wait(pause)  # stop() cuts the sleep short
        if rule is not None and rule.drop == "before":
            return None
        if rule is not None and (rule.status is not None or rule.body is not None):
            response = _fault_response(rule, request.path)
        else:
            response = self._answer(request)
            if rule is not None:
                response.headers.update(rule.headers)
        if rule is not None and rule.drop == "after":
            return None
        entry.status = response.status
        return response

    def _answer(self, request: _Request) -> _Response:
        try:
            with self._lock:
                return self._route(request)
        except _ApiError as error:
            return error.response()
        except _OAuthError as error:
            return error.response()
        except Exception:  # a bug in the fake: answer 500 and keep the traceback for the test
            self.errors.append(traceback.format_exc())
            return _ApiError(500, "Fake server error").response()

    def _route(self, request: _Request) -> _Response:
        path = request.path.rstrip("/") or "/"  # spotipy asks for "me/"
        if path == "/api/token":
            if request.method != "POST":
                raise _ApiError(405, "Method not allowed")
            return self._token_endpoint(request)
        if path == "/authorize":
            return self._authorize_endpoint(request)
        if not path.startswith("/v1/"):
            raise _ApiError(404, "Service not found")
        grant = self._authenticate(request)
        known_path = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            known_path = True
            if method in ("*", request.method):
                return handler(request, grant, **match.groupdict())
        if known_path:
            raise _ApiError(405, "Method not allowed")
        raise _ApiError(404, "Service not found")

    def _route_table(self) -> list[tuple[str, re.Pattern[str], _Endpoint]]:
        playlist = r"/v1/playlists/(?P<playlist_id>[^/]+)"
        table: list[tuple[str, str, _Endpoint]] = [
            ("GET", r"/v1/search", self._search),
            ("GET", r"/v1/tracks", self._several_tracks),
            ("GET", r"/v1/tracks/(?P<track_id>[^/]+)", self._get_track),
            ("GET", r"/v1/albums/(?P<album_id>[^/]+)/tracks", self._album_tracks),
            ("GET", r"/v1/artists/(?P<artist_id>[^/]+)/albums", self._artist_albums),
            ("GET", r"/v1/me", self._get_me),
            ("GET", r"/v1/me/playlists", self._my_playlists),
            ("POST", r"/v1/me/playlists", self._create_playlist),
            ("PUT", r"/v1/me/library", self._follow_via_library),
            ("DELETE", r"/v1/me/library", self._unfollow_via_library),
            ("*", r"/v1/users/(?P<user>[^/]+)/playlists", self._forbidden),
            ("GET", playlist, self._get_playlist),
            ("PUT", playlist, self._change_details),
            ("PUT", playlist + "/followers", self._follow),
            ("DELETE", playlist + "/followers", self._unfollow),
            ("*", playlist + "/tracks", self._forbidden),
            ("GET", playlist + "/items", self._get_items),
            ("POST", playlist + "/items", self._add_items),
            ("PUT", playlist + "/items", self._put_items),
            ("DELETE", playlist + "/items", self._remove_items),
        ]
        return [(method, re.compile(pattern), handler) for method, pattern, handler in table]


# ---------------------------------------------------------------------------------------------
# HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler stuck on a slow client never blocks interpreter exit
    block_on_close = False
    fake: FakeSpotify

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or hung up leaves a broken socket behind: expected in tests
        # of timeouts and drops, so not worth a traceback on stderr. Anything else is a bug.
        error = traceback.format_exc()
        if not isinstance(sys.exc_info()[1], OSError):
            self.fake.errors.append(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: spotipy's session reuses connections
    server_version = "FakeSpotify/2026"
    timeout = 10  # an idle keep-alive connection frees its thread after this long
    # Headers and body go out in two writes; with Nagle on, the client's delayed ACK would
    # stall every answer by ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.fake._lock:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.fake._lock:
                self.server.fake._connections.discard(self.connection)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the fake's own log is FakeSpotify.log; stderr noise helps no test

    def _read_request(self) -> _Request:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        target = parts.path + ("?" + parts.query if parts.query else "")
        return _Request(self.command, parts.path, target, query, self.headers, body)

    def _serve(self) -> None:
        response = self.server.fake._process(self._read_request())
        if response is None:
            self.close_connection = True  # the socket closes with nothing sent
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)
