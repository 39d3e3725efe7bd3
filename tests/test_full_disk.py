"""A full disk is called a full disk, with the path named: never a damaged database to move away.

The mapping is tested with the errors a full disk really gives (found on a small tmpfs: SQLite's
``disk I/O error`` when its shared memory cannot grow, ``database or disk is full`` on a write,
``unable to open database file`` with no free inode; ENOSPC from ost's own writes), and end to end
on a tmpfs the test mounts itself where it may (root), else skipped with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.processes import ost_process

from ost import catalogue, diskfull, paths
from ost.db import explain

MOVE_AWAY = "move it away"
FULL_STATVFS = os.statvfs_result((4096, 4096, 512, 0, 0, 1000, 900, 900, 0, 255))
NO_INODES = os.statvfs_result((4096, 4096, 512, 400, 400, 1000, 0, 0, 0, 255))
ROOMY = os.statvfs_result((4096, 4096, 1 << 20, 1 << 19, 1 << 19, 1000, 900, 900, 0, 255))


def _disk(monkeypatch: pytest.MonkeyPatch, state: os.statvfs_result) -> None:
    monkeypatch.setattr(diskfull.os, "statvfs", lambda folder: state)


def _error(text: str, code: int | None = None) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    if code is not None:
        error.sqlite_errorcode = code  # type: ignore[attr-defined]  # as SQLite itself sets it
    return error


# --- the words for each failure ------------------------------------------------------------------


SHMSIZE = 4874  # SQLITE_IOERR_SHMSIZE, what every command met first on the full tmpfs


@pytest.mark.parametrize(
    ("error", "disk"),
    [
        (_error("database or disk is full", sqlite3.SQLITE_FULL), ROOMY),
        (_error("database or disk is full"), FULL_STATVFS),
        (_error("disk I/O error", SHMSIZE), FULL_STATVFS),
        (_error("unable to open database file", sqlite3.SQLITE_CANTOPEN), NO_INODES),
    ],
    ids=["sqlite-full", "sqlite-full-by-text", "io-error-no-space", "cannot-open-no-inode"],
)
def test_a_full_disk_is_named_as_such(monkeypatch, tmp_path: Path, error, disk) -> None:
    _disk(monkeypatch, disk)
    line = explain(error, tmp_path / "ost.db")
    assert line.startswith(f"{tmp_path / 'ost.db'}: the disk is full (")
    assert MOVE_AWAY not in line and "damaged" not in line and "read-only" not in line


def test_an_io_error_with_room_on_the_disk_is_not_a_damaged_database(monkeypatch, tmp_path) -> None:
    _disk(monkeypatch, ROOMY)
    line = explain(_error("disk I/O error", SHMSIZE), tmp_path / "ost.db")
    assert "failed to read or write (disk I/O error)" in line
    assert MOVE_AWAY not in line and "full" not in line


def test_no_free_inode_is_told_apart_from_a_read_only_folder(monkeypatch, tmp_path) -> None:
    error = _error("unable to open database file", sqlite3.SQLITE_CANTOPEN)
    _disk(monkeypatch, NO_INODES)
    assert "no room for new files" in explain(error, tmp_path / "ost.db")
    _disk(monkeypatch, ROOMY)
    assert "is read-only" in explain(error, tmp_path / "ost.db")


def test_a_damaged_database_is_still_one_to_move_away(monkeypatch, tmp_path) -> None:
    _disk(monkeypatch, FULL_STATVFS)  # even on a full disk, a malformed file is damaged
    line = explain(_error("database disk image is malformed", 11), tmp_path / "ost.db")
    assert "is damaged" in line and MOVE_AWAY in line


# --- through the commands, the failure injected --------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("tracks",), ("status",), ("show", "s1-01"), ("export", "json", "--season", "1")],
    ids=lambda c: c[0],
)
def test_reading_commands_on_a_full_disk(run, monkeypatch, command) -> None:
    catalogue.open_catalogue().close()
    real = sqlite3.connect

    def connect(*args, **kwargs):  # the shared-memory file cannot grow, as on a full disk
        conn = real(*args, **kwargs)
        return _Refusing(conn, _error("disk I/O error", SHMSIZE))

    monkeypatch.setattr(sqlite3, "connect", connect)
    _disk(monkeypatch, FULL_STATVFS)
    result = run(*command)
    assert result.exit_code == 1
    assert f"{paths.db_path()}: the disk is full" in result.output
    assert MOVE_AWAY not in result.output and len(result.output.splitlines()) == 1


class _Refusing:
    """A connection whose every statement fails as SQLite's does on a full disk."""

    def __init__(self, conn: sqlite3.Connection, error: sqlite3.Error):
        self._conn, self._error = conn, error

    def execute(self, *args, **kwargs):
        raise self._error

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_import_names_the_lock_when_the_disk_is_full(run, monkeypatch, tmp_path) -> None:
    source = tmp_path / "new.csv"
    source.write_text("season,title,artist\n1,New Song,KYUHYUN\n", encoding="utf-8")
    catalogue.open_catalogue().close()

    def pwrite(fd, data, offset):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", pwrite)
    result = run("import", str(source))
    assert result.exit_code == 1
    assert f"{paths.home() / 'ost.lock'}: the disk is full (No space left on device)" in (
        result.output
    )


