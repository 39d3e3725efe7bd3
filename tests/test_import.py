"""`ost import`: what a good file does, and one clear FILE:LINE error for every kind of bad file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ost import catalogue
from ost.importer.fields import OPTIONAL
from ost.importer.plan import apply, plan_import
from ost.importer.read import MAX_PROBLEMS


def dump(home: Path) -> str:
    """The catalogue's user-visible content, to prove a refused import wrote nothing."""
    db = catalogue.open_catalogue()
    rows = list(catalogue.iter_tracks(db, include_unverified=True))
    pins = list(db["matches"].rows)
    return json.dumps([rows, pins], ensure_ascii=False, sort_keys=True)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


GOOD_CSV = (
    "season,title,artist,title_en,order,release_date,episode,source,spotify_uri\n"
    '1,My Love,김종국,,,,"2;3",https://example.org/ep2,\n'
    "1,새 노래,KYUHYUN;다비치,New Song,8,2022-03-01,1,,spotify:track:0123456789abcdefABCDEF\n"
    "2,Another K Song,케이,,,,,,\n"
)


def test_import_adds_updates_and_pins(tmp_path: Path, run) -> None:
    path = write(tmp_path, "mine.csv", GOOD_CSV)
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 added, 1 changed, 0 unchanged" in result.output
    rows = {r["id"]: r for r in catalogue.iter_tracks(catalogue.open_catalogue())}
    assert rows["s1-04"]["episodes"] == [2, 3]
    new = rows["s1-user1"]
    assert new["artists"] == ["규현", "다비치"]  # KYUHYUN resolved through the alias list
    assert new["spotify_uri"] == "spotify:track:0123456789abcdefABCDEF"
    assert new["match_status"] == "pinned"
    assert rows["s2-user1"]["artists"] == ["손정혁"]  # 케이 is one of his aliases
    again = run("import", str(path))
    assert "0 added, 0 changed, 3 unchanged" in again.output


def test_dry_run_reports_and_writes_nothing(tmp_path: Path, run, ost_home: Path) -> None:
    before = dump(ost_home)
    result = run("import", str(write(tmp_path, "mine.csv", GOOD_CSV)), "--dry-run")
    assert result.exit_code == 0
    assert "add    s1-user1  새 노래" in result.output
    assert "change s1-04  episode: (none) -> 2; 3" in result.output
    assert dump(ost_home) == before


def test_update_by_id_and_by_english_title(tmp_path: Path, run) -> None:
    path = write(
        tmp_path,
        "fix.json",
        json.dumps(
            [
                {
                    "id": "s1-07",
                    "season": 1,
                    "title": "아주 조금만 더",
                    "artist": "도영",
                    "episode": [4],
                },
                {
                    "season": 1,
                    "title": "talk to me!",
                    "artist": "Kim Jae-hwan",
                    "order": 5,
                    "episode": 2,
                },
            ],
            ensure_ascii=False,
        ),
    )
    assert run("import", str(path)).exit_code == 0
    rows = {r["id"]: r for r in catalogue.iter_tracks(catalogue.open_catalogue())}
    assert rows["s1-07"]["episodes"] == [4]
    assert rows["s1-05"]["episodes"] == [2]
    assert rows["s1-05"]["title"] == "나에게 말해요"  # found by its English title: not renamed


def test_imported_fields_survive_a_bundle_refresh(tmp_path: Path, run) -> None:
    run(
        "import", str(write(tmp_path, "e.csv", "season,title,artist,episode\n1,My Love,김종국,3\n"))
    )
    db = catalogue.open_catalogue()
    db["meta"].update("bundle_digest", {"value": "older"})  # as if a newer ost were installed
    db = catalogue.open_catalogue()
    assert db["meta"].get("bundle_digest")["value"] != "older"
    assert json.loads(db["tracks"].get("s1-04")["episodes"]) == [3]


