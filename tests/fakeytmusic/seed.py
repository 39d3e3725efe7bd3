"""The stand-in's catalogue: the Soundtrack #1 songs as YouTube Music shows them, and what makes
matching them hard.

Each song is its artist's audio track (``MUSIC_VIDEO_TYPE_ATV``) on its OST single, and again on
the later OST compilation (another video id: both are right answers), each with its "(Inst.)".
Around it, ranked ABOVE it in search: its music video (OMV: same title and channel, no album, a
longer intro) and a lyric upload (UGC, by a lyrics channel); below it: a karaoke version, a cover
with the same title by another channel, the same title by another artist. Kim Jong Kook's own
older "My Love" and an orchestral "Da Capo" (the Soundtrack #2 title; that song itself is not
stocked, as on the Spotify stand-in) complete the traps.

One single is titled after its song alone ("Prettiest One"), so nothing in its album names the
show; the compilation's copy does.

Names are what the label uploaded: one title (Korean for a Korean release, sometimes with the
English in brackets) and one channel name per artist, romanised for some ("KYUHYUN", whose title is
shown only in Korean). A search still finds a song by either language's words: each video keeps
the other names as hidden ``keywords``. Every id is made up and obviously fake: video ids are 11
characters (``fakeKyu0001``), album ids 17 (``MPREb_fakeKyuSP01``), channel ids 24.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fakespotify import S1_SONGS

from .store import State

ATV = "MUSIC_VIDEO_TYPE_ATV"
OMV = "MUSIC_VIDEO_TYPE_OMV"
UGC = "MUSIC_VIDEO_TYPE_UGC"
OST_COMPILATION = "MPREb_fakeS1OST01"
OST_COMPILATION_TITLE = "사운드트랙 #1 OST"
KARAOKE_ALBUM = "MPREb_fakeKaraok1"
COVERS_ALBUM = "MPREb_fakeCovers1"
LYRICS_CHANNEL = "Lyric Lounge"
KARAOKE_CHANNEL = "Karaoke Hits Band"
COVER_CHANNEL = "Cover Lane"
OLDER_MY_LOVE = "fakeKjk1201"
ORCHESTRA_DA_CAPO = "fakeDcpOT01"


@dataclass(frozen=True)
class Shown:
    """How YouTube Music shows one Soundtrack #1 song, and who else sings its title."""

    key: str  # S1_SONGS key
    code: str  # three letters in the ids
    title: str
    channel: str
    other_artist: tuple[str, str]  # (name, year) of an unrelated song with the same title
    single: str = ""  # the single's title, when it does not name the show


SHOWN: tuple[Shown, ...] = (
    Shown("kyuhyun", "Kyu", "사랑은 말로 표현하는게 아니래요", "KYUHYUN", ("하늘빛 소년", "2019")),
    Shown("parkboram", "Pbr", "행복해지고 싶어 (Want to Be Happy)", "박보람", ("Sunny Day Club", "2018")),
    Shown("davichi", "Dvc", "소녀 같은 맘을 가진 그댈 생각하면 아파요", "DAVICHI", ("소녀시절", "2020")),
    Shown("kimjongkook", "Kjk", "My Love", "김종국", ("Echo Heart", "2022")),
    Shown("kimjaehwan", "Kjh", "나에게 말해요 (Talk To Me)", "Kim Jae Hwan", ("Neon Harbor", "2020")),
    Shown("standingegg", "Seg", "Prettiest One", "Standing Egg", ("The Paper Boats", "2017"), "Prettiest One"),
    Shown("doyoung", "Doy", "아주 조금만 더", "DOYOUNG", ("Milk Tea", "2016")),
)  # fmt: skip


@dataclass(frozen=True)
class SeededSong:
    """What a test needs to know of one stocked song."""

    track_id: str  # the catalogue's id: s1-01 ...
    title: str
    channel: str
    right: frozenset[str]  # the audio tracks: single and compilation
    music_video: str
    lyrics: str
    wrong: dict[str, str] = field(default_factory=dict)  # kind -> video id, each to be refused


