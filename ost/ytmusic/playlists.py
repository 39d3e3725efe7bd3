"""YouTube Music's playlists in the port's words, and the pace of writes to them.

- ``get_library_playlists`` rows become ``Playlist``s without a description: the row's
  ``description`` is the tile's subtitle ("Fan • 12 songs"), never the playlist's own text, so
  the port's ``Edits.listed_descriptions`` is false and sync reads a candidate with
  ``get_playlist`` before looking for its marker.
- ``get_playlist`` items become ``PlaylistItem``s whose handle is the ``setVideoId``: the item's
  own id, by which it is removed and moved (the same video may be there twice).
- ``add_playlist_items`` answers which video it really put in for each one asked for: without
  Premium the service may add a song's music video instead (``stand_ins``).
- Quick additions answer HTTP 400 after about 270 items in a short time (spotify_to_ytmusic
  #2). ``Pace`` keeps the writes of a run within a budget per window (an addition costs one per
  video, any other write one): a new playlist of 150 songs is never slowed, three seasons in
  one run wait a little between batches, and say so.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ost.errors import ServiceError, UsageError
from ost.service.playlists import Playlist, PlaylistItem

PACE_ENV = "OST_YTMUSIC_PACE"
DEFAULT_PACE = "200/120"
"""Writes (an addition: one per video) per window of seconds."""
PACE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*$")
SUCCEEDED = "STATUS_SUCCEEDED"
NOT_MINE = frozenset({"LM", "SE"})  # Liked Music, Episodes for Later: the service's own lists


@dataclass
class Pace:
    """At most ``budget`` units of writing in any ``window_s`` seconds."""

    budget: int
    window_s: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    spent: deque[tuple[float, int]] = field(default_factory=deque)

    @classmethod
    def from_env(cls, sleep: Callable[[float], None] = time.sleep) -> Pace:
        text = os.environ.get(PACE_ENV, "").strip() or DEFAULT_PACE
        found = PACE.match(text)
        if not found or int(found.group(1)) < 1:
            raise UsageError(
                f"{PACE_ENV}={text!r}: give writes per seconds, such as {DEFAULT_PACE} "
                "(at most 200 additions in any 120 seconds)"
            )
        return cls(int(found.group(1)), float(found.group(2)), sleep=sleep)

    def wait_for(self, cost: int) -> float:
        """Seconds to wait before writing ``cost`` units (0: now)."""
        now = self.clock()
        while self.spent and now - self.spent[0][0] >= self.window_s:
            self.spent.popleft()
        used = sum(n for _, n in self.spent)
        wait = 0.0
        for at, n in self.spent:  # the oldest leave the window first
            if used + cost <= self.budget:
                break
            used -= n
            wait = at + self.window_s - now
        return max(wait, 0.0)

    def spend(self, cost: int, notify: Callable[[str], None]) -> None:
        wait = self.wait_for(cost)
        if wait > 0:
            notify(
                f"pausing {wait:.0f} s so that YouTube Music does not refuse quick additions "
                f"({self.budget} in {self.window_s:g} s at most)"
            )
            self.sleep(wait)
        self.spent.append((self.clock(), cost))


def owned_playlists(rows: list[dict[str, Any]]) -> Iterator[Playlist]:
    """``get_library_playlists`` rows (newest first) as playlists without their description."""
    for row in rows:
        pid = row.get("playlistId")
        if not isinstance(pid, str) or not pid:
            continue
        # `owned` is new in ytmusicapi 1.12.3; before it, the service's own lists are not yours
        owned = bool(row.get("owned", pid not in NOT_MINE))
        yield Playlist(pid, str(row.get("title") or ""), "", owned=owned)


def playlist(answer: dict[str, Any], playlist_id: str) -> Playlist:
    privacy = answer.get("privacy")
    return Playlist(
        str(answer.get("id") or playlist_id),
        str(answer.get("title") or ""),
        str(answer.get("description") or ""),
        owned=bool(answer.get("owned", True)),
        public=None if privacy is None else privacy == "PUBLIC",
    )


def items(answer: dict[str, Any]) -> list[PlaylistItem]:
    """The items in order; an unplayable one keeps its place under a stand-in id."""
    out = []
    for n, track in enumerate(answer.get("tracks") or []):
        video = track.get("videoId")
        handle = track.get("setVideoId")
        out.append(
            PlaylistItem(
                video or f"unavailable:{n}",
                handle=handle,
                removable=bool(video and handle),  # ytmusicapi drops an item lacking either
            )
        )
    return out


def complete(answer: dict[str, Any]) -> bool:
    """Whether a read of the first page holds every item."""
    count = answer.get("trackCount")
    return isinstance(count, int) and count <= len(answer.get("tracks") or [])


def created_id(answer: Any) -> str:
    """``create_playlist`` answers the new id, or the raw answer when it was not created."""
    if isinstance(answer, str) and answer:
        return answer
    raise ServiceError(f"YouTube Music did not create the playlist ({_status(answer)})")


def added(answer: Any, asked: list[str]) -> dict[str, str]:
    """What ``add_playlist_items`` put in place of the videos asked for (asked -> put); a
    refusal (a status other than success: nothing was added) is a ServiceError."""
    if not isinstance(answer, dict) or answer.get("status") != SUCCEEDED:
        raise ServiceError(f"YouTube Music did not add the songs ({_status(answer)})")
    results = answer.get("playlistEditResults") or []
    put = [r.get("videoId") if isinstance(r, dict) else None for r in results]
    return {
        want: got
        for want, got in zip(asked, put, strict=False)
        if isinstance(got, str) and got and got != want
    }


def succeeded(answer: Any, what: str) -> None:
    if answer != SUCCEEDED and not (isinstance(answer, dict) and answer.get("status") == SUCCEEDED):
        raise ServiceError(f"YouTube Music did not {what} ({_status(answer)})")


def _status(answer: Any) -> str:
    if isinstance(answer, dict) and isinstance(answer.get("status"), str):
        return answer["status"]
    return "it sent no status" if not isinstance(answer, str) else answer[:60]
