"""Forgiving everyday use (issue 11), end to end through the CLI: tracks by any name, --artist
exact first, --episode checked."""

from __future__ import annotations

import json
import re

import pytest
from helpers.results import refused
from helpers.terminal import run_on_terminal
from hypothesis import given
from hypothesis import strategies as st


def _id(result) -> str:
    return json.loads(result.stdout)["id"]


@pytest.mark.parametrize(
    ("reference", "track_id"),
    [
        ("S1-03", "s1-03"),
        ("s1-3", "s1-03"),
        ("s01-003", "s1-03"),
        ("love beyond", "s1-01"),
        ("사랑은 말로", "s1-01"),
        ("Love Beyon Words", "s1-01"),  # every word starts a word of the title
        ("beyond love", "s1-01"),
        ("talk to", "s1-05"),
        ("내게", "s1-05"),  # an alias
        ("da capo", "s2-01"),
        ("A little", "s1-07"),
        ("S2", "s2-01"),  # the start of one track's id alone
    ],
)
def test_show_finds_a_track_by_any_name(run, reference: str, track_id: str) -> None:
    result = run("show", reference, "--json")
    assert result.exit_code == 0, result.output
    assert _id(result) == track_id


def test_an_ambiguous_reference_lists_the_candidates(run) -> None:
    result = run("show", "love")
    assert result.exit_code == 1
    assert "'love' names several tracks" in result.output
    assert "s1-01" in result.output and "s1-04 My Love (김종국)" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_start_of_ids_lists_the_tracks_it_fits_in_catalogue_order(run) -> None:
    """The README's "a name that fits several lists them", for `ost show s1`."""
    season = [r["id"] for r in json.loads(run("tracks", "--season", "1", "--all", "--json").stdout)]
    result = run("show", "s1")
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: 's1' names several tracks: ") and line.endswith("Give the id.")
    assert re.findall(r"(?:: |; )(s\d-\w+) ", line) == season  # all of them, s1-01 first
    assert "s2-01" not in line


def test_the_start_of_ids_ends_where_a_part_of_them_ends(run, tmp_path) -> None:
    users = _import_user_songs(run, tmp_path)
    listed = run("show", "s1-user").output
    assert "'s1-user' names several tracks" in listed and "(the first 10 shown)" in listed
    assert re.findall(r"(s1-user\d+) ", listed) == users[:10]  # s1-user2 before s1-user10
    assert "names several" not in run("show", "s1-use").output  # not at a part's end
    assert _id(run("show", "s1-user1", "--json")) == "s1-user1"  # an id is itself, not a start


def test_a_near_miss_says_did_you_mean(run) -> None:
    result = run("show", "Lvoe Beyond")
    assert result.exit_code == 1
    assert (
        "Did you mean: s1-01 사랑은 말로 표현하는게 아니래요 / Love Beyond Words (규현)?"
        in result.output
    )


@pytest.mark.parametrize("command", ["accept", "reject", "unpin"])
def test_every_track_command_uses_the_resolver(run, command: str) -> None:
    result = run(command, "talk to")  # resolved to s1-05, which has nothing to decide
    assert "s1-05" in result.output and "no track" not in result.output
    assert run(command, "love").exit_code == 1
    assert "names several tracks" in run(command, "love").output


def test_pin_takes_a_title(run) -> None:
    result = run("pin", "S1-3", "spotify:track:s1davichi0000000000001")
    assert result.exit_code == 0 and "for s1-03" in result.output
    shown = json.loads(run("show", "소녀 같은", "--json").stdout)
    assert shown["match"]["status"] == "pinned"


@pytest.mark.parametrize("command", ["reject", "unpin"])
def test_a_command_of_track_alone_takes_a_title_in_words(run, command: str) -> None:
    result = run(command, "love", "beyond")  # "love" alone names several tracks
    assert result.exit_code == 1 and result.output.startswith("Error: s1-01 ")
    assert "extra argument" not in result.output and "several" not in result.output


