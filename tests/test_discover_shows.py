"""Discovery's rules for any show (issue 19), table-tested on a made-up one-season drama, "달빛
우체국" ("Moonlight Post Office"), whose releases take the naming forms of ../shared/k-ost-naming.md,
and the confusers the notes warn of. Nothing here is a real release."""

from __future__ import annotations

from datetime import date

import pytest

from ost.discover.rules import SeasonEvidence, Show, artist_keys, classify, judge, judge_all
from ost.discover.show import DAYS_BEFORE, SOUNDTRACK_DAYS_BEFORE, Season, window
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.showfile import parse_show

POST = Show.of(
    ["달빛 우체국", "Moonlight Post Office", "Moonlight Letters"],
    [Season(1, (), date(2023, 3, 1), date(2023, 4, 20))],
    key="moonlight-post-office",
)
HAN = ArtistRef("a1", "하늘빛", "Haneulbit")
YURI = ArtistRef("a2", "유리창", "Yurichang")
SAE = ArtistRef("a3", "새봄", "Saebom")
NEWCOMER = ArtistRef("a4", "이음", "Ieum")
DIRECTOR = ArtistRef("md", "김음악", "Kim Eum-ak")
PIANIST = ArtistRef("cv", "피아노 드림", "Piano Dream")
LOFI = ArtistRef("lf", "로파이 룸", "Lofi Room")
BAND = ArtistRef("bd", "우체부들", "The Postmen")
FILMS = ArtistRef("fm", "옛 영화 악단", "Old Film Orchestra")


def season_of(show: Show, number: int = 1, artists=(), recordings=()) -> SeasonEvidence:
    """What the catalogue knows of a season: a show just added knows nothing but its dates."""
    return SeasonEvidence(
        number,
        show.title(number),
        show.window(number),
        artist_keys(artists),
        frozenset(recordings),
    )


S1 = season_of(POST)


def album(id, name, released, *, en=None, kind="single", by=()):
    return Album(id, name, en or name, kind, released, f"https://open.spotify.com/album/{id}", by)


def track(id, name, by, number=1, *, isrc=None, ms=200000, on="x"):
    return AlbumTrack(id, on, 1, number, name, name, (by,), ms, isrc)


def song_and_inst(stem, name, by, isrc):
    return [track(stem, name, by, isrc=isrc), track(stem + "i", f"{name} (Inst.)", by, 2)]


P1 = album(
    "p1", "달빛 우체국 OST Part.1", "2023-03-04",
    en="Moonlight Post Office (Original Television Soundtrack), Pt. 1", by=(HAN,),
)  # fmt: skip
P2 = album(
    "p2", "달빛 우체국 OST Part.2", "2023-03-11",
    en="Moonlight Post Office Pt. 2 (Original Television Soundtrack)", by=(YURI,),
)  # fmt: skip
P3 = album("p3", "달빛 우체국 OST 파트3", "2023-03-18", en="Moonlight Post Office OST Part.3")
SPECIAL = album("sp", "Moonlight Post Office OST Special", "2023-05-10", by=(HAN,))
SPECIAL_TRACK = album("st", "Late Reply (Moonlight Letters OST Special Track)", "2023-06-01")
FULL = album(
    "full", "달빛 우체국 OST", "2023-05-20",
    en="Moonlight Post Office (Original Television Soundtrack)", kind="album",
)  # fmt: skip
PIANO_PART = album("pp", "Moonlight Post Office OST Part.4 (Piano Collection)", "2023-06-05")
LOFI_MIX = album("lo", "Moonlight Post Office OST (Lofi Covers)", "2023-06-10", kind="album")
FILM = album("film", "Moonlight Post Office OST", "2009-05-01", kind="album", by=(FILMS,))
BAND_ALBUM = album("band", "Moonlight Post Office", "2023-04-01", kind="album", by=(BAND,))
OWN_SINGLE = album("own", "Blue Hour", "2023-04-05", by=(HAN,))
SEASON_TWO = album("s2", "Moonlight Post Office Season 2 OST", "2023-07-01", by=(HAN,))
TOO_EARLY = album("early", "달빛 우체국 OST Special", "2022-12-16", by=(HAN,))  # 75 days before

