"""Two songs of Starlight Laundry (the made-up show of ``fakespotify.shows``) as YouTube Music
shows them, for a show a user added and matched on this service.

Part 1 ("빨래 바구니", 한여름) and part 4 ("Spin Cycle", HANEUL) are each their singer's audio
track on the part's single, with its "(Inst.)"; ranked above each: its music video (a longer
intro) and a lyric upload. The show's other songs and its score are not stocked: `ost match`
finds nothing for them. Ids are made up and obviously fake (``fakeWl10001``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fakespotify.shows import LAUNDRY, LAUNDRY_KEY, PARTS

from .seed import OMV, UGC, _album, _video
from .store import State

STOCKED_PARTS = (1, 4)
"""The parts whose songs are on the service (each the show's track ``KEY:s1-0N``)."""
LYRICS_CHANNEL = "Drama Lyrics Room"


@dataclass(frozen=True)
class StockedSong:
    track_id: str  # the show's id: starlight-laundry:s1-01
    right: str  # the audio track
    instrumental: str
    music_video: str
    lyrics: str


def stock_laundry(state: State) -> tuple[StockedSong, ...]:
    """Stock the two parts' songs and their traps; what a test checks against."""
    return tuple(stock_part(state, part) for part in STOCKED_PARTS)


def stock_part(state: State, part: int) -> StockedSong:
    """One part's single, its song and "(Inst.)", and the song's music video and lyric upload."""
    _, album_ko, album_en, date, title, title_en, singer = PARTS[part - 1]
    ko_names, en_names = singer  # (Korean names, romanised names)
    channel, code = ko_names[0], f"Wl{part}"
    seconds = 200 + part  # the length of the part's recording on Spotify's stand-in
    single = _album(
        state, f"MPREb_fake{code}SP001", album_ko, channel, kind="Single", year=date[:4],
        keywords=(album_en, *en_names),
    )  # fmt: skip
    words = [title_en, *en_names]
    audio = {"seconds": seconds, "album": single, "keywords": words}
    right = _video(state, f"fake{code}0001", title, channel, rank=60, **audio)
    inst = _video(state, f"fake{code}0002", f"{title} (Inst.)", channel, rank=30, **audio)
    music_video = _video(
        state, f"fake{code}MV01", title, channel, seconds=seconds + 26, rank=100, kind=OMV,
        keywords=words,
    )  # fmt: skip
    lyric_title = f"{en_names[0]} ({channel}) - {title} ({title_en}) [{LAUNDRY} OST 가사]"
    lyrics = _video(
        state, f"fake{code}LY01", lyric_title, LYRICS_CHANNEL, seconds=seconds + 4, rank=90,
        kind=UGC,
    )  # fmt: skip
    return StockedSong(f"{LAUNDRY_KEY}:s1-{part:02d}", right, inst, music_video, lyrics)
