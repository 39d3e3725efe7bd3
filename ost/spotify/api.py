"""The Spotify Web API through spotipy, with ost's own retry rules.

spotipy's built-in retries sleep the full ``Retry-After`` (a day has been seen) and do not retry a
dropped connection, so they are off: every call goes through ``Api._call``, which

- honours ``Retry-After`` on a 429 up to ``max_wait`` and otherwise stops at once (``RateLimited``);
- retries 5xx answers and network failures with backoff, for requests safe to repeat;
- reports a failure after a request that is not safe to repeat as ``ConnectionLost``;
- renews a token the service refuses (401) once;
- puts a timeout on every request, token requests included.

Plain data comes back (dicts from the JSON); nothing here knows about the catalogue.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import requests
import spotipy

from ost.errors import ConnectionLost, QuotaExceeded, RateLimited, ServiceError
from ost.spotify.auth import token_source
from ost.spotify.items import readable_track_items

DEFAULT_API_URL = "https://api.spotify.com/v1/"
TIMEOUT = (5.0, 10.0)  # connect, read (seconds)
MAX_TIMEOUTS = 2  # a server that accepts but never answers costs at most this many read timeouts
DEFAULT_MAX_WAIT = 60.0
MAX_ATTEMPTS = 4  # for a 5xx or network failure on a request safe to repeat
MAX_RATE_LIMITED = 5  # 429s honoured for one call before giving up
BACKOFF_S = (0.5, 1.0, 2.0)
SEARCH_LIMIT = 10  # the most a development-mode app may ask for
ITEMS_LIMIT = 50
ADD_CHUNK = 100

T = TypeVar("T")
Notify = Callable[[str], None]

# spotipy logs every HTTP error at ERROR level; Python would print those to stderr. ost reports
# failures itself, once, in words.
logging.getLogger("spotipy").addHandler(logging.NullHandler())
logging.getLogger("spotipy").propagate = False


def api_url() -> str:
    url = os.environ.get("OST_SPOTIFY_API_URL", DEFAULT_API_URL)
    return url if url.endswith("/") else url + "/"


def max_wait_from_env(value: float | None = None) -> float:
    if value is not None:
        return value
    raw = os.environ.get("OST_MAX_WAIT")
    try:
        seconds = float(raw) if raw else DEFAULT_MAX_WAIT
    except ValueError:
        return DEFAULT_MAX_WAIT
    return seconds if 0 <= seconds < float("inf") else DEFAULT_MAX_WAIT


def _snapshot(result: Any) -> str:
    """The snapshot id a playlist write answers with; an answer without one is unreadable."""
    if not isinstance(result, dict) or not result.get("snapshot_id"):
        raise ServiceError("Spotify answered a playlist change without a snapshot id")
    return str(result["snapshot_id"])


def _paging_object(answer: Any, wrapper: str | None) -> dict[str, Any] | None:
    """The paging object in an answer (under ``wrapper`` for a search), or None if unreadable."""
    page = answer.get(wrapper) if wrapper and isinstance(answer, dict) else answer
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        return None
    return page


def _retry_after(headers: Any) -> float:
    try:
        return max(0.0, float((headers or {}).get("Retry-After", 1)))
    except (TypeError, ValueError):
        return 1.0


def _quota_spent(e: spotipy.SpotifyException) -> bool:
    """A 429 whose body says ``"reason": "QUOTA_EXCEEDED"``: the app's quota is spent (shared by
    all of a developer's apps); waiting a few seconds will not help, so ost stops at once."""
    return str(getattr(e, "reason", "") or "").upper() == "QUOTA_EXCEEDED" or (
        "QUOTA_EXCEEDED" in str(e.msg or "")
    )


def _stated_retry_after(headers: Any) -> float | None:
    value = (headers or {}).get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if 0 <= seconds < float("inf") else None


