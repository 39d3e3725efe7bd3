"""How a release title names a show (ost.discover.naming), table-tested on the forms the services
use (../shared/k-ost-naming.md: the titles below are the ones quoted there, each read against
the show names the notes give it) and on the confusers the notes warn of. Made-up shows stand in
where a form needs a show of several seasons."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ost.discover.naming import Names, has_ost_mark, name_pattern


def read(names: list[str], title: str, seasons: dict[int, list[str]] | None = None):
    seasons = seasons or {1: []}
    only = next(iter(seasons)) if len(seasons) == 1 else None
    r = Names.of(names, seasons, only).read([title])
    return sorted(r.seasons), sorted(r.marked_seasons), r.part, r.extra


QUEEN = ["눈물의 여왕", "Queen of Tears"]
MEOW = ["어서와", "Meow, the Secret Boy"]
GUARDIAN = ["Goblin", "Guardian"]  # Spotify's "Guardian" is the drama better known as "Goblin"


@pytest.mark.parametrize(
    "names, title, expected",
    [
        # (seasons named, seasons named with an OST mark after the name, part, extra)
        (QUEEN, "눈물의 여왕 OST Part.1", ([1], [1], 1, None)),
        (QUEEN, "눈물의 여왕 OST Part 1", ([1], [1], 1, None)),
        (QUEEN, "눈물의 여왕 OST 파트9", ([1], [1], 9, None)),
        (QUEEN, "눈물의 여왕 OST 스페셜", ([1], [1], None, "스페셜")),
        (QUEEN, "눈물의 여왕 OST Special", ([1], [1], None, "Special")),
        (
            ["빈센조", "Vincenzo"],
            "VINCENZO (Original Television Soundtrack) Pt. 3",
            ([1], [1], 3, None),
        ),
        (GUARDIAN, "Guardian (Original Television Soundtrack), Pt. 1", ([1], [1], 1, None)),
        (
            ["Hotel del Luna"],
            "Hotel del Luna (Original Television Soundtrack) Pt.3",
            ([1], [1], 3, None),
        ),
        (
            ["The Beauty Inside"],
            "The Beauty Inside Pt. 6 (Original Television Soundtrack)",
            ([1], [1], 6, None),
        ),
        (
            ["Weightlifting Fairy Kim Bok Joo"],
            "Weightlifting Fairy Kim Bok Joo (Original Television Soundtrack, Pt. 2)",
            ([1], [1], 2, None),
        ),
        (["Castaway Diva"], "CASTAWAY DIVA OST Part.8", ([1], [1], 8, None)),
        (
            MEOW,
            "Meow the secret boy 어서와 (Original Television Soundtrack), Pt.11",
            ([1], [1], 11, None),
        ),
        (
            ["Start-Up"],
            "START-UP (Original Television Soundtrack), Pt. 1 - Single",
            ([1], [1], 1, None),
        ),
        (
            ["Business Proposal", "A Business Proposal"],
            "Love, Maybe (A Business Proposal OST Special Track)",
            ([1], [1], None, "Special Track"),
        ),
        (["Twenty-Five Twenty-One"], "Twenty-Five Twenty-One OST", ([1], [1], None, None)),
        (
            ["Song of the Bandits"],
            "Song of the Bandits (Original Soundtrack from the Netflix Series)",
            ([1], [1], None, None),
        ),
        # a tie-in with no OST marker: found only by a written source, never by a title rule
        (["My Demon"], "WINTER of aespa X MY DEMON", ([1], [], None, None)),
        # the confusers
        (QUEEN, "Queen of Tears", ([1], [], None, None)),  # a band's album named like the show
        (QUEEN, "Queen of Tears Lofi Mix", ([1], [], None, None)),
        (QUEEN, "Queen of Tears Lofi OST", ([1], [], None, None)),  # a word between: no mark
        (QUEEN, "Queens of Tears OST", ([], [], None, None)),  # another name
        (["Signal"], "Signal Fire OST (Original Soundtrack)", ([1], [], None, None)),
        (["Ghost"], "Ghost Harbor OST", ([1], [], None, None)),
        (["Ghost"], "Host Club OST", ([], [], None, None)),
        (QUEEN, "Queen of Tears Season 2 OST", ([2], [2], None, None)),  # not the one season
        (QUEEN, "ＱＵＥＥＮ ＯＦ ＴＥＡＲＳ ＯＳＴ", ([1], [1], None, None)),  # full-width letters
        (QUEEN, "눈물의여왕OST Part.2", ([1], [1], 2, None)),  # spacing aside
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_what_a_title_says_of_a_one_season_show(names, title, expected):
    assert read(names, title) == expected


HOSPITAL = ["달빛 병원", "Moonlit Hospital"]  # made up: a show of two seasons


@pytest.mark.parametrize(
    "title, seasons, named",
    [
        ("달빛 병원 시즌2 OST Part 1", {}, [2]),
        ("달빛 병원 시즌 2 OST 파트3", {}, [2]),
        ("Moonlit Hospital Season 2 (Original Television Soundtrack) Pt. 3", {}, [2]),
        ("Moonlit Hospital #2 OST", {}, [2]),
        ("Moonlit Hospital No. 2 OST Part.4", {}, [2]),
        ("Moonlit Hospital 2 OST", {}, []),  # a bare number names no season
        ("Moonlit Hospital 2 OST", {2: ["Moonlit Hospital 2"]}, [2]),  # unless it is a name
        ("달빛 병원 OST Part 1", {}, []),  # several seasons: the name alone names none
        ("달빛 병원 OST Part 1", {1: ["달빛 병원"]}, [1]),  # season 1's parts carry no mark
        ("달빛 병원 시즌2 OST Part 1", {1: ["달빛 병원"]}, [2]),  # the longer mention wins
        ("Moonlit Hospital #12 OST", {}, [12]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_season_mark_names_a_season_of_several(title, seasons, named):
    all_seasons = {1: [], 2: [], **seasons}
    assert read(HOSPITAL, title, all_seasons)[1] == named


@pytest.mark.parametrize(
    "title, marked",
    [
        ("X OST", True),
        ("X O.S.T.", True),
        ("X (Original Television Soundtrack)", True),
        ("X (Original TV Soundtrack)", True),
        ("X (Original Soundtrack from the Netflix Series)", True),
        ("X (오리지널 사운드트랙)", True),
        ("X Soundtrack", False),
        ("Frost", False),
        ("Costa Rica", False),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_ost_marks(title, marked):
    assert has_ost_mark(title) is marked


def test_a_name_of_punctuation_only_names_nothing():
    assert name_pattern("!!! ...") is None
    assert Names.of(["!!!"], {1: []}, 1).read(["!!! OST"]).mentions == ()


SEPARATORS = st.sampled_from(["", " ", "  ", "-", ", ", ": ", "·"])


@given(
    words=st.lists(
        st.text(alphabet="가나다라마바사아abcdefgh", min_size=1, max_size=5), min_size=1, max_size=4
    ),
    seps=st.lists(SEPARATORS, min_size=4, max_size=4),
    upper=st.booleans(),
    part=st.integers(min_value=1, max_value=30),
)
def test_any_spacing_case_or_punctuation_of_the_name_is_read(words, seps, upper, part):
    """The show's name written with other spacing, case and punctuation, an OST mark and a part
    after it, is read as the show's, marked, with its part number."""
    name = " ".join(words)
    written = "".join(w + s for w, s in zip(words, seps, strict=False)).strip(" -,:·")
    written = written.upper() if upper else written
    title = f"{written} OST Part.{part}"
    assert read([name], title) == ([1], [1], part, None)