def test_unpin_takes_a_title_in_words(run) -> None:
    assert run("pin", "s1-04", "spotify:track:kimjongkookmylove00001").exit_code == 0
    result = run("unpin", "my", "love")
    assert result.exit_code == 0 and "Unpinned spotify:track:kimjongkookmylove00001" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("accept", "love", "beyond"), 'quote it, as in `ost accept "love beyond" N`'),
        (("accept", "my", "love"), 'quote it, as in `ost accept "my love" N`'),
        (("accept", "my", "love", "2"), 'quote it, as in `ost accept "my love" 2`'),
        (("pin", "my", "love"), 'quote it, as in `ost pin "my love" URI`'),
        (("pin", "love", "beyond", "spotify:track:kyuhyunlovebeyond00001"),
         'quote it, as in `ost pin "love beyond" spotify:track:kyuhyunlovebeyond00001`'),
        (("pin", "spotify:track:kimjongkookmylove00001", "s1-04"),
         "the track comes first: `ost pin s1-04 spotify:track:kimjongkookmylove00001`"),
        (("accept", "https://open.spotify.com/track/kimjongkookmylove00001", "my", "love"),
         'the track comes first: `ost accept "my love" https://open.spotify.com/track/kimjongkookmylove00001`'),
        (("accept", "my", "love", "--service", "ytmusic"),
         'quote it, as in `ost accept "my love" N --service ytmusic`'),
        (("accept", "--show", "soundtrack", "my", "love", "2", "--service", "ytmusic"),
         'quote it, as in `ost accept "my love" 2 --show soundtrack --service ytmusic`'),
        (("pin", "https://music.youtube.com/watch?v=abcdefghijk", "my", "love", "--service",
          "ytmusic"),
         'the track comes first: `ost pin "my love" https://music.youtube.com/watch?v=abcdefghijk '
         '--service ytmusic`'),
        (("accept", "s1-04", "2", "3"), "Got unexpected extra argument (3)"),
        (("pin", "s1-04", "a", "b"), "Got unexpected extra argument (b)"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)  # fmt: skip
def test_accept_and_pin_tell_an_unquoted_title_or_the_wrong_order(run, args, said: str) -> None:
    result = run(*args)
    assert refused(result).endswith(said)
    shown = json.loads(run("show", "s1-04", "--json").stdout)
    assert shown.get("match", {}).get("status") != "pinned"  # nothing done


def _ids(run, *args: str) -> list[str]:
    result = run("tracks", *args, "--json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def test_artist_exact_name_wins_over_substrings(run) -> None:
    assert _ids(run, "--artist", "K") == ["s2-01"]  # K is Son Jung-hyuk, not KYUHYUN or Park
    assert _ids(run, "--artist", "kei") == ["s2-01"]
    assert _ids(run, "--artist", "kim") == ["s1-04", "s1-05"]  # no "Kim" exactly: substrings
    assert _ids(run, "--artist", "davichi") == ["s1-03"]


def test_an_episode_the_seasons_lack_is_a_usage_mistake(run) -> None:
    result = run("tracks", "--episode", "99")
    assert result.exit_code == 2
    assert "episode 99 does not exist (season 1: 1-4; season 2: 1-6)" in result.output
    assert run("tracks", "--season", "1", "--episode", "5").exit_code == 2
    assert run("tracks", "--episode", "0").exit_code == 2


def test_episode_filter_says_when_no_source_places_songs(run, tmp_path) -> None:
    result = run("tracks", "--season", "2", "--episode", "5")
    assert result.exit_code == 0
    assert "no source places songs in episodes yet" in result.stderr
    (tmp_path / "e.csv").write_text("season,title,artist,episode\n1,My Love,김종국,2\n")
    run("import", str(tmp_path / "e.csv"))
    placed = run("tracks", "--episode", "2", "--json")
    assert "no source places songs" not in placed.stderr


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (("tracks", "--episode", "1"), "No tracks match."),
        (("tracks", "--artist", "nobody at all"), "No tracks match."),
    ],
)
def test_an_empty_listing_prints_its_note_and_no_empty_table(run, args, note: str) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert note in result.stderr.splitlines()


def test_bare_ost_prints_help_to_stdout_and_succeeds(run) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ost") and result.stderr == ""


def test_help_speaks_of_any_k_dramas_ost_with_soundtrack_bundled(run) -> None:
    out = " ".join(run("--help").stdout.split())
    assert "a K-drama's OST" in out and "Soundtrack comes bundled" in out
    assert "`ost shows add`" in out  # how another show comes in


def test_help_groups_commands_by_workflow(run) -> None:
    out = run("--help").stdout
    sections = ["Catalogue:", "Matching:", "Playlists:", "Library:"]
    at = [out.index(s) for s in sections]
    assert at == sorted(at)
    catalogue, matching = out[at[0] : at[1]], out[at[1] : at[2]]
    assert "  tracks " in catalogue and "  show " in catalogue and "  review " not in catalogue
    assert "  review " in matching and "  accept " in matching
    assert "  export " in out[at[2] : at[3]] and "  library " in out[at[3] :]


