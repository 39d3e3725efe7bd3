"""The one place ost makes a YouTube Music client, and ost's rules for calling it.

``connect`` makes ``ytmusicapi.YTMusic(auth=..., language=...)``. With ``OST_YTMUSIC_FACTORY``
set to ``module:callable`` it calls that instead, with the same keyword arguments: tests name
their stand-in there (``fakeytmusic:FakeYTMusic``), as ``OST_SPOTIFY_API_URL`` points Spotify at
the test server, so that a separate ``ost`` process of a test talks to it too. ytmusicapi is
imported only when a client is made, so start-up does not pay for it.

``YouTubeMusic`` holds one client per interface language, made on first use (a run answered
from the cache makes none, and so no request at all), and calls through it:

- a read (search, album, song) is retried with backoff after a dropped connection, a timeout,
  a 5xx or a 429, and reported in one line when retries do not cure it; a 429 whose next pause
  is longer than ``max_wait`` (``--max-wait``) stops at once (``RateLimited``);
- a write is never repeated: a dropped connection or a timeout after it is sent is
  ``ConnectionLost`` (the caller reads the playlist back), and anything else a ``ServiceError``;
- HTTP 401/403 means the copied browser session has ended: ``AuthError``, never retried;
- an answer ytmusicapi cannot parse (YouTube changed its JSON) is a ``ServiceError``, not a
  traceback; a body that is not JSON at all (a proxy's error page) is retried like a 5xx.
"""

from __future__ import annotations

import importlib
import json
import locale
import os
import re
import time
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, TypeVar

import requests

from ost.errors import AuthError, ConnectionLost, RateLimited, ServiceError, UsageError

FACTORY_ENV = "OST_YTMUSIC_FACTORY"
LANGUAGES = ("ko", "en")
TIMEOUT = (5.0, 10.0)  # connect, read (seconds); ytmusicapi's own default is 30 s
MAX_ATTEMPTS = 4  # for a read that met a network failure, a 5xx or a 429
MAX_TIMEOUTS = 2  # a service that accepts but never answers costs at most this many timeouts
BACKOFF_S = (0.5, 1.0, 2.0)
SESSION_ENDED = frozenset({401, 403})
SIGNED_OUT = "You must be signed in"
STATUS = re.compile(r"Server returned HTTP (\d{3})")
UNREADABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError)
"""What ytmusicapi's parsers raise when YouTube Music's answer is not what they expect."""

T = TypeVar("T")
Notify = Callable[[str], None]


class YTMusicClient(Protocol):
    """The calls of ``ytmusicapi.YTMusic`` ost makes (the stand-in has them all), as ost
    passes their arguments."""

    def search(self, query: str, *, filter: str | None = None, limit: int = 20) -> list[Any]: ...

    def get_album(self, browseId: str) -> dict[str, Any]: ...

    def get_song(self, videoId: str) -> dict[str, Any]: ...

    def get_artist(self, channelId: str) -> dict[str, Any]: ...

    def get_artist_albums(
        self, channelId: str, params: str, limit: int | None = 100
    ) -> list[dict[str, Any]]: ...

    def get_watch_playlist(self, videoId: str, limit: int = 25) -> dict[str, Any]: ...

    def get_account_info(self) -> dict[str, Any]: ...

    def get_library_playlists(self, limit: int | None = 25) -> list[dict[str, Any]]: ...

    def get_playlist(self, playlistId: str, limit: int | None = 100) -> dict[str, Any]: ...

    def create_playlist(
        self, title: str, description: str, privacy_status: str = "PRIVATE"
    ) -> str | dict[str, Any]: ...

    def add_playlist_items(
        self, playlistId: str, videoIds: list[str], duplicates: bool = False
    ) -> str | dict[str, Any]: ...

    def remove_playlist_items(
        self, playlistId: str, videos: list[dict[str, Any]]
    ) -> str | dict[str, Any]: ...

    def edit_playlist(
        self,
        playlistId: str,
        title: str | None = None,
        privacyStatus: str | None = None,
        moveItem: str | tuple[str, str] | None = None,
    ) -> str | dict[str, Any]: ...

    def delete_playlist(self, playlistId: str) -> str | dict[str, Any]: ...


