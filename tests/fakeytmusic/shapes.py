"""Stored videos, albums and playlists as ytmusicapi 1.12 returns them: the same keys, the same
``None``s. ``tests/test_fakeytmusic.py`` checks the key sets against what ytmusicapi's own parsers
make of a row; ``docs/ytmusic-shapes.md`` says where each shape comes from.

The interface language changes only YouTube Music's own words (shelf titles, "Single"), never a
title or a channel name: those are what the label uploaded.
"""

from __future__ import annotations

from typing import Any

from .store import State

ATV = "MUSIC_VIDEO_TYPE_ATV"
LABELS: dict[str, dict[str, str]] = {
    "en": {"songs": "Songs", "videos": "Videos", "albums": "Albums", "top": "Top result",
           "Single": "Single", "EP": "EP", "Album": "Album"},
    "ko": {"songs": "노래", "videos": "동영상", "albums": "앨범", "top": "상위 검색결과",
           "Single": "싱글", "EP": "EP", "Album": "앨범"},
}  # fmt: skip
"""Other languages ytmusicapi accepts get the English words here (a simplification)."""
THUMBNAILS = [{"url": "https://lh3.googleusercontent.com/fake-thumbnail=w60-h60", "width": 60, "height": 60}]  # fmt: skip
FEEDBACK = {"add": "fakeFeedbackTokenAdd", "remove": "fakeFeedbackTokenRemove"}


def label(language: str, word: str) -> str:
    return LABELS.get(language, LABELS["en"])[word]