def _every_command(group, path=()):
    yield path
    if hasattr(group, "load_all"):
        group.load_all()
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _every_command(command, (*path, name))
        else:
            yield (*path, name)


def _all_commands():
    from ost.cli import cli

    return list(_every_command(cli))


@pytest.mark.parametrize("args", _all_commands(), ids=" ".join)
def test_dash_h_works_everywhere(run, args: tuple[str, ...]) -> None:
    result = run(*args, "-h")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ost")


@pytest.mark.parametrize(
    ("args", "usage", "said"),
    [
        (("accpet", "s1-01"), "ost", "No such command 'accpet'. Did you mean 'accept'?"),
        (("trakcs",), "ost", "No such command 'trakcs'. Did you mean 'tracks'?"),
        (("staus",), "ost", "No such command 'staus'. Did you mean 'status'?"),
        (("playlist", "sink"), "ost playlist", "No such command 'sink'. Did you mean 'sync'?"),
        (("library", "scna"), "ost library", "No such command 'scna'. Did you mean 'scan'?"),
        (("shows", "rm"), "ost shows", "No such command 'rm'. Did you mean 'remove'?"),
        (("help", "playlist", "sink"), "ost playlist", "No such command 'sink'. Did you mean 'sync'?"),
        (("xyzzy",), "ost", "No such command 'xyzzy'."),
        (("sync",), "ost", "No such command 'sync'. Did you mean 'playlist sync'?"),
        (("scan",), "ost", "No such command 'scan'. Did you mean 'library scan'?"),
        (("add", "눈물의 여왕"), "ost", "No such command 'add'. Did you mean 'shows add'?"),
        (("m3u",), "ost", "No such command 'm3u'. Did you mean 'export m3u'?"),
        (("help", "sync"), "ost", "No such command 'sync'. Did you mean 'playlist sync'?"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)  # fmt: skip
def test_a_misspelt_command_gets_the_closest(run, args, usage: str, said: str) -> None:
    result = run(*args)
    assert refused(result) == f"Error: {said}"
    assert result.output.startswith(f"Usage: {usage} [OPTIONS]")


def test_the_subcommands_a_mistake_may_name_are_each_groups_own() -> None:
    import click

    from ost.cli import SUBCOMMANDS, cli

    cli.load_all()
    groups = {n: c for n, c in cli.commands.items() if isinstance(c, click.Group)}
    listed = {
        n: sorted(s for s, c in g.commands.items() if not c.hidden) for n, g in groups.items()
    }
    assert {n: sorted(subs) for n, subs in SUBCOMMANDS.items()} == listed


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("review", "--all"), "No such option '--all'."),  # not '--nl': "--" is no likeness
        (("tracks", "--seson", "1"), "No such option '--seson'. Did you mean '--season'?"),
        (("playlist", "sync", "--servce", "x"), "No such option '--servce'. Did you mean '--service'?"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)  # fmt: skip
def test_a_misspelt_option_gets_only_a_close_one(run, args, said: str) -> None:
    result = run(*args)
    assert refused(result) == f"Error: {said}"


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (("playlist", "sync", "soundtrack-1", "--season", "1"), "ost playlist sync [OPTIONS] [NAME]"),
        (("export", "m3u", "soundtrack-1", "--season", "1"), "ost export m3u [OPTIONS] [NAME]"),
        (("export", "soundtrack-1", "--season", "1", "-o", "x.m3u8"),
         "ost export [m3u|xspf|json] [OPTIONS] [NAME]"),
    ],
    ids=["sync", "export-m3u", "export-by-extension"],
)  # fmt: skip
def test_options_that_exclude_each_other_are_a_usage_mistake_with_its_usage(
    run, args: tuple[str, ...], usage: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"Usage: {usage}\n")
    assert result.output.strip().splitlines()[-1] == (
        "Error: give a playlist NAME or --season, not both"
    )


def test_export_has_one_usage_line_the_group_and_each_format_alike(run) -> None:
    """The format comes first in both (`ost export FORMAT [OPTIONS] [NAME]`)."""
    group = run("export", "--help").stdout.splitlines()[0]
    m3u = run("export", "m3u", "--help").stdout.splitlines()[0]
    assert group == "Usage: ost export [m3u|xspf|json] [OPTIONS] [NAME]"
    assert m3u == "Usage: ost export m3u [OPTIONS] [NAME]"


