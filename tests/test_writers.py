"""Playlist writers: byte-for-byte output, read back with real parsers, atomic writes."""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import m3u8
import pytest
from helpers.specialfiles import fifo_with_reader, null_device, unix_socket
from hypothesis import given, settings
from hypothesis import strategies as st

from ost import writers
from ost.errors import OstError
from ost.text import is_harmless
from ost.writers import Entry, render_json, render_m3u, render_xspf, unresolved_count, write_atomic

NS = {"x": "http://xspf.org/ns/0/"}

ENTRIES = [
    Entry(
        "s1-01",
        "사랑은 말로 표현하는게 아니래요",
        ("규현",),
        215,
        "/music/규현/01 사랑은 말로.flac",
        album="사운드트랙 #1 OST Part 1",
    ),
    Entry("s1-02", "행복해지고 싶어", ("박보람",), None, "https://open.spotify.com/track/abc123"),
    Entry("s1-03", "소녀 같은 맘을\n가진", ("다비치", "A&B"), 240, None, note="no file, no link"),
    Entry("s1-04", "My Love", ("김종국",), 199, "/music/#1 hits/my love.mp3"),
]

EXPECTED_M3U_ABSOLUTE = (
    "#EXTM3U\n"
    "#EXTINF:215,규현 - 사랑은 말로 표현하는게 아니래요\n"
    "/music/규현/01 사랑은 말로.flac\n"
    "#EXTINF:-1,박보람 - 행복해지고 싶어\n"
    "https://open.spotify.com/track/abc123\n"
    "# unresolved: 다비치, A&B - 소녀 같은 맘을 가진 (no file, no link)\n"
    "#EXTINF:199,김종국 - My Love\n"
    "/music/#1 hits/my love.mp3\n"
)

EXPECTED_M3U_RELATIVE = EXPECTED_M3U_ABSOLUTE.replace("/music/규현/01", "규현/01").replace(
    "/music/#1 hits", "./#1 hits"
)

EXPECTED_XSPF = """\
<?xml version="1.0" encoding="UTF-8"?>
<playlist xmlns="http://xspf.org/ns/0/" version="1">
  <annotation>unresolved: 다비치, A&amp;B - 소녀 같은 맘을 가진 (no file, no link)</annotation>
  <trackList>
    <track>
      <location>file:///music/%EA%B7%9C%ED%98%84/01%20%EC%82%AC%EB%9E%91%EC%9D%80%20%EB%A7%90%EB%A1%9C.flac</location>
      <title>사랑은 말로 표현하는게 아니래요</title>
      <creator>규현</creator>
      <album>사운드트랙 #1 OST Part 1</album>
      <duration>215000</duration>
    </track>
    <track>
      <location>https://open.spotify.com/track/abc123</location>
      <title>행복해지고 싶어</title>
      <creator>박보람</creator>
    </track>
    <track>
      <location>file:///music/%231%20hits/my%20love.mp3</location>
      <title>My Love</title>
      <creator>김종국</creator>
      <duration>199000</duration>
    </track>
  </trackList>
</playlist>
"""


def test_m3u_byte_for_byte_absolute():
    assert render_m3u(ENTRIES) == EXPECTED_M3U_ABSOLUTE


def test_m3u_byte_for_byte_relative_keeps_hash_path_a_path():
    assert render_m3u(ENTRIES, relative_to=Path("/music")) == EXPECTED_M3U_RELATIVE


def test_written_file_is_utf8_without_bom_with_lf(tmp_path):
    target = tmp_path / "ost.m3u8"
    write_atomic(target, render_m3u(ENTRIES))
    raw = target.read_bytes()
    assert raw == EXPECTED_M3U_ABSOLUTE.encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert "규현".encode() in raw


def test_m3u_read_back_with_m3u8_package(tmp_path):
    music = tmp_path / "music"
    entries = [
        Entry(
            "a",
            "사랑은 말로 표현하는게 아니래요",
            ("규현",),
            215,
            str(music / "규현" / "사랑.flac"),
        ),
        Entry("b", "Prettiest One", ("스탠딩 에그",), None, "https://open.spotify.com/track/x1"),
        Entry("c", "아주 조금만 더", ("도영",), 201, str(tmp_path / "elsewhere" / "조금.mp3")),
    ]
    target = music / "playlist.m3u8"
    music.mkdir()
    write_atomic(target, render_m3u(entries, relative_to=music))
    parsed = m3u8.load(str(target))
    assert [s.title for s in parsed.segments] == [
        "규현 - 사랑은 말로 표현하는게 아니래요",
        "스탠딩 에그 - Prettiest One",
        "도영 - 아주 조금만 더",
    ]
    assert [s.duration for s in parsed.segments] == [215, -1, 201]
    assert [s.uri for s in parsed.segments] == [
        "규현/사랑.flac",
        entries[1].location,
        "../elsewhere/조금.mp3",
    ]
    absolute = [os.path.normpath(s.absolute_uri) for s in parsed.segments[::2]]
    assert absolute == [entries[0].location, entries[2].location]


