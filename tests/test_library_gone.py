"""Files that are gone, for a while or for good: a scan never costs a user their decisions.

The case from issue 16: scan a folder, pin a file, accept another; move the folder away (leaving
an empty one, or nothing, in its place); rescan; bring the folder back; rescan. The pin and the
acceptance must be there at the end, and the folder reported while it was away.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.audio import BY_NAME, UNKNOWN, make_audio, small_library

from ost.db import open_db
from ost.library.files import FileState

ACCEPTED = BY_NAME  # no tags: a review match by its name, then accepted
PINNED = UNKNOWN  # fits no track: pinned by hand


@pytest.fixture
def music(tmp_path: Path) -> Path:
    return small_library(tmp_path / "Music").resolve()


@pytest.fixture
def decided(run, music: Path) -> dict[str, str]:
    assert run("library", "scan", str(music)).exit_code == 0
    assert run("library", "accept", str(music / ACCEPTED)).exit_code == 0
    assert run("pin", "s1-04", str(music / PINNED)).exit_code == 0
    return {str(music / ACCEPTED): FileState.ACCEPTED, str(music / PINNED): FileState.PINNED}


def _states() -> dict[str, str]:
    return {r["path"]: r["state"] for r in open_db()["library_files"].rows}


def _scan(run, *args: str) -> dict:
    result = run("library", "scan", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _exported(run, tmp_path: Path) -> str:
    out = tmp_path / "s1.m3u8"
    assert run("export", "--season", "1", "-o", str(out)).exit_code == 0
    return out.read_text(encoding="utf-8")


def test_the_issue_case_in_plain_words(run, music: Path, decided, tmp_path: Path) -> None:
    shutil.move(music, tmp_path / "away")
    music.mkdir()  # an empty folder in its place
    assert run("library", "scan").exit_code == 0
    music.rmdir()
    shutil.move(tmp_path / "away", music)
    assert run("library", "scan").exit_code == 0
    assert decided.items() <= _states().items()


@pytest.mark.parametrize(
    ("how", "in_its_place"),
    [("remembered", "nothing"), ("remembered", "an empty folder"), ("named", "an empty folder")],
    ids=["rescan-nothing-there", "rescan-empty-folder", "scan-named-empty-folder"],
)  # a folder named on the command line that is missing is an error (below)
def test_a_folder_briefly_gone_keeps_every_decision(
    run, music: Path, decided, tmp_path: Path, in_its_place: str, how: str
) -> None:
    shutil.move(music, tmp_path / "away")
    if in_its_place == "an empty folder":
        music.mkdir()
    report = _scan(run, *([str(music)] if how == "named" else []))
    why = "missing" if in_its_place == "nothing" else "no audio file found now"
    assert report["absent_folders"] == [{"path": str(music), "why": why, "kept": 3}]
    assert report["removed"] == 0
    assert {(d["id"], d["state"]) for d in report["kept_decisions"]} == {
        ("s1-03", "accepted"),
        ("s1-04", "pinned"),
    }
    assert decided.items() <= _states().items()
    assert PINNED not in _exported(run, tmp_path)  # a gone file is not exported meanwhile
    shown = json.loads(run("show", "s1-04", "--json").stdout)["file"]
    assert shown["state"] == "pinned" and "the file is gone" in shown["why"]

    if music.exists():
        music.rmdir()
    shutil.move(tmp_path / "away", music)
    back = _scan(run)
    assert back["kept_decisions"] == [] and back["absent_folders"] == []
    assert back["reused"] == 3  # what was known of the files is used, not read again
    assert decided.items() <= _states().items()
    exported = _exported(run, tmp_path)
    assert PINNED in exported and ACCEPTED in exported


def test_the_scan_says_a_folder_is_absent_and_decisions_are_kept(run, music, decided, tmp_path):
    shutil.move(music, tmp_path / "away")
    result = run("library", "scan")
    assert result.exit_code == 0, result.output
    assert f"absent     {music}  (missing: its 3 files kept for when it returns" in result.stdout
    assert f"kept       s1-04     {music / PINNED}  (pinned by you; the file is gone" in (
        result.stdout
    )
    assert "0 gone, 1 folder absent, 2 decisions kept on files that are gone." in result.stderr


def test_a_missing_folder_named_on_the_command_line_is_an_error(run, music, decided, tmp_path):
    shutil.move(music, tmp_path / "away")
    result = run("library", "scan", str(music))
    assert result.exit_code == 1 and f"{music}: no such folder" in result.output
    assert decided.items() <= _states().items()


def test_a_remembered_folder_that_is_missing_does_not_stop_the_others(run, music, tmp_path):
    other = make_audio(tmp_path / "usb" / "My Love.wav", title="My Love", artist="김종국")
    assert run("library", "scan", str(music)).exit_code == 0
    assert run("library", "scan", str(other.parent)).exit_code == 0
    shutil.move(music, tmp_path / "away")
    new = make_audio(tmp_path / "usb" / "KYUHYUN - 사랑은 말로 표현하는게 아니래요.mp3")
    report = _scan(run)
    assert report["roots"] == [str(other.parent.resolve())]
    assert [f["path"] for f in report["absent_folders"]] == [str(music)]
    assert (report["scanned"], report["reused"]) == (2, 1)
    assert str(new.resolve()) in {r["path"] for r in report["review"]}


def test_a_single_decided_file_gone_is_kept_and_restored(run, music, decided, tmp_path) -> None:
    shutil.move(music / PINNED, tmp_path / "pinned.mp3")
    (music / "01 사랑은 말로.flac").unlink()  # an ordinary file that is gone is forgotten
    report = _scan(run)
    assert report["absent_folders"] == [] and report["removed"] == 1
    assert [(d["id"], d["path"]) for d in report["kept_decisions"]] == [
        ("s1-04", str(music / PINNED))
    ]
    shutil.move(tmp_path / "pinned.mp3", music / PINNED)
    assert _scan(run)["kept_decisions"] == []
    assert _states()[str(music / PINNED)] == FileState.PINNED


def test_a_renamed_folder_brings_its_decisions(run, music, decided, tmp_path) -> None:
    renamed = tmp_path / "Musik"
    shutil.move(music, renamed)
    report = _scan(run, str(renamed))
    assert report["kept_decisions"] == []
    states = _states()
    assert states[str(renamed / PINNED)] == FileState.PINNED
    assert states[str(renamed / ACCEPTED)] == FileState.ACCEPTED
    assert str(music / PINNED) not in states and str(music / ACCEPTED) not in states
    assert str(renamed / PINNED) in _exported(run, tmp_path)


def test_forget_missing_forgets_the_files_but_not_the_decisions(run, music, decided, tmp_path):
    shutil.move(music, tmp_path / "away")
    report = _scan(run, "--forget-missing")
    assert report["absent_folders"] == [] and report["removed"] == 1
    assert len(report["kept_decisions"]) == 2
    assert _states() == decided
    nothing_left = run("library", "scan")
    assert nothing_left.exit_code == 1 and "no folder scanned yet" in nothing_left.output


def test_unpinning_a_gone_file_forgets_it(run, music, decided, tmp_path) -> None:
    shutil.move(music / PINNED, tmp_path / "pinned.mp3")
    _scan(run)
    assert run("unpin", "s1-04").exit_code == 0
    assert str(music / PINNED) not in _states()
    assert _scan(run)["kept_decisions"] == []
