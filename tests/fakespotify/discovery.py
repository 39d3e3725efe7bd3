"""Seed for discovery: the OST releases a season's catalogue lacks, and the albums that must be
refused. Added on top of ``seed_soundtrack`` (Soundtrack #1's singles and compilation).

Every name here is made up for the fake: no real release, artist or id is modelled.
"""

from __future__ import annotations

from typing import Any

from .seed import (
    DEMIAN_DA_CAPO_SINGLE,
    S1_ALBUM,
    S1_ALBUM_EN,
    S1_COMPILATION_DATE,
    S1_SONGS,
    _fixture_id,
)
from .server import FakeSpotify

DAWN_STAR = (["새벽별"], ["Dawn Star"])
ENSEMBLE = (["제나두 앙상블"], ["Xanadu Ensemble"])
DEMIAN = (["데미안"], ["DEMIAN"])
S1_PART8 = "사운드트랙 #1 OST Part.8"
S1_SCORE = "사운드트랙 #1 Score Collection"
S1_SCORE_TRACKS = 62  # past one page of album tracks (50)
S2_ALBUM = "사운드트랙 #2 OST"
S2_K_SONGS = "Soundtrack No. 2: K's Songs"  # found only in the artist's album list
DA_CAPO_ISRC = DEMIAN_DA_CAPO_SINGLE["isrc"]

# What discovery should add (Korean title, season), in the order it should add them.
NEW_SONGS = [
    ("별이 지는 밤", 1),  # Part.8, 2022-03-10
    ("첫 만남", 1),  # the full OST album, 2022-04-13
    ("마지막 페이지", 1),  # the score collection, track 53 (page two)
    ("되감기", 2),  # the season 2 OST album
    ("K의 노래", 2),  # K's songs, from the artist's list
]
REFUSED = {
    "Soundtrack #2": "date",  # same name, another artist, 2015
    "다 카포: 바로크 앙코르": "title",  # a Da Capo album that names no season (seed's decoy)
}


def _track(stem: str, n: int, name: str, en: str, artists: Any, album: dict[str, Any], **kw: Any):
    ko, en_names = artists
    return {
        "id": _fixture_id(stem, n),
        "name": name,
        "name_en": en,
        "artists": ko,
        "artists_en": en_names,
        **album,
        **kw,
    }


def _season1() -> list[dict[str, Any]]:
    part8 = {
        "album": S1_PART8,
        "album_en": "Soundtrack #1 OST Part.8",
        "release_date": "2022-03-10",
    }
    full = {
        "album": S1_ALBUM,
        "album_en": S1_ALBUM_EN,
        "album_type": "album",
        "release_date": S1_COMPILATION_DATE,
    }
    score = {
        "album": S1_SCORE,
        "album_en": "Soundtrack #1 Score Collection",
        "album_type": "album",
        "release_date": "2022-06-01",
    }
    specs = [
        _track(
            "d1star",
            1,
            "별이 지는 밤",
            "Night the Stars Fall",
            DAWN_STAR,
            part8,
            isrc="KRZZZ2200801",
        ),
        _track(
            "d1star",
            2,
            "별이 지는 밤 (Inst.)",
            "Night the Stars Fall (Inst.)",
            DAWN_STAR,
            part8,
            track_number=2,
            isrc="KRZZZ2200802",
        ),
        _track("d1full", 1, "첫 만남", "First Meeting", ENSEMBLE, full, track_number=15),
        _track("d1full", 2, "첫 만남 (MR)", "First Meeting (MR)", ENSEMBLE, full, track_number=16),
    ]
    kyuhyun = S1_SONGS[0]
    # Among the instrumentals: a new song (53), a known recording (54) and a variant (55).
    between = {
        53: _track(
            "d1score", 53, "마지막 페이지", "The Last Page", DAWN_STAR, score, track_number=53
        ),
        54: {
            "id": _fixture_id("d1score", 54),
            "name": kyuhyun.title,
            "name_en": kyuhyun.title_en,
            **kyuhyun.credit,
            **score,
            "track_number": 54,
            "isrc": kyuhyun.isrc,
        },
        55: _track(
            "d1score",
            55,
            "마지막 페이지 - Sped Up",
            "The Last Page - Sped Up",
            DAWN_STAR,
            score,
            track_number=55,
        ),
    }
    for n in range(1, S1_SCORE_TRACKS + 1):
        inst = f"Score No. {n} (Inst.)"
        specs.append(
            between.get(n) or _track("d1score", n, inst, inst, ENSEMBLE, score, track_number=n)
        )
    return specs  # fmt: skip