TRACKS: dict[str, list[AlbumTrack] | None] = {
    "p1": song_and_inst("t1", "편지", HAN, "KRX000000001"),
    "p2": song_and_inst("t2", "우표", YURI, "KRX000000002"),
    "p3": song_and_inst("t3", "달빛 아래", SAE, "KRX000000003"),
    "sp": [track("t4", "Blue Letter", HAN, isrc="KRX000000004")],
    "st": [track("t5", "Late Reply", NEWCOMER, isrc="KRX000000005")],
    "full": [
        track("f1", "편지", HAN, 1, isrc="KRX000000001"),  # the part's recording: same ISRC
        track("f2", "우표", YURI, 2),  # no ISRC: the same title, artist and length
        track("f3", "밤의 답장", SAE, 3),
        track("f4", "Main Title", DIRECTOR, 4),
        track("f5", "Night Shift", DIRECTOR, 5),
        track("f6", "Sorting Room (Inst.)", DIRECTOR, 6),
        track("f7", "편지 (Piano Ver.)", DIRECTOR, 7),
    ],
    "pp": [track("c1", "편지 (Piano Ver.)", PIANIST), track("c2", "우표 (Piano Ver.)", PIANIST, 2)],
    "lo": [track("l1", "편지 (Lofi)", LOFI), track("l2", "우표 - Lofi", LOFI, 2)],
    "film": None,  # outside the show's time: never fetched
    "band": [track("b1", "Moonlight Post Office", BAND)],
    "own": [track("o1", "Blue Hour", HAN)],
    "s2": None,
    "early": None,
}
ALBUMS = [P1, P2, P3, SPECIAL, SPECIAL_TRACK, FULL, PIANO_PART, LOFI_MIX]
ALBUMS += [FILM, BAND_ALBUM, OWN_SINGLE, SEASON_TWO, TOO_EARLY]
VERDICTS = {v.album.id: v for v in judge_all([(a, TRACKS[a.id]) for a in ALBUMS], S1, POST)}


CASES = [  # (case, album, accepted, the evidence that does not hold)
    ("Korean part 1, parts vouch for each other", "p1", True, {"recording"}),
    ("part 2 numbered before the OST label", "p2", True, {"artist", "recording"}),
    ("part 3 as 파트3", "p3", True, {"artist", "recording"}),
    ("Special by part 1's singer", "sp", True, {"recording"}),
    ("Special Track under an alias, new singer", "st", True, {"artist", "recording"}),
    ("full album repeating the parts' recordings", "full", True, {"series"}),
    ("piano collection numbered like a part", "pp", False, {"artist", "recording", "variants"}),
    ("lofi covers", "lo", False, {"artist", "recording", "series", "variants"}),
    ("a film of the same name years earlier", "film", False, {"date", "artist", "recording", "series"}),
    ("a band's album named like the show", "band", False, {"title", "artist", "recording", "series"}),
    ("a part singer's own single", "own", False, {"title", "recording", "series"}),
    ("a season the show does not have", "s2", False, {"title", "recording", "series"}),
    ("75 days before the premiere", "early", False, {"date", "recording"}),
]  # fmt: skip


@pytest.mark.parametrize(
    "album_id, accepted, failing", [pytest.param(*rest, id=case) for case, *rest in CASES]
)
def test_albums_of_a_show_known_by_its_names_and_dates(album_id, accepted, failing):
    verdict = VERDICTS[album_id]
    assert verdict.accepted is accepted, verdict.reason
    assert {e.kind for e in verdict.evidence if not e.ok} == failing
    assert verdict.reason.startswith("accepted" if accepted else "refused")