def connect(language: str = "en", auth: str | None = None) -> YTMusicClient:
    """A client whose answers use ``language``'s words; ``auth`` is the JSON that
    ``ytmusicapi.setup(headers_raw=...)`` made of a logged-in browser's request headers."""
    factory = _factory()
    session = requests.Session()
    session.request = partial(session.request, timeout=TIMEOUT)  # type: ignore[method-assign]
    before = locale.setlocale(locale.LC_ALL)
    try:
        made: YTMusicClient = factory(auth=auth, language=language, requests_session=session)
        return made
    except (requests.ConnectionError, requests.Timeout) as error:
        # Made with a login, ytmusicapi asks for a visitor id unless the headers carry one.
        raise ServiceError(
            f"could not reach YouTube Music ({type(error).__name__}); check the connection"
        ) from None
    except Exception as error:
        if _is_user_error(error):
            raise AuthError(f"YouTube Music does not accept the saved login: {error}") from None
        raise
    finally:
        # YTMusic() sets the process locale to its language (or en_US): ost's is left as it was.
        locale.setlocale(locale.LC_ALL, before)


def _factory() -> Callable[..., YTMusicClient]:
    spec = os.environ.get(FACTORY_ENV, "").strip()
    if not spec:
        from ytmusicapi import YTMusic

        return YTMusic  # type: ignore[return-value]
    module_name, _, attribute = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute or "YTMusic")
    except (ImportError, AttributeError, ValueError) as error:
        raise UsageError(
            f"{FACTORY_ENV}={spec!r} names no importable module:callable ({error})"
        ) from None
    if not callable(found):
        raise UsageError(f"{FACTORY_ENV}={spec!r} is not callable")
    return found  # type: ignore[no-any-return]


def _is_user_error(error: Exception) -> bool:
    from ytmusicapi.exceptions import YTMusicUserError

    return isinstance(error, YTMusicUserError)


def http_status(error: Exception) -> int | None:
    """The HTTP status a ``YTMusicServerError`` carries in its message, if any."""
    found = STATUS.match(str(error))
    return int(found.group(1)) if found else None


NO_CONTENT = "No content returned by the server"


def no_content(error: Exception) -> bool:
    """ytmusicapi's ``YTMusicServerError`` for an answer with nothing in it (no HTTP status):
    ``get_watch_playlist`` raises it when YouTube Music sends no queue."""
    server_error, _ = _server_error_types()
    return isinstance(error, server_error) and str(error).startswith(NO_CONTENT)


def _server_error_types() -> tuple[type[Exception], type[Exception]]:
    from ytmusicapi.exceptions import YTMusicServerError, YTMusicUserError

    return YTMusicServerError, YTMusicUserError


