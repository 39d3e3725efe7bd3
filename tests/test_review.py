"""`ost review` in one sitting: the interactive loop on a pseudo-terminal, the list elsewhere,
near misses, the doubtful first, and `ost accept TRACK N` (against the fake Spotify)."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from fakespotify import DEMIAN_DA_CAPO, FakeSpotify, add_demian_da_capo
from helpers.terminal import read_some, spawn_on_terminal, typed_session


@pytest.fixture
def waiting(run, fake: FakeSpotify, tmp_path: Path) -> None:
    """Two tracks waiting: Da Capo proposed for review (score 0.88), and a user track "My Love"
    by 김종국 dated in season 2, whose only candidates are his 2022 release (refused as older:
    a near miss, the more doubtful)."""
    add_demian_da_capo(fake)
    (tmp_path / "t.csv").write_text(
        "season,title,artist,release_date\n2,My Love,김종국,2023-12-20\n", encoding="utf-8"
    )
    assert run("import", str(tmp_path / "t.csv")).exit_code == 0
    assert run("match").exit_code == 0


def _status(run, track: str) -> dict:
    return json.loads(run("show", track, "--json").stdout)["match"]


def test_the_list_puts_the_doubtful_first_and_marks_near_misses(run, waiting) -> None:
    rows = json.loads(run("review", "--json").stdout)
    assert [(r["id"], r["near_miss"]) for r in rows] == [("s2-user1", True), ("s2-01", False)]
    assert rows[0]["confidence"] < rows[1]["confidence"]
    assert {"id", "title", "uri", "score", "reason", "evidence", "candidates"} <= set(rows[1])
    assert rows[0]["evidence"] == [] and rows[1]["evidence"]  # a near miss proposes nothing
    assert (rows[0]["title"], rows[0]["status"]) == ("My Love", "none")
    listing = run("review")  # not a terminal: the list, no questions
    assert listing.exit_code == 0
    out = listing.stdout
    assert out.index("s2-user1  My Love  [none, near miss") < out.index("s2-01  Da Capo  [review")
    assert "  1. Da Capo — 데미안 (proposed)" in out
    assert "     https://open.spotify.com/track/demiandacapo0000000001" in out
    assert "Da Capo · 2023-12-13 · 3:34 · score 0.88" in out
    assert "2 tracks waiting (1 near miss among them)" in out
    assert run("review", "--list").stdout == out


def test_accept_takes_a_candidate_number(run, waiting) -> None:
    rows = {r["id"]: r for r in json.loads(run("review", "--json").stdout)}
    second = rows["s2-user1"]["candidates"][1]["uri"]
    result = run("accept", "s2-user1", "2")
    assert result.exit_code == 0, result.output
    assert _status(run, "s2-user1")["uri"] == second
    assert _status(run, "s2-user1")["status"] == "accepted"
    too_far = run("accept", "s2-01", "9")
    assert (
        too_far.exit_code == 1
        and "s2-01 has 2 candidates: give a number from 1 to 2" in too_far.output
    )
    assert _status(run, "s2-01")["status"] == "review"
    assert run("accept", "s1-01", "1").exit_code == 1  # nothing waits for s1-01


def _session(answers: list[str], env: dict[str, str]) -> str:
    """`ost review` on a pseudo-terminal, the answers typed one line each."""
    return typed_session(["review"], answers, env)


def test_review_in_one_sitting_on_a_terminal(run, waiting, ost_home, tmp_path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(opened)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8"
    )
    rows = {r["id"]: r for r in json.loads(run("review", "--json").stdout)}
    near = [c["uri"] for c in rows["s2-user1"]["candidates"]]
    env = {"OST_HOME": str(ost_home), "BROWSER": f"{sys.executable} {browser} %s"}
    shown = _session(["o2", "r", "x", "1", "q"], env)
    assert "[1/2] s2-user1  My Love  [none, near miss" in shown
    assert "nothing is proposed to reject" in shown  # a near miss has no proposal
    assert "number: accept that one" in shown  # "x" is no key: the keys are listed
    assert f"accepted {near[0]} for s2-user1" in shown
    assert "[2/2] s2-01  Da Capo" in shown
    assert "1 accepted, 0 rejected, 0 skipped, 1 not reached." in shown
    assert opened.read_text().split() == [
        "https://open.spotify.com/track/" + near[1].rsplit(":", 1)[1]
    ]
    assert (_status(run, "s2-user1")["status"], _status(run, "s2-user1")["uri"]) == (
        "accepted",
        near[0],
    )
    assert _status(run, "s2-01")["status"] == "review"  # quit before deciding it: kept waiting
    again = _session(["r"], env)  # the decided one is gone; the next is rejected
    assert "[1/1] s2-01  Da Capo" in again and f"rejected {DEMIAN_DA_CAPO}" in again
    assert _status(run, "s2-01")["status"] == "rejected"
    assert _session([], env).strip().endswith("Nothing to review.")


def test_end_of_input_quits_keeping_decisions(run, waiting, ost_home) -> None:
    shown = _session(["s", "\x04"], {"OST_HOME": str(ost_home)})
    assert "0 accepted, 0 rejected, 1 skipped, 1 not reached." in shown
    assert _status(run, "s2-01")["status"] == "review"


class HeldLock:
    """ost's writer lock, held by "another ost" (this test) as `ost playlist sync` would."""

    def __init__(self, ost_home: Path):
        self.fd: int | None = None
        self.path = ost_home / "ost.lock"

    def take(self) -> None:
        import fcntl

        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if the review holds it
        note = {"pid": 4242, "command": "ost playlist sync", "since": "2026-01-01T00:00:00+00:00"}
        os.pwrite(self.fd, json.dumps(note).encode(), 0)

    def release(self) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            os.close(self.fd)
            self.fd = None


