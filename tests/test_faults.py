"""Input that must never crash or mislead: durations, playlist definitions, terminal escapes,
output paths, huge tags, token data of the wrong shape, unreadable search answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "-inf", "soon"])
def test_max_wait_must_be_a_finite_duration(option_or_env, value) -> None:
    result = option_or_env("--max-wait", "OST_MAX_WAIT", value, "match", "--dry-run")
    blamed = "OST_MAX_WAIT (from the environment)" if option_or_env.by_env else "'--max-wait'"
    assert result.exit_code == 2 and f"Invalid value for {blamed}" in result.output


# --- token data of the wrong shape ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            '{"access_token": "a", "expires_at": "later", "refresh_token": "r"}',
            "expires_at 'later'",
        ),
        ('["access_token"]', "is a JSON list"),
        ("<html><body>Login</body></html>", "unreadable"),
        ('{"expires_at": 1}', "has no access token"),
    ],
    ids=["expires-at-text", "list", "html", "no-token"],
)
def test_a_stored_login_of_the_wrong_shape_is_one_line(run, ost_home: Path, content, says) -> None:
    ost_home.mkdir(parents=True, exist_ok=True)
    (ost_home / "spotify-token.json").write_text(content, encoding="utf-8")
    result = run("match", "--season", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert says in result.output and "ost login" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"access_token": "x", "token_type": "Bearer", "expires_in": "soon"}, "expires_in 'soon'"),
        (["access_token"], "a JSON list"),
        ("<html>busy</html>", "not JSON (text/plain)"),
        ({"token_type": "Bearer", "expires_in": 3600}, "without an access token"),
    ],
    ids=["expires-in-text", "list", "html", "no-token"],
)
def test_a_token_answer_of_the_wrong_shape_is_one_line(run, fake, body, says) -> None:
    fake.inject("POST", r"^/api/token", status=200, body=body)
    result = run("match", "--season", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert says in result.output and "Expecting value" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_one_wording_for_token_refusals() -> None:
    import ost.spotify.login as login_module

    source = Path(login_module.__file__).read_text(encoding="utf-8")
    assert "def _refusal" not in source and "token_refusal" in source


# --- playlist definitions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seasons", "says"),
    [("[99999999999999999999]", "not a season number"), ("[7]", "has season 7")],
    ids=["huge", "unknown"],
)
def test_a_broken_definition_is_one_line_and_stops_only_its_commands(
    run, ost_home: Path, tmp_path: Path, seasons, says
) -> None:
    folder = ost_home / "playlists"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(f'name = "Mine"\n[select]\nseasons = {seasons}\n')
    result = run("export", "m3u", "mine", "-o", str(tmp_path / "mine.m3u"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "mine.toml" in result.output and says in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "mine.m3u").exists()
    ok = run("export", "m3u", "--season", "1", "-o", str(tmp_path / "s1.m3u"))
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "s1.m3u").read_text(encoding="utf-8").startswith("#EXTM3U")
    listed = run("playlist", "list", "--json")  # noted on stderr, not listed as valid
    assert listed.exit_code == 0
    assert "mine" not in [d["key"] for d in json.loads(listed.stdout)]
    assert "mine.toml" in listed.stderr and says in listed.stderr


# --- terminal escapes and exact CSV ------------------------------------------------------------------

EVIL = "red\x1b[31m  alert\x1b]0;pwned\x07 end"


def test_escape_sequences_are_shown_not_obeyed_and_csv_round_trips(run, tmp_path: Path) -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [["season", "title", "artist"], [2, EVIL, "가수\x1b[2J"]]
    )
    path = tmp_path / "evil.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\\x1b[2J" in result.output  # the new artist line
    for args in (("show", "s2-user1"), ("tracks", "--season", "2")):
        shown = run(*args).output
        assert "\x1b" not in shown and "\x07" not in shown
        assert "\\x1b[31m" in shown
    exported = run("tracks", "--csv", "--all").output
    assert EVIL in exported  # exactly: control characters and double spaces kept
    again = run("import", "-", input=exported)
    assert again.exit_code == 0, again.output
    assert "0 added, 0 changed" in again.output


# --- -o FILE through a symlink, and -o - ---------------------------------------------------------


def test_output_through_a_symlink_writes_the_target(run, tmp_path: Path) -> None:
    target = tmp_path / "real" / "s1.m3u8"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.m3u8"
    link.symlink_to(target)
    result = run("export", "m3u", "--season", "1", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8").startswith("#EXTM3U")


def test_output_dash_is_standard_output(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "m3u", "--season", "1", "-o", "-")
    assert result.exit_code == 0 and result.output.startswith("#EXTM3U")
    assert not (tmp_path / "-").exists()