class YouTubeMusic:
    """Clients per language, made when first needed, and every call through ost's rules."""

    def __init__(
        self,
        auth: str | Callable[[], str] | None = None,
        notify: Notify | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float | None = None,
    ):
        self.auth = auth  # or how to read it, when the first client is made
        self.notify = notify or (lambda message: None)
        self.sleep = sleep
        self.max_wait = max_wait  # the longest wait a 429 may cost (--max-wait); None: no limit
        self.calls = 0
        self._clients: dict[str, YTMusicClient] = {}

    def client(self, language: str = "en") -> YTMusicClient:
        if language not in self._clients:
            if callable(self.auth):
                self.auth = self.auth()
            self._clients[language] = connect(language, self.auth)
        return self._clients[language]

    def read(self, what: str, language: str, call: Callable[[YTMusicClient], T]) -> T:
        """A call safe to repeat, retried after network failures, 5xx and 429."""
        client = self.client(language)
        server_error, user_error = _server_error_types()
        failures = timeouts = 0
        while True:
            self.calls += 1
            try:
                return call(client)
            except (requests.ConnectionError, requests.Timeout) as error:
                failures += 1
                timeouts += isinstance(error, requests.Timeout)
                if failures >= MAX_ATTEMPTS or timeouts >= MAX_TIMEOUTS:
                    raise ServiceError(
                        f"could not reach YouTube Music during {what}: "
                        f"{type(error).__name__} after {failures} attempts"
                    ) from None
                self._back_off(what, type(error).__name__, failures)
            except server_error as error:
                status = http_status(error)
                if status is None or not _retryable(status) or failures + 1 >= MAX_ATTEMPTS:
                    raise _refused(what, error, status) from None
                failures += 1
                if status == 429:
                    self._within_max_wait(_wait(failures))
                self._back_off(what, f"HTTP {status}", failures)
            except json.JSONDecodeError:
                # ytmusicapi decodes the body before it looks at the status: a proxy's HTML
                # error page (a 502) arrives as this, and is worth another try.
                failures += 1
                if failures >= MAX_ATTEMPTS:
                    raise _unreadable(what, ValueError("not JSON")) from None
                self._back_off(what, "sent a page that is not JSON", failures)
            except user_error as error:
                raise ServiceError(f"ytmusicapi refused {what}: {error}") from None
            except UNREADABLE as error:
                raise _unreadable(what, error) from None

    def write(self, what: str, call: Callable[[YTMusicClient], T], language: str = "en") -> T:
        """A change, sent once: after a lost answer the caller reads the state back."""
        client = self.client(language)
        server_error, user_error = _server_error_types()
        self.calls += 1
        try:
            return call(client)
        except (requests.ConnectionError, requests.Timeout) as error:
            raise ConnectionLost(
                f"the connection to YouTube Music failed during {what} "
                f"({type(error).__name__}); the change may or may not have been applied"
            ) from None
        except server_error as error:
            raise _refused(what, error, http_status(error)) from None
        except user_error as error:
            raise ServiceError(f"ytmusicapi refused {what}: {error}") from None
        except UNREADABLE as error:
            raise ConnectionLost(
                f"YouTube Music's answer to {what} could not be read ({type(error).__name__}); "
                "the change may or may not have been applied"
            ) from None

    def _within_max_wait(self, wait: float) -> None:
        """A rate limit's pause longer than the user allows stops the run (``--max-wait``)."""
        if self.max_wait is not None and wait > self.max_wait:
            raise RateLimited(wait, self.max_wait, "YouTube Music")

    def _back_off(self, what: str, why: str, failures: int) -> None:
        wait = _wait(failures)
        self.notify(f"YouTube Music {why} during {what}; trying again in {wait:g} s")
        self.sleep(wait)


def _wait(failures: int) -> float:
    """The pause before the next try, after ``failures`` failed ones."""
    return BACKOFF_S[min(failures, len(BACKOFF_S)) - 1]


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _refused(what: str, error: Exception, status: int | None) -> Exception:
    if status in SESSION_ENDED or SIGNED_OUT in str(error):
        shown = f"HTTP {status}" if status else "not signed in"
        return AuthError(
            f"YouTube Music refused {what} ({shown}): the browser session ost was given "
            "has ended. Copy fresh request headers from a logged-in music.youtube.com tab and run "
            "`ost login --service ytmusic --headers FILE` again."
        )
    # "Server returned HTTP 400: Bad Request.\nRequest contains an invalid argument.": the
    # service's own words are the last line.
    server_words = str(error).strip().splitlines()[-1].strip() if str(error).strip() else ""
    said = f" (HTTP {status}: {server_words})" if status else f": {server_words}"
    return ServiceError(f"YouTube Music refused {what}{said}", status)


def _unreadable(what: str, error: Exception) -> ServiceError:
    return ServiceError(
        f"YouTube Music sent an answer to {what} that ytmusicapi could not read "
        f"({type(error).__name__}); a newer ytmusicapi may read it"
    )
