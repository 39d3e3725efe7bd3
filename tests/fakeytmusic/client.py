"""``FakeYTMusic``: a stand-in for ``ytmusicapi.YTMusic`` with its signatures, its answers' shapes
and its errors, over the shared state file (``store``).

It refuses what the real client refuses before sending anything (``YTMusicUserError``: an
unsupported language, auth that is not browser headers with ``__Secure-3PAPISID``, a write without
auth, a playlist title with ``<`` or ``>``, nothing to add, items without ``setVideoId``, a bad
search filter or album id), and what the service refuses (``YTMusicServerError``: an unknown
playlist or video, a privacy it does not know, too many quick additions, a full playlist, an
ended session). A call that reaches the service is logged, with its outcome.

Like the real client, one made with browser headers that lack ``x-goog-visitor-id`` asks the
service for a visitor id as it is made, and one made without auth does so before its first call:
the log shows these as ``get_visitor_id``.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ytmusicapi.auth.auth_parse import determine_auth_type, parse_auth_str
from ytmusicapi.auth.types import AuthType
from ytmusicapi.constants import SUPPORTED_LANGUAGES, SUPPORTED_LOCATIONS
from ytmusicapi.exceptions import YTMusicError, YTMusicServerError, YTMusicUserError
from ytmusicapi.helpers import sapisid_from_cookie

from . import faults, search, shapes
from .store import State, Store, new_playlist_id, new_set_video_id

T = TypeVar("T")
FILTERS = (
    "albums", "artists", "playlists", "community_playlists", "featured_playlists", "songs",
    "videos", "profiles", "podcasts", "episodes",
)  # fmt: skip
MODELLED_FILTERS = frozenset({"songs", "videos", "albums"})
PRIVACY = frozenset({"PUBLIC", "PRIVATE", "UNLISTED"})
LIBRARY_PAGE = 25
PLAYLIST_PAGE = 100
SUCCEEDED = "STATUS_SUCCEEDED"
ALREADY_THERE = {
    "status": "STATUS_FAILED",
    "actions": [
        {
            "addToToastAction": {
                "item": {
                    "notificationActionRenderer": {
                        "responseText": {"runs": [{"text": "This song is already in the playlist"}]}
                    }
                }
            }
        }
    ],
}


class FakeYTMusic:
    def __init__(
        self,
        auth: str | dict[str, Any] | None = None,
        user: str | None = None,
        requests_session: Any = None,
        proxies: dict[str, str] | None = None,
        language: str = "en",
        location: str = "",
        oauth_credentials: Any = None,
    ):
        self._store = Store()
        self.language = language
        self.account: str | None = None
        self._visitor = False
        headers = self._headers(auth, oauth_credentials)
        if location and location not in SUPPORTED_LOCATIONS:
            raise YTMusicUserError("Location not supported. Check the FAQ for supported locations.")
        if language not in SUPPORTED_LANGUAGES:
            raise YTMusicUserError(
                "Language not supported. Supported languages are "
                + ", ".join(SUPPORTED_LANGUAGES)
                + "."
            )
        if headers is not None:
            self._visitor = "x-goog-visitor-id" in headers
            self._fetch_visitor_id()
            try:
                self.account = sapisid_from_cookie(headers["cookie"])
            except KeyError:
                raise YTMusicUserError(
                    "Your cookie is missing the required value __Secure-3PAPISID"
                ) from None
            with self._store.transaction() as state:  # not a call: the service knows its users
                _remember(state, self.account)

    @staticmethod
    def _headers(auth: Any, oauth_credentials: Any) -> Any:
        if auth is None:
            return None
        headers, _ = parse_auth_str(auth)
        kind = determine_auth_type(headers)
        if kind == AuthType.OAUTH_CUSTOM_CLIENT and oauth_credentials is None:
            raise YTMusicUserError(
                "oauth JSON provided via auth argument, but oauth_credentials not provided."
                "Please provide oauth_credentials as specified in the OAuth setup documentation."
            )
        if kind != AuthType.BROWSER:
            raise NotImplementedError("the YouTube Music stand-in knows browser headers only")
        return headers

    # --- the call machinery --------------------------------------------------------------------
    def _fetch_visitor_id(self) -> None:
        if not self._visitor:
            self._run("get_visitor_id", {}, lambda state: None)
            self._visitor = True

    def _run(
        self,
        method: str,
        arguments: dict[str, Any],
        action: Callable[[State], T],
        signed_in: bool = False,
    ) -> T:
        """Log the call, meet its fault if one is set, apply it; the log and the spent fault are
        kept whatever happens, a refused call changes nothing else."""
        if method != "get_visitor_id":
            self._fetch_visitor_id()
        with self._store.transaction() as state:
            entry = {
                "method": method,
                "args": arguments,
                "language": self.language,
                "account": self.account,
                "pid": os.getpid(),
                "outcome": "ok",
            }
            state["calls"].append(entry)
            found = faults.take(state, method, json.dumps(arguments, ensure_ascii=False))
            failure: Exception | None = None
            try:
                if signed_in:
                    _check_session(state)
                faults.raise_before(found)
                result = action(state)
            except YTMusicError as error:
                entry["outcome"] = _outcome(error)
                failure = error
            if failure is None and found and found["kind"] in faults.AFTER:
                entry["outcome"] = found["kind"]
                failure = faults.lost_error(found["kind"])
        if failure is not None:
            raise failure
        return result

    def _check_auth(self) -> None:
        if self.account is None:
            raise YTMusicUserError("Please provide authentication before using this function")

    # --- search and browsing -------------------------------------------------------------------
    def search(
        self,
        query: str,
        filter: str | None = None,
        scope: str | None = None,
        limit: int = 20,
        ignore_spelling: bool = False,
    ) -> list[dict[str, Any]]:
        if filter and filter not in FILTERS:
            raise YTMusicUserError(
                "Invalid filter provided. Please use one of the following filters or leave out "
                "the parameter: " + ", ".join(FILTERS)
            )
        if scope is not None or (filter and filter not in MODELLED_FILTERS):
            raise NotImplementedError(f"the stand-in does not search {scope or filter}")
        arguments = {"query": query, "filter": filter, "limit": limit}
        return self._run("search", arguments, lambda s: self._search(s, query, filter, limit))

    def _search(
        self, state: State, query: str, kind: str | None, limit: int
    ) -> list[dict[str, Any]]:
        if kind is None:
            return search.unfiltered(state, query, self.language)
        shelf = shapes.label(self.language, kind)
        if state["localized_filter_bug"] and kind[:-1] not in shelf.lower():
            # ytmusicapi 1.12.2-1.12.3 (issue #1006): a filtered search skips a shelf whose
            # localised title lacks the English filter word, so "노래" answers nothing.
            return []
        return search.filtered(state, query, kind, self.language, limit)

    def get_album(self, browseId: str) -> dict[str, Any]:
        if not browseId or not browseId.startswith("MPRE"):
            raise YTMusicUserError("Invalid album browseId provided, must start with MPRE.")

        def read(state: State) -> dict[str, Any]:
            if browseId not in state["albums"]:
                raise faults.server_error(400)
            return shapes.album(state, browseId, self.language)

        return self._run("get_album", {"browseId": browseId}, read)

    def get_artist(self, channelId: str) -> dict[str, Any]:
        channel = channelId.removeprefix("MPLA")

        def read(state: State) -> dict[str, Any] | None:
            if channel in state["user_channels"]:
                return None  # a page, but no artist's: the parser fails below
            try:
                return shapes.artist(state, channel, self.language)
            except KeyError:
                raise faults.server_error(404) from None

        page = self._run("get_artist", {"channelId": channelId}, read)
        if page is None:
            # A user's or a label's channel has no artist header: ytmusicapi's get_artist reads
            # response["header"]["musicImmersiveHeaderRenderer"] (its issues #859, #284).
            raise KeyError("musicImmersiveHeaderRenderer")
        return page

    def get_artist_albums(
        self, channelId: str, params: str, limit: int | None = 100, order: str | None = None
    ) -> list[dict[str, Any]]:
        if order is not None:
            raise NotImplementedError("the stand-in lists releases in the page's order only")

        def read(state: State) -> list[dict[str, Any]]:
            if params not in shapes.SECTION_PARAMS.values():
                raise faults.server_error(400)
            return shapes.artist_albums(state, channelId, params, limit, self.language)

        arguments = {"channelId": channelId, "params": params, "limit": limit}
        return self._run("get_artist_albums", arguments, read)

    def get_watch_playlist(
        self,
        videoId: str | None = None,
        playlistId: str | None = None,
        limit: int = 25,
        radio: bool = False,
        shuffle: bool = False,
    ) -> dict[str, Any]:
        if not videoId and not playlistId:
            raise YTMusicUserError("You must provide either a video id, a playlist id, or both")
        if playlistId or radio or shuffle:
            raise NotImplementedError("the stand-in queues from a video id only")

        def read(state: State) -> dict[str, Any]:
            if videoId not in state["videos"]:
                raise faults.server_error(400)
            if state["videos"][videoId].get("unqueued"):
                # No queue in the answer: ytmusicapi's get_watch_playlist raises this (no
                # status), naming the radio playlist it asked for (mixins/watch.py).
                raise YTMusicServerError(
                    "No content returned by the server.\nEnsure you have access to "
                    f"RDAMVM{videoId} - a private playlist may cause this."
                )
            return shapes.watch_playlist(state, str(videoId), limit)

        arguments = {"videoId": videoId, "limit": limit}
        return self._run("get_watch_playlist", arguments, read)

    def get_song(self, videoId: str, signatureTimestamp: int | None = None) -> dict[str, Any]:
        return self._run("get_song", {"videoId": videoId}, lambda s: shapes.song(s, videoId))

    # --- playlists -----------------------------------------------------------------------------
    def get_account_info(self) -> dict[str, Any]:
        """``{accountName, channelHandle, accountPhotoUrl}``, as ytmusicapi reads the account
        menu (``mixins/library.py``)."""
        self._check_auth()

        def read(state: State) -> dict[str, Any]:
            name = state["accounts"][self.account]["name"]
            return {
                "accountName": name,
                "channelHandle": "@" + name.lower().replace(" ", ""),
                "accountPhotoUrl": "https://yt3.ggpht.com/fake-account-photo",
            }

        return self._run("get_account_info", {}, read, signed_in=True)

    def get_library_playlists(self, limit: int | None = 25) -> list[dict[str, Any]]:
        self._check_auth()

        def read(state: State) -> list[dict[str, Any]]:
            name = state["accounts"][self.account]["name"]
            newest_first = reversed(state["playlists"].items())
            mine = [pid for pid, p in newest_first if p["owner"] == self.account]
            rows = [dict(shapes.LIKED_MUSIC)] + [shapes.library_row(state, p, name) for p in mine]
            if limit is None:
                return rows
            return rows[: LIBRARY_PAGE * max(1, -(-limit // LIBRARY_PAGE))]

        return self._run("get_library_playlists", {"limit": limit}, read, signed_in=True)

    def get_playlist(
        self,
        playlistId: str,
        limit: int | None = 100,
        related: bool = False,
        suggestions_limit: int = 0,
    ) -> dict[str, Any]:
        pid = playlistId.removeprefix("VL")

        def read(state: State) -> dict[str, Any]:
            stored = state["playlists"].get(pid)
            owned = stored is not None and stored["owner"] == self.account
            if stored is None or (stored["privacy"] == "PRIVATE" and not owned):
                raise faults.server_error(404)
            shown = None if limit is None else PLAYLIST_PAGE * max(1, -(-limit // PLAYLIST_PAGE))
            return shapes.playlist(state, pid, owned, shown)

        arguments = {"playlistId": playlistId, "limit": limit}
        return self._run("get_playlist", arguments, read, signed_in=self.account is not None)

    def create_playlist(
        self,
        title: str,
        description: str,
        privacy_status: str = "PRIVATE",
        video_ids: list[str] | None = None,
        source_playlist: str | None = None,
    ) -> str | dict[str, Any]:
        self._check_auth()
        invalid = [ch for ch in ("<", ">") if ch in title]
        if invalid:
            raise YTMusicUserError(f"{title} contains invalid characters: {', '.join(invalid)}")
        if source_playlist is not None:
            raise NotImplementedError("the stand-in does not copy playlists")
        text = re.sub("<[^>]+>", "", description)  # ytmusicapi strips HTML tags

        def create(state: State) -> str:
            if privacy_status not in PRIVACY:
                raise faults.server_error(400)
            _check_additions(state, video_ids or [], [])
            pid = new_playlist_id(state)
            state["playlists"][pid] = {
                "title": title,
                "description": text,
                "privacy": privacy_status,
                "owner": self.account,
                "year": time.strftime("%Y"),
                "items": [],
            }
            _append(state, pid, video_ids or [])
            return pid

        arguments = {
            "title": title,
            "description": text,
            "privacy_status": privacy_status,
            "video_ids": video_ids,
        }
        return self._run("create_playlist", arguments, create, signed_in=True)

    def add_playlist_items(
        self,
        playlistId: str,
        videoIds: list[str] | None = None,
        source_playlist: str | None = None,
        duplicates: bool = False,
    ) -> str | dict[str, Any]:
        self._check_auth()
        if not videoIds and not source_playlist:
            raise YTMusicUserError(
                "You must provide either videoIds or a source_playlist to add to the playlist"
            )
        if source_playlist is not None:
            raise NotImplementedError("the stand-in does not copy playlists")
        pid, wanted = playlistId.removeprefix("VL"), list(videoIds or [])

        def add(state: State) -> dict[str, Any]:
            items = self._own_items(state, pid)
            present = {item["videoId"] for item in items}
            if not duplicates and (present & set(wanted) or len(set(wanted)) < len(wanted)):
                return json.loads(json.dumps(ALREADY_THERE))
            _check_additions(state, wanted, items)
            added = _append(state, pid, wanted)
            return {"status": SUCCEEDED, "playlistEditResults": added}

        arguments = {"playlistId": playlistId, "videoIds": wanted, "duplicates": duplicates}
        return self._run("add_playlist_items", arguments, add, signed_in=True)

    def remove_playlist_items(self, playlistId: str, videos: list[dict[str, Any]]) -> str | dict:
        self._check_auth()
        videos = [v for v in videos if "videoId" in v and "setVideoId" in v]
        if not videos:
            raise YTMusicUserError(
                "Cannot remove songs, because setVideoId is missing. Do you own this playlist?"
            )
        pid = playlistId.removeprefix("VL")
        gone = {(v["videoId"], v["setVideoId"]) for v in videos}

        def remove(state: State) -> str:
            items = self._own_items(state, pid)
            items[:] = [i for i in items if (i["videoId"], i["setVideoId"]) not in gone]
            return SUCCEEDED

        arguments = {"playlistId": playlistId, "setVideoIds": sorted(s for _, s in gone)}
        return self._run("remove_playlist_items", arguments, remove, signed_in=True)

    def edit_playlist(
        self,
        playlistId: str,
        title: str | None = None,
        description: str | None = None,
        privacyStatus: str | None = None,
        collaboration: bool | None = None,
        moveItem: str | tuple[str, str] | None = None,
        addPlaylistId: str | None = None,
        sortOrder: Any = None,
        addToTop: bool | None = None,
        voteOption: Any = None,
    ) -> str | dict[str, Any]:
        self._check_auth()
        if collaboration is not None or addPlaylistId or sortOrder or voteOption is not None:
            raise NotImplementedError("the stand-in edits title, description, privacy and order")
        pid = playlistId.removeprefix("VL")

        def edit(state: State) -> str:
            items = self._own_items(state, pid)
            if privacyStatus and privacyStatus not in PRIVACY:
                raise faults.server_error(400)
            if moveItem:
                _move(items, moveItem)
            stored = state["playlists"][pid]
            stored["title"] = title or stored["title"]
            stored["description"] = description or stored["description"]
            stored["privacy"] = privacyStatus or stored["privacy"]
            return SUCCEEDED

        arguments = {
            "playlistId": playlistId,
            "title": title,
            "description": description,
            "privacyStatus": privacyStatus,
            "moveItem": list(moveItem) if isinstance(moveItem, tuple) else moveItem,
        }
        return self._run("edit_playlist", arguments, edit, signed_in=True)

    def delete_playlist(self, playlistId: str) -> str | dict[str, Any]:
        self._check_auth()
        pid = playlistId.removeprefix("VL")

        def delete(state: State) -> str:
            self._own_items(state, pid)
            del state["playlists"][pid]
            return SUCCEEDED

        return self._run("delete_playlist", {"playlistId": playlistId}, delete, signed_in=True)

    def _own_items(self, state: State, pid: str) -> list[dict[str, Any]]:
        stored = state["playlists"].get(pid)
        if stored is None:
            raise faults.server_error(404)
        if stored["owner"] != self.account:
            raise faults.server_error(403, "The caller does not have permission")
        items: list[dict[str, Any]] = stored["items"]
        return items


# --- the service's rules ------------------------------------------------------------------------------
def _remember(state: State, account: str | None) -> None:
    if account and account not in state["accounts"]:
        state["accounts"][account] = {"name": f"Fan {len(state['accounts']) + 1}"}


def _check_session(state: State) -> None:
    if state["session_ended"]:
        raise faults.server_error(int(state["session_ended"]))


def _check_additions(state: State, video_ids: list[str], items: list[dict[str, Any]]) -> None:
    """Unknown videos, a full playlist and too many additions in a short time answer 400."""
    limits, now = state["limits"], time.time()
    if any(v not in state["videos"] for v in video_ids):
        raise faults.server_error(400)
    if len(items) + len(video_ids) > limits["playlist_items"]:
        raise faults.server_error(400, "Playlist is full.")
    recent = [[t, n] for t, n in state["additions"] if now - t < limits["window_s"]]
    if sum(n for _, n in recent) + len(video_ids) > limits["additions"]:
        state["additions"] = recent
        raise faults.server_error(400)
    state["additions"] = [*recent, [now, len(video_ids)]] if video_ids else recent


def _append(state: State, pid: str, video_ids: list[str]) -> list[dict[str, Any]]:
    """Add at the end, each video under a new ``setVideoId``; without Premium a song can be
    replaced by its music video (``counterparts``)."""
    added = []
    for vid in video_ids:
        put = state["counterparts"].get(vid, vid)
        set_id = new_set_video_id(state)
        state["playlists"][pid]["items"].append({"videoId": put, "setVideoId": set_id})
        added.append({"videoId": put, "setVideoId": set_id})
    return added


def _move(items: list[dict[str, Any]], move: str | tuple[str, str]) -> None:
    """``ACTION_MOVE_VIDEO_BEFORE``: the item before its successor, or to the end without one."""
    moved, successor = (move, None) if isinstance(move, str) else (move[0], move[1])
    index = {item["setVideoId"]: i for i, item in enumerate(items)}
    if moved not in index or (successor is not None and successor not in index):
        raise faults.server_error(400)
    item = items.pop(index[moved])
    where = (
        len(items)
        if successor is None
        else next(i for i, it in enumerate(items) if it["setVideoId"] == successor)
    )
    items.insert(where, item)


def _outcome(error: Exception) -> str:
    if isinstance(error, YTMusicServerError):
        found = re.match(r"Server returned HTTP (\d+)", str(error))
        return f"HTTP {found.group(1)}" if found else "gated"
    return type(error).__name__