def channel_id(name: str) -> str:
    """24 characters, as YouTube's are; a name in Hangul alone gets a stem of its own (its
    code points in hex), so that each channel has its own id."""
    stem = "".join(ch for ch in name if ch.isascii() and ch.isalnum())
    stem = stem or "K" + "".join(f"{ord(ch):x}" for ch in name if ch.isalnum())
    return ("UCfake" + stem)[:24].ljust(24, "0")


def album_playlist_id(browse_id: str) -> str:
    return ("OLAK5uy_" + browse_id.removeprefix("MPREb_")).ljust(41, "0")


def seed_soundtrack(state: State) -> tuple[SeededSong, ...]:
    """Stock the state with the catalogue; returns what tests check against."""
    songs = tuple(_stock_song(state, shown) for shown in SHOWN)
    _stock_compilation(state)
    _stock_odd_ones(state)
    return songs


def stock_plain_songs(state: State, count: int) -> list[str]:
    """``count`` audio tracks with nothing that makes matching hard (``fakeB000001`` ...), for a
    playlist longer than the season: benchmarks and paging."""
    return [
        _video(state, f"fakeB{n:06d}", f"Bench {n}", "Bench", seconds=200, rank=n)
        for n in range(1, count + 1)
    ]


# --- one song and its traps -------------------------------------------------------------------
def _song(shown: Shown) -> Any:
    return next(s for s in S1_SONGS if s.key == shown.key)


def _credit(name: str) -> list[dict[str, Any]]:
    return [{"name": name, "id": channel_id(name)}]


def _keywords(shown: Shown) -> list[str]:
    song = _song(shown)
    return [song.title, song.title_en, song.artist[1], song.artist[2]]


def _video(
    state: State,
    vid: str,
    title: str,
    artist: str,
    *,
    seconds: int,
    rank: int,
    kind: str = ATV,
    album: str | None = None,
    keywords: list[str] | None = None,
) -> str:
    """Stock a video (on ``album``'s track list, at the end); ``rank`` orders equal matches."""
    state["videos"][vid] = {
        "title": title,
        "artists": _credit(artist),
        "album": album,
        "videoType": kind,
        "seconds": seconds,
        "views": f"{rank / 10:.1f}M",
        "keywords": keywords or [],
        "rank": rank,
        "explicit": False,
    }
    if album:
        state["albums"][album]["tracks"].append(vid)
    return vid


def _album(
    state: State,
    browse_id: str,
    title: str,
    artist: str,
    *,
    kind: str,
    year: str,
    keywords: tuple[str, ...] = (),
) -> str:
    state["albums"][browse_id] = {
        "title": title,
        "type": kind,
        "year": year,
        "artists": _credit(artist),
        "tracks": [],
        "playlistId": album_playlist_id(browse_id),
        "keywords": list(keywords),
        "other_versions": [],
    }
    return browse_id


def _stock_song(state: State, shown: Shown) -> SeededSong:
    song, code, channel = _song(shown), shown.code, shown.channel
    seconds, words = song.duration_ms // 1000, _keywords(shown)
    single = _album(
        state,
        f"MPREb_fake{code}SP01",
        shown.single or f"사운드트랙 #1 Part {song.part} (Original Soundtrack)",
        channel,
        kind="Single",
        year=song.release_date[:4],
        keywords=(f"Soundtrack #1 Part {song.part}", song.artist[1], song.artist[2]),
    )
    audio = {"seconds": seconds, "album": single, "keywords": words}
    right = _video(state, f"fake{code}0001", shown.title, channel, rank=60, **audio)
    inst = _video(state, f"fake{code}0002", f"{shown.title} (Inst.)", channel, rank=30, **audio)
    longer = {"seconds": seconds + 26, "kind": OMV, "keywords": words}  # the video's intro
    music_video = _video(state, f"fake{code}MV01", shown.title, channel, rank=100, **longer)
    lyric_title = (
        f"{song.artist[2]} ({song.artist[1]}) - {song.title} ({song.title_en}) [가사/Lyrics]"
    )
    upload = {"seconds": seconds + 4, "kind": UGC}
    lyrics = _video(state, f"fake{code}LY01", lyric_title, LYRICS_CHANNEL, rank=90, **upload)
    return SeededSong(
        track_id=f"s1-{song.part:02d}",
        title=shown.title,
        channel=channel,
        right=frozenset({right, f"fake{code}0101"}),
        music_video=music_video,
        lyrics=lyrics,
        wrong={
            "instrumental": inst,
            "compilation instrumental": f"fake{code}0102",
            **_traps(state, shown, seconds),
        },
    )


