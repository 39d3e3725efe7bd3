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
import re
import shlex
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


CURL = re.compile(r"\s*curl(?:\.exe)?\s", re.IGNORECASE)
CURL_HEADER = ("-H", "--header")
CURL_COOKIE = ("-b", "--cookie")


def curl_headers(text: str, source: str) -> str:
    """The request headers of a "Copy as cURL" paste, as ``name: value`` lines: each ``-H``
    (``--header``), and the ``-b`` (``--cookie``) that Chrome writes the cookie as. Read the
    way a POSIX shell splits it (Copy as cURL (bash)); its values are never quoted back."""
    if '^"' in text:  # Windows cmd's quoting, which no POSIX split reads
        raise InputError(f"{source}: a cURL command copied for cmd: copy it as cURL (bash); {HOW}")
    joined = re.sub(r"\\\r?\n", " ", text)  # the command's continued lines, one line
    try:
        words = shlex.split(joined)
    except ValueError:
        raise InputError(
            f"{source}: a cURL command whose quoting cannot be read (copy it as cURL (bash), "
            f"or copy the request headers themselves); {HOW}"
        ) from None
    lines = []
    for option, value in zip(words, words[1:], strict=False):
        if option in CURL_HEADER:
            lines.append(value)
        elif option in CURL_COOKIE and "=" in value:  # a cookie string, not a cookie file
            lines.append(f"cookie: {value}")
    if not lines:
        raise InputError(f"{source}: a cURL command with no -H header in it; {HOW}")
    return "".join(f"{line}\n" for line in lines)


def auth_from_paste(text: str, source: str) -> str:
    """The client's auth (JSON text) from pasted request headers; an InputError naming
    ``source`` and what is missing when they are not a logged-in request's."""
    if not text.strip():
        raise InputError(f"{source}: no request headers in it; {HOW}")
    if CURL.match(text):
        text = curl_headers(text, source)
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