class Api:
    """One Spotify session: a spotipy client per language, sharing one HTTP session and token."""

    def __init__(
        self,
        *,
        user: bool = False,
        max_wait: float | None = None,
        notify: Notify | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_wait = max_wait_from_env(max_wait)
        self.notify = notify or (lambda message: None)
        self.sleep = sleep
        self.requests = 0  # API and token requests sent, for summaries and benchmarks
        self._session = requests.Session()
        self.auth = token_source(self._token_post, user=user)
        self._clients: dict[str | None, spotipy.Spotify] = {}

    def client(self, language: str | None = None) -> spotipy.Spotify:
        if language not in self._clients:
            sp = spotipy.Spotify(
                auth_manager=self.auth,
                requests_session=self._session,
                requests_timeout=TIMEOUT,
                retries=0,
                status_retries=0,
                language=language,
            )
            sp.prefix = api_url()
            self._clients[language] = sp
        return self._clients[language]

    # --- the retry policy ------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[[], T], *, idempotent: bool = True) -> T:
        renewed = False
        rate_limited = failures = 0
        while True:
            try:
                self.requests += 1
                return fn()
            except spotipy.SpotifyException as e:
                if e.http_status == 429 and _quota_spent(e):
                    raise QuotaExceeded(what, _stated_retry_after(e.headers)) from None
                if e.http_status == 429:
                    rate_limited += 1
                    self._wait_rate_limit(what, _retry_after(e.headers), rate_limited)
                elif e.http_status == 401 and not renewed:
                    renewed = True
                    self.notify(f"Spotify refused the token during {what}; renewing it")
                    self.auth.invalidate()
                elif e.http_status >= 500 and idempotent and failures + 1 < MAX_ATTEMPTS:
                    failures += 1
                    self._back_off(what, f"answered {e.http_status}", failures)
                else:
                    raise self._failure(what, e) from None
            except (requests.ConnectionError, requests.Timeout) as e:
                if not idempotent:
                    raise ConnectionLost(
                        f"the connection to Spotify failed during {what} ({type(e).__name__}); "
                        "the change may or may not have been applied"
                    ) from None
                failures += 1
                limit = MAX_TIMEOUTS if isinstance(e, requests.Timeout) else MAX_ATTEMPTS
                if failures >= limit:
                    raise ServiceError(
                        f"could not reach Spotify during {what}: {type(e).__name__} "
                        f"after {failures} attempts"
                    ) from None
                self._back_off(what, f"failed ({type(e).__name__})", failures, limit)
            except RecursionError:  # spotipy's JSON decoding, of an answer nested past reading
                raise ServiceError(
                    f"Spotify answered {what} with JSON nested too deep to read"
                ) from None

    def _wait_rate_limit(self, what: str, wait: float, count: int) -> None:
        if wait > self.max_wait:
            raise RateLimited(wait, self.max_wait)
        if count > MAX_RATE_LIMITED:
            raise ServiceError(f"Spotify kept rate-limiting {what}; try again later", 429)
        self.notify(f"Spotify is rate-limiting us; waiting {wait:g} s as it asks")
        self.sleep(wait)

    def _back_off(self, what: str, how: str, attempt: int, limit: int = MAX_ATTEMPTS) -> None:
        delay = BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)]
        self.notify(f"Spotify {how} during {what}; retrying in {delay:g} s ({attempt}/{limit - 1})")
        self.sleep(delay)

    @staticmethod
    def _failure(what: str, e: spotipy.SpotifyException) -> ServiceError:
        message = str(e.msg).split("\n")[-1].strip() if e.msg else ""
        return ServiceError(
            f"Spotify answered {e.http_status} to {what}: {message}".rstrip(": "), e.http_status
        )

    def _token_post(
        self, url: str, *, data: dict[str, str], auth: tuple[str, str] | None = None
    ) -> requests.Response:
        """Token requests: same timeout and retries (asking for a token is safe to repeat)."""

        def post() -> requests.Response:
            response = self._session.post(url, data=data, auth=auth, timeout=TIMEOUT)
            if response.status_code == 429 or response.status_code >= 500:
                raise spotipy.SpotifyException(
                    response.status_code, -1, response.reason, headers=response.headers
                )
            return response

        return self._call("a token request", post)

    # --- reads -----------------------------------------------------------------------------

    def search_tracks(
        self, query: str, *, language: str, market: str | None = None, offset: int = 0
    ) -> dict[str, Any]:
        sp = self.client(language)
        result = self._call(
            f"a search ({language})",
            lambda: sp.search(
                query, limit=SEARCH_LIMIT, offset=offset, type="track", market=market
            ),
        )
        page = _paging_object(result, "tracks")  # one page: ost never asks a track search for more
        if page is None:
            raise ServiceError("Spotify sent a search answer ost cannot read; nothing was saved")
        tracks = dict(page)
        items = tracks.get("items") or []
        if not readable_track_items(items):
            raise ServiceError(
                f"Spotify sent search results for {query!r} that are not track objects; "
                "nothing was saved (try again later)"
            )
        return tracks

    def track(self, track_id: str, *, language: str | None = None) -> dict[str, Any]:
        sp = self.client(language)
        result = self._call("a track lookup", lambda: sp.track(track_id))
        if not isinstance(result, dict) or "uri" not in result:
            raise ServiceError("Spotify sent a track answer ost cannot read")
        return result

    def me(self) -> dict[str, Any]:
        return dict(self._call("reading your profile", lambda: self.client().me()))

    def pages(
        self,
        what: str,
        first: Callable[[spotipy.Spotify], Any],
        *,
        language: str | None = None,
        wrapper: str | None = None,
        max_pages: int | None = None,
    ) -> Iterator[Any]:
        """Every row of a paged answer, following ``next`` with the same language's client, at
        most ``max_pages`` pages. Spotify sends a search's every page wrapped by its type
        (``{"albums": {...}}``: ``next`` points back at ``/search``); its other lists send
        bare paging objects. ``wrapper`` names the key for a search. A page that is not a page
        stops everything: an unreadable answer must never pass for "no more items" (that would
        duplicate writes or hide albums)."""
        sp = self.client(language)
        answer: Any = self._call(what, lambda: first(sp))
        count = 0
        while True:
            page = _paging_object(answer, wrapper)
            if page is None:
                raise ServiceError(f"Spotify sent an answer ost cannot read while {what}")
            yield from page["items"]  # a null row still takes its place (a playlist's gone track)
            count += 1
            if not page.get("next") or count == max_pages:
                return
            answer = self._call(what, lambda: sp.next(page))  # noqa: B023

    def my_playlists(self) -> Iterator[Any]:
        return self.pages(
            "listing your playlists", lambda sp: sp.current_user_playlists(limit=ITEMS_LIMIT)
        )

    def playlist(self, playlist_id: str) -> dict[str, Any]:
        sp = self.client()
        return dict(
            self._call(
                "reading a playlist",
                lambda: sp.playlist(
                    playlist_id, fields="id,name,description,public,owner,snapshot_id"
                ),
            )
        )

    def playlist_rows(self, playlist_id: str) -> list[Any]:
        """The playlist's item rows in order (``playlists.items`` reads them)."""
        return list(
            self.pages(
                "reading a playlist's items",
                lambda sp: sp.playlist_items(playlist_id, limit=ITEMS_LIMIT),
            )
        )

    # --- writes ----------------------------------------------------------------------------

    def create_playlist(self, name: str, *, public: bool, description: str) -> dict[str, Any]:
        sp = self.client()
        return dict(
            self._call(
                "creating the playlist",
                lambda: sp.current_user_playlist_create(
                    name, public=public, description=description
                ),
                idempotent=False,
            )
        )

    def change_details(self, playlist_id: str, **details: Any) -> None:
        sp = self.client()
        self._call(
            "updating the playlist's details",
            lambda: sp.playlist_change_details(playlist_id, **details),
        )

    def add_items(self, playlist_id: str, uris: list[str], position: int | None = None) -> str:
        sp = self.client()
        result = self._call(
            "adding tracks",
            lambda: sp.playlist_add_items(playlist_id, uris, position),
            idempotent=False,
        )
        return _snapshot(result)

    def replace_items(self, playlist_id: str, uris: list[str]) -> str:
        sp = self.client()
        result = self._call(
            "replacing the playlist's tracks", lambda: sp.playlist_replace_items(playlist_id, uris)
        )
        return _snapshot(result)

    def unfollow_playlist(self, playlist_id: str) -> None:
        """Remove one of the user's playlists from their library (Spotify's "delete")."""
        sp = self.client()
        self._call(
            "removing a duplicate playlist", lambda: sp.current_user_unfollow_playlist(playlist_id)
        )

    def remove_items(self, playlist_id: str, uris: list[str]) -> str:
        sp = self.client()
        result = self._call(
            "removing tracks",
            lambda: sp.playlist_remove_all_occurrences_of_items(playlist_id, uris),
        )
        return _snapshot(result)