def _season2() -> list[dict[str, Any]]:
    ost = {
        "album": S2_ALBUM,
        "album_en": "Soundtrack #2 (Original Soundtrack)",
        "album_type": "album",
        "release_date": "2023-12-20",
    }
    k_songs = {"album": S2_K_SONGS, "album_type": "album", "release_date": "2024-01-10"}
    other = {"album": "Soundtrack #2", "album_type": "album", "release_date": "2015-05-01"}
    return [
        DEMIAN_DA_CAPO_SINGLE,
        _track("d2ost", 1, "Da Capo", "Da Capo", DEMIAN, ost, duration_ms=214000,
               isrc=DA_CAPO_ISRC),
        _track("d2ost", 2, "되감기", "Rewind", DEMIAN, ost, track_number=2, isrc="KRZZZ2300502"),
        _track("d2ost", 3, "Da Capo (Inst.)", "Da Capo (Inst.)", DEMIAN, ost, track_number=3),
        _track("d2ost", 4, "되감기 (Inst.)", "Rewind (Inst.)", DEMIAN, ost, track_number=4),
        _track("d2k", 1, "K의 노래", "K's Song", DEMIAN, k_songs),
        _track("d2k", 2, "Da Capo (Live)", "Da Capo (Live)", DEMIAN, k_songs, track_number=2),
        # Same name as the show's season, another artist, eight years before: refused.
        _track("d2other", 1, "Da Capo", "Da Capo", (["종이배들"], ["The Paper Boats"]), other),
        _track("d2other", 2, "Fine", "Fine", (["종이배들"], ["The Paper Boats"]), other,
               track_number=2),
    ]  # fmt: skip


# --- the crowd: what a real album search for the show's names also answers ------------------------

CROWD_ALBUMS = 60
DEMIAN_RELEASES = 28  # past two pages of an artist's list (10 a page): K's songs sit on page two


def _crowd_album(n: int, name: str, name_en: str, date: str, artist: tuple[str, str], **kw: Any):
    ko, en = artist
    return {
        "id": _fixture_id("crowd", n),
        "name": kw.pop("song", f"Theme {n}"),
        "name_en": kw.pop("song_en", f"Theme {n}"),
        "artists": [ko],
        "artists_en": [en],
        "album": name,
        "album_en": name_en,
        "album_type": kw.pop("album_type", "album"),
        "release_date": date,
        **kw,
    }


