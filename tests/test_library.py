"""The music-folder scanner, on small real audio files generated in code (``helpers.audio``: no
fixtures, no network)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from helpers.audio import flac_bytes, m4a_bytes, make_audio, mpv, needs_mpv, set_tags
from hypothesis import given, settings
from hypothesis import strategies as st
from mutagen.flac import VCFLACDict
from mutagen.id3 import ID3, TIT2, TPE1, TRCK
from mutagen.mp4 import MP4Tags

from ost import writers
from ost.db import open_db
from ost.errors import InputError
from ost.library import scan as scanner
from ost.library.files import FileState, best_file_for_track, files_for_tracks
from ost.library.matcher import FileMatcher, candidate, title_keys
from ost.library.scan import scan
from ost.library.tags import MAX_TAG_CHARS, TAG_POINTS, FileTags, probe, read_tags, tag_fields
from ost.match import score as scorer
from ost.match.normalize import renderings
from ost.match.types import Wanted
from ost.text import fold, visible

# --- the catalogue as the matcher sees it ------------------------------------------------------

SEASON_1 = (date(2021, 9, 23), date(2023, 4, 13))
HINTS = ("사운드트랙 #1", "Soundtrack #1")


def _wanted(track_id: str, titles: tuple[str, ...], aliases: tuple[str, ...], day: date) -> Wanted:
    return Wanted(track_id, titles, (aliases,), day, SEASON_1, album_hints=HINTS)


WANTED = [
    _wanted(
        "s1-01",
        ("사랑은 말로 표현하는게 아니래요", "Love Beyond Words"),
        ("규현", "KYUHYUN", "Kyuhyun"),
        date(2021, 12, 30),
    ),
    _wanted(
        "s1-02",
        ("행복해지고 싶어", "Want to Be Happy"),
        ("박보람", "Park Bo Ram", "Park Bo-ram"),
        date(2022, 1, 6),
    ),
    _wanted("s1-04", ("My Love",), ("김종국", "Kim Jong Kook", "Kim Jong-kook"), date(2022, 1, 27)),
]

KYUHYUN = {
    "title": "사랑은 말로 표현하는게 아니래요",
    "artist": "KYUHYUN",
    "album": "사운드트랙 #1 OST Part 1",
    "date": "2021-12-30",
}


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "ost.db")


@pytest.fixture
def music(tmp_path):
    folder = tmp_path / "음악"
    folder.mkdir()
    return folder


@pytest.fixture
def reads(monkeypatch):
    """Every path whose tags the scanner reads."""
    seen: list[str] = []
    real = scanner.probe

    def counting(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(scanner, "probe", counting)
    return seen


# --- reading tags ------------------------------------------------------------------------------

FULL_TAGS = {**KYUHYUN, "artist": ["KYUHYUN", "규현"], "tracknumber": "1"}


@pytest.mark.parametrize(
    ("suffix", "fmt", "lossless"),
    [
        (".mp3", "mp3", False),
        (".flac", "flac", True),
        (".wav", "wav", True),
        (".opus", "opus", False),
        (".ogg", "ogg", False),
        (".m4a", "m4a", True),
    ],
)
def test_read_tags_every_format_with_hangul(tmp_path, suffix, fmt, lossless):
    path = make_audio(tmp_path / f"규현{suffix}", **FULL_TAGS)
    tags = read_tags(path)
    assert tags is not None
    assert (tags.path, tags.format, tags.lossless) == (str(path), fmt, lossless)
    assert tags.title == "사랑은 말로 표현하는게 아니래요"
    assert tags.album == "사운드트랙 #1 OST Part 1"
    assert tags.date == "2021-12-30"
    assert tags.artists == ("KYUHYUN", "규현")
    assert tags.tag_score == sum(TAG_POINTS.values())
    assert tags.duration_ms is not None and abs(tags.duration_ms - 1000) <= 50
    assert tags.bitrate is not None and tags.bitrate > 0


def test_read_tags_aac_m4a_is_lossy(tmp_path):
    path = tmp_path / "aac.m4a"
    path.write_bytes(m4a_bytes(b"mp4a"))
    tags = read_tags(path)
    assert tags is not None and (tags.format, tags.lossless) == ("m4a", False)
    assert tags.bitrate is None  # unknown, not 0


def test_read_tags_untagged_file(tmp_path):
    tags = read_tags(make_audio(tmp_path / "bare.flac"))
    assert tags == FileTags(
        str(tmp_path / "bare.flac"), None, (), None, 1022, "flac", True, tags.bitrate, 0
    )


def test_tag_fields_id3_mp4_vorbis_objects():
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=["행복해지고\n싶어 "]))
    id3.add(TPE1(encoding=3, text=["박보람", " "]))
    id3.add(TRCK(encoding=3, text=["2/7"]))
    mp4 = MP4Tags()
    mp4["©nam"], mp4["©ART"], mp4["trkn"] = ["My Love"], ["김종국"], [(4, 12)]
    vorbis = VCFLACDict()
    vorbis["TITLE"], vorbis["Artist"], vorbis["album"] = ["Da Capo"], ["K", "손정혁"], ["OST"]
    assert tag_fields(id3) == {
        "title": ["행복해지고 싶어"],
        "artist": ["박보람"],
        "album": [],
        "date": [],
        "tracknumber": ["2/7"],
    }
    assert tag_fields(mp4)["tracknumber"] == ["4"]
    assert tag_fields(mp4)["artist"] == ["김종국"]
    assert tag_fields(vorbis)["artist"] == ["K", "손정혁"]
    assert tag_fields(vorbis)["title"] == ["Da Capo"]
    assert tag_fields(None) == {key: [] for key in TAG_POINTS}


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("notes.mp3", b"not audio at all, just a note\n" * 20, "unreadable"),
        ("truncated.flac", flac_bytes()[:30], "unreadable"),
        ("empty.wav", b"", "unreadable"),
        ("noise.m4a", bytes(range(256)) * 4, "not an audio file"),
        ("text.ogg", b"hello", "not an audio file"),
    ],
)
def test_broken_or_non_audio_files_give_none_not_exceptions(tmp_path, name, content, why):
    path = tmp_path / name
    path.write_bytes(content)
    assert read_tags(path) is None
    result = probe(path)
    assert isinstance(result, str) and result.startswith(why)


# --- scanning ----------------------------------------------------------------------------------


def _library(music: Path) -> dict[str, Path]:
    files = {
        "kyuhyun": make_audio(music / "규현" / "01 사랑은 말로.flac", **KYUHYUN),
        "my_love": make_audio(
            music / "김종국 - My Love.wav",
            title="My Love",
            artist="김종국",
            album="사운드트랙 #1 OST Part 4",
            date="2022-01-27",
        ),
        "other_my_love": make_audio(
            music / "other" / "My Love.mp3", title="My Love", artist="이승철", date="2013-05-01"
        ),
        "by_name": make_audio(music / "행복해지고 싶어.mp3", artist="박보람", date="2022-01-06"),
    }
    (music / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (music / "broken.flac").write_bytes(flac_bytes()[:30])
    (music / "fake.mp3").write_text("this is text\n" * 100)
    return files


def test_scan_matches_hangul_and_alias_and_refuses_other_artist(db, music):
    files = _library(music)
    report = scan(db, [music], WANTED)
    matched = {track: Path(path).name for track, path, _ in report.matched}
    assert matched == {"s1-01": "01 사랑은 말로.flac", "s1-04": "김종국 - My Love.wav"}
    reasons = {track: reason for track, _, reason in report.matched + report.review}
    assert "KYUHYUN" in reasons["s1-01"]
    assert [(t, Path(p).name) for t, p, _ in report.review] == [("s1-02", "행복해지고 싶어.mp3")]
    assert reasons["s1-02"].startswith("The title is the file name's.")
    states = {Path(r["path"]).name: r["state"] for r in db["library_files"].rows}
    assert states["01 사랑은 말로.flac"] == FileState.AUTO
    assert states["행복해지고 싶어.mp3"] == FileState.REVIEW
    assert "s1-02" not in files_for_tracks(db)  # a review match is not used until accepted
    assert [Path(p).name for p, _ in report.unmatched] == ["My Love.mp3"]
    assert "other artist" in report.unmatched[0][1].lower()
    assert sorted(Path(p).name for p, _ in report.skipped) == ["broken.flac", "fake.mp3"]
    assert (report.scanned, report.reused, report.removed) == (6, 0, 0)
    assert report.preferred["s1-01"] == (
        str(files["kyuhyun"]),
        "the only file matched to this track",
    )
    row = db["library_files"].get(str(files["other_my_love"]))
    assert (row["track_id"], row["root"], row["format"]) == (None, str(music), "mp3")
    assert db["library_files"].count == 4


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_rescan_reads_only_new_or_changed_files(db, music, reads):
    files = _library(music)
    scan(db, [music], WANTED)
    assert len(reads) == 6
    reads.clear()
    report = scan(db, [music], WANTED)
    assert reads == ["broken.flac", "fake.mp3"]  # unreadable files are not remembered
    assert (report.scanned, report.reused) == (6, 4)
    assert len(report.matched) == 2 and len(report.review) == 1  # the stored matches
    assert len(report.unmatched) == 1
    reads.clear()
    set_tags(files["other_my_love"], artist="김종국", album="사운드트랙 #1 OST", date="2022-01-27")
    _touch_later(files["other_my_love"])  # tags may fit the padding: same size, maybe same tick
    make_audio(
        music / "new" / "Want to Be Happy.opus", title="Want to Be Happy", artist="Park Bo-ram"
    )
    report = scan(db, [music], WANTED)
    assert sorted(reads) == ["My Love.mp3", "Want to Be Happy.opus", "broken.flac", "fake.mp3"]
    assert db["library_files"].get(str(files["other_my_love"]))["track_id"] == "s1-04"
    assert report.reused == 3
    reads.clear()
    scan(db, [music], WANTED, force=True)
    assert len(reads) == 7


def test_deleted_file_is_dropped(db, music):
    files = _library(music)
    scan(db, [music], WANTED)
    files["kyuhyun"].unlink()
    report = scan(db, [music], WANTED)
    assert report.removed == 1
    assert "s1-01" not in report.preferred and "s1-01" not in files_for_tracks(db)
    assert str(files["kyuhyun"]) not in {r["path"] for r in db["library_files"].rows}


def test_file_that_became_unreadable_is_dropped_and_reported(db, music):
    files = _library(music)
    scan(db, [music], WANTED)
    files["my_love"].write_bytes(b"RIFF broken")
    report = scan(db, [music], WANTED)
    assert str(files["my_love"]) in {p for p, _ in report.skipped}
    assert report.removed == 1 and "s1-04" not in files_for_tracks(db)


def test_other_folders_rows_are_kept(db, music, tmp_path):
    elsewhere = make_audio(tmp_path / "usb" / "my love.wav", title="My Love", artist="김종국")
    scan(db, [elsewhere.parent], WANTED)
    _library(music)
    report = scan(db, [music], WANTED)
    assert report.removed == 0
    assert db["library_files"].get(str(elsewhere))["track_id"] == "s1-04"


def test_missing_folder_is_an_error_and_forgets_nothing(db, music, tmp_path):
    _library(music)
    scan(db, [music], WANTED)
    before = list(db["library_files"].rows)
    shutil.move(music, tmp_path / "unmounted")
    with pytest.raises(InputError, match="no such folder"):
        scan(db, [music], WANTED)
    assert list(db["library_files"].rows) == before


def test_interrupted_scan_writes_nothing(db, music, monkeypatch):
    files = _library(music)
    scan(db, [music], WANTED)
    before = list(db["library_files"].rows)
    files["kyuhyun"].unlink()
    make_audio(music / "zz" / "new.flac", title="My Love", artist="김종국")
    real = scanner.probe

    def interrupted(path):
        if Path(path).name == "new.flac":
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(scanner, "probe", interrupted)
    with pytest.raises(KeyboardInterrupt):
        scan(db, [music], WANTED)
    assert list(db["library_files"].rows) == before


class _FailingSecondStatement:
    """The database connection, except that the second executemany fails (a full disk)."""

    def __init__(self, conn):
        self._conn, self._calls = conn, 0

    def executemany(self, *args):
        self._calls += 1
        if self._calls == 2:
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.executemany(*args)

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)


def test_failed_save_rolls_back_every_change(db, music):
    files = _library(music)
    scan(db, [music], WANTED)
    before = list(db["library_files"].rows)
    files["kyuhyun"].unlink()  # a delete first, then the failing insert
    make_audio(music / "zz" / "new.flac", title="My Love", artist="김종국")
    db.conn = _FailingSecondStatement(db.conn)
    with pytest.raises(sqlite3.OperationalError):
        scan(db, [music], WANTED)
    assert list(db["library_files"].rows) == before


def test_named_pipe_is_skipped_not_read(db, music):
    os.mkfifo(music / "stream.mp3")
    report = scan(db, [music], WANTED)
    assert report.skipped == [(str(music / "stream.mp3"), "not a regular file")]


def test_progress_reports_every_audio_file(db, music):
    _library(music)
    calls: list[tuple[int, int]] = []
    scan(db, [music], WANTED, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 6) for n in range(1, 7)]


def test_two_files_for_one_track_prefers_lossless_with_reason(db, music):
    full = {**KYUHYUN, "tracknumber": "1"}
    mp3 = make_audio(music / "a" / "kyuhyun.mp3", **full)
    flac = make_audio(music / "b" / "kyuhyun.flac", **KYUHYUN)  # fewer tags, but lossless
    report = scan(db, [music], WANTED)
    assert report.preferred["s1-01"] == (str(flac), "lossless (flac), preferred over 1 other file")
    assert best_file_for_track(db, "s1-01") == report.preferred["s1-01"]
    assert files_for_tracks(db) == {"s1-01": str(flac)}
    flac.unlink()
    scan(db, [music], WANTED)
    assert files_for_tracks(db) == {"s1-01": str(mp3)}


def test_matcher_prefilter_gives_the_scorers_verdicts():
    """Scoring only plausible titles must change no decision against scoring every track."""
    titles = [
        "사랑은 말로 표현하는 게 아니래요!",
        "Love Beyond Words (From 'Soundtrack #1')",
        "My Love (Inst.)",
        "My Love Song",
        "행복해 지고 싶어",
        "Want To Be Happy - Acoustic Ver.",
        "사랑은 말로 표현하는게 아니래",
        "사랑은 말로 표현하는게 아니레요",  # one vowel off: close, not equal
        "Love Beyand Words",
        "Prettiest One",
    ]
    matcher = FileMatcher(WANTED)
    fuzzy = 0
    for title in titles:
        for artist in ("규현", "Park Bo Ram", "김종국", "someone"):
            tags = FileTags(
                "/x.mp3", title, (artist,), "사운드트랙 #1", None, "mp3", False, None, 5
            )
            cand = candidate(tags)
            brute = [(w.track_id, scorer.choose(w, [cand])[0]) for w in WANTED]
            accepted = {tid for tid, v in brute if v is not None}
            got = matcher(tags)
            assert (got.track_id in accepted) if accepted else got.track_id is None, (title, artist)
            kept = {w.track_id for w in matcher.plausible(cand)}
            assert accepted <= kept, (title, artist)
            fuzzy += any(v is not None and v.status == "review" for _, v in brute)
    assert fuzzy  # the table does reach the scorer's fuzzy band


# --- choosing among files ----------------------------------------------------------------------


def _row(path, *, lossless=0, tag_score=5, bitrate=None, state="auto", fmt="mp3"):
    return {
        "path": path,
        "track_id": "t",
        "lossless": lossless,
        "tag_score": tag_score,
        "bitrate": bitrate,
        "reason": "ok",
        "state": state,
        "format": fmt,
    }


@pytest.mark.parametrize(
    ("rows", "path", "why"),
    [
        pytest.param(
            [_row("/a.mp3", tag_score=7, bitrate=320_000), _row("/b.flac", lossless=1, fmt="flac")],
            "/b.flac",
            "lossless (flac), preferred over 1 other file",
            id="lossless-beats-tags",
        ),
        pytest.param(
            [
                _row("/a.mp3", tag_score=4, bitrate=320_000),
                _row("/b.mp3", tag_score=6),
                _row("/c.mp3"),
            ],
            "/b.mp3",
            "most complete tags (6 vs 5) of 3 files",
            id="tags-beat-bitrate",
        ),
        pytest.param(
            [_row("/a.mp3", bitrate=128_000), _row("/b.mp3", bitrate=320_000)],
            "/b.mp3",
            "highest bitrate (320 vs 128 kbps) of 2 files",
            id="bitrate",
        ),
        pytest.param(
            [_row("/b.mp3"), _row("/a.mp3")],
            "/a.mp3",
            "first by path of 2 equally good files",
            id="path",
        ),
        pytest.param(
            [_row("/a.flac", lossless=1, state="review"), _row("/b.mp3")],
            "/b.mp3",
            "the only file matched to this track",
            id="review-is-not-used",
        ),
        pytest.param(
            [_row("/a.flac", lossless=1), _row("/b.mp3", state="pinned")],
            "/b.mp3",
            "pinned by you, preferred over 1 other file",
            id="pinned-beats-lossless",
        ),
        pytest.param(
            [_row("/a.mp3"), _row("/b.flac", lossless=1, state="accepted", fmt="flac")],
            "/b.flac",
            "lossless (flac), preferred over 1 other file",
            id="accepted-counts-as-auto",
        ),
        pytest.param(
            [_row("/only.mp3")], "/only.mp3", "the only file matched to this track", id="one"
        ),
    ],
)
def test_best_file_for_track(db, rows, path, why):
    db["library_files"].insert_all(rows)
    assert best_file_for_track(db, "t") == (path, why)
    assert files_for_tracks(db) == {"t": path}


def test_best_file_for_unknown_track_is_none(db):
    assert best_file_for_track(db, "nope") is None
    assert files_for_tracks(db) == {}


# --- playing the export ------------------------------------------------------------------------


@needs_mpv
def test_mpv_plays_exported_m3u(db, music):
    made = [
        make_audio(music / "규현" / "사랑은 말로.wav", **KYUHYUN),
        make_audio(
            music / "김종국" / "#1 My Love.flac",
            title="My Love",
            artist="김종국",
            date="2022-01-27",
        ),
        make_audio(
            music / "박보람 행복해지고 싶어.mp3",
            title="행복해지고 싶어",
            artist="박보람",
            date="2022-01-06",
        ),
    ]
    scan(db, [music], WANTED)
    chosen = files_for_tracks(db)
    assert set(chosen) == {"s1-01", "s1-02", "s1-04"}
    entries = [writers.Entry(t, t, ("x",), 1, chosen[t]) for t in sorted(chosen)]
    playlist = music / "playlists" / "ost.m3u8"
    playlist.parent.mkdir()
    writers.write_atomic(playlist, writers.render_m3u(entries, relative_to=playlist.parent))
    output = mpv(playlist)
    assert "Failed to" not in output and "rror" not in output, output
    assert output.count("Playing:") == len(made), output


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_file_name_that_is_not_utf8_is_skipped_with_a_reason(db, music):
    good = make_audio(music / "ok.wav", title="My Love", artist="김종국", date="2022-01-27")
    os.rename(bytes(good), os.fsencode(music) + b"/bad\xffname.wav")
    report = scan(db, [music], [])
    assert [why for _, why in report.skipped] == ["the file name is not valid UTF-8: rename it"]
    assert report.skipped[0][0].endswith("bad\\udcffname.wav")
    assert list(db["library_files"].rows) == []


# --- the title index -----------------------------------------------------------------------------


TITLE_PARTS = ["a", "b", " ", "가", "나", "-", " - ", "(", ")", "[", "]", " / ", ".", "!", "~"]
TITLE_PARTS += ["Ｉｎｓｔ", " inst", " MR", " feat. X", "Ver.", "_", "\u3000", "①", "Live", "OST"]


@given(st.lists(st.sampled_from(TITLE_PARTS), max_size=10).map("".join))
@settings(max_examples=300, deadline=None)
def test_title_keys_are_the_folded_renderings(title):
    assert title_keys(title) == {k for r in renderings(title) if (k := fold(r))}


@pytest.mark.parametrize(
    "title", ["My Love", "ｍｙ ｌｏｖｅ", "My Love Inst", "My Love MR", "Song feat Other", "노래 2"]
)
def test_title_keys_of_plain_titles(title):
    assert title_keys(title) == {k for r in renderings(title) if (k := fold(r))}


def test_catalogue_matcher_loads_only_the_tracks_a_file_may_be(db):
    titles = [(f"t{i}", [f"Title Number {i:05}", f"제목 {i}"]) for i in range(2000)]
    titles.append(("s1-01", ["사랑은 말로 표현하는게 아니래요", "Love Beyond Words"]))
    asked: list[list[str]] = []

    def load(ids):
        asked.append(ids)
        return [w for w in WANTED if w.track_id in ids]

    matcher = FileMatcher(titles=titles, load=load)
    tags = FileTags("/x.flac", "Love Beyond Words", ("KYUHYUN",), None, None, "flac", True, None, 4)
    (found,) = matcher.match_all([tags])
    assert found.track_id == "s1-01"
    assert asked == [["s1-01"]]  # one load, of the one track the file may be
    assert matcher(tags).track_id == "s1-01" and asked == [["s1-01"]]  # nothing loaded twice


@given(st.text())
def test_fold_quick_path_is_the_definition(text):
    # the definition: what a terminal shows (escape sequences dropped whole), NFKC, case-folded,
    # letters and digits only
    shown = visible(text)
    slow = "".join(ch for ch in unicodedata.normalize("NFKC", shown).casefold() if ch.isalnum())
    assert fold(text) == slow


def test_a_two_megabyte_tag_is_cut_in_messages(tmp_path, run) -> None:
    folder = tmp_path / "music"
    huge = "가" * (1024 * 1024)  # 2 MB of UTF-8 (3 bytes a character: more, in fact)
    make_audio(folder / "huge.flac", title=huge, artist="규현" + "x" * 100_000)
    result = run("library", "scan", str(folder), "--json")
    assert result.exit_code == 0, result.output
    assert len(result.output) < 20_000
    tags = read_tags(folder / "huge.flac")
    assert tags is not None and len(tags.title) <= MAX_TAG_CHARS
