"""Forgiving everyday use (issue 11), end to end through the CLI: tracks by any name, --artist
exact first, --episode checked."""

from __future__ import annotations

import json

import pytest


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
    assert "s1-01" in result.output and "s1-04 My Love" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_near_miss_says_did_you_mean(run) -> None:
    result = run("show", "Lvoe Beyond")
    assert result.exit_code == 1
    assert (
        "Did you mean: s1-01 사랑은 말로 표현하는게 아니래요 / Love Beyond Words?" in result.output
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