def _crowd() -> list[dict[str, Any]]:
    """Sixty albums no discovery may take, each answering one of the show's album searches:
    other productions numbered like the seasons ("Soundtrack #10"), playlists named with a
    season, cover collections from the show's own time (their songs' titles are the
    catalogue's), and other shows' OSTs that answer "Soundtrack OST" / "사운드트랙 OST"."""
    specs: list[dict[str, Any]] = []

    def add(name: str, name_en: str, date: str, artist: tuple[str, str], **kw: Any) -> None:
        specs.append(_crowd_album(len(specs) + 1, name, name_en, date, artist, **kw))

    studio = ("무지개 스튜디오", "Rainbow Studio")
    for number in range(10, 18):  # other productions: "Soundtrack #10" ... "#17"
        add(f"사운드트랙 #{number}", f"Soundtrack #{number}", f"{2000 + number}-03-01", studio)
    for number in range(20, 30):
        add(
            f"사운드트랙 #{number} OST",
            f"Soundtrack #{number} OST",
            f"{1990 + number}-06-01",
            studio,
        )
    moods = [
        ("로파이", "Lofi"),
        ("공부할 때", "Study"),
        ("드라이브", "Road Trip"),
        ("비 오는 날", "Rainy Day"),
        ("운동할 때", "Workout"),
        ("카페", "Cafe"),
        ("늦은 밤", "Late Night"),
        ("일요일", "Sunday"),
        ("새벽", "Dawn"),
        ("봄날", "Spring"),
        ("여름밤", "Summer Night"),
        ("첫눈", "First Snow"),
    ]
    for i, (mood, mood_en) in enumerate(moods):  # playlists naming a season, in its time or not
        season = 1 + i % 2
        add(
            f"{mood} 사운드트랙 #{season}",
            f"{mood_en} Soundtrack #{season}",
            f"{2021 + i % 4}-0{1 + i % 9}-15",
            ("플레이리스트 랩", "Playlist Lab"),
        )
    add(
        "사운드트랙 #1 (Piano Covers)",
        "Soundtrack #1 (Piano Covers)",
        "2022-05-01",
        ("피아노 드리머스", "Piano Dreamers"),
        song="사랑은 말로 표현하는게 아니래요 (Piano Cover)",
        song_en="Love Beyond Words (Piano Cover)",
    )
    add(
        "사운드트랙 #1 Lofi Mix",
        "Soundtrack #1 Lofi Mix",
        "2022-04-20",
        ("로파이 룸", "Lofi Room"),
        song="My Love (Lofi)",
        song_en="My Love (Lofi)",
    )
    add(
        "사운드트랙 #2 Lofi Covers",
        "Soundtrack #2 Lofi Covers",
        "2024-02-01",
        ("로파이 룸", "Lofi Room"),
        song="Da Capo (Lofi)",
        song_en="Da Capo (Lofi)",
    )
    add(
        "사운드트랙 #2 (Karaoke)",
        "Soundtrack #2 (Karaoke)",
        "2024-03-01",
        ("노래방 히츠", "Karaoke Hits Band"),
        song="Da Capo (Karaoke)",
        song_en="Da Capo (Karaoke)",
    )
    shows = [
        "Ghost Harbor",
        "Lost Summer",
        "Frost Garden",
        "Host Club",
        "Midnight Diner",
        "Blue Spring",
        "Coastline",
        "Paper Moon",
        "Glass Castle",
        "Night Ferry",
        "Orchard",
        "Signal Fire",
        "Tidewater",
        "Velvet Road",
        "Winter Lantern",
        "Yellow Kite",
        "Zero Hour",
        "Amber Line",
        "Bright Alley",
        "Copper Sky",
        "Dusk Radio",
        "Echo Park",
        "Fern Valley",
        "Granite Bay",
        "Harvest Moon",
        "Iron Bridge",
    ]
    for i, title in enumerate(shows):  # other shows' OSTs
        ko_name = f"{title} 사운드트랙 OST" if i % 2 else f"{title} OST (Original Soundtrack)"
        add(
            ko_name,
            f"{title} OST (Original Soundtrack)",
            f"{2010 + i % 14}-0{1 + i % 9}-01",
            (f"{title} 앙상블", f"{title} Ensemble"),
            album_type="single" if i % 3 else "album",
        )
    assert len(specs) == CROWD_ALBUMS, len(specs)
    return specs  # fmt: skip


def _demian_releases() -> list[dict[str, Any]]:
    """DEMIAN's other singles, newer and older than K's songs (2024-01-10), so that K's songs
    sit on page two of his album list and the list has three pages and more."""
    dates = [f"{2024 + i // 12}-{1 + i % 12:02d}-20" for i in range(1, 15)]  # 2024-02 .. 2025-03
    dates += [f"{2019 + i // 12}-{1 + i % 12:02d}-05" for i in range(DEMIAN_RELEASES - 14)]
    return [
        _track("d2solo", i + 1, f"Solo {i + 1}", f"Solo {i + 1}", DEMIAN,
               {"album": f"데미안 싱글 {i + 1}", "album_en": f"DEMIAN Single {i + 1}",
                "release_date": date})
        for i, date in enumerate(dates)
    ]  # fmt: skip


def seed_discovery(fake: FakeSpotify, *, crowd: bool = True) -> None:
    """Soundtrack #1: a later Part.8 single, songs the full OST album adds (and their MR), a
    62-track score collection (new song on page two, a known recording, variants); Soundtrack
    #2: the Da Capo single and the OST album (same recording, new song, instrumentals), K's
    songs (only in the artist's album list, on its page two), and a same-named album from 2015
    (refused). With ``crowd`` (as a real service answers): the sixty irrelevant albums that
    make the show's album searches answer three pages, and DEMIAN's other releases."""
    for spec in _season1() + _season2() + (_crowd() + _demian_releases() if crowd else []):
        spec = dict(spec)
        fake.add_track(spec.pop("id"), **spec)
