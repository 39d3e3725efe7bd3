"""The catalogue commands end to end, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.docs import documented_keys
from helpers.processes import modules_loaded, ost_process

from ost.text import display_width


def test_tracks_json_contract(run) -> None:
    result = run("tracks", "--season", "1", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 7
    keys = documented_keys("`ost tracks`")
    assert {"id", "season", "title", "artists", "spotify_uri", "services"} <= keys
    for row in rows:
        assert set(row) == keys  # exactly what docs/formats.md promises
        assert isinstance(row["id"], str) and isinstance(row["season"], int)
        assert isinstance(row["artists"], list)
        assert row["spotify_uri"] is None
    assert rows[2]["title"] == "소녀 같은 맘을 가진 그댈 생각하면 아파요"  # Hangul intact
    assert rows[2]["artists_en"] == ["DAVICHI"]


def test_tracks_default_hides_unverified_and_all_shows_them(run) -> None:
    default = json.loads(run("tracks", "--json").stdout)
    everything = json.loads(run("tracks", "--all", "--json").stdout)
    assert "unverified" not in {r["status"] for r in default}
    assert {r["id"] for r in everything} - {r["id"] for r in default} == {"s1-u1", "s1-u2"}


def test_tracks_by_season_artist_and_episode(run, tmp_path: Path) -> None:
    assert [r["id"] for r in json.loads(run("tracks", "--season", "2", "--json").stdout)] == [
        "s2-01"
    ]
    assert [r["id"] for r in json.loads(run("tracks", "--artist", "davichi", "--json").stdout)] == [
        "s1-03"
    ]
    assert [r["id"] for r in json.loads(run("tracks", "--artist", "데미안", "--json").stdout)] == [
        "s2-01"
    ]
    assert (
        json.loads(run("tracks", "--episode", "2", "--json").stdout) == []
    )  # no source places songs yet
    (tmp_path / "e.csv").write_text(
        "season,title,artist,episode\n1,My Love,김종국,2\n", encoding="utf-8"
    )
    run("import", str(tmp_path / "e.csv"))
    assert [r["id"] for r in json.loads(run("tracks", "--episode", "2", "--json").stdout)] == [
        "s1-04"
    ]


def test_tracks_csv(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("tracks", "--csv").stdout)))
    assert len(rows) == 8
    assert rows[0]["title"] == "사랑은 말로 표현하는게 아니래요" and rows[0]["artists"] == "규현"


def test_table_aligns_wide_characters(run) -> None:
    out = run("tracks", "--season", "1").stdout.splitlines()
    header, rule, rows = out[0], out[1], out[2:]
    col = header.index("title_en")
    assert rule.split("  ")[0] == "-----"
    for line in rows:
        # the English title starts at the same screen column on every row
        prefix = line[: next(i for i in range(len(line)) if display_width(line[:i]) >= col)]
        assert display_width(prefix) == col
    assert any("(?)" in line for line in rows)  # uncertain values are marked in the table


def test_seasons(run) -> None:
    data = json.loads(run("seasons", "--json").stdout)
    assert [s["season"] for s in data] == [1, 2]
    assert data[1]["directors"] == ["김희원 (Kim Hee-won)", "최정규 (Choi Jung-gyu)"]
    table = run("seasons").stdout
    assert "사운드트랙 #1" in table and "2023-12-06" in table


def test_show_by_id_korean_and_english_title(run) -> None:
    by_id = run("show", "s1-05").stdout
    assert "나에게 말해요" in by_id and "바크" in by_id and "https://" in by_id
    assert run("show", "나에게 말해요").stdout == by_id
    assert run("show", "TALK TO ME").stdout == by_id
    detail = json.loads(run("show", "da capo", "--json").stdout)
    assert detail["id"] == "s2-01" and "artists" in detail["uncertain"]


def test_show_unknown_track_is_one_line(run) -> None:
    result = run("show", "Hype Boy")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no track 'Hype Boy' (try `ost tracks --all` for ids)"


def test_usage_mistakes_exit_2(run) -> None:
    assert run("tracks", "--season", "one").exit_code == 2
    assert run("nope").exit_code == 2


def test_python_m_ost_runs_without_importing_the_network_stack(
    tmp_path: Path, ost_home: Path
) -> None:
    heavy = ("spotipy", "requests", "urllib3", "mutagen", "rapidfuzz")
    proc, loaded = modules_loaded(["tracks", "--json"], heavy, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 8
    assert loaded == []


def test_runs_from_another_directory_and_writes_only_under_ost_home(
    tmp_path: Path, ost_home: Path
) -> None:
    proc = ost_process("tracks", cwd=tmp_path)
    assert proc.returncode == 0 and "Love Beyond Words" in proc.stdout
    assert list(tmp_path.iterdir()) == [ost_home]


def test_json_and_csv_together_is_a_usage_mistake(run) -> None:
    result = run("tracks", "--json", "--csv")
    assert result.exit_code == 2 and "cannot be used together" in result.output


def test_unknown_season_is_a_usage_mistake(run) -> None:
    result = run("tracks", "--season", "3")
    assert (
        result.exit_code == 2
        and "season 3 is not in the catalogue (seasons: 1, 2)" in result.output
    )


def test_show_takes_an_unquoted_title(run) -> None:
    assert run("show", "나에게", "말해요").stdout == run("show", "s1-05").stdout


def test_same_title_in_both_languages_is_shown_once(run) -> None:
    assert run("show", "s2-01").stdout.splitlines()[0] == "s2-01  Da Capo"


def test_uncertain_empty_value_is_still_marked(run) -> None:
    line = next(x for x in run("tracks").stdout.splitlines() if x.startswith("s1-06"))
    assert line.count("(?)") == 2  # the title and the (unknown) release date


def test_broken_pipe_is_quiet(tmp_path: Path, ost_home: Path) -> None:
    env = {**os.environ, "OST_HOME": str(ost_home)}
    proc = subprocess.run(
        f"'{sys.executable}' -m ost tracks --all --csv | head -1",
        shell=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.startswith("id,season")
    assert "Traceback" not in proc.stderr and "Broken pipe" not in proc.stderr


def test_show_help_says_its_words_make_one_track_name(run) -> None:
    out = run("show", "-h").output
    assert "Usage: ost show [OPTIONS] TRACK\n" in out and "TRACK..." not in out
    assert "several words are one name" in out
    assert run("show", "talk", "to").exit_code == run("show", "talk to").exit_code == 0


@pytest.mark.parametrize(
    "args", ["show s1-03", "tracks --all --csv", "export m3u --season 1"], ids=str.split
)
def test_a_reader_gone_before_the_output_is_quiet_and_no_failure(
    tmp_path: Path, ost_home: Path, args: str
) -> None:
    """`| true` closes the pipe before ost writes, so the write always finds it broken (small
    output at exit, large output while the command runs)."""
    env = {**os.environ, "OST_HOME": str(ost_home)}
    proc = subprocess.run(
        ["bash", "-c", f"'{sys.executable}' -m ost {args} | true; echo \"rc=${{PIPESTATUS[0]}}\""],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout == "rc=0\n"
    assert proc.stderr == ""


def test_a_latin_1_stream_gets_an_aligned_table_of_replacements(
    tmp_path: Path, ost_home: Path
) -> None:
    env = {**os.environ, "OST_HOME": str(ost_home), "PYTHONIOENCODING": "latin-1"}
    proc = subprocess.run(
        [sys.executable, "-m", "ost", "tracks"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0
    lines = proc.stdout.decode("latin-1").splitlines()
    rule = lines[1]
    starts = [i for i in range(1, len(rule)) if rule[i] == "-" and rule[i - 1] == " "]
    assert len(starts) >= 4 and any("?" in line for line in lines[2:])  # Hangul became `?`
    for line in lines[2:]:
        assert all(line[p - 1] == " " for p in starts if p < len(line)), line  # a gap each
        assert line[starts[-2]] in "0123456789(", line  # the release date starts at its rule


@pytest.mark.parametrize(
    ("variable", "value", "command", "says"),
    [
        ("OST_NAMES", "english", "tracks", "'english' is not one of 'ko', 'en'"),
        ("OST_MAX_WAIT", "abc", "match", "'abc' is not a number of seconds"),
        ("OST_MARKET", "korea", "match", "'korea' is not a country code"),
        ("OST_SERVICE", "deezer", "tracks", "'deezer' is not a service ost knows"),
    ],
)
def test_a_bad_environment_value_names_the_variable_not_an_option(
    run, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, command: str, says: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = run(command)
    assert result.exit_code == 2
    assert f"Invalid value for {variable} (from the environment): {says}" in result.output
    assert "Invalid value for '--" not in result.output


def test_every_option_an_environment_variable_sets_names_it_when_bad() -> None:
    from ost.cli import cli
    from ost.cli.environment import EnvOption

    cli.load_all()
    seen, stack = [], [cli]
    while stack:
        command = stack.pop()
        stack.extend(getattr(command, "commands", {}).values())
        for param in command.params:
            if getattr(param, "envvar", None):
                seen.append(param.envvar)
                assert isinstance(param, EnvOption), f"{command.name} {param.name}"
    assert {"OST_NAMES", "OST_MAX_WAIT", "OST_MARKET", "OST_SERVICE"} <= set(seen)