BAD = [
    (
        "missing-column",
        "t.csv",
        "season,title\n1,x\n",
        r"t\.csv:1: missing column: artist \(or artists\)$",
    ),
    (
        "missing-columns",
        "t.csv",
        "season\n1\n",
        r"t\.csv:1: missing columns: title, artist \(or artists\)$",
    ),
    (
        "unknown-column",
        "t.csv",
        "season,title,artist,titel\n1,x,y,z\n",
        r"t\.csv:1: unknown column 'titel'",
    ),
    (
        "non-numeric-season",
        "t.csv",
        "season,title,artist\n1,a,b\none,x,y\n",
        r"t\.csv:3: 'season' must be a positive whole number",
    ),
    (
        "unknown-season",
        "t.csv",
        "season,title,artist\n3,x,y\n",
        r"t\.csv:2: season 3 is not in the catalogue",
    ),
    (
        "episode-out-of-range",
        "t.csv",
        "season,title,artist,episode\n1,x,y,5\n",
        r"t\.csv:2: episode 5, but season 1 has 4 episodes",
    ),
    (
        "empty-title",
        "t.csv",
        "season,title,artist\n1,  ,y\n",
        r"t\.csv:2: 'title' is (missing or )?empty",
    ),
    (
        "line-break-in-title",
        "t.csv",
        'season,title,artist\n1,a,b\n1,"two\nlines",y\n',
        r"t\.csv:3: 'title' contains a line break",
    ),
    (
        "bad-date",
        "t.csv",
        "season,title,artist,release_date\n1,x,y,27/01/2022\n",
        r"t\.csv:2: 'release_date' must be a date",
    ),
    (
        "bad-uri",
        "t.csv",
        "season,title,artist,spotify_uri\n1,x,y,spotify:album:abc\n",
        r"t\.csv:2: 'spotify_uri' must be",
    ),
    (
        "bad-status",
        "t.csv",
        "season,title,artist,status\n1,x,y,maybe\n",
        r"t\.csv:2: 'status' must be one of",
    ),
    (
        "ragged-row",
        "t.csv",
        "season,title,artist\n1,x,y,z\n",
        r"t\.csv:2: 4 fields, the header has 3",
    ),
    (
        "huge-field",
        "t.csv",
        "season,title,artist\n1," + "가" * 3000 + ",y\n",
        r"t\.csv:2: a field is longer than 2000 characters",
    ),
    ("empty-file", "t.csv", "", r"t\.csv:1: the file is empty"),
    ("header-only", "t.csv", "season,title,artist\n", r"t\.csv: no records"),
    (
        "invalid-utf8",
        "t.csv",
        b"season,title,artist\n1,ok,y\n1,\xc3\x28,y\n",
        r"t\.csv:3: not valid UTF-8",
    ),
    ("binary", "t.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"t\.csv:3: binary data"),
    (
        "broken-json",
        "t.json",
        '[{"season": 1, "title": "a", "artist": "b"},\n{"season": 1,\n',
        r"t\.json:3: broken JSON",
    ),
    ("json-not-array", "t.json", '{"season": 1}', r"t\.json:1: expected a JSON array"),
    (
        "json-wrong-type",
        "t.json",
        '[\n{"season": 1, "title": "a", "artist": "b"},\n{"season": 1, "title": 7, "artist": "b"}\n]',
        r"t\.json:3: 'title' must be text, not int",
    ),
    (
        "json-season-bool",
        "t.json",
        '[{"season": true, "title": "a", "artist": "b"}]',
        r"t\.json:1: 'season' must be a positive whole number",
    ),
    ("json-not-object", "t.json", "[1, 2]", r"t\.json:1: each record must be a JSON object"),
    (
        "json-trailing",
        "t.json",
        '[{"season": 1, "title": "a", "artist": "b"}] x',
        r"t\.json:1: broken JSON",
    ),
    (
        "json-line-break",
        "t.json",
        '[{"season": 1, "title": "a\\u2028b", "artist": "b"}]',
        r"t\.json:1: 'title' contains a line break",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_is_refused_whole(
    tmp_path: Path, run, ost_home: Path, name, content, message
) -> None:
    run("import", str(write(tmp_path, "warm.csv", "season,title,artist\n1,a,b\n")))
    before = dump(ost_home)
    path = write(tmp_path, name, content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(message, result.output), result.output
    assert len(result.output.strip().splitlines()) == 1  # one clear line
    assert dump(ost_home) == before


def test_a_bad_record_after_good_ones_writes_nothing(tmp_path: Path, run, ost_home: Path) -> None:
    before = dump(ost_home)
    rows = "".join(f"1,song {i},artist {i}\n" for i in range(50))
    result = run(
        "import", str(write(tmp_path, "t.csv", "season,title,artist\n" + rows + "x,bad,y\n"))
    )
    assert result.exit_code == 1 and "t.csv:52:" in result.output
    assert dump(ost_home) == before


def test_missing_file_is_one_line(run, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.csv"))
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_export_csv_imports_back_unchanged(tmp_path: Path, run) -> None:
    exported = run("tracks", "--csv").output
    result = run("import", str(write(tmp_path, "back.csv", exported)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "0 added, 0 changed, 8 unchanged" in result.output
        or "nothing written" in result.output.lower()
    )
    plan = plan_import(catalogue.open_catalogue(), tmp_path / "back.csv")
    assert (plan.added, plan.changed, plan.unchanged) == (0, 0, 8)


titles = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and "\x85" not in t)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=titles, artist=titles.filter(lambda t: t.replace(";", "").strip()))
def test_any_single_line_title_round_trips_through_import_and_export(
    tmp_path: Path, title: str, artist: str
) -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [["season", "title", "artist"], [2, title, artist]]
    )
    path = write(tmp_path, "one.csv", buf.getvalue())
    db = catalogue.open_catalogue()
    plan = plan_import(db, path)
    apply(db, plan)
    hit = [r for r in catalogue.iter_tracks(db, seasons=(2,)) if r["title"] == title.strip()]
    assert hit and hit[0]["season"] == 2
    db.execute(
        "delete from track_artists where track_id in (select id from tracks where origin='user')"
    )
    db.execute("delete from tracks where origin = 'user'")
    db.conn.commit()


def test_duplicate_column_is_named(tmp_path: Path, run) -> None:
    result = run("import", str(write(tmp_path, "d.csv", "season,title,artist,title\n1,a,b,c\n")))
    assert result.exit_code == 1 and "d.csv:1: column 'title' appears twice" in result.output


def test_empty_json_array(tmp_path: Path, run) -> None:
    result = run("import", str(write(tmp_path, "e.json", "[]")))
    assert (
        result.exit_code == 1
        and result.output.strip() == f"Error: {tmp_path / 'e.json'}: no records"
    )


def test_dry_run_reports_counts(tmp_path: Path, run) -> None:
    result = run("import", str(write(tmp_path, "m.csv", GOOD_CSV)), "--dry-run")
    assert "Dry run, nothing written: 2 added, 1 changed, 0 unchanged." in result.output


# --- issue 9 / 11: duplicates, summaries, every bad row, encodings, new artists -------------------


def test_the_same_song_twice_is_refused_with_both_lines(tmp_path: Path, run, ost_home) -> None:
    before = dump(ost_home)
    by_id = "id,season,title,artist\nmine-1,1,a,b\nmine-2,1,c,d\nmine-1,1,e,f\n"
    by_title = "season,title,artist\n1,새 노래,b\n2,새 노래,b\n1,새  노래!,c\n"
    for name, text, lines in (("i.csv", by_id, (4, 2)), ("t.csv", by_title, (4, 2))):
        result = run("import", str(write(tmp_path, name, text)))
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{name}:{lines[0]}: the same track as line {lines[1]}" in result.output
    assert dump(ost_home) == before


def test_a_large_import_prints_a_summary_and_rows_only_when_asked(tmp_path: Path, run) -> None:
    rows = "".join(f"1,song {i},artist {i % 3}\n" for i in range(300))
    path = write(tmp_path, "many.csv", "season,title,artist\n" + rows)
    dry = run("import", str(path), "--dry-run")
    assert dry.output.count("\nadd ") + dry.output.startswith("add ") == 20
    assert "… and 280 more rows (-v shows all)" in dry.output
    assert "Dry run, nothing written: 300 added" in dry.output
    quiet = run("import", str(path))
    assert quiet.exit_code == 0 and "add " not in quiet.output
    assert "300 added" in quiet.output and len(quiet.output.splitlines()) <= 25
    path.write_text("season,title,artist,episode\n" + rows.replace("\n", ",2\n"), "utf-8")
    loud = run("import", str(path), "-v")
    assert loud.output.count("change s1-user") == 300


def test_several_bad_rows_are_all_reported_up_to_twenty(tmp_path: Path, run, ost_home) -> None:
    before = dump(ost_home)
    rows = "".join(f"{'x' if i % 2 else 1},song {i},a\n" for i in range(60))
    result = run("import", str(write(tmp_path, "bad.csv", "season,title,artist\n" + rows)))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert sum(bool(re.match(r"(Error: )?\S*bad\.csv:\d+: 'season'", x)) for x in lines) == 20
    assert "… and 10 more bad rows" in result.output and "30 bad rows" in result.output
    assert dump(ost_home) == before


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("t.csv", "season,title,artst\n1,x,y\n", [
            "t.csv:1: unknown column 'artst'. Did you mean 'artist'?",
            "t.csv:1: missing column: artist (or artists)",
        ]),
        ("t.csv", "season,title,artist,titel_en,zzz\n1,x,y,z,w\n", [
            "t.csv:1: unknown column 'titel_en'. Did you mean 'title_en' or 'title'?",
            "t.csv:1: unknown column 'zzz' (known: artist, episode, id, order, release_date, "
            "season, show, source, spotify_uri, status, title, title_en)",
        ]),
        ("t.json", '[{"season": 1, "title": "x", "artist": "y", "relase_date": "2022-01-01"}]', [
            "t.json:1: unknown key 'relase_date'. Did you mean 'release_date'?",
        ]),
    ],
    ids=["column", "two-columns", "json-key"],
)  # fmt: skip
def test_an_unknown_column_or_key_names_the_one_it_looks_like(
    tmp_path: Path, run, name: str, content: str, said: list[str]
) -> None:
    result = run("import", str(write(tmp_path, name, content)))
    assert result.exit_code == 1
    lines = result.output.strip().removeprefix("Error: ").splitlines()
    assert [line.replace(str(tmp_path) + "/", "") for line in lines] == said


def test_a_row_with_several_problems_reports_each(tmp_path: Path, run, ost_home) -> None:
    before = dump(ost_home)
    content = (
        "season,title,artist,release_date,status,artsit\n1,fine,a,,,\nx,,b,27/01/2022,maybe,\n"
    )
    result = run("import", str(write(tmp_path, "t.csv", content)))
    assert result.exit_code == 1
    lines = result.output.strip().removeprefix("Error: ").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "unknown column 'artsit'. Did you mean 'artist'?",
    ]  # a header's problems come first: the rows are not read
    content = content.replace(",artsit", "").replace(",\n", "\n")
    result = run("import", str(write(tmp_path, "t.csv", content)))
    lines = result.output.strip().removeprefix("Error: ").splitlines()
    assert [line.split(": ", 1) for line in lines] == [
        [f"{tmp_path / 't.csv'}:3", "'title' is missing or empty"],
        [f"{tmp_path / 't.csv'}:3", "'season' must be a positive whole number up to 999999, not 'x'"],
        [f"{tmp_path / 't.csv'}:3", "'release_date' must be a date like 2022-01-27, not '27/01/2022'"],
        [f"{tmp_path / 't.csv'}:3", "'status' must be one of confirmed, unverified, discovered, not 'maybe'"],
    ]  # fmt: skip
    assert dump(ost_home) == before


