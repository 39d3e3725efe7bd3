"""Discovery's pure rules, table-tested: which albums are accepted for which season and why, and
what each track of an accepted album is to the catalogue (new, known, repeat, variant)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ost.discover.rules import (
    KnownSong,
    SeasonEvidence,
    Show,
    artist_keys,
    classify,
    judge,
    judge_all,
    series_of,
)
from ost.service.albums import Album, AlbumTrack, ArtistRef

SHOW = Show.from_names(
    {1: ["사운드트랙 #1", "Soundtrack #1", "사운드트랙#1"], 2: ["사운드트랙 #2", "Soundtrack #2"]}
)
S1 = SeasonEvidence(
    1,
    "사운드트랙 #1",
    (date(2021, 9, 21), date(2023, 4, 13)),
    artist_keys(["규현", "KYUHYUN", "다비치", "DAVICHI"]),
    frozenset({"kyuhyunsingle00000001", "KRZZZ2200003"}),
)
S2 = SeasonEvidence(
    2,
    "사운드트랙 #2",
    (date(2023, 6, 6), date(2024, 12, 19)),
    artist_keys(["손정혁", "Son Jung-hyuk", "데미안", "DEMIAN"]),
    frozenset(),
)
KYUHYUN = ArtistRef("a1", "규현", "KYUHYUN")
DEMIAN = ArtistRef("a2", "데미안", "DEMIAN")
STRANGER = ArtistRef("a3", "낯선 밴드", "Stranger Band")
NEWCOMER = ArtistRef("a4", "이무진", "Lee Mu Jin")


def album(name: str, released: str = "2022-02-01", *, en: str | None = None, artists=(), id=None):
    return Album(
        id or name,
        name,
        en or name,
        "single",
        released,
        "https://open.spotify.com/album/x",
        artists,
    )


def track(id: str, name: str, artists=(NEWCOMER,), *, number=1, isrc=None, en=None, album_id="x"):
    return AlbumTrack(id, album_id, 1, number, name, en or name, tuple(artists), 200000, isrc)


@pytest.mark.parametrize(
    "titles, named",
    [
        (["사운드트랙 #1 Part 1"], {1}),
        (["사운드트랙 #1 OST Part.2"], {1}),  # a Part.2 of season 1 is not season 2
        (["Soundtrack #2 (Original Soundtrack)"], {2}),
        (["Soundtrack No. 2"], {2}),
        (["사운드트랙#1"], {1}),
        (["사운드 트랙 #2 OST"], {2}),
        (["Soundtrack #12"], {12}),
        (["Soundtrack 2"], set()),  # a bare number names no season
        (["Original Soundtrack Part 2"], set()),
        (["Da Capo"], set()),
    ],
    ids=lambda v: str(v),
)
def test_which_season_a_title_names(titles, named):
    assert SHOW.named(titles) == named


@pytest.mark.parametrize(
    "name, series",
    [
        ("사운드트랙 #1 Part 3", ("사운드트랙1", 3)),
        ("사운드트랙 #1 OST Part.8", ("사운드트랙1", 8)),
        ("사운드트랙 #1 OST", None),
        ("Soundtrack #2 Pt. 2", ("soundtrack2", 2)),
    ],
)
def test_series_and_part_number(name, series):
    assert series_of(album(name)) == series


def kinds(verdict):
    return {e.kind: e.ok for e in verdict.evidence}


@pytest.mark.parametrize(
    "case, the_album, tracks, season, accepted, failing",
    [
        (
            "single of the season, right artist",
            album("사운드트랙 #1 Part 1", "2021-12-30", artists=(KYUHYUN,)),
            [track("t1", "사랑은 말로 표현하는게 아니래요", [KYUHYUN])],
            S1,
            True,
            {"recording", "series"},
        ),
        (
            "same-named album by another artist years before",
            album("Soundtrack #2", "2015-03-01", artists=(STRANGER,)),
            None,
            S2,
            False,
            {"date", "artist", "recording", "series"},
        ),
        (
            "right show, wrong season (a Part.2 of season 1 for season 2)",
            album("사운드트랙 #1 OST Part.2", "2023-12-06", artists=(DEMIAN,)),
            None,
            S2,
            False,
            {"title", "recording", "series"},
        ),
        (
            "in the window and the right title, but nothing shared",
            album("사운드트랙 #1 Special", "2022-03-01", artists=(STRANGER,)),
            [track("t9", "Other", [STRANGER])],
            S1,
            False,
            {"artist", "recording", "series"},
        ),
        (
            "a recording already matched, by ISRC, under another artist name",
            album("사운드트랙 #1 OST", "2022-04-13", artists=(STRANGER,)),
            [track("c3", "소녀 같은 맘을", [STRANGER], isrc="KRZZZ2200003")],
            S1,
            True,
            {"artist", "series"},
        ),
        (
            "release date unknown",
            album("사운드트랙 #1 Part 9", None),
            None,
            S1,
            False,
            {"date", "artist", "recording", "series"},
        ),
        (
            "year only, the year straddles the window's end",
            album("사운드트랙 #1 Part 9", "2023", artists=(KYUHYUN,)),
            None,
            S1,
            False,
            {"date", "recording", "series"},
        ),
        (
            "season 2 album credited to an alias of the season's artist",
            album("사운드트랙 #2 OST", "2023-12-06", artists=(DEMIAN,)),
            [track("dc", "Da Capo", [DEMIAN])],
            S2,
            True,
            {"recording", "series"},
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_album_acceptance(case, the_album, tracks, season, accepted, failing):
    verdict = judge(the_album, tracks, season, SHOW)
    assert verdict.accepted is accepted
    assert {k for k, ok in kinds(verdict).items() if not ok} == failing
    assert verdict.reason.startswith("accepted" if accepted else "refused")


def test_a_numbered_part_is_accepted_beside_accepted_parts_of_its_series():
    part1 = album("사운드트랙 #1 Part 1", "2021-12-30", artists=(KYUHYUN,))
    part8 = album("사운드트랙 #1 OST Part.8", "2022-03-10", artists=(NEWCOMER,))
    alone = judge(part8, [track("n1", "새 노래")], S1, SHOW)
    assert not alone.accepted
    verdicts = judge_all(
        [(part8, [track("n1", "새 노래")]), (part1, [track("k1", "사랑은", [KYUHYUN])])], S1, SHOW
    )
    assert [v.accepted for v in verdicts] == [True, True]
    assert kinds(verdicts[0])["series"] is True
    assert "part 8 of a series whose part 1 was accepted" in verdicts[0].reason


def test_refusal_names_what_failed_and_not_what_held():
    verdict = judge(album("Soundtrack #2", "2015-03-01", artists=(STRANGER,)), None, S2, SHOW)
    assert "outside the show's time" in verdict.reason
    assert "names 사운드트랙 #2" not in verdict.reason


# --- the tracks of accepted albums ----------------------------------------------------------


KNOWN = [
    KnownSong(
        "s1-01",
        ("사랑은 말로 표현하는게 아니래요", "Love Beyond Words"),
        artist_keys(["규현", "KYUHYUN"]),
        frozenset({"kyuhyunsingle00000001", "KRZZZ2100001"}),
    ),
    KnownSong("s1-06", ("Prettiest One",), artist_keys(["스탠딩 에그", "Standing Egg"])),
]


def test_tracks_sorted_into_known_new_variant_and_repeat():
    part1 = album("사운드트랙 #1 Part 1", "2021-12-30", id="p1")
    part8 = album("사운드트랙 #1 OST Part.8", "2022-03-10", id="p8")
    full = Album("full", "사운드트랙 #1 OST", "Soundtrack #1 OST", "album", "2022-04-13", "u")
    egg = ArtistRef("e", "스탠딩 에그", "Standing Egg")
    albums = [
        (
            full,
            [
                track("k2", "사랑은 말로 표현하는게 아니래요", [KYUHYUN], isrc="KRZZZ2100001"),
                track("n2", "새 노래", number=2, isrc="KRNEW0001"),
                track("n3", "두 번째 새 노래", number=3),
                track("n4", "두 번째 새 노래 (Inst.)", number=4),
                track("e1", "Prettiest One", [egg], number=5),
            ],
        ),
        (
            part1,
            [
                track("kyuhyunsingle00000001", "사랑은 말로 표현하는게 아니래요", [KYUHYUN]),
                track("k1i", "사랑은 말로 표현하는게 아니래요 (Inst.)", [KYUHYUN], number=2),
            ],
        ),
        (part8, [track("n1", "새 노래", isrc="KRNEW0001"), track("n1m", "새 노래 MR", number=2)]),
    ]
    listed = classify(KNOWN, albums)
    got = [(x.track.id, x.kind, x.of) for x in listed]
    assert got == [
        ("kyuhyunsingle00000001", "known", "s1-01"),
        ("k1i", "variant", "s1-01"),
        ("n1", "new", None),
        ("n1m", "variant", "새 노래"),
        ("k2", "repeat", "s1-01"),
        ("n2", "repeat", "새 노래"),
        ("n3", "new", None),
        ("n4", "variant", "두 번째 새 노래"),
        ("e1", "known", "s1-06"),
    ]
    assert listed[3].flags == ("instrumental",)
    assert "not a new song" in listed[3].why


@pytest.mark.parametrize(
    "name",
    [
        "새 노래 (Inst.)",
        "새 노래 (MR)",
        "새 노래 (Karaoke Ver.)",
        "새 노래 (Piano Ver.)",
        "새 노래 - Sped Up",
        "새 노래 (Slowed + Reverb)",
        "새 노래 (피아노 Ver.)",
    ],
)
def test_every_version_marker_makes_a_variant_never_a_new_song(name):
    alb = album("사운드트랙 #1 OST Part.8", "2022-03-10")
    (listing,) = classify([], [(alb, [track("v", name)])])
    assert listing.kind == "variant"


MARKERS = ["(Inst.)", "(MR)", "[Karaoke Ver.]", "(Piano Ver.)", "- Sped Up", "(Live)", "(Acoustic)"]


@given(
    title=st.text(alphabet="가나다라마바사 abcxyz", min_size=1, max_size=12).filter(
        lambda t: t.strip()
    ),
    marker=st.sampled_from(MARKERS),
    with_original=st.booleans(),
)
def test_a_marked_version_is_never_a_new_song(title: str, marker: str, with_original: bool):
    alb = album("사운드트랙 #1 OST Part.8", "2022-03-10")
    versions = [track("v", f"{title} {marker}", number=2)]
    originals = [track("o", title)] if with_original else []
    listed = {x.track.id: x for x in classify([], [(alb, originals + versions)])}
    assert listed["v"].kind == "variant"
    if with_original:
        assert listed["o"].kind == "new" and listed["v"].of == listed["o"].track.name


def test_an_album_the_service_does_not_date_is_listed_without_a_date():
    """Spotify may leave an album's release date out: the reason never reads "(None)"."""
    (listing,) = classify([], [(album("사운드트랙 #1 OST Part.9", None), [track("n", "새 노래")])])
    assert listing.kind == "new"
    assert listing.why == 'track 1 of "사운드트랙 #1 OST Part.9"; not in the catalogue'
    from ost.discover.add import added_note

    assert added_note(listing, "named by its title") == (
        'Track 1 of "사운드트랙 #1 OST Part.9" on Spotify (named by its title).'
    )
