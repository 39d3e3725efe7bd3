"""The fake's playlists: the user's list, details, following, and items with snapshot ids."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from .wire import (
    _ID_RE,
    _TRACK_URI_RE,
    MAX_URIS_PER_REQUEST,
    PAGE_MAX_LIMIT,
    _ApiError,
    _Grant,
    _int_param,
    _now_iso,
    _Request,
    _Response,
    _window,
)


class PlaylistsMixin:
    """Playlists: server-side set-up for tests and the ``/v1`` playlist endpoints."""

    def create_playlist_state(
        self,
        name: str,
        *,
        description: str = "",
        public: bool = False,
        owner: str | None = None,
        uris: Sequence[str] = (),
        collaborative: bool = False,
        followed: bool | None = None,
    ) -> str:
        """Create a playlist directly (no HTTP). Someone else's playlist (``owner`` given) is
        not followed unless ``followed=True``."""
        owner = owner or self.user_id
        with self._lock:
            state = self._new_playlist(name, description, public, collaborative, owner)
            state["followed"] = owner == self.user_id if followed is None else followed
            state["uris"] = list(uris)
            state["added_at"] = [state["created_at"]] * len(uris)
            return state["id"]

    def _new_playlist(
        self, name: str, description: str, public: bool, collaborative: bool, owner: str
    ) -> dict[str, Any]:
        serial = next(self._serial)
        playlist_id = f"fakepl{serial:016d}"
        state: dict[str, Any] = {
            "id": playlist_id,
            "name": name,
            "description": description,
            "public": public,
            "collaborative": collaborative,
            "owner": owner,
            "collaborators": [],
            "snapshot_id": "",
            "uris": [],
            "added_at": [],
            "followed": True,
            "created_at": _now_iso(),
            "serial": serial,
        }
        self.playlists[playlist_id] = state
        self._bump_snapshot(state)
        return state

    def playlist_uris(self, playlist_id: str) -> list[str]:
        with self._lock:
            return list(self.playlists[playlist_id]["uris"])

    def unfollow(self, playlist_id: str) -> None:
        """What "deleting" a playlist in the Spotify app does: it leaves /me/playlists but
        stays readable (and restorable) by id."""
        with self._lock:
            self.playlists[playlist_id]["followed"] = False

    def _playlist_state(self, playlist_id: str) -> dict[str, Any]:
        state = self.playlists.get(playlist_id)
        if state is None:
            raise _ApiError(404, "Resource not found")
        return state

    @staticmethod
    def _may_edit(state: Mapping[str, Any], user: str) -> bool:
        return user == state["owner"] or user in state.get("collaborators", ())

    def _editable(self, grant: _Grant, playlist_id: str) -> dict[str, Any]:
        """The playlist, if this token may change its contents."""
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if not self._may_edit(state, user):
            raise _ApiError(403, "Forbidden")
        self._require_scope(grant, _modify_scope(state["public"]))
        return state

    def _simplified_playlist(self, state: Mapping[str, Any]) -> dict[str, Any]:
        playlist_id = state["id"]
        return {
            "collaborative": state["collaborative"],
            "description": state["description"],
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{playlist_id}"},
            "href": f"{self._origin()}/v1/playlists/{playlist_id}",
            "id": playlist_id,
            "images": [],
            "items": {
                "href": f"{self._origin()}/v1/playlists/{playlist_id}/items",
                "total": len(state["uris"]),
            },
            "name": state["name"],
            "owner": self._user_object(state["owner"]),
            "public": state["public"],
            "snapshot_id": state["snapshot_id"],
            "type": "playlist",
            "uri": f"spotify:playlist:{playlist_id}",
        }

    def _full_playlist(self, state: Mapping[str, Any], grant: _Grant, language: str | None):
        obj = self._simplified_playlist(state)
        obj["followers"] = {"href": None, "total": 1 if state["followed"] else 0}
        if grant.user is not None and self._may_edit(state, grant.user):
            obj["items"] = self._items_page(state, language, limit=PAGE_MAX_LIMIT, offset=0)
        return obj

    def _my_playlists(self, request: _Request, grant: _Grant) -> _Response:
        self._require_user(grant)
        limit, offset = _window(
            request.query, default=20, maximum=PAGE_MAX_LIMIT, max_offset=100_000
        )
        see_private = grant.has_scope("playlist-read-private")
        listed = sorted(
            (s for s in self.playlists.values() if s["followed"] and (s["public"] or see_private)),
            key=lambda s: -s["serial"],  # newest first, as the app's library lists them
        )
        page = self._paging(
            "/v1/me/playlists", listed, self._simplified_playlist, limit=limit, offset=offset
        )
        return _Response.of_json(200, page)

    def _create_playlist(self, request: _Request, grant: _Grant) -> _Response:
        user = self._require_user(grant)
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Missing required field: name")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _ApiError(400, "Missing required field: name")
        public = body.get("public", True)
        collaborative = body.get("collaborative", False)
        description = body.get("description") or ""
        if not isinstance(public, bool) or not isinstance(collaborative, bool):
            raise _ApiError(400, "public and collaborative must be booleans")
        if collaborative and public:
            raise _ApiError(400, "Collaborative playlists can only be private.")
        self._require_scope(grant, _modify_scope(public))
        state = self._new_playlist(name, str(description), public, collaborative, user)
        return _Response.of_json(201, self._full_playlist(state, grant, request.language))

    def _get_playlist(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._require_user(grant)
        state = self._playlist_state(playlist_id)
        return _Response.of_json(200, self._full_playlist(state, grant, request.language))

    def _change_details(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if user != state["owner"]:
            raise _ApiError(403, "Forbidden")
        self._require_scope(grant, _modify_scope(state["public"]))
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Error parsing JSON.")
        changes = _detail_changes(body)
        if any(state[key] != value for key, value in changes.items()):
            state.update(changes)
            self._bump_snapshot(state)
        return _Response.empty(200)

    def _set_followed(self, grant: _Grant, playlist_id: str, followed: bool) -> None:
        self._require_user(grant)
        self._require_scope(grant, "playlist-modify-public", "playlist-modify-private")
        self._playlist_state(playlist_id)["followed"] = followed

    def _follow(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._set_followed(grant, playlist_id, True)
        return _Response.empty(200)

    def _unfollow(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._set_followed(grant, playlist_id, False)
        return _Response.empty(200)

    def _library_playlists(self, request: _Request) -> list[str]:
        uris = [u for u in request.query.get("uris", "").split(",") if u]
        ids = [
            u.removeprefix("spotify:playlist:") for u in uris if u.startswith("spotify:playlist:")
        ]
        if not uris or len(ids) != len(uris):
            raise _ApiError(400, "Only playlist uris are supported by this fake")
        return ids

    def _follow_via_library(self, request: _Request, grant: _Grant) -> _Response:
        for playlist_id in self._library_playlists(request):
            self._set_followed(grant, playlist_id, True)
        return _Response.empty(200)

    def _unfollow_via_library(self, request: _Request, grant: _Grant) -> _Response:
        for playlist_id in self._library_playlists(request):
            self._set_followed(grant, playlist_id, False)
        return _Response.empty(200)

    # -- /v1: playlist items ---------------------------------------------------------------

    def _bump_snapshot(self, state: dict[str, Any]) -> None:
        """Every change gets a snapshot never seen before, even when it restores old contents."""
        version = next(self._serial)
        digest = hashlib.sha256(f"{state['id']}:{version}".encode()).digest()[:20]
        snapshot = base64.b64encode(version.to_bytes(4, "big") + digest).decode("ascii")
        state["snapshot_id"] = snapshot
        self._snapshots.setdefault(state["id"], set()).add(snapshot)

    def _check_snapshot(self, state: Mapping[str, Any], body: Mapping[str, Any]) -> None:
        snapshot = body.get("snapshot_id")
        if snapshot is not None and snapshot not in self._snapshots.get(state["id"], ()):
            raise _ApiError(400, "Invalid snapshot id")

    @staticmethod
    def _rows(state: Mapping[str, Any]) -> list[tuple[str, str]]:
        added = list(state.get("added_at", []))
        added += [state["created_at"]] * (len(state["uris"]) - len(added))  # tests may edit uris
        return list(zip(state["uris"], added, strict=False))

    def _commit(self, state: dict[str, Any], rows: Sequence[tuple[str, str]]) -> None:
        """Store new contents; unchanged contents keep their snapshot_id."""
        uris = [uri for uri, _ in rows]
        if uris != state["uris"]:
            state["uris"] = uris
            state["added_at"] = [added for _, added in rows]
            self._bump_snapshot(state)

    def _checked_uris(self, uris: Any) -> list[str]:
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise _ApiError(400, "uris must be a list of Spotify URIs")
        if len(uris) > MAX_URIS_PER_REQUEST:
            raise _ApiError(400, "You can add a maximum of 100 tracks per request.")
        for uri in uris:
            match = _TRACK_URI_RE.fullmatch(uri)
            if match is None or not _ID_RE.fullmatch(match.group(1)):
                raise _ApiError(400, f"Invalid track uri: {uri}")
            if match.group(1) not in self._tracks:
                raise _ApiError(400, "Payload contains a non-existing ID")
        return uris

    def _row_object(self, state: Mapping[str, Any], row: tuple[str, str], language: str | None):
        uri, added_at = row
        match = _TRACK_URI_RE.fullmatch(uri)
        track = self._tracks.get(match.group(1)) if match else None
        return {
            "added_at": added_at,
            "added_by": self._user_object(state["owner"]),
            "is_local": False,
            "item": self._track_object(track, language) if track else None,
        }

    def _items_page(
        self, state: Mapping[str, Any], language: str | None, *, limit: int, offset: int
    ):
        return self._paging(
            f"/v1/playlists/{state['id']}/items",
            self._rows(state),
            lambda row: self._row_object(state, row, language),
            limit=limit,
            offset=offset,
        )

    def _get_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if not self._may_edit(state, user):
            raise _ApiError(403, "Forbidden")
        if not state["public"]:
            self._require_scope(grant, "playlist-read-private")
        limit, offset = _window(request.query, default=20, maximum=PAGE_MAX_LIMIT, max_offset=10**6)
        page = self._items_page(state, request.language, limit=limit, offset=offset)
        return _Response.of_json(200, page)

    def _add_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        position: Any = request.query.get("position")
        uris: Any
        if isinstance(body, list):  # what spotipy sends: a bare array, position in the query
            uris = body
        elif isinstance(body, dict):
            uris = body.get("uris")
            position = body.get("position", position)
        elif body is None and request.query.get("uris"):
            uris = request.query["uris"].split(",")
        else:
            raise _ApiError(400, "No uris provided")
        if not uris:
            raise _ApiError(400, "No uris provided")
        uris = self._checked_uris(uris)
        rows = self._rows(state)
        at = len(rows) if position is None else _int_param(position, "Invalid position")
        if not 0 <= at <= len(rows):
            raise _ApiError(400, "Index out of bounds")
        added = _now_iso()
        rows[at:at] = [(uri, added) for uri in uris]
        self._commit(state, rows)
        return _Response.of_json(201, {"snapshot_id": state["snapshot_id"]})

    def _put_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        if isinstance(body, dict) and "range_start" in body:
            self._reorder(state, body)
        elif isinstance(body, dict) and "uris" in body:
            self._replace(state, body["uris"])
        elif body is None and "uris" in request.query:
            self._replace(state, [u for u in request.query["uris"].split(",") if u])
        else:
            raise _ApiError(400, "Either uris or range_start is required")
        return _Response.of_json(200, {"snapshot_id": state["snapshot_id"]})

    def _replace(self, state: dict[str, Any], uris: Any) -> None:
        added = _now_iso()
        self._commit(state, [(uri, added) for uri in self._checked_uris(uris)])

    def _reorder(self, state: dict[str, Any], body: Mapping[str, Any]) -> None:
        self._check_snapshot(state, body)
        start = _int_param(body.get("range_start"), "Invalid range_start")
        before = _int_param(body.get("insert_before"), "Invalid insert_before")
        length = _int_param(body.get("range_length", 1), "Invalid range_length")
        rows = self._rows(state)
        if length < 1 or start < 0 or start + length > len(rows) or not 0 <= before <= len(rows):
            raise _ApiError(400, "Index out of bounds")
        if start <= before <= start + length:
            return  # moving a block to where it already is changes nothing
        block = rows[start : start + length]
        rest = rows[:start] + rows[start + length :]
        at = before if before < start else before - length
        self._commit(state, rest[:at] + block + rest[at:])

    def _remove_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Missing items")
        entries = body.get("items", body.get("tracks"))  # "tracks" is the pre-2026 key
        if not isinstance(entries, list) or not entries:
            raise _ApiError(400, "Missing items")
        if len(entries) > MAX_URIS_PER_REQUEST:
            raise _ApiError(400, "You can remove a maximum of 100 tracks per request.")
        self._check_snapshot(state, body)
        rows = self._rows(state)
        doomed = _positions_to_remove(rows, entries)
        self._commit(state, [row for index, row in enumerate(rows) if index not in doomed])
        return _Response.of_json(200, {"snapshot_id": state["snapshot_id"]})


def _modify_scope(public: bool) -> str:
    return "playlist-modify-public" if public else "playlist-modify-private"


def _detail_changes(body: Mapping[str, Any]) -> dict[str, Any]:
    expected = {"name": str, "description": str, "public": bool, "collaborative": bool}
    changes = {}
    for key, kind in expected.items():
        if key in body:
            if not isinstance(body[key], kind):
                raise _ApiError(400, f"Invalid {key}")
            changes[key] = body[key]
    if "name" in changes and not changes["name"].strip():
        raise _ApiError(400, "Invalid name")
    return changes


def _positions_to_remove(rows: Sequence[tuple[str, str]], entries: Sequence[Any]) -> set[int]:
    """Indexes to delete: every occurrence of each uri, or only the listed ``positions``."""
    doomed: set[int] = set()
    for entry in entries:
        uri = entry.get("uri") if isinstance(entry, dict) else None
        if not isinstance(uri, str) or not _TRACK_URI_RE.fullmatch(uri):
            raise _ApiError(400, "Invalid track uri")
        positions = entry.get("positions")
        if positions is None:
            doomed |= {i for i, (row_uri, _) in enumerate(rows) if row_uri == uri}
            continue
        for position in positions:
            if not (isinstance(position, int) and 0 <= position < len(rows)):
                raise _ApiError(400, "Index out of bounds")
            if rows[position][0] != uri:
                raise _ApiError(400, "Could not remove tracks, please check parameters.")
            doomed.add(position)
    return doomed