def test_import_from_standard_input_names_where_its_copy_went(run, monkeypatch) -> None:
    from ost import reading

    monkeypatch.setattr(reading, "copy_bounded", _no_space)
    result = run("import", "-", input="season,title,artist\n1,New Song,KYUHYUN\n")
    assert result.exit_code == 1
    assert "/stdin: the disk is full (No space left on device)" in result.output


def test_page_names_the_file_it_could_not_write(run, monkeypatch, tmp_path) -> None:
    catalogue.open_catalogue().close()

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "site"
    result = run("page", "-o", str(out))
    assert result.exit_code == 1
    assert f"{out / 'assets' / 'ost-page.css'}: the disk is full" in result.output
    assert "ost/page/assets" not in result.output  # ost's own copy is not the one that failed


def test_export_says_the_disk_is_full(run, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(os, "fsync", _no_space)
    out = tmp_path / "x.m3u8"
    result = run("export", "--season", "1", "-o", str(out))
    assert result.exit_code == 1 and f"{out}: the disk is full" in result.output
    assert not out.exists()


class _FullFile:
    """An open file whose writes meet a full disk (it closes the real one)."""

    def __init__(self, f):
        self.f = f

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, text):
        _no_space()


def test_a_login_that_cannot_be_saved_names_the_token_file(monkeypatch, tmp_path) -> None:
    from ost import secretfile
    from ost.spotify import auth

    real = secretfile.os.fdopen
    monkeypatch.setattr(secretfile.os, "fdopen", lambda *a, **k: _FullFile(real(*a, **k)))
    token = auth.TokenFile(tmp_path / "spotify-token.json")
    with pytest.raises(OSError) as caught:
        token.save({"access_token": "a"})
    assert caught.value.filename == str(token.path) and diskfull.is_full(caught.value)
    assert os.listdir(tmp_path) == []


def _no_space(*args):
    raise OSError(errno.ENOSPC, "No space left on device")


# --- on a real full filesystem -------------------------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # ENOSPC: full, as wanted
            while os.write(fd, b"\0" * 4096):
                pass
    finally:
        os.close(fd)


def _ost(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """ost in its own process, as a user runs it (each run opens and closes the database)."""
    return ost_process(*args, env={"OST_HOME": str(home)})


def test_on_a_really_full_filesystem(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        assert _ost(home, "tracks").returncode == 0
        _fill(disk)
        for command in (
            ("tracks",),
            ("status",),
            ("show", "s1-01"),
            ("export", "json", "--season", "1"),
        ):
            result = _ost(home, *command)
            assert result.returncode == 1, command
            assert f"{home / 'ost.db'}: the disk is full" in result.stderr, command
            assert MOVE_AWAY not in result.stderr and "Traceback" not in result.stderr
        source = tmp_path / "new.csv"
        source.write_text("season,title,artist\n1,New Song,KYUHYUN\n", encoding="utf-8")
        imported = _ost(home, "import", str(source))
        assert imported.returncode == 1 and f"{home}/ost." in imported.stderr
        assert "the disk is full" in imported.stderr
        (disk / "filler").unlink()  # room again: the database was intact all along
        after = _ost(home, "tracks")
        assert after.returncode == 0 and "New Song" not in after.stdout
        _fill(disk)
        page = _ost(tmp_path / "home", "page", "-o", str(disk / "page"))
        assert page.returncode == 1 and f"{disk / 'page'}" in page.stderr
        assert "the disk is full" in page.stderr and "Traceback" not in page.stderr