def test_the_problems_shown_stay_within_the_bound(tmp_path: Path, run) -> None:
    """30 rows with two problems each: MAX_PROBLEMS lines (ten rows), then the rows not shown."""
    rows = "".join(f"x,song {i},a,someday\n" for i in range(30))
    path = write(tmp_path, "bad.csv", "season,title,artist,release_date\n" + rows)
    lines = run("import", str(path)).output.strip().splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert sum("'season'" in x for x in lines) == sum("'release_date'" in x for x in lines) == 10
    assert lines[-2:] == ["… and 20 more bad rows", f"{path}: 30 bad rows; nothing was imported"]


def test_utf16_asks_for_utf8(tmp_path: Path, run) -> None:
    for content in (
        "season,title,artist\n1,a,b\n".encode("utf-16"),
        "season,title,artist\n1,a,b\n".encode("utf-16-le"),
    ):
        result = run("import", str(write(tmp_path, "w.csv", content)))
        assert result.exit_code == 1 and "save it as UTF-8" in result.output


def test_nul_bytes_throughout_are_binary_data_not_utf16(tmp_path: Path, run, ost_home) -> None:
    import os
    import stat

    zeros = write(tmp_path, "zeros.csv", b"\x00" * 70_000)
    nodes = [zeros]
    try:  # a node of the zero device, made here (never /dev itself): needs the right to mknod
        os.mknod(tmp_path / "zero", stat.S_IFCHR | 0o444, os.makedev(1, 5))
        nodes.append(tmp_path / "zero")
    except (PermissionError, AttributeError, OSError):
        pass
    for path in nodes:
        result = run("import", str(path))
        assert result.exit_code == 1, result.output
        assert "UTF-16" not in result.output
        if path.name == "zero":  # a device is not opened at all (issue 16 item 8)
            assert f"{path.name}: a character device, not a regular file" in result.output
        else:
            assert f"{path.name}:1: binary data" in result.output
    piped = run("import", "-", input="\x00" * 1000)
    assert piped.exit_code == 1 and "binary data" in piped.output and "UTF-16" not in piped.output