def test_what_each_piece_of_evidence_says():
    details = {v.album.id: {e.kind: e.detail for e in v.evidence} for v in VERDICTS.values()}
    assert details["p1"]["title"] == "its title names 달빛 우체국 with an OST mark"
    assert details["p1"]["series"] == (
        "it is part 1 of a series whose parts 2, 3 name 달빛 우체국 with an OST mark in its time"
    )
    assert details["sp"]["artist"] == 'it credits 하늘빛, who sings on "달빛 우체국 OST Part.1"'
    assert details["st"]["series"] == (
        "it is an extra (Special Track) of a series whose parts 1, 2, 3 name 달빛 우체국 with an "
        "OST mark in its time"
    )
    assert (
        details["full"]["recording"] == 'it holds "편지", the recording on "달빛 우체국 OST Part.1"'
    )
    assert details["pp"]["variants"] == (
        "all 2 of its tracks are versions (piano) by artists no accepted part shares"
    )
    assert (
        details["band"]["title"] == "its title names Moonlight Post Office but carries no OST mark"
    )
    assert (
        details["p1"]["artist"]
        == 'it credits 하늘빛, who sings on "Moonlight Post Office OST Special"'
    )
    assert details["lo"]["title"] == "its title names 달빛 우체국 with an OST mark"
    assert details["own"]["title"] == "its title does not name 달빛 우체국"
    assert details["s2"]["title"] == "its title names season 2, not 달빛 우체국"
    assert details["early"]["date"] == (
        "released 2022-12-16, outside the show's time (2022-12-31 to 2024-04-19)"
    )


def test_a_lone_part_is_not_enough_without_a_catalogue():
    (alone,) = judge_all([(P1, TRACKS["p1"])], S1, POST)
    assert not alone.accepted
    assert "no other part of its series was accepted" in alone.reason


def test_a_lone_part_is_taken_on_a_catalogue_artist():
    known = season_of(POST, artists=["하늘빛", "Haneulbit"])
    assert judge(P1, TRACKS["p1"], known, POST).accepted


def test_two_parts_of_covers_do_not_vouch_for_each_other():
    one = album("c1", "Moonlight Post Office OST Part.1 (Piano)", "2023-03-20")
    two = album("c2", "Moonlight Post Office OST Part.2 (Piano)", "2023-03-21")
    tracks = {
        "c1": [track("x1", "편지 (Piano Ver.)", PIANIST)],
        "c2": [track("x2", "우표 (Piano Ver.)", PIANIST)],
    }
    verdicts = judge_all([(one, tracks["c1"]), (two, tracks["c2"])], S1, POST)
    assert [v.accepted for v in verdicts] == [False, False]


SEASONS = Show.of(
    ["달빛 병원", "Moonlit Hospital"],
    [Season(1, ("달빛 병원",), date(2020, 3, 12)), Season(2, (), date(2021, 6, 17))],
)


@pytest.mark.parametrize(
    "title, season, ok, detail",
    [
        ("달빛 병원 OST Part 1", 1, True, "its title names 달빛 병원 with an OST mark"),
        ("달빛 병원 시즌2 OST Part 1", 2, True, "its title names 달빛 병원 season 2 with an OST mark"),
        ("달빛 병원 시즌2 OST Part 1", 1, False, "its title names 달빛 병원 season 2, not 달빛 병원"),
        ("Moonlit Hospital 2 OST", 2, False,
         "its title names Moonlit Hospital but other words stand between it and its OST mark"),
        ("Moonlit Hospital Season 2", 2, False,
         "its title names Moonlit Hospital Season 2 but carries no OST mark"),
    ],
    ids=lambda v: "" if str(v).startswith("its title") else f"season {v}" if isinstance(v, int) and not isinstance(v, bool) else str(v),
)  # fmt: skip
def test_title_evidence_for_a_show_of_several_seasons(title, season, ok, detail):
    evidence = judge(album("x", title, "2021-07-01"), None, season_of(SEASONS, season), SEASONS)
    assert (evidence.evidence[0].ok, evidence.evidence[0].detail) == (ok, detail)


