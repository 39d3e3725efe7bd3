"""The test's side of the stand-in: stock it, set faults, look at what was called and what the
playlists hold, change a playlist "in the app", and make the login headers a user would paste."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ytmusicapi

from . import faults
from .client import FakeYTMusic
from .discography import Discography, stock_laundry_ost
from .seed import SeededSong, _album, _video, seed_soundtrack, stock_plain_songs
from .shows import StockedSong, stock_laundry
from .store import Store, new_playlist_id, new_set_video_id

FACTORY = "fakeytmusic:FakeYTMusic"
"""The ``module:callable`` that ost's client seam imports in place of ``ytmusicapi.YTMusic``."""
ACCOUNT = "fakeSAPISID0001/AbCdEfGhIjKlMnOp"


def raw_headers(account: str = ACCOUNT, visitor: bool = True, **drop: bool) -> str:
    """Request headers as a browser's developer tools copy them from a music.youtube.com
    ``/browse`` request; ``drop`` leaves headers out (``cookie=True``, ``x_goog_authuser=True``)."""
    lines = {
        "accept": "*/*",
        "accept-language": "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
        "authorization": "SAPISIDHASH 1767225600_" + "fa4e" * 10,
        "content-type": "application/json",
        "cookie": f"PREF=f6=40000000&hl=ko; SID=fakeSessionId; __Secure-3PAPISID={account}",
        "origin": "https://music.youtube.com",
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0",
        "x-goog-authuser": "0",
        "x-goog-visitor-id": "CgtmYWtlVmlzaXRvcg%3D%3D",
        "x-origin": "https://music.youtube.com",
    }
    if not visitor:
        del lines["x-goog-visitor-id"]
    for name, left_out in drop.items():
        if left_out:
            del lines[name.replace("_", "-")]
    return "".join(f"{name}: {value}\n" for name, value in lines.items())


