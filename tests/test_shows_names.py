"""A show named the way a user names it (fresh-user trial 2): `--show` takes the key or any of
the show's names, a show already there is not added twice under a numbered key, and removing a
show says what it leaves on the services and how to remove without a terminal."""

from __future__ import annotations

import pytest
from fakespotify.shows import LAUNDRY, LAUNDRY_ALIAS, LAUNDRY_EN, LAUNDRY_KEY, LAUNDRY_TRACKS
from helpers.results import as_json, ok, tracks
from helpers.shows import add_laundry

from ost.spotify.auth import TokenFile


@pytest.mark.parametrize(
    "given",
    [LAUNDRY, LAUNDRY_EN, LAUNDRY_ALIAS.upper(), "  starlight   LAUNDRY ", LAUNDRY_KEY],
    ids=["title", "english", "alias-upper-case", "spacing", "key"],
)
def test_show_takes_a_name_as_well_as_the_key(run, laundry, given) -> None:
    assert {t["show"] for t in tracks(run, "--show", given)} == {LAUNDRY_KEY}
    assert len(tracks(run, "--show", given)) == len(LAUNDRY_TRACKS)


def test_a_name_in_decomposed_hangul_is_the_same_name(run) -> None:
    import unicodedata

    add_laundry(run)
    nfd = unicodedata.normalize("NFD", LAUNDRY)
    assert nfd != LAUNDRY
    ok(run("tracks", "--show", nfd))


def test_a_name_two_shows_share_is_refused_listing_their_keys(run) -> None:
    add_laundry(run)
    ok(run("shows", "add", "달빛 우체국", "--alias", LAUNDRY_EN, "--key", "moonlight"))
    result = run("tracks", "--show", LAUNDRY_EN)
    assert result.exit_code == 2, result.output
    assert f"names several shows (moonlight, {LAUNDRY_KEY})" in result.output


def test_a_show_is_not_added_twice_under_a_numbered_key(run, tmp_path, ost_home) -> None:
    add_laundry(run)
    again = run("shows", "add", f" {LAUNDRY_EN.lower()} ", "--name-en", "Whatever")
    assert again.exit_code == 2, again.output
    assert f"show already added as `{LAUNDRY_KEY}`" in again.output and "--key" in again.output
    written = tmp_path / "same.toml"
    written.write_text(f'[show]\ntitle = "{LAUNDRY}"\n', encoding="utf-8")
    from_file = run("shows", "add", str(written))
    assert from_file.exit_code == 2 and f"{written}: show already added as" in from_file.output
    assert [s["key"] for s in as_json(run("shows", "--json"))] == ["soundtrack", LAUNDRY_KEY]
    assert sorted(p.name for p in (ost_home / "shows").iterdir()) == [f"{LAUNDRY_KEY}.toml"]
    # a key given says it is another show of that name
    assert ok(run("shows", "add", LAUNDRY, "--key", "laundry-remake")).stdout.strip() == (
        "laundry-remake"
    )


def test_removing_names_the_services_whose_playlists_stay(run, laundry, shows_fake) -> None:
    TokenFile().save(shows_fake.stored_login())
    ok(run("playlist", "sync", "--show", LAUNDRY_KEY))
    done = ok(run("shows", "remove", LAUNDRY_KEY, "--yes"))
    assert "1 playlist record" in done.stdout
    assert "Its playlists on Spotify stay there as they are" in done.stdout


def test_removing_without_a_terminal_says_to_pass_yes(run, laundry) -> None:
    result = run("shows", "remove", LAUNDRY_KEY)
    assert result.exit_code == 1
    assert "pass --yes" in result.output and "Aborted!" not in result.output
    assert len(tracks(run, "--show", LAUNDRY_KEY)) == len(LAUNDRY_TRACKS)