def test_a_title_with_the_name_and_a_mark_but_no_season_of_several():
    bare = Show.of(["Moonlit Hospital"], [Season(1), Season(2)])
    verdict = judge(
        album("x", "Moonlit Hospital OST", "2021-07-01"), None, season_of(bare, 2), bare
    )
    assert verdict.evidence[0].detail == "its title names Moonlit Hospital but none of its seasons"


def test_the_shows_time_starts_60_days_before_but_soundtracks_keeps_its_six_months():
    """Soundtrack #1's Part 1 came out 2021-12-30, 83 days before the 2022-03-23 premiere: the
    bundled show keeps its lead so that discovery finds what it found; a show added by its
    dates gets 60 days."""
    premiere, finale = date(2022, 3, 23), date(2022, 4, 13)
    assert window(premiere, finale, DAYS_BEFORE)[0] == date(2022, 1, 22)
    assert window(premiere, finale, SOUNDTRACK_DAYS_BEFORE)[0] <= date(2021, 12, 30)
    assert window(premiere, None)[1] == date(2023, 3, 23)  # still on air: from the premiere
    assert Show.from_names({1: ["사운드트랙 #1"]}).days_before == SOUNDTRACK_DAYS_BEFORE
    assert POST.window(1) == (date(2022, 12, 31), date(2024, 4, 19))
    assert Show.of(["X"]).window(1) is None  # no air dates: nothing is in its time


# --- the tracks of the accepted albums --------------------------------------------------------


def accepted_albums():
    return [(v.album, TRACKS[v.album.id] or []) for v in VERDICTS.values() if v.accepted]


def listed(music):
    return [(x.track.id, x.kind, x.of) for x in classify([], accepted_albums(), music=music)]


SONGS = [
    ("t1", "new", None),
    ("t1i", "variant", "편지"),
    ("t2", "new", None),
    ("t2i", "variant", "우표"),
    ("t3", "new", None),
    ("t3i", "variant", "달빛 아래"),
    ("t4", "new", None),
    ("f1", "repeat", "편지"),  # same ISRC
    ("f2", "repeat", "우표"),  # same title, artist and length
    ("f3", "new", None),
    ("f7", "variant", "편지"),  # the director's piano version of a song is that song's
    ("t5", "new", None),
]
SCORE = [("f4", "score", None), ("f5", "score", None), ("f6", "score", None)]


def test_songs_then_the_music_directors_score_pieces():
    assert listed(["김음악"]) == SONGS + SCORE


def test_a_show_that_names_no_music_director_has_it_inferred():
    assert listed(None) == SONGS + SCORE


def test_with_score_told_apart_from_nothing_the_pieces_stay_songs_and_versions():
    got = dict((i, (k, o)) for i, k, o in listed(()))
    assert got["f4"] == ("new", None) and got["f5"] == ("new", None)
    assert got["f6"] == ("variant", None)


def test_a_show_file_makes_the_same_show():
    spec = parse_show(
        '[show]\ntitle = "달빛 우체국"\ntitle_en = "Moonlight Post Office"\n'
        'aliases = ["Moonlight Letters"]\n\n'
        "[[seasons]]\nnumber = 1\npremiere = 2023-03-01\nfinale = 2023-04-20\n",
        "moonlight.toml",
    )
    show = Show.from_file(spec)
    assert (show.key, show.names, show.window(1)) == (POST.key, POST.names, POST.window(1))
    again = judge_all([(a, TRACKS[a.id]) for a in ALBUMS], season_of(show), show)
    assert [v.accepted for v in again] == [VERDICTS[a.id].accepted for a in ALBUMS]