def _traps(state: State, shown: Shown, seconds: int) -> dict[str, str]:
    """A karaoke version, a cover with the same title, another artist's song of that title."""
    song, code = _song(shown), shown.code
    if KARAOKE_ALBUM not in state["albums"]:
        karaoke = "Karaoke Hits: K-Drama OST Vol. 3"
        _album(state, KARAOKE_ALBUM, karaoke, KARAOKE_CHANNEL, kind="Album", year="2022")
        covers = "OST 커버 모음 (OST Covers Collection)"
        _album(state, COVERS_ALBUM, covers, COVER_CHANNEL, kind="Album", year="2022")
    karaoke_title = f"{song.title_en} (Originally Performed by {song.artist[2]}) [Karaoke Version]"
    name, year = shown.other_artist
    theirs = _album(
        state, f"MPREb_fake{code}OT01", _bare(shown.title), name, kind="Single", year=year
    )
    return {
        "karaoke": _video(
            state, f"fake{code}KR01", karaoke_title, KARAOKE_CHANNEL,
            seconds=seconds + 1, rank=70, album=KARAOKE_ALBUM,
        ),
        "cover": _video(
            state, f"fake{code}CV01", shown.title, COVER_CHANNEL,
            seconds=seconds - 6, rank=50, album=COVERS_ALBUM,
        ),
        "other artist": _video(
            state, f"fake{code}OT01", _bare(shown.title), name,
            seconds=seconds - 20, rank=40, album=theirs,
        ),
    }  # fmt: skip


def _bare(title: str) -> str:
    """The title without its bracketed English: what another artist's song would be called."""
    return title.split(" (", 1)[0]


def _stock_compilation(state: State) -> None:
    """The OST compilation: every song, then every "(Inst.)", again under other video ids."""
    keywords = ("Soundtrack #1 OST",)
    compilation = _album(
        state,
        OST_COMPILATION,
        OST_COMPILATION_TITLE,
        "",
        kind="Album",
        year="2022",
        keywords=keywords,
    )
    state["albums"][compilation]["artists"] = [{"name": "Various Artists", "id": None}]
    for number, suffix, rank in (("0101", "", 20), ("0102", " (Inst.)", 10)):
        for shown in SHOWN:
            _video(
                state, f"fake{shown.code}{number}", shown.title + suffix, shown.channel,
                seconds=_song(shown).duration_ms // 1000, rank=rank, album=compilation,
                keywords=_keywords(shown),
            )  # fmt: skip
    for shown in SHOWN:
        state["albums"][f"MPREb_fake{shown.code}SP01"]["other_versions"] = [compilation]


def _stock_odd_ones(state: State) -> None:
    """Kim Jong Kook's own 2012 "My Love", and an orchestra's "Da Capo"."""
    older = _album(
        state, "MPREb_fakeKjkOLD1", "지난날의 노래", "김종국",
        kind="Album", year="2012", keywords=("Songs of Yesterday",),
    )  # fmt: skip
    known_as = ["Kim Jong Kook"]
    _video(
        state,
        OLDER_MY_LOVE,
        "My Love",
        "김종국",
        seconds=251,
        rank=65,
        album=older,
        keywords=known_as,
    )
    orchestra = "Harmonia Chamber Orchestra"
    encores = _album(
        state, "MPREb_fakeDcpOT01", "Da Capo: Baroque Encores", orchestra, kind="Album", year="2015"
    )
    _video(state, ORCHESTRA_DA_CAPO, "Da Capo", orchestra, seconds=312, rank=40, album=encores)
