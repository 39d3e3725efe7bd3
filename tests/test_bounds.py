"""Inputs at the edges of what ost can hold: dates at the ends of the calendar, season numbers
past any integer, definitions nested a thousand deep, endless standard input, definition files
that are devices or FIFOs. Each is refused in one line (or handled), never a traceback or a hang,
and never a half-written result."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers.catalogue import edit_text
from hypothesis import given
from hypothesis import strategies as st

from ost import catalogue, dates
from ost.catalogue import bundle
from ost.match.score import choose
from ost.match.types import Candidate, Wanted
from ost.page import timeline as page_timeline

EXTREMES = ["0001-01-02", "0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]


def one_line(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def store_dates(home: Path, days: dict[str, str]) -> None:
    """Release dates as an older ost let them in: written straight into the database."""
    with sqlite3.connect(home / "ost.db") as conn:
        for track_id, day in days.items():
            conn.execute("update tracks set release_date = ? where id = ?", [day, track_id])


# --- 4. dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", EXTREMES)
def test_import_refuses_a_date_outside_the_range_naming_file_and_line(run, tmp_path, day) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(f"season,title,artist,release_date\n2,F,KYUHYUN,{day}\n", encoding="utf-8")
    line = one_line(run("import", str(path)))
    assert f"mine.csv:2: 'release_date' {day} is outside" in line
    assert "1900-01-01 to 2100-12-31" in line
    assert "s2-user1" not in run("tracks", "--json").stdout  # nothing written


def test_import_takes_the_ends_of_the_range(run, tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "season,title,artist,release_date\n2,F,KYUHYUN,1900-01-01\n2,G,KYUHYUN,2100-12-31\n",
        encoding="utf-8",
    )
    assert run("import", str(path)).exit_code == 0
    rows = {r["title"]: r["release_date"] for r in json.loads(run("tracks", "--json").stdout)}
    assert rows["F"] == "1900-01-01" and rows["G"] == "2100-12-31"


def test_a_data_file_date_outside_the_range_names_the_file(data_copy: Path) -> None:
    from ost.errors import InputError

    edit_text(
        data_copy / "soundtrack-1.toml", ("release_date = 2021-12-30", "release_date = 0001-01-02")
    )
    with pytest.raises(
        InputError,
        match=r"soundtrack-1\.toml: \[\[tracks\]\] #1: 'release_date' 0001-01-02 is outside",
    ):
        bundle.load_bundle(data_copy)


def test_page_and_timeline_draw_dates_at_the_ends_of_the_calendar(run, ost_home, tmp_path) -> None:
    assert run("tracks").exit_code == 0  # the database exists
    store_dates(ost_home, {"s1-01": "0001-01-01", "s2-01": "9999-12-31"})
    built = run("page", "-o", str(tmp_path / "page"))
    assert built.exit_code == 0, built.output
    html = (tmp_path / "page" / "index.html").read_text(encoding="utf-8")
    assert "9999" in html and html.count('class="tick-label"') <= 2 * page_timeline.MAX_TICKS + 2
    shown = run("timeline")
    assert shown.exit_code == 0 and "0001-01-01" in shown.output and "9999-12-31" in shown.output


@given(
    st.lists(st.dates(), min_size=1, max_size=4),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.dates()),
)
def test_the_timeline_layout_takes_any_days(days, premiere, finale) -> None:
    facts = {
        "episodes": {"value": 6},
        "schedule": {"episodes_per_release": 2, "days_between_releases": 3650000},
    }
    if premiere:
        facts["premiere"] = {"value": premiere.isoformat()}
    if finale:
        facts["finale"] = {"value": finale.isoformat()}
    releases = [
        page_timeline.Release(f"a{i}", "t", None, d.isoformat()) for i, d in enumerate(days)
    ]
    tl = page_timeline.layout(releases, page_timeline.air_dates(facts))
    assert len(tl.marks) == len(days) and len(tl.ticks) <= 2 * page_timeline.MAX_TICKS
    assert all(0 <= m.x <= page_timeline.WIDTH for m in tl.marks)


def test_a_schedule_of_countless_releases_is_not_drawn_one_by_one() -> None:
    facts = {
        "premiere": {"value": "2023-12-06"},
        "episodes": {"value": 10**12},
        "schedule": {"episodes_per_release": 1, "days_between_releases": 1},
    }
    air = page_timeline.air_dates(facts)
    assert [m.kind for m in air.marks] == ["premiere"] and "releases" in air.notes[0]


@given(
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.tuples(st.dates(), st.dates())),
    st.sampled_from(["0001", "0001-01", "0001-01-01", "9999", "9999-12-31", "2022-03-01", None]),
)
def test_the_scorer_takes_any_days(day, window, released) -> None:
    wanted = Wanted("t", ("Song",), (("Singer",),), day, window)
    candidate = Candidate("spotify:track:x", ("Song",), ("Singer",), "", "single", released)
    best, ranked = choose(wanted, [candidate])
    assert len(ranked) == 1 and 0 <= ranked[0].score <= 1


def test_the_show_window_stays_in_the_calendar(ost_home) -> None:
    db = catalogue.open_catalogue()
    facts = {"facts": {"premiere": {"value": "0001-01-02"}, "finale": {"value": "9999-12-30"}}}
    db.execute("update seasons set data = ? where number = 1", [json.dumps(facts)])
    assert catalogue.season_window(db, 1) == (date.min, date.max)


def test_shift_holds_at_the_ends_of_the_calendar() -> None:
    assert dates.shift(date(2022, 1, 1), 31) == date(2022, 2, 1)
    assert dates.shift(date(1, 1, 2), -30) == date.min
    assert dates.shift(date.max, 400) == date.max
    assert dates.shift(date(2022, 1, 1), 10**30) == date.max
    assert dates.shift(date(2022, 1, 1), 4.9) == date(2022, 1, 5)


def test_match_with_a_stored_extreme_date_finishes(run, fake, ost_home) -> None:
    assert run("tracks").exit_code == 0
    # The right single is within the show's time: only the catalogue day is extreme.
    store_dates(ost_home, {"s1-01": "0001-01-02", "s1-02": "9999-12-31"})
    result = run("match", "--season", "1", "--json")
    assert result.exit_code == 0, result.output
    assert [o["id"] for o in json.loads(result.stdout)][:2] == ["s1-01", "s1-02"]


# --- a match stopped in the middle ----------------------------------------------------------------

_CRASH_AT_THIRD = """
import os, sys
from ost.matching import run as matching
from ost.cli import cli
judge = matching.match_one
calls = []
def crashing(*args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        {stop}
    return judge(*args, **kwargs)
matching.match_one = crashing
cli(["match", "--season", "1"])
"""


@pytest.mark.parametrize(
    "stop",
    ["os._exit(137)", "raise OverflowError('date value out of range')"],
    ids=["killed", "crash"],
)
def test_a_match_stopped_in_the_middle_keeps_each_finished_track_whole(
    run, fake, ost_home, stop
) -> None:
    """A kill runs no cleanup (`finally`) at all: each track is saved when judged, alone."""
    assert run("tracks").exit_code == 0
    code = _CRASH_AT_THIRD.replace("{stop}", stop)
    done = _run_bounded([sys.executable, "-c", code])
    assert done.returncode != 0
    with sqlite3.connect(ost_home / "ost.db") as conn:
        conn.row_factory = sqlite3.Row
        rows = {r["track_id"]: dict(r) for r in conn.execute("select * from matches")}
    assert sorted(rows) == ["s1-01", "s1-02"]  # the third, in progress, and the rest: untouched
    for row in rows.values():  # each whole: the choice with its evidence and candidates
        assert row["status"] == "auto" and row["uri"] and row["score"]
        assert json.loads(row["evidence"]) and json.loads(row["candidates"])
    again = run("match", "--season", "1")
    assert again.exit_code == 0 and "2 already decided or matched" in again.stderr


@pytest.mark.parametrize(
    ("given", "stored"),
    [("2022-03-01", True), ("2022", False), ("2022-02-30", False), ("0001-01-01", False)],
)
def test_discovery_stores_only_a_real_day_in_the_range(given, stored) -> None:
    from ost.discover.add import _is_day

    assert _is_day(given) is stored


def test_a_stored_day_that_is_no_day_is_read_as_unknown(ost_home) -> None:
    db = catalogue.open_catalogue()
    db.execute("update tracks set release_date = '2022-02-30' where id = 's1-01'")
    (target,) = catalogue.targets(db, ["s1-01"])
    assert target.wanted.release_date is None


# --- 5. --season -----------------------------------------------------------------------------------


def _commands_with_season() -> list[tuple[str, ...]]:
    """Every command taking --season, as the words that call it (found by walking the CLI)."""
    import click

    from ost.cli import cli

    cli.load_all()
    found = []

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                walk(command, (*path, name))
            elif any("--season" in p.opts for p in command.params):
                found.append((*path, name))

    walk(cli, ())
    return sorted(found)


SEASON_COMMANDS = _commands_with_season()


def test_every_season_option_is_the_shared_one() -> None:
    from ost.cli import cli
    from ost.cli.seasons import known_seasons

    assert (
        len(SEASON_COMMANDS) >= 9
    )  # tracks, match, discover, timeline, page, export ×5, playlist ×2
    for words in SEASON_COMMANDS:
        command = cli
        for word in words:
            command = command.commands[word]
        (option,) = [p for p in command.params if "--season" in p.opts]
        assert option.callback is known_seasons, words


@pytest.mark.parametrize("season", ["3", "0", "-1", "99999999999999999999"])
@pytest.mark.parametrize("words", SEASON_COMMANDS, ids=" ".join)
def test_an_unknown_season_is_a_usage_error_everywhere(run, tmp_path, words, season) -> None:
    extra = ("-o", str(tmp_path / "out")) if words[0] in ("page", "export") else ()
    if words == ("export", "by-extension"):
        extra = ("-o", str(tmp_path / "out.m3u8"))
    result = run(*words, "--season", season, *extra)
    assert result.exit_code == 2 and "Traceback" not in result.output
    line = result.output.strip().splitlines()[-1]  # after click's usage lines
    assert "is not in the catalogue (seasons: 1, 2)" in line
    assert "99999999999999999999" not in line  # a long number is cut, not repeated whole
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.m3u8").exists()


# --- 6. nesting ------------------------------------------------------------------------------------

DEEP = 1000


@pytest.mark.parametrize(
    "content",
    [
        "a=" + "[" * DEEP + "]" * DEEP,
        "a=" + "{b=" * DEEP + "1" + "}" * DEEP,
        'name = "Mine"\n[select]\ntracks = ' + "[" * DEEP + "]" * DEEP,
    ],
    ids=["arrays", "inline-tables", "in-select"],
)
def test_a_deeply_nested_definition_is_one_line_and_stops_only_itself(
    run, ost_home: Path, tmp_path: Path, content: str
) -> None:
    folder = ost_home / "playlists"
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_text(content, encoding="utf-8")
    for args in (
        ("export", "m3u", "deep", "-o", str(tmp_path / "deep.m3u")),
        ("playlist", "show", "deep"),
    ):
        line = one_line(run(*args))
        assert "deep.toml" in line and "nested too deep" in line
    assert not (tmp_path / "deep.m3u").exists()
    ok = run("export", "m3u", "--season", "1", "-o", str(tmp_path / "s1.m3u"))
    assert ok.exit_code == 0 and (tmp_path / "s1.m3u").exists()
    listed = run("playlist", "list", "--json")
    assert listed.exit_code == 0
    assert [d["key"] for d in json.loads(listed.stdout)] == ["soundtrack-1", "soundtrack-2"]
    assert "deep.toml" in listed.stderr and "nested too deep" in listed.stderr


@pytest.mark.parametrize("depth", [500, 700, 900, 5000])
def test_a_deeply_nested_json_import_is_one_line(run, tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    record = (
        '{"season": 2, "title": "x", "artist": "K", "source": ' + "[" * depth + "]" * depth + "}"
    )
    path.write_text(f"[\n{record}\n]\n", encoding="utf-8")
    line = one_line(run("import", str(path)))
    assert "deep.json:2:" in line


def test_a_deeply_nested_data_file_names_the_file(data_copy: Path) -> None:
    from ost.errors import InputError

    path = data_copy / "soundtrack-2.toml"
    for deep in (
        "[season.x]\ny = " + "[" * DEEP + "]" * DEEP,
        "[season." + ".".join(["x"] * 5000) + "]",
    ):
        path.write_text(
            path.read_text(encoding="utf-8").split("[[season.cast]]")[0] + deep + "\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError, match=r"soundtrack-2\.toml: nested too deep"):
            bundle.load_bundle(data_copy)


@pytest.mark.parametrize(
    ("method", "route", "key", "says"),
    [
        ("GET", r"^/v1/search", "tracks", "nested too deep"),
        ("POST", r"^/api/token", "access_token", "token service"),
    ],
    ids=["search", "token"],
)
def test_a_spotify_answer_nested_too_deep_is_one_line(run, fake, method, route, key, says) -> None:
    deep = f'{{"{key}": ' + "[" * 100_000 + "]" * 100_000 + "}"
    fake.inject(method, route, status=200, body=deep)
    line = one_line(run("match", "--season", "1"))
    assert says in line


# --- 7. endless standard input ----------------------------------------------------------------------


def _fed_endlessly(args: list[str], first: bytes, chunk: bytes, tmp: Path) -> tuple[int, str]:
    """Run `ost ARGS` with a standard input that never ends (``first``, then ``chunk`` for ever,
    from a thread, until ost closes the pipe); killed after 30 s so the test cannot hang (its
    temporary files kept in ``tmp``). Returns the exit status and what ost wrote to stderr."""
    import threading

    with (tmp / "stderr").open("w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ost", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "TMPDIR": str(tmp)},
        )
        assert proc.stdin is not None
        pipe = proc.stdin

        def feed() -> None:
            try:
                pipe.write(first)
                while True:
                    pipe.write(chunk)
            except (BrokenPipeError, OSError, ValueError):
                pass  # ost stopped reading: what the test wants

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"`ost {' '.join(args)}` was still reading after 30 s")
        finally:
            writer.join(timeout=5)
            pipe.close()
        err.seek(0)
        return code, err.read().decode()


def test_endless_standard_input_stops_at_the_size_limit(ost_home: Path, tmp_path: Path) -> None:
    from ost.importer import MAX_FILE_BYTES

    code, err = _fed_endlessly(
        ["import", "-"], b"season,title,artist\n", b"1,x,K\n" * 10_000, tmp_path
    )
    assert code == 1, err
    assert err.strip().splitlines() == [
        f"Error: <stdin>: over the {MAX_FILE_BYTES} byte limit; ost stopped reading there"
    ]
    rows = subprocess.run(
        [sys.executable, "-m", "ost", "tracks", "--json", "--all"], capture_output=True, timeout=60
    )
    assert b'"x"' not in rows.stdout  # nothing imported


def test_an_endless_answer_to_the_login_prompt_is_refused(fake_spotify, tmp_path: Path) -> None:
    no_line_break = b"x" * 65536
    code, err = _fed_endlessly(["login", "--no-browser"], b"", no_line_break, tmp_path)
    assert code == 2, err
    assert "longer than 8192 characters" in err and "Traceback" not in err


# --- 8. files that are not regular files, or too big ----------------------------------------------


def _bounded() -> None:
    """In the child: at most 4 GiB of memory, so that reading /dev/zero cannot take the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _run_bounded(argv: list[str]) -> subprocess.CompletedProcess:
    """A process of its own, its memory bounded, killed after 30 s: a FIFO could hang it."""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30, preexec_fn=_bounded)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{argv} hung (still running after 30 s)")


