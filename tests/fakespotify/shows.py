"""Seed for shows a user adds (issue 19): two made-up K-dramas whose OST releases take the real
naming forms of ../shared/k-ost-naming.md, and the confusers the notes warn of.

- *별빛 세탁소* ("Starlight Laundry", also "Starlit Laundromat"; one season, aired 2024-03-02 ..
  2024-04-21): twelve releases. Nine numbered parts, each in another form (``OST Part.1``,
  ``(Original Television Soundtrack, Pt. 2)``, ``(Original Television Soundtrack) Pt. 3``,
  ``Pt. 6 (Original Television Soundtrack)``, ``OST 파트9`` ...), each a song and its
  instrumental; ``OST Special``; ``Clean Sheets (Starlit Laundromat OST Special Track)`` under
  the alias; and the full OST after the finale, which repeats the parts' recordings (same ISRC,
  other track ids; one without an ISRC, the same title, artist and length), adds one song and
  four pieces of score by the music director (and his piano version of a part's song).
  Confusers: a film of the same name fifteen years earlier, a band's album named like the show
  without an OST mark, lofi and piano collections naming the show and "OST", and a part
  singer's own single (found only in her album list).
- *은빛 항구* ("Silver Harbor"; a Netflix series of two seasons): two parts a season in the
  Netflix form, ``(Original Soundtrack from the Netflix Series) Pt. 1``, season 2's named
  ``Silver Harbor: Season 2 (...)``. Added from a hand-written show file (``HARBOR_FILE``).

With ``crowd``, sixty irrelevant albums answer the show's searches too (other years, other
"seasons", playlists and covers), as a real service answers. Nothing here is a real release.
"""

from __future__ import annotations

from typing import Any

from .seed import _fixture_id
from .server import FakeSpotify

LAUNDRY = "별빛 세탁소"
LAUNDRY_EN = "Starlight Laundry"
LAUNDRY_ALIAS = "Starlit Laundromat"
LAUNDRY_AIRED = "2024-03-02..2024-04-21"
LAUNDRY_KEY = "starlight-laundry"

SUMMER = (["한여름"], ["Han Yeoreum"])
GLASS_STAR = (["유리별"], ["Yuribyeol"])
DAWN_RIVER = (["새벽강"], ["Saebyeokgang"])
HANEUL = (["하늘"], ["HANEUL"])
HALO = (["달무리"], ["Dalmuri"])
MILKY_WAY = (["은하수"], ["Eunhasu"])
EDEN = (["이든"], ["EDEN"])
MIRINAE = (["미리내"], ["Mirinae"])
DIRECTOR = (["김선율"], ["Kim Seon-yul"])

# (part, Korean-locale album title, English-locale album title, date, song, English, singer)
PARTS = [
    (1, f"{LAUNDRY} OST Part.1", f"{LAUNDRY_EN} OST Part.1", "2024-03-02",
     "빨래 바구니", "Laundry Basket", SUMMER),
    (2, f"{LAUNDRY} (Original Television Soundtrack, Pt. 2)",
     f"{LAUNDRY_EN} (Original Television Soundtrack, Pt. 2)", "2024-03-09",
     "거품 속에서", "In the Bubbles", GLASS_STAR),
    (3, f"{LAUNDRY_EN} (Original Television Soundtrack) Pt. 3",
     f"{LAUNDRY_EN} (Original Television Soundtrack) Pt. 3", "2024-03-16",
     "마른 셔츠", "Dry Shirt", DAWN_RIVER),
    (4, f"{LAUNDRY} OST Part 4", f"{LAUNDRY_EN} OST Part 4", "2024-03-23",
     "Spin Cycle", "Spin Cycle", HANEUL),
    (5, f"{LAUNDRY} OST Part.5", f"{LAUNDRY_EN} OST Part.5", "2024-03-30",
     "두 번째 헹굼", "The Second Rinse", SUMMER),
    (6, f"{LAUNDRY_EN} Pt. 6 (Original Television Soundtrack)",
     f"{LAUNDRY_EN} Pt. 6 (Original Television Soundtrack)", "2024-04-06",
     "보풀", "Lint", HALO),
    (7, f"{LAUNDRY} OST Part.7", f"{LAUNDRY_EN} OST Part.7", "2024-04-13",
     "젖은 신발", "Wet Shoes", MILKY_WAY),
    (8, f"{LAUNDRY} OST 파트8", f"{LAUNDRY_EN} OST Part.8", "2024-04-14",
     "마지막 빨래", "The Last Load", EDEN),
    (9, f"{LAUNDRY} OST 파트9", f"{LAUNDRY_EN} OST Part.9", "2024-04-20",
     "세제 향기", "Scent of Soap", GLASS_STAR),
]  # fmt: skip
SPECIAL = (f"{LAUNDRY} OST Special", f"{LAUNDRY_EN} OST Special", "2024-05-01",
           "별빛 아래 빨래", "Laundry under Starlight", SUMMER)  # fmt: skip
