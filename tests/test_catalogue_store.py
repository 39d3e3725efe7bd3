"""The catalogue's one writer (``ost.catalogue.store``), the ``meta`` table's owner, and the
lookups a migration leaves for opening the catalogue to rebuild."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from ost import catalogue, meta, paths
from ost.catalogue.bundle import bundle_digest
from ost.catalogue.store import Origin, TrackStatus, Writer
from ost.db.schema import migrations

LOOKUPS = ("title_keys", "track_episodes", "id_keys", "title_words")


def lookups_of(db: sqlite_utils.Database, track_id: str) -> dict[str, int]:
    return {
        t: db.execute(f"select count(*) from {t} where track_id = ?", [track_id]).fetchone()[0]
        for t in LOOKUPS
    }


def artist_keys(db: sqlite_utils.Database, artist_id: str) -> set[str]:
    return {
        r[0] for r in db.execute("select key from artist_keys where artist_id = ?", [artist_id])
    }


def test_a_database_migrated_from_the_oldest_schema_is_indexed_when_the_catalogue_opens() -> None:
    """The bundle is current (so no refresh rebuilds anything): the lookups of the rows an old
    ost wrote come from the marks the migrations left, and the marks go."""
    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m002_matching")
    db["meta"].insert({"key": meta.BUNDLE_DIGEST, "value": bundle_digest(paths.bundled_data_dir())})
    db["artists"].insert({"id": "user-mine", "name": "나의 가수", "origin": "user"})
    db["tracks"].insert(
        {
            "id": "S1-User07",
            "season": 1,
            "title": "나의 작은 노래",
            "episodes": "[2]",
            "status": "confirmed",
            "origin": "user",
        }
    )
    db["track_artists"].insert({"track_id": "S1-User07", "artist_id": "user-mine", "position": 0})
    db.close()
    db = catalogue.open_catalogue()
    assert db.execute("select count(*) from tracks").fetchone()[0] == 1  # no refresh happened
    assert lookups_of(db, "S1-User07") == {
        "title_keys": 1,
        "track_episodes": 1,
        "id_keys": 1,
        "title_words": 3,
    }
    assert artist_keys(db, "user-mine") == {"나의가수"}
    assert meta.get(db, meta.REINDEX) is None
    assert [r["id"] for r in catalogue.iter_tracks(db, title="나의 작은 노래")] == ["S1-User07"]


@pytest.mark.parametrize("mark", [["s1-03"], None], ids=["these tracks", "every track"])
def test_a_mark_is_rebuilt_by_the_next_open_and_then_forgotten(mark: list[str] | None) -> None:
    db = catalogue.open_catalogue()
    before = lookups_of(db, "s1-03")
    with db.atomic():
        for table in LOOKUPS:
            db.execute(f"delete from {table} where track_id = 's1-03'")
        meta.mark_reindex(db, mark)  # as a migration of a newer ost would leave it
    db.close()
    db = catalogue.open_catalogue()
    assert lookups_of(db, "s1-03") == before and before["title_keys"] > 0
    assert meta.get(db, meta.REINDEX) is None


def test_marks_add_up_and_every_track_stays_every_track() -> None:
    db = catalogue.open_catalogue()
    with db.atomic():
        meta.mark_reindex(db, [])
        assert meta.get(db, meta.REINDEX) is None  # nothing to rebuild marks nothing
        meta.mark_reindex(db, ["a", "b"])
        meta.mark_reindex(db, ["b", "c"])
        assert meta.reindex_ids(meta.get(db, meta.REINDEX) or "") == ["a", "b", "c"]
        meta.mark_reindex(db, None)
        meta.mark_reindex(db, ["d"])
        assert meta.reindex_ids(meta.get(db, meta.REINDEX) or "") is None


def test_the_migrations_never_import_the_catalogue(ost_home: Path) -> None:
    """Every migration run on a blank database, in a fresh process: the catalogue stays unloaded."""
    code = (
        "import sys; from ost.db import open_db; open_db();"
        "print(sorted(m for m in sys.modules if m.startswith('ost.catalogue')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=os.environ.copy(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (ost_home / "ost.db").is_file()


def test_the_writer_gives_every_column_a_row_leaves_out_one_default() -> None:
    db = catalogue.open_catalogue()
    with db.atomic(), Writer(db) as writer:
        writer.add_artists([{"id": "user-x", "name": "엑스", "origin": Origin.USER}])
        writer.add_tracks([{"id": "s1-x", "season": 1, "title": "새 노래", "origin": Origin.USER}])
        writer.credit({"s1-x": ["user-x", "user-x"]})  # named twice, credited once
    row = db["tracks"].get("s1-x")
    assert {k: row[k] for k in row if k not in ("id", "season", "title")} == {
        "ord": None,
        "title_en": None,
        "aliases": "[]",
        "release_date": None,
        "episodes": "[]",
        "credits": "[]",
        "uncertain": "{}",
        "status": "confirmed",
        "note": None,
        "sources": "[]",
        "origin": "user",
        "user_fields": "[]",
        "show": "soundtrack",  # a row that names no show is the bundled show's
        "kind": "song",
    }
    assert db["artists"].get("user-x") == {
        "id": "user-x",
        "name": "엑스",
        "name_en": None,
        "aliases": "[]",
        "note": None,
        "origin": "user",
    }
    assert [r["artist_id"] for r in db["track_artists"].rows_where("track_id = 's1-x'")] == [
        "user-x"
    ]
    assert lookups_of(db, "s1-x")["title_keys"] == 1 and artist_keys(db, "user-x") == {"엑스"}


def test_a_change_of_title_or_of_an_artists_name_moves_the_lookups() -> None:
    db = catalogue.open_catalogue()
    with db.atomic(), Writer(db) as writer:
        writer.change_tracks([("s1-03", {"title": "다른 제목", "status": TrackStatus.UNVERIFIED})])
        artist = dict(next(db.query("select * from artists where id = 'davichi'")))
        writer.add_artists([{**artist, "name": "새 이름"}], update=True)
    keys = {r[0] for r in db.execute("select key from title_keys where track_id = 's1-03'")}
    assert "다른제목" in keys and db["tracks"].get("s1-03")["status"] == "unverified"
    assert "새이름" in artist_keys(db, "davichi")


def test_an_error_inside_the_writer_leaves_the_lookups_and_rows_as_before() -> None:
    db = catalogue.open_catalogue()
    before = lookups_of(db, "s1-03")
    with pytest.raises(RuntimeError), db.atomic(), Writer(db) as writer:
        writer.change_tracks([("s1-03", {"title": "다른 제목"})])
        raise RuntimeError("a kill would stop here")
    assert db["tracks"].get("s1-03")["title"] != "다른 제목"
    assert lookups_of(db, "s1-03") == before


def test_a_column_the_table_has_not_is_ost_s_mistake() -> None:
    db = catalogue.open_catalogue()
    with pytest.raises(ValueError, match="no such column: colour"), Writer(db) as writer:
        writer.change_tracks([("s1-03", {"colour": "red"})])


def test_the_status_and_origin_words_are_the_ones_stored() -> None:
    """The words rows already hold (and data files, imports and definitions name)."""
    assert list(TrackStatus) == ["confirmed", "unverified", "discovered"]
    assert list(Origin) == ["bundled", "user", "discovered"]
    assert catalogue.TRACK_STATUSES == ("confirmed", "unverified", "discovered")
    db = catalogue.open_catalogue()
    stored = {r[0] for r in db.execute("select distinct origin from tracks")}
    assert stored == {"bundled"}


CATALOGUE_TABLES = ("tracks", "artists", "track_artists", *LOOKUPS, "artist_keys")
_WRITE = re.compile(
    r"\b(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update|delete\s+from)\s+\[?(\w+)\]?",
    re.IGNORECASE,
)
_TABLE_WRITE = re.compile(r"""(?:table\(|\[)["'](\w+)["']\)?\]?\.(?:insert|upsert|update|delete)""")


def written_tables(path: Path) -> set[str]:
    """The tables a module's SQL text and sqlite-utils calls write (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]
    code = path.read_text(encoding="utf-8")
    return {m.group(1) for t in texts for m in _WRITE.finditer(t)} | {
        m.group(1) for m in _TABLE_WRITE.finditer(code)
    }


def test_one_module_writes_the_catalogue_s_rows_and_one_writes_meta() -> None:
    owners: dict[str, set[str]] = {}
    root = Path(catalogue.__file__).parent.parent
    for path in sorted(root.rglob("*.py")):
        for table in written_tables(path) & {*CATALOGUE_TABLES, "meta"}:
            owners.setdefault(table, set()).add(path.relative_to(root.parent).as_posix())
    schema = "ost/db/schema.py"  # the migrations make the tables (and m008 fills library states)
    assert {t: o - {schema} for t, o in owners.items()} == {
        **{t: {"ost/catalogue/store.py"} for t in CATALOGUE_TABLES},
        "meta": {"ost/meta.py"},
    }
