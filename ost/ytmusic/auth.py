"""The YouTube Music login: request headers copied from a logged-in music.youtube.com tab, turned
into the client's auth by ``ytmusicapi.setup(headers_raw=...)`` and kept in
``$OST_HOME/ytmusic-headers.json`` under ``ost.secretfile``'s rules (0600, the user's own, never
through a link).

ytmusicapi's own check asks only for ``cookie`` and ``x-goog-authuser``; a client made from
headers without ``authorization: SAPISIDHASH ...`` takes them for OAuth and fails with a
misleading message, and a cookie without ``__Secure-3PAPISID`` fails as it is made
(docs/ytmusic-shapes.md). All three are checked here, before anything is saved, and no message
ever quotes a header's value.
"""

from __future__ import annotations

import json
from pathlib import Path

from ost import paths
from ost.errors import InputError
from ost.secretfile import PrivateFile

REQUIRED = ("cookie", "x-goog-authuser", "authorization")
SESSION_COOKIE = "__Secure-3PAPISID"
LOGIN = "ost login --service ytmusic --headers FILE"
HOW = (
    "copy them from a logged-in music.youtube.com tab: developer tools (F12), Network, a POST "
    "request to /browse, Request Headers, copy them all into a file (README: YouTube Music login)"
)


class HeadersFile(PrivateFile):
    """The stored headers: the JSON text ``ytmusicapi.setup`` made, as ``YTMusic(auth=...)``
    takes it."""

    def __init__(self, path: Path | None = None):
        super().__init__(path or paths.ytmusic_login_path(), "YouTube Music login", LOGIN)

    def load(self) -> str | None:
        found = self.read_json(stored_problem)
        return found[1] if found else None


def stored_problem(headers: object) -> str | None:
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return "is not a set of request headers"
    lower = {str(k).lower(): v for k, v in headers.items()}
    missing = [name for name in REQUIRED if not lower.get(name)]
    return f"lacks {', '.join(missing)}" if missing else None


def header_names(text: str) -> set[str]:
    """The header names a paste holds, lower case: ``name: value`` lines (Firefox, Chrome's
    one-line format) and ``name:`` lines followed by the value (Chrome's other format)."""
    names = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(":"):  # HTTP/2 pseudo-headers (:authority)
            continue
        name, colon, _ = line.partition(":")
        if colon and name and " " not in name.strip():
            names.add(name.strip().lower())
    return names


def auth_from_paste(text: str, source: str) -> str:
    """The client's auth (JSON text) from pasted request headers; an InputError naming
    ``source`` and what is missing when they are not a logged-in request's."""
    if not text.strip():
        raise InputError(f"{source}: no request headers in it; {HOW}")
    missing = [n for n in REQUIRED if n not in header_names(text)]
    if missing:
        raise InputError(f"{source}: the headers lack {', '.join(missing)}; {HOW}")
    made = _setup(text, source)
    headers = {k.lower(): v for k, v in json.loads(made).items()}
    if not str(headers.get("authorization", "")).startswith("SAPISIDHASH "):
        raise InputError(
            f"{source}: the authorization header is not a logged-in tab's (`SAPISIDHASH ...`); "
            + HOW
        )
    if f"{SESSION_COOKIE}=" not in str(headers.get("cookie", "")):
        raise InputError(
            f"{source}: the cookie lacks {SESSION_COOKIE}, so it is not a logged-in tab's; " + HOW
        )
    return made


def _setup(text: str, source: str) -> str:
    # ytmusicapi only here (and in the client): a login costs its import, a listing does not.
    from ytmusicapi import setup
    from ytmusicapi.exceptions import YTMusicError

    try:
        return setup(filepath=None, headers_raw=text)
    except YTMusicError:  # its message may quote the paste: not repeated
        raise InputError(f"{source}: ytmusicapi could not read these headers; {HOW}") from None