SPECIAL_TRACK = (f"Clean Sheets ({LAUNDRY_ALIAS} OST Special Track)",
                 f"Clean Sheets ({LAUNDRY_ALIAS} OST Special Track)", "2024-06-10",
                 "Clean Sheets", "Clean Sheets", MIRINAE)  # fmt: skip
FULL = (f"{LAUNDRY} OST", f"{LAUNDRY_EN} (Original Television Soundtrack)", "2024-05-20")
FULL_NEW_SONG = ("세탁소 엔딩", "Laundromat Ending", DAWN_RIVER)
SCORE = ["Opening Title", "Laundry Day", "Night Shift at the Laundromat", "Folded Memories"]
RELEASES = len(PARTS) + 3  # the parts, the Special, the Special Track, the full OST

# What discovery adds, in release order: the songs, then the score.
SONGS = [p[4] for p in PARTS] + [SPECIAL[3], FULL_NEW_SONG[0], SPECIAL_TRACK[3]]
LAUNDRY_TRACKS = SONGS + SCORE
CONFUSERS = {  # what -> (album title, release date)
    "film": (f"{LAUNDRY} OST", "2009-05-01"),  # the full OST's very title, another orchestra
    "band": (LAUNDRY_EN, "2024-04-02"),  # no OST mark
    "lofi": (f"{LAUNDRY_EN} OST (Lofi Covers)", "2024-06-15"),
    "piano": (f"{LAUNDRY_EN} OST Piano Collection", "2024-07-01"),
    "own single": ("Blue Hour", "2024-04-05"),  # the singer of parts 1 and 5, in the show's time
}

HARBOR = "은빛 항구"
HARBOR_EN = "Silver Harbor"
HARBOR_KEY = "silver-harbor"
HARBOR_FILE = f"""# A Netflix series of two seasons, written by hand.
[show]
key = "{HARBOR_KEY}"
title = "{HARBOR}"
title_en = "{HARBOR_EN}"
sources = ["https://example.org/silver-harbor"]

[[seasons]]
number = 1
# The services name season 1 without a season mark.
aliases = ["{HARBOR_EN}", "{HARBOR}"]
premiere = 2023-01-13
finale = 2023-01-13

[[seasons]]
number = 2
premiere = 2024-06-07
finale = 2024-06-07
"""
SAILOR = (["선원들"], ["The Sailors"])
LIGHTHOUSE = (["등대지기"], ["Lighthouse Keeper"])
NETFLIX = "(Original Soundtrack from the Netflix Series)"
HARBOR_PARTS = [  # (season, album title, date, song, English, singer)
    (1, f"{HARBOR_EN} {NETFLIX} Pt. 1", "2023-01-13", "파도 소리", "Sound of Waves", SAILOR),
    (1, f"{HARBOR_EN} {NETFLIX} Pt. 2", "2023-01-20", "등대", "Lighthouse", LIGHTHOUSE),
    (2, f"{HARBOR_EN}: Season 2 {NETFLIX} Pt. 1", "2024-06-07", "돌아온 배", "The Ship Returns",
     SAILOR),
    (2, f"{HARBOR_EN}: Season 2 {NETFLIX} Pt. 2", "2024-06-14", "은빛 물결", "Silver Ripples",
     LIGHTHOUSE),
]  # fmt: skip
HARBOR_SONGS = {1: ["파도 소리", "등대"], 2: ["돌아온 배", "은빛 물결"]}


