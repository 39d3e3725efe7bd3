"""Queries ask SQLite for the rows they need: counted with a connection trace, never timed.

A catalogue grown by thousands of tracks must cost the same number of statements for one row, and
no statement may scan the tracks (each filter is answered by an index).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.catalogue import grow
from helpers.processes import modules_loaded
from helpers.statements import cost
from hypothesis import given
from hypothesis import strategies as st

from ost import catalogue, playlists
from ost import text as text_module
from ost.cli import output
from ost.importer.plan import apply, plan_import
from ost.resolve import Ambiguous, Unresolved, resolve_track_id
from ost.text import single_line


@pytest.mark.parametrize(
    "work",
    [
        pytest.param(
            lambda db: catalogue.track_detail(db, resolve_track_id(db, "s1-01")), id="show by id"
        ),
        pytest.param(
            lambda db: list(catalogue.iter_tracks(db, seasons=(2,))), id="tracks --season 2"
        ),
        pytest.param(lambda db: list(catalogue.iter_tracks(db, episode=99)), id="--episode"),
        pytest.param(lambda db: list(catalogue.iter_tracks(db, artist="규현")), id="--artist"),
    ],
)
def test_one_row_costs_the_same_statements_at_any_size_and_scans_no_table(work) -> None:
    db = catalogue.open_catalogue()
    small = cost(db, lambda: work(db))
    grow(db, 3000)
    large = cost(db, lambda: work(db))
    assert small[0] == large[0] <= 6
    assert large[1] == []


@pytest.mark.parametrize(
    "reference",
    [
        pytest.param("s1-01", id="id as stored"),
        pytest.param("S1-1", id="id, case and padding aside"),
        pytest.param("Love Beyond Words", id="exact title"),
        pytest.param("사랑은 말로 표현하는 게 아니래요", id="exact Korean title, spacing aside"),
        pytest.param("love beyond", id="prefix"),
        pytest.param("beyond love", id="words"),
        pytest.param("사랑은 말로", id="Korean prefix"),
    ],
)
def test_naming_a_track_reads_by_index_at_any_size(reference: str) -> None:
    db = catalogue.open_catalogue()
    small = cost(db, lambda: resolve_track_id(db, reference))
    grow(db, 3000)
    large = cost(db, lambda: resolve_track_id(db, reference))
    assert resolve_track_id(db, reference) == "s1-01"
    assert small[0] == large[0] <= 4
    assert small[1] == large[1] == []


def test_an_ambiguous_reference_lists_a_bounded_few_by_index() -> None:
    db = catalogue.open_catalogue()
    grow(db, 3000)

    def name_many() -> None:
        with pytest.raises(Ambiguous) as caught:
            resolve_track_id(db, "son")  # 3,000 titles start so
        assert [n.id for n in caught.value.tracks] == [f"s1-x{i}" for i in range(10)]
        assert "; and more (the first 10 shown). Give the id." in str(caught.value)

    count, found = cost(db, name_many)
    assert found == []


def test_a_miss_still_suggests_the_closest_at_any_size() -> None:
    db = catalogue.open_catalogue()
    grow(db, 3000)
    with pytest.raises(Unresolved) as caught:
        resolve_track_id(db, "Lvoe Beyond Wrods")
    assert [n.id for n in caught.value.tracks][:1] == ["s1-01"]
    assert len(caught.value.tracks) <= 3


def test_a_listing_is_one_statement_whatever_its_length() -> None:
    db = catalogue.open_catalogue()
    grow(db, 2000)
    count, _ = cost(db, lambda: list(catalogue.iter_tracks(db)))
    assert count == 1


def test_filters_answer_as_before() -> None:
    db = catalogue.open_catalogue()
    grow(db, 5)
    assert [r["id"] for r in catalogue.iter_tracks(db, artist="kyuhyun")] == ["s1-01"]
    assert [r["id"] for r in catalogue.iter_tracks(db, artist="  ")] == []
    assert {r["id"] for r in catalogue.iter_tracks(db, artist="다비치")} >= {"s1-x0", "s1-x4"}
    assert [r["id"] for r in catalogue.iter_tracks(db, episode=3)] == [f"s1-x{i}" for i in range(5)]
    assert [r["id"] for r in catalogue.iter_tracks(db, ids=("s2-01", "s1-02"))] == [
        "s1-02",
        "s2-01",
    ]
    assert [r["id"] for r in catalogue.iter_tracks(db, title="SONG 3")] == ["s1-x3"]


def test_importer_keeps_the_lookups_in_step(tmp_path: Path) -> None:
    db = catalogue.open_catalogue()
    src = tmp_path / "new.csv"
    src.write_text(
        "season,title,title_en,artist,episode\n2,새 노래,A New Song,New Singer,4\n",
        encoding="utf-8",
    )
    apply(db, plan_import(db, src))
    (found,) = catalogue.iter_tracks(db, title="a new song")
    assert resolve_track_id(db, "새노래") == found["id"]
    assert [r["id"] for r in catalogue.iter_tracks(db, episode=4)] == [found["id"]]
    assert [r["id"] for r in catalogue.iter_tracks(db, artist="new singer")] == [found["id"]]
    src.write_text(
        f"id,season,title,artist\n{found['id']},2,딴 노래,New Singer\n", encoding="utf-8"
    )
    apply(db, plan_import(db, src))
    assert list(catalogue.iter_tracks(db, title="새 노래")) == []
    assert resolve_track_id(db, "딴 노래") == found["id"]
    assert resolve_track_id(db, "딴") == found["id"]  # its words moved with it
    assert resolve_track_id(db, found["id"].upper()) == found["id"]


def test_plan_resolves_lengths_in_a_statement_per_chunk() -> None:
    db = catalogue.open_catalogue()
    grow(db, 1200)
    definition = playlists.for_season(1)
    count, found = cost(db, lambda: playlists.plan(db, definition))
    assert count == 2 + -(-1207 // playlists.CHUNK)  # the seasons, the tracks, a chunk each
    assert found == []


def test_nl_and_csv_stream_every_row(run) -> None:
    lines = run("tracks", "--nl").output.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(run("tracks", "--json").output)
    assert len(lines) == 8
    csv_out = run("tracks", "--csv").output.splitlines()
    assert csv_out[0].startswith("id,season,order,title") and len(csv_out) == len(lines) + 1
    assert run("tracks", "--nl", "--json").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ("seasons",),
        ("review",),
        ("playlist", "list"),
        ("playlist", "show", "--season", "1"),
    ],
)
def test_every_listing_takes_the_same_output_options(run, args) -> None:
    as_json = json.loads(run(*args, "--json").output)
    as_nl = [json.loads(line) for line in run(*args, "--nl").output.splitlines()]
    assert as_nl == as_json
    csv_out = run(*args, "--csv")
    assert csv_out.exit_code == 0 and csv_out.output.count("\n") >= 1


def test_export_imports_neither_mutagen_nor_rapidfuzz(tmp_path: Path, ost_home: Path) -> None:
    heavy = ("mutagen", "rapidfuzz", "spotipy")
    proc, loaded = modules_loaded(["export", "json", "--season", "1"], heavy)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["entries"]
    assert loaded == []


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_indented_is_json_dumps_with_indent(value) -> None:
    assert output.indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(st.lists(st.dictionaries(st.text(max_size=3), JSON_VALUES, max_size=3), max_size=4))
def test_json_array_is_json_dumps_of_the_list(rows) -> None:
    expected = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert "".join(output.json_array(iter(rows))) == expected


@given(st.text())
def test_single_line_quick_path_is_the_definition(text) -> None:
    slow = text_module._SPACES().sub(" ", text_module._LINE_BREAKS().sub(" ", text)).strip()
    assert single_line(text) == slow


@pytest.mark.parametrize(
    ("fmt", "pulled"), [("nl", [1, 2, 3]), ("json", [1, 2, 3, 3]), ("csv", [0, 1, 2, 3])]
)
def test_emit_writes_each_row_as_it_comes(monkeypatch, fmt, pulled) -> None:
    taken: list[int] = []

    def rows():
        for i in range(3):
            taken.append(i)
            yield {"id": i, "title": f"노래 {i}"}

    seen: list[int] = []
    monkeypatch.setattr(output, "FLUSH_AT", 1)
    monkeypatch.setattr(output.click, "echo", lambda *a, **k: seen.append(len(taken)))
    assert output.emit(rows(), fmt, ("id", "title")) == 3
    assert seen == pulled


def test_m009_indexes_the_ids_and_title_words_of_tracks_already_there() -> None:
    import sqlite_utils

    from ost import paths
    from ost.db.schema import migrations

    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m009_id_keys_and_title_words")
    assert "title_words" not in db.table_names() and "title_keys" in db.table_names()
    db["tracks"].insert(
        {
            "id": "S1-User07",
            "season": 1,
            "title": "나의 작은 노래",
            "status": "confirmed",
            "origin": "user",
        }
    )
    db.close()
    db = catalogue.open_catalogue()  # the migration marks the lookups; opening rebuilds them
    assert resolve_track_id(db, "s1-user7") == "S1-User07"
    assert resolve_track_id(db, "작은 나의") == "S1-User07"
