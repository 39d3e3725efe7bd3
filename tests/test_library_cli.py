"""The library through the command line: file states, file names, remembered folders, pinning a
file by hand, accepting a review match, the progress bar; and the m008 migration of old rows."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import sqlite_utils
from helpers.audio import UNKNOWN, make_audio, small_library
from helpers.terminal import run_on_terminal

from ost import catalogue, paths
from ost.db import open_db
from ost.db.schema import migrations
from ost.library.files import FileState
from ost.library.matcher import name_parts


@pytest.fixture
def music(tmp_path: Path) -> Path:
    return small_library(tmp_path / "Music")  # two files without tags: artist and title by name


def test_name_parts() -> None:
    assert name_parts("01 다비치 - 이 순간") == ("이 순간", ("다비치",))
    assert name_parts("03. My Love") == ("My Love", ())
    assert name_parts("KYUHYUN – 사랑은 말로") == ("사랑은 말로", ("KYUHYUN",))
    assert name_parts("2002") == ("2002", ())


def test_scan_reports_review_apart_and_counts_unmatched(run, music: Path) -> None:
    result = run("library", "scan", str(music))
    assert result.exit_code == 0, result.output
    assert "matched    s1-01" in result.stdout
    assert "Unknown Song" not in result.stdout and "1 unmatched" in result.stderr
    report = json.loads(run("library", "scan", str(music), "--json").stdout)
    assert [m["id"] for m in report["matched"]] == ["s1-01"]
    assert report["roots"] == [str(music.resolve())]


def test_a_file_named_artist_title_is_a_review_until_accepted(run, music: Path, tmp_path) -> None:
    run("library", "scan", str(music))
    report = json.loads(run("library", "scan", str(music), "--json").stdout)
    (review,) = report["review"]
    assert review["id"] == "s1-03" and review["path"].endswith("아파요.mp3")
    assert "s1-03" not in report["preferred"]
    out = tmp_path / "s1.m3u8"
    run("export", "m3u", "--season", "1", "-o", str(out))
    assert "아파요.mp3" not in out.read_text(encoding="utf-8")  # not exported while in review
    accepted = run("library", "accept", review["path"])
    assert accepted.exit_code == 0 and "Accepted" in accepted.output
    run("export", "m3u", "--season", "1", "-o", str(out))
    assert "아파요.mp3" in out.read_text(encoding="utf-8")
    again = run("library", "accept", review["path"])
    assert again.exit_code == 1
    assert f"{review['path']}: nothing to accept: you accepted it to s1-03 already" in again.output


def test_accepting_a_file_no_track_fits_says_there_is_nothing_to_accept(run, music: Path) -> None:
    run("library", "scan", str(music))
    unmatched = str(music / UNKNOWN)
    result = run("library", "accept", unmatched)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {unmatched}: the scan matched it to no track, so there is nothing to accept; "
        "to say which track it is, `ost pin TRACK FILE`\n"
    )
    auto = run("library", "accept", str(music / "01 사랑은 말로.flac"))
    assert "nothing to accept: the scan matched it to s1-01 already" in auto.output


def test_scan_without_folders_rescans_the_remembered_ones(run, music: Path) -> None:
    first = run("library", "scan")
    assert first.exit_code == 1 and "no folder scanned yet" in first.output
    run("library", "scan", str(music))
    make_audio(music / "new" / "KYUHYUN - 사랑은 말로 표현하는게 아니래요.mp3")
    report = json.loads(run("library", "scan", "--json").stdout)
    assert report["roots"] == [str(music.resolve())] and report["reused"] == 3
    assert report["scanned"] == 4


def test_pin_takes_a_file_and_keeps_it_over_rescans(run, music: Path) -> None:
    run("library", "scan", str(music))
    file = music / "Someone - Unknown Song.mp3"
    result = run("pin", "s1-04", str(file))
    assert result.exit_code == 0 and f"Pinned {file.resolve()} for s1-04" in result.output
    report = json.loads(run("library", "scan", "--force", "--json").stdout)
    assert report["preferred"]["s1-04"]["path"] == str(file.resolve())
    row = open_db()["library_files"].get(str(file.resolve()))
    assert (row["state"], row["track_id"]) == (FileState.PINNED, "s1-04")
    missing = run("pin", "s1-04", str(music / "nope.mp3"))
    assert missing.exit_code == 1 and "nope.mp3" in missing.output
    assert "Traceback" not in missing.output
    not_uri = run("pin", "s1-04", "spotify:album:x")
    assert not_uri.exit_code != 0 and "a Spotify album link, not a song's" in not_uri.output


def test_unpin_undoes_a_file_pin_and_says_which(run, music: Path) -> None:
    run("library", "scan", str(music))
    file = str((music / "Someone - Unknown Song.mp3").resolve())
    run("pin", "s1-04", file)
    undone = run("unpin", "My Love")  # the resolver names s1-04
    assert undone.exit_code == 0, undone.output
    assert undone.output == (
        f"Unpinned the file {file} for s1-04 (My Love); `ost library scan` matches it again.\n"
    )
    row = open_db()["library_files"].get(file)
    assert (row["state"], row["track_id"]) == (FileState.NONE, None)
    report = json.loads(run("library", "scan", "--json").stdout)
    assert "s1-04" not in report["preferred"]
    assert report["reused"] == report["scanned"] - 1  # the unpinned file was matched afresh
    again = run("unpin", "s1-04")
    assert again.exit_code == 1 and "s1-04 is not pinned" in again.output


def test_unpin_undoes_a_recording_and_a_file_pin_together(run, music: Path) -> None:
    run("library", "scan", str(music))
    file = str((music / "Someone - Unknown Song.mp3").resolve())
    run("pin", "s1-04", file)
    assert run("pin", "s1-04", "spotify:track:s1kimjongkook000000001").exit_code == 0
    undone = run("unpin", "s1-04")
    assert undone.exit_code == 0, undone.output
    assert undone.output.splitlines() == [
        "Unpinned spotify:track:s1kimjongkook000000001 for s1-04 (My Love); `ost match` searches for it again.",
        f"Unpinned the file {file} for s1-04 (My Love); `ost library scan` matches it again.",
    ]
    shown = json.loads(run("show", "s1-04", "--json").stdout)
    assert (shown["match_status"], shown["spotify_uri"]) == (None, None)


def test_m008_gives_old_rows_a_state_and_indexes_old_tracks() -> None:
    db = sqlite_utils.Database(paths.db_path())
    migrations.apply(db, stop_before="m008_lookups_and_file_states")
    common = {"mtime": 1.0, "size": 1, "root": "/m", "lossless": 0, "tag_score": 1}
    db["library_files"].insert_all(
        [
            {**common, "path": "/m/a.mp3", "track_id": "t", "reason": "auto: title and artist"},
            {**common, "path": "/m/b.mp3", "track_id": "t", "reason": "review: close"},
            {**common, "path": "/m/c.mp3", "track_id": None, "reason": "none: nothing like it"},
        ]
    )
    db["tracks"].insert(
        {
            "id": "s1-user1",
            "season": 1,
            "title": "나의 노래",
            "status": "confirmed",
            "origin": "user",
            "episodes": "[2]",
        }
    )
    db.close()
    db = catalogue.open_catalogue()  # the migration marks the lookups; opening rebuilds them
    rows = {r["path"]: (r["state"], r["reason"]) for r in db["library_files"].rows}
    assert rows == {
        "/m/a.mp3": ("auto", "title and artist"),
        "/m/b.mp3": ("review", "close"),
        "/m/c.mp3": ("none", "nothing like it"),
    }
    assert db.execute("select track_id from title_keys where key = '나의노래'").fetchall() == [
        ("s1-user1",)
    ]
    assert db.execute("select track_id from track_episodes where episode = 2").fetchall() == [
        ("s1-user1",)
    ]


def test_progress_bar_on_a_terminal(music: Path, ost_home: Path) -> None:
    env = {"OST_HOME": str(ost_home), "COLUMNS": "100"}
    proc, seen = run_on_terminal(["library", "scan", str(music)], env, streams=("stderr",))
    assert proc.returncode == 0
    assert "Scanning" in seen and "100%" in seen
    assert b"Scanning" not in proc.stdout


def test_show_tells_the_tracks_local_file_and_its_state(run, music: Path) -> None:
    run("library", "scan", str(music))
    file = music / "Someone - Unknown Song.mp3"
    assert "local file" not in run("show", "s1-04").stdout
    assert run("pin", "s1-04", str(file)).exit_code == 0
    shown = json.loads(run("show", "s1-04", "--json").stdout)["file"]
    assert (shown["path"], shown["state"]) == (str(file.resolve()), FileState.PINNED)
    text = run("show", "s1-04").stdout
    assert f"local file    {file.resolve()} [pinned]" in text
    guess = json.loads(run("show", "s1-03", "--json").stdout)["file"]  # a review guess, said so
    assert guess["state"] == FileState.REVIEW and "accept" in guess["why"]


def test_the_scan_summary_adds_up_and_says_why_in_words(
    run, music: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    (music / "quiet.mp3").write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x10garbage")  # no message
    (music / "short.flac").write_bytes(b"fLaC\x00\x00garbage")  # mutagen's class `error`
    if sys.platform != "darwin":  # macOS refuses non-UTF-8 names
        os.rename(bytes(make_audio(music / "x.mp3")), os.fsencode(music) + b"/bad\xffname.mp3")
    (music / "locked").mkdir()
    make_audio(music / "locked" / "inside.mp3")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # a folder ost may not list (even when run as root)
        for folder, subdirs, files in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder).name == "locked":
                onerror(PermissionError(13, "Permission denied", folder))
                continue
            yield folder, subdirs, files

    monkeypatch.setattr(os, "walk", walk)
    result = run("library", "scan", str(music))
    assert result.exit_code == 0, result.output
    reasons = re.findall(r"^skipped .*\((.*)\)$", result.stdout, re.M)
    assert reasons and not any(re.search(r"\berror:|: *$", why) for why in reasons), reasons
    assert "unreadable: the file is damaged or is not what its name says" in reasons
    [summary] = [line for line in result.stderr.splitlines() if " audio files in " in line]
    found = re.search(r"(\d+) audio files", summary)
    counts = dict(
        (kind, int(n))
        for n, kind in re.findall(r"(\d+) (matched|to review|unmatched|skipped)", summary)
    )
    assert found and int(found.group(1)) == sum(counts.values()), summary
    assert summary.endswith("; 1 folder could not be read."), summary
    report = json.loads(run("library", "scan", str(music), "--json").stdout)
    files = len(report["matched"]) + len(report["review"]) + len(report["unmatched"])
    assert report["scanned"] == files + len(report["skipped"]) - report["unreadable_folders"]
