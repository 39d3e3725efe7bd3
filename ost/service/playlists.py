"""Playlists as the port gives them: whose login it is, a playlist, its items, and what a service
can do to them (``Edits``, which sync plans with)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """Whose login it is."""

    id: str
    """Empty when the service did not say."""
    name: str | None = None
    """The name the service shows (never a secret)."""


@dataclass(frozen=True)
class Playlist:
    id: str
    name: str
    description: str = ""
    """Plain text (a service that escapes HTML has it unescaped by its adapter)."""
    owned: bool = False
    """The logged-in user's own (only those are ever changed)."""
    public: bool | None = None
    snapshot: str | None = None
    """A version id that changes with every change, where the service has one; None otherwise
    (then ost reads the items back every time)."""


@dataclass(frozen=True)
class PlaylistItem:
    id: str
    """The recording's id; a stand-in (``unavailable:3``) for a row whose recording is gone."""
    handle: str | None = None
    """The item's own id where the service removes and moves items by it (YouTube Music's
    ``setVideoId``); None where items are removed by recording id."""
    removable: bool = True
    """Whether a removal by id reaches it (Spotify cannot remove a local file or an episode by
    id: only a replace of the whole contents drops it)."""


@dataclass(frozen=True)
class Edits:
    """What a service can do to a playlist's items, and its limits; sync plans with it."""

    replace: bool
    """Replace the whole contents in one request (Spotify), else only remove, move and add."""
    by_handle: bool = False
    """Remove and move items by their handle (``PlaylistItem.handle``), else remove by id
    (every occurrence at once)."""
    chunk: int = 100
    """Ids per add, replace or remove request."""
    description_max: int = 300
    listed_descriptions: bool = True
    """Whether ``my_playlists`` gives each playlist's own description, else only the
    playlist read by ``playlist`` has it (YouTube Music's list shows a subtitle), and sync
    reads a candidate before looking for its marker."""