def test_a_misspelt_command_loads_no_command_module(ost_home) -> None:
    """The suggestion comes from the names alone: start-up stays lazy even for a mistake."""
    import subprocess
    import sys

    code = (
        "import sys, click\nfrom ost.cli import cli\n"
        "try:\n    cli(['trakcs'], standalone_mode=False)\n"
        "except click.UsageError as e:\n    print(e.format_message())\n"
        "print(sorted(m for m in sys.modules if m.startswith('ost.cli.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "No such command 'trakcs'. Did you mean 'tracks'?",
        "[]",
    ]


@pytest.mark.parametrize(
    "args", [(), ("tracks",), ("playlist",), ("playlist", "sync"), ("export",)]
)
def test_help_command_says_what_dash_dash_help_says(run, args: tuple[str, ...]) -> None:
    shown = run("help", *args)
    assert shown.exit_code == 0
    assert shown.stdout == run(*args, "--help").stdout


@pytest.mark.parametrize("args", [(), ("playlist",)])
def test_help_that_speaks_of_playlists_on_a_service_names_both(run, args) -> None:
    summary = run(*args, "-h").stdout.split("\n\n")[1]
    assert "Spotify" in summary and "YouTube Music" in " ".join(summary.split())


def test_help_of_a_command_without_subcommands_is_a_usage_mistake(run) -> None:
    result = run("help", "tracks", "extra")
    assert result.exit_code == 2
    assert "`ost tracks` has no command 'extra'" in result.output


def test_output_that_is_not_utf8_never_gives_a_traceback(ost_home) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "OST_HOME": str(ost_home), "PYTHONIOENCODING": "latin-1"}
    for args in (["tracks"], ["show", "s1-01"], ["show", "nope"]):
        proc = subprocess.run(
            [sys.executable, "-m", "ost", *args], env=env, capture_output=True, timeout=60
        )
        assert b"Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == (1 if args[-1] == "nope" else 0)
    assert "???" in proc.stdout.decode("latin-1") or proc.returncode == 1


# --- tables that fit ---------------------------------------------------------------------------


def _lines(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_a_table_fits_the_width_and_shortens_titles(run, monkeypatch, columns: int) -> None:
    from ost.text import display_width

    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _lines(run("tracks"))
    assert len(lines) == 2 + 8  # header, rule and one line per track: nothing wraps
    assert max(display_width(line) for line in lines) <= columns
    assert any("…" in line for line in lines)
    header = lines[0]
    for line in lines[2:]:  # every column still starts where its header does
        start = display_width(line[: line.index("  ", line.index(" ") + 1)])
        assert start <= display_width(header)
    assert all(line.endswith("confirmed") for line in lines[2:])


def test_wide_shows_everything_and_a_pipe_is_never_cut(run, monkeypatch) -> None:
    full = _lines(run("tracks"))  # not a terminal, no COLUMNS: nothing shortened
    assert not any("…" in line for line in full)
    assert "사랑은 말로 표현하는게 아니래요" in full[2]
    monkeypatch.setenv("COLUMNS", "60")
    assert _lines(run("tracks", "--wide")) == full


def test_shortening_counts_hangul_as_two_columns_and_keeps_the_uncertain_mark() -> None:
    from ost.text import display_width, shorten

    assert shorten("사랑은 말로 표현하는게", 9) == "사랑은…"
    assert display_width(shorten("사랑은 말로 표현하는게", 10)) <= 10
    assert shorten("Prettiest One (?)", 12, keep=" (?)") == "Prettie… (?)"
    assert shorten("short", 10) == "short"


def test_names_en_shows_english_titles_and_romanised_artists(run, monkeypatch) -> None:
    lines = _lines(run("tracks", "--names", "en"))
    assert lines[0].split() == [
        "id",
        "season",
        "order",
        "title",
        "artists",
        "release_date",
        "status",
    ]
    s1_01 = next(line for line in lines if line.startswith("s1-01"))
    assert "Love Beyond Words" in s1_01 and "KYUHYUN" in s1_01 and "규현" not in s1_01
    assert "Son Jung-hyuk (?)" in next(line for line in lines if line.startswith("s2-01"))
    monkeypatch.setenv("OST_NAMES", "en")
    assert _lines(run("tracks")) == lines
    default = _lines(run("tracks", "--names", "ko"))
    assert "규현" in default[2]


def test_the_uncertain_footer_only_when_a_mark_is_shown(run) -> None:
    plain = run("tracks", "--artist", "davichi")  # uncertain only about its credits (not shown)
    assert "(?)" not in plain.stdout and "(?) uncertain" not in plain.stderr
    marked = run("tracks", "--season", "2")
    assert "(?)" in marked.stdout and "(?) uncertain" in marked.stderr


def _on_a_terminal(args: list[str], env: dict[str, str], columns: int = 70) -> str:
    """Run `ost ARGS` with standard output on a pseudo-terminal COLUMNS wide; what it showed."""
    proc, seen = run_on_terminal(args, env, columns=columns)
    assert proc.returncode == 0, proc.stderr
    return seen


def test_a_terminal_gets_a_fitted_table_with_coloured_statuses(run, ost_home) -> None:

    from ost.text import display_width

    run("pin", "s1-01", "spotify:track:s1kyuhyun0000000000001")
    env = {"OST_HOME": str(ost_home)}
    env.pop("NO_COLOR", None)
    shown = _on_a_terminal(["tracks"], {**env}, columns=70)
    assert "\x1b[36mpinned" in shown  # pinned in cyan
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown).replace("\r\n", "\n")
    lines = plain.splitlines()
    assert len(lines) == 10 and max(display_width(line) for line in lines) <= 70
    assert "…" in plain
    no_colour = _on_a_terminal(["tracks"], {**env, "NO_COLOR": "1"}, columns=70)
    assert "\x1b[" not in no_colour
    assert no_colour.replace("\r\n", "\n") == plain
    piped = run("tracks")
    assert "\x1b[" not in piped.stdout and "pinned" in piped.stdout