def test_relative_falls_back_to_absolute_when_impossible(monkeypatch):
    def other_drive(path, start=None):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(writers.os.path, "relpath", other_drive)
    assert render_m3u(ENTRIES, relative_to=Path("/music")) == EXPECTED_M3U_ABSOLUTE


def test_location_with_line_break_becomes_a_comment_not_an_entry():
    entries = [Entry("t", "Title", ("A",), 10, "/music/evil\n#EXTINF:1,x\nhttp://x")]
    text = render_m3u(entries)
    assert text == (
        "#EXTM3U\n# unresolved: A - Title (its location has a line break, "
        "which a playlist line cannot hold)\n"
    )
    assert unresolved_count(entries) == 1
    assert m3u8.loads(text).segments == []


def test_location_with_trailing_space_written_as_file_uri():
    text = render_m3u([Entry("t", "T", ("A",), 1, "/music/odd name ")])
    assert text.splitlines()[2] == "file:///music/odd%20name%20"


def test_xspf_byte_for_byte():
    assert render_xspf(ENTRIES) == EXPECTED_XSPF


def test_xspf_parses_back_with_same_tracks():
    root = ET.fromstring(render_xspf(ENTRIES).encode("utf-8"))
    tracks = root.findall("x:trackList/x:track", NS)
    assert len(tracks) == len(ENTRIES) - unresolved_count(ENTRIES) == 3
    assert [t.findtext("x:title", namespaces=NS) for t in tracks] == [
        "사랑은 말로 표현하는게 아니래요",
        "행복해지고 싶어",
        "My Love",
    ]
    first = tracks[0].findtext("x:location", namespaces=NS)
    assert unquote(urlparse(first).path) == "/music/규현/01 사랑은 말로.flac"
    assert "다비치" in root.findtext("x:annotation", namespaces=NS)


def test_xspf_relative_locations_are_uri_references():
    root = ET.fromstring(render_xspf(ENTRIES, relative_to=Path("/music")))
    locations = [e.text for e in root.iter("{http://xspf.org/ns/0/}location")]
    assert (
        locations[0]
        == "%EA%B7%9C%ED%98%84/01%20%EC%82%AC%EB%9E%91%EC%9D%80%20%EB%A7%90%EB%A1%9C.flac"
    )
    assert locations[2] == "%231%20hits/my%20love.mp3"  # '#' would start a fragment


def test_json_output():
    doc = json.loads(render_json(ENTRIES))
    assert [e["resolved"] for e in doc["entries"]] == [True, True, False, True]
    assert doc["entries"][0] == {
        "track_id": "s1-01",
        "title": "사랑은 말로 표현하는게 아니래요",
        "artists": ["규현"],
        "album": "사운드트랙 #1 OST Part 1",
        "duration_s": 215,
        "location": "/music/규현/01 사랑은 말로.flac",
        "resolved": True,
        "note": "",
    }
    assert doc["entries"][2]["note"] == "no file, no link"
    assert doc["entries"][2]["title"] == "소녀 같은 맘을\n가진"  # JSON keeps data as given
    assert "규현" in render_json(ENTRIES)  # ensure_ascii=False
    assert render_json(ENTRIES).startswith('{\n  "entries": [\n    {\n      "track_id"')


def test_unresolved_count():
    assert unresolved_count(ENTRIES) == 1
    assert unresolved_count([]) == 0
    assert unresolved_count([Entry("x", "t", (), None, "")]) == 1


# --- properties --------------------------------------------------------------------------------

NASTY = st.sampled_from(
    ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "#EXTINF:3,", "#", " ", ","]
)
FIELD = st.lists(st.one_of(NASTY, st.text(max_size=8)), max_size=5).map("".join)
LOCATION = st.one_of(
    st.none(),
    st.builds(lambda s: "/music/" + s, FIELD),
    st.builds(
        lambda s: "https://open.spotify.com/track/" + s,
        st.from_regex(r"[A-Za-z0-9]{1,22}", fullmatch=True),
    ),
)
ENTRY = st.builds(
    Entry,
    track_id=st.just("t"),
    title=FIELD,
    artists=st.lists(FIELD, max_size=3).map(tuple),
    duration_s=st.one_of(st.none(), st.integers(0, 10_000)),
    location=LOCATION,
)


def _m3u8_title(entry: Entry) -> str:
    # The m3u8 package deletes every "#EXTINF:" in the line (a quirk of its parser, not of the file).
    return writers.display_name(entry).replace("#EXTINF:", "")