def _ost(*args: str) -> subprocess.CompletedProcess:
    return _run_bounded([sys.executable, "-m", "ost", *args])


def _special(folder: Path, kind: str, name: str) -> Path:
    """A node made in a temporary folder: a FIFO, a link to /dev/zero (only ever read through
    ost's guarded reader), a folder, or a regular file just over the definition limit."""
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text('name = "Big"\n' + "#" * (1 << 20) + "\n", encoding="utf-8")  # 1 MiB +
    return path


SAYS = {
    "fifo": "a FIFO (named pipe), not a regular file",
    "zero": "a character device, not a regular file",
    "folder": "a folder, not a regular file",
    "big": "is over the 1048576 byte limit",
}


@pytest.mark.parametrize("kind", list(SAYS))
def test_a_definition_that_is_no_regular_file_is_refused_and_the_others_work(
    run, ost_home: Path, tmp_path: Path, kind: str
) -> None:
    assert run("tracks").exit_code == 0  # the database exists
    folder = ost_home / "playlists"
    folder.mkdir()
    _special(folder, kind, "odd.toml")
    (folder / "mine.toml").write_text('name = "Mine"\n[select]\nseasons = [1]\n', encoding="utf-8")
    refused = _ost("export", "m3u", "odd", "-o", str(tmp_path / "odd.m3u"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith(f"Error: {folder / 'odd.toml'}: ") and SAYS[kind] in line
    assert not (tmp_path / "odd.m3u").exists()
    for args in (
        ("export", "m3u", "--season", "1", "-o", str(tmp_path / "s1.m3u")),
        ("export", "m3u", "mine", "-o", str(tmp_path / "mine.m3u")),
    ):
        assert _ost(*args).returncode == 0
    listed = _ost("playlist", "list", "--json")
    assert listed.returncode == 0
    assert sorted(d["key"] for d in json.loads(listed.stdout)) == [
        "mine",
        "soundtrack-1",
        "soundtrack-2",
    ]
    assert "odd.toml" in listed.stderr and SAYS[kind] in listed.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_import_of_a_fifo_or_a_device_is_refused_unread(
    ost_home: Path, tmp_path: Path, kind
) -> None:
    path = _special(tmp_path, kind, "tracks.csv")
    done = _ost("import", str(path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {path}: {SAYS[kind]}; ost reads only regular files"
    ]


def test_pinning_a_fifo_is_refused(ost_home: Path, tmp_path: Path) -> None:
    path = _special(tmp_path, "fifo", "song.mp3")
    done = _ost("pin", "s1-01", str(path))
    assert done.returncode == 1 and SAYS["fifo"] in done.stderr


@pytest.mark.parametrize("name", ["ost.db", "ost.lock"])
def test_a_fifo_in_place_of_the_database_or_the_lock_is_refused(ost_home: Path, name: str) -> None:
    if name == "ost.lock":
        assert _ost("tracks").returncode == 0
    ost_home.mkdir(exist_ok=True)
    os.mkfifo(ost_home / name)
    done = _ost("reject", "s1-01")
    assert done.returncode == 1
    assert f"{ost_home / name}: " in done.stderr and "FIFO" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_a_data_file_that_is_no_regular_file_names_it(data_copy: Path, kind: str) -> None:
    (data_copy / "soundtrack-3.toml").unlink(missing_ok=True)
    _special(data_copy, kind, "soundtrack-3.toml")
    code = f"from ost.catalogue import bundle; bundle.load_bundle(__import__('pathlib').Path({str(data_copy)!r}))"
    done = _run_bounded([sys.executable, "-c", code])
    assert done.returncode == 1
    assert f"InputError: {data_copy / 'soundtrack-3.toml'}: {SAYS[kind]}" in done.stderr
