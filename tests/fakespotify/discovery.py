"""Seed for discovery: the OST releases a season's catalogue lacks, and the albums that must be
refused. Added on top of ``seed_soundtrack`` (Soundtrack #1's singles and compilation).

Every name here is made up for the fake: no real release, artist or id is modelled.
"""

from __future__ import annotations

from typing import Any

from .seed import S1_ALBUM, S1_ALBUM_EN, S1_COMPILATION_DATE, S1_SONGS, _fixture_id
from .server import FakeSpotify

DAWN_STAR = (["새벽별"], ["Dawn Star"])
ENSEMBLE = (["제나두 앙상블"], ["Xanadu Ensemble"])
DEMIAN = (["데미안"], ["DEMIAN"])
S1_PART8 = "사운드트랙 #1 OST Part.8"
S1_SCORE = "사운드트랙 #1 Score Collection"
S1_SCORE_TRACKS = 55  # past one page of album tracks (50)
S2_ALBUM = "사운드트랙 #2 OST"
S2_K_SONGS = "Soundtrack No. 2: K's Songs"  # found only in the artist's album list
DEMIAN_DA_CAPO_ID = "demiandacapo0000000001"
DA_CAPO_ISRC = "KRZZZ2300501"

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
    for n in range(1, 53):
        specs.append(
            _track(
                "d1score",
                n,
                f"Score No. {n} (Inst.)",
                f"Score No. {n} (Inst.)",
                ENSEMBLE,
                score,
                track_number=n,
            )
        )
    specs.append(
        _track("d1score", 53, "마지막 페이지", "The Last Page", DAWN_STAR, score, track_number=53)
    )
    kyuhyun = S1_SONGS[0]
    specs.append(
        {
            "id": _fixture_id("d1score", 54),
            "name": kyuhyun.title,
            "name_en": kyuhyun.title_en,
            **kyuhyun.credit,
            **score,
            "track_number": 54,
            "isrc": kyuhyun.isrc,
        }
    )
    specs.append(
        _track(
            "d1score",
            55,
            "마지막 페이지 - Sped Up",
            "The Last Page - Sped Up",
            DAWN_STAR,
            score,
            track_number=55,
        )
    )
    return specs  # fmt: skip


def _season2() -> list[dict[str, Any]]:
    single = {"album": "Da Capo", "release_date": "2023-12-13"}
    ost = {
        "album": S2_ALBUM,
        "album_en": "Soundtrack #2 (Original Soundtrack)",
        "album_type": "album",
        "release_date": "2023-12-20",
    }
    k_songs = {"album": S2_K_SONGS, "album_type": "album", "release_date": "2024-01-10"}
    other = {"album": "Soundtrack #2", "album_type": "album", "release_date": "2015-05-01"}
    return [
        {"id": DEMIAN_DA_CAPO_ID, "name": "Da Capo", "artists": DEMIAN[0],
         "artists_en": DEMIAN[1], **single, "duration_ms": 214000, "isrc": DA_CAPO_ISRC},
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


def seed_discovery(fake: FakeSpotify) -> None:
    """Soundtrack #1: a later Part.8 single, songs the full OST album adds (and their MR), a
    55-track score collection (new song on page two, a known recording, variants); Soundtrack
    #2: the Da Capo single and the OST album (same recording, new song, instrumentals), K's
    songs (only in the artist's album list), and a same-named album from 2015 (refused)."""
    for spec in _season1() + _season2():
        spec = dict(spec)
        fake.add_track(spec.pop("id"), **spec)