class FakeYTMusicService:
    def __init__(self, path: Path):
        self.path = path
        self.store = Store(path)
        self.songs: tuple[SeededSong, ...] = ()

    def seed(self) -> tuple[SeededSong, ...]:
        with self.store.transaction() as state:
            self.songs = seed_soundtrack(state)
        return self.songs

    def stock_plain_songs(self, count: int) -> list[str]:
        """Stock ``count`` plain audio tracks; their video ids."""
        with self.store.transaction() as state:
            return stock_plain_songs(state, count)

    def stock_laundry(self) -> tuple[StockedSong, ...]:
        """Stock two songs of Starlight Laundry, a show a user adds (``shows``)."""
        with self.store.transaction() as state:
            return stock_laundry(state)

    def stock_laundry_ost(self) -> Discography:
        """Stock Starlight Laundry's whole OST, its confusers and a crowd (``discography``)."""
        with self.store.transaction() as state:
            return stock_laundry_ost(state)

    def client(self, language: str = "en", auth: str | None = None) -> FakeYTMusic:
        """A client in this process (the environment must name this state, as the fixture does)."""
        return FakeYTMusic(auth=auth, language=language)

    def auth(self, account: str = ACCOUNT) -> str:
        """What ``ytmusicapi.setup(headers_raw=...)`` makes of the pasted headers."""
        return ytmusicapi.setup(headers_raw=raw_headers(account))

    # --- faults --------------------------------------------------------------------------------
    def _add_rule(self, found: dict[str, Any]) -> None:
        with self.store.transaction() as state:
            state["faults"].append(found)

    def lose(self, method: str, times: int | None = 1, after: int = 0, match: str | None = None):
        """Apply the call, then drop the connection before the answer."""
        self._add_rule(faults.rule(method, "lost", times=times, after=after, match=match))

    def time_out(self, method: str, times: int | None = 1, after: int = 0):
        self._add_rule(faults.rule(method, "timeout", times=times, after=after))

    def fail(
        self,
        method: str,
        status: int = 400,
        message: str | None = None,
        times: int | None = 1,
        after: int = 0,
        match: str | None = None,
    ) -> None:
        """Answer HTTP ``status`` instead of doing the call."""
        self._add_rule(
            faults.rule(
                method,
                "http",
                status=status,
                message=message,
                times=times,
                after=after,
                match=match,
            )
        )

    def gate(self, method: str = "create_playlist", times: int | None = 1) -> None:
        self._add_rule(faults.rule(method, "gated", times=times))

    def end_session(self, status: int = 401) -> None:
        """The copied headers died: every playlist call made with them answers ``status``."""
        with self.store.transaction() as state:
            state["session_ended"] = status

    def limit_additions(self, count: int = 270, window_s: float = 60.0) -> None:
        with self.store.transaction() as state:
            state["limits"].update(additions=count, window_s=window_s)

    def fix_localized_filters(self) -> None:
        """Behave as a ytmusicapi with issue #1006 fixed: filtered searches work in Korean."""
        with self.store.transaction() as state:
            state["localized_filter_bug"] = False

    def swap_on_add(self, video_id: str, counterpart: str) -> None:
        """Adding ``video_id`` puts ``counterpart`` in the playlist (a song's music video)."""
        with self.store.transaction() as state:
            state["counterparts"][video_id] = counterpart

    def credit_label_channel(self, video_id: str, name: str, channel: str) -> None:
        """Credit a label's channel on a video besides its singer: a channel with no artist
        page, whose ``get_artist`` fails as ytmusicapi's does (``KeyError``)."""
        with self.store.transaction() as state:
            state["videos"][video_id]["artists"].append({"name": name, "id": channel})
            state["user_channels"].append(channel)

    def pair_versions(self, music_video: str, song: str) -> None:
        """The music video's watch queue starts with its song, the video as its counterpart."""
        with self.store.transaction() as state:
            state["videos"][music_video]["counterpart"] = song

    def unqueue(self, video_id: str) -> None:
        """The video's watch queue comes back empty (ytmusicapi: "No content returned")."""
        with self.store.transaction() as state:
            state["videos"][video_id]["unqueued"] = True

    def stock_singles(self, singer: str, count: int, year: str) -> list[str]:
        """``count`` singles of the singer's own, of one song each, released in ``year``."""
        with self.store.transaction() as state:
            made = []
            for n in range(1, count + 1):
                browse_id = _album(state, f"MPREb_fakeOwn{n:03d}", f"Own Single {n}", singer,
                                   kind="Single", year=year)  # fmt: skip
                _video(state, f"fakeOwn{n:04d}", f"Own Song {n}", singer, seconds=180,
                       rank=5, album=browse_id)  # fmt: skip
                made.append(browse_id)
            return made

    def stock_single(
        self, browse_id: str, title: str, song: str, singer: str, year: str, *words: str
    ) -> str:
        """A single of one song (the video id: ``browse_id`` less ``MPREb_``, 11 characters)."""
        with self.store.transaction() as state:
            _album(state, browse_id, title, singer, kind="Single", year=year, keywords=words)
            vid = browse_id.removeprefix("MPREb_")[:11]
            return _video(state, vid, song, singer, seconds=210, rank=40, album=browse_id,
                          keywords=list(words))  # fmt: skip

    # --- what happened ---------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        log = self.store.read()["calls"]
        return [c for c in log if method is None or c["method"] == method]

    def forget_calls(self) -> None:
        with self.store.transaction() as state:
            state["calls"] = []

    def playlists(self) -> dict[str, dict[str, Any]]:
        return dict(self.store.read()["playlists"])

    def items(self, playlist_id: str) -> list[str]:
        return [i["videoId"] for i in self.store.read()["playlists"][playlist_id]["items"]]

    # --- changes made elsewhere (in the app, by another tool) ------------------------------------
    def make_playlist(
        self,
        title: str,
        description: str = "",
        video_ids: tuple[str, ...] = (),
        account: str = ACCOUNT,
        privacy: str = "PRIVATE",
    ) -> str:
        with self.store.transaction() as state:
            state["accounts"].setdefault(account, {"name": f"Fan {len(state['accounts']) + 1}"})
            pid = new_playlist_id(state)
            state["playlists"][pid] = {
                "title": title,
                "description": description,
                "privacy": privacy,
                "owner": account,
                "year": "2026",
                "items": [],
            }
        for vid in video_ids:
            self.add_elsewhere(pid, vid)
        return pid

    def add_elsewhere(self, playlist_id: str, video_id: str) -> None:
        with self.store.transaction() as state:
            set_id = new_set_video_id(state)
            item = {"videoId": video_id, "setVideoId": set_id}
            state["playlists"][playlist_id]["items"].append(item)

    def remove_elsewhere(self, playlist_id: str, video_id: str) -> None:
        with self.store.transaction() as state:
            items = state["playlists"][playlist_id]["items"]
            items[:] = [i for i in items if i["videoId"] != video_id]

    def withdraw(self, video_id: str) -> None:
        """The service no longer has this video (search, albums and get_song lose it)."""
        with self.store.transaction() as state:
            state["videos"].pop(video_id)
            for album in state["albums"].values():
                album["tracks"] = [v for v in album["tracks"] if v != video_id]
