"""What the stand-in does instead of answering: the errors ytmusicapi raises, as it raises them.

- ``http``: ``YTMusicServerError("Server returned HTTP 400: Bad Request.\\n<message>")``, the
  format of ``YTMusicBase._send_request``; nothing is applied.
- ``gated``: ``YTMusicGatedError``, what ``validate_write_response`` raises when YouTube Music
  answers a write with a dialog instead of doing it; nothing is applied.
- ``lost``: the call is applied, then ``requests.exceptions.ConnectionError`` (the connection
  dropped before the answer came back); ``timeout``: applied, then ``ReadTimeout`` (ytmusicapi's
  session times out after 30 s). ``ReadTimeout`` is not a ``ConnectionError``: both are
  ``requests.exceptions.RequestException``.

Rules live in the state file (``faults``), so a fault set by a test reaches an ``ost`` process.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import requests
from ytmusicapi.exceptions import YTMusicGatedError, YTMusicServerError

from .store import State

SIGNED_OUT = "You must be signed in to perform this operation."
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: SIGNED_OUT,
    403: SIGNED_OUT,
    404: "Requested entity was not found.",
    409: "The operation was aborted.",
    429: "Resource has been exhausted (e.g. check quota).",
}
BEFORE = frozenset({"http", "gated"})
AFTER = frozenset({"lost", "timeout"})


def server_error(status: int, message: str | None = None) -> YTMusicServerError:
    reason = HTTPStatus(status).phrase
    text = message or DEFAULT_MESSAGES.get(status, "Internal error encountered.")
    return YTMusicServerError(f"Server returned HTTP {status}: {reason}.\n{text}")


def gated_error() -> YTMusicGatedError:
    return YTMusicGatedError(
        "YouTube Music did not perform this request and asked for interaction with its "
        "'PAfeature_enablement' dialog. The account may be temporarily restricted from this action."
    )


def lost_error(kind: str) -> requests.exceptions.RequestException:
    if kind == "timeout":
        return requests.exceptions.ReadTimeout(
            "HTTPSConnectionPool(host='music.youtube.com', port=443): Read timed out. (read timeout=30)"
        )
    return requests.exceptions.ConnectionError(
        "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))"
    )


def rule(
    method: str,
    kind: str,
    *,
    status: int | None = None,
    message: str | None = None,
    times: int | None = 1,
    after: int = 0,
    match: str | None = None,
) -> dict[str, Any]:
    """One fault: for calls of ``method`` (``*``: any) whose arguments contain ``match``, after
    letting ``after`` of them through, ``times`` times (None: for ever)."""
    if kind not in BEFORE | AFTER:
        raise ValueError(f"unknown fault kind {kind!r}")
    return {
        "method": method,
        "kind": kind,
        "status": status,
        "message": message,
        "times": times,
        "after": after,
        "match": match,
        "seen": 0,
    }


def take(state: State, method: str, arguments: str) -> dict[str, Any] | None:
    """The fault this call meets, counted as spent; None when it is answered normally."""
    for found in state["faults"]:
        if found["method"] not in ("*", method):
            continue
        if found["match"] is not None and found["match"] not in arguments:
            continue
        if found["seen"] < found["after"]:
            found["seen"] += 1
            continue
        if found["times"] is not None:
            if found["times"] <= 0:
                continue
            found["times"] -= 1
        return dict(found)
    return None


def raise_before(found: dict[str, Any] | None) -> None:
    """Raise what a fault answers instead of doing the call (``http``, ``gated``)."""
    if found is None or found["kind"] not in BEFORE:
        return
    if found["kind"] == "gated":
        raise gated_error()
    raise server_error(int(found["status"] or 400), found["message"])