def _id(stem: str, n: int) -> str:
    return _fixture_id(stem, n)


def _isrc(n: int) -> str:
    return f"KRA40240{n:04d}"


def _song(stem: str, n: int, name: str, en: str, singer: Any, album: dict[str, Any], **kw: Any):
    ko, en_names = singer
    return {"id": _id(stem, n), "name": name, "name_en": en, "artists": ko,
            "artists_en": en_names, "duration_ms": 200000 + 1000 * n, **album, **kw}  # fmt: skip


def _laundry() -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for part, ko, en, date, song, song_en, singer in PARTS:
        album = {"album": ko, "album_en": en, "release_date": date}
        specs.append(
            _song(
                "wlpart",
                part * 2 - 1,
                song,
                song_en,
                singer,
                album,
                isrc=_isrc(part),
                duration_ms=200000 + 1000 * part,
            )
        )
        specs.append(_song("wlpart", part * 2, f"{song} (Inst.)", f"{song_en} (Inst.)", singer,
                           album, track_number=2))  # fmt: skip
    for n, (ko, en, date, song, song_en, singer) in enumerate((SPECIAL, SPECIAL_TRACK), 1):
        album = {"album": ko, "album_en": en, "release_date": date}
        specs.append(_song("wlextra", n, song, song_en, singer, album, isrc=_isrc(50 + n)))
    specs += _full_album()
    return specs


def _full_album() -> list[dict[str, Any]]:
    ko, en, date = FULL
    album = {"album": ko, "album_en": en, "album_type": "album", "release_date": date}
    specs = []
    for n, (part, *_, song, song_en, singer) in enumerate(PARTS, 1):
        # the parts' recordings again: the same ISRC (part 9's without one: the same title,
        # artist and length)
        isrc = {"isrc": _isrc(part)} if part != 9 else {}
        specs.append(_song("wlfull", n, song, song_en, singer, album, track_number=n,
                           duration_ms=200000 + 1000 * part, **isrc))  # fmt: skip
    new, new_en, singer = FULL_NEW_SONG
    specs.append(_song("wlfull", 10, new, new_en, singer, album, track_number=10, isrc=_isrc(60)))
    for n, piece in enumerate(SCORE, 11):
        specs.append(_song("wlfull", n, piece, piece, DIRECTOR, album, track_number=n))
    specs.append(_song("wlfull", 15, "빨래 바구니 (Piano Ver.)", "Laundry Basket (Piano Ver.)",
                       DIRECTOR, album, track_number=15))  # fmt: skip
    return specs


