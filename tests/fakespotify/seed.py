"""Seed catalogue: Soundtrack #1 plus the traps naive matchers fall into."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .server import (
    FakeSpotify,
)
from .wire import (
    ID_LENGTH,
)

S1_ALBUM = "사운드트랙 #1 OST"
S1_ALBUM_EN = "Soundtrack #1 (Original Soundtrack)"
S1_COMPILATION_DATE = "2022-04-13"


@dataclass(frozen=True)
class _SeedSong:
    key: str  # id stem, e.g. "kyuhyun"
    part: int
    title: str
    title_en: str
    artist: tuple[str, str, str]  # (id, Korean name, English name)
    release_date: str
    duration_ms: int
    isrc: str | None  # fake registrant "ZZZ"; None models releases that carry none

    @property
    def credit(self) -> dict[str, Any]:
        return {"artists": [self.artist[:2]], "artists_en": [self.artist[2]]}


def _fixture_id(stem: str, number: int) -> str:
    """Readable, obviously fake 22-character ids: "s1kyuhyun0000000000001"."""
    return stem + str(number).rjust(ID_LENGTH - len(stem), "0")


def _seed_artist(stem: str, name: str, name_en: str) -> tuple[str, str, str]:
    return (_fixture_id("s1art" + stem, 1), name, name_en)


def _next_isrc(isrc: str | None) -> str | None:
    """The instrumental's ISRC: the song's designation code plus one."""
    return None if isrc is None else f"{isrc[:-5]}{int(isrc[-5:]) + 1:05d}"


S1_SONGS: tuple[_SeedSong, ...] = (
    _SeedSong(
        "kyuhyun", 1, "사랑은 말로 표현하는게 아니래요", "Love Beyond Words",
        _seed_artist("kyuhyun", "규현", "KYUHYUN"), "2021-12-30", 236000, "KRZZZ2100001",
    ),
    _SeedSong(
        "parkboram", 2, "행복해지고 싶어", "Want to Be Happy",
        _seed_artist("parkboram", "박보람", "Park Bo Ram"), "2022-01-06", 221000, "KRZZZ2200001",
    ),
    _SeedSong(
        "davichi", 3, "소녀 같은 맘을 가진 그댈 생각하면 아파요", "Your Tender Heart Hurts Me",
        _seed_artist("davichi", "다비치", "DAVICHI"), "2022-01-20", 229000, "KRZZZ2200003",
    ),
    _SeedSong(
        "kimjongkook", 4, "My Love", "My Love",
        _seed_artist("kimjongkook", "김종국", "Kim Jong Kook"), "2022-01-27", 244000,
        "KRZZZ2200005",
    ),
    _SeedSong(
        "kimjaehwan", 5, "나에게 말해요", "Talk To Me",
        _seed_artist("kimjaehwan", "김재환", "Kim Jae Hwan"), "2022-02-06", 218000, "KRZZZ2200007",
    ),
    # Korean title unknown (fact sheet): the same name in both locales; no ISRC either.
    _SeedSong(
        "standingegg", 6, "Prettiest One", "Prettiest One",
        _seed_artist("standingegg", "스탠딩 에그", "Standing Egg"), "2022-02-14", 207000, None,
    ),
    _SeedSong(
        "doyoung", 7, "아주 조금만 더", "Just A Little Bit More",
        _seed_artist("doyoung", "도영", "DOYOUNG"), "2022-02-22", 232000, "KRZZZ2200011",
    ),
)  # fmt: skip


def _song_tracks(song: _SeedSong, stem: str, album: dict[str, Any], inst_number: int):
    """The song and its "(Inst.)" as add_track() keyword sets."""
    common = {**song.credit, **album, "duration_ms": song.duration_ms}
    main = {
        "id": _fixture_id(stem + song.key, 1),
        "name": song.title,
        "name_en": song.title_en,
        "isrc": song.isrc,
        **common,
    }
    inst = {
        "id": _fixture_id(stem + song.key, 2),
        "name": f"{song.title} (Inst.)",
        "name_en": f"{song.title_en} (Inst.)",
        "isrc": _next_isrc(song.isrc),
        **common,
        "track_number": inst_number,
    }
    return [main, inst]  # fmt: skip


def _ost_specs() -> list[dict[str, Any]]:
    """Each single (song + Inst.) on its own album, and the same recordings, under other ids
    but the same ISRCs, on the later compilation: both are right answers."""
    specs = []
    for song in S1_SONGS:
        single = {
            "album": f"사운드트랙 #1 Part {song.part}",
            "album_en": f"Soundtrack #1 Part {song.part}",
            "release_date": song.release_date,
        }
        specs += _song_tracks(song, "s1", single, inst_number=2)
        compilation = {
            "album": S1_ALBUM,
            "album_en": S1_ALBUM_EN,
            "album_type": "album",
            "release_date": S1_COMPILATION_DATE,
            "track_number": song.part,
        }
        specs += _song_tracks(song, "s1ost", compilation, inst_number=song.part + 7)
    return specs  # fmt: skip


def _decoy_specs() -> list[dict[str, Any]]:
    """Versions, covers and lookalikes that naive matchers pick instead of the OST song."""
    davichi, kim, jaehwan, doyoung = (S1_SONGS[i] for i in (2, 3, 4, 6))
    return [
        {"id": _fixture_id("decoymylove", 1), "name": "My Love", "artists": ["노스바운드 스태틱"],
         "artists_en": ["Northbound Static"], "album": "Paper Lanterns", "album_type": "album",
         "release_date": "1999-05-10", "duration_ms": 263000, "isrc": "USZZZ9900001"},
        {"id": _fixture_id("decoymylove", 2), "name": "My Love", "artists": ["Luna & The Tides"],
         "album": "Low Tide", "release_date": "2008-09-01", "duration_ms": 198000},
        # The same artist's own, older "My Love": right artist, right title, wrong recording.
        {"id": _fixture_id("decoykimjongkook", 1), "name": "My Love", **kim.credit,
         "album": "지난날의 노래", "album_en": "Songs of Yesterday", "album_type": "album",
         "release_date": "2012-11-15", "track_number": 3, "duration_ms": 251000,
         "isrc": "KRZZZ1200001"},
        {"id": _fixture_id("decoydacapo", 1), "name": "Da Capo",
         "artists": ["하모니아 체임버 오케스트라"], "artists_en": ["Harmonia Chamber Orchestra"],
         "album": "다 카포: 바로크 앙코르", "album_en": "Da Capo: Baroque Encores",
         "album_type": "album", "release_date": "2015-05-05", "duration_ms": 312000,
         "isrc": "DEZZZ1500001"},
        {"id": _fixture_id("decoymylove", 3), "name": "My Love", "artists": ["이슬비 밴드"],
         "artists_en": ["Drizzle Band"], "album": "비 오는 날", "album_en": "Rainy Day",
         "release_date": "2016-07-07", "duration_ms": 215000},
        {"id": _fixture_id("decoytalktome", 1), "name": "Talk To Me", "artists": ["Neon Harbor"],
         "album": "Harbor Lights", "release_date": "2020-03-03", "duration_ms": 187000,
         "isrc": "USZZZ2000001"},
        # Title words + artist name in the title: outranks the original on bare-word searches.
        {"id": _fixture_id("decoykaraoke", 1),
         "name": "Love Beyond Words (Originally Performed by KYUHYUN) [Karaoke Version]",
         "artists": ["Karaoke Hits Band"], "album": "Karaoke Hits: K-Drama OST Vol. 3",
         "album_type": "album", "release_date": "2022-03-10", "duration_ms": 236500},
        {"id": _fixture_id("decoypiano", 1), "name": f"{doyoung.title} (Piano Ver.)",
         "name_en": f"{doyoung.title_en} (Piano Ver.)", **doyoung.credit,
         "album": f"{doyoung.title} (Piano Ver.)", "album_en": f"{doyoung.title_en} (Piano Ver.)",
         "release_date": "2022-03-15", "duration_ms": 240000, "isrc": "KRZZZ2200201"},
        # An unrelated "My Love" of the same year: year:2022 does not rule it out.
        {"id": _fixture_id("decoymylove", 4), "name": "My Love", "artists": ["에코 하트"],
         "artists_en": ["Echo Heart"], "album": "Heartbeat", "release_date": "2022-03-18",
         "duration_ms": 205000, "isrc": "KRZZZ2200101"},
        # A cover of the Kim Jong Kook OST song, same title.
        {"id": _fixture_id("decoycover", 1), "name": "My Love", "artists": ["커버 레인"],
         "artists_en": ["Cover Lane"], "album": "OST 커버 모음", "album_en": "OST Covers Collection",
         "album_type": "album", "release_date": "2022-05-20", "duration_ms": 239000},
        {"id": _fixture_id("decoylive", 1), "name": f"{jaehwan.title} (Live)",
         "name_en": f"{jaehwan.title_en} (Live)", **jaehwan.credit, "album": "라이브 세션 2022",
         "album_en": "Live Session 2022", "album_type": "album", "release_date": "2022-08-01",
         "track_number": 4, "duration_ms": 231000},
        {"id": _fixture_id("decoyspedup", 1), "name": f"{davichi.title} - Sped Up",
         "name_en": f"{davichi.title_en} - Sped Up", **davichi.credit,
         "album": f"{davichi.title} (Sped Up)", "album_en": f"{davichi.title_en} (Sped Up)",
         "release_date": "2023-06-01", "duration_ms": 183000, "isrc": "KRZZZ2300001"},
    ]  # fmt: skip


DEMIAN_DA_CAPO_ID = "demiandacapo0000000001"
DEMIAN_DA_CAPO = f"spotify:track:{DEMIAN_DA_CAPO_ID}"
# Soundtrack #2's "Da Capo" as it might be released: a single credited to the singer's stage name.
DEMIAN_DA_CAPO_SINGLE = {
    "id": DEMIAN_DA_CAPO_ID, "name": "Da Capo", "artists": ["데미안"], "artists_en": ["DEMIAN"],
    "album": "Da Capo", "release_date": "2023-12-13", "duration_ms": 214000, "isrc": "KRZZZ2300501",
}  # fmt: skip


def add_demian_da_capo(fake: FakeSpotify) -> None:
    """Release ``DEMIAN_DA_CAPO_SINGLE`` (the discovery seed has it too)."""
    spec = dict(DEMIAN_DA_CAPO_SINGLE)
    fake.add_track(spec.pop("id"), **spec)


def seed_soundtrack(fake: FakeSpotify) -> None:
    """A small, realistic catalogue: the seven Soundtrack #1 singles (each with an "(Inst.)"),
    the later compilation holding the same recordings under other ids (same ISRCs), and decoys:
    karaoke, a cover, unrelated and older same-artist "My Love"s, sped-up, piano and live
    versions, an unrelated orchestral "Da Capo". Tracks are added oldest release first, which
    is also the order of equally relevant search results (so the older "My Love" by Kim Jong
    Kook comes before the OST one). No Soundtrack #2 "Da Capo": whether Spotify has it, and
    under which name, is unknown; tests add one when they need it."""
    specs = sorted(_decoy_specs() + _ost_specs(), key=lambda spec: spec["release_date"])
    for spec in specs:
        spec = dict(spec)
        fake.add_track(spec.pop("id"), **spec)