def test_tab_separated_is_read_as_such(tmp_path: Path, run) -> None:
    path = write(tmp_path, "t.tsv", "season\ttitle\tartist\n2\tTab, Song\t다비치\n")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    rows = list(catalogue.iter_tracks(catalogue.open_catalogue(), seasons=(2,)))
    assert any(r["title"] == "Tab, Song" and r["artists"] == ["다비치"] for r in rows)


def test_an_unknown_artist_is_added_and_reported(tmp_path: Path, run) -> None:
    path = write(tmp_path, "n.csv", "season,title,artist\n1,New one,KYUHYUM;규현\n")
    result = run("import", str(path), "--dry-run")
    assert "new artist: KYUHYUM (" in result.output and "n.csv:2)" in result.output
    assert "new artist: 규현" not in result.output
    assert "new artist: KYUHYUM" in run("import", str(path)).output


def test_dry_run_shows_old_and_new_values(tmp_path: Path, run) -> None:
    path = write(
        tmp_path,
        "c.csv",
        "id,season,title,artist,release_date\ns1-04,1,My Love,김종국,2022-02-11\n",
    )
    result = run("import", str(path), "--dry-run")
    old = catalogue.track_detail(catalogue.open_catalogue(), "s1-04")["release_date"]
    assert f"release_date: {old or '(none)'} -> 2022-02-11" in result.output