def _laundry_confusers() -> list[dict[str, Any]]:
    def album(what: str, **kw: str) -> dict[str, str]:
        name, date = CONFUSERS[what]
        return {"album": name, "release_date": date, **kw}

    film = album("film", album_en=f"{LAUNDRY_EN} OST", album_type="album")
    band, lofi, piano = (album(what, album_type="album") for what in ("band", "lofi", "piano"))
    single = album("own single")
    orchestra = (["옛 영화 악단"], ["Old Film Orchestra"])
    boys = (["빨래방 소년들"], ["The Laundromat Boys"])
    lofi_room = (["로파이 룸"], ["Lofi Room"])
    pianist = (["피아노 드림"], ["Piano Dream"])
    return [
        _song("wlfilm", 1, "세탁소의 밤", "Night at the Laundry", orchestra, film),
        _song("wlband", 1, "Starlight Laundry", "Starlight Laundry", boys, band),
        _song("wlband", 2, "Tumble Dry", "Tumble Dry", boys, band, track_number=2),
        _song("wllofi", 1, "빨래 바구니 (Lofi)", "Laundry Basket (Lofi)", lofi_room, lofi),
        _song("wllofi", 2, "Spin Cycle - Lofi", "Spin Cycle - Lofi", lofi_room, lofi,
              track_number=2),
        _song("wlpiano", 1, "빨래 바구니 (Piano Ver.)", "Laundry Basket (Piano Ver.)", pianist,
              piano),
        _song("wlpiano", 2, "보풀 (Piano Ver.)", "Lint (Piano Ver.)", pianist, piano,
              track_number=2),
        _song("wlown", 1, "Blue Hour", "Blue Hour", SUMMER, single),
    ]  # fmt: skip


def _harbor() -> list[dict[str, Any]]:
    specs = []
    for n, (_, title, date, song, song_en, singer) in enumerate(HARBOR_PARTS, 1):
        album = {"album": title, "album_en": title, "release_date": date}
        specs.append(_song("shpart", n * 2 - 1, song, song_en, singer, album, isrc=_isrc(100 + n)))
        specs.append(_song("shpart", n * 2, f"{song} (Inst.)", f"{song_en} (Inst.)", singer,
                           album, track_number=2))  # fmt: skip
    return specs


CROWD_ALBUMS = 60


def _crowd() -> list[dict[str, Any]]:
    """Sixty albums no discovery may take that answer the show's searches: other productions
    named like it years before, "seasons" it never had, playlists and cover collections."""
    specs: list[dict[str, Any]] = []
    studio = (["무지개 스튜디오"], ["Rainbow Studio"])
    label = (["플레이리스트 랩"], ["Playlist Lab"])
    for n in range(1, 21):  # a stage musical's cast albums, long before the show
        album = {
            "album": f"{LAUNDRY} OST Musical Cast Recording Vol. {n}",
            "album_en": f"{LAUNDRY_EN} OST Musical Cast Recording Vol. {n}",
            "album_type": "album",
            "release_date": f"{1995 + n % 12}-0{1 + n % 9}-01",
        }
        specs.append(_song("wlcrowd", len(specs) + 1, f"Number {n}", f"Number {n}", studio,
                           album))  # fmt: skip
    for n in range(3, 23):  # seasons the show never had
        album = {
            "album": f"{LAUNDRY} 시즌{n} OST",
            "album_en": f"{LAUNDRY_EN} Season {n} OST",
            "album_type": "album",
            "release_date": f"{2024 + n // 6}-0{1 + n % 9}-10",
        }
        specs.append(_song("wlcrowd", len(specs) + 1, f"Theme {n}", f"Theme {n}", studio, album))
    for n in range(1, 21):  # playlists and covers from the show's time, by no one of the OST
        album = {
            "album": f"{LAUNDRY_EN} OST Playlist for Sleep and Study Vol. {n}",
            "album_type": "compilation",
            "release_date": f"2024-0{1 + n % 9}-2{n % 8}",
        }
        specs.append(_song("wlcrowd", len(specs) + 1, f"Calm {n}", f"Calm {n}", label, album))
    assert len(specs) == CROWD_ALBUMS, len(specs)
    return specs


def seed_shows(fake: FakeSpotify, *, crowd: bool = False) -> None:
    """Both shows' releases and the confusers; with ``crowd``, the sixty irrelevant albums."""
    for spec in _laundry() + _laundry_confusers() + _harbor() + (_crowd() if crowd else []):
        spec = dict(spec)
        fake.add_track(spec.pop("id"), **spec)