def clock(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{rest:02d}"
    return f"{minutes}:{rest:02d}"


def _album_ref(state: State, video: dict[str, Any]) -> dict[str, Any] | None:
    browse_id = video["album"]
    if not browse_id:
        return None
    return {"name": state["albums"][browse_id]["title"], "id": browse_id}


# --- search -----------------------------------------------------------------------------------------
def song_item(state: State, vid: str, category: str) -> dict[str, Any]:
    """A row of the songs shelf (``filter="songs"``, or the shelf of a search without a filter)."""
    video = state["videos"][vid]
    return {
        "category": category,
        "resultType": "song",
        "title": video["title"],
        "album": _album_ref(state, video),
        "inLibrary": False,
        "pinnedToListenAgain": False,
        "feedbackTokens": dict(FEEDBACK),
        "videoId": vid,
        "videoType": video["videoType"],
        "isAvailable": True,
        "duration": clock(video["seconds"]),
        "year": None,  # song rows name no year: "artist • album • 3:56"
        "artists": [dict(a) for a in video["artists"]],
        "views": video["views"],
        "duration_seconds": video["seconds"],
        "isExplicit": video["explicit"],
        "thumbnails": list(THUMBNAILS),
    }


def video_item(state: State, vid: str, category: str) -> dict[str, Any]:
    """A row of the videos shelf: a song row without album, library or explicit marks."""
    row = song_item(state, vid, category)
    return {k: v for k, v in row.items() if k not in SONG_ONLY} | {"resultType": "video"}


SONG_ONLY = frozenset({"album", "inLibrary", "pinnedToListenAgain", "feedbackTokens", "isExplicit"})


def top_result(state: State, vid: str, language: str) -> dict[str, Any]:
    """The "Top result" card of a search without a filter (``parse_top_result``)."""
    video = state["videos"][vid]
    song = video["videoType"] == ATV
    item: dict[str, Any] = {
        "category": label(language, "top"),
        "resultType": "song" if song else "video",
        "videoId": vid,
        "videoType": video["videoType"],
        "title": video["title"],
        "artists": [dict(a) for a in video["artists"]],
    }
    if song and video["album"]:
        item["album"] = _album_ref(state, video)
    if not song:
        item["views"] = video["views"]
    item |= {"duration": clock(video["seconds"]), "duration_seconds": video["seconds"]}
    item["thumbnails"] = list(THUMBNAILS)
    return item


def album_item(state: State, browse_id: str, category: str, language: str) -> dict[str, Any]:
    album = state["albums"][browse_id]
    return {
        "category": category,
        "resultType": "album",
        "title": album["title"],
        "type": label(language, album["type"]),
        "playlistId": album["playlistId"],
        "duration": None,
        "year": album["year"],
        "artists": [dict(a) for a in album["artists"]],
        "browseId": browse_id,
        "isExplicit": False,
        "thumbnails": list(THUMBNAILS),
    }


# --- albums and songs ---------------------------------------------------------------------------------
def album(state: State, browse_id: str, language: str) -> dict[str, Any]:
    """``get_album``: a year, never a day; each track's ``album`` is the album's title."""
    stored = state["albums"][browse_id]
    tracks = [
        _album_track(state, vid, stored["title"], number)
        for number, vid in enumerate(stored["tracks"], start=1)
    ]
    seconds = sum(t["duration_seconds"] for t in tracks)
    answer: dict[str, Any] = {
        "title": stored["title"],
        "type": label(language, stored["type"]),
        "thumbnails": list(THUMBNAILS),
        "isExplicit": False,
        "description": "",
        "descriptionRuns": [],
        "artists": [dict(a) for a in stored["artists"]],
        "year": stored["year"],
        "trackCount": len(tracks),
        "duration": f"{round(seconds / 60)} minutes",
        "audioPlaylistId": stored["playlistId"],
        "likeStatus": "INDIFFERENT",
        "tracks": tracks,
    }
    if stored["other_versions"]:
        answer["other_versions"] = [_other_version(state, b, language) for b in stored["other_versions"]]  # fmt: skip
    answer["duration_seconds"] = seconds
    return answer


def _album_track(state: State, vid: str, title: str, number: int) -> dict[str, Any]:
    video = state["videos"][vid]
    return {
        "videoId": vid,
        "title": video["title"],
        "artists": [dict(a) for a in video["artists"]],
        "album": title,
        "likeStatus": "INDIFFERENT",
        "inLibrary": False,
        "pinnedToListenAgain": False,
        "feedbackTokens": dict(FEEDBACK),
        "thumbnails": None,
        "isAvailable": True,
        "isExplicit": video["explicit"],
        "videoType": video["videoType"],
        "views": f"{video['views']} plays",
        "communityVoteStatus": None,
        "trackNumber": number,
        "duration": clock(video["seconds"]),
        "duration_seconds": video["seconds"],
    }


def _other_version(state: State, browse_id: str, language: str) -> dict[str, Any]:
    other = state["albums"][browse_id]
    return {
        "title": other["title"],
        "artists": [dict(a) for a in other["artists"]],
        "browseId": browse_id,
        "audioPlaylistId": other["playlistId"],
        "thumbnails": list(THUMBNAILS),
        "isExplicit": False,
        "type": label(language, other["type"]),
        "year": other["year"],
    }


# --- artists and the watch queue ----------------------------------------------------------------
CAROUSEL = 10
"""Releases an artist page's carousel shows; with more, the carousel carries ``browseId`` and
``params`` for ``get_artist_albums``, which lists them all."""
SECTION_PARAMS = {"albums": "fakeArtistAlbumsParams", "singles": "fakeArtistSinglesParams"}


def _releases(state: State, channel: str) -> dict[str, list[str]]:
    """The channel's releases by section, newest first."""
    own = [b for b, a in state["albums"].items() if any(x["id"] == channel for x in a["artists"])]
    newest = sorted(own, key=lambda b: state["albums"][b]["year"], reverse=True)
    return {
        "albums": [b for b in newest if state["albums"][b]["type"] == "Album"],
        "singles": [b for b in newest if state["albums"][b]["type"] != "Album"],
    }


def artist(state: State, channel: str, language: str) -> dict[str, Any]:
    """``get_artist``: the page's header, then a carousel of albums and one of singles and EPs
    (newest first), each row as ``parse_album`` / ``parse_single`` make it: an artist page's
    album row credits no artist (its subtitle is "Album • 2024"), a single's says its type and
    year."""
    credits = [*(a["artists"] for a in state["albums"].values()),
               *(v["artists"] for v in state["videos"].values())]  # fmt: skip
    names = (x["name"] for found in credits for x in found if x["id"] == channel)
    name = next(names, None)
    if name is None:
        raise KeyError(channel)
    sections = _releases(state, channel)
    answer: dict[str, Any] = {
        "description": None, "descriptionRuns": [], "views": None, "name": name,
        "channelId": "UC" + channel[2:][::-1], "shuffleId": None, "radioId": None,
        "subscribers": "1.2K", "monthlyListeners": None, "subscribed": False,
        "thumbnails": list(THUMBNAILS), "songs": {"browseId": None, "results": []},
    }  # fmt: skip
    if sections["albums"]:
        rows = [_artist_album(state, b, language) for b in sections["albums"]]
        answer["albums"] = _carousel(channel, "albums", rows)
    if sections["singles"]:
        rows = [_artist_single(state, b, language) for b in sections["singles"]]
        answer["singles"] = _carousel(channel, "singles", rows)
    return answer


def _carousel(channel: str, section: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    more = len(rows) > CAROUSEL
    shelf: dict[str, Any] = {"browseId": channel if more else None, "results": rows[:CAROUSEL]}
    if more:
        shelf["params"] = SECTION_PARAMS[section]
    return shelf


def artist_albums(
    state: State, channel: str, params: str, limit: int | None, language: str
) -> list[dict[str, Any]]:
    """``get_artist_albums(browseId, params)``: the section's releases, newest first, each row as
    ``parse_albums`` makes it (a grid of ``parse_album`` rows, whatever the section: the artist's
    own page credits no one); ``limit=None`` reads every page."""
    section = {v: k for k, v in SECTION_PARAMS.items()}[params]
    found = _releases(state, channel)[section]
    return [_artist_album(state, b, language) for b in found[:limit]]


def _artist_album(state: State, browse_id: str, language: str) -> dict[str, Any]:
    album = state["albums"][browse_id]
    return {
        "title": album["title"], "artists": [], "browseId": browse_id,
        "audioPlaylistId": album["playlistId"], "thumbnails": list(THUMBNAILS),
        "isExplicit": False, "type": label(language, album["type"]), "year": album["year"],
    }  # fmt: skip


def _artist_single(state: State, browse_id: str, language: str) -> dict[str, Any]:
    album = state["albums"][browse_id]
    return {"title": album["title"], "browseId": browse_id, "thumbnails": list(THUMBNAILS),
            "type": label(language, album["type"]), "year": album["year"]}  # fmt: skip


def watch_playlist(state: State, vid: str, limit: int) -> dict[str, Any]:
    """``get_watch_playlist(videoId)``: the queue starts with the video (its album as
    ``{name, id}`` when it is on one), then the rest of its album. A music video paired with its
    song (``counterpart``) starts with the song, the video as its ``counterpart``, as
    ``parsers/watch.parse_watch_playlist`` reads a ``playlistPanelVideoWrapperRenderer``."""
    counterpart = state["videos"][vid].get("counterpart")
    first = counterpart or vid  # a music video's queue plays its song, the video its counterpart
    video = state["videos"][first]
    queue = [first, *(v for v in state["albums"][video["album"]]["tracks"] if v != first)] if video["album"] else [first]  # fmt: skip
    tracks = [_watch_track(state, v) for v in queue[: max(limit, 1)]]
    if counterpart:
        tracks[0]["counterpart"] = _watch_track(state, vid)
    return {
        "tracks": tracks,
        "playlistId": "RDAMVM" + vid,
        "lyrics": None,
        "related": None,
    }


def _watch_track(state: State, vid: str) -> dict[str, Any]:
    video = state["videos"][vid]
    track: dict[str, Any] = {
        "videoId": vid, "title": video["title"], "length": clock(video["seconds"]),
        "thumbnail": list(THUMBNAILS), "likeStatus": "INDIFFERENT",
        "videoType": video["videoType"], "inLibrary": None, "feedbackTokens": None,
        "pinnedToListenAgain": None, "listenAgainFeedbackTokens": None,
        "artists": [dict(a) for a in video["artists"]],
    }  # fmt: skip
    if video["album"]:
        track["album"] = _album_ref(state, video)
        track["year"] = state["albums"][video["album"]]["year"]
    track["views"] = video["views"]
    return track


def song(state: State, vid: str) -> dict[str, Any]:
    """``get_song``: the player answer, trimmed (no streaming data or tracking here)."""
    video = state["videos"].get(vid)
    if video is None:
        return {"playabilityStatus": {"status": "ERROR", "reason": "This video is unavailable"}}
    return {
        "playabilityStatus": {"status": "OK", "playableInEmbed": True},
        "videoDetails": {
            "videoId": vid,
            "title": video["title"],
            "lengthSeconds": str(video["seconds"]),
            "channelId": video["artists"][0]["id"],
            "isOwnerViewing": False,
            "isCrawlable": True,
            "thumbnail": {"thumbnails": list(THUMBNAILS)},
            "allowRatings": True,
            "viewCount": str(video["rank"] * 100_000),
            "author": video["artists"][0]["name"],
            "isPrivate": False,
            "isUnpluggedCorpus": False,
            "musicVideoType": video["videoType"],
            "isLiveContent": False,
        },
    }


# --- playlists ---------------------------------------------------------------------------------------------
def playlist_item(state: State, item: dict[str, Any]) -> dict[str, Any]:
    video = state["videos"][item["videoId"]]
    return {
        "videoId": item["videoId"],
        "title": video["title"],
        "artists": [dict(a) for a in video["artists"]],
        "album": _album_ref(state, video),
        "likeStatus": "INDIFFERENT",
        "inLibrary": False,
        "pinnedToListenAgain": False,
        "thumbnails": list(THUMBNAILS),
        "isAvailable": True,
        "isExplicit": video["explicit"],
        "videoType": video["videoType"],
        "views": None,
        "communityVoteStatus": None,
        "duration": clock(video["seconds"]),
        "duration_seconds": video["seconds"],
        "setVideoId": item["setVideoId"],
    }


def playlist(state: State, pid: str, owned: bool, shown: int | None) -> dict[str, Any]:
    """``get_playlist``: the first ``shown`` items (None: all) with their ``setVideoId``."""
    stored = state["playlists"][pid]
    items = stored["items"] if shown is None else stored["items"][:shown]
    tracks = [playlist_item(state, item) for item in items]
    seconds = sum(t["duration_seconds"] for t in tracks)
    return {
        "owned": owned,
        "id": pid,
        "privacy": stored["privacy"],
        "description": stored["description"] or None,
        "views": None,
        "duration": f"{round(seconds / 60)} minutes",
        "trackCount": len(stored["items"]),
        "title": stored["title"],
        "thumbnails": list(THUMBNAILS),
        "year": stored["year"],
        "related": [],
        "tracks": tracks,
        "duration_seconds": seconds,
    }


def library_row(state: State, pid: str, account_name: str) -> dict[str, Any]:
    """A row of ``get_library_playlists``: ``description`` is the subtitle, not the text."""
    stored = state["playlists"][pid]
    count = len(stored["items"])
    songs = "1 song" if count == 1 else f"{count} songs"
    return {
        "title": stored["title"],
        "playlistId": pid,
        "thumbnails": list(THUMBNAILS),
        "owned": True,
        "description": f"{account_name} • {songs}",
        "count": str(count),
        "author": [{"name": account_name, "id": None}],
    }


LIKED_MUSIC = {
    "title": "Liked Music",
    "playlistId": "LM",
    "thumbnails": list(THUMBNAILS),
    "owned": False,
    "description": "Auto playlist",
}