JSON_BAD = [
    (
        "beyond-64-bits",
        '[{"season": 1, "title": "a", "artist": "b", "order": 123456789012345678901}]',
        "beyond 64 bits",
    ),
    (
        "huge-digits",
        '[{"season": 1, "title": "a", "artist": "b", "order": 1' + "0" * 5000 + "}]",
        "beyond 64 bits",
    ),
    ("lone-surrogate", '[{"season": 1, "title": "\\ud800", "artist": "b"}]', "lone surrogate"),
    (
        "surrogate-key",
        '[{"season": 1, "title": "a", "artist": "b", "\\udfff": 1}]',
        "lone surrogate",
    ),
    (
        "deep",
        "[" * 1 + '{"season": 1, "title": "a", "artist": ' + "[" * 100_000 + "]" * 100_000 + "}]",
        "nested too deep",
    ),
    ("big-season", '[{"season": 99999999999, "title": "a", "artist": "b"}]', "'season' must be"),
]


@pytest.mark.parametrize(
    ("content", "says"), [b[1:] for b in JSON_BAD], ids=[b[0] for b in JSON_BAD]
)
def test_hostile_json_is_refused_with_file_and_line(
    tmp_path: Path, run, ost_home, content, says
) -> None:
    before = dump(ost_home)
    result = run("import", str(write(tmp_path, "h.json", content)))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"h\.json:1: ", result.output) and says in result.output
    assert dump(ost_home) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_traceback_nor_write_on_refusal(tmp_path: Path, data: bytes) -> None:
    _never_crashes(tmp_path / "any.csv", data)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63)  # beyond 64 bits
    | st.floats()
    | st.text(st.characters(exclude_categories=()), max_size=10),  # lone surrogates too
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
any_text = st.text(st.characters(exclude_categories=()), min_size=1, max_size=10)
# Mostly well-formed records (so that checks past the first are reached), with any value in
# any optional key: huge numbers, lone surrogates, nesting.
record = st.builds(
    lambda required, extra: {**required, **extra},
    st.fixed_dictionaries(
        {"season": st.sampled_from([1, 2, "1"]), "title": any_text, "artist": any_text}
    ),
    st.dictionaries(st.sampled_from(OPTIONAL), json_values, max_size=1),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=st.lists(record | json_values, max_size=4) | json_values)
