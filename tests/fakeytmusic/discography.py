"""Starlight Laundry's whole OST as YouTube Music shows it, for `ost discover --service ytmusic`:
the twelve releases ``fakespotify.shows`` stocks on Spotify, the confusers beside them, and a
crowd of irrelevant albums that answer the show's searches.

What differs from Spotify is what YouTube Music gives: each release is dated by its year only
(2024 for all twelve), it has one title (Korean for a Korean release: the English one is a
hidden search keyword), no ISRC, and the full OST credits "Various Artists" while its tracks
credit their singers. The full OST repeats each part's song under another video id (the same
title, singer and length) and adds a song, four pieces of score and the director's piano
version of part 1's song.

Confusers: a film's album of the very same title fifteen years earlier, a band's album named
like the show with no OST mark, lofi and piano collections naming the show and "OST", a part
singer's own single and her part in another show's OST (both only on her artist page), another
artist's song titled like part 1's, and a cover of part 4's song. Every id is made up and
obviously fake (``MPREb_fakeWlFUL01``, ``fakeWlF0101``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fakespotify.shows import (
    CONFUSERS,
    DIRECTOR,
    FULL,
    FULL_NEW_SONG,
    PARTS,
    SCORE,
    SPECIAL,
    SPECIAL_TRACK,
    SUMMER,
)

from .seed import _album, _video
from .shows import stock_part
from .store import State

YEAR = "2024"
SPECIAL_ID = "MPREb_fakeWlSPC01"
SPECIAL_TRACK_ID = "MPREb_fakeWlSPT01"
FULL_ID = "MPREb_fakeWlFUL01"
SONGS = [p[4] for p in PARTS] + [SPECIAL[3], SPECIAL_TRACK[3], FULL_NEW_SONG[0]]
"""The songs in the order discovery adds them on YouTube Music: a year says no more than 2024,
so the parts come by number, then the two extras (by album id, as nothing tells them apart),
then the full album's new song. On Spotify the dates put the full album before the Special
Track."""
TRACKS = SONGS + SCORE
CROWD = 60


@dataclass(frozen=True)
class Discography:
    """What a test checks against."""

    releases: tuple[str, ...]  # the twelve albums' ids
    recordings: dict[str, str]  # song or piece -> the video id discovery must give it
    confusers: dict[str, str]  # what -> album id


def stock_laundry_ost(state: State) -> Discography:
    """Stock the twelve releases, the confusers and the crowd."""
    recordings = {}
    releases = []
    for part, *_ in PARTS:
        stocked = stock_part(state, part)
        recordings[PARTS[part - 1][4]] = stocked.right
        releases.append(state["videos"][stocked.right]["album"])
    for browse_id, (title, title_en, _, song, song_en, singer) in (
        (SPECIAL_ID, SPECIAL),
        (SPECIAL_TRACK_ID, SPECIAL_TRACK),
    ):
        name = singer[0][0]
        _album(state, browse_id, title, name, kind="Single", year=YEAR,
               keywords=(title_en, *singer[1]))  # fmt: skip
        vid = "fake" + browse_id.removeprefix("MPREb_fake")
        recordings[song] = _video(state, vid, song, name, seconds=250, rank=40, album=browse_id,
                                  keywords=[song_en, *singer[1]])  # fmt: skip
        releases.append(browse_id)
    recordings |= _full_album(state)
    releases.append(FULL_ID)
    confusers = _confusers(state)
    _crowd(state)
    return Discography(tuple(releases), recordings, confusers)


def _full_album(state: State) -> dict[str, str]:
    title, title_en, _ = FULL
    _album(state, FULL_ID, title, "", kind="Album", year=YEAR, keywords=(title_en,))
    state["albums"][FULL_ID]["artists"] = [{"name": "Various Artists", "id": None}]
    found = {}
    for n, (part, *_, song, song_en, singer) in enumerate(PARTS, 1):
        _video(state, f"fakeWlF{n:02d}01", song, singer[0][0], seconds=200 + part, rank=20,
               album=FULL_ID, keywords=[song_en, *singer[1]])  # fmt: skip
    new, new_en, singer = FULL_NEW_SONG
    found[new] = _video(state, "fakeWlF1001", new, singer[0][0], seconds=233, rank=20,
                        album=FULL_ID, keywords=[new_en, *singer[1]])  # fmt: skip
    director = DIRECTOR[0][0]
    for n, piece in enumerate(SCORE, 11):
        found[piece] = _video(state, f"fakeWlF{n}01", piece, director, seconds=150 + n, rank=10,
                              album=FULL_ID, keywords=list(DIRECTOR[1]))  # fmt: skip
    _video(state, "fakeWlF1501", "빨래 바구니 (Piano Ver.)", director, seconds=190, rank=10,
           album=FULL_ID, keywords=["Laundry Basket (Piano Ver.)"])  # fmt: skip
    return found


def _confusers(state: State) -> dict[str, str]:
    def one(what: str, browse_id: str, by: str, kind: str, songs: list[str], *words: str) -> str:
        title, date = CONFUSERS.get(what, (what, YEAR))
        _album(state, browse_id, title, by, kind=kind, year=date[:4], keywords=words)
        for n, song in enumerate(songs, 1):
            vid = "fake" + browse_id.removeprefix("MPREb_fake")[:5] + f"{n:02d}"
            _video(state, vid, song, by, seconds=180 + n, rank=30, album=browse_id)
        return browse_id

    summer = SUMMER[0][0]
    return {
        "film": one("film", "MPREb_fakeWlFLM01", "옛 영화 악단", "Album", ["세탁소의 밤"],
                    "Starlight Laundry OST", "Old Film Orchestra"),
        "band": one("band", "MPREb_fakeWlBND01", "The Laundromat Boys", "Album",
                    ["Starlight Laundry", "Tumble Dry"]),
        "lofi": one("lofi", "MPREb_fakeWlLOF01", "Lofi Room", "Album",
                    ["빨래 바구니 (Lofi)", "Spin Cycle - Lofi"]),
        "piano": one("piano", "MPREb_fakeWlPNO01", "Piano Dream", "Album",
                     ["빨래 바구니 (Piano Ver.)", "보풀 (Piano Ver.)"]),
        "own single": one("own single", "MPREb_fakeWlOWN01", summer, "Single", ["Blue Hour"],
                          "Han Yeoreum"),
        "another show's OST": one("달빛 빵집 OST Part.2", "MPREb_fakeWlOTH01", summer, "Single",
                                  ["따뜻한 빵"], "Moonlight Bakery OST Part.2", "Han Yeoreum"),
        "same-titled song": one("빨래 바구니", "MPREb_fakeWlSAM01", "파란 고래", "Single",
                                ["빨래 바구니"], "Laundry Basket", "Blue Whale"),
        "cover": one("OST 커버 모음 2024", "MPREb_fakeWlCOV01", "Cover Lane", "Album",
                     ["Spin Cycle"], "OST Covers 2024"),
    }  # fmt: skip


def _crowd(state: State) -> None:
    """Sixty albums no discovery may take, each of one track: a musical's cast recordings long
    before, "seasons" the show never had, and playlists from the show's year."""
    rows = []
    for n in range(1, 21):
        rows.append((f"별빛 세탁소 OST Musical Cast Recording Vol. {n}", str(1995 + n % 12),
                     "무지개 스튜디오", f"Starlight Laundry Musical Vol. {n}"))  # fmt: skip
    for n in range(3, 23):
        rows.append((f"별빛 세탁소 시즌{n} OST", str(2024 + n // 6), "무지개 스튜디오",
                     f"Starlight Laundry Season {n} OST"))  # fmt: skip
    for n in range(1, 21):
        rows.append((f"Starlight Laundry OST Playlist for Sleep and Study Vol. {n}", YEAR,
                     "Playlist Lab", ""))  # fmt: skip
    assert len(rows) == CROWD, len(rows)
    for n, (title, year, by, words) in enumerate(rows, 1):
        browse_id = f"MPREb_fakeWlC{n:04d}"
        _album(state, browse_id, title, by, kind="Album", year=year, keywords=(words,))
        _video(state, f"fakeWlC{n:04d}", f"Track {n}", by, seconds=120, rank=1, album=browse_id)