def _import_user_songs(run, tmp_path, count: int = 12) -> list[str]:
    """Songs with no id and no order: ost numbers them s1-user1 … s1-user12."""
    rows = "".join(f"1,Song {i},Someone\n" for i in range(1, count + 1))
    (tmp_path / "u.csv").write_text("season,title,artist\n" + rows, encoding="utf-8")
    assert run("import", str(tmp_path / "u.csv")).exit_code == 0
    return [f"s1-user{i}" for i in range(1, count + 1)]


def test_ids_sort_as_a_person_reads_them(run, tmp_path) -> None:
    """s1-user2 before s1-user10, in every listing and in a playlist that falls back to ids."""
    bundled = [r["id"] for r in json.loads(run("tracks", "--all", "--json").stdout)]
    users = _import_user_songs(run, tmp_path)
    listed = [r["id"] for r in json.loads(run("tracks", "--all", "--json").stdout)]
    assert [i for i in listed if i not in users] == bundled  # the bundled order is unchanged
    assert [i for i in listed if i in users] == users
    table = run("tracks", "--season", "1").stdout
    assert table.index("s1-user2 ") < table.index("s1-user10 ")
    shown = json.loads(run("playlist", "show", "--season", "1", "--json").stdout)[0]["entries"]
    assert [e["id"] for e in shown if e["id"] in users] == users
    m3u = run("export", "m3u", "--season", "1").stdout
    assert re.findall(r"Song (\d+)", m3u) == [str(i) for i in range(1, 13)]


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8))
def test_natural_key_orders_numbers_by_value_and_padded_ids_as_text(numbers: list[int]) -> None:
    from ost.text import natural_key

    ids = [f"s1-user{n}" for n in numbers]
    assert sorted(ids, key=natural_key) == [f"s1-user{n}" for n in sorted(numbers)]
    padded = [f"s{n % 3}-{n % 100:02d}" for n in numbers]
    assert sorted(padded, key=natural_key) == sorted(padded)  # the bundle's ids keep their order


# --- ost status ----------------------------------------------------------------------------------


def test_status_counts_per_season_and_says_what_to_do_next(run, ost_home) -> None:
    fresh = run("status")
    assert fresh.exit_code == 0
    assert f"database     {ost_home / 'ost.db'}" in fresh.stdout
    assert "season 1     7 tracks: 7 unmatched" in fresh.stdout
    assert "season 2     1 track: 1 unmatched" in fresh.stdout
    assert "last match   never" in fresh.stdout and "last sync    never" in fresh.stdout
    assert "then `ost match` has 8 tracks to look for" in fresh.stdout  # no credentials yet
    assert "  `ost match`" not in fresh.stdout
    run("pin", "s1-01", "spotify:track:s1kyuhyun0000000000001")
    data = json.loads(run("status", "--json").stdout)
    first = data["seasons"][0]
    assert first == {
        "show": "soundtrack",
        "season": 1,
        "tracks": 7,
        "pinned": 1,
        "unmatched": 6,
        "services": {"spotify": {"pinned": 1, "unmatched": 6}, "ytmusic": {"unmatched": 7}},
    }
    assert data["last_match"] is not None and data["login"]["stored"] is False
    assert any(step.endswith("then `ost match` has 7 tracks to look for") for step in data["next"])
    assert any("ost login" in step for step in data["next"])


