"""A show a user has just added, as a fresh user meets it (fresh-user trial 4): `ost status`
names it until it has tracks and says how to fill it; `ost shows add` points to a discovery the
user can run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.results import as_json, ok

LAUNDRY = ("별빛 세탁소", "--name-en", "Starlight Laundry", "--aired", "2024-03-02..2024-04-21")


def test_status_names_an_added_show_with_no_tracks_and_how_to_fill_it(run) -> None:
    ok(run("shows", "add", *LAUNDRY))
    lines = ok(run("status")).stdout.splitlines()
    assert any(line.split() == ["starlight-laundry", "no", "tracks", "yet"] for line in lines)
    # no Spotify app, no login: the discovery suggested is one that can run
    step = "`ost discover --show starlight-laundry --add --service ytmusic`"
    assert any(step in line for line in lines[lines.index("next:") :])
    status = as_json(run("status", "--json"))
    assert status["empty_shows"] == [
        {
            "show": "starlight-laundry",
            "file": str(Path(status["database"]).parent / "shows" / "starlight-laundry.toml"),
            "dated": True,
        }
    ]
    assert status["seasons"] and all(s["show"] == "soundtrack" for s in status["seasons"])


def test_status_suggests_spotify_discovery_where_spotify_can_search(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "id")
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "secret")
    added = ok(run("shows", "add", *LAUNDRY))
    assert "Next: `ost discover --show starlight-laundry --add`." in added.stderr
    steps = as_json(run("status", "--json"))["next"]
    assert any("`ost discover --show starlight-laundry --add`" in s for s in steps)


def test_shows_add_points_to_youtube_music_where_spotify_cannot_search(run) -> None:
    added = ok(run("shows", "add", *LAUNDRY))
    assert "Next: `ost discover --show starlight-laundry --add --service ytmusic`." in added.stderr


def test_status_says_to_date_an_undated_show_in_its_file(run) -> None:
    ok(run("shows", "add", "이름 없는 쇼", "--name-en", "Nameless"))
    status = as_json(run("status", "--json"))
    assert [e["dated"] for e in status["empty_shows"]] == [False]
    file = status["empty_shows"][0]["file"]
    [step] = [s for s in status["next"] if "nameless" in s]
    assert step.startswith(f"date nameless in {file}") and "premiere" in step
    assert "ost discover" not in step


def test_status_names_a_broken_show_file_and_its_problem(run, ost_home: Path) -> None:
    ok(run("shows", "add", *LAUNDRY))
    file = ost_home / "shows" / "starlight-laundry.toml"
    broken = ost_home / "shows" / "broken.toml"
    broken.write_text("[show\n", encoding="utf-8")
    status = as_json(run("status", "--json"))
    [problem] = status["show_problems"]
    assert (problem["show"], problem["file"]) == ("broken", str(broken))
    assert problem["problem"].startswith(f"{broken}:1:")
    assert any(str(broken) in s for s in status["next"])
    text = ok(run("status")).stdout
    assert any(
        line.startswith("broken ") and "show file unusable" in line for line in text.splitlines()
    )
    assert file.exists()


def test_status_of_one_show_speaks_of_that_show_only(run) -> None:
    ok(run("shows", "add", *LAUNDRY))
    assert as_json(run("status", "--show", "soundtrack", "--json"))["empty_shows"] == []
    mine = as_json(run("status", "--show", "starlight-laundry", "--json"))
    assert [e["show"] for e in mine["empty_shows"]] == ["starlight-laundry"]
    assert mine["seasons"] == []


def test_a_bracketed_english_name_after_the_korean_one_is_taken_as_its_english_name(run) -> None:
    added = ok(run("shows", "add", "별빛 세탁소 (Starlight Laundry)", "--aired", LAUNDRY[-1]))
    assert added.stdout.strip() == "starlight-laundry"
    assert "'Starlight Laundry' for its English name" in added.stderr
    [row] = [r for r in as_json(run("shows", "--json")) if r["key"] == "starlight-laundry"]
    assert (row["names"]["ko"], row["names"]["en"]) == ("별빛 세탁소", "Starlight Laundry")


@pytest.mark.parametrize(
    "name",
    ["별빛 세탁소 (시즌2)", "별빛 세탁소 (2024)", "Starlight (별빛)"],
)
def test_other_brackets_stay_part_of_the_name(run, name: str) -> None:
    added = ok(run("shows", "add", name, "--aired", LAUNDRY[-1]))
    assert "English name" not in added.stderr
    [row] = [r for r in as_json(run("shows", "--json")) if r["key"] == added.stdout.strip()]
    assert row["names"]["ko"] == name


def test_a_name_en_given_keeps_the_name_whole(run) -> None:
    name = "별빛 세탁소 (Starlight Laundry)"
    added = ok(run("shows", "add", name, "--name-en", "Laundry", "--aired", LAUNDRY[-1]))
    assert added.stdout.strip() == "laundry"
    [row] = [r for r in as_json(run("shows", "--json")) if r["key"] == "laundry"]
    assert row["names"]["ko"] == name


@pytest.mark.parametrize(
    "name", ["별빛세탁소", "별빛  세탁소", "STARLIGHTLAUNDRY", "Starlight  laundry"]
)
def test_a_show_is_named_with_its_spacing_ignored(run, name: str) -> None:
    ok(run("shows", "add", *LAUNDRY))
    mine = as_json(run("status", "--show", name, "--json"))
    assert mine["show"] == "starlight-laundry"


@pytest.mark.parametrize("start", ["starlight", "별빛", "Starlight L"])
def test_the_start_of_a_show_s_key_or_name_is_answered_with_the_show(run, start: str) -> None:
    ok(run("shows", "add", *LAUNDRY))
    result = run("tracks", "--show", start)
    assert result.exit_code == 2
    assert "did you mean starlight-laundry?" in result.output


def test_a_name_written_without_its_spaces_is_the_same_show(run) -> None:
    ok(run("shows", "add", *LAUNDRY))
    again = run("shows", "add", "별빛세탁소", "--aired", LAUNDRY[-1])
    assert again.exit_code != 0 and "show already added as `starlight-laundry`" in again.output


def test_an_option_before_its_command_is_said_to_go_after_it(run) -> None:
    ok(run("shows", "add", *LAUNDRY))
    result = run("--show", "starlight-laundry", "discover", "--add")
    assert result.exit_code == 2
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith(
            "options go after the command, as in `ost discover --show starlight-laundry --add`"
        )
    )
    alone = run("--show", "starlight-laundry")
    assert alone.exit_code == 2 and "options go after the command" in alone.output
    misspelt = run("--versio")  # ost's own option, misspelt: click's suggestion stays
    assert misspelt.exit_code == 2 and "Did you mean '--version'?" in misspelt.output


@pytest.mark.parametrize("stray", ["starlight-laundry", "별빛세탁소", "Starlight Laundry"])
def test_a_show_given_as_an_argument_is_said_to_need_show(run, stray: str) -> None:
    ok(run("shows", "add", *LAUNDRY))
    result = run("discover", stray, "--add")
    assert result.exit_code == 2
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith("a show is given with --show, as in `ost discover --show starlight-laundry`")
    )


def test_an_extra_argument_that_names_no_show_is_said_as_click_says_it(run) -> None:
    result = run("discover", "nothing-of-the-kind", "--add")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: Got unexpected extra argument (nothing-of-the-kind)"
    )


def test_listing_a_show_with_no_tracks_yet_says_how_to_fill_it(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("shows", "add", *LAUNDRY))
    empty = ok(run("tracks", "--show", "starlight-laundry"))
    assert empty.stderr.strip() == (
        "No tracks match. starlight-laundry has no tracks yet: `ost discover --show "
        "starlight-laundry --add --service ytmusic` finds its OST."
    )
    filtered = ok(run("tracks", "--show", "soundtrack", "--artist", "nobody"))
    assert filtered.stderr.strip() == "No tracks match."  # the show has tracks: none fit
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "id")
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "secret")
    with_app = ok(run("tracks", "--show", "starlight-laundry")).stderr
    assert "`ost discover --show starlight-laundry --add` finds its OST." in with_app