def test_arbitrary_json_never_traceback_nor_write_on_refusal(tmp_path: Path, doc) -> None:
    _never_crashes(tmp_path / "any.json", json.dumps(doc).encode("ascii"))  # \ud800 as escapes


def _never_crashes(path: Path, data: bytes) -> None:
    from click.testing import CliRunner

    from ost.cli import cli

    path.write_bytes(data)
    db = catalogue.open_catalogue()
    before = db.execute("select count(*), total(length(title)) from tracks").fetchone()
    result = CliRunner().invoke(cli, ["import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        after = db.execute("select count(*), total(length(title)) from tracks").fetchone()
        assert after == before
    else:  # undo, so that every example starts from the bundled catalogue
        with db.atomic():
            db.execute(
                "delete from track_artists where track_id in (select id from tracks where origin='user')"
            )
            db.execute(
                "delete from matches where track_id in (select id from tracks where origin='user')"
            )
            db.execute("delete from tracks where origin = 'user'")
            db.execute("update tracks set user_fields = '[]'")


@pytest.mark.parametrize(
    ("status", "old"),
    [
        ("auto", "spotify:track:AAAAAAAAAAAAAAAAAAAAAA"),
        ("review", "spotify:track:AAAAAAAAAAAAAAAAAAAAAA (review)"),
    ],
)
def test_dry_run_shows_the_current_match_as_the_old_uri(
    tmp_path: Path, run, status: str, old: str
) -> None:
    db = catalogue.open_catalogue()
    with db.atomic():
        db.execute(
            "insert into matches (track_id, status, uri, reason, updated_at) "
            "values ('s1-04', ?, 'spotify:track:AAAAAAAAAAAAAAAAAAAAAA', 'test', 'now')",
            [status],
        )

    def dry_run_pinning(uri: str) -> str:
        row = f"id,season,title,artist,spotify_uri\ns1-04,1,My Love,김종국,{uri}\n"
        return run("import", str(write(tmp_path, "u.csv", row)), "--dry-run").output

    changed = dry_run_pinning("spotify:track:BBBBBBBBBBBBBBBBBBBBBB")
    assert f"spotify_uri: {old} -> spotify:track:BBBBBBBBBBBBBBBBBBBBBB" in changed
    again = dry_run_pinning("spotify:track:AAAAAAAAAAAAAAAAAAAAAA")
    assert ("0 changed" in again) == (status == "auto")  # an accepted URI: no change


def test_the_same_song_twice_on_one_json_line_is_refused(tmp_path: Path, run, ost_home) -> None:
    before = dump(ost_home)
    song = '{"season": 1, "title": "0", "artist": "0"}'
    result = run("import", str(write(tmp_path, "j.json", f"[{song}, {song}]")))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "j.json:1: the same track as line 1" in result.output
    assert dump(ost_home) == before


def test_the_artist_column_is_named_by_both_its_names(tmp_path: Path, run) -> None:
    record = [{"season": 1, "title": "x", "artists": []}]
    result = run("import", str(write(tmp_path, "t.json", json.dumps(record))))
    assert result.exit_code != 0
    assert "t.json:1: 'artist' or 'artists' is missing or empty" in result.output
    written = write(tmp_path, "t.csv", "season,title,artists\n1,새 노래,다비치\n")
    assert run("import", str(written)).exit_code == 0  # as `ost tracks --csv` names it
    assert any(t["title"] == "새 노래" for t in json.loads(run("tracks", "--json").stdout))