@settings(max_examples=300, deadline=None)
@given(st.lists(ENTRY, max_size=8), st.sampled_from([None, Path("/music")]))
def test_m3u_property_one_location_line_per_resolved_entry(entries, relative_to):
    text = render_m3u(entries, relative_to=relative_to)
    locations = [line for line in text.split("\n")[:-1] if not line.startswith("#")]
    resolved = [e for e in entries if writers.is_resolved(e)]
    assert len(locations) == len(resolved)
    assert text.endswith("\n") and "\r" not in text
    segments = m3u8.loads(text).segments
    assert [s.title for s in segments] == [_m3u8_title(e) for e in resolved]
    assert [s.duration for s in segments] == [
        -1 if e.duration_s is None else e.duration_s for e in resolved
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, max_size=8))
def test_m3u_property_absolute_locations_survive(entries):
    segments = m3u8.loads(render_m3u(entries)).segments
    for segment, entry in zip(
        segments, [e for e in entries if writers.is_resolved(e)], strict=True
    ):
        if entry.location[-1].isspace() or not is_harmless(entry.location):
            assert unquote(urlparse(segment.uri).path) == entry.location  # as a file URI
        else:
            assert segment.uri == entry.location


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, max_size=8), st.text(max_size=10))
def test_xspf_property_parses_with_same_count(entries, junk):
    entries = [*entries, Entry("j", junk, (junk,), 1, "/music/" + junk.replace("\n", ""), junk)]
    root = ET.fromstring(render_xspf(entries).encode("utf-8"))
    tracks = root.findall("x:trackList/x:track", NS)
    assert len(tracks) == len(entries) - unresolved_count(entries)


# --- write_atomic ------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_write_atomic_replaces_and_keeps_mode(out):
    target = out / "p.m3u8"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "새 playlist\n")
    assert target.read_text(encoding="utf-8") == "새 playlist\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(out) == ["p.m3u8"]


@pytest.mark.parametrize(
    ("mask", "mode"),
    [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)],
    ids=["umask-022", "umask-077", "umask-002"],
)
def test_write_atomic_new_file_gets_the_mode_the_umask_allows(out, umask, mask, mode):
    umask(mask)
    write_atomic(out / "new.m3u8", "x")
    assert stat.S_IMODE((out / "new.m3u8").stat().st_mode) == mode


def test_write_atomic_existing_file_keeps_its_mode_whatever_the_umask(out, umask):
    target = out / "p.m3u8"
    target.write_text("old")
    target.chmod(0o664)
    umask(0o077)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664 and target.read_text() == "new"


def test_write_atomic_failed_replace_keeps_old_file_and_no_temp(out, monkeypatch):
    target = out / "p.m3u8"
    target.write_text("old content")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writers.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new content")
    assert target.read_text() == "old content"
    assert os.listdir(out) == ["p.m3u8"]


def test_write_atomic_failed_encoding_keeps_old_file_and_no_temp(out):
    target = out / "p.m3u8"
    target.write_text("old content")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "lone surrogate \ud800")
    assert target.read_text() == "old content"
    assert os.listdir(out) == ["p.m3u8"]


# A special file is never renamed over: a pipe or a device is written through, the rest refused.


def test_write_atomic_writes_through_a_named_pipe_and_keeps_it(out):
    target = out / "player.m3u8"
    with fifo_with_reader(target) as reader:
        write_atomic(target, ["#EXTM3U\n", "새 playlist\n"])
    assert stat.S_ISFIFO(target.lstat().st_mode)
    assert reader.data == "#EXTM3U\n새 playlist\n".encode()
    assert os.listdir(out) == ["player.m3u8"]


def test_write_atomic_through_a_link_to_a_named_pipe(out):
    with fifo_with_reader(out / "pipe") as reader:
        (out / "link.m3u8").symlink_to("pipe")
        write_atomic(out / "link.m3u8", "#EXTM3U\n")
    assert (out / "link.m3u8").is_symlink() and stat.S_ISFIFO((out / "pipe").lstat().st_mode)
    assert reader.data == b"#EXTM3U\n"


def test_write_atomic_writes_through_a_character_device_and_keeps_it(out):
    device = null_device(out / "null")
    write_atomic(device, "x" * 70_000)
    after = device.lstat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 3)
    assert sorted(os.listdir(out)) == ["null"]


def test_write_atomic_refuses_a_socket_and_leaves_it(tmp_path):
    with unix_socket() as sock:
        with pytest.raises(OstError, match="socket"):
            write_atomic(sock, "#EXTM3U\n")
        assert stat.S_ISSOCK(sock.lstat().st_mode)
        assert os.listdir(sock.parent) == [sock.name]
