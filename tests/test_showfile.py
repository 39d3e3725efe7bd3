"""Show files (ost/showfile.py, docs/shows-format.md): read, checked (every mistake one line
naming the file and the line), written back the same, and the documented examples read as the
doc says. The shows are made up."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ost.discover.rules import Show
from ost.errors import InputError
from ost.showfile import (
    ShowFile,
    ShowSeason,
    derive_key,
    parse_show,
    read_show,
    render_show,
    romanise,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "shows-format.md"
EXAMPLES = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)

FULL = """\
# 달빛 병원 (Moonlit Hospital)

[show]
title = "달빛 병원"
title_en = "Moonlit Hospital"
aliases = ["Moonlit Ward", "Moonlit Ward"]
music = ["김음악"]
note = "Made up for the tests."

[[seasons]]
number = 2
premiere = "2021-06-17"
finale = 2021-09-16
aliases = ["Moonlit Hospital 2"]

[[seasons]]
number = 1
premiere = 2020-03-12

[discovery]
days_before = 30
"""


def test_a_file_with_every_table():
    show = parse_show(FULL, "moonlit.toml")
    assert show.key == "moonlit-hospital"
    assert show.names == ("달빛 병원", "Moonlit Hospital", "Moonlit Ward")  # a repeat once
    assert show.music == ("김음악",)
    assert [s.number for s in show.seasons] == [1, 2]  # in season order
    assert show.seasons[1] == ShowSeason(
        2, aliases=("Moonlit Hospital 2",), premiere=date(2021, 6, 17), finale=date(2021, 9, 16)
    )
    assert (show.needs_ost_mark, show.days_before, show.days_after) == (True, 30, 365)


def test_the_least_a_file_needs_is_a_title():
    show = parse_show('[show]\ntitle = "달빛 우체국"\n', "x.toml")
    assert show == ShowFile("dalbit-ucheguk", "달빛 우체국")
    assert show.seasons == (ShowSeason(1),) and show.music is None


MISTAKES = [  # (case, the file, the one line)
    ("no [show]", "[[seasons]]\nnumber = 1\n", "f.toml: top level: 'show' is missing: a show file starts with a [show] table"),
    ("no title", '[show]\ntitle_en = "X"\n', "f.toml:1: [show]: 'title' is missing (the show's name as it first aired)"),
    ("empty title", '[show]\ntitle = " "\n', "f.toml:2: [show]: 'title' must be a name with a letter or a digit in it"),
    ("a title on two lines", '[show]\ntitle = "a\\nb"\n', "f.toml:2: [show]: 'title' must be one line without control characters"),
    ("a name too long", f'[show]\ntitle = "{"가" * 201}"\n', "f.toml:2: [show]: 'title' is 201 characters long (at most 200)"),
    ("aliases not a list", '[show]\ntitle = "X"\naliases = "Y"\n', "f.toml:3: [show]: 'aliases' must be a list of strings"),
    ("an alias a number", '[show]\ntitle = "X"\naliases = ["Y", 2]\n', "f.toml:3: [show]: 'aliases' must be a name with a letter or a digit in it"),
    ("a typo in [show]", '[show]\ntitle = "X"\nalias = ["Y"]\n', "f.toml:3: [show]: 'alias' is not a [show] key (known: key, title, title_en, aliases, music, note, sources)"),
    ("an unknown table", '[show]\ntitle = "X"\n[tracks]\n', "f.toml: top level: 'tracks' is not a show file key (known: show, seasons, discovery)"),
    ("a bad key", '[show]\ntitle = "X"\nkey = "Sound Track"\n', "f.toml:3: [show]: 'key' must be 1 to 40 lower-case letters, digits or hyphens"),
    ("a key ending in a hyphen", '[show]\ntitle = "X"\nkey = "x-"\n', "f.toml:3: [show]: 'key' must be 1 to 40 lower-case letters, digits or hyphens"),
    ("[seasons] for [[seasons]]", '[show]\ntitle = "X"\n[seasons]\nnumber = 1\n', "f.toml:3: write [[seasons]] (one table per season), not [seasons]"),
    ("season 0", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 0\n', "f.toml:4: [[seasons]] #1: 'number' must be a season number from 1 to 999"),
    ("a season twice", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 1\n[[seasons]]\nnumber = 1\n', "f.toml:6: [[seasons]] #2: 'number' 1 is given twice"),
    ("a date that is no date", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 1\npremiere = "spring"\n', "f.toml:5: [[seasons]] #1: 'premiere' must be a date like 2016-12-02"),
    ("a date past ost's range", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 1\npremiere = 9999-01-01\n', "f.toml:5: [[seasons]] #1: 'premiere' 9999-01-01 is outside the dates ost accepts (1900-01-01 to 2100-12-31)"),
    ("a finale before the premiere", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 1\npremiere = 2023-03-01\nfinale = 2022-04-20\n', "f.toml:6: [[seasons]] #1: 'finale' 2022-04-20 is before the premiere 2023-03-01"),
    ("a finale alone", '[show]\ntitle = "X"\n[[seasons]]\nnumber = 1\nfinale = 2022-04-20\n', "f.toml:5: [[seasons]] #1: 'finale' is given without a premiere"),
    ("a lead of a year and more", '[show]\ntitle = "X"\n[discovery]\ndays_before = 4000\n', "f.toml:4: [discovery]: 'days_before' must be a number of days from 0 to 3650"),
    ("ost_mark as a string", '[show]\ntitle = "X"\n[discovery]\nost_mark = "no"\n', "f.toml:4: [discovery]: 'ost_mark' must be true or false"),
    ("not TOML", '[show]\ntitle = "X\n', "f.toml:2: Illegal character '\\n'"),
    ("an inline table: named by table and key", 'show = { title = 3 }\n', "f.toml:1: [show]: 'title' must be a name with a letter or a digit in it"),
]  # fmt: skip


@pytest.mark.parametrize("text, message", [pytest.param(t, m, id=c) for c, t, m in MISTAKES])
def test_every_mistake_is_one_line_naming_the_file_and_line(text, message):
    with pytest.raises(InputError) as caught:
        parse_show(text, "f.toml")
    assert str(caught.value) == message


def test_nesting_past_the_parser_is_one_line():
    with pytest.raises(InputError, match=r"^f\.toml: nested too deep"):
        parse_show('[show]\ntitle = "X"\nnote = ' + "[" * 5000 + "]" * 5000 + "\n", "f.toml")


def test_a_file_on_disk_and_what_is_not_a_file(tmp_path: Path):
    path = tmp_path / "moonlit.toml"
    path.write_text(FULL, encoding="utf-8")
    assert read_show(path) == parse_show(FULL, path)
    path.write_bytes(b'[show]\ntitle = "\xff"\n')
    with pytest.raises(InputError, match=r"moonlit\.toml:2: not valid UTF-8"):
        read_show(path)
    with pytest.raises(InputError, match="a folder, not a regular file"):
        read_show(tmp_path)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="a FIFO"):
        read_show(fifo)  # refused, never waited on


@pytest.mark.parametrize(
    "title, title_en, key",
    [
        ("달빛 병원", "Moonlit Hospital", "moonlit-hospital"),
        ("도깨비", None, "dokkaebi"),
        ("눈물의 여왕", None, "nunmului-yeowang"),  # syllable by syllable
        ("사운드트랙", "Soundtrack", "soundtrack"),
        ("Start-Up!", None, "start-up"),
        ("Café Minamdang", None, "cafe-minamdang"),
        ("月の恋人", "", "show"),  # nothing to romanise: the wiring makes it unique
        ("달빛", "A Very Long English Title That Goes On Past Forty Letters", "a-very-long-english-title-that-goes-on"),
    ],
)  # fmt: skip
def test_a_key_from_the_english_or_the_romanised_name(title, title_en, key):
    assert derive_key(title, title_en) == key


def test_romanisation_of_every_initial_vowel_and_final():
    assert romanise("까치 값 훑 쌍") == "kkachi gap hul ssang"
    assert romanise("ABC 가") == "ABC ga"


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: any(ch.isalnum() for ch in s) and s == s.strip())
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1))


@st.composite
def seasons(draw):
    numbers = draw(st.lists(st.integers(1, 999), min_size=1, max_size=4, unique=True))
    out = []
    for n in sorted(numbers):
        premiere = draw(st.none() | DAYS)
        finale = draw(st.none() | st.dates(premiere, date(2100, 12, 31))) if premiere else None
        names = draw(st.lists(NAMES, max_size=2, unique=True))
        title = draw(st.none() | NAMES)
        out.append(ShowSeason(n, title, None, tuple(names), premiere, finale))
    return tuple(out)


@given(
    title=NAMES,
    title_en=st.none() | NAMES,
    aliases=st.lists(NAMES, max_size=3, unique=True),
    music=st.none() | st.lists(NAMES, max_size=2, unique=True),
    seasons=seasons(),
    lead=st.integers(0, 3650),
    mark=st.booleans(),
)
def test_what_is_written_reads_back_the_same(title, title_en, aliases, music, seasons, lead, mark):
    show = ShowFile(
        derive_key(title, title_en),
        title,
        title_en,
        tuple(aliases),
        seasons,
        None if music is None else tuple(music),
        mark,
        lead,
    )
    assert parse_show(render_show(show), "x.toml") == show


def test_the_documented_examples_read_as_the_doc_says():
    assert len(EXAMPLES) == 4
    post, least, hospital, bundled = (parse_show(text, "doc.toml") for text in EXAMPLES)
    assert render_show(post) == EXAMPLES[0]  # the form `ost shows add` writes
    assert least.key == "dalbit-ucheguk" and least.seasons == (ShowSeason(1),)
    assert Show.from_file(hospital).named(["Moonlit Hospital 2 OST"]) == {2}
    assert (bundled.key, bundled.music, bundled.needs_ost_mark, bundled.days_before) == (
        "soundtrack",
        (),
        False,
        183,
    )


def test_the_bundled_show_as_a_file_names_what_its_season_titles_name():
    """Wiring the bundled show to a show file changes nothing discovery reads in a title."""
    from_file = Show.from_file(parse_show(EXAMPLES[3], "soundtrack.toml"))
    from_names = Show.from_names(
        {
            1: ["사운드트랙 #1", "Soundtrack #1", "사운드트랙#1"],
            2: ["사운드트랙 #2", "Soundtrack #2"],
        }
    )
    titles = [
        "사운드트랙 #1 Part 1", "사운드트랙 #1 OST Part.8", "Soundtrack #2 (Original Soundtrack)",
        "Soundtrack No. 2: K's Songs", "사운드 트랙 #2 OST", "Soundtrack #12", "Soundtrack 2",
        "Original Soundtrack Part 2", "Da Capo", "로파이 사운드트랙 #1", "사운드트랙 #1 Score Collection",
    ]  # fmt: skip
    for title in titles:
        assert from_file.named([title]) == from_names.named([title]), title
    assert from_file.window(1) == (
        date(2021, 9, 21),
        date(2023, 4, 13),
    )  # catalogue.season_window's