def test_playlist_show_and_show_take_names_en(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    lines = _lines(run("playlist", "show", "--season", "1", "--names", "en"))
    row = next(line for line in lines if " s1-01 " in f" {line} ")
    assert "Love Beyond Words" in row and "KYUHYUN" in row and "규현" not in row
    header = run("show", "s1-01", "--names", "en").stdout.splitlines()[0]
    assert header == "s1-01  Love Beyond Words  (사랑은 말로 표현하는게 아니래요)"
    assert run("show", "s1-01").stdout.splitlines()[0] == (
        "s1-01  사랑은 말로 표현하는게 아니래요  (Love Beyond Words)"
    )


TABLES = {
    "tracks": ("tracks",),
    "seasons": ("seasons",),
    "timeline": ("timeline",),
    "playlist-list": ("playlist", "list"),
    "playlist-show": ("playlist", "show", "--season", "1"),
    "tracks-en": ("tracks", "--names", "en"),
}


@pytest.mark.parametrize("columns", [40, 60, 80, 100])
@pytest.mark.parametrize("table", TABLES, ids=list(TABLES))
def test_every_table_fits_the_width(run, monkeypatch, table: str, columns: int) -> None:
    from ost.text import display_width

    wide = _lines(run(*TABLES[table], "--wide"))
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _lines(run(*TABLES[table]))
    assert max(display_width(line) for line in lines) <= columns, "\n".join(lines)
    assert len(lines) == len(wide)  # nothing wraps, no row lost
    first = next(i for i, line in enumerate(wide) if set(line) <= {"-", " "} and line) - 1
    assert lines[first].split()[0] == wide[first].split()[0]  # the key column stays


def test_a_narrow_table_keeps_its_key_column(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert _lines(run("seasons"))[0].startswith("season  title")
    assert _lines(run("tracks"))[0].startswith("id ")


# --- properties of the text helpers ------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from("ab 가나다 (?)…éＡ\u0301"), max_size=30
)  # Latin, Hangul, a full-width letter, a combining mark


@given(TEXT, st.integers(min_value=1, max_value=40))
def test_shorten_fits_and_keeps_a_prefix(text: str, width: int) -> None:
    from ost.text import display_width, shorten

    short = shorten(text, width)
    assert display_width(short) <= width
    if display_width(text) <= width:
        assert short == text
    else:
        assert short.endswith("…") and text.startswith(short[:-1].rstrip())


@given(st.text(alphabet=st.sampled_from("sS0123456789-user"), min_size=1, max_size=12))
def test_id_keys_ignore_case_and_zero_padding(text: str) -> None:
    from ost.resolve import id_key

    assert id_key(text) == id_key(text.upper()) == id_key(id_key(text))
    padded = re.sub(r"\d+", lambda m: "00" + m.group(), text)
    assert id_key(padded) == id_key(text)


@pytest.mark.parametrize("group", ["playlist", "export", "library"])
def test_a_bare_command_group_prints_its_help_and_succeeds(run, group: str) -> None:
    result = run(group)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: ost {group}") and result.stderr == ""


def test_status_counts_only_usable_library_files_as_matched(run) -> None:
    from ost import catalogue
    from ost.library.files import FileState

    db = catalogue.open_catalogue()
    states = [FileState.AUTO, FileState.ACCEPTED, FileState.PINNED, FileState.REVIEW]
    states += [FileState.REVIEW, FileState.NONE]
    with db.atomic():
        db.table("library_files").insert_all(
            {"path": f"/music/{n}.flac", "track_id": "s1-01", "state": s}
            for n, s in enumerate(states)
        )
    s = json.loads(run("status", "--json").stdout)
    assert s["library_files"] == 3  # auto, accepted, pinned: a `review` guess is not used yet
    assert "library      3 files matched to tracks" in run("status").stdout