def _conversation(script: list[tuple[str, object]], env: dict[str, str]) -> str:
    """`ost review` on a pseudo-terminal, driven by what it shows: each step waits for its text
    (after the previous step's) and then types a line (a str) or does something (a callable)."""
    controller, proc = spawn_on_terminal(["review"], env)
    seen, at = "", 0
    deadline = time.monotonic() + 60  # a guard against a hang, not a timed assertion
    while time.monotonic() < deadline:
        while script and script[0][0] in seen[at:]:
            text, action = script.pop(0)
            at = seen.index(text, at) + len(text)
            if callable(action):
                action()
            else:
                os.write(controller, (str(action) + "\n").encode())
        chunk = read_some(controller, proc)
        if chunk == b"":
            break
        seen += re.sub(r"\x1b\[[0-9;]*m", "", (chunk or b"").decode("utf-8", "replace"))
    os.close(controller)
    assert proc.wait(timeout=10) == 0, seen
    assert script == [], f"never shown: {script[0][0]!r}\n{seen}"
    return seen.replace("\r\n", "\n")


def test_a_decision_waits_for_another_writer_and_then_saves(run, waiting, ost_home) -> None:
    held = HeldLock(ost_home)
    try:
        shown = _conversation(
            [
                ("decision [s]: ", "1"),  # the near miss: accepted, the lock free
                ("accepted", lambda: None),
                # At the next prompt the review holds no lock: another writer can take it.
                ("decision [s]: ", held.take),
                ("", "r"),  # and then reject Da Capo, while the lock is held
                ("to finish writing…", held.release),
                ("rejected", lambda: None),
            ],
            {"OST_HOME": str(ost_home), "OST_LOCK_WAIT": "60"},
        )
    finally:
        held.release()
    assert "waiting (up to 60 s) for `ost playlist sync` (pid 4242, since 2026-01-01" in shown
    assert "1 accepted, 1 rejected, 0 skipped." in shown
    assert _status(run, "s2-01")["status"] == "rejected"
    assert _status(run, "s2-user1")["status"] == "accepted"


def test_a_decision_gives_up_after_the_wait_and_says_it_was_not_saved(
    run, waiting, ost_home
) -> None:
    held = HeldLock(ost_home)
    held.take()
    try:
        shown = _conversation(
            [("decision [s]: ", "1"), ("decide again, s to skip or q to quit", "q")],
            {"OST_HOME": str(ost_home), "OST_LOCK_WAIT": "0.2"},
        )
    finally:
        held.release()
    assert "waiting (up to 0.2 s) for `ost playlist sync` (pid 4242" in shown
    assert "not saved: another ost is writing: `ost playlist sync` (pid 4242" in shown
    assert "0 accepted, 0 rejected, 0 skipped, 2 not reached." in shown
    assert _status(run, "s2-user1")["status"] == "none"  # still a near miss, waiting


# --- one definition of what waits (status and review agree), rejected recordings never numbered ---


def _waiting_in_status(run) -> tuple[int, list[str]]:
    s = json.loads(run("status", "--json").stdout)
    return s["near_misses"], [n for n in s["next"] if n.startswith("`ost review`")]


def test_status_counts_what_review_lists(run, fake: FakeSpotify) -> None:
    # seeded only: Da Capo (s2-01) ends `none` with only far candidates
    assert run("match").exit_code == 0
    listed = json.loads(run("review", "--json").stdout)
    near, step = _waiting_in_status(run)
    assert near == sum(r["near_miss"] for r in listed)
    if listed:
        assert step == [f"`ost review`: {len(listed)} waiting for your decision"]
    else:
        assert step == [] and run("review", "--list").stdout.strip() == "Nothing to review."
        assert "near misses" not in run("status").stdout


def test_a_rejected_recording_is_not_offered_again_on_another_release(
    run, fake: FakeSpotify
) -> None:
    assert run("match").exit_code == 0
    rejected = _status(run, "s1-04")["uri"]
    isrc = _status(run, "s1-04")["isrc"]
    assert run("reject", "s1-04").exit_code == 0
    assert run("match").exit_code == 0
    rows = {r["id"]: r for r in json.loads(run("review", "--json").stdout)}
    offered = rows["s1-04"]["candidates"]
    assert offered, "the older release stays a near miss"
    assert all(c["uri"] != rejected and c.get("isrc") != isrc for c in offered)
    assert "Rejected before" not in run("review", "--list").stdout
    assert run("accept", "s1-04", "1").exit_code == 0
    assert _status(run, "s1-04")["uri"] == offered[0]["uri"] != rejected
    assert _status(run, "s1-04")["isrc"] != isrc


@pytest.mark.parametrize(
    "given, said",
    [
        ({}, "     score 0.40 review"),
        ({"album": "Da Capo"}, "     Da Capo · score 0.40 review"),
        ({"release_date": "2024-03-02", "duration_ms": 201_000}, "     2024-03-02 · 3:21 · score"),
    ],
    ids=["nothing-known", "album-only", "no-album"],
)
def test_a_candidates_missing_details_are_left_out(given, said) -> None:
    from ost.cli.review import describe

    candidate = {"uri": "fakeWl10001", "name_ko": "빨래", "artists_ko": ["별"], "score": 0.4,
                 "status": "review", "reason": "title fits", **given}  # fmt: skip
    row = {"id": "s1-01", "title": "빨래", "title_en": None, "near_miss": False, "score": 0.4,
           "uri": "fakeWl10001", "candidates": [candidate]}  # fmt: skip
    details = describe(row)[2]
    assert details.startswith(said) and "?" not in details, details
